// Delegation mode end to end (docs/delegation-mode.md): the shipped delegation scenarios run
// through the real VNFM, CMF, CA, VIM, CISM and VNFCIs and conformance::Engine; each delegation
// check passes on its scenario, and the same scenario with one implementation fault switched on
// (VNFM, VIM / CISM or VNFCI `delegation_faults`) turns that check to fail with a reason naming
// what happened. The negative scenarios end with no VNFCI key where it must not be (the final
// KeyInventory records).
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"

namespace ifa026::conformance::delegation_flows_test {
namespace {

using sim::TraceRecord;

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

sim::Scenario load(const std::string& relative) {
  auto l = sim::load_scenario_file(std::string(IFA026_SOURCE_DIR) + "/scenarios/" + relative,
                                   registry(), scenario_rules(Catalogue::builtin()));
  for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!l.scenario) throw std::runtime_error("cannot load " + relative);
  return *l.scenario;
}

// One scenario judged by the built-in checks, with its whole trace kept.
struct Run {
  ConformanceReport report;
  std::vector<TraceRecord> trace;

  // The scenario's evaluation of `id` (not the suite step's).
  const Evaluation& of(const std::string& id) const {
    for (const auto& e : report.evaluations)
      if (e.requirement_id == id && e.scenario != "(suite)") return e;
    throw std::runtime_error(id + ": no scenario evaluation");
  }
  // Every scenario evaluation of `id` (a flow has its walk and its key-custody check).
  std::vector<const Evaluation*> all(const std::string& id) const {
    std::vector<const Evaluation*> out;
    for (const auto& e : report.evaluations)
      if (e.requirement_id == id && e.scenario != "(suite)") out.push_back(&e);
    if (out.empty()) ADD_FAILURE() << id << ": no scenario evaluation";
    return out;
  }
};

Run run(const sim::Scenario& scenario) {
  Engine engine(Catalogue::builtin(), checks(), registry());
  auto store = std::make_shared<sim::TraceStore>();
  engine.on_simulation_built = [store](sim::Simulation& s) { s.trace().subscribe(*store); };
  Run out{engine.run({scenario}), {}};
  out.trace = store->records();
  if (!out.report.scenarios.empty() && !out.report.scenarios[0].error.empty())
    ADD_FAILURE() << scenario.name << ": " << out.report.scenarios[0].error;
  return out;
}

void add_fault(nlohmann::json& params, const std::string& fault) {
  if (!params.contains("delegation_faults")) params["delegation_faults"] = nlohmann::json::array();
  params["delegation_faults"].push_back(fault);
}

// `fault` switched on at every actor of `type` ("vnfm", "vim", "cism", "hsm": its
// delegation_faults), or — type "vnfci" — in the parameters every VNFM gives its VNFCIs (the
// allocation's user_data), or — type "TYPE:param" — as a boolean implementation-fault parameter of
// that name of every actor of TYPE (the CMF's skip_attestation_check, the HSM's forge_attestation).
sim::Scenario with_fault(sim::Scenario s, const std::string& type, const std::string& fault) {
  constexpr std::string_view kParam = ":param";
  for (auto& a : s.actors) {
    if (type.ends_with(kParam) && a.type == type.substr(0, type.size() - kParam.size())) {
      a.params[fault] = true;
    } else if (type == "vnfci" && a.type == "vnfm") {
      if (!a.params.contains("vnfci_params")) a.params["vnfci_params"] = nlohmann::json::object();
      add_fault(a.params["vnfci_params"], fault);
    } else if (a.type == type) {
      add_fault(a.params, fault);
    }
  }
  return s;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The final KeyInventory `held` records of `actor_prefix` about VNFCI keys of `certificate_type`.
std::vector<const TraceRecord*> held(const std::vector<TraceRecord>& trace,
                                     const std::string& actor_prefix,
                                     const std::string& certificate_type) {
  std::vector<const TraceRecord*> out;
  for (const auto& r : trace)
    if (r.operation == "KeyInventory" && r.outcome == "held" && r.actor.starts_with(actor_prefix) &&
        (certificate_type.empty() || has(r.detail, "certificate_type=" + certificate_type)))
      out.push_back(&r);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Every delegation check: the shipped scenario passes it; the fault turns it to fail.

struct FaultCase {
  std::string scenario;     // relative to scenarios/
  std::string id;           // the requirement judged
  std::string who;          // vnfm, vim, cism, hsm, vnfci, cmf:param, hsm:param (with_fault)
  std::string fault;        // the delegation_faults entry
  std::string reason_part;  // what the failing reason names
  // Optional change of the scenario before the fault is switched on (then no clean run).
  std::function<void(sim::Scenario&)> prepare = {};
  // The fault suppresses a suite part: the merged requirement stays below pass naming it.
  bool suite_part = false;
};

std::ostream& operator<<(std::ostream& os, const FaultCase& c) {
  return os << c.scenario << " " << c.id << " " << c.who << ":" << c.fault;
}

class DelegationFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(DelegationFault, PassesAsShippedAndFailsWithTheFault) {
  const auto& c = GetParam();
  auto scenario = load(c.scenario);
  if (c.prepare) c.prepare(scenario);
  if (!c.prepare) {
    const auto clean = run(scenario);
    for (const auto* e : clean.all(c.id))
      EXPECT_EQ(e->verdict, Verdict::pass) << c.id << ": " << e->reason;
  }
  const auto faulty = run(with_fault(scenario, c.who, c.fault));
  bool failed = false;
  std::string reasons;
  for (const auto* e : faulty.all(c.id)) {
    reasons += "\n  " + std::string(to_string(e->verdict)) + ": " + e->reason;
    failed = failed || (e->verdict == Verdict::fail && has(e->reason, c.reason_part));
  }
  if (c.suite_part) {
    // A lifecycle part the fault suppresses: the requirement cannot pass, and says which part.
    for (const auto& r : faulty.report.requirements)
      if (r.id == c.id) {
        reasons += "\n  requirement " + std::string(to_string(r.verdict)) + ": " + r.reason;
        failed = failed || (r.verdict != Verdict::pass && has(r.reason, c.reason_part));
      }
  }
  EXPECT_TRUE(failed) << c.id << " with " << c.who << ":" << c.fault << " did not fail naming \""
                      << c.reason_part << "\":" << reasons;
}

// A configuration-mode VNF whose VNFCIs have no OAM identity: no Ve-Vnfm-vnf session possible.
void without_oam_identity(sim::Scenario& s) {
  for (auto& a : s.actors) {
    if (a.type != "oss") continue;
    for (auto& [name, vnfd] : a.params["vnfds"].items()) {
      for (auto& [vnfc, spec] : vnfd["vnfcs"].items()) {
        auto& ids = spec["identities"];
        for (auto it = ids.begin(); it != ids.end();)
          it = (*it)["usage"] == "oam" ? ids.erase(it) : it + 1;
      }
    }
  }
}

const std::vector<FaultCase> kFaultCases = {
    // VNFM delegation_faults
    {"annex-c/C.2.2.3.json", "Vnfm.Sc.019", "vnfm", "mismatched_key",
     "without checking the certificate against the key pair"},
    {"annex-c/C.2.2.3.json", "C.2.2.3", "vnfm", "mismatched_key", "C.2.2.3#2"},
    {"annex-c/C.2.2.3.json", "Vnfm.Sc.005", "vnfm", "retain_keys", "vnfm-1"},
    {"annex-c/C.2.2.2.6.json", "C.2.2.2.6", "vnfm", "csr_for_foreign_vnfci", "C.2.2.2.6#1"},
    {"annex-c/C.3.2.2.json", "C.3.2.2", "vnfm", "wrong_csr_subject", "C.3.2.2#2"},
    {"annex-c/C.2.2.4.6.json", "C.2.2.4.6", "vnfm", "unprotected_configuration", "plain",
     without_oam_identity},
    {"annex-c/delegation-lifecycle.json",
     "Vnfm.Sc.010",
     "vnfm",
     "skip_renewal",
     "renewal",
     {},
     true},
    {"annex-c/delegation-lifecycle.json", "Vnfm.Sc.010", "vnfm", "skip_revocation",
     "no CA revoked one"},
    // CMF and HSM implementation-fault parameters
    {"annex-c/C.2.2.2.7.json", "Cmf.CertLcm.011", "cmf:param", "skip_attestation_check",
     "without verifying its key attestation (policy optional)"},
    // A rogue HSM: its statements do not chain to its vendor root, the CMF refuses them.
    {"annex-c/C.2.2.2.7.json", "Vnfm.Sc.017", "hsm:param", "forge_attestation",
     "the CMF did not verify the key attestation (chain does not end at a vendor root"},
    {"annex-c/C.2.2.2.7.json", "Vnfm.Sc.018", "hsm:param", "forge_attestation",
     "the CMF did not verify the key attestation"},
    // VIM / CISM delegation_faults
    {"annex-c/C.2.2.3.json", "Vim.Sc.008", "vim", "retain_keys", "vim-1"},
    {"annex-c/C.2.2.3.json", "Vim.Vrm.010", "vim", "drop_resource_credentials",
     "forwarded no certificate of the resource"},
    {"annex-c/C.2.2.3-container.json", "C.2.2.3", "cism", "retain_keys", "cism-1"},
    {"annex-c/C.2.2.4.6-container.json", "C.2.2.4.6", "cism", "retain_keys", "cism-1"},
    // VNFCI delegation_faults
    {"annex-c/C.2.2.3.json", "C.2.2.3", "vnfci", "refuse_install", "C.2.2.3#2"},
    {"annex-c/C.2.2.3.json", "Vim.Sc.006", "vnfci", "refuse_install", "C.2.2.3#2"},
    {"annex-c/C.3.2.3.json", "C.3.2.3", "vnfci", "refuse_install", "C.3.2.3#2"},
};

INSTANTIATE_TEST_SUITE_P(Delegation, DelegationFault, ::testing::ValuesIn(kFaultCases),
                         [](const ::testing::TestParamInfo<FaultCase>& info) {
                           std::string name = std::to_string(info.index) + "_" + info.param.id +
                                              "_" + info.param.who + "_" + info.param.fault;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// A VNFCI that skips its key-pair check (accept_mismatched_key) installs the mismatched key a
// faulty VNFM (mismatched_key) sends: the ledger shows a key sent that is not the one generated
// and certified, and C.2.2.3's key custody check fails.
TEST(DelegationFaults, AVnfciSkippingItsKeyCheckInstallsTheWrongKeyAndTheLedgerShowsIt) {
  const auto s = with_fault(with_fault(load("annex-c/C.2.2.3.json"), "vnfm", "mismatched_key"),
                            "vnfci", "accept_mismatched_key");
  const auto r = run(s);
  bool installed = false;
  for (const auto& rec : r.trace)
    installed = installed || (rec.operation == "CertificateInstalled" && rec.outcome == "ok" &&
                              rec.step == "C.2.2.3#2");
  EXPECT_TRUE(installed) << "the VNFCI should have installed without its check";
  bool failed = false;
  std::string reasons;
  for (const auto* e : r.all("C.2.2.3")) {
    reasons += "\n  " + std::string(to_string(e->verdict)) + ": " + e->reason;
    failed = failed || e->verdict == Verdict::fail;
  }
  EXPECT_TRUE(failed) << reasons;
  EXPECT_EQ(r.of("Vnfm.Sc.019").verdict, Verdict::fail) << r.of("Vnfm.Sc.019").reason;
}

// ---------------------------------------------------------------------------------------------
// The negative scenarios: nothing installed, and no copy kept, where it must not be.

struct NegativeCase {
  std::string scenario;
  bool no_vnfci_key_installed;  // no VNFCI ends holding a key of certificate type vnfci
};

class DelegationNegative : public ::testing::TestWithParam<NegativeCase> {};

TEST_P(DelegationNegative, EndsWithNoKeyWhereItMustNotBe) {
  const auto& c = GetParam();
  const auto r = run(load(c.scenario));
  bool inventories = false;
  for (const auto& rec : r.trace) inventories = inventories || rec.operation == "KeyInventory";
  ASSERT_TRUE(inventories) << c.scenario << ": no final KeyInventory in the trace";
  for (const char* relay : {"vnfm-", "vim-", "cism-"})
    for (const auto* h : held(r.trace, relay, ""))
      ADD_FAILURE() << c.scenario << ": " << h->actor << " still holds " << h->detail;
  if (c.no_vnfci_key_installed) {
    for (const auto& rec : r.trace)
      if (rec.operation == "KeyInventory" && rec.outcome == "held" &&
          has(rec.detail, "certificate_type=vnfci"))
        ADD_FAILURE() << c.scenario << ": " << rec.actor << " holds " << rec.detail;
    for (const auto& rec : r.trace)
      if (rec.operation == "CertificateInstalled" && rec.outcome == "ok" &&
          has(rec.detail, "certificate_type=vnfci"))
        ADD_FAILURE() << c.scenario << ": " << rec.actor << " installed " << rec.detail;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Delegation, DelegationNegative,
    ::testing::Values(NegativeCase{"negative/delegation-attempts-exhausted.json", true},
                      NegativeCase{"negative/delegation-retention-expired.json", false},
                      NegativeCase{"negative/delegation-csr-subject-mismatch.json", true},
                      NegativeCase{"negative/delegation-not-a-delegate.json", true},
                      NegativeCase{"negative/delegation-other-vnfm-vnfci.json", false}),
    [](const ::testing::TestParamInfo<NegativeCase>& info) {
      std::string name = info.param.scenario;
      for (auto& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

// Both modes in one NS: the direct-mode keys stay with their VNFCI (K8) while the delegation-mode
// VNF's keys travel VNFM -> VIM -> VNFCI; the CMF leaves the delegated VNF's VNFCIs alone.
TEST(DelegationDualMode, DirectKeysStayHomeAndTheCmfLeavesTheDelegatedVnfAlone) {
  const auto r = run(load("annex-c/dual-mode.json"));
  EXPECT_EQ(r.of("5.2.3.1-b").verdict, Verdict::pass) << r.of("5.2.3.1-b").reason;
  for (const char* id : {"C.2.2.3", "C.2.1.1", "Nfvo.Sc.006"}) {
    bool passed = false;
    for (const auto& e : r.report.evaluations)
      if (e.requirement_id == id && e.scenario != "(suite)") {
        EXPECT_NE(e.verdict, Verdict::fail) << id << ": " << e.reason;
        passed = passed || e.verdict == Verdict::pass;
      }
    EXPECT_TRUE(passed) << id;
  }
  for (const auto& rec : r.trace) {
    if (rec.operation == "VnfciDiscovered" && rec.outcome == "ok") {
      EXPECT_FALSE(has(rec.detail, "vnf-fw-")) << rec.detail;
    }
  }
}

}  // namespace
}  // namespace ifa026::conformance::delegation_flows_test
