// The SM event checks (R2.1.150-R2.1.240, R2.1.300) on synthetic traces (sm_trace_fixture.hpp):
// each passes on a trace where MANO routes the events as required, fails on the map's negative
// case, and has nothing to judge (none) where the scenario does not exercise it.
#include <gtest/gtest.h>

#include "conformance/sm_event_checks.hpp"
#include "tests/conformance/sm_world_fixture.hpp"

namespace ifa026::conformance {
namespace {

using testing::SmTrace;
using testing::SmWorld;

TEST(SmEventChecks, InstantiationEventToEveryApplicableSm) {
  SmWorld w;
  SmTrace t;
  t.instantiate_a();
  EXPECT_EQ(w.run(check_sm_instantiate_events, t.records).verdict, Verdict::pass);
  SmTrace missing;
  missing.lcm("vnf-a", "INSTANTIATE");
  auto r = w.run(check_sm_instantiate_events, missing.records);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("sm-1"), std::string::npos);
  // Shortcut operations (no source) and VNFs without an SM are not judged.
  SmTrace shortcut;
  shortcut.decision("vnfm-1", "VnfLcmOperation", "", "completed",
                    "operation=INSTANTIATE; vnf=vnf-a");
  EXPECT_EQ(w.run(check_sm_instantiate_events, shortcut.records).verdict, Verdict::none);
}

TEST(SmEventChecks, HiddenVnfNeedsNoEventButSuppression) {
  SmWorld w;
  w.hide("vnf-a", "sm-1");
  SmTrace t;
  t.lcm("vnf-a", "INSTANTIATE");
  t.decision("nfvo-1", "SmEventSuppressed", "", "suppressed",
             "sm=sm-1; event_id=e1; vnf=vnf-a; reason=hidden_from");
  EXPECT_EQ(w.run(check_sm_instantiate_events, t.records).verdict, Verdict::none);
  EXPECT_EQ(w.run(check_sm_hidden_vnfs, t.records).verdict, Verdict::pass);
  t.event("sm-1", "vnf-a", "VNF_INSTANTIATE");
  EXPECT_EQ(w.run(check_sm_hidden_vnfs, t.records).verdict, Verdict::fail);
  SmTrace q;
  q.decision("nfvo-1", "SmEventSuppressed", "", "suppressed",
             "sm=sm-1; event_id=e1; vnf=vnf-a; reason=hidden_from");
  q.decision("nfvo-1", "SmQuery", "", "answered",
             "sm=sm-1; query=status; domain=td-a; vnfs=vnf-a,vnf-a2");
  EXPECT_EQ(w.run(check_sm_hidden_vnfs, q.records).verdict, Verdict::fail);
  SmWorld plain;
  EXPECT_EQ(plain.run(check_sm_hidden_vnfs, SmTrace().records).verdict, Verdict::none);
}

TEST(SmEventChecks, ModificationEventsCarryTheirChangeKind) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-a", "HEAL", "completed", "VNFM_AUTO_HEAL");
  t.event("sm-1", "vnf-a", "VNF_MODIFY", "change_kind=vnfc; operation=HEAL", "td-a",
          "VNFM_AUTO_HEAL");
  t.decision("vim-1", "ResourceAllocation", "", "allocated",
             "resource=r1; vnfci=vnf-a-fw-1; vnf=vnf-a; host=h1");
  t.decision("vim-1", "ComputeMigration", "", "migrated",
             "resource=r1; vnfci=vnf-a-fw-1; host=h1; to_host=h2");
  const auto migration = t.event("sm-1", "vnf-a", "VNF_MODIFY", "change_kind=location");
  auto r = w.run(check_sm_modify_events, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  EXPECT_NE(r.reason.find("not driven"), std::string::npos);
  t.records[migration - 1].detail = "sm=sm-1; vnf=vnf-a; event_type=VNF_MODIFY; change_kind=vnfc";
  EXPECT_EQ(w.run(check_sm_modify_events, t.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_modify_events, SmTrace().records).verdict, Verdict::none);
}

TEST(SmEventChecks, TerminationEventsCarryTheirKind) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-a", "TERMINATE");
  t.event("sm-1", "vnf-a", "VNF_TERMINATE", "termination_kind=requested");
  EXPECT_EQ(w.run(check_sm_terminate_events, t.records).verdict, Verdict::pass);
  // A crash reported as requested.
  SmTrace crash;
  crash.decision("vim-1", "WorkloadFault", "", "detected", "resource=r1; vnf=vnf-a2; host=h1");
  crash.event("sm-1", "vnf-a2", "VNF_TERMINATE", "termination_kind=requested", "td-a", "VIM",
              "app-a2");
  EXPECT_EQ(w.run(check_sm_terminate_events, crash.records).verdict, Verdict::fail);
  SmTrace crashed;
  crashed.decision("vim-1", "WorkloadFault", "", "detected", "resource=r1; vnf=vnf-a2; host=h1");
  crashed.event("sm-1", "vnf-a2", "VNF_TERMINATE", "termination_kind=crashed", "td-a", "VIM",
                "app-a2");
  EXPECT_EQ(w.run(check_sm_terminate_events, crashed.records).verdict, Verdict::pass);
}

TEST(SmEventChecks, SourceFromTheSetAndEqualToTheOperations) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-a", "HEAL", "starting", "VNFM_AUTO_HEAL");
  const auto e = t.event("sm-1", "vnf-a", "VNF_MODIFY", "change_kind=vnfc; operation=HEAL", "td-a",
                         "VNFM_AUTO_HEAL");
  EXPECT_EQ(w.run(check_sm_event_source, t.records).verdict, Verdict::pass);
  auto wrong = t.records;
  wrong[e - 1].detail = "sm=sm-1; vnf=vnf-a; event_type=VNF_MODIFY; operation=HEAL; source=OSS";
  EXPECT_EQ(w.run(check_sm_event_source, wrong).verdict, Verdict::fail);
  wrong[e - 1].detail = "sm=sm-1; vnf=vnf-a; event_type=VNF_MODIFY; source=";
  EXPECT_EQ(w.run(check_sm_event_source, wrong).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_event_source, SmTrace().records).verdict, Verdict::none);
}

TEST(SmEventChecks, ReasonOnEveryEvent) {
  SmWorld w;
  SmTrace t;
  t.instantiate_a();
  EXPECT_EQ(w.run(check_sm_event_reason, t.records).verdict, Verdict::pass);
  t.records.back().detail += "; reason=";
  EXPECT_EQ(w.run(check_sm_event_reason, t.records).verdict, Verdict::fail);
}

TEST(SmEventChecks, InstantiationItemsVnfdAndDigest) {
  SmWorld w;
  SmTrace t;
  t.instantiate_a();
  EXPECT_EQ(w.run(check_sm_instantiate_items, t.records).verdict, Verdict::pass);
  auto no_digest = t.records;
  no_digest.back().detail += "; digest=ffff";
  EXPECT_EQ(w.run(check_sm_instantiate_items, no_digest).verdict, Verdict::fail);
  auto missing = t.records;
  missing.back().detail += "; items=source,vnfd_id";
  EXPECT_EQ(w.run(check_sm_instantiate_items, missing).verdict, Verdict::fail);
  // include_vnfd asked but no vnfd sent.
  SmTrace asked;
  asked.bind("sm-1", "td-a:semi_active", "include_vnfd=true");
  asked.instantiate_a();
  EXPECT_EQ(w.run(check_sm_instantiate_items, asked.records).verdict, Verdict::fail);
  asked.records.back().detail += "; items=" + testing::kFullItems + ",vnfd";
  EXPECT_EQ(w.run(check_sm_instantiate_items, asked.records).verdict, Verdict::pass);
}

// D12: the event's hosts against the allocations of the instantiation it is about (same VNF and
// correlation as the VNFM's INSTANTIATE operation); no hosts although the VNFM reserved fails,
// no hosts without any reservation leaves the verdict inconc.
TEST(SmEventChecks, InstantiationHostsAreWhereTheVimThenAllocated) {
  SmWorld w;
  SmTrace t;
  t.decision("vnfm-1", "VnfLcmOperation", "", "starting",
             "operation=INSTANTIATE; vnf=vnf-a; occurrence=vnfm-1-op-1; source=OSS; corr=c-1",
             "nfvo-1");
  const auto reserved = t.decision("vnfm-1", "PlacementReservation", "", "reserved",
                                   "vnf=vnf-a; occurrence=vnfm-1-op-1; "
                                   "reservations=vim-1-reservation-1; hosts=vnf-a-c-1@host-1",
                                   "vim-1");
  const auto event = t.event("sm-1", "vnf-a", "VNF_INSTANTIATE", "hosts=host-1@paris");
  // Another operation's allocation of the VNF (another correlation) is not compared.
  t.decision("vim-1", "ResourceAllocation", "", "allocated",
             "resource=vim-1-compute-9; vnfci=vnf-a-c-9; vnf=vnf-a; host=host-9; "
             "location=lyon; consumer=vnfm-1; corr=c-2",
             "vnfm-1");
  t.decision("vim-1", "ResourceAllocation", "", "allocated",
             "resource=vim-1-compute-1; vnfci=vnf-a-c-1; vnf=vnf-a; host=host-1; "
             "location=paris; consumer=vnfm-1; corr=c-1",
             "vnfm-1");
  auto r = w.run(check_sm_instantiate_items, t.records);
  EXPECT_EQ(r.verdict, Verdict::pass) << r.reason;
  auto elsewhere = t.records;
  auto& d = elsewhere.back().detail;
  d.replace(d.find("host=host-1"), 11, "host=host-2");
  r = w.run(check_sm_instantiate_items, elsewhere);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("allocated on host-2@paris"), std::string::npos) << r.reason;
  // The hosts item dropped from the event although the VNFM reserved: fail.
  auto dropped = t.records;
  auto& e = dropped.at(event - 1).detail;
  e.replace(e.find(",hosts"), 6, "");
  e.replace(e.find("; hosts=host-1@paris"), 20, "");
  r = w.run(check_sm_instantiate_items, dropped);
  EXPECT_EQ(r.verdict, Verdict::fail) << r.reason;
  EXPECT_NE(r.reason.find("names no hosts"), std::string::npos) << r.reason;
  // Without a reservation the missing hosts leave the verdict open.
  dropped.at(reserved - 1).outcome = "rejected";
  EXPECT_EQ(w.run(check_sm_instantiate_items, dropped).verdict, Verdict::inconc);
}

TEST(SmEventChecks, ModifyAndTerminateItems) {
  SmWorld w;
  SmTrace t;
  t.event("sm-1", "vnf-a", "VNF_MODIFY", "change_kind=vnfc");
  t.event("sm-1", "vnf-a", "VNF_TERMINATE", "termination_kind=requested");
  EXPECT_EQ(w.run(check_sm_modify_items, t.records).verdict, Verdict::pass);
  EXPECT_EQ(w.run(check_sm_terminate_items, t.records).verdict, Verdict::pass);
  for (auto& r : t.records) r.detail += "; items=source,vnf_instance_id";
  EXPECT_EQ(w.run(check_sm_modify_items, t.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_terminate_items, t.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_modify_items, SmTrace().records).verdict, Verdict::none);
}

TEST(SmEventChecks, ContextQueryListsTheNsMembers) {
  SmWorld w;
  SmTrace t;
  t.lcm("vnf-a", "INSTANTIATE");
  t.lcm("vnf-a2", "INSTANTIATE");
  t.decision("nfvo-1", "SmQuery", "", "answered",
             "sm=sm-1; query=context; domain=td-a; vnfs=vnf-a,vnf-a2");
  EXPECT_EQ(w.run(check_sm_context_query, t.records).verdict, Verdict::pass);
  t.records.back().detail = "sm=sm-1; query=context; domain=td-a; vnfs=vnf-a";
  EXPECT_EQ(w.run(check_sm_context_query, t.records).verdict, Verdict::fail);  // vnf-a2 missing
  t.records.back().detail = "sm=sm-1; query=context; domain=td-a; vnfs=vnf-a,vnf-a2,vnf-li";
  EXPECT_EQ(w.run(check_sm_context_query, t.records).verdict, Verdict::fail);  // sensitive shown
  t.records.back().outcome = "rejected";
  t.records.back().detail = "sm=sm-1; query=context; domain=td-a; reason=no";
  EXPECT_EQ(w.run(check_sm_context_query, t.records).verdict, Verdict::fail);  // own domain
  t.records.back().detail = "sm=sm-1; query=context; domain=td-b; reason=not in SM's domains";
  EXPECT_EQ(w.run(check_sm_context_query, t.records).verdict, Verdict::pass);
  EXPECT_EQ(w.run(check_sm_context_query, SmTrace().records).verdict, Verdict::none);
}

TEST(SmEventChecks, OssAppIdTheOsssAndConstant) {
  SmWorld w;
  SmTrace t;
  t.instantiate_a();
  t.event("sm-1", "vnf-a", "VNF_MODIFY", "change_kind=vnfc");
  EXPECT_EQ(w.run(check_sm_oss_app_id, t.records).verdict, Verdict::pass);
  t.event("sm-1", "vnf-a", "VNF_TERMINATE", "termination_kind=requested", "td-a", "OSS", "app-x");
  EXPECT_EQ(w.run(check_sm_oss_app_id, t.records).verdict, Verdict::fail);
  SmTrace empty;
  empty.event("sm-1", "vnf-a", "VNF_MODIFY", "change_kind=vnfc", "td-a", "OSS", "");
  EXPECT_EQ(w.run(check_sm_oss_app_id, empty.records).verdict, Verdict::fail);
  EXPECT_EQ(w.run(check_sm_oss_app_id, SmTrace().records).verdict, Verdict::none);
}

}  // namespace
}  // namespace ifa026::conformance
