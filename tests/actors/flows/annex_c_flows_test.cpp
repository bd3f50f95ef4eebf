// Every shipped scenario (the discovery rule's: Annex C, negative, smoke) run end to end through
// the real actors and conformance::Engine with the built-in checks: each requirement a scenario
// covers passes (the flows in table order, the refusals where the scenario expects them), and the
// same scenarios with an implementation fault switched on in memory turn the checks to fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/scenario_rules.hpp"
#include "reports/run_metrics.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_discovery.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"
#include "tests/support/covered_requirements.hpp"

namespace ifa026::conformance::annex_c_flows_test {
namespace {

namespace fs = std::filesystem;

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = actors::builtin_registry();
  return r;
}

const CheckRegistry& checks() {
  static const CheckRegistry c = [] {
    CheckRegistry r;
    register_builtin_checks(r);
    return r;
  }();
  return c;
}

std::string scenario_path(const std::string& relative) {
  return std::string(IFA026_SOURCE_DIR) + "/scenarios/" + relative;
}

sim::Scenario load(const std::string& relative) {
  auto l = sim::load_scenario_file(scenario_path(relative), registry(),
                                   scenario_rules(Catalogue::builtin()));
  for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!l.scenario) throw std::runtime_error("cannot load " + relative);
  return *l.scenario;
}

ConformanceReport run(const std::vector<sim::Scenario>& scenarios) {
  Engine engine(Catalogue::builtin(), checks(), registry());
  return engine.run(scenarios);
}

std::vector<const Evaluation*> evaluations_of(const ConformanceReport& report,
                                              const std::string& id) {
  std::vector<const Evaluation*> out;
  for (const auto& e : report.evaluations)
    if (e.requirement_id == id) out.push_back(&e);
  return out;
}
// Pointers into a temporary report would dangle (ASan found it): keep the report in a variable.
std::vector<const Evaluation*> evaluations_of(ConformanceReport&& report,
                                              const std::string& id) = delete;

const Evaluation& only(const ConformanceReport& report, const std::string& id) {
  auto list = evaluations_of(report, id);
  if (list.size() != 1)
    throw std::runtime_error(id + ": " + std::to_string(list.size()) + " evaluations");
  return *list[0];
}
const Evaluation& only(ConformanceReport&& report, const std::string& id) = delete;

// Runs `scenario` through the conformance engine: every evaluation of each of `flows` passes.
void expect_flows_pass(const sim::Scenario& scenario, std::initializer_list<const char*> flows) {
  const auto report = run({scenario});  // evaluations_of points into it: kept alive here
  for (const char* flow : flows)
    for (const auto* e : evaluations_of(report, flow))
      EXPECT_EQ(e->verdict, Verdict::pass) << flow << ": " << e->reason;
}

// Every shipped scenario by the discovery rule `ifa026 conform` uses (sim/scenario_discovery),
// relative to scenarios/.
std::vector<std::string> every_shipped() {
  const fs::path root = scenario_path("");
  std::vector<std::string> out;
  for (const auto& file : sim::discover_scenario_files(root.string()).files)
    out.push_back(fs::path(file).lexically_relative(root).generic_string());
  return out;
}

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

// Every check passes on the scenario alone; a requirement with suite parts
// (CheckRegistry::require_parts) may stay inconc, by the suite step only, for the parts other
// scenarios show. Only the kernel's smoke runs cover nothing; they must run without a harness
// error.
TEST_P(ShippedScenario, EveryCoveredRequirementPasses) {
  const auto scenario = load(GetParam());
  if (!GetParam().starts_with("smoke/")) {
    ASSERT_FALSE(scenario.covers.empty()) << "only smoke/ runs may cover nothing";
  }
  auto report = run({scenario});
  ASSERT_TRUE(report.scenarios[0].error.empty()) << report.scenarios[0].error;
  const auto problems = test::covered_requirement_problems(report, scenario, checks());
  EXPECT_TRUE(problems.empty()) << GetParam() << ":\n  " << ::testing::PrintToString(problems);
  EXPECT_LE(report.exit_code(), 1);
}

// Together, the scenarios written for them show every part of the lifecycle, mutual TLS, access
// control and CA selection requirements: each passes at the suite level.
TEST(AnnexBSuiteParts, EveryPartIsObservedInTheShippedScenarios) {
  auto report =
      run({load("annex-c/mano-wide-lifecycle.json"), load("annex-c/mano-wide-mutual-tls.json"),
           load("annex-c/ca-selection.json"), load("negative/bad-peer-certificates.json")});
  for (const auto& s : report.scenarios) ASSERT_TRUE(s.error.empty()) << s.name << ": " << s.error;
  for (const char* id :
       {"Nfvo.Sc.004", "Vnfm.Sc.008", "Vim.Sc.004", "Wim.Sc.007", "Cism.Sc.007", "Cir.Sc.007",
        "Cmf.CertLcm.001", "Nfvo.Sc.001", "Vnfm.Sc.001", "Vim.Sc.001", "Wim.Sc.004", "Cism.Sc.004",
        "Cir.Sc.004", "Wim.Sc.001", "Cism.Sc.001", "Cir.Sc.001", "Cmf.CertLcm.004"}) {
    const RequirementResult* result = nullptr;
    for (const auto& r : report.requirements)
      if (r.id == id) result = &r;
    ASSERT_NE(result, nullptr) << id;
    EXPECT_EQ(result->verdict, Verdict::pass) << id << ": " << result->reason;
    EXPECT_EQ(result->reason.rfind("every part observed in the suite", 0), 0u) << result->reason;
  }
}

// Without the scenario that exercises them, the lifecycle requirements name the missing parts.
TEST(AnnexBSuiteParts, AMissingPartKeepsTheRequirementInconclusive) {
  auto report = run({load("annex-c/two-year-renewal.json")});
  for (const auto& r : report.requirements) {
    if (r.id != "Nfvo.Sc.004") continue;
    EXPECT_EQ(r.verdict, Verdict::inconc) << r.reason;
    EXPECT_NE(r.reason.find("removal, revocation"), std::string::npos) << r.reason;
  }
}

INSTANTIATE_TEST_SUITE_P(AnnexCAndNegative, ShippedScenario, ::testing::ValuesIn(every_shipped()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(AnnexCFlows, EveryAnnexC4FlowHasItsScenario) {
  for (const char* id : {"C.4.1.1", "C.4.1.2.6", "C.4.1.2.7", "C.4.2.1", "C.4.2.2.6", "C.4.2.2.7",
                         "C.4.3.1", "C.4.3.2.6", "C.4.3.2.7"}) {
    const auto s = load(std::string("annex-c/") + id + ".json");
    EXPECT_NE(std::find(s.covers.begin(), s.covers.end(), id), s.covers.end()) << id;
  }
}

TEST(AnnexCFlows, RefusalsAreRecordedAtTheirTableStep) {
  auto unregistered = run({load("negative/unregistered-consumer.json")});
  EXPECT_NE(only(unregistered, "C.4.1.2.6").reason.find("nfvo-2: rejected at C.4.1.2.6#1"),
            std::string::npos)
      << only(unregistered, "C.4.1.2.6").reason;
  auto fqdn = run({load("negative/fqdn-mismatch.json")});
  EXPECT_NE(only(fqdn, "C.4.1.2.6").reason.find("nfvo-2: rejected at C.4.1.2.6#2"),
            std::string::npos);
  auto ca_down = run({load("negative/ca-down.json")});
  EXPECT_NE(only(ca_down, "C.4.1.2.6").reason.find("C.4.1.2.6#5 (CA unavailable)"),
            std::string::npos)
      << only(ca_down, "C.4.1.2.6").reason;
}

TEST(AnnexCFlows, TheTamperedChannelIsRefusedByTheWim) {
  auto report = run({load("negative/tampered-channel.json")});
  const auto& e = only(report, "Wim.Sc.002");
  EXPECT_EQ(e.verdict, Verdict::pass) << e.reason;
  EXPECT_NE(e.reason.find("TlsRecord rejected"), std::string::npos) << e.reason;
}

// The same scenario with an implementation fault switched on at the CMF.
sim::Scenario with_cmf_fault(const std::string& relative, const std::string& fault) {
  auto s = load(relative);
  for (auto& a : s.actors)
    if (a.type == "cmf") a.params[fault] = true;
  return s;
}

// The scenario evaluation of `id` (not the suite step's).
const Evaluation& in_scenario(const ConformanceReport& report, const std::string& id) {
  for (const auto* e : evaluations_of(report, id))
    if (e->scenario != "(suite)") return *e;
  throw std::runtime_error(id + ": no scenario evaluation");
}

TEST(AnnexBSuiteParts, AnEntityIgnoringItsRemovalFailsItsLifecycle) {
  auto s = load("annex-c/mano-wide-lifecycle.json");
  for (auto& a : s.actors)
    if (a.name == "vnfm-1") a.params["ignore_removal"] = true;
  auto report = run({s});
  const auto& e = in_scenario(report, "Vnfm.Sc.008");
  EXPECT_EQ(e.verdict, Verdict::fail) << e.reason;
  EXPECT_NE(e.reason.find("kept using its certificate"), std::string::npos) << e.reason;
  EXPECT_EQ(in_scenario(report, "Nfvo.Sc.004").verdict, Verdict::pass);
}

TEST(AnnexBSuiteParts, OneCaForEveryKindIsNoChoice) {
  auto s = load("annex-c/ca-selection.json");
  for (auto& a : s.actors)
    if (a.type == "cmf") a.params.erase("cas");
  auto report = run({s});
  EXPECT_EQ(in_scenario(report, "Cmf.CertLcm.004").verdict, Verdict::pass);
  for (const auto& r : report.requirements)
    if (r.id == "Cmf.CertLcm.004") {
      EXPECT_EQ(r.verdict, Verdict::inconc) << r.reason;
      EXPECT_NE(r.reason.find("not observed in any scenario of the suite: choice"),
                std::string::npos)
          << r.reason;
    }
}

TEST(AnnexCFlows, SkippingTheRegistrationCheckTurnsTheFlowCheckToFail) {
  auto report =
      run({with_cmf_fault("negative/unregistered-consumer.json", "skip_registration_check")});
  const auto& flow = only(report, "C.4.1.2.6");
  EXPECT_EQ(flow.verdict, Verdict::fail) << flow.reason;
  EXPECT_NE(flow.reason.find("#1 missing"), std::string::npos) << flow.reason;
  EXPECT_EQ(report.exit_code(), 1);

  auto registered = run({with_cmf_fault("annex-c/C.4.1.2.6.json", "skip_registration_check")});
  EXPECT_EQ(only(registered, "C.4.1.2.6").verdict, Verdict::fail)
      << only(registered, "C.4.1.2.6").reason;
}

TEST(AnnexCFlows, SkippingCsrValidationLetsTheMismatchThroughAndFails) {
  auto report = run({with_cmf_fault("negative/fqdn-mismatch.json", "skip_csr_validation")});
  const auto& flow = only(report, "C.4.1.2.6");
  EXPECT_EQ(flow.verdict, Verdict::fail) << flow.reason;
}

TEST(AnnexCFlows, SkippingTheAttestationCheckFailsTheAttestationRequirement) {
  auto report = run({with_cmf_fault("negative/forged-attestation.json", "skip_attestation_check")});
  EXPECT_EQ(only(report, "C.4.1.2.7").verdict, Verdict::fail) << only(report, "C.4.1.2.7").reason;
  EXPECT_EQ(only(report, "Cmf.CertLcm.009").verdict, Verdict::fail)
      << only(report, "Cmf.CertLcm.009").reason;
}

// The Annex B key-pair checks on real runs: a rogue HSM's statement turns the attestation
// mechanism to fail, and without the HSM the storage and attestation requirements are not
// exercised (inconc), while the entity's own key generation still passes.
TEST(AnnexCFlows, KeyPairChecksSeeTheRogueHsmAndTheMissingOne) {
  auto forged = load("negative/forged-attestation.json");
  forged.covers = {"Nfvo.Sc.002", "Nfvo.Sc.008"};
  auto report = run({forged});
  const auto& refused = only(report, "Nfvo.Sc.008");
  EXPECT_EQ(refused.verdict, Verdict::fail) << refused.reason;
  EXPECT_NE(refused.reason.find("did not verify at cmf-1"), std::string::npos) << refused.reason;
  EXPECT_EQ(only(report, "Nfvo.Sc.002").verdict, Verdict::pass)
      << only(report, "Nfvo.Sc.002").reason;

  auto plain = load("annex-c/C.4.1.2.7.json");
  for (auto& a : plain.actors) {
    if (a.name == "nfvo-1") a.params.erase("hsm");
    if (a.type == "cmf") a.params["key_attestation"] = "none";
  }
  auto without = run({plain});
  const auto& storage = only(without, "Nfvo.Sc.003");
  EXPECT_EQ(storage.verdict, Verdict::inconc) << storage.reason;
  EXPECT_NE(storage.reason.find("has no HSM"), std::string::npos) << storage.reason;
  EXPECT_EQ(only(without, "Nfvo.Sc.008").verdict, Verdict::inconc);
  const auto& own = only(without, "Nfvo.Sc.002");
  EXPECT_EQ(own.verdict, Verdict::pass) << own.reason;
  EXPECT_NE(own.reason.find("CTR-DRBG"), std::string::npos) << own.reason;
}

// The forged statement's refusal is named: an honest HSM whose statement the CMF cannot verify
// because it trusts no vendor root (or another vendor's) is refused for another reason, and that
// is not the scenario's pass (it was, with an empty reason_contains).
TEST(AnnexCFlows, AnHonestHsmWithAMisconfiguredCmfIsNotTheForgedAttestation) {
  for (const bool other_vendor : {false, true}) {
    auto s = load("negative/forged-attestation.json");
    for (auto& a : s.actors) {
      if (a.type == "hsm") a.params["forge_attestation"] = false;
      if (a.type == "cmf")
        a.params["hsm_vendor_roots_from"] =
            other_vendor ? nlohmann::json::array({"hsm-2"}) : nlohmann::json::array();
    }
    if (other_vendor) {
      sim::ActorSpec hsm2;
      hsm2.name = "hsm-2";
      hsm2.type = "hsm";
      hsm2.params = {{"vendor_root_recipients", {"cmf-1"}}};
      s.actors.push_back(hsm2);
    }
    auto report = run({s});
    for (const char* id : {"C.4.1.2.7", "Cmf.CertLcm.009"}) {
      const auto& e = only(report, id);
      EXPECT_EQ(e.verdict, Verdict::fail) << id << ": " << e.reason;
      EXPECT_NE(e.reason.find("self-signed certificate in certificate chain"), std::string::npos)
          << id << ": " << e.reason;
    }
  }
}

// A harness fault never looks like the expected refusal: with the CMF's MAC computation (or its
// attestation verification) throwing, the negative scenario's refusal text ("MAC invalid", the
// forged statement's) is not what the run shows; every requirement it covers is `error`, exit 3.
void expect_internal_error(const sim::Scenario& scenario, const std::string& fault,
                           const std::string& refusal) {
  const std::string& relative = scenario.name;
  auto report = run({scenario});
  ASSERT_TRUE(report.scenarios[0].error.empty()) << report.scenarios[0].error;
  for (const auto& id : scenario.covers)
    for (const auto* e : evaluations_of(report, id)) {
      if (e->scenario == "(suite)") continue;  // the suite step of a requirement with parts
      EXPECT_EQ(e->verdict, Verdict::error) << relative << " " << id << ": " << e->reason;
      EXPECT_NE(e->reason.find("internal error"), std::string::npos) << e->reason;
      EXPECT_NE(e->reason.find(fault), std::string::npos) << e->reason;
      EXPECT_EQ(e->reason.find(refusal), std::string::npos) << e->reason;
      EXPECT_FALSE(e->evidence.empty()) << id << ": the internal-error records are the evidence";
    }
  for (const auto& r : report.requirements) {
    if (std::find(scenario.covers.begin(), scenario.covers.end(), r.id) == scenario.covers.end())
      continue;
    EXPECT_EQ(r.verdict, Verdict::error) << r.id << ": " << r.reason;
  }
  EXPECT_EQ(report.exit_code(), 3);
}

void expect_internal_error(const std::string& relative, const std::string& fault,
                           const std::string& refusal) {
  expect_internal_error(with_cmf_fault(relative, fault), fault, refusal);
}

TEST(AnnexCFlows, AThrowingCredentialMacIsAnErrorNotTheWrongCredentialRefusal) {
  expect_internal_error("negative/wrong-initial-credential.json", "throw_in_credential_mac",
                        "MAC invalid");
}

TEST(AnnexCFlows, AThrowingAttestationCheckIsAnErrorNotTheForgedStatementRefusal) {
  expect_internal_error("negative/forged-attestation.json", "throw_in_attestation_check",
                        "does not decode");
}

// The same fault on a positive flow: no fail either, the implementation is not to blame.
TEST(AnnexCFlows, AThrowingCredentialMacTurnsAPositiveFlowToErrorNotFail) {
  expect_internal_error("annex-c/C.4.1.2.6.json", "throw_in_credential_mac", "MAC invalid");
}

// ---- MANO entities: the CRL replay (negative/crl-replay.json) and their internal errors ----

// The scenario with `params` set on the actor `name`.
sim::Scenario with_params(const std::string& relative, const std::string& name,
                          const nlohmann::json& params) {
  auto s = load(relative);
  for (auto& a : s.actors)
    if (a.name == name) a.params.merge_patch(params);
  return s;
}

constexpr const char* kMutualTlsIds[] = {"Nfvo.Sc.001", "Vnfm.Sc.001", "Vim.Sc.001",
                                         "Wim.Sc.004",  "Cism.Sc.004", "Cir.Sc.004"};

// Every MANO entity refuses the replayed CRL 1 as stale (the verdict names the refusal) and still
// refuses the revoked peer.
TEST(ManoEntityCrls, AReplayedOlderCrlIsRefusedAndTheRevokedPeerStaysRefused) {
  auto report = run({load("negative/crl-replay.json")});
  ASSERT_TRUE(report.scenarios[0].error.empty()) << report.scenarios[0].error;
  for (const char* id : kMutualTlsIds) {
    const auto& e = in_scenario(report, id);
    EXPECT_EQ(e.verdict, Verdict::pass) << id << ": " << e.reason;
    EXPECT_NE(e.reason.find("refused CRL 1 from ca-1 (stale CRL: CRL number 1 is not above the 2 "
                            "held)"),
              std::string::npos)
        << id << ": " << e.reason;
    EXPECT_NE(e.reason.find("refused vnfm-revoked's certificate"), std::string::npos)
        << id << ": " << e.reason;
  }
}

// An entity without the freshness rule (fault knob accept_stale_crl) takes the replayed CRL,
// which does not list vnfm-revoked, and so accepts the revoked peer: its check fails, the others
// still pass.
TEST(ManoEntityCrls, AnEntityTakingTheReplayedCrlAcceptsTheRevokedPeerAndFails) {
  auto report =
      run({with_params("negative/crl-replay.json", "nfvo-1", {{"accept_stale_crl", true}})});
  ASSERT_TRUE(report.scenarios[0].error.empty()) << report.scenarios[0].error;
  const auto& nfvo = in_scenario(report, "Nfvo.Sc.001");
  EXPECT_EQ(nfvo.verdict, Verdict::fail) << nfvo.reason;
  EXPECT_NE(nfvo.reason.find("nfvo-1 accepted vnfm-revoked's certificate"), std::string::npos)
      << nfvo.reason;
  EXPECT_NE(nfvo.reason.find("expected it to refuse a CRL"), std::string::npos) << nfvo.reason;
  EXPECT_EQ(in_scenario(report, "Vnfm.Sc.001").verdict, Verdict::pass);
  EXPECT_EQ(report.exit_code(), 1);
}

// Issue 12 part 3: the refusal the negative scenario expects of a MANO entity (the stale CRL) never
// comes from a harness fault. With the entity's CRL handler throwing (the toolkit's
// throw_in_handler), every requirement the scenario covers is `error`, neither pass nor fail.
TEST(ManoEntityCrls, AThrowingCrlHandlerIsAnErrorNotTheStaleCrlRefusal) {
  expect_internal_error(
      with_params("negative/crl-replay.json", "nfvo-1", {{"throw_in_handler", "CrlPublication"}}),
      "throw_in_handler", "stale CRL");
}

// The same for a refusal on a secure channel: the WIM's access control (Wim.Sc.001) with its
// handler of the requests it refuses throwing.
TEST(ManoEntityCrls, AThrowingAccessControlIsAnErrorNotTheAccessDenial) {
  expect_internal_error(with_params("negative/bad-peer-certificates.json", "wim-1",
                                    {{"throw_in_handler", "SessionCheckRequest"}}),
                        "throw_in_handler", "not authenticated by a certificate");
}

// ---- VNFCIs: their internal errors ----

// The refusal a direct-mode negative scenario expects (the CA's badMessageCheck for a wrong initial
// credential) never comes from a harness fault: with the request signing of every VNFCI throwing
// (the toolkit's throw_in_handler, given to the VNFCIs through the VNFM's vnfci_params), every
// requirement the scenario covers is `error`.
TEST(VnfciInternalErrors, AThrowingRequestSigningIsAnErrorNotTheWrongCredentialRefusal) {
  expect_internal_error(with_params("negative/direct-wrong-initial-credential.json", "vnfm-1",
                                    {{"vnfci_params", {{"throw_in_handler", "sign"}}}}),
                        "throw_in_handler", "badMessageCheck");
}

}  // namespace
}  // namespace ifa026::conformance::annex_c_flows_test

namespace ifa026::conformance::annex_c_flows_test {
namespace {

// A VNFCI whose clock is behind the CA's (fault clock-skew) refuses the certificate as not yet
// valid, and the negative scenario's check passes on that reason; without the skew the refusal it
// expects never comes and the same check fails.
TEST(ClockSkew, AVnfciBehindTheCaRefusesTheCertificateAsNotYetValid) {
  auto scenario = load("negative/direct-clock-behind.json");
  ASSERT_EQ(scenario.faults.size(), 1u);
  auto skewed = run({scenario});
  for (const auto* e : evaluations_of(skewed, "C.2.1.1"))
    EXPECT_EQ(e->verdict, Verdict::pass) << e->reason;
  scenario.faults.clear();
  auto on_time = run({scenario});
  bool failed = false;
  for (const auto* e : evaluations_of(on_time, "C.2.1.1"))
    failed = failed || e->verdict == Verdict::fail;
  EXPECT_TRUE(failed)
      << "without the skew, vnf-1-fw-ctl-1 enrols and the expected refusal is absent";
}

}  // namespace
}  // namespace ifa026::conformance::annex_c_flows_test

namespace ifa026::conformance::annex_c_flows_test {
namespace {

// Links that duplicate and replay (annex-c/C.2.1.1-duplicates-replays.json): each identity's
// certificate is issued once; every CMP message replayed an hour later is refused, by the CA for
// a request and by the VNFCI for a reply, and traced. Switching the refusals off is not possible
// in memory, so the test counts against the trace: a replay with no refusal after it fails it.
TEST(MisbehavingLinks, CopiesIssueNothingTwiceAndReplaysAreRefused) {
  const auto scenario = load("annex-c/C.2.1.1-duplicates-replays.json");
  sim::Simulation simulation(scenario, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  const auto& records = store.records();
  std::map<std::string, int> issued;  // subject -> issuances
  std::size_t duplicated = 0, replayed = 0;
  for (const auto& r : records) {
    if (r.kind == sim::RecordKind::fault && r.outcome == "duplicated") ++duplicated;
    if (r.kind == sim::RecordKind::fault && r.outcome == "replayed") ++replayed;
    if (r.actor == "ca-1" && r.operation == "IssueCertificate" && r.outcome == "ok" &&
        r.step == "C.2.1.1#6") {
      const auto at = r.detail.find("subject=");
      ++issued[r.detail.substr(at, r.detail.find(';', at) - at)];
    }
  }
  EXPECT_GT(duplicated, 4u);
  EXPECT_GT(replayed, 4u);
  EXPECT_EQ(issued.size(), 4u);  // two VNFCIs, a client and a server identity each
  for (const auto& [subject, n] : issued) EXPECT_EQ(n, 1) << subject;
  // Every replayed message that arrived (an hour on) is refused by the side it reached.
  const sim::Time replays_arrive = sim::Time::zero() + sim::Duration::hours(1);
  for (const char* side : {"ca-1", "vnf-1-fw-ctl-2"}) {
    std::size_t arrived = 0, refused = 0;
    for (const auto& r : records) {
      if (r.time < replays_arrive || r.actor != side) continue;
      if (r.kind == sim::RecordKind::receive) ++arrived;
      if (r.kind == sim::RecordKind::decision && r.outcome == "rejected") ++refused;
    }
    EXPECT_GT(arrived, 0u) << side;
    EXPECT_EQ(refused, arrived) << side << ": a replayed message went unrefused";
  }
}

}  // namespace
}  // namespace ifa026::conformance::annex_c_flows_test

namespace ifa026::conformance::annex_c_flows_test {
namespace {

// A VNFCI that crashes on day 30 and restarts (annex-c/C.2.1.4-vnfci-restart.json) comes back
// with both identities' certificates from its disk, enrols nothing again, and renews each three
// times like its sibling; C.2.1.4 passes. The same crash without a restart leaves it gone: no
// certificate restored, not one renewal of its own (the counts above then fail).
TEST(VnfciRestart, CertificatesComeBackFromDiskAndRenewOnTime) {
  auto scenario = load("annex-c/C.2.1.4-vnfci-restart.json");
  sim::Simulation simulation(scenario, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  std::size_t restarted = 0, restored = 0, enrolments = 0;
  std::map<std::string, int> renewals;  // vnfci -> renewed certificates installed
  for (const auto& r : store.records()) {
    if (r.operation == "RestartActor" && r.outcome == "ok" && r.peer == "vnf-1-fw-ctl-1")
      ++restarted;
    if (r.operation == "CertificateRestored" && r.actor == "vnf-1-fw-ctl-1") ++restored;
    if (r.kind == sim::RecordKind::send && r.actor == "vnf-1-fw-ctl-1" && r.operation == "ir")
      ++enrolments;
    if (r.operation == "CertificateInstalled" &&
        r.detail.find("purpose=renewal") != std::string::npos)
      ++renewals[r.actor];
  }
  EXPECT_EQ(restarted, 1u);
  EXPECT_EQ(restored, 2u);
  EXPECT_EQ(enrolments, 2u);  // the two identities' ir before the crash, none after
  EXPECT_EQ(renewals["vnf-1-fw-ctl-1"], 6);
  EXPECT_EQ(renewals["vnf-1-fw-ctl-2"], 6);
  expect_flows_pass(scenario, {"C.2.1.4"});

  scenario.faults[0].restart_after = sim::Duration();  // crashed for good
  sim::Simulation gone(scenario, registry());
  sim::TraceStore gone_store;
  gone.trace().subscribe(gone_store);
  gone.run();
  std::size_t gone_restored = 0, gone_renewals = 0;
  for (const auto& r : gone_store.records()) {
    if (r.operation == "CertificateRestored") ++gone_restored;
    if (r.operation == "CertificateInstalled" && r.actor == "vnf-1-fw-ctl-1" &&
        r.detail.find("purpose=renewal") != std::string::npos)
      ++gone_renewals;
  }
  EXPECT_EQ(gone_restored, 0u);
  EXPECT_EQ(gone_renewals, 0u);
}

}  // namespace
}  // namespace ifa026::conformance::annex_c_flows_test

namespace ifa026::conformance::annex_c_flows_test {
namespace {

struct CaRestartObservations {
  std::size_t restarts = 0;
  std::vector<std::map<std::string, std::string>> restored;  // StateRestored details, in order
  std::map<std::string, std::vector<std::string>> initial_serials;  // subject -> ir issuances
  std::set<std::string> revoked;
  std::map<std::string, int> renewals;                // vnfci -> renewed certificates installed
  std::vector<std::pair<long long, long long>> crls;  // (number, entries) in order
  std::vector<sim::Time> restart_times;
  std::vector<sim::Time> crl_times;
};

std::map<std::string, std::string> detail_pairs(const std::string& detail) {
  std::map<std::string, std::string> pairs;
  std::size_t at = 0;
  while (at < detail.size()) {
    std::size_t end = detail.find("; ", at);
    if (end == std::string::npos) end = detail.size();
    const std::string pair = detail.substr(at, end - at);
    const std::size_t eq = pair.find('=');
    if (eq != std::string::npos) pairs[pair.substr(0, eq)] = pair.substr(eq + 1);
    at = end + 2;
  }
  return pairs;
}

CaRestartObservations observe_ca_restart(const sim::Scenario& scenario) {
  sim::Simulation simulation(scenario, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  CaRestartObservations seen;
  for (const auto& r : store.records()) {
    if (r.operation == "RestartActor" && r.outcome == "ok" && r.peer == "ca-1") {
      ++seen.restarts;
      seen.restart_times.push_back(r.time);
    }
    if (r.actor != "ca-1" && r.operation != "CertificateInstalled") continue;
    const auto detail = detail_pairs(r.detail);
    if (r.operation == "StateRestored") seen.restored.push_back(detail);
    if (r.operation == "IssueCertificate" && r.outcome == "ok" && detail.count("request") &&
        detail.at("request") == "ir")
      seen.initial_serials[detail.at("subject")].push_back(detail.at("serial"));
    if (r.operation == "RevokeCertificate" && r.outcome == "ok")
      seen.revoked.insert(detail.at("serial"));
    if (r.operation == "PublishCrl" && r.outcome == "ok") {
      seen.crls.emplace_back(std::stoll(detail.at("number")), std::stoll(detail.at("entries")));
      seen.crl_times.push_back(r.time);
    }
    if (r.operation == "CertificateInstalled" &&
        r.detail.find("purpose=renewal") != std::string::npos)
      ++seen.renewals[r.actor];
  }
  return seen;
}

// The CA crashes in the middle of the VNFCIs' enrolments and again on day 100, and restarts from
// its disk each time (annex-c/C.2.1.4-ca-restart.json): the same keys (kur signed by certificates
// issued before both crashes renews), the same registrations and credentials, the same
// revocations and CRL numbering; what waited for a certConf is withdrawn and issued anew, so each
// VNFCI identity ends with exactly one valid initial certificate. The same crashes with the
// disk lost (a CA rebuilt with new keys) break the renewals: the checks can fail.
TEST(CaRestart, KeysRegistrationsAndRevocationsSurviveAndOpenTransactionsAreWithdrawn) {
  auto scenario = load("annex-c/C.2.1.4-ca-restart.json");
  const auto seen = observe_ca_restart(scenario);
  EXPECT_EQ(seen.restarts, 2u);
  ASSERT_EQ(seen.restored.size(), 2u);
  const long long withdrawn = std::stoll(seen.restored[0].at("withdrawn"));
  EXPECT_GE(withdrawn, 1);  // the crash came while certificates waited for their certConf
  EXPECT_EQ(seen.restored[0].at("registrations"), "4");
  EXPECT_EQ(seen.restored[1].at("withdrawn"), "0");
  // Each VNFCI identity: one initial certificate not revoked, whatever was issued twice.
  std::size_t vnfci_identities = 0;
  for (const auto& [subject, serials] : seen.initial_serials) {
    if (subject.find("vnf-1") == std::string::npos) continue;
    ++vnfci_identities;
    int valid = 0;
    for (const auto& serial : serials) valid += seen.revoked.count(serial) == 0 ? 1 : 0;
    EXPECT_EQ(valid, 1) << subject;
  }
  EXPECT_EQ(vnfci_identities, 4u);
  // CRL numbers only grow, across both restarts; the first CRL after the second restart still
  // lists the certificates withdrawn at the first.
  for (std::size_t i = 1; i < seen.crls.size(); ++i)
    EXPECT_GT(seen.crls[i].first, seen.crls[i - 1].first) << i;
  bool listed_after_second = false;
  for (std::size_t i = 0; i < seen.crls.size(); ++i) {
    if (seen.crl_times[i] < seen.restart_times.at(1)) continue;
    EXPECT_GE(seen.crls[i].second, withdrawn);
    listed_after_second = true;
    break;
  }
  EXPECT_TRUE(listed_after_second);
  EXPECT_EQ(seen.renewals.at("vnf-1-fw-ctl-1"), 6);
  EXPECT_EQ(seen.renewals.at("vnf-1-fw-ctl-2"), 6);
  expect_flows_pass(scenario, {"C.2.1.1", "C.2.1.4"});

  for (auto& fault : scenario.faults) fault.disk_lost = true;
  const auto amnesic = observe_ca_restart(scenario);
  EXPECT_EQ(amnesic.restarts, 2u);
  EXPECT_TRUE(amnesic.restored.empty());
  int renewed = 0;
  for (const auto& [vnfci, n] : amnesic.renewals) renewed += n;
  EXPECT_LT(renewed, 12) << "renewals went on although the CA lost its keys";
}

}  // namespace
}  // namespace ifa026::conformance::annex_c_flows_test

namespace ifa026::conformance::annex_c_flows_test {
namespace {

struct CmfRestartObservations {
  std::size_t restarts = 0;
  std::vector<std::map<std::string, std::string>> restored;
  std::size_t rediscovered = 0;    // VnfciDiscovered after the restart
  std::size_t reregistered = 0;    // EndEntityRegistration requested after the restart
  std::size_t reconfigured = 0;    // VnfciConfiguration sent after the restart
  std::size_t refused_checks = 0;  // RegistrationCheck rejected (any time)
  std::size_t renewals_recorded = 0;
  std::vector<std::map<std::string, std::string>> reconciliations;  // after the restart
};

CmfRestartObservations observe_cmf_restart(const sim::Scenario& scenario) {
  sim::Simulation simulation(scenario, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  CmfRestartObservations seen;
  std::optional<sim::Time> restarted;
  for (const auto& r : store.records()) {
    if (r.operation == "RestartActor" && r.outcome == "ok" && r.peer == "cmf-1") {
      ++seen.restarts;
      restarted = r.time;
    }
    if (r.actor != "cmf-1") continue;
    const bool after = restarted.has_value();
    if (r.operation == "StateRestored") seen.restored.push_back(detail_pairs(r.detail));
    if (after && r.operation == "VnfciDiscovered") ++seen.rediscovered;
    if (after && r.operation == "EndEntityRegistration" && r.outcome == "requested")
      ++seen.reregistered;
    if (after && r.operation == "VnfciConfiguration" && r.outcome == "sent") ++seen.reconfigured;
    if (after && r.operation == "VnfInventoryReconciliation" && r.outcome == "ok")
      seen.reconciliations.push_back(detail_pairs(r.detail));
    if (r.operation == "RegistrationCheck" && r.outcome == "rejected") ++seen.refused_checks;
    if (r.operation == "VnfciCertificateRecorded" &&
        r.detail.find("purpose=renewal") != std::string::npos)
      ++seen.renewals_recorded;
  }
  return seen;
}

// The CMF crashes on day 30 and restarts from its disk (annex-c/C.2.1.4-cmf-restart.json): its
// registrations and VNFCI inventory come back, the reconciliation after it subscribes again finds
// both VNFCIs known, nothing is registered or configured again, every later renewal is recorded and
// the VNFM's renewal through the CMF is accepted. With the disk lost the same restart forgets them:
// the VNFCIs are registered and configured anew and the VNFM's renewal is refused.
TEST(CmfRestart, RegistrationsAndInventorySurviveSoNothingIsDoneTwice) {
  auto scenario = load("annex-c/C.2.1.4-cmf-restart.json");
  const auto seen = observe_cmf_restart(scenario);
  EXPECT_EQ(seen.restarts, 1u);
  ASSERT_EQ(seen.restored.size(), 1u);
  EXPECT_EQ(seen.restored[0].at("registrations"), "1");  // vnfm-1
  EXPECT_EQ(seen.restored[0].at("vnfcis"), "2");
  EXPECT_EQ(seen.rediscovered, 0u);
  EXPECT_EQ(seen.reregistered, 0u);
  EXPECT_EQ(seen.reconfigured, 0u);
  ASSERT_FALSE(seen.reconciliations.empty());
  EXPECT_EQ(seen.reconciliations[0].at("known"), "2");
  EXPECT_EQ(seen.reconciliations[0].at("added"), "0");
  EXPECT_EQ(seen.refused_checks, 0u);
  EXPECT_EQ(seen.renewals_recorded, 12u);  // 2 VNFCIs x 2 identities x 3 renewals
  expect_flows_pass(scenario, {"C.2.1.4"});

  scenario.faults[0].disk_lost = true;
  const auto amnesic = observe_cmf_restart(scenario);
  EXPECT_TRUE(amnesic.restored.empty());
  EXPECT_EQ(amnesic.rediscovered, 2u);
  EXPECT_GT(amnesic.reregistered, 0u);
  EXPECT_GT(amnesic.refused_checks, 0u)
      << "the VNFM's renewal was accepted by a CMF that forgot it";
}

}  // namespace
}  // namespace ifa026::conformance::annex_c_flows_test

namespace ifa026::conformance::annex_c_flows_test {
namespace {

struct CompromiseObservations {
  std::optional<sim::Time> compromised_at;
  std::map<std::string, std::string> compromise;               // the CaKeyCompromise detail
  std::vector<std::map<std::string, std::string>> crls_after;  // PublishCrl since, in order
  std::size_t recovery_started = 0;                            // CMF CompromiseRecovery started
  std::set<std::string> reprovisioned;        // CMF CompromiseRecovery ok: entity= or vnfci=
  std::map<std::string, int> renewals_after;  // VNFCI actor -> renewals installed since
  std::size_t kur_refused_after = 0;          // renewals the new CA refused (old certificates)
  reports::CompromiseRecoverySummary recovery;
};

CompromiseObservations observe_compromise(const sim::Scenario& scenario) {
  sim::Simulation simulation(scenario, registry());
  sim::TraceStore store;
  reports::RunMetrics metrics;
  simulation.trace().subscribe(store);
  simulation.trace().subscribe(metrics);
  simulation.run();
  CompromiseObservations seen;
  for (const auto& r : store.records()) {
    if (r.operation == "CaKeyCompromise" && r.outcome == "ok" && !seen.compromised_at) {
      seen.compromised_at = r.time;
      seen.compromise = detail_pairs(r.detail);
    }
    if (!seen.compromised_at) continue;
    if (r.actor == "ca-1" && r.operation == "PublishCrl" && r.outcome == "ok")
      seen.crls_after.push_back(detail_pairs(r.detail));
    if (r.actor == "cmf-1" && r.operation == "CompromiseRecovery") {
      const auto detail = detail_pairs(r.detail);
      if (r.outcome == "started") ++seen.recovery_started;
      if (r.outcome == "ok")
        seen.reprovisioned.insert(detail.count("entity") ? detail.at("entity")
                                                         : detail.at("vnfci"));
    }
    if (r.operation == "CertificateInstalled" &&
        r.detail.find("purpose=renewal") != std::string::npos)
      ++seen.renewals_after[r.actor];
  }
  seen.recovery = metrics.compromise_recovery().summary();
  return seen;
}

// The issuing CA's key is compromised on day 45 (annex-c/C.2.1.4-ca-compromise.json): the CA
// revokes all its issuing CA issued (cACompromise), publishes that CA's final CRL and issues with a
// new issuing CA under the same root; the CMF sees its own RA certificate revoked, enrols a new
// one and provisions the VNFM and both VNFCIs again; every identity that held a certificate
// enrols again under the new CA, the run measures how long that took, and the VNFCIs go on
// renewing with kur under the new CA. Without the CRL reaching anyone (no CRL subscribers) the
// same compromise is never recovered from: the measure can fail.
TEST(CaCompromise, EveryIdentityEnrolsAgainUnderTheNewCaAndTheRecoveryIsMeasured) {
  auto scenario = load("annex-c/C.2.1.4-ca-compromise.json");
  const auto seen = observe_compromise(scenario);
  ASSERT_TRUE(seen.compromised_at.has_value());
  EXPECT_EQ(*seen.compromised_at, sim::Time() + sim::Duration::days(45));
  // The CMF's RA certificate, the VNFM's and the four VNFCI identities'.
  EXPECT_EQ(seen.compromise.at("revocations"), "6");
  EXPECT_NE(seen.compromise.at("new_issuer").find("G2"), std::string::npos);
  // The old CA's final CRL lists them; the new CA's CRLs follow with higher numbers.
  ASSERT_GE(seen.crls_after.size(), 2u);
  EXPECT_EQ(seen.crls_after[0].at("issuer"), seen.compromise.at("issuer"));
  EXPECT_GE(std::stoll(seen.crls_after[0].at("entries")), 6);
  EXPECT_EQ(seen.crls_after[1].at("issuer"), seen.compromise.at("new_issuer"));
  EXPECT_GT(std::stoll(seen.crls_after[1].at("number")),
            std::stoll(seen.crls_after[0].at("number")));
  EXPECT_EQ(seen.recovery_started, 1u);
  EXPECT_EQ(seen.reprovisioned,
            (std::set<std::string>{"vnfm-1", "vnf-1-fw-ctl-1", "vnf-1-fw-ctl-2"}));
  // Every identity holding a certificate at the compromise enrolled again: the VNFM and the
  // four VNFCI identities.
  EXPECT_EQ(seen.recovery.affected, 5u);
  EXPECT_EQ(seen.recovery.recovered, 5u) << ::testing::PrintToString(seen.recovery.unrecovered);
  ASSERT_TRUE(seen.recovery.deployment.has_value());
  EXPECT_GT(*seen.recovery.deployment, sim::Duration());
  EXPECT_LT(*seen.recovery.deployment, sim::Duration::minutes(10));
  std::cout << "recovery from the CA key compromise: "
            << sim::format_duration(*seen.recovery.deployment) << " for " << seen.recovery.recovered
            << " identities (median " << sim::format_duration(seen.recovery.recovery.p50) << ")\n";
  // Renewals with kur under the new CA: day 105 and day 165 for each identity.
  EXPECT_EQ(seen.renewals_after.at("vnf-1-fw-ctl-1"), 4);
  EXPECT_EQ(seen.renewals_after.at("vnf-1-fw-ctl-2"), 4);
  expect_flows_pass(scenario, {"C.2.1.1", "C.2.1.4"});

  for (auto& actor : scenario.actors)
    if (actor.name == "ca-1") actor.params["crl_subscribers"] = nlohmann::json::array();
  const auto unheard = observe_compromise(scenario);
  EXPECT_EQ(unheard.recovery_started, 0u);
  EXPECT_EQ(unheard.recovery.recovered, 0u);
  EXPECT_FALSE(unheard.recovery.deployment.has_value());
}

}  // namespace
}  // namespace ifa026::conformance::annex_c_flows_test
