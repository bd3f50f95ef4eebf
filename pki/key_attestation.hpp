// Key-attestation statements (Annex B "key attestation", e.g. Nfvo.Sc.008, Cmf.CertLcm.009): an
// HSM's signed claim that a key pair (identified by the SHA-256 of its SubjectPublicKeyInfo) was
// generated inside it and cannot leave it, at a given security level, bound to a nonce and a time,
// with the attestation key's certificate chain up to an HSM vendor root. The DER format is
// documented in docs/pki-formats.md; the statement travels in a CSR attribute
// (kKeyAttestationAttributeOid, pki/csr.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

// Content type of the signed part of a key-attestation statement (project-private arc).
inline constexpr const char* kKeyAttestationStatementOid = "1.3.6.1.4.1.59999.26.2";

// What the HSM claims about the attested key.
struct KeyProperties {
  bool generated_in_hsm = false;
  bool non_exportable = false;
  std::string security_level;  // e.g. "fips140-3-l3"; see security_level_rank
  std::string key_type;        // pki::to_string(KeyType), e.g. "ec-p256"; create() fills it in
  bool operator==(const KeyProperties&) const = default;
};

// Orders the security levels this project knows: "fips140-2-lN" and "fips140-3-lN" (N = 1..4),
// by level first, then by standard (fips140-2-l3 < fips140-3-l3 < fips140-2-l4). nullopt for
// anything else (such a level can still be listed in KeyAttestationPolicy::allowed_levels).
std::optional<int> security_level_rank(std::string_view level);

class KeyAttestationStatement {
 public:
  static constexpr std::int64_t kVersion = 1;

  // Signs a statement about `attested` with the HSM attestation key. `attestation_chain` is the
  // attestation key's certificate, then intermediates (not the vendor root); its first
  // certificate must certify `attestation_key`. Throws PkiError on an empty chain, a chain whose
  // first certificate is not the attestation key's, or properties.key_type naming another type.
  static KeyAttestationStatement create(const PublicKey& attested, KeyProperties properties,
                                        Bytes nonce, Instant when,
                                        const PrivateKey& attestation_key,
                                        std::vector<Certificate> attestation_chain);
  // Throws DecodeError on anything that is not exactly a well-formed statement.
  static KeyAttestationStatement from_der(ByteView der);

  const Bytes& der() const { return der_; }
  std::int64_t version() const { return version_; }
  const Bytes& spki_sha256() const { return spki_sha256_; }
  const KeyProperties& properties() const { return properties_; }
  const Bytes& nonce() const { return nonce_; }
  Instant attested_at() const { return attested_at_; }
  // The signed bytes (DER of KeyAttestationTbs) and the signature over them.
  const Bytes& to_be_signed() const { return to_be_signed_; }
  const Bytes& signature() const { return signature_; }
  const std::vector<Certificate>& attestation_chain() const { return chain_; }

 private:
  KeyAttestationStatement() = default;

  Bytes der_;
  std::int64_t version_ = kVersion;
  Bytes spki_sha256_;
  KeyProperties properties_;
  Bytes nonce_;
  Instant attested_at_;
  Bytes to_be_signed_;
  Bytes signature_;
  std::vector<Certificate> chain_;
};

// What a relying party (CMF, CA) requires, per its certificate policy.
struct KeyAttestationPolicy {
  bool require_generated_in_hsm = true;
  bool require_non_exportable = true;
  // When non-empty, the level must be one of these (exact match).
  std::vector<std::string> allowed_levels;
  // When set, the level must have a security_level_rank at least this level's rank.
  std::optional<std::string> minimum_level;
  // When set, the statement must not be older than this at verification time.
  std::optional<std::int64_t> max_age_seconds;
};

enum class KeyAttestationFailure {
  none,
  signature_invalid,
  chain_not_to_vendor_root,
  key_mismatch,
  nonce_mismatch,
  key_exportable,
  not_generated_in_hsm,
  security_level_not_allowed,
  time_in_future,
  too_old,
};
// "ok", "signature invalid", "chain does not end at a vendor root", "key mismatch", "nonce
// mismatch", "key exportable", "not generated in HSM", "security level not allowed", "attestation
// time in the future", "attestation too old".
std::string_view to_string(KeyAttestationFailure failure);

struct AttestationVerdict {
  KeyAttestationFailure failure = KeyAttestationFailure::none;
  std::string detail;  // for people
  bool ok() const { return failure == KeyAttestationFailure::none; }
  std::string_view reason() const { return to_string(failure); }
};

// Checks, in this order, stopping at the first failure: the signature under the first chain
// certificate's key; that certificate's path (through the carried intermediates) to one of
// `vendor_roots` at `now`; the attested key (SPKI hash and key type) against `expected_key`; the
// nonce (skipped when `expected_nonce` is empty); exportability; generation in the HSM; the
// security level; the attestation time (not after `now`, not older than the policy's max age).
AttestationVerdict verify_key_attestation(const KeyAttestationStatement& statement,
                                          const PublicKey& expected_key, ByteView expected_nonce,
                                          const KeyAttestationPolicy& policy,
                                          const std::vector<Certificate>& vendor_roots,
                                          Instant now);

}  // namespace ifa026::pki
