// The NFV-MANO entity shared by the nfvo, vnfm, vim, wim, cism and cir actor types (see
// mano_entity.hpp and docs/mano-certificates.md).
//
// Modelling decision (HSM mode, parameter `hsm`): the key pair is generated in the HSM actor, the
// key-attestation statement bound to the CMF's nonce is obtained from it and the CSR is signed by
// it (flow C.4.x.2.7); the private key never leaves the HSM. Its TLS sessions present that key
// (issue 20): the credentials hold a pki::remote_private_key whose signatures (each handshake's
// CertificateVerify) the HSM makes on HSM-If (SignDataRequest), so session checks, renewals over
// mutual TLS (the new key made and attested in the HSM too) and revocation requests work as with
// a software key (docs/mano-certificates.md, "HSM-held keys in TLS").
//
// This file is the shell: the actor type (parameters, commands), the NfvActor (actors/toolkit:
// guarded entry points, the tracer with the entity's prefix), ManoEntityHost and CertificateHolder
// roles, the shared state and the routing of typed messages (MessageHandlers: answers and
// configurations, then requests after access control), commands and channel failures to one piece
// per concept:
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
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cmf1.hpp"
#include "actors/messages/crl_dp.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/operation_error.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/messages/session_check.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/nfv_actor.hpp"
#include "pki/key.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;

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
      {"accept_stale_crl", ParamType::boolean,
       "take a CRL that is not newer than the one held (an implementation fault: a replayed CRL "
       "un-revokes; for the tests of negative/crl-replay.json)",
       false, "false"},
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

class ManoEntity final : public NfvActor,
                         private ManoEntityStateHolder,
                         private ManoEntityPart,
                         public CertificateHolder,
                         public ManoEntityHost {
 public:
  ManoEntity(sim::ActorContext& context, const sim::ActorSpec& spec, ManoEntityKind kind)
      : NfvActor(context, spec),
        ManoEntityStateHolder{ManoEntityState(
            *this, context, NfvActor::tracer(), NfvActor::guard(), spec, std::move(kind),
            [this](const ChannelMessage& m) { on_channel_message(m); },
            [this](const std::string& peer, ChannelKind k, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              on_channel_failure(peer, k, failure, dropped);
            })},
        ManoEntityPart(state),
        sessions_(state),
        crl_(state),
        enrolment_(state, keys_, crl_, sessions_),
        keys_(state, enrolment_),
        configuration_(state, sessions_, enrolment_),
        revocation_(state),
        plain_(NfvActor::guard()),
        responses_(NfvActor::guard()),
        requests_(NfvActor::guard()),
        day0_requests_(NfvActor::guard()) {
    NfvActor::tracer().set_prefix([this] { return entity_detail(); });
    // Issue 20: handshakes with the HSM-held key get their signature from the HSM.
    channels_.set_signature_handler(
        [this](const SecureChannels::SignatureRequest& r) { keys_.sign_for_tls(r); });
    register_handlers();
    if (kind_.extension) extension_ = kind_.extension(*this, spec);
  }

  // ---- ManoEntityHost ----

  sim::ActorContext& actor_context() override { return context(); }
  SecureChannels& channels() override { return channels_; }
  bool can_authenticate() const override { return ManoEntityPart::can_authenticate(); }
  std::string entity_fqdn() const override { return fqdn(); }
  Tracer& tracer() override { return NfvActor::tracer(); }
  HandlerGuard& guard() override { return NfvActor::guard(); }
  sim::EventId schedule(sim::Duration delay, std::string label,
                        std::function<void()> callback) override {
    return NfvActor::schedule(delay, std::move(label), std::move(callback));
  }
  void send_envelope(const std::string& to, const std::string& reference_point,
                     const Envelope& envelope) override {
    NfvActor::send_envelope(to, reference_point, envelope);
  }
  MessageHandlers<ChannelMessage>& request_handlers() override { return requests_; }
  MessageHandlers<ChannelMessage>& day0_request_handlers() override { return day0_requests_; }
  MessageHandlers<sim::Message>& extension_plain_handlers() override { return extension_plain_; }
  const ManoEntityExtension* extension() const override { return extension_.get(); }

  // ---- CertificateHolder ----

  std::optional<HeldCertificate> current_certificate() const override { return current_; }
  std::vector<HeldCertificate> certificate_history() const override { return history_; }
  std::vector<pki::Certificate> trust_anchors() const override {
    return ManoEntityPart::trust_anchors();
  }
  std::string fqdn() const override { return ManoEntityPart::fqdn(); }

 private:
  using ManoEntityPart::trace;
  using sim::Actor::context;
  using sim::Actor::name;

  // ---- NfvActor ----

  void start() override {
    if (extension_) extension_->on_start();
  }

  void child_ended(const std::string& name, const std::string& reason) override {
    if (extension_) extension_->on_child_ended(name, reason);
  }

  void finish() override {
    if (extension_) extension_->on_finish();
  }

  void receive(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    on_plain_message(message);
  }

  void command(const sim::Command& command) override {
    if (command.name == "enrol")
      return enrolment_.start_enrolment(detail_values::kPurposeEnrolment);
    if (command.name == "renew") {
      if (!current_) {
        trace({.operation = decisions::kRenewal,
               .outcome = outcomes::kRejected,
               .detail = TraceDetail().add(detail_keys::kReason, "no certificate held")});
        return;
      }
      return enrolment_.renewal_due(detail_values::kTriggerCommand);
    }
    if (command.name == "check_peers") return sessions_.run_peer_checks(command.args);
    if (command.name == "revoke")
      return revocation_.request_revocation(
          command.args.value("reason", std::string("unspecified")));
    if (extension_ && extension_->on_command(command)) return;
    NfvActor::command(command);
  }

  // ---- typed handlers ----

  void register_handlers() {
    namespace m = messages;
    // Outside TLS: CRL publications (CRL-DP) and the HSM's answers (HSM-If).
    plain_.on<m::CrlPublication>([this](const m::CrlPublication& crl, const sim::Message& from) {
      crl_.on_crl(from.from, crl);
    });
    plain_.on<m::GenerateKeyPairResponse>(
        [this](const m::GenerateKeyPairResponse& r, const sim::Message&) { keys_.on_key_pair(r); });
    plain_.on<m::KeyAttestationResponse>([this](const m::KeyAttestationResponse& r,
                                                const sim::Message&) { keys_.on_attestation(r); });
    plain_.on<m::SignCsrResponse>(
        [this](const m::SignCsrResponse& r, const sim::Message&) { keys_.on_signed_csr(r); });
    plain_.on<m::SignDataResponse>(
        [this](const m::SignDataResponse& r, const sim::Message&) { keys_.on_signed_data(r); });
    // Over TLS, answers and configurations: each piece checks who sent it.
    responses_.on<m::SetCertificateConfiguration>(
        [this](const m::SetCertificateConfiguration& c, const ChannelMessage& from) {
          configuration_.on_set_configuration(from, c);
        });
    responses_.on<m::CertificateSigningResponse>(
        [this](const m::CertificateSigningResponse& r, const ChannelMessage& from) {
          enrolment_.on_csr_response(from, r);
        });
    responses_.on<m::CertificateRemoved>(
        [this](const m::CertificateRemoved& r, const ChannelMessage& from) {
          const bool held = current_.has_value();
          revocation_.on_removed(from, r);
          // After a CA key compromise the CMF removes the certificate and lets the credential
          // it was configured with serve once more: the entity enrols again with it (issue 20,
          // cmf_compromise_recovery.hpp), once its sessions are closed.
          if (held && !current_ && r.reason == detail_values::kReasonCaCompromise)
            schedule(sim::Duration{}, "Reenrol",
                     [this] { enrolment_.start_enrolment(detail_values::kPurposeEnrolment); });
        });
    responses_.on<m::RevokeCertificateResponse>(
        [this](const m::RevokeCertificateResponse& r, const ChannelMessage& from) {
          revocation_.on_revocation_response(from, r);
        });
    responses_.on<m::SessionCheckResponse>(
        [this](const m::SessionCheckResponse& r, const ChannelMessage& from) {
          sessions_.on_session_check_response(from, r);
        });
    // Requests to this entity, after its access control (the extension adds its own).
    requests_.on<m::SessionCheckRequest>(
        [this](const m::SessionCheckRequest& r, const ChannelMessage& from) {
          sessions_.answer_session_check(from, r);
        },
        [this](const ChannelMessage& from, const std::string& reason) {
          sessions_.refuse_session_check(from, reason);
        });
  }

  static HandlerSite site_of(const Envelope& envelope, const std::string& peer,
                             const std::string& reference_point) {
    return {.operation = envelope.operation,
            .peer = peer,
            .reference_point = reference_point,
            .step = envelope.step};
  }

  // ---- messages outside TLS: the HSM (HSM-If) and CRL publications (CRL-DP) ----

  void on_plain_message(const sim::Message& message) {
    std::string error;
    auto envelope = decode_envelope(message.payload, &error);
    if (!envelope) {
      trace({.operation = message.operation.empty() ? decisions::kMessage : message.operation,
             .outcome = outcomes::kRejected,
             .peer = message.from,
             .reference_point = message.reference_point,
             .detail = TraceDetail().add(detail_keys::kReason, "undecodable envelope: " + error)});
      return;
    }
    const std::string& op = envelope->operation;
    // CRLs from anyone (their signature decides); HSM answers from the entity's HSM only.
    const bool from_hsm = !hsm_.empty() && message.from == hsm_;
    // Delegation mode (issue 17): answers to the delegated keys the extension has made in the same
    // HSM (C.2.2.2.7, vnfm/hsm_key_maker) are the extension's, not the entity's own enrolment's.
    if (from_hsm && flows::in_flow(envelope->step, flows::kDelegatedCsrHsm) &&
        extension_plain_.dispatch(*envelope, message,
                                  site_of(*envelope, message.from, message.reference_point)))
      return;
    if ((op == operations::kCrlPublication || from_hsm) &&
        plain_.dispatch(*envelope, message,
                        site_of(*envelope, message.from, message.reference_point)))
      return;
    if (extension_plain_.dispatch(*envelope, message,
                                  site_of(*envelope, message.from, message.reference_point)))
      return;
    trace({.operation = op,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = message.reference_point,
           .detail =
               TraceDetail().add(detail_keys::kReason, "not accepted outside a secure channel")});
  }

  // ---- secure channel messages ----

  void on_channel_message(const ChannelMessage& m) {
    const HandlerSite site = site_of(m.envelope, m.peer.name, m.reference_point);
    // Delegation mode (issue 17): the CMF's answers to a delegate VNFM's CSRs for VNFCI
    // identities (steps of C.2.2.2.6, C.2.2.2.7, C.3.2.2) are its extension's, not the entity's.
    const std::string_view flow = flows::flow_of_step(m.envelope.step);
    const bool delegated = flow == flows::kDelegatedCsr || flow == flows::kDelegatedCsrHsm ||
                           flow == flows::kOamDelegatedCsr;
    if (!delegated && responses_.dispatch(m.envelope, m, site)) return;
    // Requests an extension takes on the day-0 channel (the OSS's, D2).
    if (m.peer.kind == ChannelKind::day0 && day0_requests_.dispatch(m.envelope, m, site)) return;
    // Every other operation is a request to this entity: access control first.
    if (!sessions_.authorised(m)) return;
    if (requests_.dispatch(m.envelope, m, site)) return;
    const std::string& op = m.envelope.operation;
    // An error answer nobody waits for is traced, never answered: two entities answering each
    // other's unexpected errors would exchange "...ErrorError..." for the rest of the run.
    const bool error_answer = messages::OperationError::accepts(op);
    trace({.operation = op,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail =
               TraceDetail().add(detail_keys::kReason, error_answer ? "unexpected error answer"
                                                                    : "unsupported operation")});
    if (error_answer) return;
    channels_.reply(
        m, messages::to_envelope(messages::error_operation(op),
                                 messages::OperationError{"error", "unsupported operation"}));
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
  MessageHandlers<sim::Message> plain_;
  MessageHandlers<sim::Message> extension_plain_{NfvActor::guard()};
  MessageHandlers<ChannelMessage> responses_;
  MessageHandlers<ChannelMessage> requests_;
  MessageHandlers<ChannelMessage> day0_requests_;
};

}  // namespace

sim::ActorType mano_entity_actor_type(ManoEntityKind kind) {
  std::vector<ParamRule> rules = entity_param_rules();
  rules.insert(rules.end(), kind.extra_params.begin(), kind.extra_params.end());
  std::vector<sim::CommandRule> commands{
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
  commands.insert(commands.end(), kind.extra_commands.begin(), kind.extra_commands.end());
  const std::string type = kind.kind;
  ActorTypeInfo info{
      .description = kind.description,
      .params = std::move(rules),
      .commands = std::move(commands),
      .check = [check_extra = kind.check_extra_params](const json& params,
                                                       std::vector<sim::Diagnostic>& out) {
        if (check_extra) check_extra(params, out);
        if (!params.is_object()) return;
        if (auto it = params.find("key_type"); it != params.end() && it->is_string() &&
                                               !pki::key_type_from_string(it->get<std::string>()))
          out.push_back({"", 0, 0, "/key_type",
                         "key_type: unknown key type (ec-p256, ec-p384, rsa-2048, rsa-3072, "
                         "ed25519)",
                         false});
        if (auto it = params.find("processing"); it != params.end() && it->is_object())
          for (const auto& [key, value] : it->items())
            if (key != "keygen" && key != "sign")
              out.push_back({"", 0, 0, "/processing/" + key,
                             "unknown processing time \"" + key + "\" (keygen, sign)", true});
      }};
  return actor_type(
      type, std::move(info),
      [kind = std::move(kind)](sim::ActorContext& context, const sim::ActorSpec& spec) {
        return std::make_unique<ManoEntity>(context, spec, kind);
      });
}

}  // namespace ifa026::actors
