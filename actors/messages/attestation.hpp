// Messages of remote attestation (docs/direct-mode.md, C.2.1.2 and C.2.1.3): on VNFCI-Verifier a
// VNFCI's HMEE (the Attester) gets a challenge and sends its signed Evidence (plain messages); on
// CMF-Verifier the CMF (Relying Party) asks for a VNFCI's result over day-0 TLS.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// VNFCI -> verifier.
struct AttestationChallengeRequest {
  static constexpr std::string_view kOperation = operations::kAttestationChallengeRequest;
  std::string reference;  // "vnfd/vnfc": which reference values apply
  bool operator==(const AttestationChallengeRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("reference", self.reference);
  }
};

// Verifier -> VNFCI: status ok with the challenge, or error with a reason.
struct AttestationChallengeResponse {
  static constexpr std::string_view kOperation = operations::kAttestationChallengeResponse;
  std::string status;  // ok, error
  std::optional<std::string> reason;
  std::optional<pki::Bytes> nonce;         // 32 random octets
  std::optional<pki::Bytes> verifier_key;  // SPKI DER of the verifier's key-agreement key
  std::optional<std::vector<std::string>> relying_parties;
  std::optional<std::int64_t> expires;  // ns since 1970
  bool operator==(const AttestationChallengeResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("nonce", self.nonce);
    f("verifier_key", self.verifier_key);
    f("relying_parties", self.relying_parties);
    f("expires", self.expires);
  }
};

// VNFCI -> verifier.
struct AttestationEvidenceRequest {
  static constexpr std::string_view kOperation = operations::kAttestationEvidenceRequest;
  pki::Bytes evidence;  // DER (docs/pki-formats.md)
  bool operator==(const AttestationEvidenceRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("evidence", self.evidence);
  }
};

// Verifier -> VNFCI.
struct AttestationEvidenceResponse {
  static constexpr std::string_view kOperation = operations::kAttestationEvidenceResponse;
  std::string status;  // affirming, contraindicated, error
  std::optional<std::string> reason;
  std::optional<pki::Bytes> result;  // DER of the signed AttestationResult
  bool operator==(const AttestationEvidenceResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("result", self.result);
  }
};

// CMF -> verifier (C.2.1.2 #2).
struct AttestationResultRequest {
  static constexpr std::string_view kOperation = operations::kAttestationResultRequest;
  std::string vnfci;
  bool operator==(const AttestationResultRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfci", self.vnfci);
  }
};

// Verifier -> CMF. Always vnfci, verifier_certificate and status; with an appraisal also result,
// reference, nonce and hmee_key, and psk when affirming; a refusal (also the verifier's answer to
// any other operation on this channel) has status error and reason.
struct AttestationResultResponse {
  static constexpr std::string_view kOperation = operations::kAttestationResultResponse;
  std::string vnfci;
  pki::Bytes verifier_certificate;  // DER
  std::string status;               // affirming, contraindicated, pending, unknown, error
  std::optional<std::string> reason;
  std::optional<pki::Bytes> result;      // DER of the signed AttestationResult
  std::optional<std::string> reference;  // "vnfd/vnfc" appraised
  std::optional<pki::Bytes> nonce;       // the evidence nonce
  std::optional<pki::Bytes> hmee_key;    // SPKI DER
  std::optional<pki::Bytes> psk;         // 32 octets, for this relying party and VNFCI
  bool operator==(const AttestationResultResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfci", self.vnfci);
    f("verifier_certificate", self.verifier_certificate);
    f("status", self.status);
    f("reason", self.reason);
    f("result", self.result);
    f("reference", self.reference);
    f("nonce", self.nonce);
    f("hmee_key", self.hmee_key);
    f("psk", self.psk);
  }
};

}  // namespace ifa026::actors::messages
