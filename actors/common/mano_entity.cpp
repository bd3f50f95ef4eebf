// The NFV-MANO entity shared by the nfvo, vnfm, vim, wim, cism and cir actor types (see
// mano_entity.hpp and docs/mano-certificates.md).
//
// Modelling decision (HSM mode, parameter `hsm`): the key pair is generated in the HSM actor, the
// key-attestation statement bound to the CMF's nonce is obtained from it and the CSR is signed by
// it (flow C.4.x.2.7); the private key never leaves the HSM. pki::TlsChannel needs the private key
// in process to sign handshakes, so an HSM-mode entity cannot authenticate TLS sessions with that
// key: it holds and verifies its certificate (CertificateHolder), but does not install it into its
// TLS credentials, does not run peer session checks (traced as SessionCheck `skipped`) and cannot
// renew over mutual TLS (RenewalDue is followed by EnrolmentFailed with that reason).
#include "actors/common/mano_entity.hpp"
#include "actors/common/internal_error.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/certificate_holder.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/crl.hpp"
#include "pki/csr.hpp"
#include "pki/drbg.hpp"
#include "pki/password_based_mac.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;
using sim::RecordKind;
using sim::TraceRecord;

std::vector<ParamRule> entity_param_rules() {
  return {
      {"day0", ParamType::string_map, "day-0 secrets by peer actor (the OSS, relaying entities)"},
      {"hsm", ParamType::string, "HSM actor holding this entity's keys (flow C.4.x.2.7)"},
      {"key_type", ParamType::string, "key type override (ec-p256, ec-p384, rsa-2048, ...)"},
      {"renewal_threshold", ParamType::duration, "renew when not_after - now <= threshold", false,
       "30d"},
      {"auto_enrol", ParamType::boolean, "enrol when the configuration arrives", false, "true"},
      {"peers", ParamType::string_list, "entities to open mutual TLS session checks with"},
      {"auto_renew", ParamType::boolean,
       "renew before expiry by its own expiry watch (false: negative scenarios, the certificate "
       "is left to expire)",
       false, "true"},
      {"ignore_removal", ParamType::boolean,
       "keep using a certificate the CMF removed (negative scenario: a revoked peer)", false,
       "false"},
      {"peer_retry", ParamType::duration, "retry period of session checks", false, "1m"},
      {"peer_retries", ParamType::integer, "session check retries", false, "10"},
      {"tamper_csr", ParamType::boolean, "flip a byte of the CSR signature (negative scenario)"},
      {"wrong_secret", ParamType::boolean, "MAC the CSR with a wrong secret (negative scenario)"},
      {"enrol_retries", ParamType::integer, "enrolment retries after a failure", false, "0"},
      {"enrol_retry_delay", ParamType::duration, "delay before an enrolment retry", false, "30s"},
      {"processing", ParamType::duration_map, "processing times: keygen (5ms), sign (1ms)"},
      {"concurrency", ParamType::integer, "parallel key generation / signing jobs", false, "1"},
      {"access", ParamType::string_list,
       "peers allowed to send requests besides the configuration relays"},
  };
}

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

// The secret of an initial credential as bytes (text or a byte string).
std::optional<pki::Bytes> secret_bytes(const json& credential) {
  if (!credential.is_object()) return std::nullopt;
  auto it = credential.find("secret");
  if (it == credential.end()) return std::nullopt;
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    return pki::Bytes(s.begin(), s.end());
  }
  if (it->is_binary()) return pki::Bytes(it->get_binary().begin(), it->get_binary().end());
  return std::nullopt;
}

// What the OSS configured for this entity (SetCertificateConfiguration with target = self).
struct Configuration {
  std::string fqdn;
  std::string subject;
  pki::KeyType key_type = pki::KeyType::ec_p256;
  std::string cmf;
  std::string credential_reference;
  std::optional<pki::Bytes> credential_secret;
  pki::Bytes attestation_nonce;
  std::vector<pki::Certificate> trust_anchors;
  std::string relay;  // the peer that delivered it
};

// One enrolment or renewal in progress.
struct Attempt {
  std::uint64_t id = 0;
  std::string purpose;  // "enrolment" or "renewal"
  bool in_hsm = false;
  std::optional<pki::PrivateKey> key;  // own key (not in HSM mode)
  std::optional<pki::PublicKey> public_key;
  std::string hsm_handle;
  std::optional<pki::Bytes> attestation;
  bool waiting_for_cmf = false;
  std::string awaiting_hsm;  // the HSM response expected next
};

struct PendingCrl {
  std::string from;
  pki::Crl crl;
};

struct PeerCheck {
  std::uint64_t generation = 0;
  long long attempts = 0;
  pki::Bytes nonce;
  bool answered = false;
  sim::EventId timer;
  ChannelKind channel = ChannelKind::mutual;
};

class ManoEntity final : public sim::Actor, public CertificateHolder, public ManoEntityHost {
 public:
  ManoEntity(sim::ActorContext& context, const sim::ActorSpec& spec, ManoEntityKind kind)
      : Actor(context),
        kind_(std::move(kind)),
        hsm_(string_param(spec.params, "hsm")),
        key_type_override_(string_param(spec.params, "key_type")),
        renewal_threshold_(
            duration_param(spec.params, "renewal_threshold", sim::Duration::days(30))),
        auto_enrol_(bool_param(spec.params, "auto_enrol", true)),
        peers_(string_list_param(spec.params, "peers")),
        auto_renew_(bool_param(spec.params, "auto_renew", true)),
        ignore_removal_(bool_param(spec.params, "ignore_removal", false)),
        peer_retry_(duration_param(spec.params, "peer_retry", sim::Duration::minutes(1))),
        peer_retries_(int_param(spec.params, "peer_retries", 10)),
        tamper_csr_(bool_param(spec.params, "tamper_csr", false)),
        wrong_secret_(bool_param(spec.params, "wrong_secret", false)),
        enrol_retries_(int_param(spec.params, "enrol_retries", 0)),
        enrol_retry_delay_(
            duration_param(spec.params, "enrol_retry_delay", sim::Duration::seconds(30))),
        keygen_time_(
            duration_entry(spec.params, "processing", "keygen", sim::Duration::milliseconds(5))),
        sign_time_(
            duration_entry(spec.params, "processing", "sign", sim::Duration::milliseconds(1))),
        access_(string_list_param(spec.params, "access")),
        access_control_(kind_.access_control || spec.params.contains("access")),
        queue_(context,
               static_cast<std::size_t>(std::max(1LL, int_param(spec.params, "concurrency", 1)))),
        channels_(
            context, [this](const ChannelMessage& m) { guarded([&] { on_channel_message(m); }); },
            [this](const std::string& peer, ChannelKind k, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              guarded([&] { on_channel_failure(peer, k, failure, dropped); });
            }) {
    channels_.credentials().day0_secrets = string_map_param(spec.params, "day0");
    if (kind_.extension) extension_ = kind_.extension(*this, spec);
  }

  // ---- sim::Actor ----

  void on_start() override {
    if (extension_) guarded([&] { extension_->on_start(); });
  }

  void on_message(const sim::Message& message) override {
    guarded([&] {
      if (channels_.handle(message)) return;
      on_plain_message(message);
    });
  }

  void on_command(const sim::Command& command) override {
    if (command.name == "enrol") {
      guarded([&] { start_enrolment("enrolment"); });
    } else if (command.name == "renew") {
      guarded([&] {
        if (!current_) {
          decision("Renewal", "rejected", TraceDetail().add("reason", "no certificate held"));
          return;
        }
        renewal_due("command");
      });
    } else if (command.name == "check_peers") {
      guarded([&] { run_peer_checks(command.args); });
    } else if (command.name == "revoke") {
      guarded(
          [&] { request_revocation(command.args.value("reason", std::string("unspecified"))); });
    } else {
      bool handled = false;
      if (extension_) guarded([&] { handled = extension_->on_command(command); });
      if (!handled) Actor::on_command(command);
    }
  }

  // ---- ManoEntityHost ----

  sim::ActorContext& actor_context() override { return context(); }
  SecureChannels& channels() override { return channels_; }
  bool can_authenticate() const override {
    return channels_.credentials().key.has_value() &&
           channels_.credentials().certificate.has_value();
  }
  std::string entity_fqdn() const override { return fqdn(); }
  void trace_record(RecordKind kind, const std::string& operation, const std::string& outcome,
                    const std::string& detail, const std::string& peer,
                    const std::string& reference_point, const std::string& step) override {
    TraceRecord r;
    r.kind = kind;
    r.operation = operation;
    r.outcome = outcome;
    r.peer = peer;
    r.reference_point = reference_point;
    r.step = step;
    std::string text = entity_detail().str();
    if (!detail.empty()) text += "; " + detail;
    r.detail = std::move(text);
    context().trace(std::move(r));
  }

  // ---- CertificateHolder ----

  std::optional<HeldCertificate> current_certificate() const override { return current_; }
  std::vector<HeldCertificate> certificate_history() const override { return history_; }
  std::vector<pki::Certificate> trust_anchors() const override {
    return config_ ? config_->trust_anchors : std::vector<pki::Certificate>{};
  }
  std::string fqdn() const override { return config_ ? config_->fqdn : std::string(); }

 private:
  // Runs `work`, turning any exception into a traced internal error (never out of the kernel's
  // call, never a refusal).
  template <typename F>
  void guarded(F&& work) {
    try {
      work();
    } catch (const std::exception& e) {
      context().trace(internal_error_record("InternalError", "", "", e.what()));
    }
  }

  // ---- tracing ----

  TraceDetail entity_detail() const {
    TraceDetail detail;
    detail.add("entity", name());
    detail.add("fqdn", fqdn());
    return detail;
  }

  void record(RecordKind kind, const std::string& operation, const std::string& outcome,
              const TraceDetail& extra, const std::string& peer = "",
              const std::string& reference_point = "", const std::string& step = "") {
    TraceRecord r;
    r.kind = kind;
    r.operation = operation;
    r.outcome = outcome;
    r.peer = peer;
    r.reference_point = reference_point;
    r.step = step;
    std::string detail = entity_detail().str();
    if (!extra.str().empty()) detail += "; " + extra.str();
    r.detail = std::move(detail);
    context().trace(std::move(r));
  }
  void decision(const std::string& operation, const std::string& outcome,
                const TraceDetail& extra = {}, const std::string& peer = "",
                const std::string& step = "") {
    record(RecordKind::decision, operation, outcome, extra, peer, "", step);
  }
  void crypto(const std::string& operation, const std::string& outcome,
              const TraceDetail& extra = {}, const std::string& peer = "") {
    record(RecordKind::crypto, operation, outcome, extra, peer);
  }

  // ---- flow steps ----

  std::string csr_step() const {
    if (kind_.csr_flow.empty()) return "";
    return kind_.csr_flow + (hsm_.empty() ? ".6#0" : ".7#0");
  }

  std::string reference_point_to(const std::string& peer) const {
    if (config_ && peer == config_->cmf) return reference_points::kCmf1;
    auto kind = kinds_.find(peer);
    if (kind != kinds_.end()) {
      if (kind->second == "oss") return kOssReferencePoint;
      auto rp = kind_.reference_points.find(kind->second);
      if (rp != kind_.reference_points.end()) return rp->second;
    }
    return "";
  }

  // ---- messages outside TLS: the HSM (HSM-If) and CRL publications (CRL-DP) ----

  void on_plain_message(const sim::Message& message) {
    std::string error;
    auto envelope = decode_envelope(message.payload, &error);
    if (!envelope) {
      record(RecordKind::decision, message.operation.empty() ? "Message" : message.operation,
             "rejected", TraceDetail().add("reason", "undecodable envelope: " + error),
             message.from, message.reference_point);
      return;
    }
    const std::string& op = envelope->operation;
    if (op == operations::kCrlPublication) return on_crl(message.from, *envelope);
    if (!hsm_.empty() && message.from == hsm_ &&
        (op == operations::kGenerateKeyPairResponse || op == operations::kKeyAttestationResponse ||
         op == operations::kSignCsrResponse))
      return on_hsm_response(*envelope);
    record(RecordKind::decision, op, "rejected",
           TraceDetail().add("reason", "not accepted outside a secure channel"), message.from,
           message.reference_point);
  }

  void on_crl(const std::string& from, const Envelope& envelope) {
    auto der = get_bytes(envelope.body, "crl");
    if (!der) {
      crypto("CrlVerification", "rejected", TraceDetail().add("reason", "no crl"), from);
      return;
    }
    apply_crl(from, pki::Crl::from_der(*der));  // DecodeError -> guarded rejection
  }

  // Verifies a CRL against the CAs this entity knows (trust anchor, delivered chain) and makes it
  // the one its TLS sessions check; kept for later when its issuer is not known yet.
  void apply_crl(const std::string& from, const pki::Crl& crl) {
    const auto number = static_cast<long long>(crl.number());
    std::vector<pki::Certificate> issuers = trust_anchors();
    if (current_) issuers.insert(issuers.end(), current_->chain.begin(), current_->chain.end());
    bool issuer_known = false;
    bool signed_ok = false;
    for (const auto& issuer : issuers) {
      if (!(issuer.subject() == crl.issuer())) continue;
      issuer_known = true;
      if (crl.signed_by(issuer)) signed_ok = true;
    }
    if (!issuer_known) {
      pending_crl_ = PendingCrl{from, crl};
      decision("CrlUpdated", "deferred",
               TraceDetail().add("number", number).add("reason", "issuer not known yet"), from);
      return;
    }
    if (!signed_ok) {
      crypto("CrlVerification", "rejected",
             TraceDetail().add("number", number).add("reason", "signature does not verify"), from);
      return;
    }
    crypto("CrlVerification", "ok", TraceDetail().add("number", number), from);
    channels_.credentials().crls = {crl};
    decision("CrlUpdated", "ok",
             TraceDetail()
                 .add("number", number)
                 .add("entries", static_cast<long long>(crl.revoked().size())),
             from);
  }

  // ---- secure channel messages ----

  void on_channel_message(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    if (op == operations::kSetCertificateConfiguration) return on_set_configuration(m);
    if (op == operations::kCertificateSigningResponse) return on_csr_response(m);
    if (op == operations::kCertificateRemoved) return on_removed(m);
    if (op == operations::kRevokeCertificateResponse) return on_revocation_response(m);
    if (op == operations::kSessionCheckResponse) return on_session_check_response(m);
    // Every other operation is a request to this entity: access control first.
    if (!authorised(m)) return;
    if (op == operations::kSessionCheckRequest) {
      Envelope reply{operations::kSessionCheckResponse, "", json::object()};
      auto nonce = get_bytes(m.envelope.body, "nonce");
      if (!nonce) {
        reply.body["status"] = "error";
        reply.body["reason"] = "no nonce";
      } else {
        set_bytes(reply.body, "nonce", *nonce);
      }
      channels_.reply(m, std::move(reply));
      return;
    }
    if (extension_ && extension_->on_request(m)) return;
    record(RecordKind::decision, op, "rejected",
           TraceDetail().add("reason", "unsupported operation"), m.peer.name, m.reference_point);
    Envelope reply{op + "Error", "", json::object()};
    reply.body["status"] = "error";
    reply.body["reason"] = "unsupported operation";
    channels_.reply(m, std::move(reply));
  }

  // Wim/Cism/Cir.Sc.001: only a peer authenticated by a mutual certificate (chained to the trust
  // anchor by the channel) and allowed by `access` (or a configuration relay) may send requests.
  bool authorised(const ChannelMessage& m) {
    std::string reason;
    if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
      reason = "not authenticated by a certificate (channel " +
               std::string(to_string(m.peer.kind)) + ")";
    } else if (access_control_ && !allowed_peer(m.peer.name)) {
      reason = "peer not in access list";
    }
    if (reason.empty()) return true;
    TraceDetail detail;
    detail.add("peer", m.peer.name).add("operation", m.envelope.operation).add("reason", reason);
    record(RecordKind::decision, "AccessDenied", "rejected", detail, m.peer.name,
           m.reference_point);
    Envelope reply{m.envelope.operation == operations::kSessionCheckRequest
                       ? operations::kSessionCheckResponse
                       : m.envelope.operation + "Error",
                   "", json::object()};
    reply.body["status"] = "error";
    reply.body["reason"] = "access denied: " + reason;
    channels_.reply(m, std::move(reply));
    return false;
  }

  bool allowed_peer(const std::string& peer) const {
    if (std::find(access_.begin(), access_.end(), peer) != access_.end()) return true;
    return relays_.count(peer) > 0;
  }

  // ---- configuration (Os-Ma-Nfvo and relays) ----

  void on_set_configuration(const ChannelMessage& m) {
    const json& body = m.envelope.body;
    const std::string target = get_string(body, "target");
    if (m.peer.kind == ChannelKind::server_auth ||
        (m.peer.kind == ChannelKind::mutual && !allowed_peer(m.peer.name) && access_control_)) {
      record(RecordKind::decision, "AccessDenied", "rejected",
             TraceDetail()
                 .add("peer", m.peer.name)
                 .add("operation", operations::kSetCertificateConfiguration)
                 .add("reason", "configuration only over day-0 or from a relay"),
             m.peer.name, m.reference_point);
      return;
    }
    if (auto kinds = body.find("kinds"); kinds != body.end() && kinds->is_object())
      for (const auto& [actor, kind] : kinds->items())
        if (kind.is_string()) kinds_[actor] = kind.get<std::string>();
    relays_.insert(m.peer.name);
    if (target.empty()) {
      decision("CertificateConfiguration", "rejected", TraceDetail().add("reason", "no target"),
               m.peer.name);
      return;
    }
    if (target != name()) return relay_configuration(m, target);
    store_configuration(m);
  }

  void relay_configuration(const ChannelMessage& m, const std::string& target) {
    json body = m.envelope.body;
    std::vector<std::string> via;
    if (auto it = body.find("via"); it != body.end() && it->is_array())
      for (const auto& hop : *it)
        if (hop.is_string()) via.push_back(hop.get<std::string>());
    std::string next = target;
    if (!via.empty()) {
      next = via.front();
      via.erase(via.begin());
    }
    body["via"] = via;
    TraceDetail detail;
    detail.add("target", target).add("next", next);
    const std::string rp = reference_point_to(next);
    if (rp.empty()) {
      detail.add("reason", "no reference point from " + kind_.kind + " to " +
                               (kinds_.count(next) ? kinds_.at(next) : std::string("unknown")));
      decision("RelayConfiguration", "rejected", detail, next);
      return;
    }
    ChannelKind channel;
    if (channels_.credentials().day0_secrets.count(next)) {
      channel = ChannelKind::day0;
    } else if (channels_.credentials().key && channels_.credentials().certificate) {
      channel = ChannelKind::mutual;
    } else {
      detail.add("reason", "no day-0 secret nor certificate for the next hop");
      decision("RelayConfiguration", "rejected", detail, next);
      return;
    }
    detail.add("reference_point", rp).add("channel", to_string(channel));
    record(RecordKind::decision, "RelayConfiguration", "ok", detail, next, rp);
    channels_.send(next, channel, rp,
                   Envelope{operations::kSetCertificateConfiguration, "", std::move(body)});
  }

  void store_configuration(const ChannelMessage& m) {
    const json& body = m.envelope.body;
    Configuration config;
    config.relay = m.peer.name;
    config.fqdn = get_string(body, "fqdn");
    config.cmf = get_string(body, "cmf");
    config.subject = get_string(body, "subject", "CN=" + config.fqdn + ",O=Operator");
    const std::string key_type =
        key_type_override_.empty() ? get_string(body, "key_type", "ec-p256") : key_type_override_;
    std::string problem;
    auto type = pki::key_type_from_string(key_type);
    auto anchor = get_bytes(body, "trust_anchor");
    if (config.fqdn.empty()) {
      problem = "no fqdn";
    } else if (config.cmf.empty()) {
      problem = "no cmf";
    } else if (!type) {
      problem = "unknown key type " + key_type;
    } else if (!anchor) {
      problem = "no trust anchor";
    }
    if (problem.empty()) {
      try {
        (void)pki::DistinguishedName::parse(config.subject);
        config.trust_anchors.push_back(pki::Certificate::from_der(*anchor));
        // The other roots the CMF named (its own, other CAs it selects), after the selected one.
        if (auto more = get_bytes_list(body, "trust_anchors"))
          for (const auto& der : *more) {
            auto root = pki::Certificate::from_der(der);
            if (std::find(config.trust_anchors.begin(), config.trust_anchors.end(), root) ==
                config.trust_anchors.end())
              config.trust_anchors.push_back(std::move(root));
          }
      } catch (const pki::PkiError& e) {
        problem = e.what();
      }
    }
    if (!problem.empty()) {
      decision("CertificateConfiguration", "rejected", TraceDetail().add("reason", problem),
               m.peer.name);
      return;
    }
    config.key_type = *type;
    if (auto it = body.find("initial_credential"); it != body.end() && it->is_object()) {
      config.credential_reference = get_string(*it, "reference");
      config.credential_secret = secret_bytes(*it);
    }
    if (auto nonce = get_bytes(body, "attestation_nonce")) config.attestation_nonce = *nonce;
    config_ = std::move(config);
    channels_.credentials().trust_anchors = config_->trust_anchors;
    decision("CertificateConfiguration", "stored",
             TraceDetail()
                 .add("subject", config_->subject)
                 .add("key_type", pki::to_string(config_->key_type))
                 .add("cmf", config_->cmf)
                 .add("relay", config_->relay),
             m.peer.name);
    if (auto_enrol_) start_enrolment("enrolment");
  }

  // ---- enrolment and renewal (C.4.x.2.6 / .7) ----

  void start_enrolment(const std::string& purpose) {
    if (!config_) {
      decision("EnrolmentFailed", "rejected",
               TraceDetail().add("purpose", purpose).add("reason", "not configured"));
      return;
    }
    if (purpose == "renewal" && !hsm_.empty()) {
      decision("EnrolmentFailed", "rejected",
               TraceDetail()
                   .add("purpose", purpose)
                   .add("reason",
                        "the HSM-resident key cannot authenticate the mutual TLS channel a "
                        "renewal needs (model limitation)"));
      return;
    }
    attempt_ = Attempt{};
    attempt_->id = ++attempt_counter_;
    attempt_->purpose = purpose;
    attempt_->in_hsm = !hsm_.empty();
    const auto id = attempt_->id;
    if (attempt_->in_hsm) {
      json body = json::object();
      body["key_type"] = pki::to_string(config_->key_type);
      attempt_->awaiting_hsm = operations::kGenerateKeyPairResponse;
      send_hsm(operations::kGenerateKeyPairRequest, std::move(body));
      return;
    }
    queue_.submit(keygen_time_, "keygen", [this, id] {
      guarded([&] {
        if (!current_attempt(id)) return;
        attempt_->key = pki::PrivateKey::generate(config_->key_type);
        attempt_->public_key = attempt_->key->public_key();
        // Annex B Sc.002 / Sc.005: which key, from which DRBG (docs/mano-certificates.md).
        decision("GenerateKey", "ok",
                 TraceDetail()
                     .add("key_type", pki::to_string(config_->key_type))
                     .add("in", "self")
                     .add("drbg", pki::private_key_drbg())
                     .add("spki_sha256", pki::to_hex(attempt_->public_key->spki_sha256()))
                     .add("purpose", attempt_->purpose),
                 "", csr_step());
        queue_.submit(sign_time_, "sign", [this, id] {
          guarded([&] {
            if (!current_attempt(id)) return;
            pki::CsrContent content;
            content.subject = pki::DistinguishedName::parse(config_->subject);
            content.san.dns = {config_->fqdn};
            content.extended_key_usage = {pki::ExtendedKeyUsage::client_auth,
                                          pki::ExtendedKeyUsage::server_auth};
            send_csr(pki::Csr::create(content, *attempt_->key).der());
          });
        });
      });
    });
  }

  bool current_attempt(std::uint64_t id) const { return attempt_ && attempt_->id == id; }

  void send_hsm(const std::string& operation, json body) {
    sim::Message message;
    message.to = hsm_;
    message.reference_point = reference_points::kHsmIf;
    message.operation = operation;
    message.step = csr_step();
    message.payload = encode_envelope(Envelope{operation, csr_step(), std::move(body)});
    context().send(std::move(message));
  }

  void on_hsm_response(const Envelope& envelope) {
    const std::string& op = envelope.operation;
    if (!attempt_ || attempt_->awaiting_hsm != op) {
      record(RecordKind::decision, op, "rejected",
             TraceDetail().add("reason", "unexpected HSM response"), hsm_,
             reference_points::kHsmIf);
      return;
    }
    attempt_->awaiting_hsm.clear();
    if (get_string(envelope.body, "status") == "error" ||
        get_string(envelope.body, "status") == "rejected")
      return enrolment_failed("HSM: " + get_string(envelope.body, "reason", "error"));
    if (op == operations::kGenerateKeyPairResponse) {
      auto spki = get_bytes(envelope.body, "public_key");
      attempt_->hsm_handle = get_string(envelope.body, "handle");
      if (!spki || attempt_->hsm_handle.empty())
        return enrolment_failed("HSM: no handle or public key");
      attempt_->public_key = pki::PublicKey::from_der(*spki);
      decision("GenerateKey", "ok",
               TraceDetail()
                   .add("key_type", pki::to_string(config_->key_type))
                   .add("in", "hsm")
                   .add("handle", attempt_->hsm_handle)
                   .add("spki_sha256", pki::to_hex(attempt_->public_key->spki_sha256()))
                   .add("purpose", attempt_->purpose),
               hsm_, csr_step());
      if (!config_->attestation_nonce.empty()) {
        json body = json::object();
        body["handle"] = attempt_->hsm_handle;
        set_bytes(body, "nonce", config_->attestation_nonce);
        attempt_->awaiting_hsm = operations::kKeyAttestationResponse;
        send_hsm(operations::kKeyAttestationRequest, std::move(body));
        return;
      }
      return request_hsm_csr();
    }
    if (op == operations::kKeyAttestationResponse) {
      auto statement = get_bytes(envelope.body, "statement");
      if (!statement) return enrolment_failed("HSM: no attestation statement");
      attempt_->attestation = *statement;
      return request_hsm_csr();
    }
    // SignCsrResponse
    auto csr = get_bytes(envelope.body, "csr");
    if (!csr) return enrolment_failed("HSM: no csr");
    auto decoded = pki::Csr::from_der(*csr);
    if (!(decoded.public_key() == *attempt_->public_key))
      return enrolment_failed("HSM: CSR is not for the generated key");
    send_csr(*csr);
  }

  void request_hsm_csr() {
    json body = json::object();
    body["handle"] = attempt_->hsm_handle;
    body["subject"] = config_->subject;
    body["dns"] = json::array({config_->fqdn});
    if (attempt_->attestation) set_bytes(body, "key_attestation", *attempt_->attestation);
    attempt_->awaiting_hsm = operations::kSignCsrResponse;
    send_hsm(operations::kSignCsrRequest, std::move(body));
  }

  void send_csr(pki::Bytes csr) {
    if (tamper_csr_ && !csr.empty()) csr.back() ^= 0x01;  // the signature's last byte
    json body = json::object();
    set_bytes(body, "csr", csr);
    body["purpose"] = attempt_->purpose;
    ChannelKind channel = ChannelKind::mutual;
    if (attempt_->purpose == "enrolment") {
      channel = ChannelKind::server_auth;
      json credential = json::object();
      credential["reference"] = config_->credential_reference;
      pki::Bytes secret = config_->credential_secret.value_or(pki::Bytes{});
      if (wrong_secret_) {
        const std::string wrong = "wrong-secret";
        secret.insert(secret.end(), wrong.begin(), wrong.end());
      }
      // The salt comes from the CSR (fresh key, fresh ECDSA signature): unique per request and
      // public like any PBM salt; no simulation randomness is spent on it.
      pki::Bytes salt_input = csr;
      const std::string label = "ifa026 pbm salt";
      salt_input.insert(salt_input.end(), label.begin(), label.end());
      pki::Bytes salt = pki::sha256(salt_input);
      salt.resize(pki::kCmpPbmSaltLength);
      if (secret.empty()) secret.push_back(0);  // no credential: a MAC the CMF will refuse
      set_bytes(credential, "mac", pki::password_based_mac(secret, salt, csr));
      set_bytes(credential, "salt", salt);
      credential["iterations"] = pki::kCmpPbmIterations;
      body["credential"] = std::move(credential);
    }
    attempt_->waiting_for_cmf = true;
    channels_.send(config_->cmf, channel, reference_points::kCmf1,
                   Envelope{operations::kCertificateSigningRequest, csr_step(), std::move(body)});
  }

  void on_csr_response(const ChannelMessage& m) {
    if (!config_ || m.peer.name != config_->cmf || !m.peer.certificate) {
      record(RecordKind::decision, operations::kCertificateSigningResponse, "rejected",
             TraceDetail().add("reason",
                               "not from the configured CMF over an authenticated "
                               "channel"),
             m.peer.name, m.reference_point);
      return;
    }
    if (!attempt_ || !attempt_->waiting_for_cmf) {
      record(RecordKind::decision, operations::kCertificateSigningResponse, "rejected",
             TraceDetail().add("reason", "no request waiting"), m.peer.name, m.reference_point);
      return;
    }
    attempt_->waiting_for_cmf = false;
    const json& body = m.envelope.body;
    const std::string status = get_string(body, "status");
    if (status != "issued")
      return enrolment_failed(get_string(body, "reason", status.empty() ? "no status" : status));
    auto der = get_bytes(body, "certificate");
    auto chain_der = get_bytes_list(body, "chain");
    if (!der) return enrolment_failed("no certificate in the response");
    std::vector<pki::Certificate> chain;
    std::string problem;
    std::optional<pki::Certificate> certificate;
    try {
      certificate = pki::Certificate::from_der(*der);
      if (chain_der)
        for (const auto& c : *chain_der) chain.push_back(pki::Certificate::from_der(c));
    } catch (const pki::DecodeError& e) {
      problem = std::string("malformed: ") + e.what();
    }
    if (problem.empty()) problem = verify_issued(*certificate, chain);
    if (!problem.empty()) {
      TraceDetail detail;
      if (certificate) detail.add("serial", certificate->serial_hex());
      detail.add("reason", problem);
      crypto("CertificateVerification", "rejected", detail, m.peer.name);
      return enrolment_failed("certificate verification: " + problem);
    }
    crypto("CertificateVerification", "ok", TraceDetail().add("serial", certificate->serial_hex()),
           m.peer.name);
    install(*certificate, std::move(chain));
  }

  // "" when `certificate` chains to the trust anchor at simulated time, is for this FQDN and
  // for the key this entity asked for.
  std::string verify_issued(const pki::Certificate& certificate,
                            const std::vector<pki::Certificate>& chain) {
    pki::TrustStore store;
    for (const auto& anchor : config_->trust_anchors) store.add_anchor(anchor);
    for (const auto& c : chain)
      if (std::find(config_->trust_anchors.begin(), config_->trust_anchors.end(), c) ==
          config_->trust_anchors.end())
        store.add_intermediate(c);
    pki::VerifyOptions options;
    options.purpose = pki::ExtendedKeyUsage::client_auth;
    options.expected_dns_name = config_->fqdn;
    auto result = pki::verify_certificate(certificate, store, pki_now(context()), options);
    if (!result.ok()) return std::string(pki::to_string(result.failure)) + ": " + result.detail;
    const auto usages = certificate.extended_key_usage();
    if (std::find(usages.begin(), usages.end(), pki::ExtendedKeyUsage::server_auth) == usages.end())
      return "no serverAuth extended key usage";
    const auto dns = certificate.san().dns;
    if (std::find(dns.begin(), dns.end(), config_->fqdn) == dns.end())
      return "SAN dNSName is not " + config_->fqdn;
    if (!(certificate.public_key() == *attempt_->public_key))
      return "public key is not this entity's";
    return "";
  }

  void install(const pki::Certificate& certificate, std::vector<pki::Certificate> chain) {
    const std::string purpose = attempt_->purpose;
    const bool had_certificate = current_.has_value();
    auto& credentials = channels_.credentials();
    if (!attempt_->in_hsm) {
      credentials.key = attempt_->key;
      credentials.certificate = certificate;
      credentials.chain.clear();
      for (const auto& c : chain)
        if (std::find(config_->trust_anchors.begin(), config_->trust_anchors.end(), c) ==
            config_->trust_anchors.end())
          credentials.chain.push_back(c);
    }
    current_ = HeldCertificate{certificate, std::move(chain), purpose};
    history_.push_back(*current_);
    attempt_.reset();
    enrol_failures_ = 0;
    const auto not_after = certificate.not_after();
    decision("CertificateInstalled", "ok",
             TraceDetail()
                 .add("serial", certificate.serial_hex())
                 .add("not_after", sim::format_utc(sim::UtcInstant{not_after.unix_ns}))
                 .add("purpose", purpose));
    schedule_renewal(not_after);
    if (pending_crl_) {
      PendingCrl pending = std::move(*pending_crl_);
      pending_crl_.reset();
      apply_crl(pending.from, pending.crl);
    }
    // Sessions are closed and peers checked after this event: the session this response came in
    // on is still being handled.
    context().schedule(sim::Duration{}, "installed", [this, had_certificate] {
      guarded([&] {
        if (had_certificate) channels_.close_all();
        run_peer_checks();
        if (extension_) extension_->on_certificate_changed();
      });
    });
  }

  void schedule_renewal(pki::Instant not_after) {
    if (renewal_timer_.valid()) context().cancel(renewal_timer_);
    renewal_timer_ = {};
    if (!auto_renew_) return;
    const sim::Time expiry =
        sim::Time::from_ns(not_after.unix_ns - context().epoch().start().unix_ns);
    const sim::Duration remaining = expiry - context().now();
    if (remaining <= sim::Duration{}) return;
    sim::Duration delay = remaining - renewal_threshold_;
    // A certificate shorter than the threshold is renewed halfway through instead of at once,
    // so short validities do not renew in a loop.
    if (delay <= sim::Duration{}) delay = sim::Duration::nanoseconds(remaining.ns() / 2);
    renewal_timer_ = context().schedule(delay, "renewal", [this] {
      renewal_timer_ = {};
      guarded([&] { renewal_due("expiry-watch"); });
    });
  }

  // `trigger`: "expiry-watch" (its own timer: the certificate is within renewal_threshold of
  // expiry) or "command" (a workload `renew`).
  void renewal_due(const std::string& trigger) {
    if (!current_) return;
    decision("RenewalDue", "ok",
             TraceDetail()
                 .add("serial", current_->certificate.serial_hex())
                 .add("not_after",
                      sim::format_utc(sim::UtcInstant{current_->certificate.not_after().unix_ns}))
                 .add("trigger", trigger));
    start_enrolment("renewal");
  }

  void enrolment_failed(const std::string& reason) {
    const std::string purpose = attempt_ ? attempt_->purpose : std::string("enrolment");
    attempt_.reset();
    decision("EnrolmentFailed", "rejected",
             TraceDetail().add("purpose", purpose).add("reason", reason));
    if (enrol_failures_ < enrol_retries_) {
      ++enrol_failures_;
      context().schedule(enrol_retry_delay_, "enrol-retry", [this, purpose] {
        guarded([&] {
          if (!attempt_) start_enrolment(purpose);
        });
      });
    }
  }

  // ---- revocation of its own certificate ----

  // Asks its CMF, over mutual TLS with the certificate concerned, to revoke that certificate
  // (e.g. the entity knows its key compromised, or is taken out of service); the CMF revokes it
  // at the CA, answers, and removes it (CertificateRemoved).
  void request_revocation(const std::string& reason) {
    std::string problem;
    if (!config_ || !current_)
      problem = "no certificate held";
    else if (!can_authenticate())
      problem = "the HSM-resident key cannot authenticate the mutual TLS channel (model)";
    const std::string serial = current_ ? current_->certificate.serial_hex() : std::string();
    if (!problem.empty()) {
      decision("RevocationRequest", "rejected",
               TraceDetail().add("serial", serial).add("reason", problem));
      return;
    }
    decision("RevocationRequest", "requested",
             TraceDetail().add("serial", serial).add("reason", reason), config_->cmf);
    json body = json::object();
    body["entity"] = name();
    body["serial"] = serial;
    body["reason"] = reason;
    channels_.send(config_->cmf, ChannelKind::mutual, reference_points::kCmf1,
                   Envelope{operations::kRevokeCertificateRequest, "", std::move(body)});
  }

  void on_revocation_response(const ChannelMessage& m) {
    if (!config_ || m.peer.name != config_->cmf || !m.peer.certificate) {
      record(
          RecordKind::decision, operations::kRevokeCertificateResponse, "rejected",
          TraceDetail().add("reason", "not from the configured CMF over an authenticated channel"),
          m.peer.name, m.reference_point);
      return;
    }
    const std::string status = get_string(m.envelope.body, "status");
    decision("RevocationResult", status == "revoked" ? "ok" : "rejected",
             TraceDetail()
                 .add("serial", get_string(m.envelope.body, "serial"))
                 .add("reason", get_string(m.envelope.body, "reason", status)),
             m.peer.name);
  }

  // ---- removal ----

  void on_removed(const ChannelMessage& m) {
    if (!config_ || m.peer.name != config_->cmf || !m.peer.certificate) {
      record(RecordKind::decision, operations::kCertificateRemoved, "rejected",
             TraceDetail().add("reason",
                               "not from the configured CMF over an authenticated "
                               "channel"),
             m.peer.name, m.reference_point);
      return;
    }
    const std::string serial = get_string(m.envelope.body, "serial");
    const std::string reason = get_string(m.envelope.body, "reason");
    if (!current_ ||
        (!serial.empty() && lower(serial) != lower(current_->certificate.serial_hex()))) {
      decision(operations::kCertificateRemoved, "rejected",
               TraceDetail().add("serial", serial).add("reason", "not the certificate held"),
               m.peer.name);
      return;
    }
    const std::string held = current_->certificate.serial_hex();
    if (ignore_removal_) {
      // Negative scenarios: a faulty entity that goes on presenting its revoked certificate.
      decision(operations::kCertificateRemoved, "ignored",
               TraceDetail().add("serial", held).add("reason", "ignore_removal fault"),
               m.peer.name);
      return;
    }
    current_.reset();
    auto& credentials = channels_.credentials();
    credentials.key.reset();
    credentials.certificate.reset();
    credentials.chain.clear();
    if (renewal_timer_.valid()) context().cancel(renewal_timer_);
    renewal_timer_ = {};
    decision(operations::kCertificateRemoved, "ok",
             TraceDetail().add("serial", held).add("reason", reason), m.peer.name);
    context().schedule(sim::Duration{}, "removed", [this] {
      guarded([&] {
        channels_.close_all();
        if (extension_) extension_->on_certificate_changed();
      });
    });
  }

  // ---- mutual TLS session checks with peers ----

  // Session checks with `peers` (default: the `peers` parameter) over mutual TLS; a workload
  // `check_peers` may name other peers ({"peers": [...]}) and, for negative scenarios, send them
  // over a server_auth session that presents no certificate ({"channel": "server_auth"}).
  void run_peer_checks(const json& args = json::object()) {
    std::vector<std::string> peers = peers_;
    if (auto it = args.find("peers"); it != args.end() && it->is_array()) {
      peers.clear();
      for (const auto& p : *it)
        if (p.is_string()) peers.push_back(p.get<std::string>());
    }
    const ChannelKind channel = args.value("channel", std::string()) == "server_auth"
                                    ? ChannelKind::server_auth
                                    : ChannelKind::mutual;
    for (const auto& peer : peers) {
      auto& check = checks_[peer];
      if (check.timer.valid()) context().cancel(check.timer);
      check = PeerCheck{check.generation + 1, 0, {}, false, {}, channel};
      attempt_session_check(peer, check.generation);
    }
  }

  void attempt_session_check(const std::string& peer, std::uint64_t generation) {
    auto& check = checks_[peer];
    if (check.generation != generation || check.answered) return;
    if (check.channel == ChannelKind::mutual &&
        (!channels_.credentials().key || !channels_.credentials().certificate)) {
      decision(
          "SessionCheck", "skipped",
          TraceDetail()
              .add("peer", peer)
              .add("reason", hsm_.empty() ? "no certificate installed"
                                          : "HSM-resident key cannot authenticate TLS (model)"),
          peer);
      return;
    }
    ++check.attempts;
    check.nonce.resize(16);
    for (std::size_t i = 0; i < check.nonce.size(); i += 8) {
      const auto r = context().random().next_u64();
      for (std::size_t j = 0; j < 8; ++j)
        check.nonce[i + j] = static_cast<std::uint8_t>(r >> (8 * j));
    }
    json body = json::object();
    set_bytes(body, "nonce", check.nonce);
    std::string rp = reference_point_to(peer);
    if (rp.empty()) rp = "unspecified";
    channels_.send(peer, check.channel, rp, Envelope{operations::kSessionCheckRequest, "", body});
    check.timer = context().schedule(peer_retry_, "session-check", [this, peer, generation] {
      guarded([&] {
        auto& c = checks_[peer];
        if (c.generation != generation || c.answered) return;
        c.timer = {};
        if (c.attempts > peer_retries_) {
          decision("SessionCheck", "failed",
                   TraceDetail()
                       .add("peer", peer)
                       .add("attempts", c.attempts)
                       .add("reason", "no answer"),
                   peer);
          c.answered = true;
          return;
        }
        attempt_session_check(peer, generation);
      });
    });
  }

  void on_session_check_response(const ChannelMessage& m) {
    auto it = checks_.find(m.peer.name);
    if (it == checks_.end() || it->second.answered) {
      record(RecordKind::decision, operations::kSessionCheckResponse, "rejected",
             TraceDetail().add("reason", "no session check pending"), m.peer.name,
             m.reference_point);
      return;
    }
    auto& check = it->second;
    const std::string status = get_string(m.envelope.body, "status");
    auto nonce = get_bytes(m.envelope.body, "nonce");
    TraceDetail detail;
    detail.add("peer", m.peer.name).add("channel", to_string(m.peer.kind));
    if (m.peer.certificate) detail.add("peer_subject", m.peer.certificate->subject().to_string());
    std::string outcome = "ok";
    if (status == "error" || status == "rejected") {
      outcome = "failed";
      detail.add("reason", get_string(m.envelope.body, "reason", status));
    } else if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
      outcome = "failed";
      detail.add("reason", "not a mutual TLS session");
    } else if (!nonce || *nonce != check.nonce) {
      // A stale answer to an earlier attempt: wait for the current one.
      record(RecordKind::decision, operations::kSessionCheckResponse, "rejected",
             TraceDetail().add("reason", "nonce does not match"), m.peer.name, m.reference_point);
      return;
    }
    check.answered = true;
    if (check.timer.valid()) context().cancel(check.timer);
    check.timer = {};
    detail.add("attempts", check.attempts);
    record(RecordKind::decision, "SessionCheck", outcome, detail, m.peer.name, m.reference_point);
  }

  // ---- channel failures ----

  void on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) {
    for (const auto& envelope : dropped) {
      if (envelope.operation == operations::kCertificateSigningRequest && attempt_ &&
          attempt_->waiting_for_cmf && config_ && peer == config_->cmf) {
        enrolment_failed("channel to the CMF failed: " + failure);
      } else if (envelope.operation == operations::kSetCertificateConfiguration) {
        decision("RelayConfiguration", "failed",
                 TraceDetail()
                     .add("target", get_string(envelope.body, "target"))
                     .add("next", peer)
                     .add("reason", failure),
                 peer);
      }
      // Session checks retry on their timer.
    }
    if (extension_) extension_->on_channel_failure(peer, kind, failure, dropped);
  }

  const ManoEntityKind kind_;
  const std::string hsm_;
  const std::string key_type_override_;
  const sim::Duration renewal_threshold_;
  const bool auto_enrol_;
  const std::vector<std::string> peers_;
  const bool auto_renew_;
  const bool ignore_removal_;
  const sim::Duration peer_retry_;
  const long long peer_retries_;
  const bool tamper_csr_;
  const bool wrong_secret_;
  const long long enrol_retries_;
  const sim::Duration enrol_retry_delay_;
  const sim::Duration keygen_time_;
  const sim::Duration sign_time_;
  const std::vector<std::string> access_;
  const bool access_control_;

  WorkQueue queue_;
  SecureChannels channels_;

  std::optional<Configuration> config_;
  std::map<std::string, std::string> kinds_;  // actor -> kind, from configurations
  std::set<std::string> relays_;              // peers that delivered configurations
  std::optional<Attempt> attempt_;
  std::uint64_t attempt_counter_ = 0;
  long long enrol_failures_ = 0;
  std::optional<HeldCertificate> current_;
  std::vector<HeldCertificate> history_;
  sim::EventId renewal_timer_;
  std::map<std::string, PeerCheck> checks_;
  std::optional<PendingCrl> pending_crl_;
  // Last: built from `*this` once everything else is.
  std::unique_ptr<ManoEntityExtension> extension_;
};

}  // namespace

sim::ActorType mano_entity_actor_type(ManoEntityKind kind) {
  sim::ActorType type;
  type.description = kind.description;
  const std::string kind_name = kind.kind;
  std::vector<ParamRule> rules = entity_param_rules();
  rules.insert(rules.end(), kind.extra_params.begin(), kind.extra_params.end());
  type.params = rules;
  type.commands = std::vector<sim::CommandRule>{
      {"enrol", "start an enrolment now (with auto_enrol false, or again after a failure)", {}},
      {"renew", "renew the certificate held now", {}},
      {"check_peers",
       "open TLS session checks with the peers now",
       {{"peers", ParamType::string_list, "the peers to check", false, "the peers parameter"},
        {"channel", ParamType::string,
         "mutual, or server_auth: present no client certificate (negative scenarios)", false,
         "mutual"}}},
      {"revoke",
       "ask the CMF, over mutual TLS with the certificate held, to revoke that certificate",
       {{"reason", ParamType::string, "revocation reason (RFC 5280 name)", false, "unspecified"}}},
  };
  type.commands->insert(type.commands->end(), kind.extra_commands.begin(),
                        kind.extra_commands.end());
  auto check_extra = kind.check_extra_params;
  type.create = [kind = std::move(kind)](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<ManoEntity>(context, spec, kind);
  };
  type.check_params = [kind_name, rules = std::move(rules), check_extra](
                          const json& params, std::vector<sim::Diagnostic>& out) {
    check_params(kind_name, params, rules, out);
    if (check_extra) check_extra(params, out);
    if (!params.is_object()) return;
    if (auto it = params.find("key_type");
        it != params.end() && it->is_string() && !pki::key_type_from_string(it->get<std::string>()))
      out.push_back({"", 0, 0, "/key_type",
                     "key_type: unknown key type (ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519)",
                     false});
    if (auto it = params.find("processing"); it != params.end() && it->is_object())
      for (const auto& [key, value] : it->items())
        if (key != "keygen" && key != "sign")
          out.push_back({"", 0, 0, "/processing/" + key,
                         "unknown processing time \"" + key + "\" (keygen, sign)", true});
  };
  return type;
}

}  // namespace ifa026::actors
