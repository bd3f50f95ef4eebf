// Direct mode on Cm-Vnfm: subscriptions, notifications, queries, discovery (see
// direct_subscriptions.hpp; the decisions are listed in direct_mode.cpp).
//
// The subscription retry keeps its own loop rather than a RequestTracker: a response carries no
// correlation id (any "subscribed" answer counts), and the retry timer is set after the request
// is handed to the channel, as it always was, because it ties with the TLS handshake timeout
// (both 10 s by default) and the order of two timers due at one instant is the order they were
// set in (the tracker sets its timer before sending, which would reorder them on a lossy link).
// The reconciliation's query keeps the same kind of loop (its answer carries no correlation id
// either: an answer listing every VNF is the reconciliation's).
#include "actors/cmf/direct_subscriptions.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "actors/cmf/direct_attestation.hpp"
#include "actors/cmf/direct_registration.hpp"
#include "actors/cmf/direct_revocation.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/flow_steps.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

constexpr const char* kRetryLabel = "LccnSubscriptionRetry";
constexpr const char* kReconcileLabel = "VnfInventoryReconciliationRetry";
constexpr const char* kReconciliation = "RECONCILIATION";  // operation= of its discoveries
constexpr const char* kCompleted = "COMPLETED";  // the LCM operation state the CMF acts on
constexpr const char* kAdded = "ADDED";
constexpr const char* kRemoved = "REMOVED";

}  // namespace

void DirectModeSubscriptions::on_cm_vnfm(const char* decision, const char* outcome,
                                         const std::string& vnfm, const std::string& step,
                                         TraceDetail detail) {
  trace({.operation = decision,
         .outcome = outcome,
         .peer = vnfm,
         .reference_point = reference_points::kCmVnfm,
         .step = step,
         .detail = std::move(detail)});
}

DirectModeSubscriptions::DirectModeSubscriptions(DirectModeState& state,
                                                 DirectModeAttestation& attestation,
                                                 DirectModeRegistration& registration,
                                                 DirectModeRevocation& revocation)
    : DirectModePart(state),
      state_(state),
      attestation_(attestation),
      registration_(registration),
      revocation_(revocation) {
  for (const auto& vnfm : direct_.vnfms) subscriptions_[vnfm];
}

void DirectModeSubscriptions::on_ra_ready() {
  if (started_ || lookup_(config_.ca) == nullptr || lookup_(direct_.ca) == nullptr) return;
  started_ = true;
  for (const auto& vnfm : direct_.vnfms) subscribe(vnfm);
}

void DirectModeSubscriptions::serve(Handlers& handlers) {
  handlers.on<messages::LccnSubscriptionResponse>(
      [this](const messages::LccnSubscriptionResponse& response, const ChannelMessage& m) {
        on_subscription_response(m, response);
      });
  handlers.on<messages::VnfLcmOperationOccurrenceNotification>(
      [this](const messages::VnfLcmOperationOccurrenceNotification& notification,
             const ChannelMessage& m) { on_notification(m, notification); });
  handlers.on<messages::QueryVnfResponse>(
      [this](const messages::QueryVnfResponse& response, const ChannelMessage& m) {
        on_query_response(m, response);
      });
}

// Command arguments (workload parameters, checked against the command's table).
void DirectModeSubscriptions::query_on_request(const nlohmann::json& args) {
  const std::string vnf = args.is_object() ? get_string(args, "vnf") : "";
  std::string vnfm = args.is_object() ? get_string(args, "vnfm") : "";
  if (vnfm.empty() && !direct_.vnfms.empty()) vnfm = direct_.vnfms.front();
  if (vnf.empty() || subscriptions_.count(vnfm) == 0) {
    on_cm_vnfm(decisions::kQueryVnf, outcomes::kRejected, vnfm, "",
               TraceDetail()
                   .add(keys::kVnf, vnf)
                   .add(keys::kVnfm, vnfm)
                   .add(keys::kReason, vnf.empty() ? "no vnf given" : "not a configured VNFM"));
    return;
  }
  query(vnfm, vnf);
}

bool DirectModeSubscriptions::from_vnfm(const ChannelMessage& m) const {
  return m.peer.kind == ChannelKind::mutual && subscriptions_.count(m.peer.name) != 0;
}

void DirectModeSubscriptions::subscribe(const std::string& vnfm) {
  Subscription& s = subscriptions_[vnfm];
  if (s.subscribed) return;
  ++s.attempts;
  on_cm_vnfm(decisions::kLccnSubscription, outcomes::kRequested, vnfm, "",
             TraceDetail().add(keys::kVnfm, vnfm).add(keys::kAttempt, s.attempts));
  channels_.send(vnfm, ChannelKind::mutual, reference_points::kCmVnfm,
                 messages::to_envelope(messages::LccnSubscriptionRequest{}));
  if (s.timer.valid()) context_.withdraw(s.timer);
  s.timer = schedule(backoff(direct_.subscription_retry, std::min(s.attempts - 1, 3)), kRetryLabel,
                     [this, vnfm] {
                       subscriptions_[vnfm].timer = {};
                       subscribe(vnfm);
                     });
}

void DirectModeSubscriptions::on_subscription_response(
    const ChannelMessage& m, const messages::LccnSubscriptionResponse& response) {
  const std::string& vnfm = m.peer.name;
  if (!from_vnfm(m)) return reject_from(m, "not a configured VNFM over mutual TLS");
  Subscription& s = subscriptions_[vnfm];
  const std::string& status = response.status;
  const std::string id = response.subscription.value_or("");
  if (status != outcomes::kSubscribed && status != outcomes::kOk && status != outcomes::kCreated) {
    on_cm_vnfm(decisions::kLccnSubscription, outcomes::kRejected, vnfm, "",
               TraceDetail()
                   .add(keys::kVnfm, vnfm)
                   .add(keys::kStatus, status)
                   .add(keys::kReason, response.reason.value_or("no reason given")));
    return;  // the retry timer asks again
  }
  if (s.subscribed) return;  // the answer to an earlier attempt
  s.subscribed = true;
  s.id = id;
  if (s.timer.valid()) context_.withdraw(s.timer);
  s.timer = {};
  on_cm_vnfm(decisions::kLccnSubscription, outcomes::kOk, vnfm, "",
             TraceDetail()
                 .add(keys::kVnfm, vnfm)
                 .add(keys::kSubscription, id)
                 .add(keys::kAttempt, s.attempts));
  // Whatever the VNFM did before this point was notified to nobody: ask what it holds now.
  if (!config_.skip_reconciliation) {
    s.reconciliation_attempts = 0;
    reconcile(vnfm);
  }
}

void DirectModeSubscriptions::on_vnfm_failure(const std::string& vnfm, ChannelKind kind,
                                              const std::string& failure,
                                              const std::vector<Envelope>& dropped) {
  for (const auto& envelope : dropped) {
    if (envelope.operation == operations::kLccnSubscriptionRequest) {
      on_cm_vnfm(decisions::kLccnSubscription, outcomes::kFailed, vnfm, "",
                 TraceDetail()
                     .add(keys::kVnfm, vnfm)
                     .add(keys::kChannel, std::string(to_string(kind)))
                     .add(keys::kReason, failure));
      Subscription& s = subscriptions_[vnfm];
      if (!s.subscribed && !s.timer.valid())
        s.timer = schedule(backoff(direct_.subscription_retry, 0), kRetryLabel, [this, vnfm] {
          subscriptions_[vnfm].timer = {};
          subscribe(vnfm);
        });
    } else if (envelope.operation == operations::kQueryVnfRequest) {
      // Our own request, dropped: its VNF as we sent it.
      const auto request = messages::from_envelope<messages::QueryVnfRequest>(envelope);
      if (request && !request->vnf) {
        // The reconciliation's query: its retry timer asks again.
        on_cm_vnfm(decisions::kVnfInventoryReconciliation, outcomes::kFailed, vnfm, "",
                   TraceDetail()
                       .add(keys::kVnfm, vnfm)
                       .add(keys::kChannel, std::string(to_string(kind)))
                       .add(keys::kReason, failure));
        continue;
      }
      on_cm_vnfm(decisions::kQueryVnf, outcomes::kFailed, vnfm, "",
                 TraceDetail()
                     .add(keys::kVnfm, vnfm)
                     .add(keys::kVnf, request ? request->vnf.value_or("") : "")
                     .add(keys::kReason, failure));
    }
  }
}

void DirectModeSubscriptions::query(const std::string& vnfm, const std::string& vnf) {
  constexpr const char* kStep = flows::step(flows::kDirect, 0);  // asset data for #0
  on_cm_vnfm(decisions::kQueryVnf, outcomes::kRequested, vnfm, kStep,
             TraceDetail().add(keys::kVnfm, vnfm).add(keys::kVnf, vnf));
  channels_.send(vnfm, ChannelKind::mutual, reference_points::kCmVnfm,
                 messages::to_envelope(messages::QueryVnfRequest{.vnf = vnf}, kStep));
}

void DirectModeSubscriptions::on_notification(
    const ChannelMessage& m, const messages::VnfLcmOperationOccurrenceNotification& notification) {
  if (!from_vnfm(m)) return reject_from(m, "not a configured VNFM over mutual TLS");
  const std::string& vnf = notification.vnf;
  const std::string& operation = notification.operation;
  TraceDetail detail = TraceDetail()
                           .add(keys::kVnfm, m.peer.name)
                           .add(keys::kVnf, vnf)
                           .add(keys::kOperation, operation)
                           .add(keys::kState, notification.state);
  if (notification.state != kCompleted) {
    on_cm_vnfm(decisions::kVnfLcmNotification, outcomes::kIgnored, m.peer.name, "",
               detail.add(keys::kReason, "not a COMPLETED operation occurrence"));
    return;
  }
  if (vnf.empty()) {
    on_cm_vnfm(decisions::kVnfLcmNotification, outcomes::kRejected, m.peer.name, "",
               detail.add(keys::kReason, "no vnf or no affected_vnfcs list"));
    return;
  }
  long long added = 0;
  long long removed = 0;
  for (const auto& entry : notification.affected_vnfcs) {
    const std::string change = entry.change.value_or("");
    if (change == kAdded) ++added;
    if (change == kRemoved) ++removed;
  }
  on_cm_vnfm(decisions::kVnfLcmNotification, outcomes::kAccepted, m.peer.name, "",
             detail.add(keys::kAdded, added).add(keys::kRemoved, removed));
  bool needs_query = false;
  for (const auto& entry : notification.affected_vnfcs) {
    const std::string change = entry.change.value_or("");
    if (entry.vnfci.empty() || (change != kAdded && change != kRemoved)) {
      on_cm_vnfm(decisions::kVnfLcmNotification, outcomes::kRejected, m.peer.name, "",
                 TraceDetail()
                     .add(keys::kVnfm, m.peer.name)
                     .add(keys::kVnf, vnf)
                     .add(keys::kVnfci, entry.vnfci)
                     .add(keys::kReason,
                          "affected VNFC entry without vnfci or with change \"" + change + "\""));
      continue;
    }
    if (change == kRemoved) {
      revocation_.remove_vnfci(m.peer.name, vnf, entry.vnfci, operation);
    } else if (!entry.identities) {
      needs_query = true;  // asset data incomplete: ask the VNFM (C.2.1.1 #0)
    } else {
      discover(m.peer.name, vnf, entry, detail_values::kSourceNotification, operation,
               notification.vnfd);
    }
  }
  if (needs_query) query(m.peer.name, vnf);
}

void DirectModeSubscriptions::reconcile(const std::string& vnfm) {
  Subscription& s = subscriptions_[vnfm];
  s.reconciling = true;
  ++s.reconciliation_attempts;
  s.known.clear();
  for (const auto& [name, record] : inventory_.all())
    if (record.vnfm == vnfm && record.state != VnfciState::removed) s.known.insert(name);
  on_cm_vnfm(decisions::kVnfInventoryReconciliation, outcomes::kRequested, vnfm, "",
             TraceDetail()
                 .add(keys::kVnfm, vnfm)
                 .add(keys::kSubscription, s.id)
                 .add(keys::kKnown, static_cast<long long>(s.known.size()))
                 .add(keys::kAttempt, s.reconciliation_attempts));
  channels_.send(vnfm, ChannelKind::mutual, reference_points::kCmVnfm,
                 messages::to_envelope(messages::QueryVnfRequest{}));
  if (s.reconciliation_timer.valid()) context_.withdraw(s.reconciliation_timer);
  s.reconciliation_timer =
      schedule(backoff(direct_.subscription_retry, std::min(s.reconciliation_attempts - 1, 3)),
               kReconcileLabel, [this, vnfm] {
                 Subscription& again = subscriptions_[vnfm];
                 again.reconciliation_timer = {};
                 if (again.reconciling) reconcile(vnfm);
               });
}

void DirectModeSubscriptions::on_reconciliation_response(
    const ChannelMessage& m, const messages::QueryVnfResponse& response) {
  const std::string& vnfm = m.peer.name;
  Subscription& s = subscriptions_[vnfm];
  if (!s.reconciling) {
    on_cm_vnfm(
        decisions::kVnfInventoryReconciliation, outcomes::kIgnored, vnfm, "",
        TraceDetail().add(keys::kVnfm, vnfm).add(keys::kReason, "no reconciliation outstanding"));
    return;
  }
  if (response.status != outcomes::kOk || !response.vnfs) {
    on_cm_vnfm(decisions::kVnfInventoryReconciliation, outcomes::kRejected, vnfm, "",
               TraceDetail()
                   .add(keys::kVnfm, vnfm)
                   .add(keys::kStatus, response.status)
                   .add(keys::kReason, response.reason.value_or("no vnfs list")));
    return;  // the retry timer asks again
  }
  s.reconciling = false;
  if (s.reconciliation_timer.valid()) context_.withdraw(s.reconciliation_timer);
  s.reconciliation_timer = {};
  // What the VNFM holds now against what the inventory held when the query went.
  long long listed = 0;
  long long added = 0;
  std::set<std::string> present;
  for (const auto& vnf : *response.vnfs)
    for (const auto& entry : vnf.vnfcis) {
      if (entry.vnfci.empty()) continue;
      ++listed;
      present.insert(entry.vnfci);
      if (inventory_.find(entry.vnfci) == nullptr) ++added;
    }
  std::vector<std::string> gone;
  for (const auto& name : s.known) {
    const VnfciRecord* r = inventory_.find(name);
    if (present.count(name) == 0 && r != nullptr && r->state != VnfciState::removed)
      gone.push_back(name);
  }
  on_cm_vnfm(decisions::kVnfInventoryReconciliation, outcomes::kOk, vnfm, "",
             TraceDetail()
                 .add(keys::kVnfm, vnfm)
                 .add(keys::kSubscription, s.id)
                 .add(keys::kVnfs, static_cast<long long>(response.vnfs->size()))
                 .add(keys::kVnfcis, listed)
                 .add(keys::kKnown, listed - added)
                 .add(keys::kAdded, added)
                 .add(keys::kRemoved, static_cast<long long>(gone.size())));
  for (const auto& vnf : *response.vnfs)
    for (const auto& entry : vnf.vnfcis)
      if (!entry.vnfci.empty() && inventory_.find(entry.vnfci) == nullptr)
        discover(vnfm, vnf.vnf, entry, detail_values::kSourceReconciliation, kReconciliation,
                 vnf.vnfd);
  for (const auto& name : gone) {
    const std::string vnf = inventory_.find(name)->vnf;
    revocation_.remove_vnfci(vnfm, vnf, name, kReconciliation);
  }
}

void DirectModeSubscriptions::on_query_response(const ChannelMessage& m,
                                                const messages::QueryVnfResponse& response) {
  if (!from_vnfm(m)) return reject_from(m, "not a configured VNFM over mutual TLS");
  // Every VNF (or a refusal naming none while a reconciliation is out): the reconciliation's.
  if (response.vnfs || (!response.vnf && subscriptions_[m.peer.name].reconciling))
    return on_reconciliation_response(m, response);
  constexpr const char* kStep = flows::step(flows::kDirect, 0);
  const std::string vnf = response.vnf.value_or("");
  if (response.status == "error" || response.status == outcomes::kRejected || !response.vnfcis) {
    on_cm_vnfm(decisions::kQueryVnf, outcomes::kRejected, m.peer.name, kStep,
               TraceDetail()
                   .add(keys::kVnfm, m.peer.name)
                   .add(keys::kVnf, vnf)
                   .add(keys::kReason, response.reason.value_or("no vnfcis list")));
    return;
  }
  on_cm_vnfm(decisions::kQueryVnf, outcomes::kOk, m.peer.name, kStep,
             TraceDetail()
                 .add(keys::kVnfm, m.peer.name)
                 .add(keys::kVnf, vnf)
                 .add(keys::kState, response.state.value_or(""))
                 .add(keys::kVnfcis, static_cast<long long>(response.vnfcis->size())));
  for (const auto& entry : *response.vnfcis) {
    if (entry.vnfci.empty() || inventory_.find(entry.vnfci) != nullptr) continue;
    discover(m.peer.name, vnf, entry, detail_values::kSourceQuery, "QUERY",
             response.vnfd.value_or(""));
  }
}

void DirectModeSubscriptions::discover(const std::string& vnfm, const std::string& vnf,
                                       const messages::VnfciEntry& entry, const std::string& source,
                                       const std::string& operation, const std::string& vnfd) {
  const std::string& vnfci = entry.vnfci;
  if (const std::string delegate = state_.delegate_of ? state_.delegate_of(vnf) : std::string();
      !delegate.empty() && inventory_.find(vnfci) == nullptr) {
    // Delegation mode (C.2.2.1): the VNF's delegate handles its VNFCIs' certificates.
    trace({.operation = decisions::kVnfciDiscovered,
           .outcome = outcomes::kIgnored,
           .peer = vnfm,
           .reference_point = reference_points::kCmVnfm,
           .detail = TraceDetail()
                         .add(keys::kVnfci, vnfci)
                         .add(keys::kVnf, vnf)
                         .add(keys::kVnfm, vnfm)
                         .add(keys::kSource, source)
                         .add(keys::kReason,
                              "delegation mode: " + vnf + " is bound to delegate " + delegate)});
    return;
  }
  if (inventory_.find(vnfci) == nullptr && entry.secure_bootstrap &&
      entry.secure_bootstrap->attestation) {
    // "The CMF is aware that the VNFCI requires secure bootstrapping" (C.2.1.2 trigger).
    Bootstrap& b = bootstrap_[vnfci];
    b.vnfd = vnfd;
    b.hsm = entry.secure_bootstrap->hsm.value_or("");
  }
  if (const VnfciRecord* known = inventory_.find(vnfci)) {
    trace({.operation = decisions::kVnfciDiscovered,
           .outcome = outcomes::kIgnored,
           .peer = vnfm,
           .reference_point = reference_points::kCmVnfm,
           .step = step_of(vnfci, decisions::kVnfciDiscovered),
           .detail = about(*known)
                         .add(keys::kSource, source)
                         .add(keys::kReason, "already known (" + to_string(known->state) + ")")});
    return;
  }
  VnfciRecord r;
  r.vnfci = vnfci;
  r.vnf = vnf;
  r.vnfc = entry.vnfc;
  r.vnfm = vnfm;
  r.discovered_by = source;
  for (const auto& described :
       entry.identities.value_or(std::vector<messages::VnfciIdentityDescription>{})) {
    VnfciIdentity identity;
    identity.name = described.name;
    identity.usage = described.usage;
    identity.subject = described.subject;
    identity.dns = described.dns;
    identity.ca = direct_.ca;
    r.identities.push_back(std::move(identity));
  }
  TraceDetail detail = about(r)
                           .add(keys::kVnfc, entry.vnfc)
                           .add(keys::kVnfm, vnfm)
                           .add(keys::kSource, source)
                           .add(keys::kOperation, operation);
  if (const Bootstrap* b = bootstrap_of(vnfci)) {
    detail.add(keys::kSecureBootstrap, "attestation").add(keys::kFlow, flow_of(vnfci));
    if (!b->hsm.empty()) detail.add(keys::kHsm, b->hsm);
  }
  trace({.operation = decisions::kVnfciDiscovered,
         .outcome = outcomes::kOk,
         .peer = vnfm,
         .reference_point = reference_points::kCmVnfm,
         .step = step_of(vnfci, decisions::kVnfciDiscovered),
         .detail = detail});
  inventory_.add(std::move(r));
  if (bootstrap_of(vnfci) != nullptr) return attestation_.ask_verifier(vnfci);
  queue_.submit(config_.register_time, "CreateVnfciIdentities", [this, vnfci] {
    guarded({.operation = decisions::kIdentitiesCreated, .peer = vnfci},
            [&] { registration_.create_identities(vnfci); });
  });
}

}  // namespace ifa026::actors::cmf
