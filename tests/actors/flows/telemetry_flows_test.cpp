// Telemetry and collectors end to end (scenarios/security-monitoring/telemetry-*.json,
// docs/security-monitoring.md "Telemetry and collectors"): through the real OSS, CMF, CA, NFVO,
// VNFM, VIM, VNFCI, SM, collector and PNF actors and conformance::Engine, R1.3.60, R1.3.70,
// R1.3.90, R1.3.130, R1.3.140, R1.3.190, R1.3.230 and R1.3.250 pass; the stores in the final state
// are AES-256-GCM under the provisioned keys; and each fault switch turns its check to fail.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/telemetry_store.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/trace_query.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::telemetry_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;
using nlohmann::json;
using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

sim::Scenario load(const std::string& name) {
  return sm_flows::load_shipped("security-monitoring/" + name + ".json");
}

sim::ActorSpec& actor(sim::Scenario& s, const std::string& name) {
  for (auto& a : s.actors)
    if (a.name == name) return a;
  throw std::runtime_error("no actor " + name);
}

Verdict verdict(const sim::Scenario& s, const std::string& id, std::string& reason) {
  return verdict_of(run(s), id, reason);
}

TEST(Telemetry, TwoCollectorsScenarioPasses) {
  const ConformanceReport report = run(load("telemetry-two-collectors"));
  for (const char* id : {"R1.3.60", "R1.3.70", "R1.3.90", "R1.3.140", "R1.3.230", "R1.3.250"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(Telemetry, ExploitScenarioPasses) {
  std::string reason;
  EXPECT_EQ(verdict(load("telemetry-exploit"), "R1.3.190", reason), Verdict::pass) << reason;
}

TEST(Telemetry, StoreTamperedScenarioPasses) {
  const ConformanceReport report = run(load("telemetry-store-tampered"));
  for (const char* id : {"R1.3.130", "R1.3.140"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

// The remedy follows the SM's mode in the VNF's domain: Fully-Active instructs the quarantine,
// Passive only alerts (and MANO terminates nothing).
TEST(Telemetry, TheRemedyFollowsTheSmsMode) {
  for (const char* mode : {"fully_active", "passive"}) {
    sim::Scenario s = load("telemetry-exploit");
    s.trust_model["sms"][0]["manages"]["td-a"] = mode;
    sim::Simulation simulation(s, registry());
    sim::TraceStore trace;
    simulation.trace().subscribe(trace);
    simulation.run();
    const TraceQuery q(trace.records());
    const bool active = std::string(mode) == "fully_active";
    EXPECT_NE(q.first(RecordFilter{}
                          .by("sm-1")
                          .op(decisions::kRemediation)
                          .with_outcome(active ? outcomes::kInstructed : outcomes::kAlerted)
                          .with(keys::kVnf, "vnf-lb")),
              nullptr)
        << mode;
    EXPECT_EQ(q.first(RecordFilter{}
                          .op(decisions::kSmTerminationItem)
                          .with_outcome(outcomes::kTerminated)
                          .with(keys::kVnf, "vnf-lb")) != nullptr,
              active)
        << mode;
    std::string reason;
    EXPECT_EQ(verdict(s, "R1.3.190", reason), Verdict::pass) << mode << ": " << reason;
  }
}

// The records in the final state: sealed under the provisioned key, not another; the trace has
// one session per (source, collector) and deflate only to collector-1.
TEST(Telemetry, StoresAreSealedAndEachCollectorHasItsOwnSession) {
  sim::Scenario s = load("telemetry-two-collectors");
  sim::Simulation simulation(s, registry());
  sim::TraceStore trace;
  simulation.trace().subscribe(trace);
  simulation.run();
  for (const char* name : {"collector-1", "sm-1"}) {
    const auto* host = dynamic_cast<const actors::ManoEntityHost*>(simulation.actor(name));
    ASSERT_NE(host, nullptr) << name;
    const auto* source =
        dynamic_cast<const actors::telemetry::TelemetryStoreSource*>(host->extension());
    ASSERT_NE(source, nullptr) << name;
    const auto* store = source->telemetry_store();
    ASSERT_NE(store, nullptr) << name;
    ASSERT_GT(store->records().size(), 10u) << name;
    const auto key = actors::telemetry::parse_store_key(
        actors::string_param(actor(s, name).params, "telemetry_store_key"));
    ASSERT_TRUE(key.has_value());
    pki::Bytes other = *key;
    other[0] ^= 0x80;
    for (const auto& r : store->records()) {
      EXPECT_TRUE(store->open(r, *key).has_value()) << name << " record " << r.index;
      EXPECT_FALSE(store->open(r, other).has_value()) << name << " record " << r.index;
      EXPECT_EQ(r.encoding, std::string(name) == "collector-1" ? "deflate" : "identity");
    }
    EXPECT_TRUE(store->verify().empty());
  }
  const TraceQuery q(trace.records());
  // pnf-1 and vnf-lb-lb-1: one mutual handshake with each collector on Sm-Sf.
  for (const char* source : {"pnf-1", "vnf-lb-lb-1"})
    for (const char* collector : {"collector-1", "sm-1"}) {
      const auto handshakes = q.all(RecordFilter{}
                                        .by(source)
                                        .to(collector)
                                        .op(decisions::kTlsHandshake)
                                        .with_outcome(outcomes::kOk)
                                        .with(keys::kChannel, "mutual"));
      EXPECT_EQ(handshakes.size(), 1u) << source << " -> " << collector;
    }
}

// A copy of `name` with `edit` applied to it.
sim::Scenario edited(const std::string& name, const std::function<void(sim::Scenario&)>& edit) {
  sim::Scenario s = load(name);
  edit(s);
  return s;
}

void vnfci_fault(sim::Scenario& s, const std::string& fault, const json& value) {
  actor(s, "vnfm-1").params["vnfci_params"]["telemetry"]["faults"][fault] = value;
}

struct FaultCase {
  const char* name;
  const char* scenario;
  const char* requirement;
  std::function<void(sim::Scenario&)> edit;
};

class TelemetryFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(TelemetryFault, TurnsTheCheckToFail) {
  const FaultCase& c = GetParam();
  sim::Scenario s = edited(c.scenario, c.edit);
  sm_flows::cover(s, c.requirement);
  std::string reason;
  EXPECT_EQ(verdict(s, c.requirement, reason), Verdict::fail) << c.name << ": " << reason;
}

INSTANTIATE_TEST_SUITE_P(
    Switches, TelemetryFault,
    ::testing::Values(FaultCase{"telemetry_plain", "telemetry-two-collectors", "R1.3.60",
                                [](sim::Scenario& s) { vnfci_fault(s, "plain", true); }},
                      FaultCase{"skip_pnf", "telemetry-two-collectors", "R1.3.70",
                                [](sim::Scenario& s) {
                                  actor(s, "pnf-1").params["telemetry"]["faults"]["silent"] = true;
                                }},
                      FaultCase{"collector_not_enrolled", "telemetry-two-collectors", "R1.3.90",
                                [](sim::Scenario& s) {
                                  std::erase_if(s.workload, [](const sim::CommandSpec& c) {
                                    return c.command == "register" &&
                                           c.args.value("entity", "") == "collector-1";
                                  });
                                }},
                      FaultCase{"store_plaintext", "telemetry-store-tampered", "R1.3.130",
                                [](sim::Scenario& s) {
                                  actor(s, "collector-1").params["telemetry_faults"] =
                                      json::array({"store_plaintext"});
                                }},
                      FaultCase{"tamper_unverified", "telemetry-store-tampered", "R1.3.130",
                                [](sim::Scenario& s) {
                                  std::erase_if(s.workload, [](const sim::CommandSpec& c) {
                                    return c.command == "verify_store";
                                  });
                                }},
                      FaultCase{"bad_raw_digest", "telemetry-two-collectors", "R1.3.140",
                                [](sim::Scenario& s) { vnfci_fault(s, "bad_raw_digest", true); }},
                      FaultCase{"ignore_exploit", "telemetry-exploit", "R1.3.190",
                                [](sim::Scenario& s) {
                                  actor(s, "sm-1").params["telemetry_faults"] =
                                      json::array({"ignore_exploit"});
                                }},
                      FaultCase{"skip_plane", "telemetry-two-collectors", "R1.3.230",
                                [](sim::Scenario& s) { vnfci_fault(s, "skip_plane", "data"); }},
                      FaultCase{
                          "telemetry_extra_collector", "telemetry-two-collectors", "R1.3.250",
                          [](sim::Scenario& s) { vnfci_fault(s, "extra_collector", "nfvo-1"); }},
                      FaultCase{"shared_session", "telemetry-two-collectors", "R1.3.250",
                                [](sim::Scenario& s) { vnfci_fault(s, "shared_session", true); }}),
    [](const ::testing::TestParamInfo<FaultCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ifa026::conformance::telemetry_flows_test
