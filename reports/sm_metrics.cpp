// Metrics of the Security Managers of a run (see sm_metrics.hpp).
#include "reports/sm_metrics.hpp"

#include <string_view>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"

namespace ifa026::reports {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;

std::string value_of(const std::map<std::string, std::string>& detail, const char* key) {
  auto it = detail.find(key);
  return it == detail.end() ? std::string() : it->second;
}

// The `waited=` of a record in nanoseconds, or -1.
std::int64_t waited_of(const std::map<std::string, std::string>& detail) {
  const auto d = sim::parse_duration(value_of(detail, keys::kWaited));
  return d ? d->ns() : -1;
}

}  // namespace

SmMetrics::PerSm& SmMetrics::of(const std::string& sm) {
  PerSm& per = sms_[sm];
  per.summary.sm = sm;
  return per;
}

void SmMetrics::on_record(const sim::TraceRecord& r) {
  const std::string_view op = r.operation;
  if (op != decisions::kSmEventRouted && op != decisions::kSmGrantDecision &&
      op != decisions::kSmAuthorization && op != decisions::kSmObjectionWindow &&
      op != decisions::kSmTerminationItem && op != decisions::kVnfLcmOperation)
    return;
  const auto detail = actors::parse_trace_detail(r.detail);
  if (op == decisions::kVnfLcmOperation) {
    if (r.outcome != outcomes::kCompleted ||
        value_of(detail, keys::kOperation) != actors::lcm::kTerminate)
      return;
    auto it = terminations_.find(value_of(detail, keys::kVnf));
    if (it == terminations_.end()) return;
    of(it->second.first).effects.push_back(r.time.ns() - it->second.second);
    terminations_.erase(it);
    return;
  }
  if (op == decisions::kSmObjectionWindow) {
    (r.outcome == outcomes::kObjected ? windows_objected_ : windows_closed_) += 1;
    if (const auto w = waited_of(detail); w >= 0) window_waits_.push_back(w);
    return;
  }
  const std::string sm = value_of(detail, keys::kSm);
  if (sm.empty()) return;
  if (op == decisions::kSmEventRouted) {
    ++of(sm).summary.events_by_domain[value_of(detail, keys::kDomain)];
  } else if (op == decisions::kSmAuthorization) {
    (r.outcome == outcomes::kGranted ? of(sm).summary.authorizations_granted
                                     : of(sm).summary.authorizations_rejected) += 1;
  } else if (op == decisions::kSmTerminationItem) {
    if (r.outcome == outcomes::kTerminated)
      terminations_[value_of(detail, keys::kVnf)] = {sm, r.time.ns()};
  } else {  // SmGrantDecision
    PerSm& per = of(sm);
    if (r.outcome == outcomes::kApproved)
      ++per.summary.grants_approved;
    else if (r.outcome == outcomes::kRejected)
      ++per.summary.grants_rejected;
    else if (r.outcome == outcomes::kTimeout)
      ++per.summary.grants_timed_out;
    else
      return;  // ignored (a late or foreign answer): no decision
    if (const auto w = waited_of(detail); w >= 0) per.grant_waits.push_back(w);
  }
}

std::vector<SmSummary> SmMetrics::summaries() const {
  std::vector<SmSummary> out;
  for (const auto& [sm, per] : sms_) {
    SmSummary s = per.summary;
    s.grant_wait = summarise_latencies(per.grant_waits);
    s.instruction_to_effect = summarise_latencies(per.effects);
    out.push_back(std::move(s));
  }
  return out;
}

ObjectionWindowSummary SmMetrics::objection_windows() const {
  return {windows_closed_, windows_objected_, summarise_latencies(window_waits_)};
}

}  // namespace ifa026::reports
