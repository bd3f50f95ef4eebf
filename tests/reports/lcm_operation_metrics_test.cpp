// Metrics per VNF LCM operation of the lifecycle chain (reports/lcm_operation_metrics.hpp): each
// figure from the records that bound it, chain operations only, ends counted apart.
#include "reports/lcm_operation_metrics.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ifa026::reports::lcm_operation_metrics_test {
namespace {

using sim::Duration;
using sim::RecordKind;
using sim::Time;
using sim::TraceRecord;

TraceRecord decision(std::int64_t ms, const std::string& actor, const std::string& operation,
                     const std::string& outcome, const std::string& detail) {
  TraceRecord r;
  r.time = Time::zero() + Duration::milliseconds(ms);
  r.kind = RecordKind::decision;
  r.actor = actor;
  r.operation = operation;
  r.outcome = outcome;
  r.detail = detail;
  return r;
}

// One instantiation of two VNFCIs: the NS request at 0 ms, STARTING at 10, grant 10 -> 14,
// allocations answered at 20 and 24, COMPLETED at 26, certificates at 60 and 70.
void instantiation(LcmOperationMetrics& m) {
  m.on_record(decision(0, "nfvo-1", "NsLcmOperation", "starting", "corr=oss-1-req-1"));
  const std::string op = "occurrence=vnfm-1-op-1; corr=oss-1-req-1";
  m.on_record(decision(10, "vnfm-1", "VnfLcmOperation", "starting",
                       "operation=INSTANTIATE; " + op + "; source=OSS"));
  m.on_record(decision(10, "vnfm-1", "VnfLcmGrant", "requested", op));
  m.on_record(decision(14, "vnfm-1", "VnfLcmGrant", "granted", op));
  m.on_record(decision(14, "vnfm-1", "VnfLcmOperation", "processing",
                       "operation=INSTANTIATE; " + op + "; source=OSS"));
  m.on_record(decision(20, "vnfm-1", "VnfciResource", "allocated", "vnfci=v-1; " + op));
  m.on_record(decision(24, "vnfm-1", "VnfciResource", "allocated", "vnfci=v-2; " + op));
  m.on_record(decision(26, "vnfm-1", "VnfLcmOperation", "completed",
                       "operation=INSTANTIATE; " + op + "; source=OSS"));
  m.on_record(decision(60, "v-1", "CertificateInstalled", "ok", "vnfci=v-1; purpose=enrolment"));
  m.on_record(decision(70, "v-2", "CertificateInstalled", "ok", "vnfci=v-2; purpose=enrolment"));
  m.on_record(decision(90, "v-2", "CertificateInstalled", "ok", "vnfci=v-2; purpose=renewal"));
}

TEST(LcmOperationMetrics, SplitsAnInstantiationIntoItsParts) {
  LcmOperationMetrics m;
  instantiation(m);
  const auto s = m.summaries();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].operation, "INSTANTIATE");
  EXPECT_EQ(s[0].completed, 1u);
  EXPECT_EQ(s[0].duration.max, Duration::milliseconds(26));  // from the NS request
  EXPECT_EQ(s[0].grant.max, Duration::milliseconds(4));
  EXPECT_EQ(s[0].allocation.max, Duration::milliseconds(10));   // 14 -> 24
  EXPECT_EQ(s[0].certificate.max, Duration::milliseconds(50));  // 20 -> 70, not the renewal
  EXPECT_EQ(s[0].ready.max, Duration::milliseconds(70));
}

TEST(LcmOperationMetrics, CountsEndsApartAndIgnoresTheShortcut) {
  LcmOperationMetrics m;
  instantiation(m);
  // A refused grant: FAILED, not in the figures.
  m.on_record(decision(100, "vnfm-1", "VnfLcmOperation", "starting",
                       "operation=INSTANTIATE; occurrence=vnfm-1-op-2; corr=c2; source=OSS"));
  m.on_record(decision(104, "vnfm-1", "VnfLcmOperation", "failed",
                       "operation=INSTANTIATE; occurrence=vnfm-1-op-2; corr=c2; source=OSS"));
  // Started, never ended.
  m.on_record(decision(110, "vnfm-1", "VnfLcmOperation", "starting",
                       "operation=HEAL; occurrence=vnfm-1-op-3; corr=h; source=VNFM_AUTO_HEAL"));
  // A workload-command operation (no source): not a chain operation.
  m.on_record(decision(120, "vnfm-1", "VnfLcmOperation", "starting",
                       "operation=TERMINATE; occurrence=vnfm-1-op-4"));
  m.on_record(decision(130, "vnfm-1", "VnfLcmOperation", "completed",
                       "operation=TERMINATE; occurrence=vnfm-1-op-4"));
  const auto s = m.summaries();
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].operation, "HEAL");
  EXPECT_EQ(s[0].unfinished, 1u);
  EXPECT_EQ(s[0].duration.count, 0u);
  EXPECT_EQ(s[1].operation, "INSTANTIATE");
  EXPECT_EQ(s[1].completed, 1u);
  EXPECT_EQ(s[1].failed, 1u);
  EXPECT_EQ(s[1].duration.count, 1u);
  // Started by the VNFM itself (no NS request with its corr): measured from STARTING.
  m.on_record(decision(150, "vnfm-1", "VnfLcmOperation", "completed",
                       "operation=HEAL; occurrence=vnfm-1-op-3; corr=h; source=VNFM_AUTO_HEAL"));
  EXPECT_EQ(m.summaries()[0].duration.max, Duration::milliseconds(40));
}

}  // namespace
}  // namespace ifa026::reports::lcm_operation_metrics_test
