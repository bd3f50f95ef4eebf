// The SM hierarchy scenarios (scenarios/trust-domains/hierarchy*.json, invisibility.json) end to
// end through the real actors and conformance::Engine: R2.1.50, 5.1.3-a and the invisibility
// check pass, and each hierarchy fault switch of the NFVO's gateway (`sm_faults`: no_hierarchy,
// hierarchy_everywhere, ignore_overrule, leak_master; docs/security-manager.md) turns the check
// it targets to fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "actors/builtin_actors.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::sm_hierarchy_flows_test {
namespace {

using sm_flows::checks;
using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

sim::Scenario load(const std::string& name, const std::string& fault = "") {
  sim::Scenario s = sm_flows::load_shipped("trust-domains/" + name + ".json");
  if (!fault.empty())
    sm_flows::switch_on(s, fault, [](const sim::ActorSpec& a) { return a.name == "nfvo-1"; });
  return s;
}

class ShippedHierarchyScenario : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedHierarchyScenario, EveryCoveredRequirementPasses) {
  const sim::Scenario s = load(GetParam());
  const ConformanceReport report = run(s);
  ASSERT_FALSE(s.covers.empty());
  for (const auto& id : s.covers) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass)
        << GetParam() << " " << id << ": " << reason;
  }
}

INSTANTIATE_TEST_SUITE_P(TrustDomains, ShippedHierarchyScenario,
                         ::testing::Values("hierarchy", "hierarchy-refusals", "invisibility"));

// The master's overrule in hierarchy.json replaced sm-sub's rejection: vnf-fw's instantiation
// ran, and the master terminated vnf-lb in the grandchild's domain by hierarchy.
TEST(SmHierarchy, OverruleAndTerminationTakeEffect) {
  const ConformanceReport report = run(load("hierarchy"));
  std::string reason;
  ASSERT_EQ(verdict_of(report, "5.1.3-a", reason), Verdict::pass) << reason;
  EXPECT_NE(reason.find("INSTANTIATE of vnf-fw ran"), std::string::npos) << reason;
  EXPECT_NE(reason.find("master sm-master terminated vnf-lb"), std::string::npos) << reason;
}

struct FaultCase {
  const char* scenario;
  const char* fault;
  const char* requirement;
};

class SmHierarchyFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(SmHierarchyFault, TurnsTheCheckToFail) {
  const FaultCase c = GetParam();
  std::string reason;
  EXPECT_EQ(verdict_of(run(load(c.scenario, c.fault)), c.requirement, reason), Verdict::fail)
      << c.scenario << " with " << c.fault << ": " << reason;
}

INSTANTIATE_TEST_SUITE_P(
    TrustDomains, SmHierarchyFault,
    ::testing::Values(FaultCase{"hierarchy-refusals", "no_hierarchy", "R2.1.50"},
                      FaultCase{"hierarchy", "no_hierarchy", "5.1.3-a"},
                      FaultCase{"hierarchy-refusals", "hierarchy_everywhere", "R2.1.50"},
                      FaultCase{"hierarchy-refusals", "hierarchy_everywhere", "5.1.3-a"},
                      FaultCase{"hierarchy", "ignore_overrule", "5.1.3-a"},
                      FaultCase{"invisibility", "leak_master", "R2.1.120"},
                      FaultCase{"hierarchy", "leak_master", "5.1.3-h"}));

}  // namespace
}  // namespace ifa026::conformance::sm_hierarchy_flows_test
