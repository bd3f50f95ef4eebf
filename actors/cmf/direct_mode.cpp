// The CMF's direct mode for VNFCI certificates (see direct_mode.hpp).
//
// Decisions documented here (the contract leaves them open):
// - A subscription counts when the VNFM answers LccnSubscriptionResponse with status
//   "subscribed" (also "ok" or "created"); anything else, a failed session or silence for
//   subscription_retry x 2^n (n up to 3) makes the CMF ask again. No filter is sent: the CMF
//   acts on COMPLETED notifications only and records the others as ignored.
// - Notifications and query responses are taken only from a configured VNFM over mutual TLS.
// - A VNFCI name is discovered once: an ADDED VNFCI already in the inventory (a duplicate
//   notification, or one found by a query first) is ignored; a removed one never comes back
//   (the VNFM never reuses names).
// - #1 refuses the whole VNFCI (IdentitiesCreated rejected, nothing registered) when it has no
//   identity, an identity without a name or with a duplicate one, a subject that is not a DN, a
//   dNSName outside the CMF's allowed_domains, when the CMF has no day-0 secret for the VNFCI
//   (`day0` entry or `vnfci_day0_secret`) or no RA certificate at the CA.
// - References are 16 random bytes in hex, secrets 32 random bytes (OpenSSL's DRBG); the
//   credential expires credential.lifetime after its registration.
// - An unanswered registration is resent ca_retries times (same exchange); then the identity is
//   registered afresh (new reference and secret) after ca_timeout x 2^n, registration_retries
//   times, before it is given up (EndEntityRegistration failed, "CA unavailable").
// - #3 goes once every registration of the VNFCI is answered, with the registered identities
//   only (none registered: VnfciConfiguration failed). An undelivered configuration (day-0
//   handshake failure or timeout) is sent again after ca_timeout x 2^n, registration_retries
//   times. Secrets stay in memory until the identity's first certificate is reported.
// - Revocation reason: HEAL -> superseded; SCALE_IN, TERMINATE and anything else ->
//   cessationOfOperation. Expired certificates are not revoked. A certificate reported after its
//   VNFCI was removed is revoked at once. An unanswered rr is tried again like a registration.
// - Registered identities whose VNFCI never reported a certificate are listed in VnfciRemoved
//   (`unenrolled=`); their credentials stay at the CA until they expire (there is no
//   deregistration message in the contract).
#include "actors/cmf/direct_mode.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/cmf/fqdn_check.hpp"
#include "actors/cmf/revocation_reason.hpp"
#include "actors/common/end_entity_registration.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/verifier/attested_credential.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::cmf {

using nlohmann::json;
using sim::RecordKind;

namespace {

// The flows direct mode runs (docs/direct-mode.md), as step prefixes.
constexpr const char* kFlow = "C.2.1.1";
constexpr const char* kFlowAttested = "C.2.1.2";  // remote attestation
constexpr const char* kFlowHsm = "C.2.1.3";       // remote attestation and an HSM

constexpr std::size_t kReferenceBytes = 16;
constexpr std::size_t kSecretBytes = 32;
constexpr int kMaxBackoffShift = 6;

std::string step(int number) {
  return std::string(kFlow) + "#" + std::to_string(number);
}

std::string utc(pki::Instant instant) {
  return sim::format_utc(sim::UtcInstant{instant.unix_ns});
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ",";
    out += item;
  }
  return out;
}

std::vector<std::string> lower_sorted(std::vector<std::string> list) {
  for (auto& s : list)
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::sort(list.begin(), list.end());
  return list;
}

std::vector<std::string> string_list(const json& body, const std::string& key) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string ca_failure(const pki::CmpResult& result) {
  if (CmpExchange::no_reply(result)) return "CA unavailable";
  if (!result.status_text.empty()) return result.status_text;
  return result.error.empty() ? "CA request failed" : result.error;
}

sim::Duration backoff(sim::Duration base, int attempt) {
  return base * (std::int64_t{1} << std::clamp(attempt, 0, kMaxBackoffShift));
}

}  // namespace

class DirectMode::Impl {
 public:
  Impl(sim::ActorContext& context, const CmfConfig& config, SecureChannels& channels,
       CmpExchange& ra, WorkQueue& queue, RaLookup lookup)
      : context_(context),
        config_(config),
        direct_(*config.direct_mode),
        channels_(channels),
        ra_(ra),
        queue_(queue),
        lookup_(std::move(lookup)) {
    for (const auto& vnfm : direct_.vnfms) subscriptions_[vnfm];
  }

  // ---- subscription (C.2.1.1 pre-condition #0, trigger) ----

  void on_ra_ready() {
    if (started_ || lookup_(config_.ca) == nullptr || lookup_(direct_.ca) == nullptr) return;
    started_ = true;
    for (const auto& vnfm : direct_.vnfms) subscribe(vnfm);
  }

  bool handle_channel(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    if (op == operations::kLccnSubscriptionResponse) {
      guarded(op, m.peer.name, [&] { on_subscription_response(m); });
    } else if (op == operations::kVnfLcmOperationOccurrenceNotification) {
      guarded(op, m.peer.name, [&] { on_notification(m); });
    } else if (op == operations::kQueryVnfResponse) {
      guarded(op, m.peer.name, [&] { on_query_response(m); });
    } else if (op == operations::kVnfciCertificateReport) {
      guarded(op, m.peer.name, [&] { on_report(m); });
    } else if (op == operations::kAttestationResultResponse) {
      guarded(op, m.peer.name, [&] { on_attestation_response(m); });
    } else {
      return false;
    }
    return true;
  }

  bool handle_ca(const sim::Message& message) {
    if (message.reference_point != reference_points::kCa1 ||
        message.operation != operations::kRegisterEndEntityResponse)
      return false;
    guarded(operations::kRegisterEndEntityResponse, message.from,
            [&] { on_registration_response(message); });
    return true;
  }

  bool on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) {
    if (subscriptions_.count(peer) != 0) {
      guarded("ChannelFailure", peer, [&] { on_vnfm_failure(peer, kind, failure, dropped); });
      return true;
    }
    if (!direct_.verifier.empty() && peer == direct_.verifier) {
      guarded("ChannelFailure", peer, [&] {
        for (const auto& envelope : dropped)
          if (envelope.operation == operations::kAttestationResultRequest)
            attestation_not_yet(get_string(envelope.body, "vnfci"),
                                "verifier unreachable (" + failure + ")");
      });
      return true;
    }
    if (inventory_.find(peer) != nullptr) {
      guarded("ChannelFailure", peer, [&] { on_vnfci_failure(peer, failure, dropped); });
      return true;
    }
    return false;
  }

  bool on_command(const sim::Command& command) {
    if (command.name == "revoke_vnfci_certificate") {
      guarded("VnfciCertificateRevocation", "", [&] { revoke_on_request(command.args); });
      return true;
    }
    if (command.name != "query_vnf") return false;
    guarded("QueryVnf", "", [&] {
      const json& args = command.args;
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
    });
    return true;
  }

  void on_crl(const pki::Crl& crl) {
    for (const auto& entry : crl.revoked()) inventory_.mark_revoked(entry.serial_hex);
  }

  void on_hsm_vendor_root(const std::string& hsm, const pki::Certificate& root) {
    hsm_roots_.insert_or_assign(hsm, root);
  }

  // ---- expiry monitoring ----

  void monitor() {
    const pki::Instant at = now();
    inventory_.drop_expired_superseded_der(
        at, [this](const std::string& serial) { return revocation_attempts_.count(serial) != 0; });
    for (auto& [name, r] : inventory_.all()) {
      if (r.state == VnfciState::removed) continue;
      for (auto& identity : r.identities) {
        VnfciCertificate* current = identity.current();
        if (current == nullptr || current->expiry_alarm_raised) continue;
        if (current->not_after.unix_ns - at.unix_ns >= direct_.expiry_alarm_threshold.ns())
          continue;
        current->expiry_alarm_raised = true;
        record(RecordKind::decision, "ExpiryAlarm", "", "raised", r.vnfci,
               about(r, identity)
                   .add("serial", current->serial)
                   .add("not_after", utc(current->not_after)),
               reference_points::kCmfVnfci);
      }
    }
  }

  const VnfciInventory& inventory() const { return inventory_; }

 private:
  struct Subscription {
    bool subscribed = false;
    std::string id;
    int attempts = 0;
    sim::EventId timer;
  };

  // A VNFCI that requires secure bootstrapping (its notification said so).
  struct Bootstrap {
    std::string vnfd;
    std::string hsm;   // C.2.1.3 ("" : C.2.1.2)
    int attempts = 0;  // AttestationResultRequests sent
    sim::EventId timer;
    bool verified = false;
  };

  struct PendingRegistration {
    std::string vnfci;
    std::string identity;
    std::string ca;
    pki::Bytes payload;
    int resends = 0;
    sim::EventId timer;
  };

  // ---- helpers ----

  template <typename F>
  void guarded(const std::string& operation, const std::string& peer, F&& body) {
    try {
      body();
    } catch (const std::exception& e) {
      context_.trace(internal_error_record(operation, peer, "", e.what()));
    }
  }

  void record(RecordKind kind, const std::string& operation, const std::string& flow_step,
              const std::string& outcome, const std::string& peer, const std::string& detail,
              const std::string& reference_point) {
    sim::TraceRecord r;
    r.kind = kind;
    r.peer = peer;
    r.reference_point = reference_point;
    r.operation = operation;
    r.step = flow_step;
    r.outcome = outcome;
    r.detail = detail;
    context_.trace(std::move(r));
  }

  static TraceDetail about(const VnfciRecord& r) {
    return TraceDetail().add("vnf", r.vnf).add("vnfci", r.vnfci);
  }
  static TraceDetail about(const VnfciRecord& r, const VnfciIdentity& identity) {
    return about(r).add("identity", identity.name);
  }

  pki::Instant now() const { return pki_now(context_); }

  // The flow a VNFCI's records belong to: C.2.1.3 with an HSM, C.2.1.2 when attested, else
  // C.2.1.1.
  std::string flow_of(const std::string& vnfci) const {
    const Bootstrap* b = bootstrap_of(vnfci);
    if (b == nullptr) return kFlow;
    return b->hsm.empty() ? kFlowAttested : kFlowHsm;
  }

  // The attestation check of an attested VNFCI's flow (C.2.1.2 #2, C.2.1.3 #2).
  std::string attestation_step(const std::string& vnfci) const { return flow_of(vnfci) + "#2"; }

  // Step `number` of C.2.1.1 (#0 discovery, #1 identities, #2 registration, #3 configuration) in
  // the VNFCI's flow: C.2.1.2 and C.2.1.3 insert the attestation check at #2, so #1, #3, #4, #5.
  std::string step_of(const std::string& vnfci, int number) const {
    static constexpr int kAttested[] = {1, 3, 4, 5};
    if (bootstrap_of(vnfci) == nullptr || number < 0 || number > 3) return step(number);
    return flow_of(vnfci) + "#" + std::to_string(kAttested[number]);
  }

  static pki::CmpClientConfig cmp_config(const RaIdentity& id) {
    pki::CmpClientConfig config;
    config.trust_anchors = id.anchors;
    config.untrusted = id.chain;
    return config;
  }

  bool from_vnfm(const ChannelMessage& m) const {
    return m.peer.kind == ChannelKind::mutual && subscriptions_.count(m.peer.name) != 0;
  }

  // ---- Cm-Vnfm ----

  void subscribe(const std::string& vnfm) {
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

  void on_subscription_response(const ChannelMessage& m) {
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

  void on_vnfm_failure(const std::string& vnfm, ChannelKind kind, const std::string& failure,
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
          s.timer = context_.schedule(backoff(direct_.subscription_retry, 0),
                                      "LccnSubscriptionRetry", [this, vnfm] {
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

  void reject_from(const ChannelMessage& m, const std::string& reason) {
    record(RecordKind::decision, m.envelope.operation, m.envelope.step, "rejected", m.peer.name,
           TraceDetail().add("channel", std::string(to_string(m.peer.kind))).add("reason", reason),
           m.reference_point);
  }

  void query(const std::string& vnfm, const std::string& vnf) {
    record(RecordKind::decision, "QueryVnf", step(0), "requested", vnfm,
           TraceDetail().add("vnfm", vnfm).add("vnf", vnf), reference_points::kCmVnfm);
    json body = json::object();
    body["vnf"] = vnf;
    channels_.send(vnfm, ChannelKind::mutual, reference_points::kCmVnfm,
                   Envelope{operations::kQueryVnfRequest, step(0), std::move(body)});
  }

  void on_notification(const ChannelMessage& m) {
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
             detail.add("reason", "not a COMPLETED operation occurrence"),
             reference_points::kCmVnfm);
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
        record(RecordKind::decision, "VnfLcmNotification", "", "rejected", m.peer.name,
               TraceDetail()
                   .add("vnfm", m.peer.name)
                   .add("vnf", vnf)
                   .add("vnfci", vnfci)
                   .add("reason",
                        "affected VNFC entry without vnfci or with change \"" + change + "\""),
               reference_points::kCmVnfm);
        continue;
      }
      if (change == "REMOVED") {
        remove_vnfci(m.peer.name, vnf, vnfci, operation);
      } else if (auto ids = entry.find("identities"); ids == entry.end() || !ids->is_array()) {
        needs_query = true;  // asset data incomplete: ask the VNFM (C.2.1.1 #0)
      } else {
        discover(m.peer.name, vnf, vnfci, get_string(entry, "vnfc"), *ids, "notification",
                 operation, get_string(body, "vnfd"), entry.value("secure_bootstrap", json()));
      }
    }
    if (needs_query) query(m.peer.name, vnf);
  }

  void on_query_response(const ChannelMessage& m) {
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
               ids != entry.end() ? *ids : json::array(), "query", "QUERY",
               get_string(body, "vnfd"), entry.value("secure_bootstrap", json()));
    }
  }

  // ---- #0, #1: discovery and identities ----

  void discover(const std::string& vnfm, const std::string& vnf, const std::string& vnfci,
                const std::string& vnfc, const json& identities, const std::string& source,
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
    if (bootstrap_of(vnfci) != nullptr) return ask_verifier(vnfci);
    queue_.submit(config_.register_time, "CreateVnfciIdentities", [this, vnfci] {
      guarded("IdentitiesCreated", vnfci, [&] { create_identities(vnfci); });
    });
  }

  // ---- C.2.1.2 #2 / C.2.1.3 #2: the attestation result, as Relying Party ----

  const Bootstrap* bootstrap_of(const std::string& vnfci) const {
    auto it = bootstrap_.find(vnfci);
    return it != bootstrap_.end() ? &it->second : nullptr;
  }

  void ask_verifier(const std::string& vnfci) {
    Bootstrap& b = bootstrap_.at(vnfci);
    VnfciRecord* r = inventory_.find(vnfci);
    if (r == nullptr || r->state != VnfciState::registering) return;
    if (direct_.verifier.empty())
      return attestation_refused(*r,
                                 "the VNFCI requires attestation but no verifier is configured");
    ++b.attempts;
    json body = json::object();
    body["vnfci"] = vnfci;
    record(RecordKind::decision, "AttestationCheck", attestation_step(vnfci), "requested",
           direct_.verifier, about(*r).add("verifier", direct_.verifier).add("attempt", b.attempts),
           reference_points::kCmfVerifier);
    channels_.send(
        direct_.verifier, ChannelKind::day0, reference_points::kCmfVerifier,
        Envelope{operations::kAttestationResultRequest, attestation_step(vnfci), std::move(body)});
  }

  // No result yet (pending, unknown, no answer): ask again with back-off, then refuse.
  void attestation_not_yet(const std::string& vnfci, const std::string& reason) {
    auto it = bootstrap_.find(vnfci);
    VnfciRecord* r = inventory_.find(vnfci);
    if (it == bootstrap_.end() || r == nullptr || r->state != VnfciState::registering) return;
    Bootstrap& b = it->second;
    if (b.timer.valid()) return;  // a retry is already planned
    if (b.attempts > direct_.attestation_retries)
      return attestation_refused(*r, reason + " after " + std::to_string(b.attempts) + " attempts");
    const sim::Duration delay = backoff(direct_.attestation_retry, b.attempts - 1);
    record(RecordKind::decision, "AttestationCheck", attestation_step(vnfci), "retry",
           direct_.verifier,
           about(*r).add("reason", reason).add("retry_in", sim::format_duration(delay)),
           reference_points::kCmfVerifier);
    b.timer = context_.schedule(delay, "AttestationCheckRetry", [this, vnfci] {
      guarded("AttestationCheck", vnfci, [&] {
        auto again = bootstrap_.find(vnfci);
        if (again == bootstrap_.end()) return;
        again->second.timer = {};
        ask_verifier(vnfci);
      });
    });
  }

  void attestation_refused(VnfciRecord& r, const std::string& reason) {
    r.state = VnfciState::failed;
    if (auto it = bootstrap_.find(r.vnfci); it != bootstrap_.end() && it->second.timer.valid()) {
      context_.cancel(it->second.timer);
      it->second.timer = {};
    }
    record(RecordKind::decision, "AttestationVerified", attestation_step(r.vnfci), "refused",
           direct_.verifier, about(r).add("verifier", direct_.verifier).add("reason", reason),
           reference_points::kCmfVerifier);
  }

  void on_attestation_response(const ChannelMessage& m) {
    const json& body = m.envelope.body;
    const std::string vnfci = get_string(body, "vnfci");
    if (m.peer.name != direct_.verifier || m.peer.kind != ChannelKind::day0)
      return reject_from(m, "not the configured verifier over its day-0 channel");
    VnfciRecord* r = inventory_.find(vnfci);
    auto b = bootstrap_.find(vnfci);
    if (r == nullptr || b == bootstrap_.end()) return reject_from(m, "unknown VNFCI " + vnfci);
    if (r->state != VnfciState::registering || b->second.verified) return;  // answered already
    // The verifier's certificate is pinned at first contact over the day-0 channel.
    auto certificate_der = get_bytes(body, "verifier_certificate");
    std::optional<pki::Certificate> certificate;
    try {
      if (certificate_der) certificate = pki::Certificate::from_der(*certificate_der);
    } catch (const pki::DecodeError&) {
    }
    if (!certificate) return attestation_refused(*r, "the verifier sent no usable certificate");
    if (!pinned_verifier_) pinned_verifier_ = *certificate;
    if (!(*pinned_verifier_ == *certificate))
      return attestation_refused(*r, "the verifier's certificate is not the one pinned");
    const std::string status = get_string(body, "status");
    if (status == "pending" || status == "unknown")
      return attestation_not_yet(vnfci, "no attestation result (" + status + ")");
    if (status != "affirming" && status != "contraindicated")
      return attestation_refused(*r, "verifier: " + get_string(body, "reason", "status " + status));
    auto result_der = get_bytes(body, "result");
    auto nonce = get_bytes(body, "nonce");
    auto hmee_key = get_bytes(body, "hmee_key");
    if (!result_der || !nonce || !hmee_key)
      return attestation_refused(*r, "the answer lacks result, nonce or HMEE key");
    std::optional<pki::AttestationResult> result;
    std::optional<pki::PublicKey> key;
    try {
      result = pki::AttestationResult::from_der(*result_der);
      key = pki::PublicKey::from_der(*hmee_key);
    } catch (const pki::DecodeError& e) {
      return attestation_refused(*r, std::string("the answer does not decode: ") + e.what());
    }
    pki::ResultExpectations expectations;
    expectations.hmee_key = key;
    expectations.max_age_seconds = direct_.attestation_max_age.ns() / 1'000'000'000;
    const pki::ResultVerdict verdict =
        pki::verify_attestation_result(*result, *pinned_verifier_, *nonce, now(), expectations);
    const std::string expected_reference = b->second.vnfd + "/" + r->vnfc;
    const std::string reference = get_string(body, "reference");
    std::string problem;
    if (!verdict.ok())
      problem =
          std::string(verdict.reason()) + (verdict.detail.empty() ? "" : ": " + verdict.detail);
    else if (status != "affirming")
      problem = "the verifier says contraindicated but signed affirming";
    else if (reference != expected_reference)
      problem = "appraised as " + reference + ", the VNFM says " + expected_reference;
    auto psk = get_bytes(body, "psk");
    if (problem.empty() && (!psk || psk->size() != attestation::kPskBytes))
      problem = "no attestation-derived credential for this VNFCI";
    if (!problem.empty()) return attestation_refused(*r, problem);
    b->second.verified = true;
    channels_.credentials().day0_secrets[vnfci] = attestation::attested_day0_secret(*psk);
    record(RecordKind::decision, "AttestationVerified", attestation_step(vnfci), "ok", m.peer.name,
           about(*r)
               .add("verifier", m.peer.name)
               .add("reference", reference)
               .add("appraised_at", utc(result->appraised_at()))
               .add("credential", "attested"),
           reference_points::kCmfVerifier);
    queue_.submit(config_.register_time, "CreateVnfciIdentities", [this, vnfci] {
      guarded("IdentitiesCreated", vnfci, [&] { create_identities(vnfci); });
    });
  }

  std::optional<std::string> day0_secret_for(const std::string& vnfci) const {
    if (auto it = config_.day0.find(vnfci); it != config_.day0.end()) return it->second;
    return direct_.vnfci_day0_secret;
  }

  // Why the VNFCI's identities cannot be created, if they cannot.
  std::optional<std::string> identity_problem(const VnfciRecord& r) const {
    if (r.identities.empty()) return "no identities for the VNFCI";
    std::set<std::string> seen;
    for (const auto& identity : r.identities) {
      if (identity.name.empty()) return "an identity without a name";
      if (!seen.insert(identity.name).second) return "identity " + identity.name + " twice";
      try {
        if (pki::DistinguishedName::parse(identity.subject).attributes.empty())
          return "identity " + identity.name + ": empty subject";
      } catch (const std::exception&) {
        return "identity " + identity.name + ": subject is not a distinguished name";
      }
      for (const auto& dns : identity.dns)
        if (auto problem = fqdn_problem(dns, config_.allowed_domains))
          return "identity " + identity.name + ": dNSName " + dns + ": " + *problem;
    }
    const Bootstrap* b = bootstrap_of(r.vnfci);
    if (b == nullptr && !day0_secret_for(r.vnfci)) return "no day-0 secret for the VNFCI";
    if (b != nullptr && !b->hsm.empty() && hsm_roots_.count(b->hsm) == 0)
      return "no vendor root of HSM " + b->hsm + " (HsmVendorRoot)";
    if (lookup_(direct_.ca) == nullptr) return "the CMF holds no RA certificate at " + direct_.ca;
    return std::nullopt;
  }

  void create_identities(const std::string& vnfci) {
    VnfciRecord* r = inventory_.find(vnfci);
    if (r == nullptr || r->state != VnfciState::registering) return;  // removed meanwhile
    std::vector<std::string> identity_names;
    for (const auto& identity : r->identities) identity_names.push_back(identity.name);
    TraceDetail detail = about(*r)
                             .add("identities", static_cast<long long>(r->identities.size()))
                             .add("names", joined(identity_names))
                             .add("ca", direct_.ca);
    if (auto problem = identity_problem(*r)) {
      r->state = VnfciState::failed;
      record(RecordKind::decision, "IdentitiesCreated", step_of(r->vnfci, 1), "rejected", r->vnfm,
             detail.add("reason", *problem), reference_points::kCmVnfm);
      return;
    }
    // An attested VNFCI's channel uses the PSK from its attestation (set when it was verified).
    if (config_.day0.count(vnfci) == 0 && bootstrap_of(vnfci) == nullptr)
      channels_.credentials().day0_secrets[vnfci] = *direct_.vnfci_day0_secret;
    record(RecordKind::decision, "IdentitiesCreated", step_of(r->vnfci, 1), "ok", r->vnfm, detail,
           reference_points::kCmVnfm);
    for (auto& identity : r->identities) register_identity(*r, identity);
  }

  // ---- #2: registration at the CA ----

  void register_identity(VnfciRecord& r, VnfciIdentity& identity) {
    const RaIdentity* ra = lookup_(identity.ca);
    identity.registration = EndEntityState::pending;
    ++identity.registration_attempts;
    if (ra == nullptr) {
      identity.registration = EndEntityState::failed;
      record(RecordKind::decision, "EndEntityRegistration", step_of(r.vnfci, 2), "failed",
             identity.ca,
             about(r, identity)
                 .add("ca", identity.ca)
                 .add("reason", "the CMF holds no RA certificate at this CA"),
             reference_points::kCa1);
      return check_complete(r);
    }
    identity.credential = std::make_shared<InitialCredential>();
    identity.credential->reference = pki::to_hex(pki::random_bytes(kReferenceBytes));
    identity.credential->secret = pki::random_bytes(kSecretBytes);
    EndEntityRegistration registration;
    registration.identity = r.vnfci + "/" + identity.name;
    registration.subject = identity.subject;
    registration.dns = identity.dns;
    registration.reference = identity.credential->reference;
    registration.secret = identity.credential->secret;
    registration.one_use = direct_.credential_one_use;
    const sim::Time expires = context_.now() + direct_.credential_lifetime;
    registration.expires = pki_instant(context_.epoch(), expires);
    const std::uint64_t exchange = ++next_exchange_;
    json body = registration_body(registration);
    body["exchange"] = exchange;
    body = sign_registration(std::move(body), *ra->certificate, *ra->key);
    PendingRegistration pending;
    pending.vnfci = r.vnfci;
    pending.identity = identity.name;
    pending.ca = identity.ca;
    pending.payload = encode_envelope(
        Envelope{operations::kRegisterEndEntityRequest, step_of(r.vnfci, 2), std::move(body)});
    registrations_[exchange] = std::move(pending);
    record(RecordKind::decision, "EndEntityRegistration", step_of(r.vnfci, 2), "requested",
           identity.ca,
           about(r, identity)
               .add("ca", identity.ca)
               .add("reference", identity.credential->reference)
               .add("one_use", direct_.credential_one_use ? "true" : "false")
               .add("expires", context_.epoch().format(expires))
               .add("exchange", static_cast<long long>(exchange))
               .add("attempt", identity.registration_attempts),
           reference_points::kCa1);
    transmit(exchange);
  }

  void transmit(std::uint64_t exchange) {
    auto it = registrations_.find(exchange);
    if (it == registrations_.end()) return;
    PendingRegistration& p = it->second;
    sim::Message message;
    message.to = p.ca;
    message.reference_point = reference_points::kCa1;
    message.operation = operations::kRegisterEndEntityRequest;
    message.step = step_of(p.vnfci, 2);
    message.payload = p.payload;
    context_.send(std::move(message));
    p.timer = context_.schedule(config_.ca_timeout, "RegisterEndEntityTimeout", [this, exchange] {
      guarded("EndEntityRegistration", "", [&] { on_registration_timeout(exchange); });
    });
  }

  void on_registration_timeout(std::uint64_t exchange) {
    auto it = registrations_.find(exchange);
    if (it == registrations_.end()) return;
    PendingRegistration& p = it->second;
    p.timer = {};
    VnfciRecord* r = inventory_.find(p.vnfci);
    VnfciIdentity* identity = r != nullptr ? r->identity(p.identity) : nullptr;
    if (r == nullptr || identity == nullptr || r->state != VnfciState::registering) {
      registrations_.erase(it);
      return;
    }
    if (p.resends < config_.ca_retries) {
      ++p.resends;
      record(RecordKind::decision, "EndEntityRegistration", step_of(p.vnfci, 2), "resent", p.ca,
             about(*r, *identity)
                 .add("exchange", static_cast<long long>(exchange))
                 .add("attempt", p.resends + 1),
             reference_points::kCa1);
      transmit(exchange);
      return;
    }
    const std::string ca = p.ca;
    registrations_.erase(it);
    if (identity->registration_attempts <= direct_.registration_retries) {
      const sim::Duration delay = backoff(config_.ca_timeout, identity->registration_attempts - 1);
      record(RecordKind::decision, "EndEntityRegistration", step_of(r->vnfci, 2), "retry", ca,
             about(*r, *identity)
                 .add("ca", ca)
                 .add("reason", "CA unavailable")
                 .add("retry_in", sim::format_duration(delay)),
             reference_points::kCa1);
      const std::string vnfci = r->vnfci;
      const std::string name = identity->name;
      context_.schedule(delay, "RegisterEndEntityRetry", [this, vnfci, name] {
        guarded("EndEntityRegistration", vnfci, [&] {
          VnfciRecord* again = inventory_.find(vnfci);
          if (again == nullptr || again->state != VnfciState::registering) return;
          if (VnfciIdentity* id = again->identity(name)) register_identity(*again, *id);
        });
      });
      return;
    }
    identity->registration = EndEntityState::failed;
    record(RecordKind::decision, "EndEntityRegistration", step_of(r->vnfci, 2), "failed", ca,
           about(*r, *identity).add("ca", ca).add("reason", "CA unavailable"),
           reference_points::kCa1);
    check_complete(*r);
  }

  void on_registration_response(const sim::Message& message) {
    auto reject = [&](const std::string& reason) {
      record(RecordKind::decision, operations::kRegisterEndEntityResponse, message.step, "rejected",
             message.from, TraceDetail().add("reason", reason), reference_points::kCa1);
    };
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) return reject("undecodable: " + why);
    if (envelope->operation != operations::kRegisterEndEntityResponse)
      return reject("labelled " + std::string(operations::kRegisterEndEntityResponse) +
                    " but carries " + envelope->operation);
    auto exchange_it = envelope->body.find("exchange");
    if (exchange_it == envelope->body.end() || !exchange_it->is_number_integer() ||
        exchange_it->get<std::int64_t>() < 0)
      return reject("no exchange number");
    auto it = registrations_.find(exchange_it->get<std::uint64_t>());
    if (it == registrations_.end()) return reject("no registration waits for this exchange");
    if (it->second.ca != message.from)
      return reject("reply from an actor the registration was not sent to");
    PendingRegistration p = std::move(it->second);
    registrations_.erase(it);
    if (p.timer.valid()) context_.cancel(p.timer);
    const std::string status = get_string(envelope->body, "status");
    const std::string reason = get_string(envelope->body, "reason");
    VnfciRecord* r = inventory_.find(p.vnfci);
    VnfciIdentity* identity = r != nullptr ? r->identity(p.identity) : nullptr;
    if (r == nullptr || identity == nullptr) return reject("the VNFCI is not in the inventory");
    const bool registered = status == "registered";
    TraceDetail detail =
        about(*r, *identity)
            .add("ca", p.ca)
            .add("reference", identity->credential ? identity->credential->reference : "");
    if (!registered) detail.add("reason", reason.empty() ? "status " + status : reason);
    if (r->state != VnfciState::registering) {
      record(RecordKind::decision, "EndEntityRegistration", step_of(r->vnfci, 2),
             registered ? "registered" : "rejected", p.ca,
             detail.add("note", "VNFCI " + to_string(r->state) + " meanwhile"),
             reference_points::kCa1);
      return;
    }
    identity->registration = registered ? EndEntityState::registered : EndEntityState::rejected;
    record(RecordKind::decision, "EndEntityRegistration", step_of(r->vnfci, 2),
           registered ? "registered" : "rejected", p.ca, detail, reference_points::kCa1);
    check_complete(*r);
  }

  // ---- #3: configuration of the VNFCI ----

  void check_complete(VnfciRecord& r) {
    if (r.state != VnfciState::registering || r.pending_registrations() > 0) return;
    configure(r, 0);
  }

  void configure(VnfciRecord& r, int attempt) {
    json identities = json::array();
    std::vector<std::string> identity_names;
    for (const auto& identity : r.identities) {
      if (identity.registration != EndEntityState::registered) continue;
      const RaIdentity* ra = lookup_(identity.ca);
      if (ra == nullptr || ra->anchors.empty()) continue;
      json entry = json::object();
      entry["name"] = identity.name;
      entry["usage"] = identity.usage;
      entry["subject"] = identity.subject;
      entry["dns"] = identity.dns;
      entry["ca"] = identity.ca;
      entry["reference"] = identity.credential ? identity.credential->reference : "";
      set_bytes(entry, "secret", identity.credential ? identity.credential->secret : pki::Bytes{});
      set_bytes(entry, "trust_anchor", ra->anchors.front().der());
      entry["renew_before"] = sim::format_duration(direct_.renew_before);
      if (direct_.validity_hint)
        entry["validity_hint"] = sim::format_duration(*direct_.validity_hint);
      identities.push_back(std::move(entry));
      identity_names.push_back(identity.name);
    }
    if (identities.empty()) {
      r.state = VnfciState::failed;
      record(RecordKind::decision, "VnfciConfiguration", step_of(r.vnfci, 3), "failed", r.vnfci,
             about(r).add("reason", "no identity could be registered"),
             reference_points::kCmfVnfci);
      return;
    }
    r.state = VnfciState::configured;
    json body = json::object();
    body["vnf"] = r.vnf;
    body["vnfci"] = r.vnfci;
    body["cmf"] = context_.name();
    body["flow"] = flow_of(r.vnfci);
    body["identities"] = std::move(identities);
    const Bootstrap* b = bootstrap_of(r.vnfci);
    TraceDetail detail = about(r)
                             .add("identities", static_cast<long long>(identity_names.size()))
                             .add("names", joined(identity_names))
                             .add("renew_before", sim::format_duration(direct_.renew_before))
                             .add("attempt", attempt + 1)
                             .add("flow", flow_of(r.vnfci))
                             .add("credential", b != nullptr ? "attested" : "day0");
    if (b != nullptr && !b->hsm.empty()) {
      // C.2.1.3 #5: the HSM and the trust anchor of its certificate.
      json hsm = json::object();
      hsm["name"] = b->hsm;
      set_bytes(hsm, "vendor_root", hsm_roots_.at(b->hsm).der());
      body["hsm"] = std::move(hsm);
      detail.add("hsm", b->hsm);
    }
    record(RecordKind::decision, "VnfciConfiguration", step_of(r.vnfci, 3), "sent", r.vnfci, detail,
           reference_points::kCmfVnfci);
    configuration_attempts_[r.vnfci] = attempt;
    channels_.send(
        r.vnfci, ChannelKind::day0, reference_points::kCmfVnfci,
        Envelope{operations::kVnfciCertificateConfiguration, step_of(r.vnfci, 3), std::move(body)});
  }

  void on_vnfci_failure(const std::string& vnfci, const std::string& failure,
                        const std::vector<Envelope>& dropped) {
    VnfciRecord* r = inventory_.find(vnfci);
    if (r == nullptr) return;
    for (const auto& envelope : dropped) {
      if (envelope.operation != operations::kVnfciCertificateConfiguration) continue;
      if (r->state != VnfciState::configured) continue;  // removed meanwhile
      const int attempt = configuration_attempts_[vnfci] + 1;
      if (attempt > direct_.registration_retries) {
        r->state = VnfciState::failed;
        record(RecordKind::decision, "VnfciConfiguration", step_of(vnfci, 3), "undelivered", vnfci,
               about(*r).add("reason", failure), reference_points::kCmfVnfci);
        continue;
      }
      const sim::Duration delay = backoff(config_.ca_timeout, attempt - 1);
      record(RecordKind::decision, "VnfciConfiguration", step_of(vnfci, 3), "retry", vnfci,
             about(*r).add("reason", failure).add("retry_in", sim::format_duration(delay)),
             reference_points::kCmfVnfci);
      r->state = VnfciState::registering;  // not configured until sent again
      context_.schedule(delay, "VnfciConfigurationRetry", [this, vnfci, attempt] {
        guarded("VnfciConfiguration", vnfci, [&] {
          VnfciRecord* again = inventory_.find(vnfci);
          if (again == nullptr || again->state != VnfciState::registering ||
              again->pending_registrations() > 0)
            return;
          configure(*again, attempt);
        });
      });
    }
  }

  // ---- certificates the VNFCI reports ----

  void reject_report(const ChannelMessage& m, const VnfciRecord* r, const std::string& identity,
                     const std::string& reason) {
    TraceDetail detail = r != nullptr ? about(*r) : TraceDetail().add("vnfci", m.peer.name);
    detail.add("identity", identity).add("reason", reason);
    record(RecordKind::decision, "VnfciCertificateRecorded", "", "rejected", m.peer.name, detail,
           reference_points::kCmfVnfci);
  }

  void on_report(const ChannelMessage& m) {
    const json& body = m.envelope.body;
    const std::string name = get_string(body, "identity");
    VnfciRecord* r = inventory_.find(m.peer.name);
    if (r == nullptr) return reject_report(m, nullptr, name, "unknown VNFCI");
    if (m.peer.kind != ChannelKind::day0)
      return reject_report(m, r, name, "reports come over the day-0 channel");
    VnfciIdentity* identity = r->identity(name);
    if (identity == nullptr) return reject_report(m, r, name, "unknown identity");
    if (identity->registration != EndEntityState::registered)
      return reject_report(m, r, name, "identity not registered");
    auto der = get_bytes(body, "certificate");
    if (!der) return reject_report(m, r, name, "no certificate");
    std::optional<pki::Certificate> certificate;
    try {
      certificate = pki::Certificate::from_der(*der);
    } catch (const pki::DecodeError&) {
      return reject_report(m, r, name, "certificate does not decode");
    }
    const RaIdentity* ra = lookup_(identity->ca);
    if (ra == nullptr) return reject_report(m, r, name, "no trust anchor for " + identity->ca);
    pki::TrustStore store;
    for (const auto& anchor : ra->anchors) store.add_anchor(anchor);
    for (const auto& c : ra->chain) store.add_intermediate(c);
    const auto verdict = pki::verify_certificate(*certificate, store, now());
    if (!verdict.ok())
      return reject_report(
          m, r, name,
          "certificate does not verify: " + std::string(pki::to_string(verdict.failure)));
    bool subject_ok = false;
    try {
      subject_ok = certificate->subject() == pki::DistinguishedName::parse(identity->subject);
    } catch (const std::exception&) {
    }
    if (!subject_ok) return reject_report(m, r, name, "subject is not the registered one");
    if (lower_sorted(certificate->san().dns) != lower_sorted(identity->dns))
      return reject_report(m, r, name, "dNSNames are not the registered ones");
    VnfciCertificate held;
    held.serial = certificate->serial_hex();
    held.not_after = certificate->not_after();
    held.certificate = *certificate;

    const std::string serial = held.serial;
    const std::string purpose = get_string(body, "purpose", "enrolment");  // as reported
    if (!inventory_.add_certificate(*r, *identity, std::move(held))) {
      record(RecordKind::decision, "VnfciCertificateRecorded", "", "ignored", m.peer.name,
             about(*r, *identity).add("serial", serial).add("reason", "already in the inventory"),
             reference_points::kCmfVnfci);
      return;
    }
    // The initial credential has served (the CA refuses it from now on).
    identity->credential.reset();
    record(RecordKind::decision, "VnfciCertificateRecorded", "", "ok", m.peer.name,
           about(*r, *identity)
               .add("serial", serial)
               .add("not_after", utc(certificate->not_after()))
               .add("purpose", purpose)
               .add("ca", identity->ca),
           reference_points::kCmfVnfci);
    if (r->state == VnfciState::removed) {
      VnfciCertificate* c = identity->find_serial(serial);
      if (c != nullptr) revoke(*r, *identity, *c, "cessationOfOperation");
    }
  }

  // ---- removal and revocation ----

  static std::string revocation_reason_for(const std::string& operation) {
    return operation == "HEAL" ? "superseded" : "cessationOfOperation";
  }

  void remove_vnfci(const std::string& vnfm, const std::string& vnf, const std::string& vnfci,
                    const std::string& operation) {
    VnfciRecord* r = inventory_.find(vnfci);
    if (r == nullptr) {
      record(RecordKind::decision, "VnfciRemoved", "", "unknown", vnfm,
             TraceDetail()
                 .add("vnf", vnf)
                 .add("vnfci", vnfci)
                 .add("operation", operation)
                 .add("reason", "not in the inventory"),
             reference_points::kCmVnfm);
      return;
    }
    if (r->state == VnfciState::removed) {
      record(RecordKind::decision, "VnfciRemoved", "", "ignored", vnfm,
             about(*r).add("operation", operation).add("reason", "removed already"),
             reference_points::kCmVnfm);
      return;
    }
    r->state = VnfciState::removed;
    if (auto b = bootstrap_.find(vnfci); b != bootstrap_.end() && b->second.timer.valid()) {
      context_.cancel(b->second.timer);
      b->second.timer = {};
    }
    if (config_.day0.count(vnfci) == 0) channels_.credentials().day0_secrets.erase(vnfci);
    configuration_attempts_.erase(vnfci);
    const pki::Instant at = now();
    std::vector<std::pair<VnfciIdentity*, std::string>> targets;  // identity, serial
    std::vector<std::string> unenrolled;
    for (auto& identity : r->identities) {
      identity.credential.reset();
      if (identity.certificates.empty() && identity.registration == EndEntityState::registered)
        unenrolled.push_back(identity.name);
      for (auto& c : identity.certificates)
        if (c.state != CertificateState::revoked && !c.revocation_requested &&
            c.not_after.unix_ns > at.unix_ns)
          targets.emplace_back(&identity, c.serial);
    }
    record(RecordKind::decision, "VnfciRemoved", "", "ok", vnfm,
           about(*r)
               .add("operation", operation)
               .add("certificates", static_cast<long long>(targets.size()))
               .add("unenrolled", joined(unenrolled)),
           reference_points::kCmVnfm);
    const std::string reason = revocation_reason_for(operation);
    for (auto& [identity, serial] : targets)
      if (VnfciCertificate* c = identity->find_serial(serial)) revoke(*r, *identity, *c, reason);
  }

  // Operator command `revoke_vnfci_certificate` {vnfci, identity (default: every one), reason
  // (default keyCompromise)}: revokes the current certificates of a VNFCI that keeps running (a
  // compromised key, a policy change); the VNFCI is not told, so its next renewal meets the CA's
  // refusal (C.2.1.4 pre-condition 1).
  void revoke_on_request(const json& args) {
    const std::string vnfci = args.is_object() ? get_string(args, "vnfci") : "";
    const std::string only = args.is_object() ? get_string(args, "identity") : "";
    std::string reason = args.is_object() ? get_string(args, "reason") : "";
    if (reason.empty()) reason = "keyCompromise";
    VnfciRecord* r = vnfci.empty() ? nullptr : inventory_.find(vnfci);
    auto refuse = [&](const std::string& why) {
      record(RecordKind::decision, "VnfciCertificateRevocation", "", "rejected", "",
             TraceDetail()
                 .add("vnfci", vnfci)
                 .add("identity", only)
                 .add("reason", reason)
                 .add("problem", why),
             reference_points::kCa1);
    };
    if (r == nullptr) return refuse(vnfci.empty() ? "no vnfci given" : "not in the inventory");
    const pki::Instant at = now();
    std::vector<std::pair<VnfciIdentity*, std::string>> targets;
    for (auto& identity : r->identities) {
      if (!only.empty() && identity.name != only) continue;
      for (auto& c : identity.certificates)
        if (c.state != CertificateState::revoked && !c.revocation_requested &&
            c.not_after.unix_ns > at.unix_ns)
          targets.emplace_back(&identity, c.serial);
    }
    if (targets.empty()) return refuse("no unrevoked certificate in force");
    for (auto& [identity, serial] : targets)
      if (VnfciCertificate* c = identity->find_serial(serial)) revoke(*r, *identity, *c, reason);
  }

  void revoke(VnfciRecord& r, VnfciIdentity& identity, VnfciCertificate& c,
              const std::string& reason) {
    const RaIdentity* ra = lookup_(identity.ca);
    TraceDetail detail =
        about(r, identity).add("serial", c.serial).add("ca", identity.ca).add("reason", reason);
    if (ra == nullptr) {
      record(RecordKind::decision, "VnfciCertificateRevocation", "", "failed", identity.ca,
             detail.add("problem", "the CMF holds no RA certificate at this CA"),
             reference_points::kCa1);
      return;
    }
    c.revocation_requested = true;
    ++revocation_attempts_[c.serial];
    record(RecordKind::decision, "VnfciCertificateRevocation", "", "requested", identity.ca, detail,
           reference_points::kCa1);
    const pki::Certificate target = *c.certificate;
    const pki::Certificate own_cert = *ra->certificate;
    const pki::PrivateKey own_key = *ra->key;
    const pki::RevocationReason code = parse_revocation_reason(reason);
    const pki::Instant at = now();
    const std::string vnfci = r.vnfci;
    const std::string name = identity.name;
    const std::string serial = c.serial;
    ra_.run(
        identity.ca, cmp_config(*ra), "", "", "",
        [target, own_cert, own_key, code, at](pki::CmpClient& client) {
          return client.revoke_rr_for(target, own_cert, own_key, code, at);
        },
        [this, vnfci, name, serial, reason](const CmpExchange::Outcome& outcome) {
          guarded("VnfciCertificateRevocation", vnfci,
                  [&] { on_revoked(vnfci, name, serial, reason, outcome.result); });
        });
  }

  void on_revoked(const std::string& vnfci, const std::string& name, const std::string& serial,
                  const std::string& reason, const pki::CmpResult& result) {
    VnfciRecord* r = inventory_.find(vnfci);
    VnfciIdentity* identity = r != nullptr ? r->identity(name) : nullptr;
    VnfciCertificate* c = identity != nullptr ? identity->find_serial(serial) : nullptr;
    if (c == nullptr) return;
    c->revocation_requested = false;
    TraceDetail detail =
        about(*r, *identity).add("serial", serial).add("ca", identity->ca).add("reason", reason);
    if (result.ok()) {
      c->state = CertificateState::revoked;
      revocation_attempts_.erase(serial);
      record(RecordKind::decision, "VnfciCertificateRevocation", "", "ok", identity->ca, detail,
             reference_points::kCa1);
      return;
    }
    const int attempts = revocation_attempts_[serial];
    if (CmpExchange::no_reply(result) && attempts <= direct_.registration_retries) {
      const sim::Duration delay = backoff(config_.ca_timeout, attempts - 1);
      record(RecordKind::decision, "VnfciCertificateRevocation", "", "retry", identity->ca,
             detail.add("problem", ca_failure(result)).add("retry_in", sim::format_duration(delay)),
             reference_points::kCa1);
      context_.schedule(delay, "VnfciRevocationRetry", [this, vnfci, name, serial, reason] {
        guarded("VnfciCertificateRevocation", vnfci, [&] {
          VnfciRecord* again = inventory_.find(vnfci);
          VnfciIdentity* id = again != nullptr ? again->identity(name) : nullptr;
          VnfciCertificate* cert = id != nullptr ? id->find_serial(serial) : nullptr;
          if (cert == nullptr || cert->state == CertificateState::revoked ||
              cert->revocation_requested)
            return;
          revoke(*again, *id, *cert, reason);
        });
      });
      return;
    }
    revocation_attempts_.erase(serial);
    record(RecordKind::decision, "VnfciCertificateRevocation", "", "failed", identity->ca,
           detail.add("problem", ca_failure(result)), reference_points::kCa1);
  }

  sim::ActorContext& context_;
  const CmfConfig& config_;
  const DirectModeConfig& direct_;
  SecureChannels& channels_;
  CmpExchange& ra_;
  WorkQueue& queue_;
  RaLookup lookup_;
  bool started_ = false;
  std::map<std::string, Subscription> subscriptions_;  // by VNFM
  VnfciInventory inventory_;
  std::map<std::uint64_t, PendingRegistration> registrations_;  // by exchange
  std::uint64_t next_exchange_ = 0;
  std::map<std::string, int> configuration_attempts_;  // by VNFCI, while configuring
  std::map<std::string, int> revocation_attempts_;     // by serial, while revoking
  std::map<std::string, Bootstrap> bootstrap_;         // by VNFCI, those attested
  std::optional<pki::Certificate> pinned_verifier_;    // at first contact
  std::map<std::string, pki::Certificate> hsm_roots_;  // HSM vendor roots by HSM actor
};

DirectMode::DirectMode(sim::ActorContext& context, const CmfConfig& config,
                       SecureChannels& channels, CmpExchange& ra, WorkQueue& queue, RaLookup lookup)
    : impl_(std::make_unique<Impl>(context, config, channels, ra, queue, std::move(lookup))) {}

DirectMode::~DirectMode() = default;

void DirectMode::on_ra_ready() {
  impl_->on_ra_ready();
}
bool DirectMode::handle_channel(const ChannelMessage& m) {
  return impl_->handle_channel(m);
}
bool DirectMode::handle_ca(const sim::Message& message) {
  return impl_->handle_ca(message);
}
bool DirectMode::on_channel_failure(const std::string& peer, ChannelKind kind,
                                    const std::string& failure,
                                    const std::vector<Envelope>& dropped) {
  return impl_->on_channel_failure(peer, kind, failure, dropped);
}
bool DirectMode::on_command(const sim::Command& command) {
  return impl_->on_command(command);
}
void DirectMode::on_hsm_vendor_root(const std::string& hsm, const pki::Certificate& root) {
  impl_->on_hsm_vendor_root(hsm, root);
}
void DirectMode::on_crl(const pki::Crl& crl) {
  impl_->on_crl(crl);
}
void DirectMode::monitor() {
  impl_->monitor();
}
const VnfciInventory& DirectMode::inventory() const {
  return impl_->inventory();
}

}  // namespace ifa026::actors::cmf
