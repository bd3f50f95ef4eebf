// Hex text of byte strings: to_hex and its inverse from_hex.
#include "pki/bytes.hpp"

#include <gtest/gtest.h>

namespace ifa026::pki {
namespace {

TEST(HexTest, FromHexInvertsToHex) {
  Bytes all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  const std::string hex = to_hex(all);
  ASSERT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(from_hex(hex), all);
  EXPECT_EQ(from_hex(""), Bytes{});
}

TEST(HexTest, FromHexTakesEitherCase) {
  EXPECT_EQ(from_hex("aBcDeF"), (Bytes{0xab, 0xcd, 0xef}));
}

TEST(HexTest, FromHexRefusesOddLengthAndNonDigits) {
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
  EXPECT_FALSE(from_hex("0g"));
  EXPECT_FALSE(from_hex(" 00"));
  EXPECT_FALSE(from_hex("0x00"));
}

}  // namespace
}  // namespace ifa026::pki
