// Tests for pki/certificate_authority: roots, subordinates, the clause C.6 profile, fuzzed DER.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "pki/certificate_authority.hpp"
#include "tests/pki/pki_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::pki::certificate_authority_test {
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr native(const Certificate& certificate) {
  const unsigned char* p = certificate.der().data();
  X509Ptr x509(d2i_X509(nullptr, &p, static_cast<long>(certificate.der().size())));
  if (!x509) throw PkiError("test: d2i_X509");
  return x509;
}

// -1 when absent, else the critical flag.
int criticality(const Certificate& certificate, int nid) {
  X509Ptr x509 = native(certificate);
  int index = X509_get_ext_by_NID(x509.get(), nid, -1);
  if (index < 0) return -1;
  return X509_EXTENSION_get_critical(X509_get_ext(x509.get(), index));
}

Bytes extension_value(const Certificate& certificate, int nid) {
  X509Ptr x509 = native(certificate);
  int index = X509_get_ext_by_NID(x509.get(), nid, -1);
  if (index < 0) return {};
  const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(X509_get_ext(x509.get(), index));
  return Bytes(ASN1_STRING_get0_data(data), ASN1_STRING_get0_data(data) + ASN1_STRING_length(data));
}

// RFC 5280 §4.2.1.2 method (1), computed here independently of pki/key.cpp.
Bytes sha1_of_subject_public_key(const Certificate& certificate) {
  X509Ptr x509 = native(certificate);
  const ASN1_BIT_STRING* bits = X509_get0_pubkey_bitstr(x509.get());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EXPECT_EQ(EVP_Digest(ASN1_STRING_get0_data(bits), ASN1_STRING_length(bits), digest, &length,
                       EVP_sha1(), nullptr),
            1);
  return Bytes(digest, digest + length);
}

using test::header_size;
using test::kEcdsaSha256Algorithm;
using test::with_ber_inside_tbs;

struct Hierarchy {
  CertificateAuthority root;
  CertificateAuthority intermediate;
  CertificateAuthority issuing;
};

Hierarchy make_hierarchy(KeyType type = KeyType::ec_p256) {
  auto root = CertificateAuthority::create_root(
      DistinguishedName::parse("C=FR,O=Operator,CN=Operator Root CA"), PrivateKey::generate(type),
      kT0, 20 * 365 * kDay);
  auto intermediate = CertificateAuthority::create_subordinate(
      root, DistinguishedName::parse("C=FR,O=Operator,CN=Operator Intermediate CA"),
      PrivateKey::generate(type), kT0, 15 * 365 * kDay, 1);
  auto issuing = CertificateAuthority::create_subordinate(
      intermediate, DistinguishedName::parse("C=FR,O=Operator,CN=Operator Issuing CA"),
      PrivateKey::generate(type), kT0, 10 * 365 * kDay, 0);
  return Hierarchy{std::move(root), std::move(intermediate), std::move(issuing)};
}

CsrContent default_content() {
  CsrContent content;
  content.subject = DistinguishedName::parse("C=SE,O=5gc.mnc060.mcc240.3gppnetwork.org");
  content.san.dns = {"vnfci-1.requested.example.net"};
  content.extended_key_usage = {ExtendedKeyUsage::client_auth};
  return content;
}

TEST(CertificateAuthorityTest, RootIsSelfSignedCaWithKeyIdentifiers) {
  auto root = CertificateAuthority::create_root(DistinguishedName::parse("C=FR,O=Op,CN=Root"),
                                                PrivateKey::generate(), kT0, 3650 * kDay);
  const Certificate& cert = root.certificate();
  EXPECT_EQ(cert.subject(), DistinguishedName::parse("C=FR,O=Op,CN=Root"));
  EXPECT_EQ(cert.issuer(), cert.subject());
  EXPECT_TRUE(cert.is_ca());
  EXPECT_EQ(cert.not_before(), kT0);
  EXPECT_EQ(cert.not_after(), Instant::from_seconds(kT0.seconds() + 3650 * kDay));
  EXPECT_EQ(criticality(cert, NID_basic_constraints), 1);
  EXPECT_EQ(criticality(cert, NID_key_usage), 1);
  X509Ptr x509 = native(cert);
  EXPECT_EQ(X509_get_version(x509.get()), X509_VERSION_3);
  EXPECT_EQ(X509_get_key_usage(x509.get()),
            static_cast<uint32_t>(KU_DIGITAL_SIGNATURE | KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  EXPECT_EQ(X509_get_pathlen(x509.get()), -1);
  ASSERT_TRUE(cert.subject_key_id().has_value());
  EXPECT_EQ(*cert.subject_key_id(), sha1_of_subject_public_key(cert));
  EXPECT_EQ(cert.authority_key_id(), cert.subject_key_id());
  EXPECT_EQ(X509_verify(x509.get(), X509_get0_pubkey(x509.get())), 1);
  EXPECT_EQ(cert.public_key(), root.key().public_key());
}

TEST(CertificateAuthorityTest, SubordinatesCarryPathLengthAndParentKeyId) {
  Hierarchy h = make_hierarchy();
  const Certificate& inter = h.intermediate.certificate();
  const Certificate& issuing = h.issuing.certificate();
  EXPECT_TRUE(inter.is_ca());
  EXPECT_TRUE(issuing.is_ca());
  EXPECT_EQ(inter.issuer(), h.root.certificate().subject());
  EXPECT_EQ(issuing.issuer(), inter.subject());
  EXPECT_EQ(inter.authority_key_id(), h.root.certificate().subject_key_id());
  EXPECT_EQ(issuing.authority_key_id(), inter.subject_key_id());
  EXPECT_EQ(*issuing.subject_key_id(), sha1_of_subject_public_key(issuing));
  EXPECT_EQ(X509_get_pathlen(native(inter).get()), 1);
  EXPECT_EQ(X509_get_pathlen(native(issuing).get()), 0);
  EXPECT_EQ(criticality(issuing, NID_basic_constraints), 1);
  EXPECT_EQ(criticality(issuing, NID_key_usage), 1);
  EXPECT_EQ(X509_get_key_usage(native(issuing).get()),
            static_cast<uint32_t>(KU_DIGITAL_SIGNATURE | KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  X509Ptr parent = native(inter);
  EXPECT_EQ(X509_verify(native(issuing).get(), X509_get0_pubkey(parent.get())), 1);
  EXPECT_EQ(h.root.issued_count(), 1u);
}

TEST(CertificateAuthorityTest, RebuildsFromKeyAndCertificateOnlyWhenTheyMatch) {
  Hierarchy h = make_hierarchy();
  CertificateAuthority rebuilt(h.issuing.key(), h.issuing.certificate());
  EXPECT_EQ(rebuilt.certificate(), h.issuing.certificate());
  EXPECT_THROW(CertificateAuthority(PrivateKey::generate(), h.issuing.certificate()), PkiError);
  // A rebuilt CA issues certificates its original's subordinates chain to.
  PrivateKey key = PrivateKey::generate();
  Certificate cert = rebuilt.issue({Csr::create(default_content(), key), kT0, {}, {}, {}}, {});
  EXPECT_EQ(cert.authority_key_id(), h.issuing.certificate().subject_key_id());
}

class IssuedProfileTest : public ::testing::TestWithParam<KeyType> {
 protected:
  static void SetUpTestSuite() { hierarchy_ = new Hierarchy(make_hierarchy()); }
  static void TearDownTestSuite() {
    delete hierarchy_;
    hierarchy_ = nullptr;
  }
  static Hierarchy* hierarchy_;
};
Hierarchy* IssuedProfileTest::hierarchy_ = nullptr;

TEST_P(IssuedProfileTest, EveryClauseC6FieldIsSet) {
  CertificateAuthority& ca = hierarchy_->issuing;
  PrivateKey key = PrivateKey::generate(GetParam());
  CsrContent content = default_content();
  content.nf_types = {"AMF"};
  Csr csr = Csr::create(content, key);

  SubjectAltName registered;
  registered.dns = {"vnfci-1.vnf-a.operator.example.net"};
  registered.ip = {"192.0.2.10", "2001:db8::10"};
  registered.uri = {"urn:uuid:6f0d9c0e-8f6c-4f0a-9d8e-000000000001"};
  CertificateProfile profile;
  profile.validity_seconds = 90 * kDay;
  profile.extended_key_usage = {ExtendedKeyUsage::client_auth};
  profile.tls_feature_status_request = true;
  Instant not_before = Instant::from_seconds(kT0.seconds() + 12345);
  IssueRequest request{csr, not_before, DistinguishedName::parse("C=FR,O=operator.example.net"),
                       registered, std::vector<std::string>{"SMF", "UPF"}};
  std::uint64_t issued_before = ca.issued_count();
  Certificate cert = ca.issue(request, profile);
  EXPECT_EQ(ca.issued_count(), issued_before + 1);
  X509Ptr x509 = native(cert);

  // Version v3.
  EXPECT_EQ(X509_get_version(x509.get()), X509_VERSION_3);
  // Serial: positive, at most 20 octets, the hex form without leading zeros.
  const ASN1_INTEGER* serial = X509_get0_serialNumber(x509.get());
  EXPECT_EQ(ASN1_STRING_type(serial), V_ASN1_INTEGER);
  EXPECT_LE(ASN1_STRING_length(serial), 20);
  EXPECT_GT(ASN1_STRING_length(serial), 0);
  std::string serial_hex = cert.serial_hex();
  EXPECT_NE(serial_hex.front(), '0');
  EXPECT_NE(serial_hex.front(), '-');
  EXPECT_LE(serial_hex.size(), 40u);
  // Subject and issuer (registered values override the CSR's).
  EXPECT_EQ(cert.subject(), DistinguishedName::parse("C=FR,O=operator.example.net"));
  EXPECT_EQ(cert.issuer(), ca.certificate().subject());
  // Validity exactly from not_before.
  EXPECT_EQ(cert.not_before(), not_before);
  EXPECT_EQ(cert.not_after(), Instant::from_seconds(not_before.seconds() + 90 * kDay));
  // Subject public key is the CSR's.
  EXPECT_EQ(cert.public_key(), key.public_key());
  EXPECT_FALSE(cert.is_ca());
  // keyUsage critical digitalSignature.
  EXPECT_EQ(criticality(cert, NID_key_usage), 1);
  EXPECT_EQ(X509_get_key_usage(x509.get()), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE));
  // extendedKeyUsage from the profile, not critical.
  EXPECT_EQ(criticality(cert, NID_ext_key_usage), 0);
  EXPECT_EQ(cert.extended_key_usage(), profile.extended_key_usage);
  EXPECT_EQ(X509_get_extended_key_usage(x509.get()), static_cast<uint32_t>(XKU_SSL_CLIENT));
  // authorityKeyIdentifier = issuer's subjectKeyIdentifier, not critical.
  EXPECT_EQ(criticality(cert, NID_authority_key_identifier), 0);
  ASSERT_TRUE(cert.authority_key_id().has_value());
  EXPECT_EQ(cert.authority_key_id(), ca.certificate().subject_key_id());
  // subjectKeyIdentifier by method (1).
  EXPECT_EQ(criticality(cert, NID_subject_key_identifier), 0);
  ASSERT_TRUE(cert.subject_key_id().has_value());
  EXPECT_EQ(*cert.subject_key_id(), sha1_of_subject_public_key(cert));
  EXPECT_EQ(*cert.subject_key_id(), key.public_key().key_identifier());
  EXPECT_EQ(cert.subject_key_id()->size(), 20u);
  // cRLDistributionPoints with the profile's URI.
  EXPECT_EQ(criticality(cert, NID_crl_distribution_points), 0);
  {
    std::unique_ptr<CRL_DIST_POINTS, decltype(&CRL_DIST_POINTS_free)> points(
        static_cast<CRL_DIST_POINTS*>(
            X509_get_ext_d2i(x509.get(), NID_crl_distribution_points, nullptr, nullptr)),
        CRL_DIST_POINTS_free);
    ASSERT_TRUE(points);
    ASSERT_EQ(sk_DIST_POINT_num(points.get()), 1);
    const DIST_POINT* point = sk_DIST_POINT_value(points.get(), 0);
    ASSERT_NE(point->distpoint, nullptr);
    ASSERT_EQ(point->distpoint->type, 0);
    ASSERT_EQ(sk_GENERAL_NAME_num(point->distpoint->name.fullname), 1);
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(point->distpoint->name.fullname, 0);
    ASSERT_EQ(name->type, GEN_URI);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(
                              ASN1_STRING_get0_data(name->d.uniformResourceIdentifier)),
                          ASN1_STRING_length(name->d.uniformResourceIdentifier)),
              profile.crl_url);
  }
  // subjectAltName critical, equal to the registered override.
  EXPECT_EQ(criticality(cert, NID_subject_alt_name), 1);
  EXPECT_EQ(cert.san(), registered);
  // authorityInfoAccess with caIssuers and OCSP.
  EXPECT_EQ(criticality(cert, NID_info_access), 0);
  {
    std::unique_ptr<AUTHORITY_INFO_ACCESS, decltype(&AUTHORITY_INFO_ACCESS_free)> info(
        static_cast<AUTHORITY_INFO_ACCESS*>(
            X509_get_ext_d2i(x509.get(), NID_info_access, nullptr, nullptr)),
        AUTHORITY_INFO_ACCESS_free);
    ASSERT_TRUE(info);
    std::set<std::pair<int, std::string>> found;
    for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(info.get()); ++i) {
      const ACCESS_DESCRIPTION* access = sk_ACCESS_DESCRIPTION_value(info.get(), i);
      ASSERT_EQ(access->location->type, GEN_URI);
      const ASN1_IA5STRING* uri = access->location->d.uniformResourceIdentifier;
      found.emplace(OBJ_obj2nid(access->method),
                    std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                                ASN1_STRING_length(uri)));
    }
    std::set<std::pair<int, std::string>> expected{{NID_ad_OCSP, profile.ocsp_url},
                                                   {NID_ad_ca_issuers, profile.ca_issuers_url}};
    EXPECT_EQ(found, expected);
  }
  // TLS feature (RFC 7633): SEQUENCE OF INTEGER { 5 } (status_request), not critical.
  EXPECT_EQ(criticality(cert, NID_tlsfeature), 0);
  EXPECT_EQ(extension_value(cert, NID_tlsfeature), (Bytes{0x30, 0x03, 0x02, 0x01, 0x05}));
  // nfTypes from the registration, overriding the CSR's.
  EXPECT_EQ(cert.nf_types(), (std::vector<std::string>{"SMF", "UPF"}));
  // Signed by the issuing CA.
  X509Ptr issuer = native(ca.certificate());
  EXPECT_EQ(X509_verify(x509.get(), X509_get0_pubkey(issuer.get())), 1);
  EXPECT_EQ(X509_get_signature_nid(x509.get()), NID_ecdsa_with_SHA256);

  // Round trips through DER and PEM.
  EXPECT_EQ(Certificate::from_der(cert.der()), cert);
  EXPECT_EQ(Certificate::from_pem(cert.to_pem()), cert);
}

TEST_P(IssuedProfileTest, ValuesComeFromTheCsrWithoutOverrides) {
  CertificateAuthority& ca = hierarchy_->issuing;
  PrivateKey key = PrivateKey::generate(GetParam());
  CsrContent content = default_content();
  content.nf_types = {"AMF", "NRF"};
  Csr csr = Csr::create(content, key);
  CertificateProfile profile;  // clientAuth + serverAuth, no TLS feature
  Certificate cert = ca.issue({csr, kT0, {}, {}, {}}, profile);
  EXPECT_EQ(cert.subject(), content.subject);
  EXPECT_EQ(cert.san(), content.san);
  EXPECT_EQ(cert.nf_types(), content.nf_types);
  EXPECT_EQ(cert.extended_key_usage(), profile.extended_key_usage);
  EXPECT_EQ(X509_get_extended_key_usage(native(cert).get()),
            static_cast<uint32_t>(XKU_SSL_CLIENT | XKU_SSL_SERVER));
  EXPECT_EQ(criticality(cert, NID_tlsfeature), -1);
  EXPECT_EQ(cert.not_after(), Instant::from_seconds(kT0.seconds() + profile.validity_seconds));
}

TEST_P(IssuedProfileTest, ProvenKeyIssuanceMatchesCsrIssuanceWithoutACsr) {
  CertificateAuthority& ca = hierarchy_->issuing;
  PrivateKey key = PrivateKey::generate(GetParam());
  CsrContent content = default_content();
  content.nf_types = {"AMF", "NRF"};
  CertificateProfile profile;
  profile.tls_feature_status_request = true;
  std::uint64_t issued_before = ca.issued_count();
  // Only the public key: possession was proven elsewhere (e.g. a CRMF POP).
  Certificate from_key = ca.issue_for_key({key.public_key(), content, kT0, {}, {}, {}}, profile);
  Certificate from_csr = ca.issue({Csr::create(content, key), kT0, {}, {}, {}}, profile);
  EXPECT_EQ(ca.issued_count(), issued_before + 2);
  EXPECT_EQ(from_key.public_key(), key.public_key());
  EXPECT_NE(from_key.serial_hex(), from_csr.serial_hex());
  EXPECT_EQ(from_key.subject(), from_csr.subject());
  EXPECT_EQ(from_key.san(), from_csr.san());
  EXPECT_EQ(from_key.nf_types(), content.nf_types);
  EXPECT_EQ(from_key.extended_key_usage(), from_csr.extended_key_usage());
  EXPECT_EQ(from_key.not_after(), from_csr.not_after());
  // The same extensions, in the same order, with the same criticality and (but for SKI/AKI,
  // which depend only on the keys) the same values.
  X509Ptr a = native(from_key);
  X509Ptr b = native(from_csr);
  ASSERT_EQ(X509_get_ext_count(a.get()), X509_get_ext_count(b.get()));
  for (int i = 0; i < X509_get_ext_count(a.get()); ++i) {
    X509_EXTENSION* ea = X509_get_ext(a.get(), i);
    X509_EXTENSION* eb = X509_get_ext(b.get(), i);
    EXPECT_EQ(OBJ_cmp(X509_EXTENSION_get_object(ea), X509_EXTENSION_get_object(eb)), 0) << i;
    EXPECT_EQ(X509_EXTENSION_get_critical(ea), X509_EXTENSION_get_critical(eb)) << i;
    EXPECT_EQ(ASN1_OCTET_STRING_cmp(X509_EXTENSION_get_data(ea), X509_EXTENSION_get_data(eb)), 0)
        << i;
  }
  EXPECT_EQ(extension_value(from_key, NID_subject_key_identifier),
            extension_value(from_csr, NID_subject_key_identifier));

  // Overrides and the profile rules apply as for a CSR.
  DistinguishedName registered = DistinguishedName::parse("C=FR,O=registered");
  SubjectAltName registered_san{{"registered.example.net"}, {"192.0.2.7"}, {}};
  Certificate overridden = ca.issue_for_key(
      {key.public_key(), content, kT0, registered, registered_san, std::vector<std::string>{}},
      profile);
  EXPECT_EQ(overridden.subject(), registered);
  EXPECT_EQ(overridden.san(), registered_san);
  EXPECT_TRUE(overridden.nf_types().empty());
  CsrContent no_san = default_content();
  no_san.san = {};
  EXPECT_THROW(ca.issue_for_key({key.public_key(), no_san, kT0, {}, {}, {}}, profile), PkiError);
  CertificateProfile too_long;
  too_long.validity_seconds = 2000 * kDay;
  EXPECT_THROW(ca.issue_for_key({key.public_key(), content, kT0, {}, {}, {}}, too_long), PkiError);
}

TEST_P(IssuedProfileTest, NoNfTypesExtensionWhenNoneRequested) {
  PrivateKey key = PrivateKey::generate(GetParam());
  Certificate cert =
      hierarchy_->issuing.issue({Csr::create(default_content(), key), kT0, {}, {}, {}}, {});
  EXPECT_TRUE(cert.nf_types().empty());
  // A registration may also drop the requested nfTypes.
  CsrContent content = default_content();
  content.nf_types = {"AMF"};
  Certificate dropped = hierarchy_->issuing.issue(
      {Csr::create(content, key), kT0, {}, {}, std::vector<std::string>{}}, {});
  EXPECT_TRUE(dropped.nf_types().empty());
}

INSTANTIATE_TEST_SUITE_P(EndEntityKeys, IssuedProfileTest,
                         ::testing::Values(KeyType::ec_p256, KeyType::rsa2048, KeyType::ed25519),
                         [](const ::testing::TestParamInfo<KeyType>& info) {
                           std::string name(to_string(info.param));
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(CertificateAuthorityTest, SerialsArePositiveShortAndUniqueOver1000Issuances) {
  Hierarchy h = make_hierarchy();
  Csr csr = Csr::create(default_content(), PrivateKey::generate());
  std::set<std::string> serials;
  for (int i = 0; i < 1000; ++i) {
    Certificate cert = h.issuing.issue({csr, kT0, {}, {}, {}}, {});
    X509Ptr x509 = native(cert);
    const ASN1_INTEGER* serial = X509_get0_serialNumber(x509.get());
    ASSERT_EQ(ASN1_STRING_type(serial), V_ASN1_INTEGER);  // not V_ASN1_NEG_INTEGER
    ASSERT_LE(ASN1_STRING_length(serial), 20);
    ASSERT_NE(ASN1_STRING_get0_data(serial)[0], 0);
    serials.insert(cert.serial_hex());
  }
  EXPECT_EQ(serials.size(), 1000u);
  EXPECT_EQ(h.issuing.issued_count(), 1000u);
}

TEST(CertificateAuthorityTest, SignatureAlgorithmFollowsTheCaKey) {
  for (auto [type, nid] : {std::pair{KeyType::ec_p256, NID_ecdsa_with_SHA256},
                           std::pair{KeyType::ec_p384, NID_ecdsa_with_SHA384},
                           std::pair{KeyType::rsa2048, NID_sha256WithRSAEncryption},
                           std::pair{KeyType::ed25519, NID_ED25519}}) {
    auto root = CertificateAuthority::create_root(DistinguishedName::parse("CN=Root"),
                                                  PrivateKey::generate(type), kT0, 365 * kDay);
    EXPECT_EQ(X509_get_signature_nid(native(root.certificate()).get()), nid);
    Certificate cert =
        root.issue({Csr::create(default_content(), PrivateKey::generate()), kT0, {}, {}, {}}, {});
    X509Ptr issuer = native(root.certificate());
    EXPECT_EQ(X509_get_signature_nid(native(cert).get()), nid);
    EXPECT_EQ(X509_verify(native(cert).get(), X509_get0_pubkey(issuer.get())), 1);
  }
}

TEST(CertificateAuthorityTest, RefusesCsrWithoutProofOfPossession) {
  Hierarchy h = make_hierarchy();
  Csr good = Csr::create(default_content(), PrivateKey::generate());
  Bytes der = good.der();
  der.back() ^= 0x01;  // last octet of the signature
  std::optional<Csr> tampered;
  try {
    tampered = Csr::from_der(der);
  } catch (const DecodeError&) {
    GTEST_SKIP() << "the CSR decoder already rejects a tampered signature";
  }
  ASSERT_FALSE(tampered->signature_valid());
  try {
    h.issuing.issue({*tampered, kT0, {}, {}, {}}, {});
    FAIL() << "issued a certificate without proof of possession";
  } catch (const PkiError& e) {
    EXPECT_NE(std::string(e.what()).find("bad proof of possession"), std::string::npos) << e.what();
  }
  EXPECT_EQ(h.issuing.issued_count(), 0u);
}

TEST(CertificateAuthorityTest, RefusesWhatTheProfileMakesMandatory) {
  Hierarchy h = make_hierarchy();
  CsrContent no_san = default_content();
  no_san.san = {};
  Csr csr = Csr::create(no_san, PrivateKey::generate());
  EXPECT_THROW(h.issuing.issue({csr, kT0, {}, {}, {}}, {}), PkiError);  // SAN mandatory
  Csr good = Csr::create(default_content(), PrivateKey::generate());
  CertificateProfile too_long;
  too_long.validity_seconds = 1097 * kDay;  // more than 3 years
  EXPECT_THROW(h.issuing.issue({good, kT0, {}, {}, {}}, too_long), PkiError);
  CertificateProfile three_years;
  three_years.validity_seconds = 1096 * kDay;
  EXPECT_NO_THROW(h.issuing.issue({good, kT0, {}, {}, {}}, three_years));
  CertificateProfile no_crl;
  no_crl.crl_url.clear();
  EXPECT_THROW(h.issuing.issue({good, kT0, {}, {}, {}}, no_crl), PkiError);
  EXPECT_THROW(
      h.issuing.issue({good, kT0, {}, {}, std::vector<std::string>{std::string(33, 'A')}}, {}),
      PkiError);  // RFC 9310: NFType is at most 32 characters
  // Without EKU in the profile the request's EKU is used.
  CertificateProfile no_eku;
  no_eku.extended_key_usage.clear();
  Certificate cert = h.issuing.issue({good, kT0, {}, {}, {}}, no_eku);
  EXPECT_EQ(cert.extended_key_usage(),
            (std::vector<ExtendedKeyUsage>{ExtendedKeyUsage::client_auth}));
}

TEST(CertificateAuthorityTest, DatesBeyond2049UseGeneralizedTimeAndRoundTrip) {
  Instant late = Instant::from_seconds(2524607999);  // 2049-12-31T23:59:59Z
  auto root = CertificateAuthority::create_root(DistinguishedName::parse("CN=Root"),
                                                PrivateKey::generate(), late, 10 * 365 * kDay);
  EXPECT_EQ(root.certificate().not_before(), late);
  EXPECT_EQ(root.certificate().not_after(),
            Instant::from_seconds(late.seconds() + 10 * 365 * kDay));
  EXPECT_EQ(ASN1_STRING_type(X509_get0_notAfter(native(root.certificate()).get())),
            V_ASN1_GENERALIZEDTIME);
}

TEST(CertificateTest, PemBundlesAndStrictDer) {
  Hierarchy h = make_hierarchy();
  std::string bundle = h.issuing.certificate().to_pem() + h.intermediate.certificate().to_pem() +
                       h.root.certificate().to_pem();
  std::vector<Certificate> all = Certificate::all_from_pem(bundle);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], h.issuing.certificate());
  EXPECT_EQ(all[2], h.root.certificate());
  EXPECT_TRUE(Certificate::all_from_pem("").empty());
  EXPECT_THROW(Certificate::from_pem("no certificate here"), DecodeError);
  EXPECT_THROW(Certificate::all_from_pem(bundle + "-----BEGIN CERTIFICATE-----\nAAAA\n"
                                                  "-----END CERTIFICATE-----\n"),
               DecodeError);

  Bytes der = h.root.certificate().der();
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_THROW(Certificate::from_der(trailing), DecodeError);
  EXPECT_THROW(Certificate::from_der(Bytes{}), DecodeError);
  EXPECT_THROW(Certificate::from_der(Bytes(der.begin(), der.end() - 1)), DecodeError);
  // A non-minimal length (0x82 00 xx for a short body) is BER, not DER: refused.
  Bytes ber = {0x30, 0x84};
  std::size_t body = der.size() - 4;  // the certificate's outer length is 0x82 LL LL
  ASSERT_EQ(der[1], 0x82);
  ber.push_back(0);
  ber.push_back(0);
  ber.push_back(static_cast<std::uint8_t>(body >> 8));
  ber.push_back(static_cast<std::uint8_t>(body));
  ber.insert(ber.end(), der.begin() + 4, der.end());
  EXPECT_THROW(Certificate::from_der(ber), DecodeError);
  // The same inside the to-be-signed part, where OpenSSL keeps the encoding it read.
  Bytes inner = with_ber_inside_tbs(der, kEcdsaSha256Algorithm);
  ASSERT_EQ(inner.size(), der.size() + 1);
  EXPECT_THROW(Certificate::from_der(inner), DecodeError);
}

// Certificate::from_der answers DER it parsed lately from its cache: only the exact bytes may hit.
TEST(CertificateTest, StrictDerChecksStillApplyToACachedCertificate) {
  Hierarchy h = make_hierarchy();
  const Certificate cert = h.issuing.issue(
      {Csr::create(default_content(), PrivateKey::generate()), kT0, {}, {}, {}}, {});
  const Bytes der = cert.der();
  // Parsed and cached: through from_der and through the getters.
  const Certificate again = Certificate::from_der(der);
  EXPECT_EQ(again, cert);
  const std::string serial = again.serial_hex();
  EXPECT_EQ(again.subject(), default_content().subject);

  Bytes trailing = der;
  trailing.push_back(0x00);
  EXPECT_THROW(Certificate::from_der(trailing), DecodeError);
  EXPECT_THROW(Certificate::from_der(Bytes(der.begin(), der.end() - 1)), DecodeError);
  // The outer SEQUENCE with a four-octet (non-minimal) length: the same certificate in BER.
  const std::size_t header = header_size(der, 0);
  const std::size_t body = der.size() - header;
  Bytes ber = {0x30,
               0x84,
               static_cast<std::uint8_t>(body >> 24),
               static_cast<std::uint8_t>(body >> 16),
               static_cast<std::uint8_t>(body >> 8),
               static_cast<std::uint8_t>(body)};
  ber.insert(ber.end(), der.begin() + static_cast<std::ptrdiff_t>(header), der.end());
  ASSERT_NE(ber.size(), der.size());
  EXPECT_THROW(Certificate::from_der(ber), DecodeError);
  // BER inside the to-be-signed part.
  const Bytes inner = with_ber_inside_tbs(der, kEcdsaSha256Algorithm);
  ASSERT_EQ(inner.size(), der.size() + 1);
  EXPECT_THROW(Certificate::from_der(inner), DecodeError);

  // The refusals changed nothing: the cached certificate still decodes and reads the same.
  const Certificate still = Certificate::from_der(der);
  EXPECT_EQ(still, cert);
  EXPECT_EQ(still.serial_hex(), serial);
  EXPECT_EQ(still.der(), der);
}

// Serial number of the certificate as OpenSSL reads it from the DER, outside pki/.
std::string independent_serial_hex(const Certificate& certificate) {
  X509Ptr x509 = native(certificate);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(
      ASN1_INTEGER_to_BN(X509_get0_serialNumber(x509.get()), nullptr), BN_free);
  char* hex = BN_bn2hex(bn.get());
  std::string out(hex);
  OPENSSL_free(hex);
  return out.substr(out.find_first_not_of('0'));
}

// More certificates than the per-thread parse cache holds (64), asked in orders that evict and
// re-parse entries: every getter answers for its own certificate.
TEST(CertificateTest, GettersStayRightAcrossCacheEvictions) {
  constexpr int kCount = 80;
  Hierarchy h = make_hierarchy();
  std::vector<Certificate> certs;
  std::vector<DistinguishedName> subjects;
  std::vector<PrivateKey> keys;
  for (int i = 0; i < kCount; ++i) {
    CsrContent content = default_content();
    content.subject = DistinguishedName::parse("C=FR,O=Operator,CN=leaf-" + std::to_string(i));
    content.san.dns = {"leaf-" + std::to_string(i) + ".example.net"};
    keys.push_back(PrivateKey::generate());
    subjects.push_back(content.subject);
    certs.push_back(h.issuing.issue({Csr::create(content, keys.back()), kT0, {}, {}, {}}, {}));
  }
  std::vector<std::string> serials;
  for (const Certificate& c : certs) serials.push_back(independent_serial_hex(c));
  ASSERT_EQ(std::set<std::string>(serials.begin(), serials.end()).size(),
            static_cast<std::size_t>(kCount));

  auto check = [&](int i) {
    const Certificate& c = certs[static_cast<std::size_t>(i)];
    EXPECT_EQ(c.serial_hex(), serials[static_cast<std::size_t>(i)]) << i;
    EXPECT_EQ(c.subject(), subjects[static_cast<std::size_t>(i)]) << i;
    EXPECT_EQ(c.san().dns, std::vector<std::string>{"leaf-" + std::to_string(i) + ".example.net"})
        << i;
    EXPECT_TRUE(c.public_key().is_public_half_of(keys[static_cast<std::size_t>(i)])) << i;
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < kCount; ++i) {
      check(i);
      // Interleaved with a certificate far away and with ones held by the cache a while.
      check((i * 37 + 11) % kCount);
      check(kCount - 1 - i);
      EXPECT_EQ(h.issuing.certificate().subject(),
                DistinguishedName::parse("C=FR,O=Operator,CN=Operator Issuing CA"));
    }
  }
  // from_der of each, after all the evictions, is the same certificate reading the same.
  for (int i = kCount - 1; i >= 0; --i) {
    const Certificate decoded = Certificate::from_der(certs[static_cast<std::size_t>(i)].der());
    EXPECT_EQ(decoded, certs[static_cast<std::size_t>(i)]);
    EXPECT_EQ(decoded.serial_hex(), serials[static_cast<std::size_t>(i)]) << i;
  }
}

TEST(CertificateTest, SerialHexIsUpperCaseWithoutLeadingZeros) {
  for (int i = 0; i < 50; ++i) {
    auto root = CertificateAuthority::create_root(DistinguishedName::parse("CN=Root"),
                                                  PrivateKey::generate(), kT0, 365 * kDay);
    std::string hex = root.certificate().serial_hex();
    ASSERT_FALSE(hex.empty());
    EXPECT_NE(hex[0], '0');
    EXPECT_EQ(hex.find_first_not_of("0123456789ABCDEF"), std::string::npos) << hex;
    X509Ptr x509 = native(root.certificate());
    const ASN1_INTEGER* serial = X509_get0_serialNumber(x509.get());
    EXPECT_EQ(ASN1_STRING_length(serial), 16);
  }
}

// Byte flips, truncations and insertions of a valid certificate: decoding either refuses
// (PkiError) or yields a certificate whose getters return or throw PkiError, never crash.
TEST(CertificateFuzzTest, TenThousandMutatedCertificatesNeverCrash) {
  Hierarchy h = make_hierarchy();
  CsrContent content = default_content();
  content.nf_types = {"AMF", "SMF"};
  content.san.ip = {"192.0.2.1"};
  content.san.uri = {"urn:example:1"};
  CertificateProfile profile;
  profile.tls_feature_status_request = true;
  Certificate cert =
      h.issuing.issue({Csr::create(content, PrivateKey::generate()), kT0, {}, {}, {}}, profile);
  const Bytes& original = cert.der();
  std::mt19937 rng(20260126);
  int decoded = 0;
  for (int i = 0; i < 10000; ++i) {
    Bytes mutated = test::mutate_xor_truncate_insert(original, rng);
    std::optional<Certificate> parsed;
    try {
      parsed = Certificate::from_der(mutated);
    } catch (const PkiError&) {
      continue;
    }
    ++decoded;
    auto call = [](auto&& getter) {
      try {
        getter();
      } catch (const PkiError&) {
      }
    };
    call([&] { (void)parsed->subject().to_string(); });
    call([&] { (void)parsed->issuer(); });
    call([&] { (void)parsed->serial_hex(); });
    call([&] { (void)parsed->not_before(); });
    call([&] { (void)parsed->not_after(); });
    call([&] { (void)parsed->san(); });
    call([&] { (void)parsed->public_key(); });
    call([&] { (void)parsed->subject_key_id(); });
    call([&] { (void)parsed->authority_key_id(); });
    call([&] { (void)parsed->is_ca(); });
    call([&] { (void)parsed->extended_key_usage(); });
    call([&] { (void)parsed->nf_types(); });
    call([&] { (void)parsed->to_pem(); });
  }
  EXPECT_GT(decoded, 0);  // some mutations keep a well-formed certificate: getters ran
}

}  // namespace
}  // namespace ifa026::pki::certificate_authority_test
