// Remote attestation in the IETF RATS roles of clauses C.2.1.2/C.2.1.3: the Attester (the VNFCI
// part running in the HMEE) signs Evidence (measurements, the relying party's nonce, the HMEE
// public key) with a platform attestation key certified up to a hardware root; the Verifier
// (attestation service) appraises it against reference values and signs an AttestationResult;
// the Relying Party (CMF) checks that result. DER formats in docs/pki-formats.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

// Content types of the signed parts (project-private arc).
inline constexpr const char* kAttestationEvidenceOid = "1.3.6.1.4.1.59999.26.3";
inline constexpr const char* kAttestationResultOid = "1.3.6.1.4.1.59999.26.4";

// One measured component: a name ("firmware", "kernel", "vnfc-image") and its SHA-256.
struct Measurement {
  std::string name;
  Bytes sha256;
  bool operator==(const Measurement&) const = default;
};

class Evidence {
 public:
  static constexpr std::int64_t kVersion = 1;

  // The Attester's claims, signed by the platform attestation key. `platform_chain` is that
  // key's certificate, then intermediates (not the hardware root). Throws PkiError on no or
  // more than 256 measurements, an empty, over-long (> 128 octets) or repeated name, a digest
  // that is not 32 octets, a nonce over 64 octets, or a chain whose first certificate is not
  // the platform key's.
  static Evidence create(std::vector<Measurement> measurements, Bytes nonce,
                         const PublicKey& hmee_key, Instant when, const PrivateKey& platform_key,
                         std::vector<Certificate> platform_chain);
  // Throws DecodeError on anything that is not exactly well-formed Evidence.
  static Evidence from_der(ByteView der);

  const Bytes& der() const { return der_; }
  const std::vector<Measurement>& measurements() const { return measurements_; }
  const Bytes& nonce() const { return nonce_; }
  const Bytes& hmee_key_der() const { return hmee_key_der_; }  // SubjectPublicKeyInfo
  PublicKey hmee_key() const { return PublicKey::from_der(hmee_key_der_); }
  Instant attested_at() const { return attested_at_; }
  const Bytes& to_be_signed() const { return to_be_signed_; }
  const Bytes& signature() const { return signature_; }
  const std::vector<Certificate>& platform_chain() const { return chain_; }

 private:
  Evidence() = default;

  Bytes der_;
  std::vector<Measurement> measurements_;
  Bytes nonce_;
  Bytes hmee_key_der_;
  Instant attested_at_;
  Bytes to_be_signed_;
  Bytes signature_;
  std::vector<Certificate> chain_;
};

// What the Verifier expects.
struct ReferenceValues {
  std::vector<Measurement> expected;  // each must be present with exactly this digest
  bool allow_unlisted = false;        // measurements not in `expected` are otherwise rejected
  std::optional<std::int64_t> max_evidence_age_seconds;
};

// Trust tiers, numbered as in the IETF RATS EAR draft.
enum class AttestationStatus { affirming = 2, contraindicated = 96 };
std::string_view to_string(AttestationStatus status);  // "affirming", "contraindicated"

class AttestationResult {
 public:
  static constexpr std::int64_t kVersion = 1;

  // Throws DecodeError on anything that is not exactly a well-formed result.
  static AttestationResult from_der(ByteView der);

  const Bytes& der() const { return der_; }
  AttestationStatus status() const { return status_; }
  bool affirming() const { return status_ == AttestationStatus::affirming; }
  // Every reason the evidence was found wanting (empty exactly when affirming).
  const std::vector<std::string>& reasons() const { return reasons_; }
  const Bytes& hmee_key_sha256() const { return hmee_key_sha256_; }
  const Bytes& evidence_sha256() const { return evidence_sha256_; }
  const Bytes& nonce() const { return nonce_; }
  Instant appraised_at() const { return appraised_at_; }
  const Bytes& to_be_signed() const { return to_be_signed_; }
  const Bytes& signature() const { return signature_; }
  const Certificate& verifier_certificate() const { return *verifier_certificate_; }

 private:
  friend AttestationResult appraise(const Evidence&, const ReferenceValues&, ByteView,
                                    const std::vector<Certificate>&, Instant, const PrivateKey&,
                                    const Certificate&);
  AttestationResult() = default;

  Bytes der_;
  AttestationStatus status_ = AttestationStatus::contraindicated;
  std::vector<std::string> reasons_;
  Bytes hmee_key_sha256_;
  Bytes evidence_sha256_;
  Bytes nonce_;
  Instant appraised_at_;
  Bytes to_be_signed_;
  Bytes signature_;
  std::optional<Certificate> verifier_certificate_;  // always set
};

// The Verifier's appraisal: the evidence signature under its first chain certificate; that
// certificate's path to one of `hardware_roots` at `now`; the nonce (skipped when
// `expected_nonce` is empty); every measurement against `reference`; the evidence time (not
// after `now`, not older than the reference's max age). Every failure is listed as a reason;
// the result is affirming only when there is none. Signed with `verifier_key`, whose
// certificate the result carries (throws PkiError when they do not match).
AttestationResult appraise(const Evidence& evidence, const ReferenceValues& reference,
                           ByteView expected_nonce, const std::vector<Certificate>& hardware_roots,
                           Instant now, const PrivateKey& verifier_key,
                           const Certificate& verifier_certificate);

enum class ResultFailure {
  none,
  signature_invalid,
  verifier_not_trusted,
  nonce_mismatch,
  hmee_key_mismatch,
  time_in_future,
  too_old,
  contraindicated,
};
// "ok", "signature invalid", "verifier not trusted", "nonce mismatch", "HMEE key mismatch",
// "result time in the future", "result too old", "contraindicated".
std::string_view to_string(ResultFailure failure);

struct ResultVerdict {
  ResultFailure failure = ResultFailure::none;
  std::string detail;  // for people (for contraindicated: the verifier's reasons)
  bool ok() const { return failure == ResultFailure::none; }
  std::string_view reason() const { return to_string(failure); }
};

struct ResultExpectations {
  std::optional<PublicKey> hmee_key;  // the HMEE key the relying party is about to trust
  std::optional<std::int64_t> max_age_seconds;
};

// The Relying Party's check, in this order, stopping at the first failure: the signature under
// the carried verifier certificate's key; that certificate's path to `verifier_trust` at `now`;
// the nonce (skipped when `expected_nonce` is empty); the HMEE key, if expected; the appraisal
// time; finally the status itself (contraindicated fails, with the verifier's reasons).
ResultVerdict verify_attestation_result(const AttestationResult& result,
                                        const TrustStore& verifier_trust, ByteView expected_nonce,
                                        Instant now, const ResultExpectations& expectations = {});
// The same with one pinned verifier certificate: the carried certificate must be exactly it,
// and be valid at `now`.
ResultVerdict verify_attestation_result(const AttestationResult& result,
                                        const Certificate& pinned_verifier, ByteView expected_nonce,
                                        Instant now, const ResultExpectations& expectations = {});

}  // namespace ifa026::pki
