// Tests for pki/key_agreement: ECDH between EC keys (both ends agree, other pairs do not, curves
// must match, non-EC keys are refused) and HKDF-SHA256 against the RFC 5869 test vectors, with
// its length limits.
#include "pki/key_agreement.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ifa026::pki {
namespace {

Bytes from_hex(const std::string& hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

TEST(KeyAgreement, BothEndsOfAnEcdhPairComputeTheSameSecret) {
  const PrivateKey a = PrivateKey::generate(KeyType::ec_p256);
  const PrivateKey b = PrivateKey::generate(KeyType::ec_p256);
  const Bytes ab = ecdh_shared_secret(a, b.public_key());
  const Bytes ba = ecdh_shared_secret(b, a.public_key());
  EXPECT_EQ(ab.size(), 32u);
  EXPECT_EQ(ab, ba);
  // A third key agrees on something else with each.
  const PrivateKey c = PrivateKey::generate(KeyType::ec_p256);
  EXPECT_NE(ecdh_shared_secret(c, a.public_key()), ab);
  EXPECT_NE(ecdh_shared_secret(c, b.public_key()), ab);
  // A key reloaded from its DER agrees the same way.
  const PrivateKey a_again = PrivateKey::from_der(a.to_der());
  EXPECT_EQ(ecdh_shared_secret(a_again, b.public_key()), ab);
}

TEST(KeyAgreement, P384GivesA48OctetSecret) {
  const PrivateKey a = PrivateKey::generate(KeyType::ec_p384);
  const PrivateKey b = PrivateKey::generate(KeyType::ec_p384);
  const Bytes ab = ecdh_shared_secret(a, b.public_key());
  EXPECT_EQ(ab.size(), 48u);
  EXPECT_EQ(ab, ecdh_shared_secret(b, a.public_key()));
}

TEST(KeyAgreement, MismatchedCurvesAndNonEcKeysAreRefused) {
  const PrivateKey p256 = PrivateKey::generate(KeyType::ec_p256);
  const PrivateKey p384 = PrivateKey::generate(KeyType::ec_p384);
  const PrivateKey ed = PrivateKey::generate(KeyType::ed25519);
  const PrivateKey rsa = PrivateKey::generate(KeyType::rsa2048);
  EXPECT_THROW(ecdh_shared_secret(p256, p384.public_key()), PkiError);
  EXPECT_THROW(ecdh_shared_secret(p256, ed.public_key()), PkiError);
  EXPECT_THROW(ecdh_shared_secret(ed, ed.public_key()), PkiError);
  EXPECT_THROW(ecdh_shared_secret(rsa, p256.public_key()), PkiError);
}

TEST(KeyAgreement, HkdfMatchesRfc5869TestCase1) {
  const Bytes ikm(22, 0x0b);
  const Bytes salt = from_hex("000102030405060708090a0b0c");
  const Bytes info = from_hex("f0f1f2f3f4f5f6f7f8f9");
  EXPECT_EQ(to_hex(hkdf_sha256(ikm, salt, info, 42)),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(KeyAgreement, HkdfMatchesRfc5869TestCase2LongInputs) {
  Bytes ikm, salt, info;
  for (int i = 0x00; i <= 0x4f; ++i) ikm.push_back(static_cast<std::uint8_t>(i));
  for (int i = 0x60; i <= 0xaf; ++i) salt.push_back(static_cast<std::uint8_t>(i));
  for (int i = 0xb0; i <= 0xff; ++i) info.push_back(static_cast<std::uint8_t>(i));
  EXPECT_EQ(to_hex(hkdf_sha256(ikm, salt, info, 82)),
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41"
            "c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

TEST(KeyAgreement, HkdfWithoutSaltAndInfoMatchesRfc5869TestCase3) {
  const Bytes ikm(22, 0x0b);
  EXPECT_EQ(to_hex(hkdf_sha256(ikm, {}, {}, 42)),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(KeyAgreement, HkdfSeparatesPurposesAndRefusesBadLengths) {
  const Bytes ikm(32, 0x42);
  const Bytes salt(16, 0x01);
  const std::string i1 = "ifa026 attested psk|cmf-1|vnfci-1";
  const std::string i2 = "ifa026 attested psk|cmf-1|vnfci-2";
  const Bytes k1 = hkdf_sha256(ikm, salt, Bytes(i1.begin(), i1.end()), 32);
  const Bytes k2 = hkdf_sha256(ikm, salt, Bytes(i2.begin(), i2.end()), 32);
  EXPECT_NE(k1, k2);
  EXPECT_EQ(k1, hkdf_sha256(ikm, salt, Bytes(i1.begin(), i1.end()), 32));
  EXPECT_NE(k1, hkdf_sha256(ikm, Bytes(16, 0x02), Bytes(i1.begin(), i1.end()), 32));
  EXPECT_THROW(hkdf_sha256(ikm, salt, {}, 0), PkiError);
  EXPECT_THROW(hkdf_sha256(ikm, salt, {}, 255 * 32 + 1), PkiError);
  EXPECT_EQ(hkdf_sha256(ikm, salt, {}, 255 * 32).size(), 255u * 32u);
}

}  // namespace
}  // namespace ifa026::pki
