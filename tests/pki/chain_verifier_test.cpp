// Tests for pki/chain_verifier: acceptance and each named failure at simulated instants.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "pki/certificate_authority.hpp"
#include "pki/chain_verifier.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki {
namespace {

class ChainVerifierTest : public ::testing::Test {
 protected:
  ChainVerifierTest()
      : root_(CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Op,CN=Root"),
                                                PrivateKey::generate(), kT0, 20 * 365 * kDay)),
        intermediate_(CertificateAuthority::create_subordinate(
            root_, DistinguishedName::parse("C=FR,O=Op,CN=Intermediate"), PrivateKey::generate(),
            kT0, 15 * 365 * kDay, 1)),
        issuing_(CertificateAuthority::create_subordinate(
            intermediate_, DistinguishedName::parse("C=FR,O=Op,CN=Issuing"), PrivateKey::generate(),
            kT0, 10 * 365 * kDay, 0)) {
    trust_.add_anchor(root_.certificate());
    trust_.add_intermediate(intermediate_.certificate());
    trust_.add_intermediate(issuing_.certificate());
  }

  Certificate issue(std::vector<ExtendedKeyUsage> usages, KeyType type = KeyType::ec_p256) {
    CsrContent content;
    content.subject = DistinguishedName::parse("C=FR,O=operator.example.net");
    content.san.dns = {"vnfci-1.example.net"};
    content.extended_key_usage = usages;
    CertificateProfile profile;
    profile.validity_seconds = 90 * kDay;
    profile.extended_key_usage = std::move(usages);
    return issuing_.issue(
        {Csr::create(content, PrivateKey::generate(type)), not_before_, {}, {}, {}}, profile);
  }

  // Current CRLs of all three CAs (CRL checking covers every certificate of the chain).
  void add_crls(Instant this_update, std::int64_t next_update_seconds = 7 * kDay) {
    trust_.add_crl(root_.crl(this_update, next_update_seconds));
    trust_.add_crl(intermediate_.crl(this_update, next_update_seconds));
    trust_.add_crl(issuing_.crl(this_update, next_update_seconds));
  }

  Instant not_before_ = at(kT0.seconds() + 30 * kDay);
  CertificateAuthority root_;
  CertificateAuthority intermediate_;
  CertificateAuthority issuing_;
  TrustStore trust_;
};

TEST_F(ChainVerifierTest, AcceptsInsideValidity) {
  for (KeyType type : {KeyType::ec_p256, KeyType::rsa2048, KeyType::ed25519}) {
    Certificate leaf = issue({ExtendedKeyUsage::client_auth, ExtendedKeyUsage::server_auth}, type);
    VerifyOptions options;
    options.purpose = ExtendedKeyUsage::server_auth;
    options.expected_dns_name = "vnfci-1.example.net";
    VerifyResult result =
        verify_certificate(leaf, trust_, at(not_before_.seconds() + kDay), options);
    EXPECT_TRUE(result.ok()) << to_string(type) << ": " << result.detail;
    EXPECT_EQ(result.failure, VerifyFailure::none);
    // notBefore is inside; OpenSSL treats the notAfter second itself as expired (RFC 5280 says
    // inclusive), so the last accepted second is notAfter - 1.
    EXPECT_TRUE(verify_certificate(leaf, trust_, leaf.not_before()).ok());
    EXPECT_TRUE(verify_certificate(leaf, trust_, at(leaf.not_after().seconds() - 1)).ok());
  }
}

TEST_F(ChainVerifierTest, ExpiredOneSecondAfterNotAfter) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  VerifyResult result = verify_certificate(leaf, trust_, at(leaf.not_after().seconds() + 1));
  EXPECT_EQ(result.failure, VerifyFailure::expired) << result.detail;
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.detail.empty());
}

TEST_F(ChainVerifierTest, NotYetValidOneSecondBeforeNotBefore) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  VerifyResult result = verify_certificate(leaf, trust_, at(leaf.not_before().seconds() - 1));
  EXPECT_EQ(result.failure, VerifyFailure::not_yet_valid) << result.detail;
}

TEST_F(ChainVerifierTest, RevokedWithCrlChecking) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  Certificate other = issue({ExtendedKeyUsage::client_auth});
  Instant now = at(not_before_.seconds() + kDay);
  issuing_.revoke(leaf.serial_hex(), now, RevocationReason::key_compromise);
  add_crls(now);
  VerifyOptions options;
  options.check_crl = true;
  VerifyResult result = verify_certificate(leaf, trust_, at(now.seconds() + 60), options);
  EXPECT_EQ(result.failure, VerifyFailure::revoked) << result.detail;
  VerifyResult fine = verify_certificate(other, trust_, at(now.seconds() + 60), options);
  EXPECT_TRUE(fine.ok()) << fine.detail;
  // Without CRL checking the revocation is not seen.
  EXPECT_TRUE(verify_certificate(leaf, trust_, at(now.seconds() + 60)).ok());
}

TEST_F(ChainVerifierTest, CrlUnavailableWithoutCurrentCrl) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  VerifyOptions options;
  options.check_crl = true;
  Instant now = at(not_before_.seconds() + kDay);
  VerifyResult none = verify_certificate(leaf, trust_, now, options);
  EXPECT_EQ(none.failure, VerifyFailure::crl_unavailable) << none.detail;
  // CRLs whose nextUpdate has passed are not current either.
  add_crls(now, kDay);
  EXPECT_TRUE(verify_certificate(leaf, trust_, at(now.seconds() + 60), options).ok());
  VerifyResult stale = verify_certificate(leaf, trust_, at(now.seconds() + 2 * kDay), options);
  EXPECT_EQ(stale.failure, VerifyFailure::crl_unavailable) << stale.detail;
}

TEST_F(ChainVerifierTest, UnknownIssuerAgainstAnotherRootOrWithoutIntermediates) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  auto other_root =
      CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Other,CN=Other Root"),
                                        PrivateKey::generate(), kT0, 20 * 365 * kDay);
  TrustStore other;
  other.add_anchor(other_root.certificate());
  other.add_intermediate(intermediate_.certificate());
  other.add_intermediate(issuing_.certificate());
  Instant now = at(not_before_.seconds() + kDay);
  VerifyResult result = verify_certificate(leaf, other, now);
  EXPECT_EQ(result.failure, VerifyFailure::unknown_issuer) << result.detail;

  TrustStore no_intermediates;
  no_intermediates.add_anchor(root_.certificate());
  EXPECT_EQ(verify_certificate(leaf, no_intermediates, now).failure, VerifyFailure::unknown_issuer);
  EXPECT_EQ(verify_certificate(leaf, TrustStore{}, now).failure, VerifyFailure::unknown_issuer);
}

// A clock behind the CA's: with the issuer not at hand, OpenSSL stops at "unable to get local
// issuer certificate" before it looks at the leaf's dates; the verifier names the dates instead
// (a VNFCI's skewed clock, negative/direct-clock-behind.json). With the leaf valid, an unknown
// issuer stays one.
TEST_F(ChainVerifierTest, ALeafNotYetValidIsNamedSoEvenWithoutItsIssuer) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  TrustStore no_intermediates;
  no_intermediates.add_anchor(root_.certificate());
  VerifyResult early = verify_certificate(leaf, no_intermediates, at(not_before_.seconds() - 600));
  EXPECT_EQ(early.failure, VerifyFailure::not_yet_valid) << early.detail;
  EXPECT_NE(early.detail.find("is this clock behind"), std::string::npos) << early.detail;
  EXPECT_EQ(verify_certificate(leaf, no_intermediates, at(not_before_.seconds() + 600)).failure,
            VerifyFailure::unknown_issuer);
}

TEST_F(ChainVerifierTest, BadSignatureWhenOneSignatureByteIsFlipped) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  Bytes der = leaf.der();
  der.back() ^= 0x01;  // the last octet belongs to the signature value
  std::optional<Certificate> tampered;
  try {
    tampered = Certificate::from_der(der);
  } catch (const DecodeError&) {
    SUCCEED() << "decoding refused the tampered certificate";
    return;
  }
  VerifyResult result = verify_certificate(*tampered, trust_, at(not_before_.seconds() + kDay));
  EXPECT_EQ(result.failure, VerifyFailure::bad_signature) << result.detail;
}

TEST_F(ChainVerifierTest, WrongUsageForServerPurposeOnClientOnlyCertificate) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  VerifyOptions options;
  options.purpose = ExtendedKeyUsage::server_auth;
  Instant now = at(not_before_.seconds() + kDay);
  VerifyResult result = verify_certificate(leaf, trust_, now, options);
  EXPECT_EQ(result.failure, VerifyFailure::wrong_usage) << result.detail;
  options.purpose = ExtendedKeyUsage::client_auth;
  EXPECT_TRUE(verify_certificate(leaf, trust_, now, options).ok());
}

TEST_F(ChainVerifierTest, NameMismatchWithWrongDnsName) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  VerifyOptions options;
  options.expected_dns_name = "vnfci-2.example.net";
  VerifyResult result = verify_certificate(leaf, trust_, at(not_before_.seconds() + kDay), options);
  EXPECT_EQ(result.failure, VerifyFailure::name_mismatch) << result.detail;
}

TEST_F(ChainVerifierTest, IntermediateOutsideItsValidityFailsTheChain) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  // 12 years on the issuing CA (10-year validity) has expired, the leaf's dates aside.
  VerifyResult result = verify_certificate(leaf, trust_, at(kT0.seconds() + 12 * 365 * kDay));
  EXPECT_EQ(result.failure, VerifyFailure::expired) << result.detail;
}

TEST_F(ChainVerifierTest, AConfiguredIntermediateIsATrustAnchor) {
  Certificate leaf = issue({ExtendedKeyUsage::client_auth});
  TrustStore issuing_only;
  issuing_only.add_anchor(issuing_.certificate());
  VerifyOptions options;
  options.purpose = ExtendedKeyUsage::client_auth;
  VerifyResult result =
      verify_certificate(leaf, issuing_only, at(not_before_.seconds() + kDay), options);
  EXPECT_TRUE(result.ok()) << result.detail;
}

TEST(VerifyFailureTest, NamesEveryFailure) {
  EXPECT_EQ(to_string(VerifyFailure::none), "none");
  EXPECT_EQ(to_string(VerifyFailure::expired), "expired");
  EXPECT_EQ(to_string(VerifyFailure::not_yet_valid), "not-yet-valid");
  EXPECT_EQ(to_string(VerifyFailure::revoked), "revoked");
  EXPECT_EQ(to_string(VerifyFailure::bad_signature), "bad-signature");
  EXPECT_EQ(to_string(VerifyFailure::unknown_issuer), "unknown-issuer");
  EXPECT_EQ(to_string(VerifyFailure::wrong_usage), "wrong-usage");
  EXPECT_EQ(to_string(VerifyFailure::name_mismatch), "name-mismatch");
  EXPECT_EQ(to_string(VerifyFailure::crl_unavailable), "crl-unavailable");
  EXPECT_EQ(to_string(VerifyFailure::malformed), "malformed");
}

}  // namespace
}  // namespace ifa026::pki
