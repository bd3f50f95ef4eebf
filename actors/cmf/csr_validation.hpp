// The CMF's validation of a CertificateSigningRequest (C.4.x.2 step #2): the CSR decodes and its
// signature verifies (proof of possession), its key type is allowed by the key policy, it names
// exactly one dNSName, its subject CN and dNSName equal the registered FQDN, and the entity
// authenticated either with its initial credential (known, PBM MAC over the CSR DER valid, not in
// use, unused when one-use, not expired) or with the certificate of its mutual-TLS session; then
// the key-attestation statement (Cmf.CertLcm.009-015) against the trusted HSM vendor roots.
// Pure functions of their inputs: the actor traces and acts on the outcome. What the requester sent
// failing to decode (pki::DecodeError) is a refusal; any other exception is an internal error
// (actors/common/internal_error.hpp), reported apart so that it never reads as a refusal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/entity_registry.hpp"
#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/csr.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::cmf {

enum class CsrAuth { initial_credential, certificate };
std::string to_string(CsrAuth auth);

// The `credential` member of a CertificateSigningRequest.
struct PresentedCredential {
  std::string reference;
  std::optional<pki::Bytes> mac;
  pki::Bytes salt;       // the PBM salt
  int iterations = 500;  // the PBM iteration count (pki::kCmpPbmIterations)
};

struct CsrCheckInput {
  pki::ByteView csr_der;
  // Nullptr only when the registration check was skipped (implementation fault) and the entity
  // is unknown: then only what the CSR says about itself is checked.
  const Registration* registration = nullptr;
  CsrAuth auth = CsrAuth::initial_credential;
  std::optional<PresentedCredential> credential;  // initial-credential authentication
  sim::Time now;
};

struct CsrCheckResult {
  std::optional<std::string> problem;         // nullopt: valid
  std::optional<pki::Csr> csr;                // set once the CSR decoded
  std::optional<std::string> internal_error;  // the check itself failed (then no `problem`)
};

// Decodes the CSR and runs every check of step #2 except key attestation, stopping at the first
// failure.
CsrCheckResult check_csr(const CmfConfig& config, const CsrCheckInput& input);

// What the key-attestation verification found; nullopt from verify_csr_attestation when nothing
// is to be verified (no statement and not required, or the policy is "none").
struct AttestationOutcome {
  bool ok = false;
  std::string reason;
  bool internal_error = false;  // the verification itself failed: `reason` says how
};

std::optional<AttestationOutcome> verify_csr_attestation(
    const CmfConfig& config, const pki::Csr& csr, pki::ByteView expected_nonce,
    const std::vector<pki::Certificate>& vendor_roots, pki::Instant now);

// The PBM over `csr_der` an entity sends with its initial credential (pki/password_based_mac,
// OpenSSL 3.0 CMP parameters).
pki::Bytes credential_mac(pki::ByteView secret, pki::ByteView salt, pki::ByteView csr_der,
                          int iterations);

}  // namespace ifa026::actors::cmf
