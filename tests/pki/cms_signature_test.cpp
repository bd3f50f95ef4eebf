// Tests for pki/cms_signature: detached CMS SignedData signed and verified at simulated instants,
// with real keys and a vendor root, and each verdict a tampered or mistrusted signature gets.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "pki/bytes.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/cms_signature.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki {
namespace {

class CmsSignatureTest : public ::testing::Test {
 protected:
  CmsSignatureTest()
      : root_(CertificateAuthority::create_root(DistinguishedName::parse("O=Vendor,CN=Vendor Root"),
                                                PrivateKey::generate(), kT0, 20 * 365 * kDay)),
        issuing_(CertificateAuthority::create_subordinate(
            root_, DistinguishedName::parse("O=Vendor,CN=Vendor Code Signing CA"),
            PrivateKey::generate(), kT0, 10 * 365 * kDay, 0)),
        other_root_(
            CertificateAuthority::create_root(DistinguishedName::parse("O=Other,CN=Other Root"),
                                              PrivateKey::generate(), kT0, 20 * 365 * kDay)),
        signer_key_(PrivateKey::generate()),
        signer_(issue(issuing_, {ExtendedKeyUsage::code_signing})),
        content_(bytes_of("VNF package content: vnfd fw-1 version 1.2")) {
    anchors_.add_anchor(root_.certificate());
  }

  Certificate issue(CertificateAuthority& ca, std::vector<ExtendedKeyUsage> usages) {
    CsrContent requested;
    requested.subject = DistinguishedName::parse("O=Vendor,CN=Vendor Package Signing");
    requested.san.dns = {"packages.vendor.example.com"};
    CertificateProfile profile;
    profile.validity_seconds = 2 * 365 * kDay;
    profile.extended_key_usage = std::move(usages);
    return ca.issue_for_key({signer_key_.public_key(), requested, not_before_, {}, {}, {}},
                            profile);
  }

  Bytes sign(const Certificate& certificate, Instant when) {
    return cms_sign_detached(content_, {signer_key_, certificate, {issuing_.certificate()}}, when);
  }

  Instant not_before_ = at(kT0.seconds() + 30 * kDay);
  Instant signed_at_ = at(not_before_.seconds() + 7 * kDay);
  Instant verified_at_ = at(signed_at_.seconds() + 3600);
  CertificateAuthority root_;
  CertificateAuthority issuing_;
  CertificateAuthority other_root_;
  PrivateKey signer_key_;
  Certificate signer_;
  Bytes content_;
  TrustStore anchors_;
};

TEST_F(CmsSignatureTest, GoodSignatureVerifiesAndNamesTheSigner) {
  const Bytes signature = sign(signer_, signed_at_);
  // Detached: the content is not inside the SignedData.
  EXPECT_EQ(std::search(signature.begin(), signature.end(), content_.begin(), content_.end()),
            signature.end());
  const CmsVerification v = cms_verify_detached(signature, content_, anchors_, verified_at_);
  EXPECT_TRUE(v.ok()) << v.detail;
  EXPECT_EQ(to_string(v.verdict), "verified");
  ASSERT_TRUE(v.signer);
  EXPECT_EQ(*v.signer, signer_.subject().to_string());
  EXPECT_FALSE(v.chain_failure);
}

TEST_F(CmsSignatureTest, SigningTimeIsTheSimulatedInstantGiven) {
  for (Instant when : {signed_at_, at(signed_at_.seconds() + 12345)}) {
    const CmsVerification v =
        cms_verify_detached(sign(signer_, when), content_, anchors_, verified_at_);
    ASSERT_TRUE(v.signing_time);
    EXPECT_EQ(v.signing_time->seconds(), when.seconds());
  }
}

TEST_F(CmsSignatureTest, FlippedContentByteIsAContentMismatch) {
  const Bytes signature = sign(signer_, signed_at_);
  for (std::size_t index : {std::size_t{0}, content_.size() / 2, content_.size() - 1}) {
    Bytes tampered = content_;
    tampered[index] ^= 0x01;
    const CmsVerification v = cms_verify_detached(signature, tampered, anchors_, verified_at_);
    EXPECT_EQ(v.verdict, CmsVerdict::content_mismatch) << index << ": " << v.detail;
  }
  // The untouched content still verifies with the same signature.
  EXPECT_TRUE(cms_verify_detached(signature, content_, anchors_, verified_at_).ok());
}

TEST_F(CmsSignatureTest, FlippedSignatureByteIsAnInvalidSignature) {
  Bytes signature = sign(signer_, signed_at_);
  // The last byte of the DER is the last byte of the signer's signature value.
  signature.back() ^= 0x01;
  const CmsVerification v = cms_verify_detached(signature, content_, anchors_, verified_at_);
  EXPECT_EQ(v.verdict, CmsVerdict::signature_invalid) << v.detail;
  EXPECT_FALSE(v.ok());
}

TEST_F(CmsSignatureTest, SignerUnderAnotherRootIsUntrusted) {
  const Certificate stranger = issue(other_root_, {ExtendedKeyUsage::code_signing});
  const Bytes signature = cms_sign_detached(content_, {signer_key_, stranger, {}}, signed_at_);
  const CmsVerification v = cms_verify_detached(signature, content_, anchors_, verified_at_);
  EXPECT_EQ(v.verdict, CmsVerdict::untrusted_signer) << v.detail;
  EXPECT_EQ(v.chain_failure, VerifyFailure::unknown_issuer);
  // The same signature is trusted once its root is an anchor: the anchors decided.
  TrustStore both = anchors_;
  both.add_anchor(other_root_.certificate());
  EXPECT_TRUE(cms_verify_detached(signature, content_, both, verified_at_).ok());
}

// ---- verification against the content's digest (a party without the content) ----

TEST_F(CmsSignatureTest, DigestOfTheContentVerifiesWithoutTheContent) {
  const Bytes signature = sign(signer_, signed_at_);
  const CmsVerification v =
      cms_verify_detached_digest(signature, sha256(content_), anchors_, verified_at_);
  EXPECT_TRUE(v.ok()) << v.detail;
  ASSERT_TRUE(v.signer);
  EXPECT_EQ(*v.signer, signer_.subject().to_string());
  ASSERT_TRUE(v.signing_time);
  EXPECT_EQ(v.signing_time->seconds(), signed_at_.seconds());
}

TEST_F(CmsSignatureTest, DigestOfOtherContentIsAContentMismatch) {
  const Bytes signature = sign(signer_, signed_at_);
  Bytes tampered = content_;
  tampered.back() ^= 0x01;
  const CmsVerification v =
      cms_verify_detached_digest(signature, sha256(tampered), anchors_, verified_at_);
  EXPECT_EQ(v.verdict, CmsVerdict::content_mismatch) << v.detail;
}

TEST_F(CmsSignatureTest, DigestCheckFindsAFlippedSignatureAndAnUntrustedSigner) {
  Bytes signature = sign(signer_, signed_at_);
  signature.back() ^= 0x01;
  EXPECT_EQ(cms_verify_detached_digest(signature, sha256(content_), anchors_, verified_at_).verdict,
            CmsVerdict::signature_invalid);
  const Certificate stranger = issue(other_root_, {ExtendedKeyUsage::code_signing});
  const Bytes foreign = cms_sign_detached(content_, {signer_key_, stranger, {}}, signed_at_);
  EXPECT_EQ(cms_verify_detached_digest(foreign, sha256(content_), anchors_, verified_at_).verdict,
            CmsVerdict::untrusted_signer);
  EXPECT_EQ(
      cms_verify_detached_digest(bytes_of("garbage"), sha256(content_), anchors_, verified_at_)
          .verdict,
      CmsVerdict::malformed);
}

TEST_F(CmsSignatureTest, SignerWithoutCodeSigningIsUntrusted) {
  const Certificate tls = issue(issuing_, {ExtendedKeyUsage::client_auth});
  const CmsVerification v =
      cms_verify_detached(sign(tls, signed_at_), content_, anchors_, verified_at_);
  EXPECT_EQ(v.verdict, CmsVerdict::untrusted_signer) << v.detail;
  EXPECT_EQ(v.chain_failure, VerifyFailure::wrong_usage);
}

TEST_F(CmsSignatureTest, VerifiedBeforeTheSignersNotBeforeFails) {
  const Bytes signature = sign(signer_, signed_at_);
  const CmsVerification early =
      cms_verify_detached(signature, content_, anchors_, at(not_before_.seconds() - 1));
  EXPECT_EQ(early.verdict, CmsVerdict::untrusted_signer) << early.detail;
  EXPECT_EQ(early.chain_failure, VerifyFailure::not_yet_valid);
  EXPECT_TRUE(cms_verify_detached(signature, content_, anchors_, not_before_).ok());
}

TEST_F(CmsSignatureTest, GarbageIsMalformedNotAnException) {
  const CmsVerification garbage =
      cms_verify_detached(bytes_of("not a SignedData"), content_, anchors_, verified_at_);
  EXPECT_EQ(garbage.verdict, CmsVerdict::malformed);
  Bytes truncated = sign(signer_, signed_at_);
  truncated.resize(truncated.size() / 2);
  EXPECT_EQ(cms_verify_detached(truncated, content_, anchors_, verified_at_).verdict,
            CmsVerdict::malformed);
  EXPECT_EQ(cms_verify_detached({}, content_, anchors_, verified_at_).verdict,
            CmsVerdict::malformed);
}

TEST_F(CmsSignatureTest, CodeSigningExtendedKeyUsageRoundTrips) {
  EXPECT_EQ(signer_.extended_key_usage(),
            std::vector<ExtendedKeyUsage>{ExtendedKeyUsage::code_signing});
  VerifyOptions options;
  options.purpose = ExtendedKeyUsage::code_signing;
  TrustStore trust = anchors_;
  trust.add_intermediate(issuing_.certificate());
  EXPECT_TRUE(verify_certificate(signer_, trust, verified_at_, options).ok());
  options.purpose = ExtendedKeyUsage::server_auth;
  EXPECT_EQ(verify_certificate(signer_, trust, verified_at_, options).failure,
            VerifyFailure::wrong_usage);
}

}  // namespace
}  // namespace ifa026::pki
