// SM peering and security associations end to end (scenarios/trust-domains/cross-domain.json,
// docs/trust-model.md "SM peers and security associations"): through the real OSS, CMF, CA, NFVO,
// VNFM, VIM, VNFCI and SM actors and conformance::Engine, R1.1.90, R1.1.100 and R1.1.110 pass (with
// R2.1.120's invisibility still holding), the association records show real mutual TLS between the
// VNFCIs' certificates, and each fault switch turns its check to fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "actors/builtin_actors.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/scenario_rules.hpp"
#include "conformance/trace_query.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::sm_peer_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;

using sm_flows::checks;
using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

sim::Scenario load() {
  return sm_flows::load_shipped("trust-domains/cross-domain.json");
}

// `fault` on the actor named `actor` (its `sm_faults`).
sim::Scenario with_fault(const std::string& actor, const std::string& fault) {
  sim::Scenario s = load();
  sm_flows::switch_on(s, fault, [&](const sim::ActorSpec& a) { return a.name == actor; });
  return s;
}

TEST(SmPeering, CrossDomainScenarioPasses) {
  const sim::Scenario s = load();
  const ConformanceReport report = run(s);
  for (const char* id : {"R1.1.90", "R1.1.100", "R1.1.110", "R2.1.120"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(SmPeering, AssociationsAreMutualTlsBetweenTheVnfcisCertificates) {
  const sim::Scenario s = load();
  sim::Simulation simulation(s, registry());
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  const TraceQuery q(store.records());
  // Both ends of sa-ab (vnf-fw in td-a, vnf-lb in td-b) verified the other's certificate.
  const auto ends = q.all(RecordFilter{}
                              .op(decisions::kSecurityAssociation)
                              .with_outcome(outcomes::kEstablished)
                              .with(keys::kSaId, "sa-ab"));
  std::set<std::string> subjects, vnfs;
  for (const auto* r : ends)
    if (detail_of(*r, keys::kSm).empty()) {
      subjects.insert(detail_of(*r, keys::kPeerSubject));
      vnfs.insert(detail_of(*r, keys::kVnf));
    }
  EXPECT_EQ(vnfs, (std::set<std::string>{"vnf-fw", "vnf-lb"}));
  ASSERT_EQ(subjects.size(), 2u);
  for (const auto& subject : subjects) EXPECT_NE(subject.find(".example.net"), std::string::npos);
  EXPECT_NE(subjects.begin()->find("vnf-"), std::string::npos);
  // The refusals: no trust edge to td-c; no association for an SM outside td-a.
  EXPECT_NE(q.first(RecordFilter{}
                        .op(decisions::kSecurityAssociation)
                        .with_outcome(outcomes::kRefused)
                        .with(keys::kSaId, "sa-ac")
                        .with(keys::kReason, "no trust relationship")),
            nullptr);
  EXPECT_NE(q.first(RecordFilter{}
                        .op(decisions::kSecurityAssociation)
                        .with_outcome(outcomes::kRefused)
                        .with(keys::kSaId, "sa-c-over-a")
                        .with(keys::kReason, "not in SM's domains")),
            nullptr);
  // Sm-Sm: sm-a served, sm-c (no relation) refused.
  EXPECT_NE(q.first(RecordFilter{}
                        .op(decisions::kSmPeerAuthorization)
                        .with_outcome(outcomes::kGranted)
                        .with(keys::kPeer, "sm-a")),
            nullptr);
  EXPECT_NE(q.first(RecordFilter{}
                        .op(decisions::kSmPeerAuthorization)
                        .with_outcome(outcomes::kRejected)
                        .with(keys::kPeer, "sm-c")),
            nullptr);
}

struct FaultCase {
  const char* actor;
  const char* fault;
  const char* requirement;
};

class SmPeerFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(SmPeerFault, TurnsTheCheckToFail) {
  const FaultCase c = GetParam();
  std::string reason;
  EXPECT_EQ(verdict_of(run(with_fault(c.actor, c.fault)), c.requirement, reason), Verdict::fail)
      << c.actor << " with " << c.fault << ": " << reason;
}

INSTANTIATE_TEST_SUITE_P(TrustDomains, SmPeerFault,
                         ::testing::Values(FaultCase{"nfvo-1", "associate_untrusted", "R1.1.90"},
                                           FaultCase{"nfvo-1", "associate_foreign", "R1.1.100"},
                                           FaultCase{"sm-b", "serve_any_peer", "R1.1.110"},
                                           FaultCase{"sm-b", "refuse_peers", "R1.1.110"}),
                         [](const ::testing::TestParamInfo<FaultCase>& info) {
                           std::string name =
                               std::string(info.param.requirement) + "_" + info.param.fault;
                           for (auto& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

}  // namespace
}  // namespace ifa026::conformance::sm_peer_flows_test
