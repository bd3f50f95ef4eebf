// End to end through C.2.1.1 with the real `vnfci` actor: the CMF (direct mode) registers the
// VNFCI's identities at the real CA and configures it over day-0 TLS, the VNFCI enrols each
// identity with CMP ir on its initial credential and installs the certificate. The revocation
// half (REMOVED -> rr -> CRL) needs the VNFCI to report its certificates to the CMF
// (VnfciCertificateReport, see actors/cmf/direct_mode.hpp); until the vnfci actor sends it, that
// test is disabled.
#include <gtest/gtest.h>

#include <set>

#include "direct_mode_test_support.hpp"

namespace ifa026::actors::direct_testing {
namespace {

// The direct-mode world with real vnfci actors instead of probes.
test::ScenarioBuilder with_real_vnfci(const std::vector<std::string>& vnfcis) {
  test::ScenarioBuilder b = direct_world({});
  for (const auto& name : vnfcis) b.add_vnfci(name, {{"day0", {{"cmf", "vnfci day0"}}}});
  return b;
}

TEST(CmfDirectModeWithVnfci, EveryIdentityOfTheVnfciEnrolsAtTheCa) {
  auto run =
      run_direct(with_real_vnfci({"vnf-1-fw-ctl-1"})
                     .command("3s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}})));
  const auto& records = run->records();

  auto configured = find(records, "cmf", "VnfciConfiguration", "sent");
  ASSERT_EQ(configured.size(), 1u);
  auto stored = find(records, "vnf-1-fw-ctl-1", "CertificateConfiguration", "stored");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].step, "C.2.1.1#3");
  EXPECT_EQ(detail(stored[0], "identities"), "2");
  auto conditions = find(records, "vnf-1-fw-ctl-1", "RenewalConditionSet", "ok");
  ASSERT_EQ(conditions.size(), 2u);
  EXPECT_EQ(detail(conditions[0], "renew_before"), "30d");

  auto installed = find(records, "vnf-1-fw-ctl-1", "CertificateInstalled", "ok");
  ASSERT_EQ(installed.size(), 2u);
  std::set<std::string> identities;
  for (const auto& r : installed) {
    identities.insert(detail(r, "identity"));
    EXPECT_EQ(detail(r, "purpose"), "enrolment");
  }
  EXPECT_EQ(identities, (std::set<std::string>{"client", "oam"}));
  auto verified = find(records, "vnf-1-fw-ctl-1", "CertificateVerification", "ok");
  EXPECT_EQ(verified.size(), 2u);

  // The CA issued on the registered credentials, after the CMF's registrations (#2) and the
  // configuration (#3).
  std::set<std::string> issued_identities;
  std::uint64_t first_issue = 0;
  for (const auto& r : find(records, "ca", "IssueCertificate", "ok")) {
    if (detail(r, "identity").empty()) continue;
    issued_identities.insert(detail(r, "identity"));
    if (first_issue == 0) first_issue = r.id;
  }
  EXPECT_EQ(issued_identities,
            (std::set<std::string>{"vnf-1-fw-ctl-1/client", "vnf-1-fw-ctl-1/oam"}));
  auto registered = find(records, "cmf", "EndEntityRegistration", "registered");
  ASSERT_EQ(registered.size(), 2u);
  EXPECT_LT(registered.back().id, configured[0].id);
  EXPECT_LT(configured[0].id, stored[0].id);
  EXPECT_LT(stored[0].id, first_issue);
}

// Enable once the vnfci actor sends VnfciCertificateReport {identity, certificate, purpose} to
// its CMF over the day-0 channel after every CertificateInstalled.
TEST(CmfDirectModeWithVnfci, TerminationRevokesTheCertificatesTheVnfciReported) {
  auto run =
      run_direct(with_real_vnfci({"vnf-1-fw-ctl-1"})
                     .command("3s", "vnfm", "notify",
                              notification("vnf-1", "INSTANTIATE", {{"vnf-1-fw-ctl-1", "ADDED"}}))
                     .command("20s", "vnfm", "notify",
                              notification("vnf-1", "TERMINATE", {{"vnf-1-fw-ctl-1", "REMOVED"}})));
  const auto& records = run->records();
  std::set<std::string> installed;
  for (const auto& r : find(records, "vnf-1-fw-ctl-1", "CertificateInstalled", "ok"))
    installed.insert(detail(r, "serial"));
  ASSERT_EQ(installed.size(), 2u);
  EXPECT_EQ(find(records, "cmf", "VnfciCertificateRecorded", "ok").size(), 2u);
  std::set<std::string> revoked;
  for (const auto& r : find(records, "cmf", "VnfciCertificateRevocation", "ok"))
    revoked.insert(detail(r, "serial"));
  EXPECT_EQ(revoked, installed);
  auto& vnfm = run->actor<TestVnfm>("vnfm");
  ASSERT_FALSE(vnfm.crls.empty());
  std::set<std::string> listed;
  for (const auto& e : vnfm.crls.back().revoked()) listed.insert(e.serial_hex);
  EXPECT_EQ(listed, installed);
}

}  // namespace
}  // namespace ifa026::actors::direct_testing
