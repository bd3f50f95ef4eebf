// Per-run metrics computed from the trace as it streams (a sim::TraceSink): messages, bytes and
// drops per reference point, enrolment latency in simulated time, certificate counts and work
// queue lengths over time, and per LCM operation of the lifecycle chain; written beside the trace
// as metrics.json and metrics.csv (docs/metrics.md defines every figure). Memory is constant per
// distinct key (reference point, identity, queue) plus one 8-byte latency per completed enrolment;
// records are never kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "reports/compromise_recovery.hpp"
#include "reports/latency_summary.hpp"
#include "reports/lcm_operation_metrics.hpp"
#include "reports/mode_comparison.hpp"
#include "reports/run_manifest.hpp"
#include "reports/sm_metrics.hpp"
#include "sim/scenario.hpp"
#include "sim/time.hpp"
#include "sim/trace.hpp"

namespace ifa026::reports {

struct ReferencePointMetrics {
  std::string name;  // "" for messages without a reference point
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;
  std::map<std::string, std::uint64_t> drops;  // drop reason -> count
};

struct CertificateCounts {
  std::uint64_t enrolments = 0;             // CertificateInstalled purpose=enrolment
  std::uint64_t enrolments_unfinished = 0;  // started, neither installed nor failed
  std::uint64_t enrolments_failed = 0;      // started, last attempt EnrolmentFailed, no retry seen
  std::uint64_t renewals = 0;               // CertificateInstalled purpose=renewal
  std::uint64_t rotations = 0;         // CertificateInstalled purpose=rotation (VNFCI key rotation)
  std::uint64_t revocations = 0;       // RevokeCertificate ok
  std::uint64_t issuances = 0;         // IssueCertificate ok
  std::uint64_t crl_publications = 0;  // PublishCrl ok
  std::map<std::string, std::uint64_t> rejections;  // operation -> decision/crypto "rejected"
};

struct QueueMetrics {
  std::string actor;
  std::string queue;
  std::uint64_t peak_waiting = 0;
  std::uint64_t peak_running = 0;
  double mean_waiting = 0;  // time-weighted over [0, end]
  sim::Duration bucket;     // width of one series bucket
  // Run-length compressed maximum of `waiting` per bucket: each point (bucket start, maximum)
  // holds until the next point. At most RunMetrics::kMaxSeriesPoints points.
  std::vector<std::pair<sim::Time, std::uint64_t>> series;
};

class RunMetrics final : public sim::TraceSink {
 public:
  static constexpr std::size_t kMaxSeriesPoints = 1000;

  // `initial_bucket` is the first width of the queue series buckets (it doubles when full).
  explicit RunMetrics(sim::Duration initial_bucket = sim::Duration::milliseconds(1));
  ~RunMetrics() override;
  RunMetrics(const RunMetrics&) = delete;
  RunMetrics& operator=(const RunMetrics&) = delete;

  void on_record(const sim::TraceRecord& record) override;

  std::uint64_t records() const;
  std::vector<ReferencePointMetrics> reference_points() const;  // by name
  LatencySummary enrolment_latency() const;
  // Per VNF LCM operation type of the lifecycle chain (lcm_operation_metrics.hpp).
  std::vector<LcmOperationSummary> lcm_operations() const;
  // Per Security Manager, and the objection windows (sm_metrics.hpp); empty without SMs.
  std::vector<SmSummary> security_managers() const;
  ObjectionWindowSummary objection_windows() const;
  // The scenario's SMs, name -> depth in the `oversees` hierarchy (sm_security_managers below):
  // enables the per-SM message counts. Per LCM operation type, the delay SMs added to it.
  void set_security_managers(std::map<std::string, int> depths);
  std::vector<SmOperationDelay> sm_operation_delays() const;
  CertificateCounts counts() const;
  // The Annex D comparison per certificate mode (mode_comparison.hpp; issue 17).
  const ModeComparison& mode_comparison() const;
  // The recovery from a CA key compromise (compromise_recovery.hpp; issue 20).
  const CompromiseRecovery& compromise_recovery() const;
  // Queues by actor then queue name; the mean and the series' tail run up to `end`.
  std::vector<QueueMetrics> queues(sim::Time end) const;

  // Every enrolment latency measured (ns, in the order they completed) and the simulated time
  // (ns since the epoch) of every renewal installed: the report's plots (html_report.hpp).
  const std::vector<std::int64_t>& enrolment_latency_samples() const;
  const std::vector<std::int64_t>& renewal_times() const;

  // For memory checks: latencies held, identities and queues tracked.
  std::size_t latency_samples() const;
  std::size_t identities() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Every SM of a scenario (its actors of type "sm" and the SMs of its trust_model) with its depth
// in the `oversees` hierarchy (actors::trust::TrustModel::depth).
std::map<std::string, int> sm_security_managers(const sim::Scenario& scenario);

// A duration in the compact text of scenario files, exact and short: sim::format_duration's form,
// except that below a second a value that is not whole in its largest unit gets a decimal
// fraction of that unit ("20.571429ms", "1.5us") instead of a count of nanoseconds.
std::string compact_duration(sim::Duration d);

// metrics.json's document (keys in the documented order) and metrics.csv's text
// (`metric,key,value` rows); the manifest gives the scenario, seed and simulated end.
nlohmann::ordered_json metrics_to_json(const RunMetrics& metrics, const RunManifest& manifest);
std::string metrics_to_csv(const RunMetrics& metrics, const RunManifest& manifest);
// Writes both files whole (see write_text_file); throws std::runtime_error naming the path.
void write_run_metrics(const std::string& json_path, const std::string& csv_path,
                       const RunMetrics& metrics, const RunManifest& manifest);

}  // namespace ifa026::reports
