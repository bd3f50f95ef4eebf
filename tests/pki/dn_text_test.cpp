// Tests for pki/dn_text: distinguished names in RFC 4514 (last RDN first) and OpenSSL's slash form
// (the order written), parsing, formatting, escapes and errors.
#include "pki/dn_text.hpp"

#include <gtest/gtest.h>

#include "pki/bytes.hpp"

namespace ifa026::pki {
namespace {

using Attrs = std::vector<std::pair<std::string, std::string>>;

// RFC 4514 lists the RDNs last first: "CN=x,O=y" is the name whose DER order is O, then CN.
TEST(Rfc4514Test, ReversesTheWrittenOrder) {
  DistinguishedName dn = parse_rfc4514("CN=vnfm-1.example.net,O=Operator,C=FR");
  EXPECT_EQ(dn.attributes, (Attrs{{"C", "FR"}, {"O", "Operator"}, {"CN", "vnfm-1.example.net"}}));
  EXPECT_EQ(to_rfc4514(dn), "CN=vnfm-1.example.net,O=Operator,C=FR");
  EXPECT_EQ(dn.to_string(), "C=FR,O=Operator,CN=vnfm-1.example.net");  // unchanged: in order
  EXPECT_EQ(name_text(dn, NameText::rfc4514), "CN=vnfm-1.example.net,O=Operator,C=FR");
  EXPECT_EQ(name_text(dn, NameText::in_order), dn.to_string());
}

TEST(Rfc4514Test, HonoursEscapesAndHexPairs) {
  EXPECT_EQ(parse_rfc4514("CN=a\\,b\\+c\\\\d\\;e\\\"f\\<g\\>h\\=i").attributes,
            (Attrs{{"CN", "a,b+c\\d;e\"f<g>h=i"}}));
  EXPECT_EQ(parse_rfc4514("CN=Acme\\2C Inc.").attributes, (Attrs{{"CN", "Acme, Inc."}}));
  EXPECT_EQ(parse_rfc4514("CN=caf\\C3\\A9").attributes, (Attrs{{"CN", "caf\xC3\xA9"}}));
  EXPECT_EQ(parse_rfc4514("CN=\\ padded\\ ").attributes, (Attrs{{"CN", " padded "}}));
  EXPECT_EQ(parse_rfc4514("CN=\\#1").attributes, (Attrs{{"CN", "#1"}}));
  EXPECT_EQ(parse_rfc4514("CN=a=b").attributes, (Attrs{{"CN", "a=b"}}));
  // Whitespace around separators, as openssl's default output has it, is ignored.
  EXPECT_EQ(parse_rfc4514(" CN = x , O = y ").attributes, (Attrs{{"O", "y"}, {"CN", "x"}}));
  // Long names, dotted OIDs and any case name the same types.
  EXPECT_EQ(parse_rfc4514("commonName=x,2.5.4.10=y,st=z").attributes,
            (Attrs{{"ST", "z"}, {"O", "y"}, {"CN", "x"}}));
  EXPECT_TRUE(parse_rfc4514("").attributes.empty());
}

TEST(Rfc4514Test, RoundTrips) {
  for (const char* text :
       {"CN=a,O=b,OU=c,C=FR,ST=x,L=y", "CN=a\\,b,O=Acme\\, Inc.", "CN=\\ x\\+y\\ ", "CN=\\#hash",
        "CN=back\\\\slash", "CN=\xC3\xA9t\xC3\xA9", "CN=q\\\"uote\\;semi\\<lt\\>gt"}) {
    DistinguishedName dn = parse_rfc4514(text);
    EXPECT_EQ(to_rfc4514(dn), text);
    EXPECT_EQ(parse_rfc4514(to_rfc4514(dn)), dn) << text;
  }
  DistinguishedName control{{{"CN", std::string("a\x01z", 3)}}};
  EXPECT_EQ(to_rfc4514(control), "CN=a\\01z");
  EXPECT_EQ(parse_rfc4514(to_rfc4514(control)), control);
}

TEST(OpensslSlashTest, KeepsTheWrittenOrder) {
  DistinguishedName dn = parse_openssl_slash("/C=FR/O=Operator/CN=vnfm-1.example.net");
  EXPECT_EQ(dn.attributes, (Attrs{{"C", "FR"}, {"O", "Operator"}, {"CN", "vnfm-1.example.net"}}));
  EXPECT_EQ(to_openssl_slash(dn), "/C=FR/O=Operator/CN=vnfm-1.example.net");
  // The two forms of one name are one name.
  EXPECT_EQ(dn, parse_rfc4514("CN=vnfm-1.example.net,O=Operator,C=FR"));
  EXPECT_EQ(parse_openssl_slash("/CN=x/").attributes, (Attrs{{"CN", "x"}}));
  EXPECT_EQ(parse_openssl_slash("/CN=a\\/b\\+c\\\\d,e=f").attributes,
            (Attrs{{"CN", "a/b+c\\d,e=f"}}));
  EXPECT_EQ(parse_openssl_slash("/CN= spaced ").attributes, (Attrs{{"CN", " spaced "}}));
  for (const char* text : {"/CN=a\\/b\\+c", "/O=Acme, Inc./CN=x"}) {
    EXPECT_EQ(to_openssl_slash(parse_openssl_slash(text)), text);
  }
}

void expect_form_error(DistinguishedName (*parse)(std::string_view), std::string_view text,
                       std::string_view mentions) {
  try {
    parse(text);
    ADD_FAILURE() << "no error for '" << text << "'";
  } catch (const PkiError& e) {
    EXPECT_NE(std::string(e.what()).find(mentions), std::string::npos)
        << "'" << text << "' -> " << e.what();
  }
}

TEST(Rfc4514Test, RejectsBadInput) {
  expect_form_error(parse_rfc4514, "CN=a+O=b", "multi-valued");
  expect_form_error(parse_rfc4514, "CN=#04024869", "hex-encoded value");
  expect_form_error(parse_rfc4514, "CN=a\\x", "not an RFC 4514 escape");
  expect_form_error(parse_rfc4514, "CN=a\\", "dangling");
  expect_form_error(parse_rfc4514, "CN=a;b", "unescaped ';'");
  expect_form_error(parse_rfc4514, "CN=a,,O=b", "has no '='");
  expect_form_error(parse_rfc4514, "CN=a,", "has no '='");
  expect_form_error(parse_rfc4514, "CN=\\FF", "not UTF-8");
  expect_form_error(parse_rfc4514, "DC=example", "unknown attribute type 'DC'");
  expect_form_error(parse_rfc4514, "CN=", "empty value");
  expect_form_error(parse_rfc4514, "C=France", "two-letter");
}

TEST(OpensslSlashTest, RejectsBadInput) {
  expect_form_error(parse_openssl_slash, "CN=a", "starts with '/'");
  expect_form_error(parse_openssl_slash, "/CN=a+OU=b", "multi-valued");
  expect_form_error(parse_openssl_slash, "/CN=a//O=b", "has no '='");
  expect_form_error(parse_openssl_slash, "/CN", "has no '='");
  expect_form_error(parse_openssl_slash, "/CN=a\\", "dangling");
  expect_form_error(parse_openssl_slash, "/CN=", "empty value");
  expect_form_error(parse_openssl_slash, "/emailAddress=a@b", "unknown attribute type");
}

}  // namespace
}  // namespace ifa026::pki
