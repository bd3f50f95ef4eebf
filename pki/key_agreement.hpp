// Key agreement and key derivation for credentials bound to an attested key (Annex C.2.1.2
// pre-condition 3, C.2.1.2 #5: "initial credentials derived during their attestation
// procedure"): elliptic-curve Diffie-Hellman between two keys of the same curve, and HKDF with
// SHA-256 (RFC 5869) to turn the shared secret into keys for one purpose and one pair of parties.
#pragma once

#include <cstddef>

#include "pki/bytes.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

// The ECDH shared secret (the x coordinate, 32 octets for P-256, 48 for P-384) of `own` and
// `peer`, which must be EC keys of the same curve. Both ends compute the same bytes. Throws
// PkiError for other key types, mismatched curves or when OpenSSL fails. The raw secret is not
// uniformly random: derive keys from it with hkdf_sha256, never use it directly.
Bytes ecdh_shared_secret(const PrivateKey& own, const PublicKey& peer);

// RFC 5869 HKDF-SHA256: extract with `salt` (empty: a string of 32 zero octets, as the RFC
// says), expand with `info` to `length` octets. Throws PkiError when `length` is 0 or above
// 255 * 32, or when OpenSSL fails.
Bytes hkdf_sha256(ByteView input_key_material, ByteView salt, ByteView info, std::size_t length);

}  // namespace ifa026::pki
