// RFC 4211 §4.4 password-based MAC (PBM) exactly as OpenSSL 3.0's CMP protects messages with it.
//
// OpenSSL 3.0's OSSL_CMP_CTX_new fixes the PBM parameters (crypto/cmp/cmp_ctx.c): a 16-byte
// random salt, one-way function (owf) SHA-256, iterationCount 500 and MAC HMAC-SHA1 (the
// id-hmacWithSHA1 family; 20-byte MAC). 3.0 has no option to change them. The computation
// (crypto/crmf/crmf_pbm.c, OSSL_CRMF_pbm_new):
//   basekey = SHA-256(secret || salt), then basekey = SHA-256(basekey) another iterations - 1
//   times (so `iterations` hashes in all); mac = HMAC-SHA1(key = basekey, message).
// In CMP the message is the DER of ProtectedPart (header and body); the salt, owf, count and mac
// algorithm travel in the protectionAlg's PBMParameter.
#pragma once

#include <cstddef>

#include "pki/bytes.hpp"

namespace ifa026::pki {

// What OpenSSL 3.0's CMP uses (see above).
inline constexpr int kCmpPbmIterations = 500;
inline constexpr std::size_t kCmpPbmSaltLength = 16;
// OpenSSL's limits on the iteration count (crypto/crmf/crmf_pbm.c).
inline constexpr int kPbmMinIterations = 100;
inline constexpr int kPbmMaxIterations = 100000;

// The PBM of `message` under `secret` with this `salt` (OWF SHA-256, MAC HMAC-SHA1), computed by
// OSSL_CRMF_pbm_new. Deterministic. Throws PkiError when `salt` is empty or `iterations` is
// outside [100, 100000] (OpenSSL's limits), or when OpenSSL fails.
Bytes password_based_mac(ByteView secret, ByteView salt, ByteView message,
                         int iterations = kCmpPbmIterations);

}  // namespace ifa026::pki
