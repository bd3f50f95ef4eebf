// AES-256-GCM authenticated encryption (NIST SP 800-38D) through OpenSSL 3's EVP cipher interface:
// what protects telemetry records at rest (docs/security-monitoring.md "Telemetry and collectors";
// Annex A R1.3.130). A sealed box is the ciphertext followed by its 16-byte tag; the 12-byte nonce
// and the associated data travel beside it.
#pragma once

#include <cstddef>
#include <optional>

#include "pki/bytes.hpp"

namespace ifa026::pki {

inline constexpr std::size_t kAes256GcmKeySize = 32;
inline constexpr std::size_t kAes256GcmNonceSize = 12;
inline constexpr std::size_t kAes256GcmTagSize = 16;

// Encrypts `plaintext` under `key` (32 bytes) and `nonce` (12 bytes, never reused with one key),
// authenticating `aad` too: returns ciphertext || tag. Throws PkiError on a wrong key or nonce
// size or when OpenSSL fails.
Bytes aes256gcm_seal(ByteView key, ByteView nonce, ByteView plaintext, ByteView aad);

// The plaintext of `sealed` (ciphertext || tag) when the tag authenticates it and `aad` under
// `key` and `nonce`; nullopt otherwise (wrong key, altered ciphertext, tag or associated data, a
// box shorter than a tag). Throws PkiError on a wrong key or nonce size.
std::optional<Bytes> aes256gcm_open(ByteView key, ByteView nonce, ByteView sealed, ByteView aad);

}  // namespace ifa026::pki
