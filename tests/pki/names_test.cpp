// Tests for pki/names: distinguished-name parsing, formatting and errors.
#include "pki/names.hpp"

#include <gtest/gtest.h>

#include "pki/bytes.hpp"

namespace ifa026::pki {
namespace {

using Attrs = std::vector<std::pair<std::string, std::string>>;

TEST(DistinguishedNameTest, ParsesInOrder) {
  DistinguishedName dn = DistinguishedName::parse("CN=a,O=b,OU=c,C=FR,ST=x,L=y");
  EXPECT_EQ(dn.attributes,
            (Attrs{{"CN", "a"}, {"O", "b"}, {"OU", "c"}, {"C", "FR"}, {"ST", "x"}, {"L", "y"}}));
  EXPECT_EQ(dn.common_name(), "a");
}

TEST(DistinguishedNameTest, TrimsWhitespaceAroundSeparators) {
  DistinguishedName dn =
      DistinguishedName::parse("  CN = vnfm-1.example.net ,  O=Operator X ,C =FR ");
  EXPECT_EQ(dn.attributes, (Attrs{{"CN", "vnfm-1.example.net"}, {"O", "Operator X"}, {"C", "FR"}}));
}

TEST(DistinguishedNameTest, EscapedCommaStaysInTheValue) {
  DistinguishedName dn = DistinguishedName::parse("CN=a\\,b,O=Acme\\, Inc.");
  EXPECT_EQ(dn.attributes, (Attrs{{"CN", "a,b"}, {"O", "Acme, Inc."}}));
  EXPECT_EQ(dn.to_string(), "CN=a\\,b,O=Acme\\, Inc.");
}

TEST(DistinguishedNameTest, AttributeTypesAreCaseInsensitive) {
  EXPECT_EQ(DistinguishedName::parse("cn=x,ou=y").attributes, (Attrs{{"CN", "x"}, {"OU", "y"}}));
}

TEST(DistinguishedNameTest, EqualsSignInValueIsKept) {
  EXPECT_EQ(DistinguishedName::parse("CN=a=b").attributes, (Attrs{{"CN", "a=b"}}));
}

TEST(DistinguishedNameTest, RoundTrips) {
  for (const char* text : {"CN=a,O=b,OU=c,C=FR,ST=x,L=y", "CN=vnfm-1.example.net,O=Operator,C=FR",
                           "O=x\\,y,CN=z", "CN=back\\\\slash", "CN=\\ padded\\ ", "CN=été"}) {
    DistinguishedName dn = DistinguishedName::parse(text);
    EXPECT_EQ(dn.to_string(), text);
    EXPECT_EQ(DistinguishedName::parse(dn.to_string()), dn) << text;
  }
  DistinguishedName built{{{"CN", " a, b\\ "}, {"O", "o"}}};
  EXPECT_EQ(DistinguishedName::parse(built.to_string()), built) << built.to_string();
}

TEST(DistinguishedNameTest, EmptyTextIsTheEmptyName) {
  EXPECT_TRUE(DistinguishedName::parse("").attributes.empty());
  EXPECT_TRUE(DistinguishedName::parse("   ").attributes.empty());
  EXPECT_EQ(DistinguishedName{}.to_string(), "");
  EXPECT_EQ(DistinguishedName{}.common_name(), "");
}

TEST(DistinguishedNameTest, CommonNameIsTheFirstCn) {
  EXPECT_EQ(DistinguishedName::parse("O=x,CN=first,CN=second").common_name(), "first");
  EXPECT_EQ(DistinguishedName::parse("O=x").common_name(), "");
}

void expect_error(std::string_view text, std::string_view mentions) {
  try {
    DistinguishedName::parse(text);
    ADD_FAILURE() << "no error for '" << text << "'";
  } catch (const PkiError& e) {
    EXPECT_NE(std::string(e.what()).find(mentions), std::string::npos)
        << "'" << text << "' -> " << e.what();
  }
}

TEST(DistinguishedNameTest, RejectsBadInput) {
  expect_error("CN=a,E=x@example.net", "unknown attribute type 'E'");
  expect_error("DC=example", "unknown attribute type 'DC'");
  expect_error("CN=", "empty value for attribute 'CN'");
  expect_error("CN=a,O=  ", "empty value for attribute 'O'");
  expect_error("CN=a,,O=b", "empty component");
  expect_error("CN=a,", "empty component");
  expect_error("CNa", "has no '='");
  expect_error("=a", "unknown attribute type ''");
  expect_error("CN=a\\", "dangling");
  expect_error("C=France", "two-letter");
}

}  // namespace
}  // namespace ifa026::pki
