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
// This file is the shell: the actor type, the shared state, the routing of messages, commands and
// channel failures, the requests waiting for readiness and the expiry monitor. One piece per
// concept, each its own pair:
// - cmf_ra_enrolment: the CMF's own RA certificates at its CAs;
// - cmf_entity_registration: registration of MANO entities (C.4.x.1);
// - cmf_certificate_signing: CSRs, their checks, p10cr to the CA, HSM vendor roots (C.4.x.2);
// - cmf_revocation: revocation and CertificateRemoved;
// - cmf_crl_updates: CRLs from CRL-DP;
// - direct_mode: VNFCI certificates (docs/direct-mode.md).
#include "actors/cmf/cmf_actor.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/cmf/cmf_certificate_signing.hpp"
#include "actors/cmf/cmf_crl_updates.hpp"
#include "actors/cmf/cmf_entity_registration.hpp"
#include "actors/cmf/cmf_part.hpp"
#include "actors/cmf/cmf_ra_enrolment.hpp"
#include "actors/cmf/cmf_revocation.hpp"
#include "actors/cmf/direct_mode.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors {
namespace {

using cmf::Registration;
using nlohmann::json;
using sim::RecordKind;

constexpr const char* kTypeName = "cmf";

// Holds the shared state so that it is built before the pieces that refer to it.
struct CmfStateHolder {
  cmf::CmfState state;
};

class CmfActor final : public sim::Actor, private CmfStateHolder, private cmf::CmfPart {
 public:
  CmfActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context),
        CmfStateHolder{cmf::CmfState(
            context, spec, [this](const ChannelMessage& m) { on_channel_message(m); },
            [this](const std::string& peer, ChannelKind kind, const std::string& failure,
                   const std::vector<Envelope>& dropped) {
              on_channel_failure(peer, kind, failure, dropped);
            })},
        CmfPart(state),
        ra_enrolment_(state, [this] { became_ready(); }),
        registration_(state),
        signing_(state),
        revocation_(state),
        crl_updates_(state) {
    channels_.credentials().day0_secrets = config_.day0;
    if (config_.direct_mode)
      direct_ =
          std::make_unique<cmf::DirectMode>(context, config_, channels_, ra_, queue_,
                                            [this](const std::string& ca) { return identity(ca); });
  }

  void on_start() override {
    guarded("CmfEnrolment", "", [&] { ra_enrolment_.enrol_all(); });
    if (config_.monitor_interval > sim::Duration())
      context().schedule(config_.monitor_interval, "ExpiryMonitor",
                         [this] { guarded("ExpiryMonitor", "", [&] { monitor(); }); });
  }

  void on_message(const sim::Message& message) override {
    guarded(message.operation.empty() ? "Message" : message.operation, message.from, [&] {
      if (channels_.handle(message)) return;
      if (direct_ && direct_->handle_ca(message)) return;
      if (ra_.handle(message)) return;
      if (message.reference_point == reference_points::kCrlDp) return crl_updates_.on_crl(message);
      if (message.reference_point == reference_points::kHsmIf)
        return signing_.on_vendor_root(message);
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
  using sim::Actor::context;
  using sim::Actor::name;

  // The first certificate of the primary CA is installed: CRLs and requests that waited are
  // taken now, and direct mode may start.
  void became_ready() {
    crl_updates_.flush_pending();
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
        guarded(operations::kRegisterEntityRequest, m.peer.name,
                [&] { registration_.handle_register(m); });
      });
    } else if (op == operations::kCertificateSigningRequest) {
      queue_.submit(config_.validate_time, "ValidateCsr", [this, m] {
        guarded(operations::kCertificateSigningRequest, m.peer.name,
                [&] { signing_.handle_csr(m); });
      });
    } else if (op == operations::kRevokeCertificateRequest) {
      queue_.submit(config_.register_time, "RevokeCertificate", [this, m] {
        guarded(operations::kRevokeCertificateRequest, m.peer.name,
                [&] { revocation_.handle_revoke(m); });
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
      registration_.reject_registration(m, flow, entity, fqdn, reason);
    } else if (op == operations::kCertificateSigningRequest) {
      const std::string flow = flow_of(m.envelope.step);
      record(RecordKind::decision, operations::kCertificateSigningRequest, step_in(flow, 1),
             "rejected", m.peer.name, about(m.peer.name, "").add("reason", reason));
      json out = json::object();
      out["status"] = "rejected";
      out["reason"] = reason;
      reply(m, operations::kCertificateSigningResponse, step_in(flow, 1), std::move(out));
    } else if (op == operations::kRevokeCertificateRequest) {
      revocation_.reject_revocation(m, get_string(body, "entity"), "", reason);
    }
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

  cmf::CmfRaEnrolment ra_enrolment_;
  cmf::CmfEntityRegistration registration_;
  cmf::CmfCertificateSigning signing_;
  cmf::CmfRevocation revocation_;
  cmf::CmfCrlUpdates crl_updates_;
  std::map<std::uint64_t, Waiting> waiting_;  // requests waiting for readiness
  std::uint64_t next_waiting_ = 0;
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
