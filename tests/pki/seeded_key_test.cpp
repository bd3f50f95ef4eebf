// Tests for pki/seeded_key: the same seed gives the same P-256 key, another seed another one, and
// the key signs like any other.
#include <gtest/gtest.h>

#include "pki/seeded_key.hpp"

namespace ifa026::pki {
namespace {

TEST(SeededKeyTest, SameSeedSameKeyOtherSeedOtherKey) {
  const PrivateKey a = seeded_ec_p256_key("acme");
  const PrivateKey again = seeded_ec_p256_key("acme");
  const PrivateKey b = seeded_ec_p256_key("acme2");
  EXPECT_EQ(a.type(), KeyType::ec_p256);
  EXPECT_EQ(a.to_der(), again.to_der());
  EXPECT_TRUE(a.public_key() == again.public_key());
  EXPECT_FALSE(a.public_key() == b.public_key());
  EXPECT_NE(a.to_der(), b.to_der());
}

TEST(SeededKeyTest, SignsAndVerifies) {
  const PrivateKey key = seeded_ec_p256_key("vendor root|acme");
  const Bytes data = {1, 2, 3, 4};
  const Bytes signature = key.sign(data);
  EXPECT_TRUE(key.public_key().verify(data, signature));
  EXPECT_FALSE(seeded_ec_p256_key("other").public_key().verify(data, signature));
}

}  // namespace
}  // namespace ifa026::pki
