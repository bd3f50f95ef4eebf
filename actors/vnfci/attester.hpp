// The VNFCI's HMEE part as RATS Attester (docs/direct-mode.md, C.2.1.2 pre-condition 3): at start
// it makes its HMEE key pair and, under its platform attestation key, an HMEE certificate (for
// the mutual TLS with the HSM, C.2.1.3 #6); it asks the verifier for a challenge on
// VNFCI-Verifier, answers with Evidence (its measurements, the challenge-bound nonce, its HMEE
// public key, signed by the platform key) and, once the verifier affirms it, derives the PSK it
// shares with each relying party named in the challenge (actors/verifier/attested_credential.hpp)
// and hands them to its owner as day-0 secrets. A challenge or an evidence answer that does not
// come within `attestation_timeout` starts the attestation again, `attestation_retries` times
// (each exchange is a request of a RequestTracker, timer `attestation-timeout`). An exception of
// its own (not the verifier's refusal) is the actor guard's internal-error record, and the
// attestation then fails (reason "internal error").
//
// Trace: decision `Attestation` (no flow step: a pre-condition), peer the verifier, reference
// point VNFCI-Verifier, detail `vnfci=` first; outcomes `requested` (reference=, attempt=),
// `evidence_sent` (measurements=, tampered= when a fault is set), `affirming` (relying_parties=),
// `contraindicated` (reasons=), `retry` (reason=), `failed` (reason=).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/messages/attestation.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "actors/vnfci/vnfci_config.hpp"
#include "pki/certificate.hpp"
#include "pki/key.hpp"
#include "sim/actor.hpp"
#include "sim/message.hpp"

namespace ifa026::actors::vnfci {

class Attester : private ActorPiece {
 public:
  // Day-0 secrets by relying party, derived after an affirming appraisal.
  using Credentials = std::function<void(const std::map<std::string, std::string>& secrets)>;

  // `settings.bootstrap` must be set.
  Attester(sim::ActorContext& context, ActorToolkit toolkit, const Settings& settings,
           Credentials on_credentials);
  ~Attester() = default;
  Attester(const Attester&) = delete;
  Attester& operator=(const Attester&) = delete;

  // Makes the HMEE key and certificate and asks for a challenge.
  void start();
  // True when `message` came on VNFCI-Verifier (handled or rejected then).
  bool handle(const sim::Message& message);

  // The HMEE credentials for mutual TLS (nullopt before start or when the platform key was
  // unusable): key, certificate under the platform key, and the platform chain above it.
  const std::optional<pki::PrivateKey>& hmee_key() const { return hmee_key_; }
  const std::optional<pki::Certificate>& hmee_certificate() const { return hmee_certificate_; }
  const std::vector<pki::Certificate>& platform_chain() const { return platform_chain_; }
  // "idle", "challenging", "appraising", "affirming", "contraindicated", "failed".
  const std::string& state() const { return state_; }

 private:
  // The exchange an answer is awaited for.
  enum class Exchange { challenge, evidence };

  void request_challenge();
  void send_evidence(const TraceDetail& tampered);
  void on_challenge(const messages::AttestationChallengeResponse& challenge);
  void on_result(const messages::AttestationEvidenceResponse& answer);
  void on_timeout();
  void fail(const std::string& reason);
  // Runs `work` in the actor's guard; after an internal error the attestation fails.
  template <class F>
  void guarded_step(const std::string& operation, F&& work) {
    if (!guarded({.operation = operation,
                  .peer = bootstrap_.verifier,
                  .reference_point = reference_points::kVnfciVerifier},
                 std::forward<F>(work)))
      fail("internal error");
  }
  void trace_attestation(const std::string& outcome, const std::string& detail);
  void send(const Envelope& envelope);

  sim::ActorContext& context_;
  const Settings& settings_;
  const Bootstrap& bootstrap_;
  Credentials on_credentials_;
  std::optional<pki::PrivateKey> platform_key_;
  std::vector<pki::Certificate> platform_chain_;
  std::optional<pki::PrivateKey> hmee_key_;
  std::optional<pki::Certificate> hmee_certificate_;
  std::string state_ = "idle";
  int attempt_ = 0;
  RequestTracker<Exchange> exchanges_;
  std::uint64_t exchange_ = 0;  // the one awaited (0: none)
  // The challenge being answered.
  pki::Bytes verifier_key_;
  pki::Bytes evidence_nonce_;
  std::vector<std::string> relying_parties_;
};

}  // namespace ifa026::actors::vnfci
