// The sNSD and VSFs over the NS lifecycle end to end (scenarios/security-monitoring/snsd-*.json,
// docs/security-monitoring.md "The sNSD and VSFs over the NS lifecycle"): through the real OSS,
// CMF, CA, NFVO, VNFM, VIM, CISM, VNFCI and SM actors and conformance::Engine, R1.2.50-R1.2.100
// pass on the shipped scenarios, the records carry what the checks read (the sNSD, the descriptor
// an NS was deployed from, the VSF before its protected VNF), and each fault switch turns its
// check to fail.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "actors/common/snsd_descriptor.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/trace_query.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;

using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

constexpr const char* kDeploy = "security-monitoring/snsd-deploy.json";
constexpr const char* kByRequest = "security-monitoring/snsd-by-request.json";
constexpr const char* kScale = "security-monitoring/snsd-scale.json";
constexpr const char* kActivation = "security-monitoring/snsd-activation.json";

sim::Scenario with_fault(const char* file, const std::string& actor, const std::string& fault) {
  sim::Scenario s = sm_flows::load_shipped(file);
  sm_flows::switch_on(s, fault, [&](const sim::ActorSpec& a) { return a.name == actor; });
  return s;
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

TEST(Snsd, ShippedScenariosPass) {
  const ConformanceReport deploy = run(sm_flows::load_shipped(kDeploy));
  for (const char* id : {"R1.2.50", "R1.2.60", "R1.2.70", "R1.2.80", "R1.3.160"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(deploy, id, reason), Verdict::pass) << id << ": " << reason;
  }
  const ConformanceReport by_request = run(sm_flows::load_shipped(kByRequest));
  for (const char* id : {"R1.2.90", "R1.2.100"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(by_request, id, reason), Verdict::pass) << id << ": " << reason;
  }
  const ConformanceReport scale = run(sm_flows::load_shipped(kScale));
  for (const char* id : {"R1.2.110", "R1.2.170"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(scale, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(Snsd, TheSnsdIsTheNsdPlusSecurityAndTheNsIsDeployedFromIt) {
  const auto trace = trace_of(sm_flows::load_shipped(kDeploy));
  const TraceQuery q(trace);
  const auto* served = q.first(RecordFilter{}
                                   .op(decisions::kSmDescriptorServed)
                                   .with_outcome(outcomes::kAnswered)
                                   .with(keys::kNsd, "nsd-web"));
  const auto* created = q.first(RecordFilter{}
                                    .op(decisions::kSnsdCreated)
                                    .with_outcome(outcomes::kCreated)
                                    .with(keys::kSnsd, "snsd-web"));
  ASSERT_NE(served, nullptr);
  ASSERT_NE(created, nullptr);
  nlohmann::json snsd = nlohmann::json::parse(detail_of(*created, keys::kDescriptor));
  const nlohmann::json nsd = nlohmann::json::parse(detail_of(*served, keys::kDescriptor));
  EXPECT_EQ(actors::descriptor_digest(nsd), detail_of(*served, keys::kDigest));
  EXPECT_TRUE(actors::snsd_design_problems(snsd).empty());
  snsd.erase("security");
  EXPECT_EQ(snsd, nsd);
  // The Passive SM's sNSD refused; the NS deployed from snsd-web with its VSF first.
  EXPECT_NE(q.first(RecordFilter{}
                        .op(decisions::kSnsdOnboarded)
                        .with_outcome(outcomes::kRefused)
                        .with(keys::kSnsd, "snsd-ledger")),
            nullptr);
  const auto* op = q.first(RecordFilter{}
                               .op(decisions::kNsLcmOperation)
                               .with_outcome(outcomes::kCompleted)
                               .with(keys::kNs, "ns-1")
                               .with(keys::kDescriptor, "snsd-web"));
  ASSERT_NE(op, nullptr);
  const auto* vsf =
      q.first(RecordFilter{}.op(decisions::kVnfActivated).with(keys::kVnf, "ns-1-ips-vnf-db"));
  const auto* db = q.first(RecordFilter{}.op(decisions::kVnfActivated).with(keys::kVnf, "vnf-db"));
  ASSERT_NE(vsf, nullptr);
  ASSERT_NE(db, nullptr);
  EXPECT_LT(vsf->id, db->id);
}

TEST(Snsd, DroppedNsdElementFailsR1250AndR1260) {
  const auto s = with_fault(kDeploy, "sm-2", "snsd_drop_element");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.50", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("missing"), std::string::npos) << reason;
  reason.clear();
  EXPECT_EQ(verdict(s, "R1.2.60", reason), Verdict::fail) << reason;
}

TEST(Snsd, NoSecuritySectionFailsR1250AndR1260) {
  const auto s = with_fault(kDeploy, "sm-2", "snsd_no_security");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.50", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("no security section"), std::string::npos) << reason;
  reason.clear();
  EXPECT_EQ(verdict(s, "R1.2.60", reason), Verdict::fail) << reason;
}

TEST(Snsd, OnboardingFromAPassiveSmFailsR1270) {
  const auto s = with_fault(kDeploy, "nfvo-1", "accept_any_snsd");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.70", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("passive"), std::string::npos) << reason;
}

TEST(Snsd, PlainNsdDeployedFailsR1280) {
  const auto s = with_fault(kDeploy, "nfvo-1", "ignore_snsd");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.80", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("plain NSD"), std::string::npos) << reason;
}

TEST(Snsd, IncompleteContextFailsR1290) {
  const auto s = with_fault(kByRequest, "nfvo-1", "context_vnf_only");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.90", reason), Verdict::fail) << reason;
}

TEST(Snsd, VsfNotExecutedFailsR12100) {
  const auto s = with_fault(kByRequest, "nfvo-1", "vsf_not_executed");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.100", reason), Verdict::fail) << reason;
}

TEST(Snsd, NoNsScaleEventFailsR12110) {
  const auto s = with_fault(kScale, "nfvo-1", "unpublished_event:NS_SCALE");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.110", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("never told"), std::string::npos) << reason;
}

TEST(Snsd, PolicyStateKeptFailsR12170) {
  const auto s = with_fault(kScale, "sm-1", "keep_ns_policy");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.170", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("keeps its policy state"), std::string::npos) << reason;
}

// R1.3.160, both halves: the chain (snsd-deploy: vnf-db after its VSF) and the policy
// (snsd-activation: vnf-db after sm-1's policy); the pass reason names the half it saw.
TEST(Snsd, ActivationAfterPolicyAndVsfPassesR13160) {
  std::string reason;
  EXPECT_EQ(verdict(sm_flows::load_shipped(kDeploy), "R1.3.160", reason), Verdict::pass) << reason;
  EXPECT_NE(reason.find("chain:"), std::string::npos) << reason;
  reason.clear();
  EXPECT_EQ(verdict(sm_flows::load_shipped(kActivation), "R1.3.160", reason), Verdict::pass)
      << reason;
  EXPECT_NE(reason.find("policy:"), std::string::npos) << reason;
}

TEST(Snsd, ActivationBeforePolicyFailsR13160) {
  const auto s = with_fault(kActivation, "nfvo-1", "skip_policy_wait");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.160", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("before any policy"), std::string::npos) << reason;
}

TEST(Snsd, ActivationBeforeVsfFailsR13160) {
  const auto s = with_fault(kDeploy, "nfvo-1", "activate_before_vsf");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.160", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("before its VSF ns-1-ips-vnf-db"), std::string::npos) << reason;
  reason.clear();
  EXPECT_EQ(verdict(s, "R1.2.80", reason), Verdict::fail) << reason;
}

}  // namespace
}  // namespace ifa026::conformance
