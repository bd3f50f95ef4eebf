// The DRBG description MANO entities record with each key they generate: OpenSSL 3's default
// private DRBG is an SP 800-90A mechanism, and the classifier refuses names outside SP 800-90A.
#include <gtest/gtest.h>

#include "pki/drbg.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {
namespace {

TEST(Drbg, OpenSslsPrivateDrbgIsAnSp80090aMechanism) {
  (void)PrivateKey::generate();  // the private DRBG exists once a key was drawn from it
  const auto drbg = private_key_drbg();
  ASSERT_FALSE(drbg.empty());
  EXPECT_TRUE(is_sp800_90a_drbg(drbg)) << drbg;
  // OpenSSL 3's default: CTR-DRBG over AES-256-CTR.
  EXPECT_EQ(drbg, "CTR-DRBG/AES-256-CTR");
}

TEST(Drbg, OnlyTheThreeSp80090aMechanismsQualify) {
  EXPECT_TRUE(is_sp800_90a_drbg("HASH-DRBG/SHA256"));
  EXPECT_TRUE(is_sp800_90a_drbg("HMAC-DRBG"));
  EXPECT_FALSE(is_sp800_90a_drbg("TEST-RAND"));
  EXPECT_FALSE(is_sp800_90a_drbg("SEED-SRC"));
  EXPECT_FALSE(is_sp800_90a_drbg(""));
  EXPECT_FALSE(is_sp800_90a_drbg("ctr-drbg-ish/AES"));
}

}  // namespace
}  // namespace ifa026::pki
