// The clause 5.2 architecture checks on synthetic traces shaped like the actors'
// (mano_trace_fixture.hpp): each passes on a trace of direct-mode and MANO enrolments done as the
// requirement wants, and fails (or is inconclusive) when the trace shows a VNF in two modes, a
// VNFM whose VNFCIs never reached the CMF, a certificate obtained by command, a certificate
// outside the PKI, or a CA acting for the CMF without a request over CA-1.
#include <gtest/gtest.h>

#include "conformance/catalogue.hpp"
#include "conformance/clause5_pki_checks.hpp"
#include "tests/conformance/mano_trace_fixture.hpp"

namespace ifa026::conformance::clause5_pki_checks_test {
namespace {

using testing::TraceBuilder;
using testing::World;

const std::vector<std::pair<std::string, std::string>> kActors = {
    {"ca-1", "ca"}, {"cmf-1", "cmf"}, {"oss-1", "oss"}, {"vnfm-1", "vnfm"}};

bool says(const CheckResult& r, const std::string& text) {
  return r.reason.find(text) != std::string::npos;
}

// vnf-1 with two VNFCIs of two identities each, enrolled in direct mode.
TraceBuilder two_vnfcis() {
  TraceBuilder t;
  t.direct_enrolment("vnf-1", "vnf-1-fw-1", {"client", "server"}, "A1");
  t.direct_enrolment("vnf-1", "vnf-1-fw-2", {"client", "server"}, "B1");
  return t;
}

TEST(Clause5PkiChecks, EachIdIsRegisteredAndInTheCatalogue) {
  CheckRegistry registry;
  register_clause5_pki_checks(registry);
  EXPECT_EQ(registry.size(), 6u);
  for (const char* id :
       {"5.2.1.1-a", "5.2.3.1-a", "5.2.3.1-b", "5.2.3.1-c", "5.2.6-a", "5.2.6-b"}) {
    EXPECT_EQ(registry.for_requirement(id).size(), 1u) << id;
    EXPECT_NE(Catalogue::builtin().find(id), nullptr) << id;
  }
}

TEST(Clause5PkiChecks, TheCmfCompletingDirectModePasses) {
  World world(kActors);
  auto r = world.run(check_cmf_completes_a_mode, two_vnfcis().records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_TRUE(says(r, "cmf-1 completed direct mode (C.2.1.1) for 2 VNFCIs")) << r.reason;
  EXPECT_TRUE(says(r, "delegation mode (C.2.2) was not exercised")) << r.reason;
}

TEST(Clause5PkiChecks, ACmfThatCompletesNoFlowFails) {
  World world(kActors);
  TraceBuilder t;
  t.direct_enrolment("vnf-1", "vnf-1-fw-1", {"client"}, "A1");
  t.erase("CertificateInstalled", "vnf-1-fw-1");
  auto r = world.run(check_cmf_completes_a_mode, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "completed no mode's flow")) << r.reason;
  // No VNFCI at all: nothing shows a mode.
  EXPECT_EQ(world.run(check_cmf_completes_a_mode, {}).verdict, Verdict::inconc);
}

TEST(Clause5PkiChecks, AVnfWhoseVnfcisAllEnrolledDirectlyUsesOneMode) {
  World world(kActors);
  auto r = world.run(check_vnf_uses_one_mode, two_vnfcis().records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_TRUE(says(r, "vnf-1: all 4 certificates of its 2 VNFCIs")) << r.reason;
  EXPECT_TRUE(says(r, "direct")) << r.reason;
}

TEST(Clause5PkiChecks, AVnfMixingModesFails) {
  World world(kActors);
  auto t = two_vnfcis();
  // The second VNFCI's server certificate was requested by the VNFM (a delegate).
  for (auto& rec : t.records)
    if (rec.operation == "IssueCertificate" && rec.peer == "vnf-1-fw-2" &&
        rec.detail.find("serial=B12") != std::string::npos)
      rec.peer = "vnfm-1";
  auto r = world.run(check_vnf_uses_one_mode, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "vnf-1 mixes certificate management modes")) << r.reason;
  EXPECT_TRUE(says(r, "delegated to vnfm-1")) << r.reason;
}

TEST(Clause5PkiChecks, TheVnfmWhoseNotificationsDroveRegistrationTakesPartInDirectMode) {
  World world(kActors);
  auto r = world.run(check_vnfm_takes_part_in_a_mode, two_vnfcis().records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_TRUE(says(r, "vnfm-1 took part in direct mode")) << r.reason;
  EXPECT_TRUE(says(r, "register 4 identities")) << r.reason;
}

TEST(Clause5PkiChecks, AVnfciTheCmfNeverLearntOfThroughTheVnfmFails) {
  World world(kActors);
  auto t = two_vnfcis();
  t.decision("vnfm-1", "SpawnActor", "", "ok", "name=vnf-1-fw-3; type=vnfci", "vnf-1-fw-3");
  auto r = world.run(check_vnfm_takes_part_in_a_mode, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "vnf-1-fw-3")) << r.reason;
  EXPECT_TRUE(says(r, "no CMF learnt of it")) << r.reason;

  // A discovery with no notification from the VNFM before it.
  TraceBuilder lone;
  lone.direct_enrolment("vnf-1", "vnf-1-fw-1", {"client"}, "A1");
  lone.erase("VnfLcmNotification", "cmf-1");
  auto r2 = world.run(check_vnfm_takes_part_in_a_mode, lone.records);
  EXPECT_EQ(r2.verdict, Verdict::fail) << r2.reason;
  EXPECT_TRUE(says(r2, "with no LCM notification from vnfm-1")) << r2.reason;
}

TEST(Clause5PkiChecks, CertificatesObtainedWithoutACommandAreAutomated) {
  World world(kActors);
  TraceBuilder t;
  t.configuration("vnfm-1", "vnfm-1.example.net");
  t.csr("C.4.2.2.6", "vnfm-1", "vnfm-1.example.net", "0A");
  t.direct_enrolment("vnf-1", "vnf-1-fw-1", {"client", "server"}, "A1");
  auto r = world.run(check_automated_certificates, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_TRUE(says(r, "1 MANO entity and 2 VNFCI identities")) << r.reason;
  EXPECT_TRUE(says(r, "not observable")) << r.reason;
}

TEST(Clause5PkiChecks, ACertificateObtainedByCommandOrOperatorQueryIsNotAutomated) {
  World world(kActors);
  TraceBuilder t;
  t.configuration("vnfm-1", "vnfm-1.example.net");
  t.add(sim::RecordKind::command, "vnfm-1", "", "enrol", "", "ok");
  t.csr("C.4.2.2.6", "vnfm-1", "vnfm-1.example.net", "0A");
  auto r = world.run(check_automated_certificates, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "only after a workload command asked it to")) << r.reason;

  TraceBuilder q;
  q.direct_enrolment("vnf-1", "vnf-1-fw-1", {"client"}, "A1", "query");
  auto r2 = world.run(check_automated_certificates, q.records);
  EXPECT_EQ(r2.verdict, Verdict::fail) << r2.reason;
  EXPECT_TRUE(says(r2, "not from an LCM notification")) << r2.reason;

  // Configured, never enrolled.
  TraceBuilder never;
  never.configuration("vnfm-1", "vnfm-1.example.net");
  auto r3 = world.run(check_automated_certificates, never.records);
  EXPECT_EQ(r3.verdict, Verdict::fail) << r3.reason;
  EXPECT_TRUE(says(r3, "never got one")) << r3.reason;
}

// vnfm-1 holds a certificate of the fixture PKI; ca-1 (its hierarchy is that PKI) issued it.
TraceBuilder issued_to_vnfm(const std::string& serial, const std::string& issuer = "ca-1") {
  TraceBuilder t;
  t.message("cmf-1", "ca-1", "p10cr", "C.4.2.2.6#3", true, "CA-1");
  t.decision(issuer, "IssueCertificate", "C.4.2.2.6#4", "ok",
             "request=p10cr; serial=" + serial + "; fqdn=vnfm-1.example.net", "cmf-1");
  t.message("ca-1", "cmf-1", "cp", "C.4.2.2.6#5", true, "CA-1");
  return t;
}

TEST(Clause5PkiChecks, ACertificateHeldThatChainsToItsCasRootPasses) {
  World world(kActors);
  const auto held = world.certify("vnfm-1", "vnfm-1.example.net");
  auto r = world.run(check_certificates_chain_to_a_pki,
                     issued_to_vnfm(held.certificate.serial_hex()).records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_TRUE(says(r, "root \"CN=Test Root CA,O=ifa026\"")) << r.reason;
  EXPECT_TRUE(says(r, "1 verified here")) << r.reason;
  EXPECT_TRUE(says(r, "not observable")) << r.reason;
}

TEST(Clause5PkiChecks, ACertificateOutsideTheCasPkiFails) {
  World world(kActors);
  // vnfm-1 holds a certificate of another PKI than the one ca-1 set up.
  testing::TestPki foreign;
  auto& h = world.holder("vnfm-1");
  const auto other = foreign.issue("vnfm-1.example.net", 86400);
  h.current = other;
  h.history = {other};
  auto r = world.run(check_certificates_chain_to_a_pki,
                     issued_to_vnfm(other.certificate.serial_hex()).records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "does not chain to its root")) << r.reason;

  // An issuance by an actor that is no CA of the scenario.
  const auto held = world.certify("vnfm-1", "vnfm-1.example.net");
  auto r2 = world.run(check_certificates_chain_to_a_pki,
                      issued_to_vnfm(held.certificate.serial_hex(), "cmf-1").records);
  EXPECT_EQ(r2.verdict, Verdict::fail) << r2.reason;
  EXPECT_TRUE(says(r2, "cmf-1 issued a certificate although it is no CA")) << r2.reason;

  // A certificate nobody verified: not held, no verification on receipt.
  auto r3 = world.run(check_certificates_chain_to_a_pki, issued_to_vnfm("7F7F").records);
  EXPECT_EQ(r3.verdict, Verdict::inconc) << r3.reason;
  EXPECT_TRUE(says(r3, "nobody verified it")) << r3.reason;
}

TEST(Clause5PkiChecks, EveryCaOperationForTheCmfOverCa1ShowsThemSeparate) {
  World world(kActors);
  TraceBuilder t;
  t.csr("C.4.2.2.6", "vnfm-1", "vnfm-1.example.net", "0A");
  t.direct_enrolment("vnf-1", "vnf-1-fw-1", {"client"}, "A1");
  auto r = world.run(check_ca_and_cmf_separate, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_TRUE(says(r, "cmf-1 and its CA ca-1 are separate actors")) << r.reason;
  EXPECT_TRUE(says(r, "1 issuance, 1 registration")) << r.reason;
  EXPECT_TRUE(says(r, "not observable")) << r.reason;
}

TEST(Clause5PkiChecks, ACaActingForTheCmfWithoutItsRequestOrACmfIssuingFails) {
  World world(kActors);
  TraceBuilder t;
  t.csr("C.4.2.2.6", "vnfm-1", "vnfm-1.example.net", "0A");
  t.erase("p10cr");  // the CMF's send
  t.erase("p10cr");  // the CA's receive
  auto r = world.run(check_ca_and_cmf_separate, t.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_TRUE(says(r, "without a p10cr from cmf-1 over CA-1")) << r.reason;

  TraceBuilder collocated;
  collocated.decision("cmf-1", "IssueCertificate", "", "ok", "request=p10cr; serial=0B", "vnfm-1");
  auto r2 = world.run(check_ca_and_cmf_separate, collocated.records);
  EXPECT_EQ(r2.verdict, Verdict::fail) << r2.reason;
  EXPECT_TRUE(says(r2, "the CA function is not separate from it")) << r2.reason;
}

}  // namespace
}  // namespace ifa026::conformance::clause5_pki_checks_test
