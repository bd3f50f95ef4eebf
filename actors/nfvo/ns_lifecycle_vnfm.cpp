// The NFVO's NS lifecycle, its Or-Vnfm half: the subscriptions to the VNFMs, the VNF requests of
// each NS operation and their answers, the VNFMs' notifications, the grants, and how an NS
// operation ends (completed, failed or rolled back). See ns_lifecycle.hpp; the Os-Ma-Nfvo half is
// ns_lifecycle.cpp.
#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/nfvo/ns_lifecycle.hpp"

namespace ifa026::actors::nfvo {
namespace {

namespace dk = detail_keys;
namespace rp = reference_points;

}  // namespace

// ---- Or-Vnfm ----

void NsLifecycle::subscribe(const std::string& vnfm) {
  VnfmSubscription& s = subscriptions_[vnfm];
  if (s.subscribed) return;
  ++s.attempts;
  trace({.operation = decisions::kLccnSubscription,
         .outcome = outcomes::kRequested,
         .peer = vnfm,
         .reference_point = rp::kOrVnfm,
         .detail = TraceDetail().add(dk::kVnfm, vnfm).add(dk::kAttempt, s.attempts)});
  host_.channels().send(vnfm, ChannelKind::mutual, rp::kOrVnfm,
                        messages::to_envelope(messages::LccnSubscriptionRequest{}));
  // Asked again with back-off until answered (the VNFM may not hold its certificate yet, D14).
  sim::Duration wait = settings_.retry.timeout;
  for (int i = 1; i < s.attempts && wait < sim::Duration::seconds(60); ++i) wait = wait * 2;
  s.timer = schedule(wait, "LccnSubscriptionRetry", [this, vnfm] {
    subscriptions_[vnfm].timer = {};
    subscribe(vnfm);
  });
}

void NsLifecycle::when_subscribed(const std::string& vnfm, std::function<void()> then) {
  VnfmSubscription& s = subscriptions_[vnfm];
  if (s.subscribed) return then();
  s.waiting.push_back(std::move(then));
  if (s.attempts == 0) subscribe(vnfm);
}

void NsLifecycle::on_subscription_response(const ChannelMessage& m,
                                           const messages::LccnSubscriptionResponse& response) {
  auto it = subscriptions_.find(m.peer.name);
  if (it == subscriptions_.end() || it->second.subscribed) {
    trace({.operation = decisions::kLccnSubscription,
           .outcome = outcomes::kIgnored,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = TraceDetail().add(dk::kReason, "no subscription pending")});
    return;
  }
  VnfmSubscription& s = it->second;
  if (response.status != outcomes::kSubscribed) {
    trace({.operation = decisions::kLccnSubscription,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = TraceDetail().add(dk::kReason, response.reason.value_or(response.status))});
    return;  // asked again on the timer
  }
  s.subscribed = true;
  host_.actor_context().withdraw(s.timer);
  s.timer = {};
  trace({.operation = decisions::kLccnSubscription,
         .outcome = outcomes::kSubscribed,
         .peer = m.peer.name,
         .reference_point = rp::kOrVnfm,
         .detail = TraceDetail()
                       .add(dk::kVnfm, m.peer.name)
                       .add(dk::kSubscription, response.subscription.value_or(""))});
  auto waiting = std::move(s.waiting);
  s.waiting.clear();
  for (auto& then : waiting) then();
}

void NsLifecycle::send_vnf_request(NsOperation& op, VnfPart part,
                                   std::function<Envelope(const std::string& request_id)> build) {
  op.parts.push_back(std::move(part));
  const std::string occurrence = op.occurrence;
  const std::size_t index = op.parts.size() - 1;
  const std::string vnfm = op.parts[index].vnfm;
  when_subscribed(vnfm, [this, occurrence, index, vnfm, build = std::move(build)]() mutable {
    auto op = operations_.find(occurrence);
    if (op == operations_.end() || op->second.parts[index].ended) return;
    PendingVnfRequest pending{occurrence, op->second.parts[index].vnf, vnfm, std::move(build)};
    const std::string prefix = host_.actor_context().name() + "-req-";
    const std::uint64_t id = requests_.start(
        std::move(pending), settings_.retry,
        [this, prefix](std::uint64_t id, const PendingVnfRequest& p, int attempt) {
          const std::string request_id = prefix + std::to_string(id);
          if (attempt > 0)
            trace({.operation = decisions::kVnfLcmRequest,
                   .outcome = outcomes::kResent,
                   .peer = p.vnfm,
                   .reference_point = rp::kOrVnfm,
                   .detail = TraceDetail()
                                 .add(dk::kVnf, p.vnf)
                                 .add(dk::kRequest, request_id)
                                 .add(dk::kAttempt, attempt)});
          host_.channels().send(p.vnfm, ChannelKind::mutual, rp::kOrVnfm, p.build(request_id));
        },
        [this, prefix](std::uint64_t id, PendingVnfRequest p) {
          auto op = operations_.find(p.occurrence);
          if (op == operations_.end()) return;
          for (auto& part : op->second.parts)
            if (part.request_id == prefix + std::to_string(id) && !part.ended)
              part_ended(op->second, part, false, "no answer from " + p.vnfm);
        });
    op = operations_.find(occurrence);  // the send may not have touched it, but be safe
    if (op != operations_.end()) op->second.parts[index].request_id = prefix + std::to_string(id);
  });
}

void NsLifecycle::on_acknowledgement(const ChannelMessage& m,
                                     const messages::VnfLcmAcknowledgement& ack) {
  const std::string prefix = host_.actor_context().name() + "-req-";
  std::optional<std::uint64_t> id;
  if (ack.request_id.rfind(prefix, 0) == 0) {
    try {
      id = std::stoull(ack.request_id.substr(prefix.size()));
    } catch (const std::exception&) {
    }
  }
  const auto reply = id ? requests_.reply(*id) : RequestTracker<PendingVnfRequest>::Reply{};
  TraceDetail detail;
  detail.add(dk::kVnf, ack.vnf).add(dk::kRequest, ack.request_id).add(dk::kStatus, ack.status);
  if (reply.match != ReplyMatch::answer) {
    trace({.operation = decisions::kVnfLcmRequest,
           .outcome = outcomes::kIgnored,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail.add(dk::kReason, std::string(to_string(reply.match)) + " answer")});
    return;
  }
  auto op = operations_.find(reply.pending->occurrence);
  if (op == operations_.end()) return;
  VnfPart* part = nullptr;
  for (auto& p : op->second.parts)
    if (p.request_id == ack.request_id) part = &p;
  if (part == nullptr || part->ended) return;
  part->acknowledged = true;
  if (ack.status == lcm::kStatusAccepted) {
    part->vnf_occurrence = ack.occurrence;
    if (ack.occurrence) detail.add(dk::kOccurrence, *ack.occurrence);
    trace({.operation = decisions::kVnfLcmRequest,
           .outcome = outcomes::kAccepted,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail});
  } else {
    const std::string reason = ack.reason.value_or(ack.status);
    trace({.operation = decisions::kVnfLcmRequest,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail.add(dk::kReason, reason)});
    // A notification of this operation already came: an earlier attempt was taken on, this
    // answer refuses only the resent copy.
    if (!part->started) return part_ended(op->second, *part, false, part->vnf + ": " + reason);
  }
  NsOperation& o = op->second;
  if (!o.processing_sent && !o.rolling_back &&
      std::all_of(o.parts.begin(), o.parts.end(),
                  [](const VnfPart& p) { return p.acknowledged || p.ended; })) {
    o.processing_sent = true;
    record(o, lcm::kStateProcessing);
    notify_oss(o, lcm::kStateProcessing);
  }
}

void NsLifecycle::on_vnf_notification(const ChannelMessage& m,
                                      const messages::VnfLcmOperationOccurrenceNotification& n) {
  TraceDetail detail;
  detail.add(dk::kVnfm, m.peer.name)
      .add(dk::kVnf, n.vnf)
      .add(dk::kOperation, n.operation)
      .add(dk::kState, n.state)
      .add(dk::kOccurrence, n.occurrence);
  if (n.source) detail.add(dk::kSource, *n.source);
  if (n.correlation) detail.add(dk::kCorr, *n.correlation);
  // The grants of an ended operation: what it did not add, and what it removed, is given back.
  if (end_state(n.state)) {
    std::set<std::string> added;
    std::set<std::string> removed;
    for (const auto& entry : n.affected_vnfcs) {
      if (entry.change == lcm::kChangeAdded) added.insert(entry.vnfci);
      if (entry.change == lcm::kChangeRemoved) removed.insert(entry.vnfci);
    }
    grants_.on_operation_ended(n.occurrence, added, removed);
  }
  // Which NS operation's part it is: the same VNF, operation and correlation.
  NsOperation* op = nullptr;
  VnfPart* part = nullptr;
  for (auto& [occurrence, candidate] : operations_) {
    if (!n.correlation || *n.correlation != candidate.correlation) continue;
    for (auto& p : candidate.parts)
      if (!p.ended && p.vnf == n.vnf && p.operation == n.operation) {
        op = &candidate;
        part = &p;
      }
  }
  if (part == nullptr) {
    // Not started by an NS operation (an auto-heal, a VIM-caused heal): seen, not the OSS's (D9).
    trace({.operation = decisions::kVnfLcmNotification,
           .outcome = outcomes::kAccepted,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail});
  } else {
    trace({.operation = decisions::kVnfLcmNotification,
           .outcome = outcomes::kAccepted,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail.add(dk::kNs, op->ns)});
    part->started = true;
    if (!part->vnf_occurrence) part->vnf_occurrence = n.occurrence;
    if (n.state == lcm::kStateCompleted)
      for (const auto& entry : n.affected_vnfcs) {
        if (entry.change == lcm::kChangeAdded) op->added_vnfcis.push_back(entry.vnfci);
        if (entry.change == lcm::kChangeRemoved) op->removed_vnfcis.push_back(entry.vnfci);
      }
  }
  // The NFVO's view of the VNF instance.
  if (n.state == lcm::kStateCompleted) {
    auto owner = vnf_owner_.find(n.vnf);
    if (owner != vnf_owner_.end()) {
      auto ns = instances_.find(owner->second);
      if (ns != instances_.end())
        for (auto& v : ns->second.vnfs)
          if (v.vnf == n.vnf) {
            if (n.operation == lcm::kInstantiate) v.instantiated = true;
            if (n.operation == lcm::kTerminate) v.instantiated = false;
          }
    }
  }
  if (observer_ != nullptr) observer_->vnf_notified(n);
  if (part != nullptr && end_state(n.state)) part->reported = true;
  if (part != nullptr && end_state(n.state))
    part_ended(*op, *part, n.state == lcm::kStateCompleted,
               n.state == lcm::kStateCompleted
                   ? ""
                   : n.vnf + " " + lower(n.state) + ": " + n.reason.value_or("no reason given"));
}

void NsLifecycle::on_grant(const ChannelMessage& m,
                           const messages::GrantLifecycleOperationRequest& request) {
  if (observer_ == nullptr) return answer_grant(m, request, "");
  const std::string key = m.peer.name + "|" + request.request_id;
  if (!held_grants_.insert(key).second) {
    // A resent copy of a grant still held for the Security Manager: answered when it is decided.
    trace({.operation = decisions::kGrantDecision,
           .outcome = outcomes::kIgnored,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = TraceDetail()
                         .add(dk::kVnf, request.vnf)
                         .add(dk::kRequest, request.request_id)
                         .add(dk::kReason, "held for the security manager")});
    return;
  }
  observer_->gate(request, [this, m, request, key](bool proceed, const std::string& reason) {
    held_grants_.erase(key);
    answer_grant(m, request, proceed ? "" : reason);
  });
}

void NsLifecycle::answer_grant(const ChannelMessage& m,
                               const messages::GrantLifecycleOperationRequest& request,
                               const std::string& refusal) {
  GrantDecision decision;
  if (refusal.empty()) {
    decision = grants_.decide(request);
  } else {
    decision.granted = false;
    decision.reason = refusal;
  }
  messages::GrantLifecycleOperationResponse answer;
  answer.request_id = request.request_id;
  TraceDetail detail;
  detail.add(dk::kVnf, request.vnf)
      .add(dk::kOperation, request.operation)
      .add(dk::kOccurrence, request.occurrence)
      .add(dk::kSource, request.source)
      .add(dk::kCorr, request.correlation)
      .add(dk::kRequest, request.request_id)
      .add(dk::kAdded, static_cast<long long>(request.add_resources.size()))
      .add(dk::kRemoved, static_cast<long long>(request.remove_resources.size()))
      .add(dk::kVcpus, decision.requested.vcpus)
      .add(dk::kVcpusInUse, decision.in_use.vcpus);
  if (request.automatic) detail.add(dk::kAutomatic, detail_values::kTrue);
  if (decision.granted) {
    answer.status = lcm::kStatusGranted;
    answer.grant = decision.grant;
    answer.resources = decision.resources;
    detail.add(dk::kGrant, decision.grant);
  } else {
    answer.status = lcm::kStatusRejected;
    answer.reason = decision.reason;
    detail.add(dk::kReason, decision.reason);
  }
  trace({.operation = decisions::kGrantDecision,
         .outcome = decision.granted ? outcomes::kGranted : outcomes::kRejected,
         .peer = m.peer.name,
         .reference_point = rp::kOrVnfm,
         .detail = detail});
  host_.channels().reply(m, messages::to_envelope(answer));
}

void NsLifecycle::part_ended(NsOperation& op, VnfPart& part, bool ok, const std::string& reason) {
  part.ended = true;
  part.ok = ok;
  part.reason = reason;
  if (!ok && op.failure.empty()) op.failure = reason;
  if (!std::all_of(op.parts.begin(), op.parts.end(), [](const VnfPart& p) { return p.ended; }))
    return;
  // An sNSD's VSFs are in place: the VNFs they protect go now (a failed VSF: they never start).
  // Sent from a timer of their own: the caller may still be walking the operation's parts.
  if (!op.held.empty() && op.failure.empty()) {
    schedule(sim::Duration::seconds(0), "SnsdProtectedVnfs", [this, occurrence = op.occurrence] {
      auto it = operations_.find(occurrence);
      if (it == operations_.end()) return;
      auto held = std::move(it->second.held);
      it->second.held.clear();
      for (auto& send : held) send();
    });
    return;
  }
  op.held.clear();
  settle(op);
}

void NsLifecycle::on_deadline(const std::string& occurrence) {
  auto it = operations_.find(occurrence);
  if (it == operations_.end()) return;
  NsOperation& op = it->second;
  op.deadline = {};
  const std::string reason =
      "no outcome within " + sim::format_duration(settings_.operation_timeout);
  // Late answers of the parts given up are ignored (their requests are closed).
  for (auto& part : op.parts) {
    if (part.ended) continue;
    part.ended = true;
    part.reason = part.vnf + ": " + reason;
    if (op.failure.empty()) op.failure = part.reason;
  }
  settle(op);
}

void NsLifecycle::settle(NsOperation& op) {
  const bool all_ok =
      std::all_of(op.parts.begin(), op.parts.end(), [](const VnfPart& p) { return p.ok; });
  auto ns = instances_.find(op.ns);
  std::vector<messages::AffectedVnf> affected;
  auto affected_vnf = [&](const VnfPart& part, const std::string& change) {
    messages::AffectedVnf a;
    a.vnf = part.vnf;
    a.change = change;
    a.vnf_occurrence = part.vnf_occurrence;
    if (ns != instances_.end())
      for (const auto& v : ns->second.vnfs)
        if (v.vnf == part.vnf) {
          a.oss_app_id = v.oss_app_id;
          a.vnfd_id = v.vnfd_id;
        }
    return a;
  };

  if (op.rolling_back) {
    // The rollback's terminations ended: the NS is gone whatever became of them, but a VNF whose
    // termination failed is still running and the operation says so.
    std::string left;
    for (const auto& part : op.parts)
      if (!part.ok) left += (left.empty() ? "" : ", ") + part.vnf;
    if (ns != instances_.end()) {
      for (const auto& v : ns->second.vnfs) vnf_owner_.erase(v.vnf);
      instances_.erase(ns);
    }
    if (left.empty()) return finish(op.occurrence, lcm::kStateRolledBack, op.failure, {});
    return finish(op.occurrence, lcm::kStateFailed,
                  op.failure + "; rollback left VNFs running: " + left, {});
  }

  if (op.operation == lcm::kUpdate) return settle_update(op);

  if (op.operation == lcm::kInstantiate) {
    if (all_ok) {
      if (ns != instances_.end()) ns->second.instantiated = true;
      for (const auto& part : op.parts) affected.push_back(affected_vnf(part, lcm::kChangeAdded));
      return finish(op.occurrence, lcm::kStateCompleted, "", std::move(affected));
    }
    // D7: terminate every VNF whose instantiation was taken on (completed, or with no outcome),
    // then the NS is rolled back.
    std::vector<VnfPart> done = op.parts;
    op.parts.clear();
    op.rolling_back = true;
    record(op, lcm::kStateRollingBack, op.failure);
    host_.actor_context().withdraw(op.deadline);
    const std::string occurrence = op.occurrence;
    op.deadline = schedule(settings_.operation_timeout, "NsOperationDeadline",
                           [this, occurrence] { on_deadline(occurrence); });
    for (const auto& part : done) {
      // Undone: what completed, and what was taken on but never reported an end. A VNF operation
      // that ended FAILED or ROLLED_BACK left nothing (D7); a refused one never started.
      if (!part.ok && (part.reported || (!part.started && !part.vnf_occurrence))) continue;
      messages::TerminateVnfRequest body;
      body.correlation = op.correlation;
      body.source = lcm::kSourceNfvo;
      body.vnf = part.vnf;
      body.termination_type = lcm::kTerminationForceful;
      body.reason = "rollback: " + op.failure;
      VnfPart undo;
      undo.vnf = part.vnf;
      undo.vnfm = part.vnfm;
      undo.operation = lcm::kTerminate;
      send_vnf_request(op, std::move(undo), [body](const std::string& request_id) mutable {
        body.request_id = request_id;
        return messages::to_envelope(body);
      });
    }
    if (op.parts.empty()) settle(op);
    return;
  }

  if (op.operation == lcm::kScale && ns != instances_.end()) {
    // Whole VNFs a scale added or removed (R1.2.120): an added VNF that did not come up and a
    // removed one that went leave the NS.
    auto& vnfs = ns->second.vnfs;
    for (const auto& part : op.parts) {
      const bool added = part.operation == lcm::kInstantiate;
      if (!added && part.operation != lcm::kTerminate) continue;
      if (part.ok) (added ? op.added_vnfs : op.removed_vnfs).push_back(part.vnf);
      if (part.ok)
        affected.push_back(affected_vnf(part, added ? lcm::kChangeAdded : lcm::kChangeRemoved));
      if (added == part.ok) continue;
      vnf_owner_.erase(part.vnf);
      vnfs.erase(std::remove_if(vnfs.begin(), vnfs.end(),
                                [&](const NsVnf& v) { return v.vnf == part.vnf; }),
                 vnfs.end());
    }
  }
  for (const auto& part : op.parts)
    if (part.ok && !(op.operation == lcm::kScale &&
                     (part.operation == lcm::kInstantiate || part.operation == lcm::kTerminate)))
      affected.push_back(affected_vnf(
          part, op.operation == lcm::kTerminate ? lcm::kChangeRemoved : lcm::kChangeModified));
  if (op.operation == lcm::kTerminate && ns != instances_.end()) {
    // Terminated VNFs leave the NS; the NS itself goes when none is left.
    auto& vnfs = ns->second.vnfs;
    for (const auto& part : op.parts)
      if (part.ok) {
        vnf_owner_.erase(part.vnf);
        vnfs.erase(std::remove_if(vnfs.begin(), vnfs.end(),
                                  [&](const NsVnf& v) { return v.vnf == part.vnf; }),
                   vnfs.end());
      }
    if (vnfs.empty()) instances_.erase(ns);
  }
  finish(op.occurrence, all_ok ? lcm::kStateCompleted : lcm::kStateFailed, op.failure,
         std::move(affected));
}

void NsLifecycle::settle_update(NsOperation& op) {
  // A Security Manager's VNF added to the NS: kept when its instantiation completed, else it
  // leaves the NS (the VNFM rolled back what it had started).
  std::vector<messages::AffectedVnf> affected;
  bool all_ok = true;
  auto ns = instances_.find(op.ns);
  for (const auto& part : op.parts) {
    all_ok = all_ok && part.ok;
    if (ns == instances_.end()) continue;
    auto& vnfs = ns->second.vnfs;
    if (!part.ok) {
      vnf_owner_.erase(part.vnf);
      vnfs.erase(std::remove_if(vnfs.begin(), vnfs.end(),
                                [&](const NsVnf& v) { return v.vnf == part.vnf; }),
                 vnfs.end());
      continue;
    }
    messages::AffectedVnf a;
    a.vnf = part.vnf;
    a.change = lcm::kChangeAdded;
    a.vnf_occurrence = part.vnf_occurrence;
    for (const auto& v : vnfs)
      if (v.vnf == part.vnf) a.vnfd_id = v.vnfd_id;
    affected.push_back(std::move(a));
  }
  finish(op.occurrence, all_ok ? lcm::kStateCompleted : lcm::kStateFailed, op.failure,
         std::move(affected));
}

void NsLifecycle::finish(std::string occurrence, std::string state, std::string reason,
                         std::vector<messages::AffectedVnf> affected) {
  // Taken by value: the caller's strings may live in the operation erased here.
  auto it = operations_.find(occurrence);
  if (it == operations_.end()) return;
  NsOperation op = std::move(it->second);
  operations_.erase(it);
  host_.actor_context().withdraw(op.deadline);
  if (auto ns = instances_.find(op.ns); ns != instances_.end() && ns->second.busy == occurrence)
    ns->second.busy.clear();
  op.failure = reason;
  record(op, state, reason);
  notify_oss(op, state, std::move(affected));
  if (op.ended) op.ended(state == lcm::kStateCompleted, reason);
  // A TERMINATE of source SECURITY_MANAGER ends one VNF at an SM's word (a VSF removed, a
  // termination request), not the NS: no NS_TERMINATE event for it.
  const bool ns_terminated =
      op.operation == lcm::kTerminate && op.source != lcm::kSourceSecurityManager;
  if (observer_ != nullptr && (op.operation == lcm::kScale || ns_terminated)) {
    LifecycleObserver::NsOperationEnd end{.ns = op.ns,
                                          .operation = op.operation,
                                          .state = state,
                                          .source = op.source,
                                          .oss_app_id = op.ns_oss_app_id,
                                          .added = op.added_vnfcis,
                                          .removed = op.removed_vnfcis,
                                          .added_vnfs = op.added_vnfs,
                                          .removed_vnfs = op.removed_vnfs};
    for (const auto& part : op.parts) end.vnfs.push_back(part.vnf);
    observer_->ns_operation_ended(end);
  }
}

}  // namespace ifa026::actors::nfvo
