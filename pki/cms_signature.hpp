// Detached CMS SignedData (RFC 5652) over a byte string, as a software vendor signs a VNF package:
// signed at a caller-given instant (the signingTime attribute carries it; no wall clock), and
// verified at a caller-given instant in two parts: the signature over the content, then the signer
// certificate's path to the given trust anchors with the codeSigning extended key usage.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

// Who signs: the key, its certificate, and certificates between it and the anchor (issuing CA
// first) that travel in the SignedData for the verifier's path building.
struct CmsSigner {
  const PrivateKey& key;
  const Certificate& certificate;
  std::vector<Certificate> chain;
};

// DER of a detached SignedData over `content` (the content is not inside), with signingTime =
// `at`. Throws PkiError when OpenSSL refuses (e.g. the key is not the certificate's).
Bytes cms_sign_detached(ByteView content, const CmsSigner& signer, Instant at);

enum class CmsVerdict {
  verified,
  content_mismatch,   // the signed message digest is not the content's: content changed
  signature_invalid,  // the signature over the signed attributes does not verify
  untrusted_signer,   // the signer certificate does not chain to an anchor at that instant, or
                      // lacks codeSigning
  malformed,          // not a detached SignedData with one signer whose certificate is inside
};
std::string_view to_string(CmsVerdict verdict);  // verified, content-mismatch, ...

struct CmsVerification {
  CmsVerdict verdict = CmsVerdict::malformed;
  std::string detail;                          // why, for people ("" when verified)
  std::optional<std::string> signer;           // the signer certificate's subject, when found
  std::optional<Instant> signing_time;         // the signingTime attribute, when present
  std::optional<VerifyFailure> chain_failure;  // with untrusted_signer
  bool ok() const { return verdict == CmsVerdict::verified; }
};

// Verifies `signature` (DER) over `content` at `at` against `anchors` (their anchors; the
// SignedData's other certificates serve as intermediates). Never throws for bad input.
CmsVerification cms_verify_detached(ByteView signature, ByteView content, const TrustStore& anchors,
                                    Instant at);

// Verifies `signature` (DER) for a party that holds the content's SHA-256 `digest` but not the
// content (a Security Manager told a package's digest by MANO, R2.1.250): the signature over the
// signed attributes, their messageDigest equal to `digest` (content_mismatch otherwise; the
// SignedData's digest algorithm must be SHA-256), then the signer certificate as above.
CmsVerification cms_verify_detached_digest(ByteView signature, ByteView digest,
                                           const TrustStore& anchors, Instant at);

}  // namespace ifa026::pki
