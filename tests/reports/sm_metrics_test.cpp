// Metrics of the Security Managers (reports/sm_metrics.hpp): events per SM and domain, grant
// decisions and the delay they added, authorizations, instruction-to-effect times and the
// objection windows, each from the records that carry it.
#include "reports/sm_metrics.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ifa026::reports::sm_metrics_test {
namespace {

using sim::Duration;
using sim::RecordKind;
using sim::Time;
using sim::TraceRecord;

TraceRecord decision(std::int64_t ms, const std::string& operation, const std::string& outcome,
                     const std::string& detail) {
  TraceRecord r;
  r.time = Time::zero() + Duration::milliseconds(ms);
  r.kind = RecordKind::decision;
  r.actor = "nfvo-1";
  r.operation = operation;
  r.outcome = outcome;
  r.detail = detail;
  return r;
}

TEST(SmMetrics, NoSmNoSummary) {
  SmMetrics m;
  m.on_record(decision(1, "VnfLcmOperation", "completed", "operation=TERMINATE; vnf=v-1"));
  m.on_record(decision(2, "GrantDecision", "granted", "vnf=v-1"));
  EXPECT_TRUE(m.summaries().empty());
  EXPECT_EQ(m.objection_windows().closed + m.objection_windows().objected, 0u);
}

TEST(SmMetrics, EachFigureComesFromItsRecords) {
  SmMetrics m;
  m.on_record(decision(0, "SmEventRouted", "sent", "sm=sm-1; domain=td-a; event_id=e-1"));
  m.on_record(decision(1, "SmEventRouted", "sent", "sm=sm-1; domain=td-a; event_id=e-2"));
  m.on_record(decision(2, "SmEventRouted", "sent", "sm=sm-1; domain=td-b; event_id=e-3"));
  m.on_record(decision(3, "SmEventRouted", "sent", "sm=sm-2; domain=td-b; event_id=e-3"));
  m.on_record(decision(10, "SmGrantDecision", "approved", "sm=sm-1; waited=100ms"));
  m.on_record(decision(20, "SmGrantDecision", "approved", "sm=sm-1; waited=300ms"));
  m.on_record(decision(30, "SmGrantDecision", "rejected", "sm=sm-1; waited=200ms"));
  m.on_record(decision(40, "SmGrantDecision", "timeout", "sm=sm-2; waited=10s"));
  m.on_record(decision(41, "SmGrantDecision", "ignored", "sm=sm-2"));  // no decision
  m.on_record(decision(50, "SmAuthorization", "granted", "sm=sm-1"));
  m.on_record(decision(51, "SmAuthorization", "rejected", "sm=sm-2"));
  m.on_record(decision(60, "SmObjectionWindow", "closed", "event_id=e-4; waited=2s"));
  m.on_record(decision(61, "SmObjectionWindow", "objected", "event_id=e-5; waited=500ms"));
  // sm-1 asks for v-1's termination at 100 ms; the VNFM completes it at 140 ms.
  m.on_record(decision(100, "SmTerminationItem", "terminated", "sm=sm-1; vnf=v-1"));
  m.on_record(decision(100, "SmTerminationItem", "unknown", "sm=sm-1; vnf=v-9"));
  m.on_record(decision(120, "VnfLcmOperation", "completed", "operation=SCALE_IN; vnf=v-1"));
  m.on_record(decision(140, "VnfLcmOperation", "completed", "operation=TERMINATE; vnf=v-1"));

  const auto sms = m.summaries();
  ASSERT_EQ(sms.size(), 2u);
  const SmSummary& one = sms[0];
  EXPECT_EQ(one.sm, "sm-1");
  EXPECT_EQ(one.events_by_domain.at("td-a"), 2u);
  EXPECT_EQ(one.events_by_domain.at("td-b"), 1u);
  EXPECT_EQ(one.grants_approved, 2u);
  EXPECT_EQ(one.grants_rejected, 1u);
  EXPECT_EQ(one.grant_wait.count, 3u);
  EXPECT_EQ(one.grant_wait.p50, Duration::milliseconds(200));
  EXPECT_EQ(one.grant_wait.max, Duration::milliseconds(300));
  EXPECT_EQ(one.authorizations_granted, 1u);
  EXPECT_EQ(one.instruction_to_effect.count, 1u);
  EXPECT_EQ(one.instruction_to_effect.max, Duration::milliseconds(40));
  const SmSummary& two = sms[1];
  EXPECT_EQ(two.grants_timed_out, 1u);
  EXPECT_EQ(two.grant_wait.max, Duration::seconds(10));
  EXPECT_EQ(two.authorizations_rejected, 1u);
  EXPECT_EQ(two.instruction_to_effect.count, 0u);
  const auto windows = m.objection_windows();
  EXPECT_EQ(windows.closed, 1u);
  EXPECT_EQ(windows.objected, 1u);
  EXPECT_EQ(windows.wait.max, Duration::seconds(2));
}

TraceRecord send(std::int64_t ms, const std::string& from, const std::string& to,
                 const std::string& ref, const std::string& operation) {
  TraceRecord r;
  r.time = Time::zero() + Duration::milliseconds(ms);
  r.kind = RecordKind::send;
  r.actor = from;
  r.peer = to;
  r.reference_point = ref;
  r.operation = operation;
  return r;
}

// The research figures: delay per LCM operation by mode and by the deciding SM's depth, messages
// per SM and reference point, the instruction's propagation from the SM's send, refused
// cross-domain requests.
TEST(SmMetrics, HierarchyFiguresByOperationModeAndDepth) {
  SmMetrics m;
  m.set_security_managers({{"sm-m", 0}, {"sm-a", 1}, {"sm-aa", 2}});
  m.on_record(
      decision(10, "SmGrantDecision", "approved", "sm=sm-a; operation=INSTANTIATE; waited=100ms"));
  m.on_record(
      decision(11, "SmGrantDecision", "approved", "sm=sm-aa; operation=INSTANTIATE; waited=300ms"));
  m.on_record(
      decision(12, "SmGrantDecision", "rejected", "sm=sm-aa; operation=INSTANTIATE; waited=500ms"));
  m.on_record(decision(13, "SmGrantDecision", "approved", "sm=sm-m; operation=HEAL; waited=7ms"));
  m.on_record(decision(14, "SmObjectionWindow", "closed", "operation=HEAL; waited=2s"));
  m.on_record(
      decision(15, "SmObjectionWindow", "objected", "operation=HEAL; sm=sm-a; waited=250ms"));
  // Refused: a domain the SM does not manage; another rejection reason is not cross-domain.
  m.on_record(decision(20, "SmAuthorization", "rejected",
                       "sm=sm-a; domain=td-x; reason=not in SM's domains"));
  m.on_record(decision(21, "SmAuthorization", "rejected",
                       "sm=sm-a; domain=td-a; reason=not permitted in mode passive"));
  // Messages: sent by, and to, an SM; others are not counted.
  m.on_record(send(30, "sm-m", "nfvo-1", "Sc-Or", "SmTerminateVnfRequest"));
  m.on_record(send(31, "nfvo-1", "sm-m", "Sc-Or", "SmTerminateVnfResponse"));
  m.on_record(send(32, "nfvo-1", "vnfm-1", "Or-Vnfm", "TerminateVnfRequest"));
  m.on_record(send(33, "sm-a", "vim-1", "Sc-Vi", "SmQuery"));
  // sm-m's instruction sent at 30 ms, accepted by MANO at 35 ms, effective at 80 ms.
  m.on_record(decision(35, "SmTerminationItem", "terminated", "sm=sm-m; vnf=v-1"));
  m.on_record(decision(80, "VnfLcmOperation", "completed", "operation=TERMINATE; vnf=v-1"));

  const auto delays = m.operation_delays();
  ASSERT_EQ(delays.size(), 2u);
  const SmOperationDelay& heal = delays[0];
  EXPECT_EQ(heal.operation, "HEAL");
  EXPECT_EQ(heal.grant_wait.max, Duration::milliseconds(7));
  EXPECT_EQ(heal.grant_wait_by_depth.at(0).count, 1u);
  EXPECT_EQ(heal.objection_wait.count, 2u);
  EXPECT_EQ(heal.objection_wait.max, Duration::seconds(2));
  ASSERT_EQ(heal.objection_wait_by_depth.size(), 1u);  // the closed window has no SM
  EXPECT_EQ(heal.objection_wait_by_depth.at(1).max, Duration::milliseconds(250));
  const SmOperationDelay& inst = delays[1];
  EXPECT_EQ(inst.operation, "INSTANTIATE");
  EXPECT_EQ(inst.grant_wait.count, 3u);
  EXPECT_EQ(inst.grant_wait_by_depth.at(1).max, Duration::milliseconds(100));
  EXPECT_EQ(inst.grant_wait_by_depth.at(2).count, 2u);
  EXPECT_EQ(inst.grant_wait_by_depth.at(2).max, Duration::milliseconds(500));
  EXPECT_EQ(inst.grant_wait_by_depth.count(0), 0u);
  EXPECT_EQ(inst.objection_wait.count, 0u);

  const auto sms = m.summaries();
  ASSERT_EQ(sms.size(), 3u);
  const SmSummary& a = sms[0];
  EXPECT_EQ(a.sm, "sm-a");
  EXPECT_EQ(a.depth, 1);
  EXPECT_EQ(a.refused_cross_domain, (std::map<std::string, std::uint64_t>{{"td-x", 1}}));
  EXPECT_EQ(a.authorizations_rejected, 2u);
  EXPECT_EQ(a.messages_by_reference_point.at("Sc-Vi").sent, 1u);
  const SmSummary& master = sms[2];
  EXPECT_EQ(master.sm, "sm-m");
  EXPECT_EQ(master.depth, 0);
  EXPECT_EQ(master.messages_by_reference_point.size(), 1u);
  EXPECT_EQ(master.messages_by_reference_point.at("Sc-Or").sent, 1u);
  EXPECT_EQ(master.messages_by_reference_point.at("Sc-Or").received, 1u);
  EXPECT_EQ(master.instruction_to_effect.max, Duration::milliseconds(45));
  EXPECT_EQ(master.instruction_propagation.count, 1u);
  EXPECT_EQ(master.instruction_propagation.max, Duration::milliseconds(50));
  EXPECT_EQ(sms[1].sm, "sm-aa");
  EXPECT_EQ(sms[1].depth, 2);
}

// Without the scenario's SMs no message is attributed (the collector cannot tell an SM by name).
TEST(SmMetrics, MessagesNeedTheScenarioSms) {
  SmMetrics m;
  m.on_record(send(30, "sm-m", "nfvo-1", "Sc-Or", "SmTerminateVnfRequest"));
  EXPECT_TRUE(m.summaries().empty());
}

}  // namespace
}  // namespace ifa026::reports::sm_metrics_test
