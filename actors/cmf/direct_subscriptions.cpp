// Direct mode on Cm-Vnfm: subscriptions, notifications, queries, discovery (see
// direct_subscriptions.hpp; the decisions are listed in direct_mode.cpp).
#include "actors/cmf/direct_subscriptions.hpp"

#include <algorithm>
#include <utility>

#include "actors/cmf/direct_attestation.hpp"
#include "actors/cmf/direct_registration.hpp"
#include "actors/cmf/direct_revocation.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors::cmf {
namespace {

std::vector<std::string> string_list(const nlohmann::json& body, const std::string& key) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

DirectModeSubscriptions::DirectModeSubscriptions(DirectModeState& state,
                                                 DirectModeAttestation& attestation,
                                                 DirectModeRegistration& registration,
                                                 DirectModeRevocation& revocation)
    : DirectModePart(state),
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

bool DirectModeSubscriptions::handle(const ChannelMessage& m) {
  const std::string& op = m.envelope.operation;
  if (op == operations::kLccnSubscriptionResponse) {
    guarded(op, m.peer.name, [&] { on_subscription_response(m); });
  } else if (op == operations::kVnfLcmOperationOccurrenceNotification) {
    guarded(op, m.peer.name, [&] { on_notification(m); });
  } else if (op == operations::kQueryVnfResponse) {
    guarded(op, m.peer.name, [&] { on_query_response(m); });
  } else {
    return false;
  }
  return true;
}

void DirectModeSubscriptions::query_on_request(const json& args) {
  const std::string vnf = args.is_object() ? get_string(args, "vnf") : "";
  std::string vnfm = args.is_object() ? get_string(args, "vnfm") : "";
  if (vnfm.empty() && !direct_.vnfms.empty()) vnfm = direct_.vnfms.front();
  if (vnf.empty() || subscriptions_.count(vnfm) == 0) {
    record(RecordKind::decision, "QueryVnf", "", "rejected", vnfm,
           TraceDetail()
               .add("vnf", vnf)
               .add("vnfm", vnfm)
               .add("reason", vnf.empty() ? "no vnf given" : "not a configured VNFM"),
           reference_points::kCmVnfm);
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
  record(RecordKind::decision, "LccnSubscription", "", "requested", vnfm,
         TraceDetail().add("vnfm", vnfm).add("attempt", s.attempts), reference_points::kCmVnfm);
  channels_.send(vnfm, ChannelKind::mutual, reference_points::kCmVnfm,
                 Envelope{operations::kLccnSubscriptionRequest, "", json::object()});
  if (s.timer.valid()) context_.cancel(s.timer);
  s.timer = context_.schedule(backoff(direct_.subscription_retry, std::min(s.attempts - 1, 3)),
                              "LccnSubscriptionRetry", [this, vnfm] {
                                subscriptions_[vnfm].timer = {};
                                guarded("LccnSubscription", vnfm, [&] { subscribe(vnfm); });
                              });
}

void DirectModeSubscriptions::on_subscription_response(const ChannelMessage& m) {
  const std::string& vnfm = m.peer.name;
  if (!from_vnfm(m)) return reject_from(m, "not a configured VNFM over mutual TLS");
  Subscription& s = subscriptions_[vnfm];
  const std::string status = get_string(m.envelope.body, "status");
  const std::string id = get_string(m.envelope.body, "subscription");
  if (status != "subscribed" && status != "ok" && status != "created") {
    record(RecordKind::decision, "LccnSubscription", "", "rejected", vnfm,
           TraceDetail()
               .add("vnfm", vnfm)
               .add("status", status)
               .add("reason", get_string(m.envelope.body, "reason", "no reason given")),
           reference_points::kCmVnfm);
    return;  // the retry timer asks again
  }
  if (s.subscribed) return;  // the answer to an earlier attempt
  s.subscribed = true;
  s.id = id;
  if (s.timer.valid()) context_.cancel(s.timer);
  s.timer = {};
  record(RecordKind::decision, "LccnSubscription", "", "ok", vnfm,
         TraceDetail().add("vnfm", vnfm).add("subscription", id).add("attempt", s.attempts),
         reference_points::kCmVnfm);
}

void DirectModeSubscriptions::on_vnfm_failure(const std::string& vnfm, ChannelKind kind,
                                              const std::string& failure,
                                              const std::vector<Envelope>& dropped) {
  for (const auto& envelope : dropped) {
    if (envelope.operation == operations::kLccnSubscriptionRequest) {
      record(RecordKind::decision, "LccnSubscription", "", "failed", vnfm,
             TraceDetail()
                 .add("vnfm", vnfm)
                 .add("channel", std::string(to_string(kind)))
                 .add("reason", failure),
             reference_points::kCmVnfm);
      Subscription& s = subscriptions_[vnfm];
      if (!s.subscribed && !s.timer.valid())
        s.timer = context_.schedule(backoff(direct_.subscription_retry, 0), "LccnSubscriptionRetry",
                                    [this, vnfm] {
                                      subscriptions_[vnfm].timer = {};
                                      guarded("LccnSubscription", vnfm, [&] { subscribe(vnfm); });
                                    });
    } else if (envelope.operation == operations::kQueryVnfRequest) {
      record(RecordKind::decision, "QueryVnf", "", "failed", vnfm,
             TraceDetail()
                 .add("vnfm", vnfm)
                 .add("vnf", get_string(envelope.body, "vnf"))
                 .add("reason", failure),
             reference_points::kCmVnfm);
    }
  }
}

void DirectModeSubscriptions::query(const std::string& vnfm, const std::string& vnf) {
  record(RecordKind::decision, "QueryVnf", step(0), "requested", vnfm,
         TraceDetail().add("vnfm", vnfm).add("vnf", vnf), reference_points::kCmVnfm);
  json body = json::object();
  body["vnf"] = vnf;
  channels_.send(vnfm, ChannelKind::mutual, reference_points::kCmVnfm,
                 Envelope{operations::kQueryVnfRequest, step(0), std::move(body)});
}

void DirectModeSubscriptions::on_notification(const ChannelMessage& m) {
  if (!from_vnfm(m)) return reject_from(m, "not a configured VNFM over mutual TLS");
  const json& body = m.envelope.body;
  const std::string vnf = get_string(body, "vnf");
  const std::string operation = get_string(body, "operation");
  const std::string state = get_string(body, "state");
  TraceDetail detail = TraceDetail()
                           .add("vnfm", m.peer.name)
                           .add("vnf", vnf)
                           .add("operation", operation)
                           .add("state", state);
  if (state != "COMPLETED") {
    record(RecordKind::decision, "VnfLcmNotification", "", "ignored", m.peer.name,
           detail.add("reason", "not a COMPLETED operation occurrence"), reference_points::kCmVnfm);
    return;
  }
  auto affected = body.find("affected_vnfcs");
  if (vnf.empty() || affected == body.end() || !affected->is_array()) {
    record(RecordKind::decision, "VnfLcmNotification", "", "rejected", m.peer.name,
           detail.add("reason", "no vnf or no affected_vnfcs list"), reference_points::kCmVnfm);
    return;
  }
  long long added = 0;
  long long removed = 0;
  for (const auto& entry : *affected) {
    const std::string change = entry.is_object() ? get_string(entry, "change") : "";
    if (change == "ADDED") ++added;
    if (change == "REMOVED") ++removed;
  }
  record(RecordKind::decision, "VnfLcmNotification", "", "accepted", m.peer.name,
         detail.add("added", added).add("removed", removed), reference_points::kCmVnfm);
  bool needs_query = false;
  for (const auto& entry : *affected) {
    const std::string vnfci = entry.is_object() ? get_string(entry, "vnfci") : "";
    const std::string change = entry.is_object() ? get_string(entry, "change") : "";
    if (vnfci.empty() || (change != "ADDED" && change != "REMOVED")) {
      record(
          RecordKind::decision, "VnfLcmNotification", "", "rejected", m.peer.name,
          TraceDetail()
              .add("vnfm", m.peer.name)
              .add("vnf", vnf)
              .add("vnfci", vnfci)
              .add("reason", "affected VNFC entry without vnfci or with change \"" + change + "\""),
          reference_points::kCmVnfm);
      continue;
    }
    if (change == "REMOVED") {
      revocation_.remove_vnfci(m.peer.name, vnf, vnfci, operation);
    } else if (auto ids = entry.find("identities"); ids == entry.end() || !ids->is_array()) {
      needs_query = true;  // asset data incomplete: ask the VNFM (C.2.1.1 #0)
    } else {
      discover(m.peer.name, vnf, vnfci, get_string(entry, "vnfc"), *ids, "notification", operation,
               get_string(body, "vnfd"), entry.value("secure_bootstrap", json()));
    }
  }
  if (needs_query) query(m.peer.name, vnf);
}

void DirectModeSubscriptions::on_query_response(const ChannelMessage& m) {
  if (!from_vnfm(m)) return reject_from(m, "not a configured VNFM over mutual TLS");
  const json& body = m.envelope.body;
  const std::string vnf = get_string(body, "vnf");
  const std::string status = get_string(body, "status");
  auto vnfcis = body.find("vnfcis");
  if (status == "error" || status == "rejected" || vnfcis == body.end() || !vnfcis->is_array()) {
    record(RecordKind::decision, "QueryVnf", step(0), "rejected", m.peer.name,
           TraceDetail()
               .add("vnfm", m.peer.name)
               .add("vnf", vnf)
               .add("reason", get_string(body, "reason", "no vnfcis list")),
           reference_points::kCmVnfm);
    return;
  }
  record(RecordKind::decision, "QueryVnf", step(0), "ok", m.peer.name,
         TraceDetail()
             .add("vnfm", m.peer.name)
             .add("vnf", vnf)
             .add("state", get_string(body, "state"))
             .add("vnfcis", static_cast<long long>(vnfcis->size())),
         reference_points::kCmVnfm);
  for (const auto& entry : *vnfcis) {
    if (!entry.is_object()) continue;
    const std::string vnfci = get_string(entry, "vnfci");
    if (vnfci.empty() || inventory_.find(vnfci) != nullptr) continue;
    auto ids = entry.find("identities");
    discover(m.peer.name, vnf, vnfci, get_string(entry, "vnfc"),
             ids != entry.end() ? *ids : json::array(), "query", "QUERY", get_string(body, "vnfd"),
             entry.value("secure_bootstrap", json()));
  }
}

void DirectModeSubscriptions::discover(const std::string& vnfm, const std::string& vnf,
                                       const std::string& vnfci, const std::string& vnfc,
                                       const json& identities, const std::string& source,
                                       const std::string& operation, const std::string& vnfd,
                                       const json& secure_bootstrap) {
  if (inventory_.find(vnfci) == nullptr && secure_bootstrap.is_object() &&
      secure_bootstrap.value("attestation", false) == true) {
    // "The CMF is aware that the VNFCI requires secure bootstrapping" (C.2.1.2 trigger).
    Bootstrap& b = bootstrap_[vnfci];
    b.vnfd = vnfd;
    b.hsm = secure_bootstrap.value("hsm", std::string());
  }
  if (const VnfciRecord* known = inventory_.find(vnfci)) {
    record(RecordKind::decision, "VnfciDiscovered", step_of(vnfci, 0), "ignored", vnfm,
           about(*known)
               .add("source", source)
               .add("reason", "already known (" + to_string(known->state) + ")"),
           reference_points::kCmVnfm);
    return;
  }
  VnfciRecord r;
  r.vnfci = vnfci;
  r.vnf = vnf;
  r.vnfc = vnfc;
  r.vnfm = vnfm;
  r.discovered_by = source;
  if (identities.is_array()) {
    for (const auto& entry : identities) {
      VnfciIdentity identity;
      if (entry.is_object()) {
        identity.name = get_string(entry, "name");
        identity.usage = get_string(entry, "usage");
        identity.subject = get_string(entry, "subject");
        identity.dns = string_list(entry, "dns");
      }
      identity.ca = direct_.ca;
      r.identities.push_back(std::move(identity));
    }
  }
  TraceDetail detail = about(r)
                           .add("vnfc", vnfc)
                           .add("vnfm", vnfm)
                           .add("source", source)
                           .add("operation", operation);
  if (const Bootstrap* b = bootstrap_of(vnfci)) {
    detail.add("secure_bootstrap", "attestation").add("flow", flow_of(vnfci));
    if (!b->hsm.empty()) detail.add("hsm", b->hsm);
  }
  record(RecordKind::decision, "VnfciDiscovered", step_of(vnfci, 0), "ok", vnfm, detail,
         reference_points::kCmVnfm);
  inventory_.add(std::move(r));
  if (bootstrap_of(vnfci) != nullptr) return attestation_.ask_verifier(vnfci);
  queue_.submit(config_.register_time, "CreateVnfciIdentities", [this, vnfci] {
    guarded("IdentitiesCreated", vnfci, [&] { registration_.create_identities(vnfci); });
  });
}

}  // namespace ifa026::actors::cmf
