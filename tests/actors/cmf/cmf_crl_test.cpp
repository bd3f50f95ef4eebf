// The CMF's CRLs (actors/cmf/cmf_crl_updates.hpp, on pki::CrlStore): a replayed older CRL is
// ignored and the revocation the newer one carries stands in the CMF's own TLS checks.
#include <gtest/gtest.h>

#include "tests/actors/cmf/cmf_test_support.hpp"

namespace ifa026::actors::cmf_testing {
namespace {

// nfvo-1 is enrolled at about 1 s and revoked at 10 s (CRL 2 lists it); at 15 s the CA sends its
// CRL 1 of the start again; at about 20 s nfvo-1 tries to renew over mutual TLS with the revoked
// certificate.
TEST(CmfCrl, AReplayedOlderCrlIsIgnoredAndTheRevokedCertificateStaysRefused) {
  auto run = run_scenario(
      cmf_world()
          .update_params("nfvo-1", {{"renew_after", "19s"}})
          .command("10s", "oss", "revoke", {{"entity", "nfvo-1"}, {"reason", "keyCompromise"}})
          .command("15s", "ca", "replay_crl", {{"number", 1}}));
  const auto& records = run->records();
  auto& entity = run->actor<TestEntity>("nfvo-1");
  ASSERT_FALSE(entity.outcomes.empty());
  ASSERT_EQ(entity.outcomes[0].status, "issued");
  const std::string serial = entity.outcomes[0].certificate->serial_hex();

  auto updates = find(records, "cmf", "CrlUpdate");
  ASSERT_EQ(updates.size(), 3u);
  EXPECT_EQ(updates[0].outcome, "ok");
  EXPECT_EQ(detail(updates[0], "number"), "1");
  EXPECT_EQ(updates[1].outcome, "ok");
  EXPECT_EQ(detail(updates[1], "number"), "2");
  EXPECT_EQ(detail(updates[1], "entries"), "1");
  // The replay: refused as not newer, after the revocation's CRL.
  EXPECT_EQ(updates[2].outcome, "ignored");
  EXPECT_EQ(detail(updates[2], "number"), "1");
  EXPECT_EQ(detail(updates[2], "reason"), "not newer than the CRL held");
  EXPECT_GT(updates[2].time, updates[1].time);

  // The renewal after the replay: the CMF still checks CRL 2, so the TLS session with the revoked
  // certificate fails at the CMF and no CSR of nfvo-1 gets as far as the registration check.
  bool refused_in_tls = false;
  for (const auto& r : find(records, "cmf", "TlsHandshake", "failed"))
    if (r.time > updates[2].time && r.peer == "nfvo-1") refused_in_tls = true;
  EXPECT_TRUE(refused_in_tls);
  for (const auto& r : find(records, "cmf", "RegistrationCheck"))
    EXPECT_LT(r.time, updates[2].time) << r.detail;
  ASSERT_EQ(entity.outcomes.size(), 1u);  // no second certificate
}

}  // namespace
}  // namespace ifa026::actors::cmf_testing
