// AES-256-GCM (pki/aead.hpp) against the GCM specification's known answers, and what opening must
// refuse: another key, an altered tag, ciphertext or associated data, another nonce.
#include "pki/aead.hpp"
#include "tests/pki/pki_test_support.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace ifa026::pki::aead_test {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

// McGrew and Viega, "The Galois/Counter Mode of Operation", test case 13: zero key and nonce, no
// plaintext: the tag alone.
TEST(Aes256GcmTest, KnownAnswerEmptyPlaintext) {
  const Bytes key(32, 0);
  const Bytes nonce(12, 0);
  EXPECT_EQ(to_hex(aes256gcm_seal(key, nonce, {}, {})), "530f8afbc74536b9a963b4f1c4cb738b");
}

// The same paper's test case 14: one zero block.
TEST(Aes256GcmTest, KnownAnswerOneBlock) {
  const Bytes key(32, 0);
  const Bytes nonce(12, 0);
  const Bytes sealed = aes256gcm_seal(key, nonce, Bytes(16, 0), {});
  EXPECT_EQ(to_hex(sealed), "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
  const auto opened = aes256gcm_open(key, nonce, sealed, {});
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(*opened, Bytes(16, 0));
}

struct Box {
  Bytes key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  Bytes nonce = hex("cafebabefacedbaddecaf888");
  Bytes aad = bytes_of("collector-1|vnf-fw-fw-ctl-1|7");
  Bytes plaintext = bytes_of(R"({"metrics":{"cpu":12}})");
  Bytes sealed = aes256gcm_seal(key, nonce, plaintext, aad);
};

TEST(Aes256GcmTest, RoundTripAndNoPlaintextInTheBox) {
  const Box b;
  EXPECT_EQ(b.sealed.size(), b.plaintext.size() + kAes256GcmTagSize);
  const std::string text(b.sealed.begin(), b.sealed.end());
  EXPECT_EQ(text.find("metrics"), std::string::npos);
  EXPECT_EQ(aes256gcm_open(b.key, b.nonce, b.sealed, b.aad), b.plaintext);
}

TEST(Aes256GcmTest, AnotherKeyFails) {
  const Box b;
  Bytes other = b.key;
  other[31] ^= 0x01;
  EXPECT_FALSE(aes256gcm_open(other, b.nonce, b.sealed, b.aad).has_value());
}

TEST(Aes256GcmTest, TamperedTagFails) {
  const Box b;
  Bytes sealed = b.sealed;
  sealed.back() ^= 0x80;
  EXPECT_FALSE(aes256gcm_open(b.key, b.nonce, sealed, b.aad).has_value());
}

TEST(Aes256GcmTest, TamperedCiphertextFails) {
  const Box b;
  Bytes sealed = b.sealed;
  sealed[0] ^= 0x01;
  EXPECT_FALSE(aes256gcm_open(b.key, b.nonce, sealed, b.aad).has_value());
}

TEST(Aes256GcmTest, OtherAssociatedDataOrNonceFails) {
  const Box b;
  EXPECT_FALSE(aes256gcm_open(b.key, b.nonce, b.sealed, bytes_of("collector-2")).has_value());
  Bytes nonce = b.nonce;
  nonce[0] ^= 0x01;
  EXPECT_FALSE(aes256gcm_open(b.key, nonce, b.sealed, b.aad).has_value());
}

TEST(Aes256GcmTest, ShortBoxFailsAndBadSizesThrow) {
  const Box b;
  EXPECT_FALSE(aes256gcm_open(b.key, b.nonce, Bytes(5, 0), b.aad).has_value());
  EXPECT_THROW(aes256gcm_seal(Bytes(16, 0), b.nonce, b.plaintext, {}), PkiError);
  EXPECT_THROW(aes256gcm_open(b.key, Bytes(8, 0), b.sealed, {}), PkiError);
}

}  // namespace
}  // namespace ifa026::pki::aead_test
