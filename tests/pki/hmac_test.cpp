// HMAC-SHA256 against RFC 4231's known answers, its sensitivity to key and data, and the
// constant-time comparison.
#include "pki/hmac.hpp"
#include "tests/pki/pki_test_support.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace ifa026::pki {
namespace {

// RFC 4231 section 4.2, test case 1: a 20-byte key of 0x0b, "Hi There".
TEST(HmacSha256Test, Rfc4231TestCase1) {
  const Bytes key(20, 0x0b);
  EXPECT_EQ(to_hex(hmac_sha256(key, bytes_of("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// RFC 4231 section 4.3, test case 2: a key shorter than the output ("Jefe").
TEST(HmacSha256Test, Rfc4231TestCase2) {
  EXPECT_EQ(to_hex(hmac_sha256(bytes_of("Jefe"), bytes_of("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231 section 4.7, test case 6: a key longer than the block (hashed first).
TEST(HmacSha256Test, Rfc4231TestCase6KeyLongerThanBlock) {
  const Bytes key(131, 0xaa);
  EXPECT_EQ(
      to_hex(hmac_sha256(key, bytes_of("Test Using Larger Than Block-Size Key - Hash Key First"))),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256Test, EmptyKeyAndEmptyData) {
  // Python's hmac.new(b"", b"", hashlib.sha256).
  EXPECT_EQ(to_hex(hmac_sha256({}, {})),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacSha256Test, EveryKeyAndDataByteMatters) {
  const Bytes key(32, 0x11);
  const Bytes data = bytes_of("audit record");
  const Bytes mac = hmac_sha256(key, data);
  ASSERT_EQ(mac.size(), 32u);
  for (std::size_t i = 0; i < key.size(); ++i) {
    Bytes other = key;
    other[i] ^= 0x01;
    EXPECT_NE(hmac_sha256(other, data), mac) << "key byte " << i;
  }
  for (std::size_t i = 0; i < data.size(); ++i) {
    Bytes other = data;
    other[i] ^= 0x01;
    EXPECT_NE(hmac_sha256(key, other), mac) << "data byte " << i;
  }
}

TEST(EqualConstantTimeTest, EqualOnlyForTheSameBytes) {
  const Bytes a = {1, 2, 3, 4};
  EXPECT_TRUE(equal_constant_time(a, Bytes{1, 2, 3, 4}));
  EXPECT_FALSE(equal_constant_time(a, Bytes{1, 2, 3, 5}));
  EXPECT_FALSE(equal_constant_time(a, Bytes{0, 2, 3, 4}));
  EXPECT_FALSE(equal_constant_time(a, Bytes{1, 2, 3}));
  EXPECT_FALSE(equal_constant_time(a, Bytes{}));
  EXPECT_TRUE(equal_constant_time(Bytes{}, Bytes{}));
}

}  // namespace
}  // namespace ifa026::pki
