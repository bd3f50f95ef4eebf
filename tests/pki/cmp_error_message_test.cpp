// Tests for pki/cmp_error_message (the CA's own signed CMP error): OpenSSL decodes it, its fields
// say what was asked, its signature verifies with the CA key for EC, RSA and Ed25519 CAs, and the
// status text stays valid UTF-8 of at most 512 octets.
#include "pki/cmp_error_message.hpp"

#include <gtest/gtest.h>
#include <openssl/cmp.h>

#include <string>

#include "pki/der.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki::cmp_error_message_test {
namespace {

CertificateAuthority make_ca(KeyType type) {
  return CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Op,CN=Issuing CA"),
                                           PrivateKey::generate(type), kT0, 86400);
}

// Whether the message's protection is a valid signature by `ca` over SEQUENCE { header, body }.
bool signature_verifies(const Bytes& message, const CertificateAuthority& ca) {
  const auto top = der::single_element(message);
  const auto parts = top ? der::split_elements(top->content) : std::nullopt;
  if (!parts || parts->size() != 4 || (*parts)[2].tag != der::context_tag(0)) return false;
  der::Writer signed_part;
  signed_part.sequence([&](der::Writer& w) { w.raw((*parts)[0].whole).raw((*parts)[1].whole); });
  const auto bits = der::single_element((*parts)[2].content);
  if (!bits || bits->tag != der::kBitString || bits->content.empty()) return false;
  return ca.certificate().public_key().verify(signed_part.bytes(), bits->content.subspan(1));
}

TEST(CmpErrorMessageTest, DecodesAndVerifiesForEveryCaKeyType) {
  for (KeyType type : {KeyType::ec_p256, KeyType::rsa2048, KeyType::ed25519}) {
    SCOPED_TRACE(std::string(to_string(type)));
    CertificateAuthority ca = make_ca(type);
    CmpErrorContext context;
    context.transaction_id = Bytes(16, 0x5a);
    context.recip_nonce = Bytes(16, 0x11);
    const Bytes message =
        build_cmp_error(ca, {}, context, CmpFailure::bad_message_check, "PBM check failed", kT0);
    const CmpMessageInfo info = inspect_cmp_message(message);  // OpenSSL's full decode
    EXPECT_EQ(info.body, static_cast<int>(CmpBody::error));
    EXPECT_EQ(info.status, OSSL_CMP_PKISTATUS_rejection);
    EXPECT_EQ(info.fail_info, failure_bit(CmpFailure::bad_message_check));
    EXPECT_EQ(info.status_text, "PBM check failed");
    EXPECT_EQ(info.transaction_id, *context.transaction_id);
    EXPECT_EQ(info.sender_kid, *ca.certificate().subject_key_id());
    EXPECT_TRUE(info.protected_);
    EXPECT_TRUE(signature_verifies(message, ca));
    Bytes tampered = message;
    tampered[tampered.size() / 3] ^= 0x01;
    EXPECT_FALSE(signature_verifies(tampered, ca));
  }
}

TEST(CmpErrorMessageTest, EmptyTextSaysTheFailureName) {
  CertificateAuthority ca = make_ca(KeyType::ec_p256);
  const Bytes message = build_cmp_error(ca, {}, {}, CmpFailure::bad_data_format, "", kT0);
  const CmpMessageInfo info = inspect_cmp_message(message);
  EXPECT_EQ(info.status_text, "badDataFormat");
  EXPECT_TRUE(info.transaction_id.empty());
}

// The statusString is a UTF8String: a long text is cut at a character boundary, and octets that
// are not UTF-8 are replaced, so the message stays valid DER that strict readers accept. (The
// hand-written encoder before pki/der cut at octet 512 whatever was there.)
TEST(CmpErrorMessageTest, LongTextIsCutWithoutBreakingUtf8) {
  CertificateAuthority ca = make_ca(KeyType::ec_p256);
  const std::string text = std::string(511, 'x') + "\xc3\xa9 and more";  // 'é' at 511..512
  const CmpMessageInfo info =
      inspect_cmp_message(build_cmp_error(ca, {}, {}, CmpFailure::system_failure, text, kT0));
  EXPECT_EQ(info.status_text, std::string(511, 'x'));
  const CmpMessageInfo replaced = inspect_cmp_message(
      build_cmp_error(ca, {}, {}, CmpFailure::system_failure, "bad \xff octet", kT0));
  EXPECT_EQ(replaced.status_text, "bad ? octet");
}

TEST(CmpErrorMessageTest, ExtraCertsHoldTheCaAndTheChainGiven) {
  CertificateAuthority root = make_ca(KeyType::ec_p256);
  CertificateAuthority issuing = CertificateAuthority::create_subordinate(
      root, DistinguishedName::parse("C=FR,O=Op,CN=Sub CA"), PrivateKey::generate(), kT0, 86400, 0);
  const Bytes message =
      build_cmp_error(issuing, {root.certificate()}, {}, CmpFailure::bad_request, "x", kT0);
  const auto top = der::single_element(message);
  ASSERT_TRUE(top);
  const auto parts = der::split_elements(top->content);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 4u);
  const auto sequence = der::single_element((*parts)[3].content);
  ASSERT_TRUE(sequence);
  const auto certs = der::split_elements(sequence->content);
  ASSERT_TRUE(certs);
  ASSERT_EQ(certs->size(), 2u);
  EXPECT_EQ(Certificate::from_der((*certs)[0].whole), issuing.certificate());
  EXPECT_EQ(Certificate::from_der((*certs)[1].whole), root.certificate());
}

}  // namespace
}  // namespace ifa026::pki::cmp_error_message_test
