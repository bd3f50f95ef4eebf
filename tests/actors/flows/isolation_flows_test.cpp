// Isolation and separation end to end (docs/trust-model.md "Isolation and separation"):
// scenarios/trust-domains/compromise.json and scenarios/security-manager/multi-sm.json through the
// real actors and conformance::Engine. R1.1.50 (a compromised SM changes nothing in an isolated
// domain), R1.1.60 (several SMs per domain, each served), R1.1.80 (an SM's policy on its own
// domain's functions) and R1.1.160 (SM traffic apart) pass on the shipped scenarios, and each
// turns to fail when a MANO fault switch (`sm_faults`) makes MANO obey the compromised SM, route a
// domain's events to one SM only, acknowledge a policy it never applies, or send SM messages
// labelled with a MANO-internal reference point.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "actors/builtin_actors.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::isolation_flows_test {
namespace {

using sm_flows::checks;
using sm_flows::registry;

// `folder/name.json` under scenarios/, with `ids` among what it covers and `fault` (if any) in
// the sm_faults of every MANO block hosting an SM gateway.
sim::Scenario load(const std::string& file, std::initializer_list<const char*> ids,
                   const std::string& fault = "") {
  sim::Scenario s = sm_flows::load_shipped(file);
  for (const char* id : ids) sm_flows::cover(s, id);
  if (!fault.empty())
    sm_flows::switch_on(s, fault, [](const sim::ActorSpec& a) {
      return a.type == "nfvo" || a.type == "vnfm" || a.type == "vim";
    });
  return s;
}

// The requirement's verdict over the run (fail if any evaluation failed), reasons in `reason`.
Verdict verdict_of(const sim::Scenario& s, const std::string& id, std::string& reason) {
  const ConformanceReport report = sm_flows::run(s);
  Verdict worst = Verdict::none;
  bool seen = false;
  for (const auto& e : report.evaluations)
    if (e.requirement_id == id) {
      reason += e.reason + "\n";
      if (!seen || e.verdict == Verdict::fail) worst = e.verdict;
      seen = true;
    }
  return worst;
}

const char* kCompromise = "trust-domains/compromise.json";
const char* kMultiSm = "security-manager/multi-sm.json";

TEST(IsolationShipped, CompromiseScenarioPassesEveryIsolationCheck) {
  const sim::Scenario s = load(kCompromise, {});
  for (const char* id : {"R1.1.50", "R1.1.60", "R1.1.80", "R1.1.160"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(s, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(IsolationShipped, MultiSmServesBothSmsOfADomainOnSeparateTraffic) {
  const sim::Scenario s = load(kMultiSm, {"R1.1.60", "R1.1.160", "R1.1.50"});
  std::string reason;
  EXPECT_EQ(verdict_of(s, "R1.1.60", reason), Verdict::pass) << reason;
  EXPECT_EQ(verdict_of(s, "R1.1.160", reason), Verdict::pass) << reason;
  // No SM is compromised there: the run-time check of R1.1.50 says nothing (the design-time
  // graph check G11, registered under the same ID, may still judge the model).
  const auto report = sm_flows::run(s);
  bool judged = false;
  for (const auto& e : report.evaluations)
    if (e.requirement_id == "R1.1.50" && e.check.find("compromised") != std::string::npos) {
      EXPECT_EQ(e.verdict, Verdict::none) << e.reason;
      judged = true;
    }
  EXPECT_TRUE(judged);
}

// The VSFs of vsf-insertion.json and the in-event and unsolicited policies of semi-active.json
// hold their own domain's SM policy.
TEST(IsolationShipped, DomainPoliciesStayOnTheirDomainsFunctions) {
  for (const char* file :
       {"security-manager/vsf-insertion.json", "security-manager/semi-active.json"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(load(file, {"R1.1.80"}), "R1.1.80", reason), Verdict::pass)
        << file << ": " << reason;
  }
}

// A td-a SM's policy applied to td-b's VNFs (MANO obeys the compromised sm-1), and an
// unsolicited policy acknowledged but applied to no function: R1.1.80 fails.
TEST(IsolationFaults, PolicyOnAnotherDomainOrOnNoFunctionFailsR1_1_80) {
  std::string reason;
  EXPECT_EQ(verdict_of(load(kCompromise, {}, "obey_foreign"), "R1.1.80", reason), Verdict::fail)
      << reason;
  EXPECT_NE(reason.find("does not manage"), std::string::npos) << reason;
  reason.clear();
  EXPECT_EQ(verdict_of(load("security-manager/semi-active.json", {"R1.1.80"},
                            "unsolicited_policy_unapplied"),
                       "R1.1.80", reason),
            Verdict::fail)
      << reason;
  EXPECT_NE(reason.find("applied to no function"), std::string::npos) << reason;
}

// MANO acts on the compromised sm-1's word about td-b: its termination and policy of td-b's
// VNFs are granted and carried out.
TEST(IsolationFaults, ObeyingTheCompromisedSmFailsR1_1_50) {
  std::string reason;
  EXPECT_EQ(verdict_of(load(kCompromise, {}, "obey_foreign"), "R1.1.50", reason), Verdict::fail)
      << reason;
  EXPECT_NE(reason.find("compromised sm-1"), std::string::npos) << reason;
}

// A domain's events reach its first SM only: sm-3 (td-b, compromise.json) and sm-2 (td-a,
// multi-sm.json) miss them.
TEST(IsolationFaults, OneSmPerDomainFailsR1_1_60) {
  for (const char* file : {kCompromise, kMultiSm}) {
    std::string reason;
    EXPECT_EQ(verdict_of(load(file, {"R1.1.60"}, "one_sm_per_domain"), "R1.1.60", reason),
              Verdict::fail)
        << file << ": " << reason;
    EXPECT_NE(reason.find("never got event"), std::string::npos) << reason;
  }
}

// The SM gateways send their messages labelled Or-Vnfm, a MANO-internal reference point.
TEST(IsolationFaults, SmTrafficOnAManoReferencePointFailsR1_1_160) {
  std::string reason;
  EXPECT_EQ(verdict_of(load(kCompromise, {}, "sm_traffic_on:Or-Vnfm"), "R1.1.160", reason),
            Verdict::fail)
      << reason;
  EXPECT_NE(reason.find("on Or-Vnfm"), std::string::npos) << reason;
}

}  // namespace
}  // namespace ifa026::conformance::isolation_flows_test
