// The VNFM's LCM operation occurrences on the chain: grant, releases and allocations in order,
// rollback, the end state, requests to peers, records and notifications (see
// chain_operations.hpp; the Or-Vnfm requests are in chain_requests.cpp, resource changes and
// auto-heal in chain_auto_heal.cpp).
#include "actors/vnfm/chain_operations.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::vnfm {
namespace {

namespace dk = detail_keys;
namespace rp = reference_points;

// The record outcome of an operation state ("STARTING" -> "starting", ...).
std::string outcome_of(const std::string& state) {
  if (state == lcm::kStateStarting) return outcomes::kStarting;
  if (state == lcm::kStateProcessing) return outcomes::kProcessing;
  if (state == lcm::kStateCompleted) return outcomes::kCompleted;
  if (state == lcm::kStateRolledBack) return outcomes::kRolledBack;
  return outcomes::kFailed;
}

}  // namespace

// ---- the operation ----

std::string ChainOperations::start(LcmPlan plan, Origin origin) {
  const std::string vnf = plan.vnf;
  Operation op;
  op.occurrence = host_.actor_context().name() + "-op-" + std::to_string(shared_.next_occurrence++);
  op.plan = std::move(plan);
  op.origin = std::move(origin);
  shared_.running.insert(vnf);
  record(outcomes::kStarting, std::string(to_string(op.plan.operation)), vnf, op.plan.vnfd,
         op.occurrence, op.origin, [&](TraceDetail& d) {
           d.add(dk::kPlannedAdded, static_cast<long long>(op.plan.added.size()))
               .add(dk::kPlannedRemoved, static_cast<long long>(op.plan.removed.size()));
         });
  const std::string occurrence = op.occurrence;
  operations_[vnf] = std::move(op);
  return occurrence;
}

std::string ChainOperations::kind_of(const Vnfci& vnfci) const {
  auto known = resources_.find(vnfci.name);
  if (known != resources_.end()) return known->second.kind;
  return vnfci.descriptor != nullptr && vnfci.descriptor->deployment == kDeploymentContainer
             ? lcm::kResourceOsContainer
             : lcm::kResourceCompute;
}

void ChainOperations::request_grant(const std::string& vnf) {
  if (reserve(vnf)) return;  // the grant waits for the placement reservations (D12)
  const Operation& op = operations_.at(vnf);
  messages::GrantLifecycleOperationRequest grant;
  grant.correlation = op.origin.corr;
  grant.source = op.origin.source;
  grant.vnf = vnf;
  grant.vnfd_id = op.plan.vnfd;
  grant.occurrence = op.occurrence;
  grant.operation = std::string(to_string(op.plan.operation));
  grant.automatic = op.origin.automatic;
  for (const Vnfci& v : op.plan.added) {
    messages::GrantResource r;
    r.id = v.name;
    r.kind = kind_of(v);
    r.vnfc = v.vnfc;
    if (v.descriptor != nullptr)
      r.capacity =
          messages::ResourceCapacity{v.descriptor->compute.vcpus, v.descriptor->compute.memory_mb};
    if (auto reserved = op.reserved.find(v.name); reserved != op.reserved.end()) {
      r.reservation = reserved->second.reservation;
      r.host = reserved->second.host;
      r.location = reserved->second.location;
    }
    grant.add_resources.push_back(std::move(r));
  }
  for (const Vnfci& v : op.plan.removed) {
    auto known = resources_.find(v.name);
    if (known == resources_.end()) continue;  // already gone (REMOVED by its producer)
    messages::GrantResource r;
    r.id = v.name;
    r.kind = known->second.kind;
    r.vnfc = v.vnfc;
    r.resource = known->second.resource;
    grant.remove_resources.push_back(std::move(r));
  }
  decision(decisions::kVnfLcmGrant, outcomes::kRequested,
           TraceDetail()
               .add(dk::kVnf, vnf)
               .add(dk::kOperation, grant.operation)
               .add(dk::kOccurrence, op.occurrence)
               .add(dk::kCorr, op.origin.corr)
               .add(dk::kAutomatic, grant.automatic ? "true" : "false")
               .add(dk::kAdded, static_cast<long long>(grant.add_resources.size()))
               .add(dk::kRemoved, static_cast<long long>(grant.remove_resources.size())),
           op.origin.nfvo, rp::kOrVnfm);
  send_request(Pending{.vnf = vnf,
                       .step = Step::grant,
                       .peer = op.origin.nfvo,
                       .reference_point = rp::kOrVnfm,
                       .build = [grant](const std::string& id) {
                         auto copy = grant;
                         copy.request_id = id;
                         return messages::to_envelope(copy);
                       }});
}

void ChainOperations::on_grant(const messages::GrantLifecycleOperationResponse& response,
                               const ChannelMessage& m) {
  if (other_grants && other_grants(response, m)) return;  // a software update (issue 16)
  auto pending = take_reply(response.request_id, m, decisions::kVnfLcmGrant);
  if (!pending) return;
  auto it = operations_.find(pending->vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  TraceDetail detail;
  detail.add(dk::kVnf, pending->vnf)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kCorr, op.origin.corr)
      .add(dk::kRequest, response.request_id);
  if (response.status != lcm::kStatusGranted) {
    const std::string reason = "grant rejected: " + response.reason.value_or(response.status);
    decision(decisions::kVnfLcmGrant, outcomes::kRejected, detail.add(dk::kReason, reason),
             m.peer.name, m.reference_point);
    finish(pending->vnf, lcm::kStateFailed, reason);
    return;
  }
  op.grant = response.grant.value_or("");
  if (response.resources)
    for (const auto& r : *response.resources) op.granted[r.id] = r;
  for (const Vnfci& v : op.plan.added)
    if (!op.granted.count(v.name)) {
      const std::string reason = "grant names no VIM or CISM for " + v.name;
      decision(decisions::kVnfLcmGrant, outcomes::kRejected, detail.add(dk::kReason, reason),
               m.peer.name, m.reference_point);
      finish(pending->vnf, lcm::kStateFailed, reason);
      return;
    }
  decision(decisions::kVnfLcmGrant, outcomes::kGranted, detail.add(dk::kGrant, op.grant),
           m.peer.name, m.reference_point);
  record(outcomes::kProcessing, std::string(to_string(op.plan.operation)), pending->vnf,
         op.plan.vnfd, op.occurrence, op.origin,
         [&](TraceDetail& d) { d.add(dk::kGrant, op.grant); });
  notify(op, lcm::kStateProcessing, {});
  if (delegation_vnf(pending->vnf) && !op.plan.added.empty())
    return enrol_delegated(pending->vnf);  // issue 17: then step()
  step(pending->vnf);
}

// Releases first (D8), then allocations, one at a time in plan (VNFCI) order.
void ChainOperations::step(const std::string& vnf) {
  Operation& op = operations_.at(vnf);
  while (op.next < op.plan.removed.size()) {
    const Vnfci& old = op.plan.removed[op.next];
    auto known = resources_.find(old.name);
    if (known == resources_.end()) {  // its producer removed it already
      tell_released(vnf, old.name, std::string(to_string(op.plan.operation)));
      op.released.push_back(old);
      ++op.next;
      continue;
    }
    send_release(vnf, old.name, known->second, op.origin.corr, Step::release);
    return;
  }
  const std::size_t index = op.next - op.plan.removed.size();
  if (index >= op.plan.added.size()) {
    // Issue 17: delegated credentials installed after the allocations (C.2.2.4.6, C.2.2.4.7)
    // before the operation completes.
    if (!op.delegation_asked && delegation.after_allocations && !op.allocated.empty()) {
      op.delegation_asked = true;
      std::vector<AddedResource> added;
      for (const Vnfci& v : op.allocated)
        if (auto r = resources_.find(v.name); r != resources_.end())
          added.push_back({v.name, r->second.producer, r->second.kind});
      const std::string occurrence = op.occurrence;
      if (delegation.after_allocations(vnf, op.plan.vnfd, added,
                                       [this, vnf, occurrence](bool ok, const std::string& reason) {
                                         delegated_installed(vnf, occurrence, ok, reason);
                                       }))
        return;
    }
    finish(vnf, lcm::kStateCompleted, "");
    return;
  }
  const Vnfci& vnfci = op.plan.added[index];
  const messages::GrantedResource& where = op.granted.at(vnfci.name);
  messages::ResourceAllocationRequest body;
  body.correlation = op.origin.corr;
  body.grant = op.grant;
  body.vnf = vnf;
  body.vnfc = vnfci.vnfc;
  body.vnfci = vnfci.name;
  if (vnfci.descriptor != nullptr) {
    body.capacity = {vnfci.descriptor->compute.vcpus, vnfci.descriptor->compute.memory_mb};
    if (!vnfci.descriptor->image.empty()) body.image = vnfci.descriptor->image;
  }
  body.zone = where.zone;
  if (auto reserved = op.reserved.find(vnfci.name);
      reserved != op.reserved.end() && op.reserved_by[vnfci.name] == where.vim) {
    body.reservation = reserved->second.reservation;
    op.reservations_used.insert(vnfci.name);
  }
  body.user_data = shared_.vnfci_params(op.plan, vnfci);
  if (auto view = security_view_.find(vnf); view != security_view_.end()) {
    body.trust_domain = view->second.trust_domain;
    body.hidden_from = view->second.hidden_from;
    body.oss_app_id = view->second.oss_app_id;
  }
  const bool container = kind_of(vnfci) == lcm::kResourceOsContainer;
  // Delegation mode (issue 17): the VNFCI's credentials, and the step the request cites.
  const std::string cite =
      delegation_vnf(vnf) ? add_delegated_credentials(vnf, vnfci, where.vim, container, body) : "";
  send_request(Pending{.vnf = vnf,
                       .step = Step::allocate,
                       .vnfci = vnfci.name,
                       .peer = where.vim,
                       .reference_point = container ? rp::kCismSi : rp::kViVnfm,
                       .build = [body, container, cite](const std::string& id) {
                         if (container) {
                           messages::CreateOsContainerWorkloadRequest request{body};
                           request.request_id = id;
                           return messages::to_envelope(request, cite);
                         }
                         messages::AllocateComputeRequest request{body};
                         request.request_id = id;
                         return messages::to_envelope(request, cite);
                       }});
}

void ChainOperations::on_allocated(const messages::ResourceAllocationResponse& response,
                                   const ChannelMessage& m) {
  auto pending = take_reply(response.request_id, m, decisions::kVnfciResource);
  if (!pending) return;
  auto it = operations_.find(pending->vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  TraceDetail detail;
  detail.add(dk::kVnfci, pending->vnfci)
      .add(dk::kVnf, pending->vnf)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kCorr, op.origin.corr)
      .add(dk::kVim, m.peer.name);
  const std::size_t index = op.next - op.plan.removed.size();
  if (response.status != lcm::kStatusAllocated || !response.resource) {
    op.failure = "allocation of " + pending->vnfci +
                 " refused: " + response.reason.value_or(response.status);
    decision(decisions::kVnfciResource, outcomes::kRejected, detail.add(dk::kReason, op.failure),
             m.peer.name, m.reference_point);
    rollback(pending->vnf);
    return;
  }
  const Vnfci& vnfci = op.plan.added.at(index);
  resources_[vnfci.name] = Resource{.resource = *response.resource,
                                    .producer = m.peer.name,
                                    .kind = kind_of(vnfci),
                                    .host = response.host.value_or("")};
  decision(decisions::kVnfciResource, outcomes::kAllocated,
           detail.add(dk::kResource, *response.resource)
               .add(dk::kResourceKind, resources_[vnfci.name].kind)
               .add(dk::kHost, response.host.value_or("")),
           m.peer.name, m.reference_point);
  if (delegation_vnf(pending->vnf)) delegated_install_result(pending->vnf, vnfci.name, response);
  op.allocated.push_back(vnfci);
  ++op.next;
  step(pending->vnf);
}

void ChainOperations::on_released(const messages::ResourceReleaseResponse& response,
                                  const ChannelMessage& m) {
  auto pending = take_reply(response.request_id, m, decisions::kVnfciResource);
  if (!pending) return;
  auto it = operations_.find(pending->vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  const bool released = response.status == lcm::kStatusReleased;
  TraceDetail detail;
  detail.add(dk::kVnfci, pending->vnfci)
      .add(dk::kVnf, pending->vnf)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kCorr, op.origin.corr)
      .add(dk::kVim, m.peer.name)
      .add(dk::kResource, response.resource);
  if (!released) detail.add(dk::kReason, response.reason.value_or(response.status));
  decision(decisions::kVnfciResource, released ? outcomes::kReleased : outcomes::kRejected, detail,
           m.peer.name, m.reference_point);
  if (released) {
    resources_.erase(pending->vnfci);
    tell_released(pending->vnf, pending->vnfci,
                  pending->step == Step::rollback_release
                      ? std::string("rollback")
                      : std::string(to_string(op.plan.operation)));
  }
  if (pending->step == Step::rollback_release) {
    rollback(pending->vnf);
    return;
  }
  const Vnfci& old = op.plan.removed.at(op.next);
  if (released)
    op.released.push_back(old);
  else
    op.not_released.push_back(old.name);
  ++op.next;
  step(pending->vnf);
}

void ChainOperations::on_given_up(Pending pending) {
  if (pending.step == Step::release_reservations) {
    decision(decisions::kPlacementReservation, outcomes::kFailed,
             TraceDetail()
                 .add(dk::kVnf, pending.vnf)
                 .add(dk::kReservations, pending.reservations)
                 .add(dk::kReason, "no answer from " + pending.peer),
             pending.peer, pending.reference_point);
    return;
  }
  auto it = operations_.find(pending.vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  const std::string reason = "no answer from " + pending.peer;
  switch (pending.step) {
    case Step::grant:
      decision(decisions::kVnfLcmGrant, outcomes::kFailed,
               TraceDetail()
                   .add(dk::kVnf, pending.vnf)
                   .add(dk::kOccurrence, op.occurrence)
                   .add(dk::kReason, reason),
               pending.peer, pending.reference_point);
      finish(pending.vnf, lcm::kStateFailed, "grant request unanswered");
      return;
    case Step::allocate:
      op.failure = "allocation of " + pending.vnfci + " unanswered";
      rollback(pending.vnf);
      return;
    case Step::release:
      op.not_released.push_back(pending.vnfci);
      ++op.next;
      step(pending.vnf);
      return;
    case Step::rollback_release:
      rollback(pending.vnf);
      return;
    case Step::reserve:
      // Without an answer the operation goes on unreserved: placed at allocation as before.
      decision(decisions::kPlacementReservation, outcomes::kFailed,
               TraceDetail()
                   .add(dk::kVnf, pending.vnf)
                   .add(dk::kOccurrence, op.occurrence)
                   .add(dk::kReason, reason),
               pending.peer, pending.reference_point);
      request_grant(pending.vnf);
      return;
    case Step::release_reservations:
      return;
  }
}

// Issue 17: the delegated installations after the allocations ended; a failure rolls the
// operation back (its allocations released, their certificates revoked).
void ChainOperations::delegated_installed(const std::string& vnf, const std::string& occurrence,
                                          bool ok, const std::string& reason) {
  auto it = operations_.find(vnf);
  if (it == operations_.end() || it->second.occurrence != occurrence) return;
  if (ok) {
    finish(vnf, lcm::kStateCompleted, "");
    return;
  }
  it->second.failure = reason;
  rollback(vnf);
}

void ChainOperations::tell_released(const std::string& vnf, const std::string& vnfci,
                                    const std::string& reason) {
  if (delegation.released) delegation.released(vnf, vnfci, reason);
}

// Releases the operation's allocations, newest first, then ends ROLLED_BACK (D7).
void ChainOperations::rollback(const std::string& vnf) {
  Operation& op = operations_.at(vnf);
  while (!op.allocated.empty()) {
    Vnfci last = op.allocated.back();
    op.allocated.pop_back();
    auto known = resources_.find(last.name);
    if (known == resources_.end()) {
      tell_released(vnf, last.name, "rollback");
      continue;
    }
    send_release(vnf, last.name, known->second, op.origin.corr, Step::rollback_release);
    return;
  }
  finish(vnf, lcm::kStateRolledBack, op.failure);
}

// `vnf` and `reason` by value: a caller may pass the operation's own strings, moved out here.
void ChainOperations::finish(std::string vnf, const std::string& state, std::string reason) {
  release_unused_reservations(vnf);
  Operation op = std::move(operations_.at(vnf));
  operations_.erase(vnf);
  const bool completed = state == lcm::kStateCompleted;
  // What happened: removed VNFCIs released (in every end state), added ones only when completed.
  LcmPlan done = op.plan;
  done.removed = op.released;
  done.added = completed ? op.allocated : std::vector<Vnfci>{};
  std::vector<messages::VnfciEntry> affected;
  for (const Vnfci& v : done.removed) affected.push_back(to_entry(v, lcm::kChangeRemoved));
  for (const Vnfci& v : done.added) affected.push_back(to_entry(v, lcm::kChangeAdded));
  const bool instantiate = op.plan.operation == LcmOperation::instantiate;
  if (completed || !instantiate) {
    if (state != lcm::kStateFailed || !done.removed.empty()) shared_.lcm.apply(done);
  } else if (state == lcm::kStateRolledBack) {
    // The instance is deleted; the names its allocations used are never given again.
    LcmPlan names = done;
    names.operation = LcmOperation::terminate;
    shared_.lcm.apply(names);
  }
  if (instantiate && !completed) nfvo_of_.erase(vnf);
  if (op.plan.operation == LcmOperation::terminate && completed) nfvo_of_.erase(vnf);
  if (!nfvo_of_.count(vnf)) producers_of_.erase(vnf);
  std::string why = reason;
  if (completed && !op.not_released.empty()) {
    std::string names;
    for (const auto& n : op.not_released) names += (names.empty() ? "" : ",") + n;
    why = "not released: " + names;
  }
  Origin origin = op.origin;
  if (!why.empty()) origin.reason = why;
  record(outcome_of(state), std::string(to_string(op.plan.operation)), vnf, op.plan.vnfd,
         op.occurrence, origin, [&](TraceDetail& d) {
           d.add(dk::kAdded, static_cast<long long>(done.added.size()))
               .add(dk::kRemoved, static_cast<long long>(done.removed.size()));
           if (const VnfInstance* instance = shared_.lcm.find(vnf))
             d.add(dk::kVnfcis, static_cast<long long>(instance->size()));
           if (!op.grant.empty()) d.add(dk::kGrant, op.grant);
         });
  op.origin.reason = why;
  notify(op, state, std::move(affected), why);
  if (instantiate && completed)
    decision(decisions::kVnfActivated, outcomes::kStarted,
             TraceDetail()
                 .add(dk::kVnf, vnf)
                 .add(dk::kVnfd, op.plan.vnfd)
                 .add(dk::kOccurrence, op.occurrence)
                 .add(dk::kCorr, op.origin.corr)
                 .add(dk::kState, "INSTANTIATED"));
  shared_.running.erase(vnf);
  shared_.idle(vnf);
}

// ---- requests to peers ----

// Releases one VNFCI's resource at its producer (Vi-Vnfm or CISM-SI by its kind).
void ChainOperations::send_release(const std::string& vnf, const std::string& vnfci,
                                   const Resource& r, const std::string& corr, Step step) {
  messages::ResourceReleaseRequest body;
  body.correlation = corr;
  body.resource = r.resource;
  body.vnfci = vnfci;
  // What an SM's termination instruction asks of the release (R2.1.260/270): only for the
  // termination's own releases, never a rollback's.
  const Operation& op = operations_.at(vnf);
  if (step == Step::release && op.origin.security_options) {
    const messages::SmTerminationOptions& o = *op.origin.security_options;
    if (o.quarantine_copy) body.quarantine_copy = true;
    body.erase_secure_storage = o.erase_secure_storage;
    body.host_disposition = o.host_disposition;
    body.terminate_cohosted = o.terminate_cohosted;
  }
  const bool container = r.kind == lcm::kResourceOsContainer;
  send_request(Pending{.vnf = vnf,
                       .step = step,
                       .vnfci = vnfci,
                       .peer = r.producer,
                       .reference_point = container ? rp::kCismSi : rp::kViVnfm,
                       .build = [body, container](const std::string& id) {
                         if (container) {
                           messages::DeleteOsContainerWorkloadRequest request{body};
                           request.request_id = id;
                           return messages::to_envelope(request);
                         }
                         messages::ReleaseComputeRequest request{body};
                         request.request_id = id;
                         return messages::to_envelope(request);
                       }});
}

void ChainOperations::send_request(Pending pending) {
  requests_.start(
      std::move(pending), policy_,
      [this](std::uint64_t id, const Pending& p, int /*attempt*/) {
        host_.channels().send(p.peer, ChannelKind::mutual, p.reference_point,
                              p.build(host_.actor_context().name() + "-req-" + std::to_string(id)));
      },
      [this](std::uint64_t /*id*/, Pending p) { on_given_up(std::move(p)); });
}

std::optional<ChainOperations::Pending> ChainOperations::take_reply(const std::string& request_id,
                                                                    const ChannelMessage& m,
                                                                    const std::string& what) {
  const std::string prefix = host_.actor_context().name() + "-req-";
  std::uint64_t id = 0;
  bool ok = request_id.size() > prefix.size() && request_id.compare(0, prefix.size(), prefix) == 0;
  if (ok) {
    for (std::size_t i = prefix.size(); i < request_id.size(); ++i) {
      const char c = request_id[i];
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      id = id * 10 + static_cast<std::uint64_t>(c - '0');
    }
  }
  // Only the peer asked may answer (a reply from another leaves the request open).
  const Pending* open = ok ? requests_.find(id) : nullptr;
  auto reply = ok && (open == nullptr || open->peer == m.peer.name)
                   ? requests_.reply(id)
                   : RequestTracker<Pending>::Reply{};
  if (reply.match != ReplyMatch::answer || !reply.pending) {
    decision(what, outcomes::kIgnored,
             TraceDetail()
                 .add(dk::kRequest, request_id)
                 .add(dk::kReason, std::string(to_string(reply.match)) + " reply"),
             m.peer.name, m.reference_point);
    return std::nullopt;
  }
  return std::move(reply.pending);
}

// ---- records and notifications ----

void ChainOperations::record(const std::string& outcome, const std::string& operation,
                             const std::string& vnf, const std::string& vnfd,
                             const std::string& occurrence, const Origin& origin,
                             const std::function<void(TraceDetail&)>& extra) {
  TraceDetail detail;
  detail.add(dk::kOperation, operation).add(dk::kVnf, vnf);
  if (!vnfd.empty()) detail.add(dk::kVnfd, vnfd);
  if (!occurrence.empty()) detail.add(dk::kOccurrence, occurrence);
  detail.add(dk::kSource, origin.source).add(dk::kCorr, origin.corr);
  if (!origin.request.empty()) detail.add(dk::kRequest, origin.request);
  if (!origin.ns.empty()) detail.add(dk::kNs, origin.ns);
  if (!origin.reason.empty()) detail.add(dk::kReason, origin.reason);
  if (extra) extra(detail);
  decision(decisions::kVnfLcmOperation, outcome, detail, origin.nfvo,
           origin.nfvo.empty() ? "" : rp::kOrVnfm);
}

void ChainOperations::notify(const Operation& op, const std::string& state,
                             std::vector<messages::VnfciEntry> affected,
                             const std::string& reason) {
  LccnSubscriptions::Notification n;
  n.vnf = op.plan.vnf;
  n.vnfd = op.plan.vnfd;
  n.operation = std::string(to_string(op.plan.operation));
  n.state = state;
  n.occurrence = op.occurrence;
  n.affected_vnfcs = std::move(affected);
  n.source = op.origin.source;
  n.correlation = op.origin.corr;
  if (!reason.empty()) n.reason = reason;
  shared_.subscriptions.notify(std::move(n));
}

void ChainOperations::decision(const std::string& operation, const std::string& outcome,
                               const TraceDetail& detail, const std::string& peer,
                               const std::string& reference_point) {
  host_.tracer()({.operation = operation,
                  .outcome = outcome,
                  .peer = peer,
                  .reference_point = reference_point,
                  .detail = detail});
}

}  // namespace ifa026::actors::vnfm
