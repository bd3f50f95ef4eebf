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

namespace ifa026::conformance::snsd_flows_test {
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
  for (const char* id : {"R1.2.110", "R1.2.120", "R1.2.170"}) {
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

// R1.2.120: the NS scale of snsd-scale adds vnf-db-2 (a VNF, not VNFCs); sm-1's protect rule
// puts a VSF between vnf-fw and it after the NS_SCALE event, and terminates that VSF after the
// next scale removed vnf-db-2.
TEST(Snsd, VsfsFollowTheVnfsAnNsScaleAddsAndRemoves) {
  const auto trace = trace_of(sm_flows::load_shipped(kScale));
  const TraceQuery q(trace);
  const auto* added = q.first(RecordFilter{}
                                  .op(decisions::kNsLcmOperation)
                                  .with_outcome("completed")
                                  .with(keys::kAddedVnfs, "vnf-db-2"));
  ASSERT_NE(added, nullptr);
  const auto* activated =
      q.first(RecordFilter{}.op(decisions::kVnfActivated).with(keys::kVnf, "vnf-db-2"));
  ASSERT_NE(activated, nullptr);
  EXPECT_LT(activated->id, added->id);
  const auto* inserted = q.first(RecordFilter{}
                                     .op(decisions::kNsTopologyUpdated)
                                     .with_outcome(outcomes::kInserted)
                                     .with(keys::kBetween, "vnf-fw,vnf-db-2"),
                                 added->id);
  ASSERT_NE(inserted, nullptr);
  const auto* removed = q.first(RecordFilter{}
                                    .op(decisions::kNsLcmOperation)
                                    .with_outcome("completed")
                                    .with(keys::kRemovedVnfs, "vnf-db-2"),
                                added->id);
  ASSERT_NE(removed, nullptr);
  const auto* restored = q.first(RecordFilter{}
                                     .op(decisions::kNsTopologyUpdated)
                                     .with_outcome(outcomes::kRestored)
                                     .with(keys::kVsf, detail_of(*inserted, keys::kVsf)),
                                 removed->id);
  EXPECT_NE(restored, nullptr);
}

TEST(Snsd, NoScaleVsfFailsR12120) {
  const auto s = with_fault(kScale, "sm-1", "no_scale_vsf");
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.2.120", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("vnf-db-2"), std::string::npos) << reason;
}

// A scale adding a VNF whose name is taken, or removing one that is not in the NS, is refused
// before anything starts, naming the entry.
TEST(Snsd, BadScaleEntriesAreRefusedWithTheirPlace) {
  sim::Scenario s = sm_flows::load_shipped(kScale);
  for (auto& command : s.workload)
    if (command.command == "scale_ns" && command.args.contains("add_vnfs"))
      command.args["add_vnfs"][0]["vnf"] = "vnf-fw";
    else if (command.command == "scale_ns" && command.args.contains("remove_vnfs"))
      command.args["remove_vnfs"] = nlohmann::json::array({"vnf-nowhere"});
  const auto trace = trace_of(s);
  const TraceQuery q(trace);
  bool add_refused = false, remove_refused = false;
  for (const auto& r : trace) {
    if (r.operation != decisions::kNsLcmOperation || r.outcome != "rejected") continue;
    add_refused =
        add_refused || r.detail.find("/add_vnfs/0: VNF name vnf-fw in use") != std::string::npos;
    remove_refused =
        remove_refused || r.detail.find("/remove_vnfs/0: VNF vnf-nowhere") != std::string::npos;
  }
  EXPECT_TRUE(add_refused);
  EXPECT_TRUE(remove_refused);
  EXPECT_EQ(q.first(RecordFilter{}.op(decisions::kVnfActivated).with(keys::kVnf, "vnf-db-2")),
            nullptr);
}

}  // namespace
}  // namespace ifa026::conformance::snsd_flows_test
