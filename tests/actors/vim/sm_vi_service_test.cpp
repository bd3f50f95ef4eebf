// The VIM's Security Manager service on Sc-Vi (actors/vim/sm_vi_service.*) in the shipped
// host-retirement scenario, through the real OSS, CMF, CA, NFVO, VNFM, VIM and SM actors: the SMs
// bind at the VIM, a retirement is authorised against the host's trust domain (an instruction of
// a Semi-Active SM, an unknown host and a host of a domain the SM holds nothing in are refused,
// the last two alike), a request with quarantine migrates the host's computes and each migration
// reaches both SMs as a VNF_MODIFY location event, and an instruction with disposition terminate
// removes the computes (cause SECURITY_MANAGER) after which the VNFM terminates the VNFs through
// its chain, never heals them, and the NFVO reports VNF_TERMINATE with source SECURITY_MANAGER.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/trace_detail.hpp"
#include "sim/diagnostic.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors {
namespace {

using sim::TraceRecord;

class HostRetirementRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static const sim::ActorRegistry registry = builtin_registry();
    auto load = sim::load_scenario_file(
        std::string(IFA026_SOURCE_DIR) + "/scenarios/security-manager/host-retirement.json",
        registry);
    for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
    ASSERT_TRUE(load.scenario.has_value());
    sim::Simulation simulation(*load.scenario, registry);
    simulation.trace().subscribe(store());
    simulation.run_until(sim::Time{} + sim::Duration::seconds(600));
  }
  static sim::TraceStore& store() {
    static sim::TraceStore s;
    return s;
  }
  static std::vector<TraceRecord> decisions(const std::string& actor, const std::string& op,
                                            const std::string& outcome = "") {
    std::vector<TraceRecord> out;
    for (const auto& r : store().records())
      if (r.kind == sim::RecordKind::decision && r.actor == actor && r.operation == op &&
          (outcome.empty() || r.outcome == outcome))
        out.push_back(r);
    return out;
  }
  static std::string detail(const TraceRecord& r, const std::string& key) {
    return trace_detail_value(r.detail, key).value_or("<none>");
  }
};

TEST_F(HostRetirementRun, TheSmsBindOnScVi) {
  const auto bound = decisions("vim-1", "SmBinding", "bound");
  ASSERT_EQ(bound.size(), 2u);
  EXPECT_EQ(detail(bound[0], "instance"), detail(bound[0], "sm") + "@vim-1/Sc-Vi");
  EXPECT_EQ(bound[0].reference_point, "Sc-Vi");
  EXPECT_EQ(decisions("vim-1", "SmSubscription", "subscribed").size(), 2u);
}

TEST_F(HostRetirementRun, RetirementsAreAuthorisedAgainstTheHostsTrustDomain) {
  const auto r = decisions("vim-1", "SmHostRetirement");
  ASSERT_EQ(r.size(), 7u);
  // sm-1 is Semi-Active in td-infra: its instruction is refused by the mode table.
  EXPECT_EQ(r[0].outcome, "refused");
  EXPECT_EQ(detail(r[0], "reason"), "kind instruction needs fully_active, the SM is semi_active");
  // An unknown host and host-4 (td-infra-2, where sm-1 holds nothing) get the same answer.
  EXPECT_EQ(r[1].outcome, "unknown");
  EXPECT_EQ(detail(r[1], "host"), "host-9");
  EXPECT_EQ(r[2].outcome, "unknown");
  EXPECT_EQ(detail(r[2], "host"), "host-4");
  EXPECT_EQ(detail(r[1], "reason"), detail(r[2], "reason"));
  const auto auth = decisions("vim-1", "SmAuthorization");
  bool foreign = false;
  for (const auto& a : auth)
    if (detail(a, "domain") == "td-infra-2" && a.outcome == "rejected") foreign = true;
  EXPECT_TRUE(foreign);
  // The request with quarantine, and what became of it.
  EXPECT_EQ(r[3].outcome, "accepted");
  EXPECT_EQ(detail(r[3], "kind"), "request");
  EXPECT_EQ(detail(r[3], "quarantine"), "true");
  EXPECT_EQ(r[4].outcome, "completed");
  EXPECT_EQ(detail(r[4], "state"), "quarantined");
  // One outcome per VNF with a compute on host-1 then (the placement decides which: vnf-fw's
  // first compute is reserved there); a VNFCI is named "<vnf>-<vnfc>-<n>", its VNFC "fw-ctl".
  std::string expected;
  std::set<std::string> on_host_1;
  for (const auto& m : decisions("vim-1", "ComputeMigration", "migrated"))
    if (m.id > r[3].id && m.id < r[4].id) {
      const std::string vnfci = detail(m, "vnfci");
      on_host_1.insert(vnfci.substr(0, vnfci.find('-', vnfci.find('-') + 1)));
    }
  ASSERT_FALSE(on_host_1.empty());
  for (const auto& vnf : on_host_1) expected += (expected.empty() ? "" : ",") + vnf + ":migrated";
  EXPECT_EQ(detail(r[4], "outcomes"), expected);
  // The instruction with disposition terminate.
  EXPECT_EQ(r[5].outcome, "accepted");
  EXPECT_EQ(detail(r[5], "kind"), "instruction");
  EXPECT_EQ(detail(r[5], "disposition"), "terminate");
  EXPECT_EQ(r[6].outcome, "completed");
  EXPECT_EQ(detail(r[6], "state"), "retired");
  EXPECT_EQ(detail(r[6], "outcomes"), "vnf-fw:terminated,vnf-lb:terminated");
}

TEST_F(HostRetirementRun, EveryMigrationReachesBothSmsAsALocationEvent) {
  const auto migrations = decisions("vim-1", "ComputeMigration", "migrated");
  ASSERT_FALSE(migrations.empty());
  const auto routed = decisions("vim-1", "SmEventRouted");
  ASSERT_EQ(routed.size(), 2 * migrations.size());
  for (const auto& e : routed) {
    EXPECT_EQ(detail(e, "event_type"), "VNF_MODIFY");
    EXPECT_EQ(detail(e, "change_kind"), "location");
    EXPECT_EQ(detail(e, "source"), "SECURITY_MANAGER");
    EXPECT_EQ(detail(e, "domain"), "td-a");
    EXPECT_NE(detail(e, "oss_app_id"), "<none>");
    EXPECT_NE(detail(e, "oss_app_id"), "");
    // The reason does not name the SM that caused it (D3).
    EXPECT_EQ(detail(e, "reason").find("sm-1"), std::string::npos);
  }
  EXPECT_EQ(detail(routed[0], "sm"), "sm-1");
  EXPECT_EQ(detail(routed[1], "sm"), "sm-2");
}

TEST_F(HostRetirementRun, TheTerminateDispositionTerminatesTheVnfsThroughTheVnfm) {
  const auto notified = decisions("vim-1", "ResourceNotification", "sent");
  int by_sm = 0;
  for (const auto& n : notified)
    if (detail(n, "cause") == "SECURITY_MANAGER") {
      ++by_sm;
      EXPECT_EQ(detail(n, "change"), "REMOVED");
      EXPECT_EQ(detail(n, "recovery_allowed"), "false");
    }
  EXPECT_EQ(by_sm, 3);
  const auto retired = decisions("vim-1", "SmHostRetirement", "accepted");
  ASSERT_EQ(retired.size(), 2u);
  int terminated = 0;
  for (const auto& op : decisions("vnfm-1", "VnfLcmOperation", "completed")) {
    if (op.id < retired[1].id) continue;
    EXPECT_NE(detail(op, "operation"), "HEAL") << op.detail;
    if (detail(op, "operation") == "TERMINATE") {
      ++terminated;
      EXPECT_EQ(detail(op, "source"), "SECURITY_MANAGER");
    }
  }
  EXPECT_EQ(terminated, 2);
  int events = 0;
  for (const auto& e : decisions("nfvo-1", "SmEventRouted"))
    if (detail(e, "event_type") == "VNF_TERMINATE") {
      ++events;
      EXPECT_EQ(detail(e, "source"), "SECURITY_MANAGER");
    }
  EXPECT_EQ(events, 4);  // vnf-fw and vnf-lb, to sm-1 and sm-2
}

}  // namespace
}  // namespace ifa026::actors
