// The NFV-MANO entities' shared behaviour (NFVO, VNFM, VIM, WIM, CISM, CIR; Annex C.4 and
// B.2–B.7): relaying SetCertificateConfiguration towards its target, key pair generation (in the
// entity or in its HSM), CSR building and PBM-protected enrolment at the CMF, verification and
// installation of the issued certificate, renewal over mutual TLS, revocation of its own
// certificate at its CMF, removal, CRL updates, mutual TLS session checks with peers and access
// control. Each entity folder describes what is its own in a ManoEntityKind (reference points to
// its relay targets) and registers the type built here; the Annex C flows an entity cites are
// its kind's (flows::entity_flow). docs/mano-certificates.md is the
// contract.
//
// A kind that does more than certificates (the VNFM's VNF lifecycle) adds a ManoEntityExtension:
// it gets the entity's context, secure channels, tracer, guard and timers (ManoEntityHost), sees
// the commands and the authorised requests the entity does not handle itself, and learns when the
// entity's certificate changes. Without an extension the entity behaves as before.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/handler_guard.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "sim/actor_registry.hpp"
#include "sim/diagnostic.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors {

class ManoEntityExtension;

// What an extension may use of the entity it extends.
class ManoEntityHost {
 public:
  virtual ~ManoEntityHost() = default;
  virtual sim::ActorContext& actor_context() = 0;
  // The entity's TLS sessions and credentials (its certificate once enrolled).
  virtual SecureChannels& channels() = 0;
  // True when the entity holds a certificate and its key in its TLS credentials, so it can open
  // and accept mutual TLS sessions.
  virtual bool can_authenticate() const = 0;
  // The configured FQDN ("" before configuration).
  virtual std::string entity_fqdn() const = 0;
  // The entity's tracer: every record's detail starts with the entity's `entity=` and `fqdn=`.
  virtual Tracer& tracer() = 0;
  // The entity's handler guard (actors/toolkit/handler_guard.hpp).
  virtual HandlerGuard& guard() = 0;
  // Runs `callback` after `delay` inside the entity's guard (site operation: `label`, which also
  // names the timer in the trace).
  virtual sim::EventId schedule(sim::Duration delay, std::string label,
                                std::function<void()> callback) = 0;
  // Sends an envelope outside any secure channel (HSM-If, NFVI-Trust).
  virtual void send_envelope(const std::string& to, const std::string& reference_point,
                             const Envelope& envelope) = 0;
  // The typed handlers of requests from peers that passed the entity's access control (mutual
  // TLS with a certificate, `access` when checked); an extension registers its own here. A
  // request no handler takes is rejected as an unsupported operation.
  virtual MessageHandlers<ChannelMessage>& request_handlers() = 0;
  // The typed handlers of requests from peers on their day-0 channel (TLS with the PSK both ends
  // configured: the OSS's Os-Ma-Nfvo requests, docs/lifecycle.md D2). Tried before the access
  // control of request_handlers(); a day-0 request none takes goes on to it (and is refused there
  // as before).
  virtual MessageHandlers<ChannelMessage>& day0_request_handlers() = 0;
  // The typed handlers of an extension's messages outside TLS (e.g. the NFVO's security
  // association results from VNFCIs, Vnf-Sa); tried after the entity's own (CRLs, its HSM).
  virtual MessageHandlers<sim::Message>& extension_plain_handlers() = 0;
  // The kind's extension (null without one), for readers of its final state (actors/sm/sm_state).
  virtual const ManoEntityExtension* extension() const { return nullptr; }
};

// Behaviour a kind adds to the entity (its requests go through ManoEntityHost::request_handlers).
// Every hook runs inside the entity's guard.
class ManoEntityExtension {
 public:
  virtual ~ManoEntityExtension() = default;
  virtual void on_start() {}
  // A workload command the entity does not know (enrol, renew, revoke, check_peers are its
  // own); true when handled, otherwise the command is traced as unknown.
  virtual bool on_command(const sim::Command& /*command*/) { return false; }
  // A session of the entity failed; `dropped` are the envelopes that waited for it.
  virtual void on_channel_failure(const std::string& /*peer*/, ChannelKind /*kind*/,
                                  const std::string& /*failure*/,
                                  const std::vector<Envelope>& /*dropped*/) {}
  // The entity's certificate changed (installed, renewed or removed), after its sessions were
  // closed where that applies.
  virtual void on_certificate_changed() {}
  // An actor the entity spawned ended other than by the entity's own retire: a `crash` fault
  // (reason "crash") or a retire by another actor ("retired"); sim::Actor::on_child_ended.
  virtual void on_child_ended(const std::string& /*name*/, const std::string& /*reason*/) {}
  // The run has ended (NfvActor::finish): trace the final state, e.g. the VNFCI private keys
  // still held (actors/common/key_custody.hpp).
  virtual void on_finish() {}
};

using ManoEntityExtensionFactory =
    std::function<std::unique_ptr<ManoEntityExtension>(ManoEntityHost&, const sim::ActorSpec&)>;

struct ManoEntityKind {
  std::string kind;         // "nfvo", "vnfm", "vim", "wim", "cism", "cir" or "sm"
  std::string description;  // one line, for `ifa026 list actor-types`
  // Reference point from this kind to a peer of another kind (relay targets, peers), e.g. for
  // the NFVO {"vnfm": "Or-Vnfm", "vim": "Or-Vi", ...}.
  std::map<std::string, std::string> reference_points;
  // Requests from peers are checked against `access` even when the parameter is absent (WIM,
  // CISM, CIR: Wim/Cism/Cir.Sc.001). Other kinds check only when `access` is given.
  bool access_control = false;
  // Extension (optional): its parameters (checked with the entity's own), a further check of
  // them, and its factory.
  std::vector<ParamRule> extra_params;
  std::vector<CommandRule> extra_commands;  // workload commands the extension handles
  std::function<void(const nlohmann::json& params, std::vector<sim::Diagnostic>& out)>
      check_extra_params;
  ManoEntityExtensionFactory extension;
};

// The reference point between the OSS and MANO entities it configures directly.
inline constexpr const char* kOssReferencePoint = reference_points::kOsMaNfvo;

// An actor type for `kind` (description, parameter checks, factory), built with the toolkit's
// actor_type (actors/toolkit/actor_registration.hpp). The actor is an NfvActor and implements
// actors::CertificateHolder.
sim::ActorType mano_entity_actor_type(ManoEntityKind kind);

}  // namespace ifa026::actors
