// Tests for pki/der_check (the canonical-DER check of any encoding): accepted encodings, every
// refusal with its words and offset, nesting depth, and agreement with OpenSSL's re-encoding of
// a real certificate.
#include "pki/der_check.hpp"

#include <gtest/gtest.h>

#include <string>

#include "pki/certificate_authority.hpp"

namespace ifa026::pki::der_check_test {
namespace {

Bytes hex(std::string_view text) {
  Bytes out;
  auto nibble = [](char c) {
    return static_cast<std::uint8_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ') continue;
    out.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
    ++i;
  }
  return out;
}

// The DecodeError message of the check ("" when it passes).
std::string check(const Bytes& der) {
  try {
    der::check_canonical(der, "test input");
  } catch (const DecodeError& e) {
    return e.what();
  }
  return "";
}

TEST(DerCheckTest, CanonicalEncodingsPass) {
  EXPECT_EQ(check(hex("3000")), "");
  EXPECT_EQ(check(hex("3014 0101ff 020100 02020080 030100 0500 0603550403")), "");
  // SET OF in ascending order; context-specific contents are not interpreted.
  EXPECT_EQ(check(hex("310a 020101 020102 04020000")), "");
  EXPECT_EQ(check(hex("3004 8002ffff")), "");
  Bytes long_form = hex("0481 80");
  long_form.resize(long_form.size() + 128, 0);
  EXPECT_EQ(check(long_form), "");
}

TEST(DerCheckTest, RefusalsNameTheProblemAndOffset) {
  struct Case {
    const char* der;
    const char* message;
  };
  const Case cases[] = {
      {"", "not DER (missing tag at offset 0)"},
      {"1f00", "not DER (high tag number at offset 0)"},
      {"30", "not DER (missing length at offset 0)"},
      {"3080 0000", "not DER (indefinite length at offset 0)"},
      {"3085 0000000000", "not DER (bad length at offset 0)"},
      {"3082 01", "not DER (bad length at offset 0)"},
      {"3081 00", "not DER (non-minimal length at offset 0)"},
      {"3082 0001 00", "not DER (non-minimal length at offset 0)"},
      {"3003 0201", "not DER (length past the end at offset 0)"},
      {"3000 00", "not DER (trailing bytes at offset 0)"},
      {"3003 010101", "not DER (BOOLEAN at offset 2)"},
      {"3002 0200", "not DER (empty INTEGER at offset 2)"},
      {"3004 02020001", "not DER (non-minimal INTEGER at offset 2)"},
      {"3004 0a02ffff", "not DER (non-minimal INTEGER at offset 2)"},
      {"3003 030108", "not DER (BIT STRING unused-bits octet at offset 2)"},
      {"3004 03020101", "not DER (BIT STRING padding bits at offset 2)"},
      {"3003 050100", "not DER (NULL with content at offset 2)"},
      {"3004 06028001", "not DER (OBJECT IDENTIFIER padding at offset 2)"},
      {"3003 060181", "not DER (OBJECT IDENTIFIER at offset 2)"},
      {"3004 24020400", "not DER (constructed string at offset 2)"},
      {"3106 020102 020101", "not DER (unsorted SET OF at offset 5)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(check(hex(c.der)), std::string("test input: ") + c.message) << c.der;
  }
}

TEST(DerCheckTest, NestingIsLimited) {
  auto nested = [](int depth) {
    Bytes der;
    for (int i = 0; i < depth; ++i)
      der.insert(der.begin(), {0x30, static_cast<std::uint8_t>(2 * i)});
    return der;
  };
  EXPECT_EQ(check(nested(33)), "");
  EXPECT_NE(check(nested(34)).find("nesting too deep"), std::string::npos);
}

TEST(DerCheckTest, RealCertificatePasses) {
  const Instant t0 = Instant::from_seconds(1893456000);
  CertificateAuthority ca = CertificateAuthority::create_root(
      DistinguishedName::parse("C=FR,O=Op,CN=Root"), PrivateKey::generate(), t0, 86400);
  EXPECT_EQ(check(ca.certificate().der()), "");
  EXPECT_EQ(check(ca.crl(t0, 86400).der()), "");
}

}  // namespace
}  // namespace ifa026::pki::der_check_test
