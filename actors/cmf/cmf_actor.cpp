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
//
// - A CMF-1 request whose body does not decode (actors/messages/cmf1.hpp) is refused with a
//   MalformedMessage record and the request's own refusal, as for a request the CMF was not ready
//   for: RegisterEntityResponse (with a RegisterEntity record), CertificateSigningResponse at
//   step #1 (with a CertificateSigningRequest record) or RevokeCertificateResponse (with a
//   RevocationRequest record), the reason naming the field. So a CSR without the PBM `salt` or
//   `iterations`, or with a `credential` that is not a map, is refused as malformed (the CMF used
//   to take the reference as salt and a default iteration count; every sender sends both).
//
// This file is the shell: the actor type (an NfvActor, actors/toolkit/), the shared state, the
// routing of messages (typed, through MessageHandlers), commands and channel failures, the
// requests waiting for readiness and the expiry monitor. One piece per
// concept, each its own pair:
// - cmf_disk: what it keeps across a crash with restart;
// - cmf_ra_enrolment: the CMF's own RA certificates at its CAs;
// - cmf_entity_registration: registration of MANO entities (C.4.x.1);
// - cmf_certificate_signing: CSRs, their checks, p10cr to the CA, HSM vendor roots (C.4.x.2);
// - cmf_revocation: revocation and CertificateRemoved;
// - cmf_crl_updates: CRLs from CRL-DP;
// - cmf_compromise_recovery: a CA key compromise, and everything provisioned again;
// - direct_mode: VNFCI certificates (docs/direct-mode.md).
#include "actors/cmf/cmf_actor.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/cmf/cmf_certificate_signing.hpp"
#include "actors/cmf/cmf_compromise_recovery.hpp"
#include "actors/cmf/cmf_crl_updates.hpp"
#include "actors/cmf/cmf_delegation.hpp"
#include "actors/cmf/cmf_disk.hpp"
#include "actors/cmf/cmf_entity_registration.hpp"
#include "actors/cmf/cmf_part.hpp"
#include "actors/cmf/cmf_ra_enrolment.hpp"
#include "actors/cmf/cmf_revocation.hpp"
#include "actors/cmf/direct_mode.hpp"
#include "actors/common/envelope.hpp"
#include "actors/messages/cmf1.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/nfv_actor.hpp"

namespace ifa026::actors {
namespace {

namespace keys = detail_keys;
using cmf::Registration;

constexpr const char* kTypeName = "cmf";

// Holds the shared state so that it is built before the pieces that refer to it.
struct CmfStateHolder {
  cmf::CmfState state;
};

class CmfActor final : public NfvActor,
                       private CmfStateHolder,
                       private cmf::CmfPart,
                       public ArtifactLog {
 public:
  CmfActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        CmfStateHolder{cmf::CmfState(
            context, spec, {tracer(), guard()},
            [this](const ChannelMessage& m) { on_channel_message(m); },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              on_channel_failure(peer, kind, failure, dropped);
            })},
        CmfPart(state),
        disk_(state),
        ra_enrolment_(
            state, [this] { became_ready(); },
            [this](const std::string& ca) { recovery_.on_ra_certificate(ca); }),
        recovery_(state, ra_enrolment_),
        registration_(state),
        signing_(state),
        revocation_(state),
        crl_updates_(state, recovery_),
        delegation_(state, cmf::read_delegation_config(spec.params, config_.ca)),
        channel_handlers_(guard()) {
    channels_.credentials().day0_secrets = config_.day0;
    if (config_.direct_mode)
      direct_ =
          std::make_unique<cmf::DirectMode>(context, state.toolkit, config_, channels_, ra_, queue_,
                                            [this](const std::string& ca) { return identity(ca); });
    serve_cmf1();
    if (direct_) direct_->serve(channel_handlers_);
    if (direct_)  // issue 17: a VNF bound to a delegate is not discovered in direct mode
      direct_->set_delegate_lookup(
          [this](const std::string& vnf) { return delegation_.delegates().bound_vnfm(vnf); });
  }

  // ---- ArtifactLog: the CSRs it validated ----
  const std::vector<Artifact>& artifacts() const override { return state.csrs; }

 private:
  using NfvActor::guarded;
  using NfvActor::schedule;
  using NfvActor::trace;
  using sim::Actor::context;
  using sim::Actor::name;

  void start() override {
    disk_.restore();  // a restarted CMF: its registrations and inventory (cmf_disk.hpp)
    ra_enrolment_.enrol_all();
    if (config_.monitor_interval > sim::Duration())
      schedule(config_.monitor_interval, "ExpiryMonitor", [this] { monitor(); });
  }

  // A CMF the run may restart commits its state after each event (cmf_disk.hpp).
  void on_event_end() override { disk_.commit(); }

  void receive(const sim::Message& message) override {
    if (channels_.handle(message)) return;
    if (direct_ && direct_->handle_ca(message)) return;
    if (ra_.handle(message)) return;
    if (message.reference_point == reference_points::kCrlDp) return crl_updates_.on_crl(message);
    if (message.reference_point == reference_points::kHsmIf)
      return signing_.on_vendor_root(message);
    trace({.operation = message.operation.empty() ? decisions::kMessage : message.operation,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = message.reference_point,
           .step = message.step,
           .detail = TraceDetail().add(keys::kReason,
                                       "unexpected message on " + message.reference_point)});
  }

  void command(const sim::Command& command) override {
    if (direct_ && direct_->on_command(command)) return;
    NfvActor::command(command);
  }

  // The first certificate of the primary CA is installed: CRLs and requests that waited are
  // taken now, and direct mode may start.
  void became_ready() {
    crl_updates_.flush_pending();
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& [n, w] : waiting) {
      if (w.timer.valid()) context().withdraw(w.timer);
      w.serve();
    }
    if (direct_) direct_->on_ra_ready();
  }

  // ---- CMF-1 ----

  // The handlers of the CMF-1 requests: each is served by the work queue once the CMF is ready,
  // and refused with its own answer when its body does not decode or the CMF does not become
  // ready in time.
  void serve_cmf1() {
    channel_handlers_.on<messages::RegisterEntityRequest>(
        [this](const messages::RegisterEntityRequest& request, const ChannelMessage& m) {
          when_ready(
              m, config_.register_time, "RegisterEntity",
              [this, request, m] { registration_.handle_register(m, request); },
              [this, request, m](const std::string& reason) {
                registration_.reject_registration(m,
                                                  registration_.registration_flow(m, request.kind),
                                                  request.entity, request.fqdn, reason);
              });
        },
        [this](const ChannelMessage& m, const std::string& reason) {
          registration_.reject_registration(m, registration_.registration_flow(m, ""), "", "",
                                            reason);
        });
    channel_handlers_.on<messages::CertificateSigningRequest>(
        [this](const messages::CertificateSigningRequest& request, const ChannelMessage& m) {
          when_ready(
              m, config_.validate_time, "ValidateCsr",
              [this, request, m] {
                // Delegation mode (issue 17): a delegate VNFM's CSR for a VNFCI identity.
                if (request.delegation || request.vnfci) return delegation_.handle_csr(m, request);
                signing_.handle_csr(m, request);
              },
              [this, m](const std::string& reason) { signing_.refuse_at_first_step(m, reason); });
        },
        [this](const ChannelMessage& m, const std::string& reason) {
          signing_.refuse_at_first_step(m, reason);
        });
    channel_handlers_.on<messages::RevokeCertificateRequest>(
        [this](const messages::RevokeCertificateRequest& request, const ChannelMessage& m) {
          when_ready(
              m, config_.register_time, "RevokeCertificate",
              [this, request, m] {
                // Delegation mode (issue 17): a delegate VNFM revoking a VNFCI's certificates.
                if (request.vnfci) return delegation_.handle_revoke(m, request);
                revocation_.handle_revoke(m, request);
              },
              [this, request, m](const std::string& reason) {
                revocation_.reject_revocation(m, request.entity, "", reason);
              });
        },
        [this](const ChannelMessage& m, const std::string& reason) {
          revocation_.reject_revocation(m, "", "", reason);
        });
    // Delegation mode (issue 17): C.2.2.1 / C.3.2.1.
    channel_handlers_.on<messages::RegisterDelegateRequest>(
        [this](const messages::RegisterDelegateRequest& request, const ChannelMessage& m) {
          when_ready(
              m, config_.register_time, "RegisterDelegate",
              [this, request, m] { delegation_.handle_register(m, request); },
              [this, m](const std::string& reason) { delegation_.refuse_register(m, reason); });
        },
        [this](const ChannelMessage& m, const std::string& reason) {
          delegation_.refuse_register(m, reason);
        });
  }

  static HandlerSite site_of(const ChannelMessage& m) {
    return {.operation = m.envelope.operation,
            .peer = m.peer.name,
            .reference_point = m.reference_point,
            .step = m.envelope.step};
  }

  void on_channel_message(const ChannelMessage& m) {
    const HandlerSite site = site_of(m);
    guarded(site, [&] {
      if (channel_handlers_.dispatch(m.envelope, m, site)) return;
      trace({.operation = m.envelope.operation,
             .outcome = outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = m.reference_point,
             .step = m.envelope.step,
             .detail = TraceDetail().add(keys::kReason, "the CMF does not serve this operation")});
    });
  }

  void on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) {
    guarded({.operation = decisions::kChannelFailure, .peer = peer}, [&] {
      if (direct_ && direct_->on_channel_failure(peer, kind, failure, dropped)) return;
      const Registration* reg = registry_.find(peer);
      for (const auto& envelope : dropped)
        trace({.operation = envelope.operation,
               .outcome = outcomes::kUndelivered,
               .peer = peer,
               .reference_point = reference_points::kCmf1,
               .step = envelope.step,
               .detail = about(peer, reg != nullptr ? reg->fqdn : "")
                             .add(keys::kChannel, std::string(to_string(kind)))
                             .add(keys::kReason, failure)});
    });
  }

  // Serves `m` through the work queue (`service`, timer `label`) once the CMF is ready; a request
  // that came before waits up to ca_timeout, then `refuse` answers "CMF not ready".
  void when_ready(const ChannelMessage& m, sim::Duration service, const char* label,
                  std::function<void()> work, std::function<void(const std::string&)> refuse) {
    std::function<void()> serve = [this, site = site_of(m), service, label,
                                   work = std::move(work)]() mutable {
      queue_.submit(service, label, [this, site, work = std::move(work)] { guarded(site, work); });
    };
    if (ready_) return serve();
    const std::uint64_t id = ++next_waiting_;
    Waiting w{std::move(serve), std::move(refuse), {}};
    w.timer = schedule(config_.ca_timeout, "CmfNotReady", [this, id] { not_ready(id); });
    waiting_.emplace(id, std::move(w));
  }

  void not_ready(std::uint64_t id) {
    auto it = waiting_.find(id);
    if (it == waiting_.end()) return;
    const auto refuse = std::move(it->second.refuse);
    waiting_.erase(it);
    refuse(reasons::kCmfNotReady);
  }

  // ---- expiry monitoring ----

  void monitor() {
    const pki::Instant at = now();
    for (auto& [entity, reg] : registry_.all()) {
      cmf::IssuedCertificate* current = reg.current();
      if (current == nullptr || current->expiry_alarm_raised) continue;
      if (current->not_after.unix_ns - at.unix_ns >= config_.expiry_alarm_threshold.ns()) continue;
      current->expiry_alarm_raised = true;
      trace({.operation = decisions::kExpiryAlarm,
             .outcome = outcomes::kRaised,
             .peer = entity,
             .reference_point = reference_points::kCmf1,
             .detail = about(entity, reg.fqdn)
                           .add(keys::kSerial, current->serial)
                           .add(keys::kNotAfter, utc(current->not_after))});
    }
    if (direct_) direct_->monitor();
    schedule(config_.monitor_interval, "ExpiryMonitor", [this] { monitor(); });
  }

  struct Waiting {
    std::function<void()> serve;
    std::function<void(const std::string&)> refuse;
    sim::EventId timer;
  };

  cmf::CmfDisk disk_;
  cmf::CmfRaEnrolment ra_enrolment_;
  cmf::CmfCompromiseRecovery recovery_;  // issue 20
  cmf::CmfEntityRegistration registration_;
  cmf::CmfCertificateSigning signing_;
  cmf::CmfRevocation revocation_;
  cmf::CmfCrlUpdates crl_updates_;
  cmf::CmfDelegation delegation_;  // issue 17
  MessageHandlers<ChannelMessage> channel_handlers_;
  std::map<std::uint64_t, Waiting> waiting_;  // requests waiting for readiness
  std::uint64_t next_waiting_ = 0;
};

}  // namespace

void register_cmf_actor(sim::ActorRegistry& registry) {
  register_actor<CmfActor>(
      registry, kTypeName,
      {.description =
           "Certificate Management Function: registration, CA selection, initial credentials, "
           "CSR validation and key attestation, RA towards the CA over CMP, revocation, inventory "
           "and expiry monitoring",
       .params = cmf::cmf_param_rules(),
       // Direct mode's commands (actors/cmf/direct_mode.cpp).
       .commands =
           {{"revoke_vnfci_certificate",
             "revoke the current certificates of a VNFCI that keeps running (it is not told)",
             {{"vnfci", sim::ParamType::string, "the VNFCI whose certificates are revoked", true},
              {"identity", sim::ParamType::string, "only this identity of it", false,
               "every identity"},
              {"reason", sim::ParamType::string, "CRL reason", false, "keyCompromise"}}},
            {"query_vnf",
             "QueryVnf to a VNFM about a VNF (over mutual TLS)",
             {{"vnf", sim::ParamType::string, "the VNF instance asked about", true},
              {"vnfm", sim::ParamType::string, "the VNFM asked", false,
               "the first of direct_mode.vnfms"}}}},
       .check = cmf::check_cmf_specifics});
}

}  // namespace ifa026::actors
