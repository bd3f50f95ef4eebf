// The `cmf` actor (docs/mano-certificates.md; Annex C.4, Annex B.1 Cmf.CertLcm.001-015): the
// Certificate Management Function. It enrols its own RA/TLS certificate at its CA with CMP ir at
// start, then serves CMF-1: registration of NFV-MANO entities by trusted consumers over day-0 TLS
// (FQDN checks, CA selection, initial credential, attestation nonce), certificate signing
// requests from entities over server_auth TLS (initial credential) or mutual TLS (current
// certificate), which it checks (#1 registration, #2 CSR and credential and key attestation)
// before forwarding them to the CA as a CMP p10cr signed with its own certificate (#3..#5) and
// returning certificate and chain (#6); renewal, revocation (CMP rr, then CertificateRemoved to
// the entity), the latest CRLs from CRL-DP, and expiry monitoring over its inventory.
//
// Decisions documented here (the contract leaves them open):
// - Requests that arrive before the CMF holds its certificate wait for it up to `ca_timeout`,
//   then are rejected with reason "CMF not ready".
// - A one-use initial credential is reserved when its CSR passes step #2 (a concurrent second
//   CSR is rejected "initial credential already in use"), released when the CA fails, and
//   consumed when the certificate is delivered.
// - Under server_auth the entity is identified by its credential reference only (the MAC proves
//   knowledge of the secret); the sending actor's name is not compared with the registration.
// - Re-registering an entity replaces its FQDN, CA and credential and keeps its inventory; an
//   FQDN registered for another entity is refused.
// - After a revocation the registration stays: the entity may enrol again with a new initial
//   credential after the consumer registers it again (or with its one-use credential if unused).
// - CertificateRemoved goes on the kind of session the entity last used to obtain a certificate
//   (server_auth or mutual), which the CMF still holds as server, so it reaches the entity
//   whatever the CRL says about the revoked certificate.
// - A CA failure answers with step #6 (the response to the entity) after a CaRequest `failed`
//   decision at step #5; "CA unavailable" when the CA did not answer within ca_timeout (after
//   ca_retries resends), otherwise the CMP status text.
// - With an implementation-fault switch (skip_*) the check and its record are omitted; with
//   skip_registration_check an unknown entity is only held to what its CSR says about itself.
// - CA selection (`cas`): the CMF enrols an RA certificate at every CA it may select (CmfReady
//   for the primary `ca`, RaCertificate for the others), signs each p10cr/rr with the one of that
//   CA, and revokes at the CA that issued the certificate. The registration response's
//   `trust_anchor` is the selected CA's root; `trust_anchors` adds the CMF's own root (the entity
//   needs it for the server_auth session) and those of the other CAs in `cas` (its peers'
//   certificates may come from them).
// - The CMF renews each of its own certificates once two thirds of its remaining validity have
//   passed, by a fresh ir with its RA credential (RaCertificate, purpose=renewal), so that the CA
//   keeps recognising it as RA; open TLS sessions keep the certificate they started with.
// - key_attestation "none" ignores statements; "optional" verifies a statement when present;
//   "required" also rejects a CSR without one. The nonce is the one given at registration.
// - With `direct_mode` (docs/direct-mode.md) the CMF also manages VNFCI certificates
//   (direct_mode.hpp): it enrols an RA certificate at the direct-mode CA too, starts its VNFM
//   subscriptions once ready, and hands Cm-Vnfm / CMF-VNFCI messages, RegisterEndEntityResponses,
//   verified CRLs, the expiry monitor and the `query_vnf` command to it.
#include "actors/cmf/cmf_actor.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/csr_validation.hpp"
#include "actors/cmf/direct_mode.hpp"
#include "actors/cmf/entity_registry.hpp"
#include "actors/cmf/fqdn_check.hpp"
#include "actors/cmf/ra_identity.hpp"
#include "actors/cmf/revocation_reason.hpp"
#include "actors/common/cmp_exchange.hpp"
#include "actors/common/day0_root.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cmp_client.hpp"
#include "pki/crl.hpp"

namespace ifa026::actors {
namespace {

using cmf::CsrAuth;
using cmf::Registration;
using nlohmann::json;
using sim::RecordKind;

constexpr const char* kTypeName = "cmf";
constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kNonceBytes = 16;
constexpr std::size_t kMaxPendingCrls = 16;

// "C.4.1.2.6" of "C.4.1.2.6#0"; the step text itself when it has no '#'.
std::string flow_of(const std::string& step) {
  return step.substr(0, step.find('#'));
}

std::string step_in(const std::string& flow, int number) {
  return flow.empty() ? std::string() : flow + "#" + std::to_string(number);
}

// The registration flows of the entity kinds Annex C describes (WIM, CISM and CIR have none).
std::string registration_flow_of_kind(const std::string& kind) {
  if (kind == "nfvo") return "C.4.1.1";
  if (kind == "vnfm") return "C.4.2.1";
  if (kind == "vim") return "C.4.3.1";
  return "";
}

bool known_kind(const std::string& kind) {
  static const std::vector<std::string> kinds{"nfvo", "vnfm", "vim", "wim", "cism", "cir"};
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

std::string utc(pki::Instant instant) {
  return sim::format_utc(sim::UtcInstant{instant.unix_ns});
}

bool same_serial(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Why a CMP operation with the CA failed: "CA unavailable" when the CA did not answer in time,
// otherwise the CMP status text (or the client's error).
std::string ca_failure(const pki::CmpResult& result) {
  if (CmpExchange::no_reply(result)) return "CA unavailable";
  if (!result.status_text.empty()) return result.status_text;
  return result.error.empty() ? "CA request failed" : result.error;
}

TraceDetail about(const std::string& entity, const std::string& fqdn) {
  return TraceDetail().add("entity", entity).add("fqdn", fqdn);
}

class CmfActor final : public sim::Actor {
 public:
  CmfActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        config_(cmf::read_cmf_config(spec.params, spec.name)),
        channels_(
            context, [this](const ChannelMessage& m) { on_channel_message(m); },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              on_channel_failure(peer, kind, failure, dropped);
            }),
        queue_(context, config_.concurrency),
        ra_(context, CmpExchangeSettings{.timeout = config_.ca_timeout,
                                         .retries = config_.ca_retries,
                                         .operation_in_detail = true,
                                         .reject_detail = ""}) {
    channels_.credentials().day0_secrets = config_.day0;
    if (config_.direct_mode)
      direct_ =
          std::make_unique<cmf::DirectMode>(context, config_, channels_, ra_, queue_,
                                            [this](const std::string& ca) { return identity(ca); });
  }

  void on_start() override {
    guarded("CmfEnrolment", "", [&] { enrol_all(); });
    if (config_.monitor_interval > sim::Duration())
      context().schedule(config_.monitor_interval, "ExpiryMonitor",
                         [this] { guarded("ExpiryMonitor", "", [&] { monitor(); }); });
  }

  void on_message(const sim::Message& message) override {
    guarded(message.operation.empty() ? "Message" : message.operation, message.from, [&] {
      if (channels_.handle(message)) return;
      if (direct_ && direct_->handle_ca(message)) return;
      if (ra_.handle(message)) return;
      if (message.reference_point == reference_points::kCrlDp) return on_crl(message);
      if (message.reference_point == reference_points::kHsmIf) return on_vendor_root(message);
      record(RecordKind::decision, message.operation.empty() ? "Message" : message.operation,
             message.step, "rejected", message.from,
             TraceDetail().add("reason", "unexpected message on " + message.reference_point),
             message.reference_point);
    });
  }

  void on_command(const sim::Command& command) override {
    bool handled = false;
    guarded(command.name, "", [&] { handled = direct_ && direct_->on_command(command); });
    if (!handled) Actor::on_command(command);
  }

 private:
  // ---- helpers ----

  template <typename F>
  void guarded(const std::string& operation, const std::string& peer, F&& body) {
    try {
      body();
    } catch (const std::exception& e) {
      context().trace(internal_error_record(operation, peer, "", e.what()));
    }
  }

  void record(RecordKind kind, const std::string& operation, const std::string& step,
              const std::string& outcome, const std::string& peer, const std::string& detail,
              const std::string& reference_point = reference_points::kCmf1) {
    sim::TraceRecord r;
    r.kind = kind;
    r.peer = peer;
    r.reference_point = reference_point;
    r.operation = operation;
    r.step = step;
    r.outcome = outcome;
    r.detail = detail;
    context().trace(std::move(r));
  }

  void reply(const ChannelMessage& to, const char* operation, const std::string& step, json body) {
    channels_.reply(to, Envelope{operation, step, std::move(body)});
  }

  pki::Instant now() { return pki_now(context()); }
  sim::Time current_time() { return context().now(); }

  using RaIdentity = cmf::RaIdentity;

  const RaIdentity* identity(const std::string& ca) const {
    auto it = identities_.find(ca);
    return it != identities_.end() && it->second.ready() ? &it->second : nullptr;
  }
  const RaIdentity& primary() const { return identities_.at(config_.ca); }

  // Every CA certificate the CMF knows (chains and roots of all its CAs).
  std::vector<pki::Certificate> known_ca_certificates() const {
    std::vector<pki::Certificate> out;
    for (const auto& [ca, id] : identities_) {
      out.insert(out.end(), id.chain.begin(), id.chain.end());
      out.insert(out.end(), id.anchors.begin(), id.anchors.end());
    }
    return out;
  }

  pki::CmpClientConfig cmp_config(const RaIdentity& id) const {
    pki::CmpClientConfig config;
    config.trust_anchors = id.anchors;
    config.untrusted = id.chain;
    return config;
  }

  // ---- own enrolment (setup, no step ID) ----

  // The primary CA (`ca`) gives the CMF its TLS identity and readiness; every other CA named in
  // `cas` gets its own RA enrolment, so CSRs can be forwarded there too.
  void enrol_all() {
    identities_[config_.ca];
    for (const auto& [kind, ca] : config_.cas) identities_[ca];
    if (config_.direct_mode) identities_[config_.direct_mode->ca];
    for (const auto& [ca, id] : identities_) enrol(ca);
  }

  void enrol(const std::string& ca) {
    const pki::PrivateKey key = pki::PrivateKey::generate(pki::KeyType::ec_p256);
    const std::string fqdn = config_.fqdn;
    const std::string reference = config_.ra_reference;
    const pki::Bytes secret(config_.ra_secret.begin(), config_.ra_secret.end());
    const pki::Instant at = now();
    // ir is PBM-protected with the day-0 RA secret; the response's caPubs give the trust anchor.
    ra_.run(
        ca, pki::CmpClientConfig{}, "", "", "",
        [key, fqdn, reference, secret, at](pki::CmpClient& client) {
          return client.enrol_ir(reference, secret, key, pki::DistinguishedName{{{"CN", fqdn}}},
                                 pki::SubjectAltName{{fqdn}, {}, {}}, at);
        },
        [this, ca, key](const CmpExchange::Outcome& outcome) {
          guarded("CmfReady", ca, [&] { on_enrolled(ca, key, outcome.result); });
        });
  }

  // The CMF renews its own certificate at a CA (a fresh ir with its RA credential, so the CA
  // keeps recognising it as RA) once two thirds of its remaining validity have passed.
  void schedule_own_renewal(const std::string& ca, RaIdentity& id) {
    if (id.renewal_timer.valid()) context().cancel(id.renewal_timer);
    id.renewal_timer = {};
    const std::int64_t remaining = id.certificate->not_after().unix_ns - now().unix_ns;
    if (remaining <= 0) return;
    id.renewal_timer = context().schedule(sim::Duration::nanoseconds(remaining / 3 * 2),
                                          "CmfCertificateRenewal", [this, ca] {
                                            identities_[ca].renewal_timer = {};
                                            guarded("CmfEnrolment", ca, [&] { enrol(ca); });
                                          });
  }

  void on_enrolled(const std::string& ca, const pki::PrivateKey& key,
                   const pki::CmpResult& result) {
    const bool is_primary = ca == config_.ca;
    RaIdentity& id = identities_[ca];
    const bool renewal = id.ready();
    // CmfReady for the first certificate of the primary CA, RaCertificate for the others and for
    // every renewal.
    const char* operation = is_primary && !renewal ? "CmfReady" : "RaCertificate";
    const char* purpose = renewal ? "renewal" : "enrolment";
    std::string problem;
    std::vector<pki::Certificate> anchors;
    std::vector<pki::Certificate> chain;
    if (!result.ok() || !result.certificate) {
      problem = ca_failure(result);
    } else {
      for (const auto& c : result.ca_pubs)
        if (c.subject() == c.issuer()) anchors.push_back(c);
      for (const auto& c : result.chain)
        if (!(c == *result.certificate) &&
            std::find(anchors.begin(), anchors.end(), c) == anchors.end())
          chain.push_back(c);
      if (anchors.empty()) {
        problem = "no root CA certificate in caPubs";
      } else {
        pki::TrustStore store;
        for (const auto& a : anchors) store.add_anchor(a);
        for (const auto& c : chain) store.add_intermediate(c);
        const auto verdict = pki::verify_certificate(*result.certificate, store, now());
        if (!verdict.ok())
          problem = "own certificate does not chain to caPubs: " +
                    std::string(pki::to_string(verdict.failure));
      }
    }
    if (!problem.empty()) {
      const sim::Duration delay =
          config_.ca_timeout * (std::int64_t{1} << std::min(id.attempts, 6));
      ++id.attempts;
      record(RecordKind::decision, operation, "", "failed", ca,
             TraceDetail()
                 .add("fqdn", config_.fqdn)
                 .add("ca", ca)
                 .add("purpose", purpose)
                 .add("reason", problem)
                 .add("retry_in", sim::format_duration(delay)),
             reference_points::kCa1);
      context().schedule(delay, "CmfEnrolmentRetry",
                         [this, ca] { guarded("CmfEnrolment", ca, [&] { enrol(ca); }); });
      return;
    }
    id.key = key;
    id.certificate = *result.certificate;
    id.anchors = anchors;
    id.chain = chain;
    id.attempts = 0;
    schedule_own_renewal(ca, id);
    // Peers' certificates may come from any of the CMF's CAs.
    auto& credentials = channels_.credentials();
    credentials.trust_anchors.clear();
    for (const auto& [name, other] : identities_)
      for (const auto& a : other.anchors)
        if (std::find(credentials.trust_anchors.begin(), credentials.trust_anchors.end(), a) ==
            credentials.trust_anchors.end())
          credentials.trust_anchors.push_back(a);
    record(RecordKind::decision, operation, "", "ok", ca,
           TraceDetail()
               .add("fqdn", config_.fqdn)
               .add("ca", ca)
               .add("purpose", purpose)
               .add("serial", id.certificate->serial_hex())
               .add("not_after", utc(id.certificate->not_after()))
               .add("trust_anchor", id.anchors.front().subject().to_string()),
           reference_points::kCa1);
    if (!is_primary) {
      if (!renewal && ready_ && direct_) direct_->on_ra_ready();
      return;
    }
    // New sessions present the new certificate; open ones keep theirs.
    credentials.key = key;
    credentials.certificate = id.certificate;
    credentials.chain = id.chain;
    if (renewal) return;
    ready_ = true;
    auto crls = std::move(pending_crls_);
    pending_crls_.clear();
    for (const auto& [crl, from] : crls) accept_crl(crl, from);
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& [n, w] : waiting) {
      if (w.timer.valid()) context().cancel(w.timer);
      dispatch(w.message);
    }
    if (direct_) direct_->on_ra_ready();
  }

  // ---- CMF-1 ----

  void on_channel_message(const ChannelMessage& m) {
    guarded(m.envelope.operation, m.peer.name, [&] {
      if (direct_ && direct_->handle_channel(m)) return;
      const std::string& op = m.envelope.operation;
      if (op != operations::kRegisterEntityRequest &&
          op != operations::kCertificateSigningRequest &&
          op != operations::kRevokeCertificateRequest) {
        record(RecordKind::decision, op, m.envelope.step, "rejected", m.peer.name,
               TraceDetail().add("reason", "the CMF does not serve this operation"),
               m.reference_point);
        return;
      }
      if (!ready_) {
        const std::uint64_t id = ++next_waiting_;
        Waiting w{m, {}};
        w.timer = context().schedule(config_.ca_timeout, "CmfNotReady", [this, id] {
          guarded("CmfNotReady", "", [&] { not_ready(id); });
        });
        waiting_.emplace(id, std::move(w));
        return;
      }
      dispatch(m);
    });
  }

  void on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) {
    if (direct_ && direct_->on_channel_failure(peer, kind, failure, dropped)) return;
    const Registration* reg = registry_.find(peer);
    for (const auto& envelope : dropped)
      record(RecordKind::decision, envelope.operation, envelope.step, "undelivered", peer,
             about(peer, reg != nullptr ? reg->fqdn : "")
                 .add("channel", std::string(to_string(kind)))
                 .add("reason", failure));
  }

  void dispatch(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    if (op == operations::kRegisterEntityRequest) {
      queue_.submit(config_.register_time, "RegisterEntity", [this, m] {
        guarded(operations::kRegisterEntityRequest, m.peer.name, [&] { handle_register(m); });
      });
    } else if (op == operations::kCertificateSigningRequest) {
      queue_.submit(config_.validate_time, "ValidateCsr", [this, m] {
        guarded(operations::kCertificateSigningRequest, m.peer.name, [&] { handle_csr(m); });
      });
    } else if (op == operations::kRevokeCertificateRequest) {
      queue_.submit(config_.register_time, "RevokeCertificate", [this, m] {
        guarded(operations::kRevokeCertificateRequest, m.peer.name, [&] { handle_revoke(m); });
      });
    }
  }

  void not_ready(std::uint64_t id) {
    auto it = waiting_.find(id);
    if (it == waiting_.end()) return;
    const ChannelMessage m = std::move(it->second.message);
    waiting_.erase(it);
    const std::string reason = "CMF not ready";
    const json& body = m.envelope.body;
    const std::string& op = m.envelope.operation;
    if (op == operations::kRegisterEntityRequest) {
      const std::string entity = get_string(body, "entity");
      const std::string fqdn = get_string(body, "fqdn");
      std::string flow = flow_of(m.envelope.step);
      if (flow.empty()) flow = registration_flow_of_kind(get_string(body, "kind"));
      reject_registration(m, flow, entity, fqdn, reason);
    } else if (op == operations::kCertificateSigningRequest) {
      const std::string flow = flow_of(m.envelope.step);
      record(RecordKind::decision, operations::kCertificateSigningRequest, step_in(flow, 1),
             "rejected", m.peer.name, about(m.peer.name, "").add("reason", reason));
      json out = json::object();
      out["status"] = "rejected";
      out["reason"] = reason;
      reply(m, operations::kCertificateSigningResponse, step_in(flow, 1), std::move(out));
    } else if (op == operations::kRevokeCertificateRequest) {
      reject_revocation(m, get_string(body, "entity"), "", reason);
    }
  }

  // ---- registration (C.4.x.1) ----

  void reject_registration(const ChannelMessage& m, const std::string& flow,
                           const std::string& entity, const std::string& fqdn,
                           const std::string& reason) {
    record(RecordKind::decision, "RegisterEntity", step_in(flow, 1), "rejected", m.peer.name,
           about(entity, fqdn).add("consumer", m.peer.name).add("reason", reason));
    json out = json::object();
    out["status"] = "rejected";
    out["reason"] = reason;
    out["entity"] = entity;
    out["fqdn"] = fqdn;
    out["cmf"] = name();
    reply(m, operations::kRegisterEntityResponse, step_in(flow, 2), std::move(out));
  }

  bool trusted_consumer(const ChannelMessage& m, std::string& reason) const {
    if (m.peer.kind != ChannelKind::day0) {
      reason = "consumer requests must come over the day-0 channel";
      return false;
    }
    const auto& trusted = config_.trusted_consumers;
    if (std::find(trusted.begin(), trusted.end(), m.peer.name) == trusted.end()) {
      reason = "consumer " + m.peer.name + " is not trusted";
      return false;
    }
    return true;
  }

  void handle_register(const ChannelMessage& m) {
    const json& body = m.envelope.body;
    const std::string entity = get_string(body, "entity");
    const std::string kind = get_string(body, "kind");
    const std::string fqdn = get_string(body, "fqdn");
    std::string flow = flow_of(m.envelope.step);
    if (flow.empty()) flow = registration_flow_of_kind(kind);

    std::string reason;
    if (!trusted_consumer(m, reason)) return reject_registration(m, flow, entity, fqdn, reason);
    if (entity.empty()) return reject_registration(m, flow, entity, fqdn, "entity missing");
    if (!known_kind(kind))
      return reject_registration(m, flow, entity, fqdn, "unknown entity kind \"" + kind + "\"");
    if (auto problem = cmf::fqdn_problem(fqdn, config_.allowed_domains))
      return reject_registration(m, flow, entity, fqdn, *problem);
    if (auto owner = registry_.fqdn_owner(fqdn, entity))
      return reject_registration(m, flow, entity, fqdn, "FQDN already registered for " + *owner);

    bool one_use = config_.credential_one_use;
    sim::Duration lifetime = config_.credential_lifetime;
    if (auto it = body.find("credential"); it != body.end()) {
      if (!it->is_object())
        return reject_registration(m, flow, entity, fqdn, "credential options are not a map");
      if (auto u = it->find("one_use"); u != it->end()) {
        if (!u->is_boolean())
          return reject_registration(m, flow, entity, fqdn, "credential one_use is not a bool");
        one_use = u->get<bool>();
      }
      if (auto l = it->find("lifetime"); l != it->end()) {
        std::optional<sim::Duration> d;
        if (l->is_string()) d = sim::parse_duration(l->get<std::string>());
        if (!d || *d <= sim::Duration())
          return reject_registration(m, flow, entity, fqdn, "credential lifetime is not valid");
        lifetime = *d;
      }
    }

    Registration& reg = registry_.upsert(entity);
    reg.kind = kind;
    reg.fqdn = fqdn;
    reg.consumer = m.peer.name;
    reg.ca = config_.ca_for(kind);
    cmf::InitialCredential credential;
    credential.reference = entity + "-" + std::to_string(registry_.next_credential_number(entity));
    credential.secret = pki::random_bytes(kSecretBytes);
    credential.one_use = one_use;
    credential.expires = current_time() + lifetime;
    reg.credential = credential;
    reg.attestation_nonce = pki::random_bytes(kNonceBytes);

    const std::string step = step_in(flow, 1);
    const std::string expires = context().epoch().format(credential.expires);
    record(RecordKind::decision, "RegisterEntity", step, "registered", m.peer.name,
           about(entity, fqdn).add("consumer", m.peer.name).add("kind", kind));
    record(RecordKind::decision, "SelectCa", step, "ok", m.peer.name,
           about(entity, fqdn).add("ca", reg.ca));
    record(RecordKind::decision, "InitialCredential", step, "created", m.peer.name,
           about(entity, fqdn)
               .add("reference", credential.reference)
               .add("one_use", one_use ? "true" : "false")
               .add("expires", expires));

    json out = json::object();
    out["status"] = "registered";
    out["reason"] = "";
    out["entity"] = entity;
    out["kind"] = kind;
    out["fqdn"] = fqdn;
    out["ca"] = reg.ca;
    json initial = json::object();
    initial["reference"] = credential.reference;
    set_bytes(initial, "secret", credential.secret);
    initial["one_use"] = one_use;
    initial["expires"] = expires;
    out["initial_credential"] = std::move(initial);
    set_bytes(out, "attestation_nonce", reg.attestation_nonce);
    // The root the entity's certificate will chain to (the selected CA's); `trust_anchors` lists
    // it first, then the CMF's own root (for the server_auth session) and the roots of the other
    // CAs the CMF selects for MANO entities (for mutual TLS with peers enrolled there).
    const RaIdentity* selected = identity(reg.ca);
    const pki::Certificate& anchor =
        selected != nullptr ? selected->anchors.front() : primary().anchors.front();
    set_bytes(out, "trust_anchor", anchor.der());
    std::vector<pki::Certificate> roots{anchor};
    auto add_roots = [&](const RaIdentity* id) {
      if (id == nullptr) return;
      for (const auto& a : id->anchors)
        if (std::find(roots.begin(), roots.end(), a) == roots.end()) roots.push_back(a);
    };
    add_roots(&primary());
    for (const auto& [kind, ca] : config_.cas) add_roots(identity(ca));
    std::vector<pki::Bytes> anchors;
    for (const auto& r : roots) anchors.push_back(r.der());
    set_bytes_list(out, "trust_anchors", anchors);
    out["cmf"] = name();
    out["cmf_fqdn"] = config_.fqdn;
    reply(m, operations::kRegisterEntityResponse, step_in(flow, 2), std::move(out));
  }

  // ---- certificate signing (C.4.x.2) ----

  struct CsrJob {
    ChannelMessage message;
    std::string flow;
    std::string entity;
    std::string fqdn;
    CsrAuth auth = CsrAuth::initial_credential;
    std::string purpose;
    std::string credential_reference;  // when authenticated by an initial credential
    pki::PublicKey key;
    std::string ca;
  };

  // Step #2 could not be carried out (an internal error, not a refusal of the request): traced as
  // such, and the requester is answered so that it does not wait for ever.
  void internal_csr_error(const ChannelMessage& m, const std::string& step,
                          const std::string& what) {
    context().trace(internal_error_record("CsrValidation", m.peer.name, step, what));
    reject_csr(m, step, "internal error at the CMF");
  }

  void reject_csr(const ChannelMessage& m, const std::string& step, const std::string& reason) {
    json out = json::object();
    out["status"] = "rejected";
    out["reason"] = reason;
    reply(m, operations::kCertificateSigningResponse, step, std::move(out));
  }

  // Step #1: which registration the request belongs to, and whether it may ask.
  std::string identify(const ChannelMessage& m, Registration*& reg) {
    reg = nullptr;
    const json& body = m.envelope.body;
    switch (m.peer.kind) {
      case ChannelKind::day0:
        return "CSR needs a server_auth or mutual TLS channel";
      case ChannelKind::server_auth: {
        auto it = body.find("credential");
        if (it == body.end() || !it->is_object()) return "no initial credential and no certificate";
        const std::string reference = get_string(*it, "reference");
        reg = registry_.find_by_reference(reference);
        if (reg == nullptr) return "entity not registered (unknown credential reference)";
        return "";
      }
      case ChannelKind::mutual: {
        if (!m.peer.certificate) return "no peer certificate";
        const pki::Certificate& cert = *m.peer.certificate;
        const std::string serial = cert.serial_hex();
        reg = registry_.find_by_serial(serial);
        if (reg == nullptr) return "certificate not issued through this CMF";
        const cmf::IssuedCertificate* issued = reg->find_serial(serial);
        if (issued == nullptr || issued->der != cert.der())
          return "certificate not in the inventory";
        if (issued->state == cmf::CertificateState::revoked) return "certificate revoked";
        if (issued->state == cmf::CertificateState::superseded) return "certificate superseded";
        if (now() >= cert.not_after()) return "certificate expired";
        const auto dns = cert.san().dns;
        if (std::find(dns.begin(), dns.end(), reg->fqdn) == dns.end())
          return "certificate is not for the registered FQDN";
        return "";
      }
    }
    return "unknown channel kind";
  }

  void handle_csr(const ChannelMessage& m) {
    const json& body = m.envelope.body;
    const std::string flow = flow_of(m.envelope.step);
    const CsrAuth auth =
        m.peer.kind == ChannelKind::mutual ? CsrAuth::certificate : CsrAuth::initial_credential;
    const std::string auth_text = cmf::to_string(auth);
    const auto csr_der = get_bytes(body, "csr");

    // Step #1: registration check.
    Registration* reg = nullptr;
    const std::string problem = identify(m, reg);
    const std::string entity = reg != nullptr ? reg->entity : m.peer.name;
    std::string fqdn = reg != nullptr ? reg->fqdn : "";
    if (fqdn.empty() && csr_der) {
      try {
        fqdn = pki::Csr::from_der(*csr_der).content().subject.common_name();
      } catch (const std::exception&) {
      }
    }
    if (!config_.skip_registration_check) {
      TraceDetail detail = about(entity, fqdn).add("auth", auth_text);
      if (!problem.empty()) detail.add("reason", problem);
      record(RecordKind::decision, "RegistrationCheck", step_in(flow, 1),
             problem.empty() ? "ok" : "rejected", m.peer.name, detail);
      if (!problem.empty()) return reject_csr(m, step_in(flow, 1), problem);
    } else if (!problem.empty() && m.peer.kind == ChannelKind::server_auth) {
      reg = nullptr;  // an unknown entity: only its CSR speaks for it
    }

    // Step #2: CSR, credential or certificate, key attestation.
    const std::string step2 = step_in(flow, 2);
    std::string purpose = get_string(body, "purpose", "enrolment");
    std::optional<std::string> invalid;
    cmf::CsrCheckResult check;
    std::optional<cmf::PresentedCredential> presented;
    if (auth == CsrAuth::initial_credential) {
      if (auto it = body.find("credential"); it != body.end() && it->is_object()) {
        cmf::PresentedCredential p;
        p.reference = get_string(*it, "reference");
        p.mac = get_bytes(*it, "mac");
        p.salt =
            get_bytes(*it, "salt").value_or(pki::Bytes(p.reference.begin(), p.reference.end()));
        if (auto n = it->find("iterations"); n != it->end() && n->is_number_integer())
          p.iterations = static_cast<int>(std::clamp<long long>(n->get<long long>(), 0, 1'000'000));
        presented = std::move(p);
      }
    }
    if (!csr_der) {
      invalid = "CSR missing";
    } else if (purpose != "enrolment" && purpose != "renewal") {
      invalid = "unknown purpose \"" + purpose + "\"";
    } else if (purpose == "renewal" && auth != CsrAuth::certificate) {
      invalid = "renewal needs mutual TLS with the current certificate";
    } else {
      cmf::CsrCheckInput input;
      input.csr_der = *csr_der;
      input.registration = reg;
      input.auth = auth;
      input.credential = presented;
      input.now = current_time();
      check = cmf::check_csr(config_, input);
      invalid = check.problem;
    }
    if (check.internal_error) return internal_csr_error(m, step2, *check.internal_error);
    if (config_.skip_csr_validation) {
      invalid.reset();
      if (!check.csr) return reject_csr(m, step2, "CSR does not decode");
    }
    if (!invalid && check.csr && !config_.skip_attestation_check) {
      const pki::Bytes nonce = reg != nullptr ? reg->attestation_nonce : pki::Bytes{};
      if (auto outcome =
              cmf::verify_csr_attestation(config_, *check.csr, nonce, vendor_roots_, now())) {
        if (outcome->internal_error) return internal_csr_error(m, step2, outcome->reason);
        TraceDetail detail = about(entity, fqdn);
        if (!outcome->ok) detail.add("reason", outcome->reason);
        record(RecordKind::crypto, "KeyAttestationVerification", step2,
               outcome->ok ? "ok" : "rejected", m.peer.name, detail);
        if (!outcome->ok) invalid = "key attestation: " + outcome->reason;
      }
    }
    if (!config_.skip_csr_validation) {
      TraceDetail detail = about(entity, fqdn).add("auth", auth_text).add("purpose", purpose);
      if (check.csr)
        detail.add("key_type", std::string(pki::to_string(check.csr->public_key().type())))
            .add("spki_sha256", pki::to_hex(check.csr->public_key().spki_sha256()));
      if (invalid) detail.add("reason", *invalid);
      record(RecordKind::crypto, "CsrValidation", step2, invalid ? "rejected" : "ok", m.peer.name,
             detail);
    }
    if (invalid) return reject_csr(m, step2, *invalid);

    // Accepted: reserve the initial credential, forward to the CA (#3).
    CsrJob job{m,
               flow,
               entity,
               fqdn,
               auth,
               purpose,
               "",
               check.csr->public_key(),
               reg != nullptr ? reg->ca : config_.ca};
    if (auth == CsrAuth::initial_credential && reg != nullptr && reg->credential && presented &&
        reg->credential->reference == presented->reference) {
      reg->credential->in_use = true;
      job.credential_reference = presented->reference;
    }
    const RaIdentity* ra = identity(job.ca);
    if (ra == nullptr) {
      if (!job.credential_reference.empty()) reg->credential->in_use = false;
      record(RecordKind::decision, "CaRequest", step_in(flow, 5), "failed", job.ca,
             about(entity, fqdn)
                 .add("ca", job.ca)
                 .add("reason", "the CMF holds no RA certificate at this CA"),
             reference_points::kCa1);
      return reject_csr(m, step_in(flow, 6), "CA unavailable");
    }
    const pki::Csr csr = *check.csr;
    const pki::Certificate own_cert = *ra->certificate;
    const pki::PrivateKey own_key = *ra->key;
    const pki::Instant at = now();
    ra_.run(
        job.ca, cmp_config(*ra), step_in(flow, 3), step_in(flow, 5), "",
        [csr, own_cert, own_key, at](pki::CmpClient& client) {
          return client.enrol_p10cr(csr, own_cert, own_key, at);
        },
        [this, job](const CmpExchange::Outcome& outcome) {
          guarded(operations::kCertificateSigningRequest, job.message.peer.name,
                  [&] { on_issued(job, outcome.result); });
        });
  }

  // The chain delivered with a certificate: issuing CA(s) up to and including the root.
  std::vector<pki::Certificate> chain_for(const pki::Certificate& leaf,
                                          const std::vector<pki::Certificate>& from_ca) const {
    std::vector<pki::Certificate> pool = from_ca;
    const auto known = known_ca_certificates();
    pool.insert(pool.end(), known.begin(), known.end());
    std::vector<pki::Certificate> out;
    pki::Certificate current = leaf;
    for (int depth = 0; depth < 8 && !(current.subject() == current.issuer()); ++depth) {
      auto it = std::find_if(pool.begin(), pool.end(), [&](const pki::Certificate& c) {
        return !(c == current) && c.subject() == current.issuer();
      });
      if (it == pool.end()) break;
      out.push_back(*it);
      current = *it;
    }
    return out;
  }

  void on_issued(const CsrJob& job, const pki::CmpResult& result) {
    Registration* reg = registry_.find(job.entity);
    if (reg != nullptr && !job.credential_reference.empty() && reg->credential &&
        reg->credential->reference == job.credential_reference)
      reg->credential->in_use = false;
    const ChannelMessage& m = job.message;
    std::string problem;
    if (!result.ok() || !result.certificate) {
      problem = ca_failure(result);
    } else if (!(result.certificate->public_key() == job.key)) {
      problem = "the CA certified another key";
    }
    if (!problem.empty()) {
      record(RecordKind::decision, "CaRequest", step_in(job.flow, 5), "failed", job.ca,
             about(job.entity, job.fqdn).add("ca", job.ca).add("reason", problem),
             reference_points::kCa1);
      return reject_csr(m, step_in(job.flow, 6), problem);
    }
    const pki::Certificate& certificate = *result.certificate;
    const auto chain = chain_for(certificate, result.chain);
    if (reg != nullptr) {
      if (!job.credential_reference.empty() && reg->credential &&
          reg->credential->reference == job.credential_reference)
        reg->credential->used = true;
      cmf::IssuedCertificate issued;
      issued.serial = certificate.serial_hex();
      issued.not_after = certificate.not_after();
      issued.der = certificate.der();
      issued.purpose = job.purpose;
      issued.ca = job.ca;
      registry_.add_certificate(*reg, std::move(issued));
      last_channel_[job.entity] = m.peer.kind;
    }
    const std::string step6 = step_in(job.flow, 6);
    record(RecordKind::decision, "CertificateDelivered", step6, "ok", m.peer.name,
           about(job.entity, job.fqdn)
               .add("serial", certificate.serial_hex())
               .add("not_after", utc(certificate.not_after()))
               .add("purpose", job.purpose)
               .add("ca", job.ca));
    json out = json::object();
    out["status"] = "issued";
    out["reason"] = "";
    set_bytes(out, "certificate", certificate.der());
    std::vector<pki::Bytes> chain_der;
    for (const auto& c : chain) chain_der.push_back(c.der());
    set_bytes_list(out, "chain", chain_der);
    reply(m, operations::kCertificateSigningResponse, step6, std::move(out));
  }

  // ---- revocation ----

  void reject_revocation(const ChannelMessage& m, const std::string& entity,
                         const std::string& fqdn, const std::string& reason) {
    record(RecordKind::decision, "RevocationRequest", "", "rejected", m.peer.name,
           about(entity, fqdn).add("consumer", m.peer.name).add("reason", reason));
    json out = json::object();
    out["status"] = "rejected";
    out["reason"] = reason;
    out["entity"] = entity;
    reply(m, operations::kRevokeCertificateResponse, "", std::move(out));
  }

  void handle_revoke(const ChannelMessage& m) {
    const json& body = m.envelope.body;
    const std::string entity = get_string(body, "entity");
    const std::string reason_text = get_string(body, "reason", "unspecified");
    // A trusted consumer over day-0 may ask for any entity; an entity for itself only, over
    // mutual TLS with the very certificate it wants revoked.
    const bool self = m.peer.kind == ChannelKind::mutual && m.peer.certificate && !entity.empty() &&
                      m.peer.name == entity;
    std::string reason;
    if (!self && !trusted_consumer(m, reason)) return reject_revocation(m, entity, "", reason);
    Registration* reg = registry_.find(entity);
    if (reg == nullptr) return reject_revocation(m, entity, "", "entity not registered");
    const cmf::IssuedCertificate* current = reg->current();
    if (current == nullptr)
      return reject_revocation(m, entity, reg->fqdn, "entity holds no current certificate");
    if (self && m.peer.certificate->serial_hex() != current->serial)
      return reject_revocation(m, entity, reg->fqdn,
                               "an entity may revoke only the certificate it authenticates with");
    const pki::Certificate target = pki::Certificate::from_der(current->der);
    const std::string serial = current->serial;
    const std::string fqdn = reg->fqdn;
    const std::string ca = current->ca.empty() ? reg->ca : current->ca;
    const pki::RevocationReason code = cmf::parse_revocation_reason(reason_text);
    const RaIdentity* ra = identity(ca);
    if (ra == nullptr) return reject_revocation(m, entity, fqdn, "CA unavailable");
    const pki::Certificate own_cert = *ra->certificate;
    const pki::PrivateKey own_key = *ra->key;
    const pki::Instant at = now();
    ra_.run(
        ca, cmp_config(*ra), "", "", "",
        [target, own_cert, own_key, code, at](pki::CmpClient& client) {
          return client.revoke_rr_for(target, own_cert, own_key, code, at);
        },
        [this, m, entity, fqdn, serial, reason_text](const CmpExchange::Outcome& outcome) {
          guarded(operations::kRevokeCertificateRequest, m.peer.name,
                  [&] { on_revoked(m, entity, fqdn, serial, reason_text, outcome.result); });
        });
  }

  void on_revoked(const ChannelMessage& m, const std::string& entity, const std::string& fqdn,
                  const std::string& serial, const std::string& reason_text,
                  const pki::CmpResult& result) {
    if (!result.ok()) {
      const std::string problem = ca_failure(result);
      return reject_revocation(m, entity, fqdn, problem);
    }
    Registration* reg = registry_.find(entity);
    if (reg != nullptr) {
      if (auto* issued = reg->find_serial(serial)) issued->state = cmf::CertificateState::revoked;
    }
    record(RecordKind::decision, "RevocationRequest", "", "ok", m.peer.name,
           about(entity, fqdn)
               .add("consumer", m.peer.name)
               .add("serial", serial)
               .add("reason", reason_text));
    json removed = json::object();
    removed["serial"] = serial;
    removed["reason"] = reason_text;
    json out = json::object();
    out["status"] = "revoked";
    out["reason"] = reason_text;
    out["entity"] = entity;
    out["serial"] = serial;
    // An entity that asked for itself gets the answer first, on the session it asked on, before
    // the removal makes it close its sessions.
    const bool self = m.peer.name == entity;
    if (self) reply(m, operations::kRevokeCertificateResponse, "", out);
    auto kind = last_channel_.find(entity);
    channels_.send(entity, kind != last_channel_.end() ? kind->second : ChannelKind::mutual,
                   reference_points::kCmf1,
                   Envelope{operations::kCertificateRemoved, "", std::move(removed)});
    if (!self) reply(m, operations::kRevokeCertificateResponse, "", std::move(out));
  }

  // ---- CRL-DP ----

  void on_crl(const sim::Message& message) {
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    std::optional<pki::Bytes> der;
    if (envelope && envelope->operation == operations::kCrlPublication)
      der = get_bytes(envelope->body, "crl");
    if (!der) {
      record(
          RecordKind::decision, "CrlUpdate", "", "rejected", message.from,
          TraceDetail().add("reason", envelope ? "not a CRL publication" : "undecodable: " + why),
          reference_points::kCrlDp);
      return;
    }
    std::optional<pki::Crl> crl;
    try {
      crl = pki::Crl::from_der(*der);
    } catch (const pki::DecodeError&) {
      record(RecordKind::decision, "CrlUpdate", "", "rejected", message.from,
             TraceDetail().add("reason", "CRL does not decode"), reference_points::kCrlDp);
      return;
    }
    if (!ready_) {
      // The CRL's issuer is known only once the CMF holds its chain.
      if (pending_crls_.size() >= kMaxPendingCrls) pending_crls_.erase(pending_crls_.begin());
      pending_crls_.emplace_back(std::move(*crl), message.from);
      return;
    }
    accept_crl(*crl, message.from);
  }

  void accept_crl(const pki::Crl& crl, const std::string& from) {
    const std::vector<pki::Certificate> issuers = known_ca_certificates();
    const auto issuer_name = crl.issuer();
    const bool verified = std::any_of(issuers.begin(), issuers.end(), [&](const auto& c) {
      return c.subject() == issuer_name && crl.signed_by(c);
    });
    if (!verified) {
      record(RecordKind::decision, "CrlUpdate", "", "rejected", from,
             TraceDetail().add("reason", "CRL issuer unknown or signature invalid"),
             reference_points::kCrlDp);
      return;
    }
    const std::string key = issuer_name.to_string();
    auto it = crls_.find(key);
    if (it != crls_.end() && it->second.number() >= crl.number()) {
      record(RecordKind::decision, "CrlUpdate", "", "ignored", from,
             TraceDetail()
                 .add("number", static_cast<long long>(crl.number()))
                 .add("reason", "not newer than the CRL held"),
             reference_points::kCrlDp);
      return;
    }
    crls_.insert_or_assign(key, crl);
    auto& held = channels_.credentials().crls;
    held.clear();
    for (const auto& [issuer, c] : crls_) held.push_back(c);
    const auto revoked = crl.revoked();
    for (const auto& entry : revoked) {
      for (auto& [entity, reg] : registry_.all())
        for (auto& issued : reg.certificates)
          if (same_serial(issued.serial, entry.serial_hex))
            issued.state = cmf::CertificateState::revoked;
    }
    if (direct_) direct_->on_crl(crl);
    record(RecordKind::decision, "CrlUpdate", "", "ok", from,
           TraceDetail()
               .add("issuer", key)
               .add("number", static_cast<long long>(crl.number()))
               .add("entries", static_cast<long long>(revoked.size())),
           reference_points::kCrlDp);
  }

  // ---- HSM vendor roots (key attestation) ----

  void on_vendor_root(const sim::Message& message) {
    auto reject = [&](const std::string& reason) {
      record(RecordKind::decision, operations::kHsmVendorRoot, "", "rejected", message.from,
             TraceDetail().add("reason", reason), reference_points::kHsmIf);
    };
    // Vendor roots are taken only from the configured HSMs (an empty list: from none).
    if (config_.hsm_vendor_roots_from.empty())
      return reject("vendor roots are not taken from " + message.from);
    const auto intake =
        take_day0_root(message, config_.hsm_vendor_roots_from, operations::kHsmVendorRoot,
                       "vendor_root", "vendor root", false);
    if (!intake.root) return reject(intake.problem);
    const pki::Certificate* root = &*intake.root;
    add_root_once(vendor_roots_, *root);
    if (direct_) direct_->on_hsm_vendor_root(message.from, *root);
    record(RecordKind::decision, operations::kHsmVendorRoot, "", "accepted", message.from,
           TraceDetail().add("subject", root->subject().to_string()), reference_points::kHsmIf);
  }

  // ---- expiry monitoring ----

  void monitor() {
    const pki::Instant at = now();
    for (auto& [entity, reg] : registry_.all()) {
      cmf::IssuedCertificate* current = reg.current();
      if (current == nullptr || current->expiry_alarm_raised) continue;
      if (current->not_after.unix_ns - at.unix_ns >= config_.expiry_alarm_threshold.ns()) continue;
      current->expiry_alarm_raised = true;
      record(RecordKind::decision, "ExpiryAlarm", "", "raised", entity,
             about(entity, reg.fqdn)
                 .add("serial", current->serial)
                 .add("not_after", utc(current->not_after)));
    }
    if (direct_) direct_->monitor();
    context().schedule(config_.monitor_interval, "ExpiryMonitor",
                       [this] { guarded("ExpiryMonitor", "", [&] { monitor(); }); });
  }

  struct Waiting {
    ChannelMessage message;
    sim::EventId timer;
  };

  cmf::CmfConfig config_;
  SecureChannels channels_;
  WorkQueue queue_;
  CmpExchange ra_;  // CA-1, the CMF as RA
  cmf::EntityRegistry registry_;
  bool ready_ = false;
  std::map<std::string, RaIdentity> identities_;  // by CA actor; config_.ca is the primary
  std::vector<pki::Certificate> vendor_roots_;
  std::map<std::string, pki::Crl> crls_;                        // latest per issuer DN
  std::vector<std::pair<pki::Crl, std::string>> pending_crls_;  // before the chains were known
  std::map<std::string, ChannelKind> last_channel_;  // entity -> kind of its last CSR session
  std::map<std::uint64_t, Waiting> waiting_;         // requests waiting for readiness
  std::uint64_t next_waiting_ = 0;
  std::unique_ptr<cmf::DirectMode> direct_;  // with `direct_mode` only; destroyed first
};

}  // namespace

void register_cmf_actor(sim::ActorRegistry& registry) {
  sim::ActorType type;
  type.description =
      "Certificate Management Function: registration, CA selection, initial credentials, CSR "
      "validation and key attestation, RA towards the CA over CMP, revocation, inventory and "
      "expiry monitoring";
  type.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<CmfActor>(context, spec);
  };
  type.check_params = cmf::check_cmf_params;
  type.params = cmf::cmf_param_rules();
  // Direct mode's commands (actors/cmf/direct_mode.cpp).
  type.commands = std::vector<sim::CommandRule>{
      {"revoke_vnfci_certificate",
       "revoke the current certificates of a VNFCI that keeps running (it is not told)",
       {{"vnfci", sim::ParamType::string, "the VNFCI whose certificates are revoked", true},
        {"identity", sim::ParamType::string, "only this identity of it", false, "every identity"},
        {"reason", sim::ParamType::string, "CRL reason", false, "keyCompromise"}}},
      {"query_vnf",
       "QueryVnf to a VNFM about a VNF (over mutual TLS)",
       {{"vnf", sim::ParamType::string, "the VNF instance asked about", true},
        {"vnfm", sim::ParamType::string, "the VNFM asked", false,
         "the first of direct_mode.vnfms"}}},
  };
  registry.add(kTypeName, std::move(type));
}

}  // namespace ifa026::actors
