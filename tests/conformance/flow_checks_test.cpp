// The Annex C.4 flow checks on synthetic traces: the canonical flow passes; a missing step, steps
// out of table order, a wrong step label, a certificate that does not verify, an entity refused
// as expected, an entity expected to be refused that got a certificate, and a flow absent from
// the trace each get the verdict the check promises.
#include <gtest/gtest.h>

#include "conformance/csr_flow_check.hpp"
#include "conformance/flow_checks.hpp"
#include "conformance/registration_flow_check.hpp"
#include "tests/conformance/mano_trace_fixture.hpp"

namespace ifa026::conformance::flow_checks_test {
namespace {

using nlohmann::json;
using testing::TraceBuilder;
using testing::World;

const std::vector<std::pair<std::string, std::string>> kActors = {
    {"ca-1", "ca"},     {"cmf-1", "cmf"},   {"oss-1", "oss"},
    {"nfvo-1", "nfvo"}, {"nfvo-2", "nfvo"}, {"hsm-1", "hsm"}};
const std::string kFqdn = "nfvo-1.example.net";

CheckResult csr_flow(World& world, const std::vector<sim::TraceRecord>& trace,
                     const std::string& flow = "C.4.1.2.6") {
  const auto* f = find_mano_flow(flow);
  return world.run([f](const CheckContext& c) { return check_csr_flow(c, *f); }, trace);
}

CheckResult registration_flow(World& world, const std::vector<sim::TraceRecord>& trace) {
  const auto* f = find_mano_flow("C.4.1.1");
  return world.run([f](const CheckContext& c) { return check_registration_flow(c, *f); }, trace);
}

// nfvo-1 registered, configured, enrolled; its final state holds that certificate.
TraceBuilder good_flow(World& world) {
  auto held = world.certify("nfvo-1", kFqdn);
  TraceBuilder t;
  t.registration("C.4.1.1", "nfvo-1", kFqdn);
  t.configuration("nfvo-1", kFqdn);
  t.csr("C.4.1.2.6", "nfvo-1", kFqdn, held.certificate.serial_hex());
  return t;
}

TEST(FlowChecks, TheCanonicalCsrFlowPasses) {
  World world(kActors, {{"certified", {"nfvo-1"}}});
  auto t = good_flow(world);
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_GE(r.evidence.size(), 7u);
  EXPECT_NE(r.reason.find("#0..#6"), std::string::npos) << r.reason;
}

TEST(FlowChecks, AMissingRegistrationCheckFails) {
  World world(kActors, {{"certified", {"nfvo-1"}}});
  auto t = good_flow(world);
  t.erase("RegistrationCheck");
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("#1 missing"), std::string::npos) << r.reason;
}

TEST(FlowChecks, ARelayBeforeTheCaIssuesIsFineButIssuanceBeforeTheRelayFails) {
  World world(kActors, {{"certified", {"nfvo-1"}}});
  auto t = good_flow(world);
  // Move the p10cr send and its receive after the CA's IssueCertificate.
  auto& rec = t.records;
  auto relay = std::find_if(rec.begin(), rec.end(), [](auto& r) { return r.operation == "p10cr"; });
  ASSERT_NE(relay, rec.end());
  std::vector<sim::TraceRecord> moved(relay, relay + 2);
  rec.erase(relay, relay + 2);
  auto issue = std::find_if(rec.begin(), rec.end(),
                            [](auto& r) { return r.operation == "IssueCertificate"; });
  rec.insert(issue + 1, moved.begin(), moved.end());
  t.renumber();
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("out of table order"), std::string::npos) << r.reason;
}

TEST(FlowChecks, AStepRecordedUnderAnotherStepFails) {
  World world(kActors, {{"certified", {"nfvo-1"}}});
  auto t = good_flow(world);
  for (auto& r : t.records)
    if (r.operation == "CsrValidation") r.step = "C.4.1.2.6#3";
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("#2"), std::string::npos) << r.reason;
}

TEST(FlowChecks, AnUndeliveredResponseFails) {
  World world(kActors, {{"certified", {"nfvo-1"}}});
  auto t = good_flow(world);
  auto& rec = t.records;
  auto got = std::find_if(rec.begin(), rec.end(), [](auto& r) {
    return r.kind == sim::RecordKind::receive && r.operation == "CertificateSigningResponse";
  });
  rec.erase(got);
  t.renumber();
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("never received"), std::string::npos) << r.reason;
}

TEST(FlowChecks, TheFinalStateMustHoldAVerifyingCertificateForTheRegisteredFqdn) {
  {
    World world(kActors, {{"certified", {"nfvo-1"}}});
    auto t = good_flow(world);
    world.holder("nfvo-1").current.reset();  // e.g. removed at the end
    auto r = csr_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_NE(r.reason.find("holds no certificate"), std::string::npos) << r.reason;
  }
  {
    // A certificate for another FQDN.
    World world(kActors, {{"certified", {"nfvo-1"}}});
    auto held = world.certify("nfvo-1", "other.example.net");
    world.holder("nfvo-1").configured_fqdn = kFqdn;
    TraceBuilder t;
    t.registration("C.4.1.1", "nfvo-1", kFqdn);
    t.configuration("nfvo-1", kFqdn);
    t.csr("C.4.1.2.6", "nfvo-1", kFqdn, held.certificate.serial_hex());
    auto r = csr_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  }
  {
    // Expired at the end of the run (1 h certificate, run to 2 h).
    World world(kActors, {{"certified", {"nfvo-1"}}});
    world.simulation(sim::Duration::hours(2));  // the run ends at 2 h
    auto held = world.certify("nfvo-1", kFqdn, 3600);
    TraceBuilder t;
    t.registration("C.4.1.1", "nfvo-1", kFqdn);
    t.configuration("nfvo-1", kFqdn);
    t.csr("C.4.1.2.6", "nfvo-1", kFqdn, held.certificate.serial_hex());
    auto r = csr_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_NE(r.reason.find("expired"), std::string::npos) << r.reason;
  }
}

TEST(FlowChecks, AnExpectedCertificateWithoutRecordsFailsAndNoRecordsAtAllIsInconc) {
  World world(kActors, {{"certified", {"nfvo-1"}}});
  world.certify("nfvo-1", kFqdn);
  TraceBuilder t;
  t.registration("C.4.1.1", "nfvo-1", kFqdn);
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;

  World empty(kActors);
  auto none = csr_flow(empty, {});
  EXPECT_EQ(none.verdict, Verdict::inconc) << none.reason;
  EXPECT_NE(none.reason.find("nothing of C.4.1.2.6"), std::string::npos);
}

// nfvo-2 sends a CSR without being registered; the CMF refuses at #1 and answers.
TraceBuilder refused_flow(bool refuse) {
  TraceBuilder t;
  const std::string about = "entity=nfvo-2; fqdn=nfvo-2.example.net";
  t.decision("nfvo-2", "GenerateKey", "C.4.1.2.6#0", "ok", about + "; in=self");
  t.message("nfvo-2", "cmf-1", "CertificateSigningRequest", "C.4.1.2.6#0");
  if (refuse) {
    t.decision("cmf-1", "RegistrationCheck", "C.4.1.2.6#1", "rejected",
               about + "; reason=entity not registered (unknown credential reference)", "nfvo-2");
    t.message("cmf-1", "nfvo-2", "CertificateSigningResponse", "C.4.1.2.6#1");
  } else {
    t.decision("cmf-1", "RegistrationCheck", "C.4.1.2.6#1", "ok", about, "nfvo-2");
    t.crypto("cmf-1", "CsrValidation", "C.4.1.2.6#2", "ok", about, "nfvo-2");
    t.message("cmf-1", "ca-1", "p10cr", "C.4.1.2.6#3", true, "CA-1");
    t.decision("ca-1", "IssueCertificate", "C.4.1.2.6#4", "ok",
               "serial=AB; subject=CN=nfvo-2.example.net,O=Operator; fqdn=nfvo-2.example.net");
    t.message("ca-1", "cmf-1", "cp", "C.4.1.2.6#5", true, "CA-1");
    t.message("cmf-1", "nfvo-2", "CertificateSigningResponse", "C.4.1.2.6#6");
    t.decision("nfvo-2", "CertificateInstalled", "", "ok", about + "; serial=AB");
  }
  return t;
}

json refusal_expectation() {
  return {{"not_certified", {"nfvo-2"}},
          {"rejections",
           {{{"actor", "cmf-1"},
             {"operation", "RegistrationCheck"},
             {"entity", "nfvo-2"},
             {"reason_contains", "not registered"}}}}};
}

// The flow's result is the certificate: an answered rejection nobody expected is not a pass
// (it used to pass as "ended with a rejection ... and the error response went back").
TEST(FlowChecks, ARejectionTheScenarioDoesNotExpectIsNotAPass) {
  World world(kActors);
  auto t = refused_flow(true);
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("nfvo-2: C.4.1.2.6 ended with a rejection at #1"), std::string::npos)
      << r.reason;
  EXPECT_NE(r.reason.find("entity not registered"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("that the scenario does not expect"), std::string::npos) << r.reason;
}

TEST(FlowChecks, AnExpectedRejectionAtTheRightStepWithAnErrorReplyPasses) {
  World world(kActors, refusal_expectation());
  auto t = refused_flow(true);
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("C.4.1.2.6#1"), std::string::npos) << r.reason;
}

TEST(FlowChecks, ARejectionWithoutAReplyOrAtTheWrongStepFails) {
  {
    World world(kActors, refusal_expectation());
    auto t = refused_flow(true);
    t.erase("CertificateSigningResponse");
    auto r = csr_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_NE(r.reason.find("no error response"), std::string::npos) << r.reason;
  }
  {
    World world(kActors, refusal_expectation());
    auto t = refused_flow(true);
    for (auto& r : t.records)
      if (r.operation == "RegistrationCheck") r.step = "C.4.1.2.6#2";
    auto r = csr_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_NE(r.reason.find("recorded at step"), std::string::npos) << r.reason;
  }
}

TEST(FlowChecks, AnEntityExpectedToBeRefusedThatGotACertificateFails) {
  World world(kActors, refusal_expectation());
  auto t = refused_flow(false);
  auto r = csr_flow(world, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("expected to be refused"), std::string::npos) << r.reason;
}

TEST(FlowChecks, TheHsmVariantNeedsKeyGenerationAndSigningInTheHsm) {
  World world(kActors, {{"certified", {"nfvo-1"}}});
  world.set_params("nfvo-1", {{"hsm", "hsm-1"}});
  auto held = world.certify("nfvo-1", kFqdn);
  TraceBuilder t;
  t.registration("C.4.1.1", "nfvo-1", kFqdn);
  t.configuration("nfvo-1", kFqdn);
  t.csr("C.4.1.2.7", "nfvo-1", kFqdn, held.certificate.serial_hex(), "2027-01-01T00:00:00Z",
        "enrolment", "hsm-1");
  auto good = csr_flow(world, t.records, "C.4.1.2.7");
  EXPECT_EQ(good.verdict, Verdict::pass) << good.reason;
  // The .6 check does not claim this entity's flow.
  auto other = csr_flow(world, t.records, "C.4.1.2.6");
  EXPECT_EQ(other.verdict, Verdict::inconc) << other.reason;

  t.erase("SignCsr", "hsm-1");
  auto bad = csr_flow(world, t.records, "C.4.1.2.7");
  EXPECT_EQ(bad.verdict, Verdict::fail) << bad.reason;
  EXPECT_NE(bad.reason.find("SignCsr"), std::string::npos) << bad.reason;
}

TEST(FlowChecks, TheRegistrationFlowPassesAndItsFaultsFail) {
  {
    World world(kActors, {{"certified", {"nfvo-1"}}});
    auto t = good_flow(world);
    auto r = registration_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
    EXPECT_NE(r.reason.find("selected CA ca-1"), std::string::npos) << r.reason;
  }
  {
    World world(kActors, {{"certified", {"nfvo-1"}}});
    auto t = good_flow(world);
    t.erase("RegisterEntityResponse");
    auto r = registration_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_NE(r.reason.find("#2 missing"), std::string::npos) << r.reason;
  }
  {
    World world(kActors, {{"certified", {"nfvo-1"}}});
    auto t = good_flow(world);
    t.erase("SelectCa");
    auto r = registration_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  }
}

TEST(FlowChecks, AnExpectedRegistrationRefusalIsCheckedAgainstItsReason) {
  json expect = {{"not_certified", {"nfvo-2"}},
                 {"rejections",
                  {{{"actor", "cmf-1"},
                    {"operation", "RegisterEntity"},
                    {"entity", "nfvo-2"},
                    {"reason_contains", "not trusted"}}}}};
  {
    World world(kActors, expect);
    TraceBuilder t;
    t.registration("C.4.1.1", "nfvo-2", "nfvo-2.example.net", false, "oss-1");
    auto r = registration_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  }
  {
    World world(kActors, expect);
    TraceBuilder t;
    t.registration("C.4.1.1", "nfvo-2", "nfvo-2.example.net", true, "oss-1");
    auto r = registration_flow(world, t.records);
    EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
    EXPECT_NE(r.reason.find("registered it"), std::string::npos) << r.reason;
  }
}

TEST(FlowChecks, EveryAnnexC4FlowHasACheck) {
  CheckRegistry registry;
  register_flow_checks(registry);
  for (const char* id : {"C.4.1.1", "C.4.1.2.6", "C.4.1.2.7", "C.4.2.1", "C.4.2.2.6", "C.4.2.2.7",
                         "C.4.3.1", "C.4.3.2.6", "C.4.3.2.7"})
    EXPECT_EQ(registry.for_requirement(id).size(), 1u) << id;
}

}  // namespace
}  // namespace ifa026::conformance::flow_checks_test
