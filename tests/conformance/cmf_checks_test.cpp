// The Annex B.2 CMF checks on synthetic traces: each passes on the canonical flows and fails (or
// is inconclusive) when the trace shows the requirement broken (or not exercised).
#include <gtest/gtest.h>

#include "conformance/cmf_checks.hpp"
#include "conformance/trace_query.hpp"
#include "tests/conformance/mano_trace_fixture.hpp"

namespace ifa026::conformance::cmf_checks_test {
namespace {

using nlohmann::json;
using testing::TraceBuilder;
using testing::World;

const std::vector<std::pair<std::string, std::string>> kActors = {
    {"ca-1", "ca"},     {"cmf-1", "cmf"},   {"oss-1", "oss"},
    {"nfvo-1", "nfvo"}, {"vnfm-1", "vnfm"}, {"hsm-1", "hsm"}};
const std::string kFqdn = "nfvo-1.example.net";

TraceBuilder enrolled(World& world) {
  auto held = world.certify("nfvo-1", kFqdn);
  TraceBuilder t;
  t.registration("C.4.1.1", "nfvo-1", kFqdn);
  t.configuration("nfvo-1", kFqdn);
  t.csr("C.4.1.2.6", "nfvo-1", kFqdn, held.certificate.serial_hex());
  return t;
}

TEST(CmfChecks, RegistrationBeforeServingCsrs) {
  World world(kActors);
  auto t = enrolled(world);
  auto pass = world.run(check_registration_first, t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  // The same CSR served without the registration.
  for (const char* op : {"RegisterEntity", "SelectCa", "InitialCredential"}) t.erase(op);
  auto fail = world.run(check_registration_first, t.records);
  EXPECT_EQ(fail.verdict, Verdict::fail) << fail.reason;
  EXPECT_NE(fail.reason.find("unregistered nfvo-1"), std::string::npos) << fail.reason;
  // Nothing served: inconclusive.
  auto none = world.run(check_registration_first, {});
  EXPECT_EQ(none.verdict, Verdict::inconc);
}

TEST(CmfChecks, CaSelectedBeforeIssuanceAndTheSelectedCaIssues) {
  World world(kActors);
  auto t = enrolled(world);
  EXPECT_EQ(world.run(check_ca_selected, t.records).verdict, Verdict::pass);
  auto other = t;
  for (auto& r : other.records)
    if (r.operation == "SelectCa") r.detail = "entity=nfvo-1; fqdn=" + kFqdn + "; ca=ca-2";
  auto wrong = world.run(check_ca_selected, other.records);
  EXPECT_EQ(wrong.verdict, Verdict::fail) << wrong.reason;
  t.erase("SelectCa");
  EXPECT_EQ(world.run(check_ca_selected, t.records).verdict, Verdict::fail);
}

TEST(CmfChecks, CaChoiceObservedOnlyWithTwoCasPerConfiguredKind) {
  // One CA: selection passes, but no choice is observed.
  World world(kActors);
  auto one = enrolled(world);
  auto single = world.run(check_ca_selected, one.records);
  EXPECT_EQ(single.verdict, Verdict::pass) << single.reason;
  EXPECT_TRUE(single.observed.empty());
  EXPECT_NE(single.reason.find("no choice between CAs"), std::string::npos) << single.reason;

  // Two CAs, the CMF configured with ca-2 for VNFMs: the VNFM's certificate issued there.
  World two_cas({{"ca-1", "ca"},
                 {"ca-2", "ca"},
                 {"cmf-1", "cmf"},
                 {"oss-1", "oss"},
                 {"nfvo-1", "nfvo"},
                 {"vnfm-1", "vnfm"}});
  two_cas.set_params("cmf-1", {{"ca", "ca-1"}, {"cas", {{"vnfm", "ca-2"}}}});
  auto t = enrolled(two_cas);
  const std::string vnfm = "vnfm-1.example.net";
  auto held = two_cas.certify("vnfm-1", vnfm);
  t.registration("C.4.2.1", "vnfm-1", vnfm);
  t.configuration("vnfm-1", vnfm);
  t.csr("C.4.2.2.6", "vnfm-1", vnfm, held.certificate.serial_hex());
  for (auto& r : t.records) {
    if (r.operation == "SelectCa" && detail_of(r, "entity") == "vnfm-1")
      r.detail = "entity=vnfm-1; fqdn=" + vnfm + "; ca=ca-2";
    if (r.operation == "IssueCertificate" && detail_of(r, "fqdn") == vnfm) r.actor = "ca-2";
  }
  auto chose = two_cas.run(check_ca_selected, t.records);
  EXPECT_EQ(chose.verdict, Verdict::pass) << chose.reason;
  EXPECT_EQ(chose.observed, std::set<std::string>{"choice"});
  EXPECT_NE(chose.reason.find("ca-2 for vnfm"), std::string::npos) << chose.reason;

  // Selecting a CA its configuration does not name for the kind fails.
  two_cas.set_params("cmf-1", {{"ca", "ca-1"}});
  auto wrong = two_cas.run(check_ca_selected, t.records);
  EXPECT_EQ(wrong.verdict, Verdict::fail) << wrong.reason;
  EXPECT_NE(wrong.reason.find("configuration names ca-1"), std::string::npos) << wrong.reason;
}

TEST(CmfChecks, AcceptedCsrsAreRelayedAndOnlyThose) {
  World world(kActors);
  auto t = enrolled(world);
  EXPECT_EQ(world.run(check_csr_relayed, t.records).verdict, Verdict::pass);
  auto unrelayed = t;
  unrelayed.erase("p10cr");
  unrelayed.erase("p10cr");  // send and receive
  EXPECT_EQ(world.run(check_csr_relayed, unrelayed.records).verdict, Verdict::fail);
  auto unaccepted = t;
  unaccepted.erase("CsrValidation");
  auto r = world.run(check_csr_relayed, unaccepted.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("had not accepted"), std::string::npos) << r.reason;
}

TEST(CmfChecks, TheDeliveredCertificateComesWithItsChainUpToTheRoot) {
  World world(kActors);
  auto t = enrolled(world);
  auto pass = world.run(check_chain_delivered, t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  // Only the issuing CA: the root is missing.
  auto& h = world.holder("nfvo-1");
  h.history.back().chain.pop_back();
  auto short_chain = world.run(check_chain_delivered, t.records);
  EXPECT_EQ(short_chain.verdict, Verdict::fail) << short_chain.reason;
  // A root the entity does not trust.
  testing::TestPki other;
  h.history.back() = world.pki().issue(kFqdn, 86400);
  h.history.back().chain.back() = other.root();
  for (auto& r : t.records)
    if (r.operation == "CertificateDelivered")
      r.detail = "entity=nfvo-1; serial=" + h.history.back().certificate.serial_hex();
  auto untrusted = world.run(check_chain_delivered, t.records);
  EXPECT_EQ(untrusted.verdict, Verdict::fail) << untrusted.reason;
}

TEST(CmfChecks, InitialDataIsHandedOutBeforeTheCsr) {
  World world(kActors);
  auto t = enrolled(world);
  auto pass = world.run(check_initial_data_handed_out, t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  EXPECT_NE(pass.reason.find("partial"), std::string::npos);
  auto unconfigured = t;
  unconfigured.erase("SetCertificateConfiguration", "nfvo-1");  // the receive
  auto r = world.run(check_initial_data_handed_out, unconfigured.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  auto no_credential = t;
  no_credential.erase("InitialCredential");
  EXPECT_EQ(world.run(check_initial_data_handed_out, no_credential.records).verdict, Verdict::fail);
}

TEST(CmfChecks, AttestationIsVerifiedBeforeAcceptanceWhenPolicyRequiresIt) {
  World world(kActors);
  world.set_params("cmf-1", {{"key_attestation", "required"}});
  world.set_params("nfvo-1", {{"hsm", "hsm-1"}});
  auto held = world.certify("nfvo-1", kFqdn);
  TraceBuilder t;
  t.registration("C.4.1.1", "nfvo-1", kFqdn);
  t.configuration("nfvo-1", kFqdn);
  t.csr("C.4.1.2.7", "nfvo-1", kFqdn, held.certificate.serial_hex(), "2027-01-01T00:00:00Z",
        "enrolment", "hsm-1");
  auto check = [](const CheckContext& c) { return check_attestation_per_policy(c, "nfvo"); };
  auto pass = world.run(check, t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;

  auto skipped = t;
  skipped.erase("KeyAttestationVerification");
  auto r = world.run(check, skipped.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("without verifying"), std::string::npos) << r.reason;

  auto ignored = t;  // the statement failed, yet the CSR went on
  for (auto& rec : ignored.records)
    if (rec.operation == "KeyAttestationVerification") rec.outcome = "rejected";
  EXPECT_EQ(world.run(check, ignored.records).verdict, Verdict::fail);

  // No CSR of that type: inconclusive.
  EXPECT_EQ(world
                .run([](const CheckContext& c) { return check_attestation_per_policy(c, "vnfm"); },
                     t.records)
                .verdict,
            Verdict::inconc);
}

TEST(CmfChecks, AForgedStatementRejectedAndNothingIssuedPasses) {
  World world(kActors);
  world.set_params("cmf-1", {{"key_attestation", "required"}});
  TraceBuilder t;
  const std::string about = "entity=nfvo-1; fqdn=" + kFqdn;
  t.registration("C.4.1.1", "nfvo-1", kFqdn);
  t.message("nfvo-1", "cmf-1", "CertificateSigningRequest", "C.4.1.2.7#0");
  t.decision("cmf-1", "RegistrationCheck", "C.4.1.2.7#1", "ok", about, "nfvo-1");
  t.crypto("cmf-1", "KeyAttestationVerification", "C.4.1.2.7#2", "rejected",
           about + "; reason=attestation chain does not verify", "nfvo-1");
  t.crypto("cmf-1", "CsrValidation", "C.4.1.2.7#2", "rejected",
           about + "; reason=key attestation: attestation chain does not verify", "nfvo-1");
  t.message("cmf-1", "nfvo-1", "CertificateSigningResponse", "C.4.1.2.7#2");
  auto check = [](const CheckContext& c) { return check_attestation_per_policy(c, "nfvo"); };
  auto pass = world.run(check, t.records);
  EXPECT_EQ(pass.verdict, Verdict::pass) << pass.reason;
  // The same, but the CA issued anyway.
  t.decision("ca-1", "IssueCertificate", "C.4.1.2.7#4", "ok",
             "serial=AB; subject=CN=" + kFqdn + ",O=Operator; fqdn=" + kFqdn);
  EXPECT_EQ(world.run(check, t.records).verdict, Verdict::fail);
}

TEST(CmfChecks, LifecyclePhasesPassOnlyWhenAllAreExercisedAndHandled) {
  World world(kActors);
  auto t = enrolled(world);
  // Register and enrol only: those two parts observed, the others named as not exercised (the
  // suite step decides whether another scenario showed them).
  auto partial = world.run(check_lifecycle_phases, t.records);
  EXPECT_EQ(partial.verdict, Verdict::pass) << partial.reason;
  EXPECT_EQ(partial.observed, (std::set<std::string>{"registration", "enrolment"}));
  EXPECT_NE(partial.reason.find("not exercised in this scenario: renewal, removal, revocation, "
                                "monitoring"),
            std::string::npos)
      << partial.reason;

  // Expiry alarm, renewal, then revocation and removal.
  const std::string about = "entity=nfvo-1; fqdn=" + kFqdn;
  t.decision("cmf-1", "ExpiryAlarm", "", "raised",
             about + "; serial=AA; not_after=2027-01-01T00:00:00Z", "nfvo-1");
  t.decision("nfvo-1", "RenewalDue", "", "ok",
             about + "; serial=AA; not_after=2027-01-01T00:00:00Z");
  t.csr("C.4.1.2.6", "nfvo-1", kFqdn, "BB", "2028-01-01T00:00:00Z", "renewal");
  t.message("oss-1", "cmf-1", "RevokeCertificateRequest");
  t.decision("ca-1", "RevokeCertificate", "", "ok", "serial=BB", "cmf-1");
  t.decision("cmf-1", "RevocationRequest", "", "ok", about + "; serial=BB", "oss-1");
  t.message("cmf-1", "nfvo-1", "CertificateRemoved");
  t.message("cmf-1", "oss-1", "RevokeCertificateResponse");
  auto all = world.run(check_lifecycle_phases, t.records);
  EXPECT_EQ(all.verdict, Verdict::pass) << all.reason;
  EXPECT_EQ(all.observed,
            (std::set<std::string>{kCmfLifecycleParts.begin(), kCmfLifecycleParts.end()}));

  // A renewal that came due and never completed, with the certificate expired by the end.
  World late(kActors);
  late.simulation(sim::Duration::days(400));
  auto t2 = enrolled(late);
  t2.decision("nfvo-1", "RenewalDue", "", "ok",
              about + "; serial=AA; not_after=2026-12-01T00:00:00Z");
  auto r = late.run(check_lifecycle_phases, t2.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("renew"), std::string::npos) << r.reason;

  // A revocation request left unanswered.
  auto t3 = enrolled(world);
  t3.message("oss-1", "cmf-1", "RevokeCertificateRequest");
  EXPECT_EQ(world.run(check_lifecycle_phases, t3.records).verdict, Verdict::fail);
}

TEST(CmfChecks, EveryCmfRequirementTheFlowsObserveHasACheck) {
  CheckRegistry registry;
  register_cmf_checks(registry);
  for (const char* id :
       {"Cmf.CertLcm.001", "Cmf.CertLcm.002", "Cmf.CertLcm.004", "Cmf.CertLcm.005",
        "Cmf.CertLcm.007", "Cmf.CertLcm.008", "Cmf.CertLcm.009", "Cmf.CertLcm.010",
        "Cmf.CertLcm.012", "Cmf.CertLcm.013", "Cmf.CertLcm.014", "Cmf.CertLcm.015"})
    EXPECT_EQ(registry.for_requirement(id).size(), 1u) << id;
  EXPECT_TRUE(registry.for_requirement("Cmf.CertLcm.003").empty());  // delegation: not modelled
}

}  // namespace
}  // namespace ifa026::conformance::cmf_checks_test
