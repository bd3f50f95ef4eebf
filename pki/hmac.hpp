// HMAC-SHA256 (RFC 2104 over SHA-256) through OpenSSL 3's EVP_MAC, and the constant-time
// comparison a MAC check needs.
#pragma once

#include "pki/bytes.hpp"

namespace ifa026::pki {

// The 32-byte HMAC-SHA256 of `data` under `key` (any length, empty included). Throws PkiError
// when OpenSSL fails.
Bytes hmac_sha256(ByteView key, ByteView data);

// True when `a` and `b` hold the same bytes, in time independent of where they differ
// (CRYPTO_memcmp). Different lengths compare unequal at once: a length is not secret.
bool equal_constant_time(ByteView a, ByteView b);

}  // namespace ifa026::pki
