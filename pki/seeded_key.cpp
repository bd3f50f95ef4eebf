// P-256 keys from a seed text (see seeded_key.hpp): the scalar goes into a PKCS#8 ECPrivateKey
// without its optional public key, which PrivateKey::from_der computes again.
#include "pki/seeded_key.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace ifa026::pki {

namespace {

// PKCS#8 PrivateKeyInfo of an id-ecPublicKey prime256v1 key, up to the 32 scalar octets:
// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.2.840.10045.2.1, OID 1.2.840.10045.3.1.7 },
// OCTET STRING { SEQUENCE { INTEGER 1, OCTET STRING (32) } } }.
constexpr std::array<std::uint8_t, 35> kPkcs8Prefix = {
    0x30, 0x41, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
    0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03,
    0x01, 0x07, 0x04, 0x27, 0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20};

// The order n of the P-256 group, big-endian.
constexpr std::array<std::uint8_t, 32> kOrder = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

bool usable_scalar(const Bytes& scalar) {
  const bool zero =
      std::all_of(scalar.begin(), scalar.end(), [](std::uint8_t b) { return b == 0; });
  return !zero &&
         std::lexicographical_compare(scalar.begin(), scalar.end(), kOrder.begin(), kOrder.end());
}

}  // namespace

PrivateKey seeded_ec_p256_key(std::string_view seed) {
  const std::string text = "ifa026 seeded key|" + std::string(seed);
  Bytes scalar = sha256(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  while (!usable_scalar(scalar)) scalar = sha256(scalar);
  Bytes der(kPkcs8Prefix.begin(), kPkcs8Prefix.end());
  der.insert(der.end(), scalar.begin(), scalar.end());
  return PrivateKey::from_der(der);
}

}  // namespace ifa026::pki
