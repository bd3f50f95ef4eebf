// Security functions behind an EM and the ISM and policy validation end to end
// (scenarios/security-monitoring/sf-rules-em-ism.json and sf-validation-drift.json;
// docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind the ISM"):
// through the real OSS, CMF, CA, NFVO, VNFM, VIM, SM, EM and ISM actors and conformance::Engine,
// R1.2.20, R1.2.40, R1.2.130, R1.2.140, R1.2.150, R1.2.160 and R1.3.120 pass; the records show the
// foreign SM refused, the drift found and remediated, and the managers' final tables equal the
// policies; each fault switch turns its check to fail.
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/sfm/sf_rules.hpp"
#include "actors/sfm/sfm_actor.hpp"
#include "conformance/trace_query.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::security_function_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;

using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

constexpr const char* kRules = "security-monitoring/sf-rules-em-ism.json";
constexpr const char* kDrift = "security-monitoring/sf-validation-drift.json";

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

TEST(SecurityFunctions, RulesThroughEmAndIsmPass) {
  const ConformanceReport report = run(sm_flows::load_shipped(kRules));
  for (const char* id : {"R1.2.20", "R1.2.40", "R1.2.130", "R1.2.140", "R1.2.150", "R1.2.160"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(SecurityFunctions, ValidationDriftPasses) {
  const ConformanceReport report = run(sm_flows::load_shipped(kDrift));
  for (const char* id : {"R1.2.130", "R1.2.140", "R1.2.150", "R1.2.160", "R1.3.120"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(SecurityFunctions, ForeignSmRefusedAndEveryKindConfigured) {
  const auto r = simulate(sm_flows::load_shipped(kRules));
  const TraceQuery q(r->store.records());
  const auto* denied = q.first(RecordFilter{}
                                   .by("em-1")
                                   .op(decisions::kSecurityFunctionAccess)
                                   .with_outcome(outcomes::kDenied)
                                   .with(keys::kSm, "sm-2")
                                   .with(keys::kSf, "psf-a"));
  ASSERT_NE(denied, nullptr);
  EXPECT_EQ(detail_of(*denied, keys::kReason), "sm-2 does not manage td-a");
  EXPECT_EQ(q.first(RecordFilter{}.op(decisions::kSecurityRulesApplied).with(keys::kSm, "sm-2")),
            nullptr);
  // One function of each kind got its policy through the right manager, acknowledged.
  for (const auto& [sf, via] : std::map<std::string, std::string>{{"nfvo-1-vsf-1", "em-1"},
                                                                  {"vnf-lb-waf", "em-1"},
                                                                  {"psf-a", "em-1"},
                                                                  {"psf-b", "em-1"},
                                                                  {"isf-1", "ism-1"}})
    EXPECT_NE(q.first(RecordFilter{}
                          .by("sm-1")
                          .op(decisions::kSecurityRulePush)
                          .with_outcome(outcomes::kAcknowledged)
                          .with(keys::kSf, sf)
                          .with(keys::kVia, via)),
              nullptr)
        << sf;
  // The VSF is the one the NFVO inserted; its own policy won over its domain's.
  EXPECT_NE(q.first(RecordFilter{}
                        .by("nfvo-1")
                        .op(decisions::kNsTopologyUpdated)
                        .with(keys::kVsf, "nfvo-1-vsf-1")),
            nullptr);
  const auto* functions = actors::sf::manager_functions(*r->simulation, "em-1");
  ASSERT_NE(functions, nullptr);
  EXPECT_EQ(
      functions->at("nfvo-1-vsf-1").rules,
      (std::vector<std::string>{"drop signature-class trojan", "alert signature-class scan"}));
  EXPECT_EQ(functions->at("psf-a").rules,
            (std::vector<std::string>{"allow tcp 443 from any", "allow tcp 22 from td-mano",
                                      "deny all"}));
  // Every report's MAC verified with the function's credential.
  const auto results = q.all(RecordFilter{}.by("sm-1").op(decisions::kPolicyValidationResult));
  ASSERT_FALSE(results.empty());
  for (const auto* res : results) EXPECT_EQ(detail_of(*res, keys::kAuthenticated), "verified");
}

TEST(SecurityFunctions, DriftFoundRemediatedAndValidated) {
  const auto r = simulate(sm_flows::load_shipped(kDrift));
  const TraceQuery q(r->store.records());
  const auto* drift = q.first(RecordFilter{}.by("em-1").op(decisions::kSecurityRuleDrift));
  ASSERT_NE(drift, nullptr);
  const auto* violation = q.first(
      RecordFilter{}.by("sm-1").op(decisions::kPolicyValidation).with_outcome(outcomes::kViolation),
      drift->id);
  ASSERT_NE(violation, nullptr);
  EXPECT_EQ(detail_of(*violation, keys::kSf), "psf-a");
  const auto* remediation = q.first(RecordFilter{}
                                        .by("sm-1")
                                        .op(decisions::kRemediation)
                                        .with(keys::kAction, "reapply_rules")
                                        .with(keys::kSf, "psf-a"),
                                    violation->id);
  ASSERT_NE(remediation, nullptr);
  EXPECT_NE(q.first(RecordFilter{}
                        .by("sm-1")
                        .op(decisions::kPolicyValidation)
                        .with_outcome(outcomes::kPass)
                        .with(keys::kTrigger, "remediation"),
                    remediation->id),
            nullptr);
  const auto* functions = actors::sf::manager_functions(*r->simulation, "em-1");
  ASSERT_NE(functions, nullptr);
  EXPECT_EQ(actors::sf::rules_digest(functions->at("psf-a").rules),
            actors::sf::rules_digest(
                {"allow tcp 443 from any", "allow tcp 22 from td-mano", "deny all"}));
}

// Same scenario and seed, same trace: the fingerprint and every decision record's actor,
// operation and outcome (serials, keys and nonces come from OpenSSL's DRBG and differ).
TEST(SecurityFunctions, SameSeedSameTrace) {
  const sim::Scenario s = sm_flows::load_shipped(kDrift);
  const auto a = simulate(s);
  const auto b = simulate(s);
  EXPECT_EQ(a->simulation->trace().fingerprint(), b->simulation->trace().fingerprint());
  ASSERT_EQ(a->store.records().size(), b->store.records().size());
  for (std::size_t i = 0; i < a->store.records().size(); ++i) {
    const auto& x = a->store.records()[i];
    const auto& y = b->store.records()[i];
    ASSERT_EQ(x.actor + "|" + x.operation + "|" + x.outcome,
              y.actor + "|" + y.operation + "|" + y.outcome)
        << "record " << i + 1;
  }
}

struct FaultCase {
  const char* scenario;
  const char* actor;
  const char* param;  // sm_faults (SM) or sf_faults (EM / ISM)
  const char* fault;
  const char* requirement;
};

class SecurityFunctionFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(SecurityFunctionFault, TurnsTheCheckToFail) {
  const FaultCase c = GetParam();
  sim::Scenario s = sm_flows::load_shipped(c.scenario);
  bool found = false;
  for (auto& actor : s.actors)
    if (actor.name == c.actor) {
      actor.params[c.param] = nlohmann::json::array({c.fault});
      found = true;
    }
  ASSERT_TRUE(found) << c.actor;
  std::string reason;
  EXPECT_EQ(verdict_of(run(s), c.requirement, reason), Verdict::fail)
      << c.actor << " with " << c.fault << ": " << reason;
}

INSTANTIATE_TEST_SUITE_P(
    SecurityMonitoring, SecurityFunctionFault,
    ::testing::Values(FaultCase{kRules, "em-1", "sf_faults", "accept_foreign_sm", "R1.2.20"},
                      FaultCase{kRules, "sm-1", "sm_faults", "skip_capability_query", "R1.2.40"},
                      FaultCase{kRules, "em-1", "sf_faults", "ack_without_apply", "R1.2.130"},
                      FaultCase{kRules, "em-1", "sf_faults", "ignore_credential", "R1.2.140"},
                      FaultCase{kDrift, "sm-1", "sm_faults", "no_validation_after_scale",
                                "R1.2.150"},
                      FaultCase{kDrift, "em-1", "sf_faults", "report_stale_digest", "R1.2.160"},
                      FaultCase{kDrift, "sm-1", "sm_faults", "ignore_drift", "R1.3.120"}),
    [](const ::testing::TestParamInfo<FaultCase>& info) {
      std::string name = std::string(info.param.requirement) + "_" + info.param.fault;
      for (auto& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

}  // namespace
}  // namespace ifa026::conformance::security_function_flows_test
