// Monitoring runs, the data-plane probe, SLA windows, topology tracking and SM readiness end to end
// (scenarios/security-monitoring/monitoring-*.json; docs/security-monitoring.md "Monitoring runs,
// probes and SLA windows"): through the real actors and conformance::Engine, R1.3.30, R1.3.50,
// R1.3.170, R1.3.210 and R1.3.240 pass on the shipped scenarios, and each fault switch turns its
// check to fail.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/trace_query.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::monitoring_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;

using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

sim::Scenario load(const std::string& name) {
  return sm_flows::load_shipped("security-monitoring/" + name + ".json");
}

// Appends `fault` to the list `key` of the actor named `actor`.
void add_fault(sim::Scenario& s, const std::string& actor, const std::string& key,
               const std::string& fault) {
  for (auto& a : s.actors)
    if (a.name == actor) {
      if (!a.params.contains(key)) a.params[key] = nlohmann::json::array();
      a.params[key].push_back(fault);
    }
}

Verdict verdict(const sim::Scenario& s, const std::string& id, std::string& reason) {
  return verdict_of(run(s), id, reason);
}

std::vector<sim::TraceRecord> trace_of(const sim::Scenario& s) {
  sim::Simulation simulation(s, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

std::size_t count(const std::vector<sim::TraceRecord>& trace, const std::string& actor,
                  const std::string& operation, const std::string& outcome) {
  std::size_t n = 0;
  for (const auto& r : trace)
    if (r.actor == actor && r.operation == operation && r.outcome == outcome) ++n;
  return n;
}

// ---- R1.3.30: fail-safe inline monitor, fail-silent passive monitor ----

TEST(MonitoringFlows, FailSafeScenarioPasses) {
  std::string reason;
  EXPECT_EQ(verdict(load("monitoring-fail-safe"), "R1.3.30", reason), Verdict::pass) << reason;
}

TEST(MonitoringFlows, InlineDownBlocksProbesAndPassiveDownChangesNothing) {
  const auto trace = trace_of(load("monitoring-fail-safe"));
  EXPECT_GT(count(trace, "dp-inline", decisions::kFailSafe, outcomes::kDeny), 10u);
  EXPECT_EQ(count(trace, "dp-inline", decisions::kProbeForwarded, outcomes::kUnfiltered), 0u);
  EXPECT_GT(count(trace, "dp-tap", decisions::kProbeTapped, outcomes::kMissed), 10u);
  EXPECT_EQ(count(trace, "probe-1", decisions::kProbeResult, outcomes::kError), 0u);
  // Only the probes sent while the inline monitor was down time out.
  const std::size_t timeouts = count(trace, "probe-1", decisions::kProbeResult, outcomes::kTimeout);
  EXPECT_GE(timeouts, 19u);
  EXPECT_LE(timeouts, 21u);
}

TEST(MonitoringFlows, InlineMonitorFailingOpenFails) {
  sim::Scenario s = load("monitoring-fail-safe");
  add_fault(s, "dp-inline", "dataplane_faults", "fail_open");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.30", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("uninspected"), std::string::npos) << reason;
}

TEST(MonitoringFlows, PassiveMonitorFailingLoudFails) {
  sim::Scenario s = load("monitoring-fail-safe");
  add_fault(s, "dp-tap", "dataplane_faults", "fail_loud");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.30", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("passive monitor dp-tap was down"), std::string::npos) << reason;
}

// ---- R1.3.240 and R1.3.50: monitoring runs and on/off windows ----

TEST(MonitoringFlows, RunsScenarioPasses) {
  const sim::Scenario s = load("monitoring-runs");
  const ConformanceReport report = run(s);
  for (const char* id : {"R1.3.240", "R1.3.50"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(MonitoringFlows, EveryTriggerRunsAndAsksMano) {
  const auto trace = trace_of(load("monitoring-runs"));
  std::map<std::string, std::size_t> triggers;
  for (const auto& r : trace)
    if (r.actor == "sm-1" && r.operation == decisions::kMonitoringRun &&
        r.outcome == outcomes::kStarted)
      ++triggers[detail_of(r, keys::kTrigger)];
  EXPECT_GE(triggers["continuous"], 20u);
  EXPECT_EQ(triggers["manual"], 1u);
  EXPECT_EQ(triggers["admin"], 2u);  // the command, and monitoring switched back on
  EXPECT_GE(triggers["event"], 2u);
}

TEST(MonitoringFlows, BlindMonitoringFails) {
  sim::Scenario s = load("monitoring-runs");
  add_fault(s, "sm-1", "sm_faults", "blind_monitoring");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.240", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("observed nothing"), std::string::npos) << reason;
}

TEST(MonitoringFlows, MonitoringFloodBreaksTheSlaMargin) {
  sim::Scenario s = load("monitoring-runs");
  add_fault(s, "sm-1", "sm_faults", "monitoring_flood");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.50", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("probe p99"), std::string::npos) << reason;
}

// ---- R1.3.170 and R1.3.210: topology tracking, SMs before LCM ----

TEST(MonitoringFlows, TopologyScenarioPasses) {
  const sim::Scenario s = load("monitoring-topology");
  const ConformanceReport report = run(s);
  for (const char* id : {"R1.3.170", "R1.3.210"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(MonitoringFlows, EarlyInstantiationRefusedUntilSmsBound) {
  const auto trace = trace_of(load("monitoring-topology"));
  EXPECT_GE(count(trace, "nfvo-1", decisions::kSmReadiness, outcomes::kNotReady), 1u);
  EXPECT_EQ(count(trace, "nfvo-1", decisions::kSmReadiness, outcomes::kReady), 1u);
  std::size_t refused = 0;
  for (const auto& r : trace)
    if (r.operation == decisions::kNsLcmOperation && r.outcome == outcomes::kRejected &&
        detail_of(r, keys::kReason).find("security management not ready") != std::string::npos)
      ++refused;
  EXPECT_EQ(refused, 1u);
}

TEST(MonitoringFlows, StaleTopologyFails) {
  sim::Scenario s = load("monitoring-topology");
  add_fault(s, "sm-1", "sm_faults", "stale_topology");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.170", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("after its migration to"), std::string::npos) << reason;
}

TEST(MonitoringFlows, LcmBeforeSmFails) {
  sim::Scenario s = load("monitoring-topology");
  add_fault(s, "nfvo-1", "sm_faults", "lcm_before_sm");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.210", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("before the first lifecycle operation"), std::string::npos) << reason;
}

TEST(MonitoringFlows, BadMonitoringParameterIsLocated) {
  const std::string text = R"({
  "name": "bad", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
  "actors": [
    {"name": "sm-1", "type": "sm", "params": {"nfvo": "nfvo-1", "monitoring": {"period": "0s", "colour": 1}}},
    {"name": "dp-1", "type": "dataplane", "params": {"role": "router"}}
  ]
})";
  auto l = sim::load_scenario_text("bad.json", text, registry());
  std::string all;
  for (const auto& d : l.errors) all += sim::format_diagnostic(d) + "\n";
  EXPECT_FALSE(l.scenario.has_value());
  EXPECT_NE(all.find("/actors/0/params/monitoring/period"), std::string::npos) << all;
  EXPECT_NE(all.find("/actors/0/params/monitoring/colour"), std::string::npos) << all;
  EXPECT_NE(all.find("/actors/1/params/role"), std::string::npos) << all;
}

}  // namespace
}  // namespace ifa026::conformance::monitoring_flows_test
