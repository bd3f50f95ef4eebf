// Configurations delivered over protected channels, confirmed by monitoring (R1.3.150;
// scenarios/security-monitoring/sf-rules-em-ism.json and detection-unprotected-config.json;
// docs/security-monitoring.md "Unprotected configuration (R1.3.150)"): through the real actors and
// conformance::Engine, R1.3.150 passes when every configuration reached its function over mutual
// TLS and the SM confirmed it, and when em-1's plain deliveries (fault plain_configuration) were
// detected and remedied by sm-1; with sm-1's miss_plain_configuration as well, it fails.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/trace_query.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::plain_config_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;
namespace dv = actors::detail_values;

using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

constexpr const char* kRules = "security-monitoring/sf-rules-em-ism.json";
constexpr const char* kPlain = "security-monitoring/detection-unprotected-config.json";
constexpr const char* kId = "R1.3.150";

struct Run {
  sim::TraceStore store;
  std::unique_ptr<sim::Simulation> simulation;
};

std::unique_ptr<Run> simulate(const sim::Scenario& s) {
  auto r = std::make_unique<Run>();
  r->simulation = std::make_unique<sim::Simulation>(s, registry());
  r->simulation->trace().subscribe(r->store);
  r->simulation->run();
  return r;
}

TEST(PlainConfiguration, ProtectedDeliveriesConfirmedPass) {
  std::string reason;
  EXPECT_EQ(verdict_of(run(sm_flows::load_shipped(kRules)), kId, reason), Verdict::pass) << reason;
  EXPECT_NE(reason.find("over mutual TLS, confirmed by sm-1"), std::string::npos) << reason;
}

TEST(PlainConfiguration, ProtectedDeliveriesRaiseNoDetection) {
  const auto r = simulate(sm_flows::load_shipped(kRules));
  const TraceQuery q(r->store.records());
  EXPECT_FALSE(q.any(RecordFilter{}
                         .op(decisions::kSecurityDetection)
                         .with(keys::kKind, dv::kDetectionUnprotectedConfiguration)));
  // Each applied table and stored credential is confirmed by sm-1 with its channel.
  const auto confirmed = q.all(RecordFilter{}
                                   .by("sm-1")
                                   .op(decisions::kSecurityRulePush)
                                   .with_outcome(outcomes::kAcknowledged)
                                   .with(keys::kDeliveredOver, dv::kDeliveredMutual));
  EXPECT_FALSE(confirmed.empty());
}

TEST(PlainConfiguration, PlainDeliveriesDetectedAndRemediedPass) {
  std::string reason;
  EXPECT_EQ(verdict_of(run(sm_flows::load_shipped(kPlain)), kId, reason), Verdict::pass) << reason;
  EXPECT_NE(reason.find("detected it (unprotected_configuration)"), std::string::npos) << reason;
}

TEST(PlainConfiguration, DetectionThenOneRemedyPerFunction) {
  const auto r = simulate(sm_flows::load_shipped(kPlain));
  const TraceQuery q(r->store.records());
  const auto* applied = q.first(RecordFilter{}
                                    .by("em-1")
                                    .op(decisions::kSecurityRulesApplied)
                                    .with(keys::kSf, "psf-a")
                                    .with(keys::kDeliveredOver, dv::kDeliveredPlain));
  ASSERT_NE(applied, nullptr);
  const auto* detected = q.first(RecordFilter{}
                                     .by("sm-1")
                                     .op(decisions::kSecurityDetection)
                                     .with_outcome(outcomes::kDetected)
                                     .with(keys::kKind, dv::kDetectionUnprotectedConfiguration)
                                     .with(keys::kSf, "psf-a")
                                     .with(keys::kRequest, detail_of(*applied, keys::kRequest)),
                                 applied->id);
  ASSERT_NE(detected, nullptr);
  const auto remedies = q.all(RecordFilter{}
                                  .by("sm-1")
                                  .op(decisions::kRemediation)
                                  .with_outcome(outcomes::kInstructed)
                                  .with(keys::kAction, "reapply_rules")
                                  .with(keys::kSf, "psf-a"));
  ASSERT_EQ(remedies.size(), 1u);
  EXPECT_GT(remedies.front()->id, detected->id);
  EXPECT_EQ(detail_of(*remedies.front(), keys::kMode), "fully_active");
  // ism-1 was not faulted: its function's configurations are not flagged.
  EXPECT_FALSE(q.any(RecordFilter{}
                         .op(decisions::kSecurityDetection)
                         .with(keys::kKind, dv::kDetectionUnprotectedConfiguration)
                         .with(keys::kVia, "ism-1")));
}

TEST(PlainConfiguration, MissedPlainDeliveryFails) {
  sim::Scenario s = sm_flows::load_shipped(kPlain);
  sm_flows::switch_on(s, "miss_plain_configuration",
                      [](const sim::ActorSpec& a) { return a.name == "sm-1"; });
  std::string reason;
  EXPECT_EQ(verdict_of(run(s), kId, reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("never detected it"), std::string::npos) << reason;
}

TEST(PlainConfiguration, SmFaultAloneFailsConfirmation) {
  // Without em-1's fault, an SM that ignores delivered_over confirms nothing.
  sim::Scenario s = sm_flows::load_shipped(kRules);
  sm_flows::switch_on(s, "miss_plain_configuration",
                      [](const sim::ActorSpec& a) { return a.name == "sm-1"; });
  std::string reason;
  EXPECT_EQ(verdict_of(run(s), kId, reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("never confirmed the channel"), std::string::npos) << reason;
}

}  // namespace
}  // namespace ifa026::conformance::plain_config_flows_test
