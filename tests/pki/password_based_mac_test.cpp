// RFC 4211 password-based MAC as OpenSSL 3.0's CMP computes it: determinism, sensitivity to each
// input, and known answers computed independently (iterated SHA-256, then HMAC-SHA1 by EVP_MAC).
#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdint>
#include <memory>
#include <string_view>

#include "pki/password_based_mac.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki {
namespace {

Bytes counting_bytes(std::size_t n, std::uint8_t start = 0) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(start + i);
  return out;
}

// HMAC-SHA1 through EVP_MAC (not the CRMF code path).
Bytes hmac_sha1(ByteView key, ByteView message) {
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr),
                                                        &EVP_MAC_free);
  if (!mac) throw PkiError("EVP_MAC_fetch HMAC");
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac.get()),
                                                                &EVP_MAC_CTX_free);
  char digest[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  Bytes out(EVP_MAX_MD_SIZE);
  std::size_t length = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), message.data(), message.size()) != 1 ||
      EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) != 1) {
    throw PkiError("HMAC-SHA1");
  }
  out.resize(length);
  return out;
}

// RFC 4211 §4.4 written out: basekey = OWF(secret || salt), iterated `iterations` times in all.
Bytes reference_pbm(ByteView secret, ByteView salt, ByteView message, int iterations) {
  Bytes key(secret.begin(), secret.end());
  key.insert(key.end(), salt.begin(), salt.end());
  for (int i = 0; i < iterations; ++i) key = sha256(key);
  return hmac_sha1(key, message);
}

TEST(PasswordBasedMacTest, DeterministicTwentyByteHmacSha1) {
  const Bytes secret = bytes_of("initial-credential-secret");
  const Bytes salt = counting_bytes(kCmpPbmSaltLength);
  const Bytes message = counting_bytes(500, 7);
  const Bytes mac = password_based_mac(secret, salt, message);
  EXPECT_EQ(mac.size(), 20u);
  EXPECT_EQ(password_based_mac(secret, salt, message), mac);
  EXPECT_EQ(password_based_mac(secret, salt, message, kCmpPbmIterations), mac);
}

TEST(PasswordBasedMacTest, ChangesWithSecretSaltMessageAndIterations) {
  const Bytes secret = bytes_of("initial-credential-secret");
  const Bytes salt = counting_bytes(kCmpPbmSaltLength);
  const Bytes message = counting_bytes(500, 7);
  const Bytes mac = password_based_mac(secret, salt, message);

  Bytes other_secret = secret;
  other_secret.back() ^= 1;
  Bytes other_salt = salt;
  other_salt[0] ^= 1;
  Bytes other_message = message;
  other_message[250] ^= 1;
  EXPECT_NE(password_based_mac(other_secret, salt, message), mac);
  EXPECT_NE(password_based_mac(secret, other_salt, message), mac);
  EXPECT_NE(password_based_mac(secret, counting_bytes(kCmpPbmSaltLength + 1), message), mac);
  EXPECT_NE(password_based_mac(secret, salt, other_message), mac);
  EXPECT_NE(password_based_mac(secret, salt, Bytes(message.begin(), message.end() - 1)), mac);
  EXPECT_NE(password_based_mac(secret, salt, message, 501), mac);
}

TEST(PasswordBasedMacTest, MatchesIteratedSha256ThenHmacSha1) {
  const Bytes secret = bytes_of("initial-credential-secret");
  const Bytes salt = counting_bytes(kCmpPbmSaltLength);
  const Bytes message = bytes_of("ProtectedPart DER stand-in");
  const Bytes mac = password_based_mac(secret, salt, message);
  EXPECT_EQ(mac, reference_pbm(secret, salt, message, 500));
  // Computed outside OpenSSL (Python hashlib/hmac) with the same definition.
  EXPECT_EQ(to_hex(mac), "323fb7229da3337a52434af45b15ee165389780b");

  // Other counts, a long salt (long-form DER length), an empty message and an empty secret.
  EXPECT_EQ(password_based_mac(secret, salt, message, 100),
            reference_pbm(secret, salt, message, 100));
  const Bytes long_salt = counting_bytes(200, 3);
  EXPECT_EQ(password_based_mac(secret, long_salt, message, 1000),
            reference_pbm(secret, long_salt, message, 1000));
  EXPECT_EQ(password_based_mac(secret, salt, Bytes{}), reference_pbm(secret, salt, Bytes{}, 500));
  EXPECT_EQ(password_based_mac(Bytes{}, salt, message), reference_pbm(Bytes{}, salt, message, 500));
}

TEST(PasswordBasedMacTest, RejectsEmptySaltAndIterationCountsOpenSslRefuses) {
  const Bytes secret = bytes_of("s");
  const Bytes salt = counting_bytes(kCmpPbmSaltLength);
  const Bytes message = bytes_of("m");
  EXPECT_THROW(password_based_mac(secret, Bytes{}, message), PkiError);
  EXPECT_THROW(password_based_mac(secret, salt, message, 99), PkiError);
  EXPECT_THROW(password_based_mac(secret, salt, message, 100001), PkiError);
  EXPECT_THROW(password_based_mac(secret, salt, message, -1), PkiError);
  EXPECT_NO_THROW(password_based_mac(secret, salt, message, 100000));
}

}  // namespace
}  // namespace ifa026::pki
