// Metrics of the Security Managers of a run (see sm_metrics.hpp).
#include "reports/sm_metrics.hpp"

#include <string_view>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/sm_vocabulary.hpp"

namespace ifa026::reports {
namespace {

namespace decisions = actors::decisions;
namespace outcomes = actors::outcomes;
namespace keys = actors::detail_keys;

std::string sm_detail(const std::map<std::string, std::string>& detail, const char* key) {
  auto it = detail.find(key);
  return it == detail.end() ? std::string() : it->second;
}

// The `waited=` of a record in nanoseconds, or -1.
std::int64_t waited_of(const std::map<std::string, std::string>& detail) {
  const auto d = sim::parse_duration(sm_detail(detail, keys::kWaited));
  return d ? d->ns() : -1;
}

}  // namespace

SmMetrics::PerSm& SmMetrics::of(const std::string& sm) {
  PerSm& per = sms_[sm];
  per.summary.sm = sm;
  return per;
}

void SmMetrics::set_security_managers(std::map<std::string, int> depths) {
  depths_ = std::move(depths);
}

int SmMetrics::depth_of(const std::string& sm) const {
  auto it = depths_.find(sm);
  return it == depths_.end() ? 0 : it->second;
}

void SmMetrics::on_send(const sim::TraceRecord& r) {
  if (depths_.contains(r.actor)) {
    PerSm& per = of(r.actor);
    ++per.summary.messages_by_reference_point[r.reference_point].sent;
    if (r.operation == actors::operations::kSmTerminateVnfRequest)
      per.last_instruction_sent = r.time.ns();
  }
  if (depths_.contains(r.peer))
    ++of(r.peer).summary.messages_by_reference_point[r.reference_point].received;
}

void SmMetrics::on_record(const sim::TraceRecord& r) {
  if (r.kind == sim::RecordKind::send) {
    if (!depths_.empty()) on_send(r);
    return;
  }
  const std::string_view op = r.operation;
  if (op != decisions::kSmEventRouted && op != decisions::kSmGrantDecision &&
      op != decisions::kSmAuthorization && op != decisions::kSmObjectionWindow &&
      op != decisions::kSmTerminationItem && op != decisions::kVnfLcmOperation)
    return;
  const auto detail = actors::parse_trace_detail(r.detail);
  if (op == decisions::kVnfLcmOperation) {
    if (r.outcome != outcomes::kCompleted ||
        sm_detail(detail, keys::kOperation) != actors::lcm::kTerminate)
      return;
    const std::string vnf = sm_detail(detail, keys::kVnf);
    auto it = terminations_.find(vnf);
    if (it == terminations_.end()) return;
    PerSm& per = of(it->second.first);
    per.effects.push_back(r.time.ns() - it->second.second);
    if (auto sent = sent_at_.find(vnf); sent != sent_at_.end()) {
      per.propagations.push_back(r.time.ns() - sent->second);
      sent_at_.erase(sent);
    }
    terminations_.erase(it);
    return;
  }
  if (op == decisions::kSmObjectionWindow) {
    (r.outcome == outcomes::kObjected ? windows_objected_ : windows_closed_) += 1;
    if (const auto w = waited_of(detail); w >= 0) {
      window_waits_.push_back(w);
      PerOperation& o = operations_[sm_detail(detail, keys::kOperation)];
      o.objection_waits.push_back(w);
      if (const std::string sm = sm_detail(detail, keys::kSm); !sm.empty())
        o.objection_by_depth[depth_of(sm)].push_back(w);
    }
    return;
  }
  const std::string sm = sm_detail(detail, keys::kSm);
  if (sm.empty()) return;
  if (op == decisions::kSmEventRouted) {
    ++of(sm).summary.events_by_domain[sm_detail(detail, keys::kDomain)];
  } else if (op == decisions::kSmAuthorization) {
    (r.outcome == outcomes::kGranted ? of(sm).summary.authorizations_granted
                                     : of(sm).summary.authorizations_rejected) += 1;
    // The gateway's reason for a domain the SM does not manage or may not see.
    if (r.outcome == outcomes::kRejected &&
        sm_detail(detail, keys::kReason) == actors::sm::kReasonNotInDomains)
      ++of(sm).summary.refused_cross_domain[sm_detail(detail, keys::kDomain)];
  } else if (op == decisions::kSmTerminationItem) {
    if (r.outcome == outcomes::kTerminated) {
      const std::string vnf = sm_detail(detail, keys::kVnf);
      terminations_[vnf] = {sm, r.time.ns()};
      if (const auto sent = of(sm).last_instruction_sent; sent >= 0) sent_at_[vnf] = sent;
    }
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
    if (const auto w = waited_of(detail); w >= 0) {
      per.grant_waits.push_back(w);
      PerOperation& o = operations_[sm_detail(detail, keys::kOperation)];
      o.grant_waits.push_back(w);
      o.grant_by_depth[depth_of(sm)].push_back(w);
    }
  }
}

std::vector<SmSummary> SmMetrics::summaries() const {
  std::vector<SmSummary> out;
  for (const auto& [sm, per] : sms_) {
    SmSummary s = per.summary;
    s.grant_wait = summarise_latencies(per.grant_waits);
    s.instruction_to_effect = summarise_latencies(per.effects);
    s.instruction_propagation = summarise_latencies(per.propagations);
    s.depth = depth_of(sm);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<SmOperationDelay> SmMetrics::operation_delays() const {
  std::vector<SmOperationDelay> out;
  for (const auto& [operation, o] : operations_) {
    SmOperationDelay d;
    d.operation = operation;
    d.grant_wait = summarise_latencies(o.grant_waits);
    d.objection_wait = summarise_latencies(o.objection_waits);
    for (const auto& [depth, waits] : o.grant_by_depth)
      d.grant_wait_by_depth[depth] = summarise_latencies(waits);
    for (const auto& [depth, waits] : o.objection_by_depth)
      d.objection_wait_by_depth[depth] = summarise_latencies(waits);
    out.push_back(std::move(d));
  }
  return out;
}

ObjectionWindowSummary SmMetrics::objection_windows() const {
  return {windows_closed_, windows_objected_, summarise_latencies(window_waits_)};
}

}  // namespace ifa026::reports
