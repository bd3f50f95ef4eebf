// Detections and remedies end to end (scenarios/security-monitoring/detection-rogue.json,
// docs/security-monitoring.md "Detections and remedies"): through the real OSS, CMF, CA, NFVO,
// VNFM, VIM, VNFCI and SM actors and conformance::Engine, a rogue instantiation is flagged by both
// SMs and removed on the Fully-Active SM's instruction while the Passive SM only alerts
// (R1.3.110, R1.3.180 pass), the NFVO's VNFs are recorded authorized, and each fault switch turns
// its check to fail.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/sm_trace_view.hpp"
#include "conformance/trace_query.hpp"
#include "sim/simulation.hpp"
#include "tests/actors/flows/sm_flows_support.hpp"

namespace ifa026::conformance::detection_flows_test {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;
namespace values = actors::detail_values;

using sm_flows::registry;
using sm_flows::run;
using sm_flows::verdict_of;

sim::Scenario load() {
  return sm_flows::load_shipped("security-monitoring/detection-rogue.json");
}

sim::Scenario with_fault(const std::string& actor, const std::string& fault) {
  sim::Scenario s = load();
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

TEST(Detection, RogueScenarioPasses) {
  const ConformanceReport report = run(load());
  for (const char* id : {"R1.3.110", "R1.3.180", "R1.3.260"}) {
    std::string reason;
    EXPECT_EQ(verdict_of(report, id, reason), Verdict::pass) << id << ": " << reason;
  }
}

TEST(Detection, RogueFlaggedAuthorizedNotAndTheRogueRemoved) {
  const auto trace = trace_of(load());
  const TraceQuery q(trace);
  std::set<std::string> flagged_by, authorized;
  for (const auto* r : q.all(RecordFilter{}.op(decisions::kSecurityDetection))) {
    if (detail_of(*r, keys::kKind) == values::kDetectionUnauthorizedDeployment) {
      EXPECT_EQ(detail_of(*r, keys::kVnf), "vnf-rogue") << describe(*r);
      flagged_by.insert(r->actor);
    }
    if (r->outcome == outcomes::kAuthorized) authorized.insert(detail_of(*r, keys::kVnf));
  }
  EXPECT_EQ(flagged_by, (std::set<std::string>{"sm-1", "sm-2"}));
  // vnf-db runs on the CISM, which reports no allocations (it hosts no SM gateway).
  EXPECT_EQ(authorized, (std::set<std::string>{"vnf-fw", "vnf-lb"}));
  // sm-1 (Fully-Active) instructed, sm-2 (Passive) alerted.
  const auto* instructed = q.first(
      RecordFilter{}.op(decisions::kRemediation).by("sm-1").with_outcome(outcomes::kInstructed));
  ASSERT_NE(instructed, nullptr);
  EXPECT_NE(
      q.first(
          RecordFilter{}.op(decisions::kRemediation).by("sm-2").with_outcome(outcomes::kAlerted)),
      nullptr);
  EXPECT_EQ(
      q.first(
          RecordFilter{}.op(decisions::kRemediation).by("sm-2").with_outcome(outcomes::kRequested)),
      nullptr);
  // The VIM removed both rogue computes on that request, and they were released.
  const auto* removal = q.first(RecordFilter{}
                                    .op(decisions::kSmResourceRemoval)
                                    .with_outcome(outcomes::kTerminated)
                                    .with(keys::kVnf, "vnf-rogue"));
  ASSERT_NE(removal, nullptr);
  EXPECT_EQ(detail_of(*removal, keys::kRequest), detail_of(*instructed, keys::kRequest));
  EXPECT_EQ(split_list(detail_of(*removal, keys::kResources)).size(), 2u);
  EXPECT_GT(removal->id, instructed->id);
}

struct FaultCase {
  const char* actor;
  const char* fault;
  const char* id;
};

class DetectionFault : public ::testing::TestWithParam<FaultCase> {};

TEST_P(DetectionFault, FailsItsCheck) {
  const FaultCase& c = GetParam();
  std::string reason;
  EXPECT_EQ(verdict(with_fault(c.actor, c.fault), c.id, reason), Verdict::fail)
      << c.actor << " " << c.fault << " -> " << c.id << ": " << reason;
}

INSTANTIATE_TEST_SUITE_P(Switches, DetectionFault,
                         ::testing::Values(FaultCase{"sm-1", "miss_rogue", "R1.3.110"},
                                           FaultCase{"sm-1", "flag_authorized", "R1.3.110"},
                                           FaultCase{"sm-1", "miss_rogue", "R1.3.180"},
                                           FaultCase{"sm-1", "no_remediation", "R1.3.180"},
                                           FaultCase{"sm-2", "remediate_passive", "R1.3.180"},
                                           FaultCase{"sm-1", "skip_audit", "R1.3.260"},
                                           FaultCase{"sm-2", "skip_audit", "R1.3.260"},
                                           FaultCase{"vim-1", "unaudited_events", "R1.3.260"}));

// An intruder alters a stored record of the NFVO's audit log (tamper_audit_record): the chain no
// longer verifies with the partition's key, and R1.3.260 fails naming the record.
TEST(Detection, TamperedAuditRecordFound) {
  sim::Scenario s = load();
  sim::CommandSpec tamper;
  tamper.at = sim::Duration::seconds(110);
  tamper.actor = "nfvo-1";
  tamper.command = "tamper_audit_record";
  tamper.args = {{"sm", "sm-1"}, {"domain", "td-a"}, {"seq", 3}};
  s.workload.push_back(tamper);
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.260", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("nfvo-1's audit partition sm-1/td-a is broken at record 3"),
            std::string::npos)
      << reason;
}

// The Passive SM's request executed: MANO (the VIM's gateway) accepting a Passive SM's active
// request is found too, not only the SM asking. sm-1 leaves the rogue VNF alone, so that sm-2's
// request is the one that removes it.
TEST(Detection, PassiveRemedyExecutedByMano) {
  sim::Scenario s = load();
  for (auto& a : s.actors) {
    if (a.name == "sm-1") a.params["sm_faults"] = nlohmann::json::array({"no_remediation"});
    if (a.name == "sm-2") a.params["sm_faults"] = nlohmann::json::array({"remediate_passive"});
    if (a.name == "vim-1") a.params["sm_faults"] = nlohmann::json::array({"accept_passive"});
  }
  std::string reason;
  EXPECT_EQ(verdict(s, "R1.3.180", reason), Verdict::fail) << reason;
  EXPECT_NE(reason.find("MANO executed a remedy of the Passive SM sm-2"), std::string::npos)
      << reason;
}

}  // namespace
}  // namespace ifa026::conformance::detection_flows_test
