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
//
// This file is the shell: the actor type (parameters, commands), the sim::Actor, ManoEntityHost
// and CertificateHolder roles, the shared state and the routing of messages, commands and channel
// failures to one piece per concept:
// - mano_entity_configuration: SetCertificateConfiguration, stored or relayed;
// - mano_entity_keys: key pair and CSR, in the entity or its HSM;
// - mano_entity_enrolment: enrolment and renewal at the CMF, verification, installation;
// - mano_entity_revocation: revocation of its own certificate, removal by the CMF;
// - mano_entity_crl: CRL updates;
// - mano_entity_sessions: access control and peer session checks.
#include "actors/common/mano_entity.hpp"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/certificate_holder.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity_configuration.hpp"
#include "actors/common/mano_entity_crl.hpp"
#include "actors/common/mano_entity_enrolment.hpp"
#include "actors/common/mano_entity_keys.hpp"
#include "actors/common/mano_entity_part.hpp"
#include "actors/common/mano_entity_revocation.hpp"
#include "actors/common/mano_entity_sessions.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/key.hpp"

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

// Holds the shared state so that it is built before the pieces that refer to it.
struct ManoEntityStateHolder {
  ManoEntityState state;
};

class ManoEntity final : public sim::Actor,
                         private ManoEntityStateHolder,
                         private ManoEntityPart,
                         public CertificateHolder,
                         public ManoEntityHost {
 public:
  ManoEntity(sim::ActorContext& context, const sim::ActorSpec& spec, ManoEntityKind kind)
      : Actor(context),
        ManoEntityStateHolder{ManoEntityState(
            context, spec, std::move(kind),
            [this](const ChannelMessage& m) { guarded([&] { on_channel_message(m); }); },
            [this](const std::string& peer, ChannelKind k, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              guarded([&] { on_channel_failure(peer, k, failure, dropped); });
            })},
        ManoEntityPart(state),
        sessions_(state),
        crl_(state),
        enrolment_(state, keys_, crl_, sessions_),
        keys_(state, enrolment_),
        configuration_(state, sessions_, enrolment_),
        revocation_(state) {
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
      guarded([&] { enrolment_.start_enrolment("enrolment"); });
    } else if (command.name == "renew") {
      guarded([&] {
        if (!current_) {
          decision("Renewal", "rejected", TraceDetail().add("reason", "no certificate held"));
          return;
        }
        enrolment_.renewal_due("command");
      });
    } else if (command.name == "check_peers") {
      guarded([&] { sessions_.run_peer_checks(command.args); });
    } else if (command.name == "revoke") {
      guarded([&] {
        revocation_.request_revocation(command.args.value("reason", std::string("unspecified")));
      });
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
  using sim::Actor::context;
  using sim::Actor::name;

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
    if (op == operations::kCrlPublication) return crl_.on_crl(message.from, *envelope);
    if (!hsm_.empty() && message.from == hsm_ &&
        (op == operations::kGenerateKeyPairResponse || op == operations::kKeyAttestationResponse ||
         op == operations::kSignCsrResponse))
      return keys_.on_hsm_response(*envelope);
    record(RecordKind::decision, op, "rejected",
           TraceDetail().add("reason", "not accepted outside a secure channel"), message.from,
           message.reference_point);
  }

  // ---- secure channel messages ----

  void on_channel_message(const ChannelMessage& m) {
    const std::string& op = m.envelope.operation;
    if (op == operations::kSetCertificateConfiguration)
      return configuration_.on_set_configuration(m);
    if (op == operations::kCertificateSigningResponse) return enrolment_.on_csr_response(m);
    if (op == operations::kCertificateRemoved) return revocation_.on_removed(m);
    if (op == operations::kRevokeCertificateResponse) return revocation_.on_revocation_response(m);
    if (op == operations::kSessionCheckResponse) return sessions_.on_session_check_response(m);
    // Every other operation is a request to this entity: access control first.
    if (!sessions_.authorised(m)) return;
    if (op == operations::kSessionCheckRequest) return sessions_.answer_session_check(m);
    if (extension_ && extension_->on_request(m)) return;
    record(RecordKind::decision, op, "rejected",
           TraceDetail().add("reason", "unsupported operation"), m.peer.name, m.reference_point);
    Envelope reply{op + "Error", "", json::object()};
    reply.body["status"] = "error";
    reply.body["reason"] = "unsupported operation";
    channels_.reply(m, std::move(reply));
  }

  // ---- channel failures ----

  void on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) {
    for (const auto& envelope : dropped) {
      if (envelope.operation == operations::kCertificateSigningRequest && attempt_ &&
          attempt_->waiting_for_cmf && config_ && peer == config_->cmf) {
        enrolment_.enrolment_failed("channel to the CMF failed: " + failure);
      } else if (envelope.operation == operations::kSetCertificateConfiguration) {
        configuration_.relay_failed(peer, envelope, failure);
      }
      // Session checks retry on their timer.
    }
    if (extension_) extension_->on_channel_failure(peer, kind, failure, dropped);
  }

  ManoEntitySessions sessions_;
  ManoEntityCrl crl_;
  ManoEntityEnrolment enrolment_;
  ManoEntityKeys keys_;
  ManoEntityConfiguration configuration_;
  ManoEntityRevocation revocation_;
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
