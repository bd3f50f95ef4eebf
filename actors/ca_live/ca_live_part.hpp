// What every piece of the `ca-live` actor shares (ca_live_actor.cpp): its settings, the real CA's
// certificates read from the trust_anchors files, the identities of the end entities registered
// through it, the certificates and CRLs it saw the server issue, and helpers: the simulated time as
// pki/ reads it, the trust store of the CA's hierarchy, sending on CA-1 or CRL-DP.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "actors/ca_live/ca_live_settings.hpp"
#include "actors/common/artifact_log.hpp"
#include "actors/common/envelope.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "pki/certificate.hpp"
#include "pki/chain_verifier.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::ca_live {

// The actor's state; owned by the actor.
struct CaLiveState {
  // Reads the settings and the trust_anchors files; throws (a harness error: the scenario cannot
  // run) when a file cannot be read or holds no certificate, or none is self-signed.
  CaLiveState(sim::ActorContext& context, const sim::ActorSpec& spec, Tracer& tracer,
              HandlerGuard& guard);
  CaLiveState(const CaLiveState&) = delete;
  CaLiveState& operator=(const CaLiveState&) = delete;

  sim::ActorContext& context;
  Tracer& tracer;
  HandlerGuard& guard;
  CaLiveSettings settings;
  std::vector<pki::Certificate> anchors;        // self-signed: the roots
  std::vector<pki::Certificate> intermediates;  // the other CA certificates, in file order
  // The identity (e.g. "vnf-1-fw-ctl-1/client") of each credential reference registered.
  std::map<std::string, std::string> identities;
  std::vector<Artifact> artifacts;  // certificates the server issued and CRLs, in order
  // Run after the server revoked a certificate (the CRL publisher refreshes).
  std::function<void()> after_revocation;
};

class CaLivePart : protected ActorPiece {
 public:
  CaLivePart(const CaLivePart&) = delete;
  CaLivePart& operator=(const CaLivePart&) = delete;

 protected:
  explicit CaLivePart(CaLiveState& state)
      : ActorPiece({state.tracer, state.guard}), state_(state), settings_(state.settings) {}
  ~CaLivePart() = default;

  sim::ActorContext& context() const { return state_.context; }
  pki::Instant now() const;
  // The CA's hierarchy: its roots as anchors, the other certificates as intermediates.
  pki::TrustStore trust_store() const;
  void send_envelope(const std::string& to, const Envelope& envelope,
                     const char* reference_point = reference_points::kCa1) const;

  CaLiveState& state_;
  const CaLiveSettings& settings_;
};

}  // namespace ifa026::actors::ca_live
