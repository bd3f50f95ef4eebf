// Tests for pki/csr: building, strict decoding, content round trips, proof of possession,
// interoperability with the openssl CLI, and robustness against mutated input.
#include "pki/csr.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>

#include "tests/support/test_support.hpp"

namespace ifa026::pki::csr_test {
namespace {

struct TempDir : test::TempDir {
  TempDir() : test::TempDir("pki-csr") {}
  std::string operator/(const std::string& name) const { return (path() / name).string(); }
};

std::string run(const std::string& command, int* status) {
  return test::run_shell(command, status);
}

using test::read_file;
using test::write_file;

CsrContent full_content() {
  CsrContent c;
  c.subject = DistinguishedName::parse("CN=vnfm-1.example.net,OU=VNFM,O=Operator,C=FR");
  c.san.dns = {"vnfm-1.example.net", "vnfm.example.net"};
  c.san.ip = {"192.0.2.10", "2001:db8::10"};
  c.san.uri = {"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66"};
  c.extended_key_usage = {ExtendedKeyUsage::client_auth, ExtendedKeyUsage::server_auth};
  c.nf_types = {"AMF", "SMF"};
  c.key_attestation = Bytes{0x00, 0x01, 0x02, 0xfe, 0xff, 'a', 't', 't'};
  return c;
}

void expect_same(const CsrContent& a, const CsrContent& b) {
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.san, b.san);
  EXPECT_EQ(a.extended_key_usage, b.extended_key_usage);
  EXPECT_EQ(a.nf_types, b.nf_types);
  EXPECT_EQ(a.key_attestation, b.key_attestation);
}

const PrivateKey& p256() {
  static const PrivateKey key = PrivateKey::generate(KeyType::ec_p256);
  return key;
}

class CsrKeyTypeTest : public ::testing::TestWithParam<KeyType> {};

TEST_P(CsrKeyTypeTest, CreateEncodeDecodeRoundTrip) {
  PrivateKey key = GetParam() == KeyType::ec_p256 ? p256() : PrivateKey::generate(GetParam());
  CsrContent content = full_content();
  Csr csr = Csr::create(content, key);
  Csr back = Csr::from_der(csr.der());
  EXPECT_EQ(back.der(), csr.der());
  expect_same(back.content(), content);
  EXPECT_TRUE(back.signature_valid());
  EXPECT_TRUE(back.public_key() == key.public_key());
  EXPECT_EQ(back.public_key().type(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(AllKeyTypes, CsrKeyTypeTest,
                         ::testing::Values(KeyType::ec_p256, KeyType::ec_p384, KeyType::rsa2048,
                                           KeyType::ed25519),
                         [](const auto& info) {
                           std::string name(to_string(info.param));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(CsrTest, MinimalRequestHasNoOptionalParts) {
  CsrContent content;
  content.subject = DistinguishedName::parse("CN=minimal");
  Csr csr = Csr::from_der(Csr::create(content, p256()).der());
  CsrContent back = csr.content();
  expect_same(back, content);
  EXPECT_TRUE(back.san.empty());
  EXPECT_TRUE(back.nf_types.empty());
  EXPECT_FALSE(back.key_attestation.has_value());
  EXPECT_TRUE(csr.signature_valid());
}

TEST(CsrTest, EmptyAttestationStatementIsKept) {
  CsrContent content;
  content.subject = DistinguishedName::parse("CN=x");
  content.key_attestation = Bytes{};
  CsrContent back = Csr::create(content, p256()).content();
  ASSERT_TRUE(back.key_attestation.has_value());
  EXPECT_TRUE(back.key_attestation->empty());
}

TEST(CsrTest, SanOnlyRequestWithEmptySubject) {
  CsrContent content;
  content.san.dns = {"only-san.example.net"};
  Csr csr = Csr::from_der(Csr::create(content, p256()).der());
  expect_same(csr.content(), content);
  EXPECT_TRUE(csr.signature_valid());
}

TEST(CsrTest, PemRoundTrip) {
  Csr csr = Csr::create(full_content(), p256());
  std::string pem = csr.to_pem();
  EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE REQUEST-----\n", 0), 0u) << pem;
  EXPECT_EQ(Csr::from_pem(pem).der(), csr.der());
}

TEST(CsrTest, CreateRejectsBadContent) {
  CsrContent content = full_content();
  content.san.ip = {"not-an-ip"};
  EXPECT_THROW(Csr::create(content, p256()), PkiError);
  content = full_content();
  content.san.dns = {"bad name"};
  EXPECT_THROW(Csr::create(content, p256()), PkiError);
  content = full_content();
  content.nf_types = {std::string(33, 'A')};
  EXPECT_THROW(Csr::create(content, p256()), PkiError);
  content = full_content();
  content.subject.attributes.emplace_back("E", "x@example.net");
  EXPECT_THROW(Csr::create(content, p256()), PkiError);
}

TEST(CsrTest, FlippedSignatureByteIsRejected) {
  Bytes der = Csr::create(full_content(), p256()).der();
  for (std::size_t back : {std::size_t{1}, std::size_t{5}, std::size_t{20}}) {
    Bytes tampered = der;
    tampered[tampered.size() - back] ^= 0x01;
    try {
      EXPECT_FALSE(Csr::from_der(tampered).signature_valid()) << "byte -" << back;
    } catch (const DecodeError&) {
      // also acceptable
    }
  }
}

TEST(CsrTest, TamperedContentBreaksTheSignature) {
  Bytes der = Csr::create(full_content(), p256()).der();
  std::string needle = "vnfm-1.example.net";
  auto it = std::search(der.begin(), der.end(), needle.begin(), needle.end());
  ASSERT_NE(it, der.end());
  *it = 'w';
  Csr csr = Csr::from_der(der);
  EXPECT_EQ(csr.content().subject.common_name(), "wnfm-1.example.net");
  EXPECT_FALSE(csr.signature_valid());
}

TEST(CsrTest, SwappedPublicKeyBreaksTheSignature) {
  Bytes der = Csr::create(full_content(), p256()).der();
  Bytes old_spki = p256().public_key().to_der();
  PrivateKey other = PrivateKey::generate(KeyType::ec_p256);
  Bytes new_spki = other.public_key().to_der();
  ASSERT_EQ(old_spki.size(), new_spki.size());
  auto it = std::search(der.begin(), der.end(), old_spki.begin(), old_spki.end());
  ASSERT_NE(it, der.end());
  std::copy(new_spki.begin(), new_spki.end(), it);
  Csr csr = Csr::from_der(der);
  EXPECT_TRUE(csr.public_key() == other.public_key());
  EXPECT_FALSE(csr.signature_valid());
}

TEST(CsrTest, DecoderRejectsMalformedInput) {
  Bytes der = Csr::create(full_content(), p256()).der();
  EXPECT_THROW(Csr::from_der({}), DecodeError);
  Bytes trailing = der;
  trailing.push_back(0x00);
  EXPECT_THROW(Csr::from_der(trailing), DecodeError);
  Bytes truncated(der.begin(), der.end() - 1);
  EXPECT_THROW(Csr::from_der(truncated), DecodeError);
  // Long-form length where short or shorter long form is required: not DER.
  ASSERT_EQ(der[0], 0x30);
  ASSERT_EQ(der[1], 0x82);
  Bytes longer = {0x30, 0x83, 0x00};
  longer.insert(longer.end(), der.begin() + 2, der.end());
  EXPECT_THROW(Csr::from_der(longer), DecodeError);
  EXPECT_THROW(Csr::from_pem("not a pem"), DecodeError);
  EXPECT_THROW(Csr::from_der(p256().public_key().to_der()), DecodeError);
  EXPECT_EQ(take_openssl_errors(), "");
}

// A tiny DER tree for building deliberately non-canonical (but parseable) encodings.
struct Tlv {
  std::uint8_t tag = 0;
  Bytes content;                  // primitive
  std::vector<Tlv> children;      // constructed
  bool long_form_length = false;  // encode the length in a needless long form
};

Tlv parse_tlv(const Bytes& der, std::size_t& pos) {
  Tlv node;
  node.tag = der.at(pos++);
  std::size_t length = der.at(pos++);
  if (length & 0x80) {
    std::size_t n = length & 0x7f;
    length = 0;
    for (std::size_t i = 0; i < n; ++i) length = (length << 8) | der.at(pos++);
  }
  std::size_t end = pos + length;
  if (node.tag & 0x20) {
    while (pos < end) node.children.push_back(parse_tlv(der, pos));
  } else {
    node.content.assign(der.begin() + static_cast<std::ptrdiff_t>(pos),
                        der.begin() + static_cast<std::ptrdiff_t>(end));
    pos = end;
  }
  return node;
}

Bytes encode_tlv(const Tlv& node) {
  Bytes body = node.content;
  for (const Tlv& child : node.children) {
    Bytes c = encode_tlv(child);
    body.insert(body.end(), c.begin(), c.end());
  }
  Bytes out = {node.tag};
  std::size_t n = body.size();
  if (n < 0x80 && !node.long_form_length) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  }
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

TEST(CsrTest, DerTreeHelperRoundTrips) {
  Bytes der = Csr::create(full_content(), p256()).der();
  std::size_t pos = 0;
  EXPECT_EQ(encode_tlv(parse_tlv(der, pos)), der);
}

TEST(CsrTest, DecoderRejectsNonCanonicalInnerEncoding) {
  CsrContent content;
  content.subject = DistinguishedName::parse("CN=abc");
  Bytes der = Csr::create(content, p256()).der();
  std::size_t pos = 0;
  Tlv root = parse_tlv(der, pos);
  // CertificationRequest > CertificationRequestInfo > subject Name > RDN SET > ATV SEQUENCE >
  // UTF8String "abc": give that string a long-form length (valid BER, not DER).
  Tlv& value = root.children.at(0).children.at(1).children.at(0).children.at(0).children.at(1);
  ASSERT_EQ(value.tag, 0x0c);
  ASSERT_EQ(value.content, (Bytes{'a', 'b', 'c'}));
  value.long_form_length = true;
  Bytes ber = encode_tlv(root);
  ASSERT_EQ(ber.size(), der.size() + 1);
  try {
    Csr::from_der(ber);
    ADD_FAILURE() << "non-canonical request info accepted";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("not DER (non-minimal length"), std::string::npos)
        << e.what();
  }
  // The same at the outermost level is caught too.
  value.long_form_length = false;
  root.children.at(2).long_form_length = true;  // the signature BIT STRING
  ber = encode_tlv(root);
  ASSERT_NE(ber, der);
  EXPECT_THROW(Csr::from_der(ber), DecodeError);
  EXPECT_EQ(take_openssl_errors(), "");
}

TEST(CsrTest, DecoderRejectsUnsortedAttributes) {
  // attributes [0] IMPLICIT SET OF Attribute: DER sorts them; swapping two must be rejected.
  Bytes der = Csr::create(full_content(), p256()).der();
  std::size_t pos = 0;
  Tlv root = parse_tlv(der, pos);
  Tlv& attributes = root.children.at(0).children.at(3);
  ASSERT_EQ(attributes.tag, 0xa0);
  ASSERT_EQ(attributes.children.size(), 2u);
  std::swap(attributes.children[0], attributes.children[1]);
  Bytes swapped = encode_tlv(root);
  ASSERT_NE(swapped, der);
  try {
    Csr::from_der(swapped);
    ADD_FAILURE() << "unsorted attributes accepted";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("request info not in canonical DER"), std::string::npos)
        << e.what();
  }
}

TEST(CsrTest, DecoderRejectsNonDerInsideAnExtensionValue) {
  // The SAN value (an OCTET STRING holding DER) with a long-form length inside it.
  CsrContent content;
  content.subject = DistinguishedName::parse("CN=x");
  content.san.dns = {"x.example"};
  Bytes der = Csr::create(content, p256()).der();
  Bytes inner = {0x30, 0x0b, 0x82, 0x09, 'x', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e'};
  std::size_t pos = 0;
  Tlv root = parse_tlv(der, pos);
  std::function<Tlv*(Tlv&)> find = [&](Tlv& node) -> Tlv* {
    if (node.tag == 0x04 && node.content == inner) return &node;
    for (Tlv& child : node.children) {
      if (Tlv* hit = find(child)) return hit;
    }
    return nullptr;
  };
  // The extnValue OCTET STRING whose content is `inner`, rewritten with a long-form length.
  Tlv* octets = find(root);
  ASSERT_NE(octets, nullptr);
  octets->content = {0x30, 0x81, 0x0b, 0x82, 0x09, 'x', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e'};
  try {
    Csr::from_der(encode_tlv(root));
    ADD_FAILURE() << "non-DER subjectAltName value accepted";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("CSR subjectAltName: not DER"), std::string::npos)
        << e.what();
  }
}

TEST(CsrTest, OpensslVerifiesOurRequest) {
  TempDir dir;
  Csr csr = Csr::create(full_content(), p256());
  write_file(dir / "req.pem", csr.to_pem());
  int status = -1;
  std::string out = run("openssl req -in '" + (dir / "req.pem") + "' -verify -noout", &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("verify OK"), std::string::npos) << out;
  out = run("openssl req -in '" + (dir / "req.pem") + "' -noout -text", &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("DNS:vnfm-1.example.net"), std::string::npos) << out;
  EXPECT_NE(out.find("IP Address:192.0.2.10"), std::string::npos) << out;
  EXPECT_NE(out.find("IP Address:2001:DB8:0:0:0:0:0:10"), std::string::npos) << out;
  EXPECT_NE(out.find("URI:urn:uuid:"), std::string::npos) << out;
  EXPECT_NE(out.find("TLS Web Client Authentication"), std::string::npos) << out;
  EXPECT_NE(out.find("TLS Web Server Authentication"), std::string::npos) << out;
  EXPECT_NE(out.find("1.3.6.1.5.5.7.1.34"), std::string::npos) << out;
  EXPECT_NE(out.find("1.3.6.1.4.1.59999.26.1"), std::string::npos) << out;
  EXPECT_NE(out.find("CN = vnfm-1.example.net"), std::string::npos) << out;
  // asn1parse shows the nfTypes value as a SEQUENCE of IA5Strings.
  write_file(dir / "req.der", std::string(csr.der().begin(), csr.der().end()));
  out = run("openssl asn1parse -inform DER -in '" + (dir / "req.der") + "' -i", &status);
  EXPECT_EQ(status, 0) << out;
  auto nf = out.find("1.3.6.1.5.5.7.1.34");
  ASSERT_NE(nf, std::string::npos) << out;
  std::string value_line = out.substr(nf, out.find('\n', out.find('\n', nf) + 1) - nf);
  EXPECT_NE(value_line.find("OCTET STRING"), std::string::npos) << value_line;
  // Strparse that octet string.
  std::size_t line_start = out.rfind('\n', out.find("OCTET STRING", nf)) + 1;
  std::string offset = out.substr(line_start, out.find(':', line_start) - line_start);
  offset.erase(0, offset.find_first_not_of(' '));
  out = run("openssl asn1parse -inform DER -in '" + (dir / "req.der") + "' -strparse " + offset,
            &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("SEQUENCE"), std::string::npos) << out;
  EXPECT_NE(out.find("IA5STRING         :AMF"), std::string::npos) << out;
  EXPECT_NE(out.find("IA5STRING         :SMF"), std::string::npos) << out;
}

TEST(CsrTest, OpensslVerifiesEd25519AndRsaRequests) {
  TempDir dir;
  for (KeyType type : {KeyType::ed25519, KeyType::rsa2048, KeyType::ec_p384}) {
    Csr csr = Csr::create(full_content(), PrivateKey::generate(type));
    write_file(dir / "req.pem", csr.to_pem());
    int status = -1;
    std::string out = run("openssl req -in '" + (dir / "req.pem") + "' -verify -noout", &status);
    EXPECT_EQ(status, 0) << to_string(type) << ": " << out;
  }
}

TEST(CsrTest, DecodesARequestMadeByOpenssl) {
  TempDir dir;
  int status = -1;
  std::string out =
      run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
          "-keyout '" +
              (dir / "key.pem") + "' -out '" + (dir / "req.pem") +
              "' -subj /CN=x -addext subjectAltName=DNS:x.example",
          &status);
  ASSERT_EQ(status, 0) << out;
  Csr csr = Csr::from_pem(read_file(dir / "req.pem"));
  EXPECT_TRUE(csr.signature_valid());
  CsrContent content = csr.content();
  EXPECT_EQ(content.subject.to_string(), "CN=x");
  EXPECT_EQ(content.san.dns, std::vector<std::string>{"x.example"});
  EXPECT_FALSE(content.key_attestation.has_value());
  PrivateKey key = PrivateKey::from_pem(read_file(dir / "key.pem"));
  EXPECT_TRUE(csr.public_key() == key.public_key());
  EXPECT_EQ(csr.public_key().type(), KeyType::ec_p256);
}

Bytes mutate(const Bytes& input, std::mt19937& rng) {
  return test::mutate_bytes(input, rng);
}

TEST(CsrFuzzTest, MutatedRequestsNeverCrash) {
  std::mt19937 rng(9310);
  std::vector<Bytes> seeds = {
      Csr::create(full_content(), p256()).der(),
      Csr::create(full_content(), PrivateKey::generate(KeyType::ed25519)).der()};
  CsrContent minimal;
  minimal.subject = DistinguishedName::parse("CN=m");
  seeds.push_back(Csr::create(minimal, p256()).der());
  int decoded = 0;
  int valid = 0;
  for (int i = 0; i < 10000; ++i) {
    Bytes sample = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
    try {
      Csr csr = Csr::from_der(sample);
      ++decoded;
      CsrContent content = csr.content();
      (void)content.subject.to_string();
      if (csr.signature_valid()) ++valid;
      (void)csr.public_key();
      (void)csr.to_pem();
    } catch (const PkiError&) {
    }
  }
  EXPECT_EQ(take_openssl_errors(), "");
  std::cout << "decoded " << decoded << " of 10000 mutated requests, " << valid
            << " with a valid signature\n";
}

}  // namespace
}  // namespace ifa026::pki::csr_test
