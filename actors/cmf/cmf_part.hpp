// What every piece of the `cmf` actor shares (cmf_actor.cpp): its configuration, secure channels,
// work queue and CMP exchange with the CAs (the CMF as RA), the entity registry, its RA identities
// per CA and readiness, the HSM vendor roots, the session kind each entity last enrolled on, and
// direct mode. CmfPart gives each piece (own RA enrolment, entity registration, certificate
// signing, revocation, CRL updates) these under one name each, the actor's toolkit (ActorPiece:
// structured trace, guard, guarded timers), and the flow-step lookups they all use.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/direct_mode.hpp"
#include "actors/cmf/entity_registry.hpp"
#include "actors/cmf/ra_identity.hpp"
#include "actors/common/artifact_log.hpp"
#include "actors/common/cmp_exchange.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "pki/certificate.hpp"
#include "pki/cmp_client.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::cmf {

// The CMF's state; owned by the actor.
struct CmfState {
  CmfState(sim::ActorContext& context, const sim::ActorSpec& spec, ActorToolkit toolkit,
           SecureChannels::MessageHandler on_message, SecureChannels::FailureHandler on_failure);
  // Never copied nor moved: the pieces and callbacks refer to it.
  CmfState(const CmfState&) = delete;
  CmfState& operator=(const CmfState&) = delete;

  sim::ActorContext& context;
  ActorToolkit toolkit;
  CmfConfig config;
  SecureChannels channels;
  WorkQueue queue;
  CmpExchange ra;  // CA-1, the CMF as RA
  EntityRegistry registry;
  bool ready = false;
  std::map<std::string, RaIdentity> identities;  // by CA actor; config.ca is the primary
  std::vector<pki::Certificate> vendor_roots;
  std::map<std::string, ChannelKind> last_channel;  // entity -> kind of its last CSR session
  std::vector<Artifact> csrs;                       // every CSR validated, once (the reports)
  std::set<std::string> csr_keys;                   // their keys (spki_sha256)
  std::unique_ptr<DirectMode> direct;               // with `direct_mode` only; destroyed first
};

// Base of the CMF's pieces (and of the actor): the shared state and helpers.
class CmfPart : protected ActorPiece {
 protected:
  explicit CmfPart(CmfState& state);
  ~CmfPart() = default;

  // "C.4.1.2.6" of "C.4.1.2.6#0"; the step text itself when it has no '#'.
  static std::string flow_of(const std::string& step);
  // Step `number` of `flow` as its table gives it; "" when the flow has no such step (or no flow
  // is known: a request that cited none).
  static std::string step_in(const std::string& flow, int number);
  // The registration flow of an entity kind (the Annex C tables have one for nfvo, vnfm and vim;
  // "" for the others).
  static std::string registration_flow_of_kind(const std::string& kind);
  static std::string utc(pki::Instant instant);
  static TraceDetail about(const std::string& entity, const std::string& fqdn);
  // Keeps a CSR it validated for the reports (ArtifactLog), named by the SHA-256 of its public
  // key as its CsrValidation record names it; once per key.
  void keep_csr(const pki::Csr& csr);

  sim::ActorContext& context() const { return state_.context; }
  const std::string& name() const { return state_.context.name(); }

  // Answers `to` on the session it came on.
  template <messages::FixedOperationMessage M>
  void reply(const ChannelMessage& to, const M& message, const std::string& step) {
    channels_.reply(to, messages::to_envelope(message, step));
  }

  pki::Instant now();
  sim::Time current_time();

  const RaIdentity* identity(const std::string& ca) const;
  const RaIdentity& primary() const;
  // Every CA certificate the CMF knows (chains and roots of all its CAs).
  std::vector<pki::Certificate> known_ca_certificates() const;
  // The chain delivered with a certificate: its issuing CA(s) up to and including the root, found
  // among `from_ca` (what the CA sent with it) and the CA certificates the CMF knows.
  std::vector<pki::Certificate> chain_for(const pki::Certificate& leaf,
                                          const std::vector<pki::Certificate>& from_ca) const;
  pki::CmpClientConfig cmp_config(const RaIdentity& id) const;
  // Whether `m` comes from a trusted consumer over day-0 (`reason` says why not).
  bool trusted_consumer(const ChannelMessage& m, std::string& reason) const;

  CmfState& state_;
  const CmfConfig& config_;
  SecureChannels& channels_;
  WorkQueue& queue_;
  CmpExchange& ra_;
  EntityRegistry& registry_;
  bool& ready_;
  std::map<std::string, RaIdentity>& identities_;
  std::vector<pki::Certificate>& vendor_roots_;
  std::map<std::string, ChannelKind>& last_channel_;
  std::unique_ptr<DirectMode>& direct_;
};

}  // namespace ifa026::actors::cmf
