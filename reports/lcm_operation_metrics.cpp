// Metrics per VNF LCM operation of the lifecycle chain (see lcm_operation_metrics.hpp).
#include "reports/lcm_operation_metrics.hpp"

#include <algorithm>
#include <string_view>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"

namespace ifa026::reports {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;
constexpr std::string_view kNsLcmOperation = decisions::kNsLcmOperation;
constexpr std::string_view kVnfLcmOperation = decisions::kVnfLcmOperation;
constexpr std::string_view kVnfLcmGrant = decisions::kVnfLcmGrant;
constexpr std::string_view kVnfciResource = decisions::kVnfciResource;
constexpr std::string_view kCertificateInstalled = decisions::kCertificateInstalled;

std::string lcm_detail(const std::map<std::string, std::string>& detail, const std::string& key) {
  auto it = detail.find(key);
  return it == detail.end() ? std::string() : it->second;
}

}  // namespace

void LcmOperationMetrics::on_record(const sim::TraceRecord& r) {
  const std::string_view op = r.operation;
  if (op != kNsLcmOperation && op != kVnfLcmOperation && op != kVnfLcmGrant &&
      op != kVnfciResource && op != kCertificateInstalled)
    return;
  const auto detail = actors::parse_trace_detail(r.detail);
  const std::int64_t t = r.time.ns();
  if (op == kNsLcmOperation) {
    // The NFVO took the OSS's request: the start of every VNF operation it drives (same corr).
    if (r.outcome == outcomes::kStarting) ns_requests_.emplace(lcm_detail(detail, keys::kCorr), t);
    return;
  }
  if (op == kVnfLcmOperation) return on_vnf_operation(r);
  if (op == kCertificateInstalled) {
    if (r.outcome != outcomes::kOk ||
        lcm_detail(detail, keys::kPurpose) != actors::detail_values::kPurposeEnrolment)
      return;
    auto owner = vnfci_occurrence_.find(lcm_detail(detail, keys::kVnfci));
    if (owner == vnfci_occurrence_.end()) return;
    auto it = occurrences_.find(owner->second);
    if (it != occurrences_.end()) it->second.last_certificate = t;
    return;
  }
  auto it = occurrences_.find(lcm_detail(detail, keys::kOccurrence));
  if (it == occurrences_.end()) return;
  Occurrence& o = it->second;
  if (op == kVnfLcmGrant) {
    if (r.outcome == outcomes::kRequested && o.grant_requested < 0) o.grant_requested = t;
    if (r.outcome == outcomes::kGranted || r.outcome == outcomes::kRejected) o.granted = t;
  } else if (r.outcome == outcomes::kAllocated) {  // VnfciResource
    if (o.first_allocation < 0) o.first_allocation = t;
    o.last_allocation = t;
    vnfci_occurrence_[lcm_detail(detail, keys::kVnfci)] = it->first;
  }
}

void LcmOperationMetrics::on_vnf_operation(const sim::TraceRecord& r) {
  const auto detail = actors::parse_trace_detail(r.detail);
  if (detail.find(keys::kSource) == detail.end())
    return;  // a workload-command (shortcut) operation
  const std::string occurrence = lcm_detail(detail, keys::kOccurrence);
  const std::int64_t t = r.time.ns();
  if (r.outcome == outcomes::kStarting) {
    Occurrence& o = occurrences_[occurrence];
    o.operation = lcm_detail(detail, keys::kOperation);
    auto ns = ns_requests_.find(lcm_detail(detail, keys::kCorr));
    o.start = ns != ns_requests_.end() ? std::min(ns->second, t) : t;
    return;
  }
  auto it = occurrences_.find(occurrence);
  if (it == occurrences_.end()) return;
  if (r.outcome == outcomes::kCompleted || r.outcome == outcomes::kFailed ||
      r.outcome == outcomes::kRolledBack) {
    it->second.end = r.outcome;
    it->second.completed = t;
  }
}

std::vector<LcmOperationSummary> LcmOperationMetrics::summaries() const {
  struct Samples {
    LcmOperationSummary summary;
    std::vector<std::int64_t> duration, grant, allocation, certificate, ready;
  };
  std::map<std::string, Samples> by_operation;
  for (const auto& [id, o] : occurrences_) {
    Samples& s = by_operation[o.operation];
    s.summary.operation = o.operation;
    if (o.end.empty()) {
      ++s.summary.unfinished;
      continue;
    }
    if (o.end == outcomes::kFailed) ++s.summary.failed;
    if (o.end == outcomes::kRolledBack) ++s.summary.rolled_back;
    if (o.end != outcomes::kCompleted) continue;
    ++s.summary.completed;
    s.duration.push_back(o.completed - o.start);
    if (o.grant_requested >= 0 && o.granted >= 0) s.grant.push_back(o.granted - o.grant_requested);
    if (o.granted >= 0 && o.last_allocation >= 0)
      s.allocation.push_back(o.last_allocation - o.granted);
    if (o.first_allocation >= 0 && o.last_certificate >= 0)
      s.certificate.push_back(o.last_certificate - o.first_allocation);
    s.ready.push_back(std::max(o.completed, o.last_certificate) - o.start);
  }
  std::vector<LcmOperationSummary> out;
  for (auto& [operation, s] : by_operation) {
    s.summary.duration = summarise_latencies(std::move(s.duration));
    s.summary.grant = summarise_latencies(std::move(s.grant));
    s.summary.allocation = summarise_latencies(std::move(s.allocation));
    s.summary.certificate = summarise_latencies(std::move(s.certificate));
    s.summary.ready = summarise_latencies(std::move(s.ready));
    out.push_back(std::move(s.summary));
  }
  return out;
}

}  // namespace ifa026::reports
