// Metrics of the Security Managers (reports/sm_metrics.hpp): events per SM and domain, grant
// decisions and the delay they added, authorizations, instruction-to-effect times and the
// objection windows, each from the records that carry it.
#include "reports/sm_metrics.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ifa026::reports {
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

}  // namespace
}  // namespace ifa026::reports
