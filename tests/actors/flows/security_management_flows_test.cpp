// Security management as a whole (Annex A R1.2.10, R1.2.30; docs/security-monitoring.md). R1.2.30:
// the shipped VSF-insertion scenario's Fully-Active SM inserts a VSF on an event by its rule, which
// passes; with the SM's fault `manual_only` the rule fires but its reaction waits for an operator,
// and the same check fails. R1.2.10: the validation-and-drift scenario's SM discovers functions,
// pushes rule tables, validates and monitors; without its monitoring the check fails.
#include <gtest/gtest.h>

#include <string>

#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::security_management_flows_test {
namespace {

using sm_flows::run;
using sm_flows::verdict_of;

sim::Scenario load() {
  sim::Scenario s = sm_flows::load_shipped("security-manager/vsf-insertion.json");
  sm_flows::cover(s, "R1.2.30");
  return s;
}

TEST(SecurityManagementAutomation, RuleReactionsPassWithoutAnOperator) {
  const ConformanceReport report = run(load());
  std::string reason;
  EXPECT_EQ(verdict_of(report, "R1.2.30", reason), Verdict::pass) << reason;
  EXPECT_NE(reason.find("sent automatically"), std::string::npos) << reason;
}

TEST(SecurityManagementAutomation, ManualOnlyFailsTheCheck) {
  sim::Scenario s = load();
  sm_flows::switch_on(s, "manual_only", [](const sim::ActorSpec& a) { return a.name == "sm-2"; });
  const ConformanceReport report = run(s);
  std::string reason;
  EXPECT_EQ(verdict_of(report, "R1.2.30", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("held for an operator"), std::string::npos) << reason;
}

sim::Scenario lifecycle_scenario() {
  return sm_flows::load_shipped("security-monitoring/sf-validation-drift.json");
}

TEST(SecurityPolicyLifecycle, PlannedEnforcedValidatedMonitoredPasses) {
  const ConformanceReport report = run(lifecycle_scenario());
  std::string reason;
  EXPECT_EQ(verdict_of(report, "R1.2.10", reason), Verdict::pass) << reason;
  for (const char* part : {"planned (SecurityFunctionDiscovered)", "PolicyValidation pass",
                           "monitored (MonitoringRun)"})
    EXPECT_NE(reason.find(part), std::string::npos) << part << " in " << reason;
}

TEST(SecurityPolicyLifecycle, AnSmThatNeverMonitorsFails) {
  sim::Scenario s = lifecycle_scenario();
  for (auto& actor : s.actors)
    if (actor.name == "sm-1") actor.params.erase("monitoring");
  const ConformanceReport report = run(s);
  std::string reason;
  EXPECT_EQ(verdict_of(report, "R1.2.10", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("monitored nothing"), std::string::npos) << reason;
}

}  // namespace
}  // namespace ifa026::conformance::security_management_flows_test
