// Updates tied to monitoring end to end (scenarios/security-monitoring/detection-update.json,
// docs/security-monitoring.md "Updates (R1.3.220)"): through the real OSS, CMF, CA, NFVO, VNFM,
// VIM, VNFCI and SM actors and conformance::Engine, an image update inside the SMs' policy is
// approved by the Fully-Active SM and runs, one outside it is detected and its grant rejected so
// it never runs, a host firmware update reaches both SMs (R1.3.220 passes), and each fault switch
// turns the check to fail.
#include <gtest/gtest.h>

#include <string>

#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/trace_query.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::update_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;
namespace values = actors::detail_values;

using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

constexpr const char* kId = "R1.3.220";

sim::Scenario load() {
  return sm_flows::load_shipped("security-monitoring/detection-update.json");
}

std::vector<sim::TraceRecord> trace_of(const sim::Scenario& s) {
  sim::Simulation simulation(s, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

TEST(Update, ScenarioPasses) {
  std::string reason;
  EXPECT_EQ(verdict_of(run(load()), kId, reason), Verdict::pass) << reason;
}

TEST(Update, InsidePolicyRunsOutsideIsDetectedAndRefused) {
  const auto trace = trace_of(load());
  const TraceQuery q(trace);
  // vnf-fw to fw-2.0: approved by sm-1, executed, both SMs record it authorized.
  const auto* fw = q.first(RecordFilter{}
                               .op(decisions::kSoftwareUpdate)
                               .with_outcome(outcomes::kExecuted)
                               .with(keys::kVnf, "vnf-fw"));
  ASSERT_NE(fw, nullptr);
  EXPECT_EQ(detail_of(*fw, keys::kImage), "fw-2.0");
  EXPECT_FALSE(detail_of(*fw, keys::kGrant).empty());
  for (const char* sm : {"sm-1", "sm-2"})
    EXPECT_NE(q.first(RecordFilter{}
                          .op(decisions::kSecurityDetection)
                          .by(sm)
                          .with_outcome(outcomes::kAuthorized)
                          .with(keys::kImage, "fw-2.0")),
              nullptr)
        << sm;
  // vnf-lb to lb-9.9: sm-1 detects it, the grant is rejected, it never runs.
  const auto* detected = q.first(RecordFilter{}
                                     .op(decisions::kSecurityDetection)
                                     .by("sm-1")
                                     .with_outcome(outcomes::kDetected)
                                     .with(keys::kKind, values::kDetectionUnauthorizedUpdate));
  ASSERT_NE(detected, nullptr);
  EXPECT_EQ(detail_of(*detected, keys::kImage), "lb-9.9");
  EXPECT_EQ(q.first(RecordFilter{}
                        .op(decisions::kSoftwareUpdate)
                        .with_outcome(outcomes::kExecuted)
                        .with(keys::kVnf, "vnf-lb")),
            nullptr);
  const auto* refused = q.first(RecordFilter{}
                                    .op(decisions::kSoftwareUpdate)
                                    .with_outcome(outcomes::kRefused)
                                    .with(keys::kVnf, "vnf-lb"));
  ASSERT_NE(refused, nullptr);
  EXPECT_GT(refused->id, detected->id);
  // The firmware update reached both SMs, which record it authorized.
  const auto* firmware =
      q.first(RecordFilter{}.op(decisions::kFirmwareUpdate).with_outcome(outcomes::kExecuted));
  ASSERT_NE(firmware, nullptr);
  for (const char* sm : {"sm-1", "sm-2"}) {
    EXPECT_NE(q.first(RecordFilter{}
                          .op(decisions::kSmEventReceived)
                          .by(sm)
                          .with(keys::kEventId, detail_of(*firmware, keys::kEventId))),
              nullptr)
        << sm;
    EXPECT_NE(q.first(RecordFilter{}
                          .op(decisions::kSecurityDetection)
                          .by(sm)
                          .with_outcome(outcomes::kAuthorized)
                          .with(keys::kFirmware, "bios-7")),
              nullptr)
        << sm;
  }
}

struct FaultCase {
  const char* actor;
  const char* fault;
};

class UpdateFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(UpdateFault, FailsItsCheck) {
  const FaultCase& c = GetParam();
  sim::Scenario s = load();
  sm_flows::switch_on(s, c.fault, [&](const sim::ActorSpec& a) { return a.name == c.actor; });
  std::string reason;
  EXPECT_EQ(verdict_of(run(s), kId, reason), Verdict::fail)
      << c.actor << " " << c.fault << ": " << reason;
}

INSTANTIATE_TEST_SUITE_P(Switches, UpdateFault,
                         ::testing::Values(FaultCase{"vnfm-1", "update_ungated"},
                                           FaultCase{"sm-1", "miss_update"},
                                           FaultCase{"vim-1", "silent_firmware_update"}));

// The shipped scenario with its firmware update outside the SMs' policy.
sim::Scenario with_foreign_firmware() {
  sim::Scenario s = load();
  for (auto& c : s.workload)
    if (c.command == "update_host_firmware") c.args["firmware"] = "bios-6-rollback";
  return s;
}

// A firmware outside the policy: both SMs flag it.
TEST(Update, FirmwareOutsidePolicyDetected) {
  const sim::Scenario s = with_foreign_firmware();
  std::string reason;
  EXPECT_EQ(verdict_of(run(s), kId, reason), Verdict::pass) << reason;
  const auto trace = trace_of(s);
  const TraceQuery q(trace);
  for (const char* sm : {"sm-1", "sm-2"})
    EXPECT_NE(q.first(RecordFilter{}
                          .op(decisions::kSecurityDetection)
                          .by(sm)
                          .with_outcome(outcomes::kDetected)
                          .with(keys::kFirmware, "bios-6-rollback")),
              nullptr)
        << sm;
}

// The Passive sm-2 judges nothing outside its policy in the shipped scenario (the refused image
// update never completes); with the foreign firmware its miss_update fault shows.
TEST(Update, PassiveMissUpdateFails) {
  sim::Scenario s = with_foreign_firmware();
  sm_flows::switch_on(s, "miss_update", [](const sim::ActorSpec& a) { return a.name == "sm-2"; });
  std::string reason;
  EXPECT_EQ(verdict_of(run(s), kId, reason), Verdict::fail) << reason;
}

}  // namespace
}  // namespace ifa026::conformance::update_flows_test
