// Security management as a whole (Annex A R1.2.30; docs/security-monitoring.md): the shipped
// VSF-insertion scenario's Fully-Active SM inserts a VSF on an event by its rule, which passes
// R1.2.30; with the SM's fault `manual_only` the rule fires but its reaction waits for an
// operator, and the same check fails.
#include <gtest/gtest.h>

#include <string>

#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance {
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

}  // namespace
}  // namespace ifa026::conformance
