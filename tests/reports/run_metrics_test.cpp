// Tests for the per-run metrics collector (reports/run_metrics.hpp): synthetic traces with known
// answers for every metric, nearest-rank percentiles, the down-sampled queue series against a
// brute-force reference, a million records streamed in bounded memory, and the JSON and CSV forms.
#include "reports/run_metrics.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace ifa026::reports::run_metrics_test {
namespace {

using sim::Duration;
using sim::RecordKind;
using sim::Time;
using sim::TraceRecord;

Time ms(std::int64_t n) {
  return Time::zero() + Duration::milliseconds(n);
}

TraceRecord rec(Time t, RecordKind kind, std::string actor, std::string operation,
                std::string outcome = "ok", std::string detail = "") {
  TraceRecord r;
  r.time = t;
  r.kind = kind;
  r.actor = std::move(actor);
  r.operation = std::move(operation);
  r.outcome = std::move(outcome);
  r.detail = std::move(detail);
  return r;
}

TraceRecord send(Time t, std::string actor, std::string ref, std::uint64_t bytes,
                 std::string step = "", std::string operation = "Msg") {
  TraceRecord r = rec(t, RecordKind::send, std::move(actor), std::move(operation));
  r.reference_point = std::move(ref);
  r.bytes = bytes;
  r.step = std::move(step);
  return r;
}

TraceRecord drop(Time t, std::string ref, std::string reason) {
  TraceRecord r = rec(t, RecordKind::drop, "a", "Msg", std::move(reason));
  r.reference_point = std::move(ref);
  return r;
}

TraceRecord entity_decision(Time t, const std::string& actor, const std::string& operation,
                            const std::string& extra, const std::string& entity = "",
                            const std::string& outcome = "ok") {
  const std::string e = entity.empty() ? actor : entity;
  return rec(t, RecordKind::decision, actor, operation, outcome,
             "entity=" + e + "; fqdn=" + e + ".example.net" + (extra.empty() ? "" : "; " + extra));
}

TraceRecord work_queue(Time t, const std::string& actor, const std::string& queue,
                       std::uint64_t running, std::uint64_t waiting) {
  return rec(t, RecordKind::log, actor, "WorkQueue", "",
             "queue=" + queue + "; running=" + std::to_string(running) +
                 "; waiting=" + std::to_string(waiting));
}

RunManifest manifest_ending_at(Time end) {
  RunManifest m;
  m.scenario_name = "synthetic";
  m.seed = 7;
  m.end = end;
  m.end_utc = "2026-01-01T00:00:10Z";
  return m;
}

TEST(RunMetrics, CountsMessagesBytesAndDropsPerReferencePoint) {
  RunMetrics m;
  m.on_record(send(ms(1), "oss", "CMF-1", 100));
  m.on_record(send(ms(2), "nfvo", "CMF-1", 250));
  m.on_record(send(ms(3), "cmf", "CA-1", 1000));
  m.on_record(send(ms(4), "x", "", 7));
  m.on_record(drop(ms(5), "CA-1", "loss"));
  m.on_record(drop(ms(6), "CA-1", "loss"));
  m.on_record(drop(ms(7), "CA-1", "link-down"));
  m.on_record(drop(ms(8), "Or-Vnfm", "sender-down"));  // dropped before it was sent
  TraceRecord receive = send(ms(9), "cmf", "CMF-1", 100);
  receive.kind = RecordKind::receive;  // receives are not messages sent
  m.on_record(receive);

  auto rps = m.reference_points();
  ASSERT_EQ(rps.size(), 4u);
  EXPECT_EQ(rps[0].name, "");
  EXPECT_EQ(rps[0].messages, 1u);
  EXPECT_EQ(rps[0].bytes, 7u);
  EXPECT_EQ(rps[1].name, "CA-1");
  EXPECT_EQ(rps[1].messages, 1u);
  EXPECT_EQ(rps[1].bytes, 1000u);
  EXPECT_EQ(rps[1].drops, (std::map<std::string, std::uint64_t>{{"link-down", 1}, {"loss", 2}}));
  EXPECT_EQ(rps[2].name, "CMF-1");
  EXPECT_EQ(rps[2].messages, 2u);
  EXPECT_EQ(rps[2].bytes, 350u);
  EXPECT_TRUE(rps[2].drops.empty());
  EXPECT_EQ(rps[3].name, "Or-Vnfm");
  EXPECT_EQ(rps[3].messages, 0u);
  EXPECT_EQ(rps[3].drops.at("sender-down"), 1u);
  EXPECT_EQ(m.records(), 9u);
}

// A trace exercising every rule of the enrolment latency (docs/metrics.md).
void feed_enrolments(RunMetrics& m) {
  // oss: its "#0" registration request starts nothing it ever finishes; not an entity.
  m.on_record(send(ms(500), "oss", "CMF-1", 10, "C.4.1.1#0", "RegisterEntityRequest"));
  // nfvo with an HSM: the HSM-If request (#0) comes before GenerateKey; 2 s.
  m.on_record(send(ms(1000), "nfvo", "HSM-If", 10, "C.4.1.2.7#0", "GenerateKeyPairRequest"));
  m.on_record(entity_decision(ms(1200), "nfvo", "GenerateKey", "in=hsm; purpose=enrolment"));
  m.on_record(send(ms(1500), "nfvo", "CMF-1", 10, "C.4.1.2.7#0", "CertificateSigningRequest"));
  m.on_record(entity_decision(ms(3000), "nfvo", "CertificateInstalled", "purpose=enrolment"));
  // vnfm: fails once and retries; measured from the first attempt: 4 s.
  m.on_record(entity_decision(ms(2000), "vnfm", "GenerateKey", "in=self; purpose=enrolment"));
  m.on_record(
      entity_decision(ms(2500), "vnfm", "EnrolmentFailed", "purpose=enrolment", "", "rejected"));
  m.on_record(entity_decision(ms(4000), "vnfm", "GenerateKey", "in=self; purpose=enrolment"));
  m.on_record(entity_decision(ms(6000), "vnfm", "CertificateInstalled", "purpose=enrolment"));
  // wim: no step IDs at all, GenerateKey starts it: 500 ms.
  m.on_record(entity_decision(ms(1000), "wim", "GenerateKey", "in=self; purpose=enrolment"));
  m.on_record(entity_decision(ms(1500), "wim", "CertificateInstalled", "purpose=enrolment"));
  // nfvo renews: neither its GenerateKey nor its "#0" request start an enrolment.
  m.on_record(entity_decision(ms(10000), "nfvo", "GenerateKey", "in=self; purpose=renewal"));
  m.on_record(send(ms(10100), "nfvo", "CMF-1", 10, "C.4.1.2.6#0", "CertificateSigningRequest"));
  m.on_record(entity_decision(ms(11000), "nfvo", "CertificateInstalled", "purpose=renewal"));
  // A "#0" request while holding a certificate starts nothing either.
  m.on_record(send(ms(11500), "vnfm", "CMF-1", 10, "C.4.2.2.6#0", "CertificateSigningRequest"));
  // vim starts and never finishes: unfinished.
  m.on_record(entity_decision(ms(5000), "vim", "GenerateKey", "in=self; purpose=enrolment"));
  // Two identities of one actor, told apart by entity=: 250 ms and 1.25 s.
  m.on_record(
      entity_decision(ms(7000), "vnfci-1", "GenerateKey", "purpose=enrolment", "vnfci-1/oam"));
  m.on_record(
      entity_decision(ms(7100), "vnfci-1", "GenerateKey", "purpose=enrolment", "vnfci-1/client"));
  m.on_record(entity_decision(ms(7250), "vnfci-1", "CertificateInstalled", "purpose=enrolment",
                              "vnfci-1/oam"));
  m.on_record(entity_decision(ms(8350), "vnfci-1", "CertificateInstalled", "purpose=enrolment",
                              "vnfci-1/client"));
  // wim's certificate is removed; it enrols again: 1 s.
  m.on_record(entity_decision(ms(20000), "wim", "CertificateRemoved", "reason=revoked"));
  m.on_record(entity_decision(ms(21000), "wim", "GenerateKey", "in=self; purpose=enrolment"));
  m.on_record(entity_decision(ms(22000), "wim", "CertificateInstalled", "purpose=enrolment"));
  // An installation whose start the trace does not show: counted, not measured.
  m.on_record(entity_decision(ms(23000), "cir", "CertificateInstalled", "purpose=enrolment"));
}

TEST(RunMetrics, EnrolmentLatencyRunsFromTheFirstRequestToInstallation) {
  RunMetrics m;
  feed_enrolments(m);
  // Latencies: 2 s, 4 s, 0.5 s, 0.25 s, 1.25 s, 1 s.
  LatencySummary s = m.enrolment_latency();
  EXPECT_EQ(s.count, 6u);
  EXPECT_EQ(s.min, Duration::milliseconds(250));
  EXPECT_EQ(s.max, Duration::seconds(4));
  EXPECT_EQ(s.mean, Duration::milliseconds(1500));  // 9 s / 6
  EXPECT_EQ(s.p50, Duration::seconds(1));           // rank 3 of 0.25 0.5 1 1.25 2 4
  EXPECT_EQ(s.p90, Duration::seconds(4));           // rank 6
  EXPECT_EQ(s.p99, Duration::seconds(4));
  CertificateCounts c = m.counts();
  EXPECT_EQ(c.enrolments, 7u);
  EXPECT_EQ(c.renewals, 1u);
  EXPECT_EQ(c.enrolments_unfinished, 1u);  // vim; not the oss
  EXPECT_EQ(c.rejections.at("EnrolmentFailed"), 1u);
  EXPECT_EQ(m.latency_samples(), 6u);
}

TEST(RunMetrics, AVnfcisIdentitiesAreMeasuredApartByVnfciAndIdentity) {
  // Direct-mode VNFCI records carry vnfci= and identity= (no entity=): 100 ms and 300 ms.
  RunMetrics m;
  for (const char* identity : {"client", "server"})
    m.on_record(rec(ms(1000), RecordKind::decision, "vnf-1-fw-1", "GenerateKey", "ok",
                    std::string("vnfci=vnf-1-fw-1; identity=") + identity +
                        "; key_type=ec-p256; in=self; purpose=enrolment"));
  m.on_record(rec(ms(1100), RecordKind::decision, "vnf-1-fw-1", "CertificateInstalled", "ok",
                  "vnfci=vnf-1-fw-1; identity=client; serial=01; purpose=enrolment"));
  m.on_record(rec(ms(1300), RecordKind::decision, "vnf-1-fw-1", "CertificateInstalled", "ok",
                  "vnfci=vnf-1-fw-1; identity=server; serial=02; purpose=enrolment"));
  const LatencySummary s = m.enrolment_latency();
  EXPECT_EQ(s.count, 2u);
  EXPECT_EQ(s.min, Duration::milliseconds(100));
  EXPECT_EQ(s.max, Duration::milliseconds(300));
  EXPECT_EQ(m.counts().enrolments, 2u);
}

TEST(RunMetrics, AFailedEnrolmentIsNotUnfinishedAndARotationIsNotAnEnrolment) {
  // What direct-wrong-initial-credential and C.2.1.3 traces hold. Before: the final failure was
  // counted as unfinished, and each key rotation as one more enrolment with a latency sample.
  RunMetrics m;
  auto vnfci = [](const std::string& identity, const std::string& extra) {
    return "vnfci=vnf-1; identity=" + identity + "; " + extra;
  };
  // client: refused by the CA, no retry before the end: failed, not unfinished.
  m.on_record(rec(ms(100), RecordKind::decision, "vnf-1", "GenerateKey", "ok",
                  vnfci("client", "in=self; purpose=enrolment")));
  m.on_record(rec(ms(150), RecordKind::decision, "vnf-1", "EnrolmentFailed", "failed",
                  vnfci("client", "purpose=enrolment; reason=CA: rejection; attempt=1")));
  // server: still waiting for the CA at the end: unfinished.
  m.on_record(rec(ms(100), RecordKind::decision, "vnf-1", "GenerateKey", "ok",
                  vnfci("server", "in=self; purpose=enrolment")));
  // oam: fails, retries and is installed: one enrolment of 400 ms, neither failed nor unfinished.
  m.on_record(rec(ms(100), RecordKind::decision, "vnf-1", "GenerateKey", "ok",
                  vnfci("oam", "in=self; purpose=enrolment")));
  m.on_record(rec(ms(200), RecordKind::decision, "vnf-1", "EnrolmentFailed", "failed",
                  vnfci("oam", "purpose=enrolment; attempt=1")));
  m.on_record(rec(ms(300), RecordKind::decision, "vnf-1", "GenerateKey", "ok",
                  vnfci("oam", "in=self; purpose=enrolment")));
  m.on_record(rec(ms(500), RecordKind::decision, "vnf-1", "CertificateInstalled", "ok",
                  vnfci("oam", "serial=01; purpose=enrolment")));
  // oam rotates its key twice (C.2.1.3 note 4): rotations, not enrolments.
  for (int round = 1; round <= 2; ++round) {
    m.on_record(rec(ms(1000 * round), RecordKind::decision, "vnf-1", "GenerateKey", "ok",
                    vnfci("oam", "in=hsm; purpose=rotation")));
    m.on_record(rec(ms(1000 * round + 14), RecordKind::decision, "vnf-1", "CertificateInstalled",
                    "ok",
                    vnfci("oam", "serial=0" + std::to_string(round + 1) + "; purpose=rotation")));
  }
  // A failed rotation leaves no enrolment under way.
  m.on_record(rec(ms(5000), RecordKind::decision, "vnf-1", "GenerateKey", "ok",
                  vnfci("oam", "in=hsm; purpose=rotation")));
  m.on_record(rec(ms(5010), RecordKind::decision, "vnf-1", "EnrolmentFailed", "failed",
                  vnfci("oam", "purpose=rotation")));
  const CertificateCounts c = m.counts();
  EXPECT_EQ(c.enrolments, 1u);
  EXPECT_EQ(c.rotations, 2u);
  EXPECT_EQ(c.renewals, 0u);
  EXPECT_EQ(c.enrolments_failed, 1u);
  EXPECT_EQ(c.enrolments_unfinished, 1u);
  EXPECT_EQ(m.enrolment_latency().count, 1u);
  EXPECT_EQ(m.enrolment_latency().max, Duration::milliseconds(400));
  const auto j = metrics_to_json(m, manifest_ending_at(ms(6000)));
  EXPECT_EQ(j["counts"]["enrolments_failed"], 1);
  EXPECT_EQ(j["counts"]["rotations"], 2);
  const std::string csv = metrics_to_csv(m, manifest_ending_at(ms(6000)));
  EXPECT_NE(csv.find("\nenrolments_failed,,1\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nrotations,,2\n"), std::string::npos) << csv;
}

TEST(RunMetrics, DurationsAreCompactAndExact) {
  EXPECT_EQ(compact_duration(Duration::nanoseconds(20'571'429)), "20.571429ms");
  EXPECT_EQ(compact_duration(Duration::nanoseconds(1'500)), "1.5us");
  EXPECT_EQ(compact_duration(Duration::microseconds(1'500)), "1.5ms");
  EXPECT_EQ(compact_duration(Duration::nanoseconds(7)), "7ns");
  EXPECT_EQ(compact_duration(Duration::milliseconds(24)), "24ms");
  EXPECT_EQ(compact_duration(Duration::milliseconds(1'500)), "1.5s");
  EXPECT_EQ(compact_duration(Duration::seconds(86'400 * 730)), "730d");
  EXPECT_EQ(compact_duration(Duration()), "0s");
  EXPECT_EQ(compact_duration(Duration::nanoseconds(-1'500)), "-1.5us");
  // What scenario files accept, and exactly the same value.
  for (std::int64_t ns : {20'571'429LL, 1'500LL, 999'999'999LL, 1'000'001LL, 3'600'000'000'123LL})
    EXPECT_EQ(sim::parse_duration(compact_duration(Duration::nanoseconds(ns))),
              Duration::nanoseconds(ns))
        << ns;
  // In metrics.json: the mean of 14 ms, 14 ms and 40 ms (the C.2.1.3 figures; it read
  // "22666667ns" before).
  RunMetrics m;
  for (int i = 0; i < 3; ++i) {
    const std::string e = "e" + std::to_string(i);
    m.on_record(entity_decision(ms(0), e, "GenerateKey", "purpose=enrolment"));
    m.on_record(
        entity_decision(ms(i == 2 ? 40 : 14), e, "CertificateInstalled", "purpose=enrolment"));
  }
  const auto j = metrics_to_json(m, manifest_ending_at(ms(100)));
  EXPECT_EQ(j["enrolment_latency"]["mean"], "22.666667ms");
  EXPECT_EQ(j["enrolment_latency"]["mean_ns"], 22'666'667);
}

TEST(RunMetrics, CountsIssuancesRevocationsCrlsAndRejectionsPerOperation) {
  RunMetrics m;
  for (int i = 0; i < 3; ++i)
    m.on_record(rec(ms(i), RecordKind::decision, "ca", "IssueCertificate", "ok",
                    "serial=0" + std::to_string(i)));
  m.on_record(rec(ms(4), RecordKind::decision, "ca", "IssueCertificate", "rejected", "reason=x"));
  m.on_record(rec(ms(5), RecordKind::decision, "ca", "RevokeCertificate", "ok"));
  m.on_record(rec(ms(6), RecordKind::decision, "ca", "RevokeCertificate", "ok"));
  m.on_record(rec(ms(7), RecordKind::decision, "ca", "RevokeCertificate", "rejected"));
  m.on_record(rec(ms(8), RecordKind::decision, "ca", "PublishCrl", "ok", "number=1"));
  m.on_record(rec(ms(9), RecordKind::crypto, "cmf", "CsrValidation", "rejected", "reason=mac"));
  m.on_record(rec(ms(10), RecordKind::crypto, "cmf", "CsrValidation", "rejected", "reason=cn"));
  m.on_record(rec(ms(11), RecordKind::crypto, "cmf", "CsrValidation", "ok"));
  m.on_record(rec(ms(12), RecordKind::decision, "cmf", "RegisterEntity", "registered"));
  m.on_record(rec(ms(13), RecordKind::log, "cmf", "Something", "rejected"));  // not a decision
  CertificateCounts c = m.counts();
  EXPECT_EQ(c.issuances, 3u);
  EXPECT_EQ(c.revocations, 2u);
  EXPECT_EQ(c.crl_publications, 1u);
  EXPECT_EQ(c.rejections,
            (std::map<std::string, std::uint64_t>{
                {"CsrValidation", 2}, {"IssueCertificate", 1}, {"RevokeCertificate", 1}}));
  EXPECT_EQ(c.enrolments, 0u);
  EXPECT_EQ(m.enrolment_latency().count, 0u);
}

TEST(RunMetrics, NearestRankPercentiles) {
  std::vector<std::int64_t> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  EXPECT_EQ(nearest_rank_percentile(hundred, 50), 50);
  EXPECT_EQ(nearest_rank_percentile(hundred, 90), 90);
  EXPECT_EQ(nearest_rank_percentile(hundred, 99), 99);
  EXPECT_EQ(nearest_rank_percentile(hundred, 100), 100);
  EXPECT_EQ(nearest_rank_percentile(hundred, 0.5), 1);
  const std::vector<std::int64_t> four = {10, 20, 30, 40};
  EXPECT_EQ(nearest_rank_percentile(four, 50), 20);
  EXPECT_EQ(nearest_rank_percentile(four, 51), 30);
  EXPECT_EQ(nearest_rank_percentile(four, 90), 40);
  EXPECT_EQ(nearest_rank_percentile({5}, 99), 5);
  EXPECT_EQ(nearest_rank_percentile({}, 50), 0);

  // Through the collector: 200 identities enrolling in 1..200 ms, in shuffled order.
  std::vector<int> order(200);
  for (int i = 0; i < 200; ++i) order[i] = i + 1;
  std::mt19937 rng(42);
  std::shuffle(order.begin(), order.end(), rng);
  RunMetrics m;
  for (int i : order) {
    const std::string name = "e" + std::to_string(i);
    m.on_record(entity_decision(ms(1000), name, "GenerateKey", "purpose=enrolment"));
  }
  for (int i = 1; i <= 200; ++i)
    m.on_record(entity_decision(ms(1000 + i), "e" + std::to_string(i), "CertificateInstalled",
                                "purpose=enrolment"));
  LatencySummary s = m.enrolment_latency();
  EXPECT_EQ(s.count, 200u);
  EXPECT_EQ(s.min, Duration::milliseconds(1));
  EXPECT_EQ(s.p50, Duration::milliseconds(100));
  EXPECT_EQ(s.p90, Duration::milliseconds(180));
  EXPECT_EQ(s.p99, Duration::milliseconds(198));
  EXPECT_EQ(s.max, Duration::milliseconds(200));
  EXPECT_EQ(s.mean, Duration::microseconds(100500));
}

TEST(RunMetrics, QueuePeakTimeWeightedMeanAndSeries) {
  RunMetrics m(Duration::seconds(1));
  m.on_record(work_queue(ms(0), "ca", "issue", 1, 0));
  m.on_record(work_queue(ms(2000), "ca", "issue", 2, 3));
  m.on_record(work_queue(ms(2500), "ca", "issue", 2, 1));
  m.on_record(work_queue(ms(6000), "ca", "issue", 1, 0));
  m.on_record(work_queue(ms(3000), "hsm", "keygen", 4, 2));
  m.on_record(rec(ms(3500), RecordKind::log, "hsm", "WorkQueue", "", "queue=keygen; waiting=x"));
  m.on_record(rec(ms(3600), RecordKind::decision, "hsm", "WorkQueue", "ok",
                  "queue=keygen; running=1; waiting=9"));  // not a log record

  auto queues = m.queues(ms(10000));
  ASSERT_EQ(queues.size(), 2u);
  const QueueMetrics& ca = queues[0];
  EXPECT_EQ(ca.actor, "ca");
  EXPECT_EQ(ca.queue, "issue");
  EXPECT_EQ(ca.peak_waiting, 3u);
  EXPECT_EQ(ca.peak_running, 2u);
  EXPECT_DOUBLE_EQ(ca.mean_waiting, 0.5);  // (3 x 0.5 s + 1 x 3.5 s) / 10 s
  EXPECT_EQ(ca.bucket, Duration::seconds(1));
  // Bucket maxima: [0,2) 0, [2,3) 3, [3,6) 1, [6,7) 1, then 0.
  using Series = std::vector<std::pair<Time, std::uint64_t>>;
  EXPECT_EQ(ca.series, (Series{{ms(2000), 3}, {ms(3000), 1}, {ms(7000), 0}}));
  const QueueMetrics& hsm = queues[1];
  EXPECT_EQ(hsm.actor, "hsm");
  EXPECT_EQ(hsm.peak_waiting, 2u);
  EXPECT_EQ(hsm.peak_running, 4u);
  EXPECT_DOUBLE_EQ(hsm.mean_waiting, 2.0 * 7.0 / 10.0);
  EXPECT_EQ(hsm.series, (Series{{ms(3000), 2}}));
}

// The series as run-length compressed bucket maxima, computed the slow way from all changes.
std::vector<std::pair<Time, std::uint64_t>> brute_force_series(
    const std::vector<std::pair<std::int64_t, std::uint64_t>>& changes, std::int64_t width,
    std::int64_t end) {
  std::vector<std::pair<Time, std::uint64_t>> out;
  if (changes.empty()) return out;
  const std::int64_t last_bucket = changes.back().first / width;
  std::uint64_t previous = 0;
  std::uint64_t level = 0;
  std::size_t next = 0;
  for (std::int64_t k = 0; k <= last_bucket; ++k) {
    std::uint64_t max = level;  // carried into the bucket
    while (next < changes.size() && changes[next].first < (k + 1) * width) {
      level = changes[next].second;
      max = std::max(max, level);
      ++next;
    }
    if (max != previous) out.emplace_back(Time::from_ns(k * width), max);
    previous = max;
  }
  if (level != previous && (last_bucket + 1) * width < end)
    out.emplace_back(Time::from_ns((last_bucket + 1) * width), level);
  return out;
}

TEST(RunMetrics, QueueSeriesDownSamplesToBucketMaximaWithinTheLimit) {
  for (unsigned seed : {1u, 2u, 3u}) {
    std::mt19937_64 rng(seed);
    std::vector<std::pair<std::int64_t, std::uint64_t>> changes;
    RunMetrics m(Duration::nanoseconds(1000));
    std::int64_t t = 0;
    std::uint64_t waiting = 0;
    for (int i = 0; i < 20000; ++i) {
      // Bursts and quiet stretches, so runs of equal bucket maxima appear at many scales.
      t += (rng() % 8 == 0) ? static_cast<std::int64_t>(rng() % 5'000'000)
                            : static_cast<std::int64_t>(rng() % 3000);
      waiting = (rng() % 4 == 0) ? 0 : std::min<std::uint64_t>(waiting + rng() % 3, 50);
      if (rng() % 2) waiting = waiting > 0 ? waiting - 1 : 0;
      changes.emplace_back(t, waiting);
      m.on_record(work_queue(Time::from_ns(t), "ca", "issue", 1, waiting));
    }
    const std::int64_t end = t + 10'000'000;
    auto queues = m.queues(Time::from_ns(end));
    ASSERT_EQ(queues.size(), 1u);
    const QueueMetrics& q = queues[0];
    EXPECT_LE(q.series.size(), RunMetrics::kMaxSeriesPoints);
    EXPECT_GT(q.bucket.ns(), 1000) << "the width should have doubled";
    EXPECT_EQ(q.bucket.ns() % 1000, 0);
    EXPECT_EQ(q.series, brute_force_series(changes, q.bucket.ns(), end)) << "seed " << seed;
    std::uint64_t peak = 0;
    for (const auto& c : changes) peak = std::max(peak, c.second);
    EXPECT_EQ(q.peak_waiting, peak);
    for (const auto& [time, value] : q.series) EXPECT_LE(value, peak);
  }
}

TEST(RunMetrics, AMillionRecordsStreamInBoundedMemory) {
  constexpr int kRecords = 1'000'000;
  const std::vector<std::string> rps = {"CMF-1", "CA-1", "Os-Ma-Nfvo"};
  std::vector<std::string> names;
  for (int i = 0; i < 100; ++i) names.push_back("vnfci-" + std::to_string(i));
  auto memory_in_use = [] { return static_cast<std::size_t>(mallinfo2().uordblks); };

  // Records are built once and mutated in place, so the test itself allocates nothing per record.
  TraceRecord s = send(ms(0), "cmf", "CMF-1", 0, "C.4.1.2.6#3", "p10cr");
  TraceRecord q = work_queue(ms(0), "ca", "issue", 1, 0);
  q.detail.reserve(64);
  TraceRecord keygen = entity_decision(ms(0), names[0], "GenerateKey", "purpose=enrolment");
  TraceRecord installed =
      entity_decision(ms(0), names[0], "CertificateInstalled", "purpose=enrolment");
  TraceRecord removed = entity_decision(ms(0), names[0], "CertificateRemoved", "reason=heal");
  for (TraceRecord* r : {&keygen, &installed, &removed}) {
    r->actor.reserve(32);
    r->detail.reserve(128);
  }
  std::string detail;
  detail.reserve(128);

  RunMetrics m(Duration::microseconds(1));
  const std::size_t before = memory_in_use();
  std::uint64_t sends = 0;
  std::uint64_t bytes = 0;
  std::uint64_t enrolments = 0;
  std::uint64_t waiting = 0;
  for (int i = 0; i < kRecords; ++i) {
    const Time t = Time::from_ns(std::int64_t{i} * 1'000'000);  // one record per ms
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
      case 5: {
        s.time = t;
        s.reference_point = rps[i % 3];
        s.bytes = 100 + i % 7;
        ++sends;
        bytes += s.bytes;
        m.on_record(s);
        break;
      }
      case 6:
      case 7: {
        waiting = (i / 500) % 37;  // a saw-tooth: the series fills up and widens
        q.time = t;
        q.detail = "queue=issue; running=1; waiting=";
        q.detail += std::to_string(waiting);
        m.on_record(q);
        break;
      }
      case 8: {  // identity (i / 10) % 100 starts, is installed, then removed at its next turn
        const std::string& name = names[(i / 10) % 100];
        const int round = (i / 10) / 100;
        TraceRecord& r = round % 2 == 0 ? keygen : removed;
        r.time = t;
        r.actor = name;
        r.detail = "entity=" + name + "; fqdn=x; purpose=enrolment";
        m.on_record(r);
        break;
      }
      case 9: {
        const std::string& name = names[(i / 10) % 100];
        const int round = (i / 10) / 100;
        if (round % 2 == 0) {
          installed.time = t;
          installed.actor = name;
          installed.detail = "entity=" + name + "; fqdn=x; purpose=enrolment";
          m.on_record(installed);
          ++enrolments;
        } else {
          s.time = t;
          s.reference_point = "CMF-1";
          s.bytes = 1;
          ++sends;
          ++bytes;
          m.on_record(s);
        }
        break;
      }
    }
  }
  const std::size_t after = memory_in_use();

  EXPECT_EQ(m.records(), static_cast<std::uint64_t>(kRecords));
  EXPECT_EQ(m.latency_samples(), enrolments);
  EXPECT_EQ(m.enrolment_latency().count, enrolments);
  EXPECT_EQ(m.enrolment_latency().max, Duration::milliseconds(1));
  EXPECT_EQ(m.identities(), 100u);
  auto points = m.reference_points();
  ASSERT_EQ(points.size(), 3u);
  std::uint64_t counted = 0;
  std::uint64_t counted_bytes = 0;
  for (const auto& rp : points) {
    counted += rp.messages;
    counted_bytes += rp.bytes;
  }
  EXPECT_EQ(counted, sends);
  EXPECT_EQ(counted_bytes, bytes);
  auto queues = m.queues(Time::from_ns(std::int64_t{kRecords} * 1'000'000));
  ASSERT_EQ(queues.size(), 1u);
  EXPECT_LE(queues[0].series.size(), RunMetrics::kMaxSeriesPoints);
  EXPECT_GT(queues[0].series.size(), 100u);  // the saw-tooth survives down-sampling
  EXPECT_GT(queues[0].bucket, Duration::microseconds(1));
  EXPECT_EQ(queues[0].peak_waiting, 36u);
  // Growth: the latency vector (8 bytes per enrolment, with vector slack) plus small per-key
  // state; a collector that kept records would need hundreds of megabytes here.
  const std::size_t latency_bytes = 2 * enrolments * sizeof(std::int64_t);
  EXPECT_LE(after > before ? after - before : 0, latency_bytes + 256 * 1024)
      << "before " << before << ", after " << after;
}

TEST(RunMetrics, JsonAndCsvForms) {
  RunMetrics m(Duration::seconds(1));
  m.on_record(send(ms(1), "oss", "CMF-1", 100));
  m.on_record(send(ms(2), "nfvo", "CMF-1", 250));
  m.on_record(drop(ms(3), "CA-1", "loss"));
  feed_enrolments(m);
  m.on_record(rec(ms(4), RecordKind::decision, "ca", "IssueCertificate", "ok"));
  m.on_record(rec(ms(5), RecordKind::decision, "ca", "RevokeCertificate", "ok"));
  m.on_record(rec(ms(6), RecordKind::crypto, "cmf", "Csr,Validation", "rejected"));
  m.on_record(work_queue(ms(2000), "ca", "issue", 2, 3));
  m.on_record(work_queue(ms(2500), "ca", "issue", 2, 0));
  const RunManifest manifest = manifest_ending_at(ms(10000));

  const nlohmann::ordered_json j = metrics_to_json(m, manifest);
  EXPECT_EQ(j["scenario"], "synthetic");
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["end"]["ns"], 10'000'000'000LL);
  EXPECT_EQ(j["end"]["duration"], "10s");
  ASSERT_TRUE(j["reference_points"].is_array());
  bool saw_cmf1 = false;
  for (const auto& rp : j["reference_points"]) {
    if (rp["name"] == "CMF-1") {
      saw_cmf1 = true;
      EXPECT_EQ(rp["messages"], 2 + 4);  // two above, four from feed_enrolments
      EXPECT_EQ(rp["bytes"], 350 + 40);
    }
    if (rp["name"] == "CA-1") {
      EXPECT_EQ(rp["drops"]["loss"], 1);
    }
  }
  EXPECT_TRUE(saw_cmf1);
  const auto& lat = j["enrolment_latency"];
  EXPECT_EQ(lat["count"], 6);
  EXPECT_EQ(lat["p90"], "4s");
  EXPECT_EQ(lat["p90_ns"], 4'000'000'000LL);
  EXPECT_EQ(lat["min"], "250ms");
  EXPECT_EQ(lat["mean"], "1.5s");
  EXPECT_EQ(lat["max_ns"], 4'000'000'000LL);
  EXPECT_EQ(j["counts"]["enrolments"], 7);
  EXPECT_EQ(j["counts"]["renewals"], 1);
  EXPECT_EQ(j["counts"]["revocations"], 1);
  EXPECT_EQ(j["counts"]["issuances"], 1);
  EXPECT_EQ(j["counts"]["rejections"]["Csr,Validation"], 1);
  ASSERT_EQ(j["queues"].size(), 1u);
  EXPECT_EQ(j["queues"][0]["actor"], "ca");
  EXPECT_EQ(j["queues"][0]["peak_waiting"], 3);
  EXPECT_DOUBLE_EQ(j["queues"][0]["mean_waiting"].get<double>(), 0.15);
  EXPECT_EQ(j["queues"][0]["series"],
            nlohmann::ordered_json::parse("[[2000000000, 3], [3000000000, 0]]"));

  const std::string csv = metrics_to_csv(m, manifest);
  EXPECT_TRUE(csv.starts_with("metric,key,value\n")) << csv;
  for (const char* row :
       {"\nscenario,,synthetic\n", "\nseed,,7\n", "\nmessages,CMF-1,6\n", "\nbytes,CMF-1,390\n",
        "\ndrops,CA-1/loss,1\n", "\nenrolment_latency_count,,6\n",
        "\nenrolment_latency_p90_ns,,4000000000\n", "\nenrolment_latency_p50_ns,,1000000000\n",
        "\nenrolments,,7\n", "\nenrolments_unfinished,,1\n", "\nrenewals,,1\n",
        "\nrevocations,,1\n", "\nissuances,,1\n", "\nrejections,\"Csr,Validation\",1\n",
        "\nqueue_peak_waiting,ca/issue,3\n", "\nqueue_mean_waiting,ca/issue,0.15\n"})
    EXPECT_NE(csv.find(row), std::string::npos) << row << "\n" << csv;
  // Every row has exactly three fields (quoted commas aside).
  std::istringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    int fields = 1;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++fields;
    }
    EXPECT_EQ(fields, 3) << line;
  }
}

TEST(RunMetrics, EmptyTraceGivesZeroesAndNoLatencyFigures) {
  RunMetrics m;
  const nlohmann::ordered_json j = metrics_to_json(m, manifest_ending_at(Time::zero()));
  EXPECT_EQ(j["enrolment_latency"], nlohmann::ordered_json::parse(R"({"count": 0})"));
  EXPECT_TRUE(j["reference_points"].empty());
  EXPECT_TRUE(j["queues"].empty());
  EXPECT_EQ(j["counts"]["enrolments"], 0);
  const std::string csv = metrics_to_csv(m, manifest_ending_at(Time::zero()));
  EXPECT_NE(csv.find("\nenrolment_latency_count,,0\n"), std::string::npos);
  EXPECT_EQ(csv.find("p90"), std::string::npos);
}

}  // namespace
}  // namespace ifa026::reports::run_metrics_test
