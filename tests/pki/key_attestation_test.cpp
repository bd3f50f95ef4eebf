// Tests for pki/key_attestation: statements built and decoded, the documented DER layout, every
// verification failure reason, forged and tampered statements, strict decoding, the CSR
// attribute round trip, and 10,000 mutated encodings fed to from_der.
#include "pki/key_attestation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "pki/certificate_authority.hpp"
#include "pki/csr.hpp"
#include "pki/der.hpp"
#include "tests/pki/pki_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::pki::key_attestation_test {
namespace {

constexpr std::int64_t kNs = 1'000'000'000;
const Instant kNow = Instant::from_seconds(kT0.seconds() + 30 * kDay);
const Instant kAttestedAt = Instant{kNow.unix_ns - 90 * kNs - 250'000'000};
const Bytes kNonce = {'c', 'm', 'f', '-', 'n', 'o', 'n', 'c', 'e', '-', 0x00, 0x01, 0xfe, 0xff};

// A vendor PKI: root -> attestation CA -> attestation key certificate.
struct VendorPki {
  CertificateAuthority root;
  CertificateAuthority attestation_ca;
  PrivateKey attestation_key;
  Certificate attestation_cert;

  std::vector<Certificate> chain() const {
    return {attestation_cert, attestation_ca.certificate()};
  }
};

Certificate issue_end_entity(CertificateAuthority& ca, const PrivateKey& key,
                             const std::string& name, Instant not_before,
                             std::int64_t validity_seconds) {
  CsrContent content;
  content.subject = DistinguishedName::parse("O=HSM Vendor,CN=" + name);
  content.san.dns = {name};
  CertificateProfile profile;
  profile.validity_seconds = validity_seconds;
  profile.extended_key_usage = {ExtendedKeyUsage::client_auth};
  return ca.issue({Csr::create(content, key), not_before, {}, {}, {}}, profile);
}

VendorPki make_vendor(const std::string& vendor, KeyType attestation_type = KeyType::ec_p256,
                      std::int64_t leaf_validity = 365 * kDay) {
  CertificateAuthority root = CertificateAuthority::create_root(
      DistinguishedName::parse("O=" + vendor + ",CN=" + vendor + " Root"), PrivateKey::generate(),
      kT0, 20 * 365 * kDay);
  CertificateAuthority ca = CertificateAuthority::create_subordinate(
      root, DistinguishedName::parse("O=" + vendor + ",CN=" + vendor + " Attestation CA"),
      PrivateKey::generate(), kT0, 10 * 365 * kDay, 0);
  PrivateKey key = PrivateKey::generate(attestation_type);
  Certificate cert = issue_end_entity(ca, key, "hsm-attest-1.example.net", kT0, leaf_validity);
  return {std::move(root), std::move(ca), std::move(key), std::move(cert)};
}

KeyProperties hsm_properties() {
  KeyProperties properties;
  properties.generated_in_hsm = true;
  properties.non_exportable = true;
  properties.security_level = "fips140-3-l3";
  return properties;
}

KeyAttestationPolicy strict_policy() {
  KeyAttestationPolicy policy;
  policy.minimum_level = "fips140-3-l3";
  policy.max_age_seconds = 3600;
  return policy;
}

// The statement's fields, written with der::Writer exactly as docs/pki-formats.md lays them out
// (an independent encoder to check the format and to build malformed statements).
struct Fields {
  std::string content_type = kKeyAttestationStatementOid;
  std::int64_t version = 1;
  Bytes spki_sha256;
  bool generated_in_hsm = true;
  bool non_exportable = true;
  std::string security_level = "fips140-3-l3";
  std::string key_type = "ec-p256";
  Bytes nonce = kNonce;
  Instant attested_at = kAttestedAt;
};

Bytes encode_tbs(const Fields& f) {
  der::Writer w;
  w.sequence([&](der::Writer& tbs) {
    tbs.object_identifier(f.content_type).integer(f.version).octet_string(f.spki_sha256);
    tbs.sequence([&](der::Writer& p) {
      p.boolean(f.generated_in_hsm).boolean(f.non_exportable);
      p.utf8_string(f.security_level).utf8_string(f.key_type);
    });
    tbs.octet_string(f.nonce).generalized_time(f.attested_at);
  });
  return w.take();
}

Bytes encode_statement(const Bytes& tbs, const Bytes& signature,
                       const std::vector<Certificate>& chain) {
  der::Writer w;
  w.sequence([&](der::Writer& s) {
    s.raw(tbs).octet_string(signature);
    s.explicit_tag(0, [&](der::Writer& t) { der::write_certificates(t, chain); });
  });
  return w.take();
}

class KeyAttestationTest : public ::testing::Test {
 protected:
  KeyAttestationTest() : vendor_(make_vendor("HSM Vendor")), attested_(PrivateKey::generate()) {}

  KeyAttestationStatement make(KeyProperties properties = hsm_properties(), Bytes nonce = kNonce,
                               Instant when = kAttestedAt) {
    return KeyAttestationStatement::create(attested_.public_key(), std::move(properties),
                                           std::move(nonce), when, vendor_.attestation_key,
                                           vendor_.chain());
  }

  Fields fields() const {
    Fields f;
    f.spki_sha256 = attested_.public_key().spki_sha256();
    return f;
  }

  // A statement signed (correctly) by the vendor's attestation key over `f`.
  Bytes signed_statement(const Fields& f) const {
    Bytes tbs = encode_tbs(f);
    return encode_statement(tbs, vendor_.attestation_key.sign(tbs), vendor_.chain());
  }

  AttestationVerdict verify(const KeyAttestationStatement& statement,
                            const KeyAttestationPolicy& policy = strict_policy(),
                            ByteView nonce = kNonce, Instant now = kNow) const {
    return verify_key_attestation(statement, attested_.public_key(), nonce, policy,
                                  {vendor_.root.certificate()}, now);
  }

  VendorPki vendor_;
  PrivateKey attested_;
};

TEST_F(KeyAttestationTest, CreateVerifyAndRoundTrip) {
  KeyAttestationStatement statement = make();
  EXPECT_EQ(statement.version(), 1);
  EXPECT_EQ(statement.spki_sha256(), attested_.public_key().spki_sha256());
  EXPECT_EQ(statement.properties().key_type, "ec-p256");  // filled in from the attested key
  EXPECT_TRUE(statement.properties().generated_in_hsm);
  EXPECT_TRUE(statement.properties().non_exportable);
  EXPECT_EQ(statement.properties().security_level, "fips140-3-l3");
  EXPECT_EQ(statement.nonce(), kNonce);
  EXPECT_EQ(statement.attested_at(), kAttestedAt);
  ASSERT_EQ(statement.attestation_chain().size(), 2u);
  EXPECT_EQ(statement.attestation_chain()[0], vendor_.attestation_cert);

  AttestationVerdict verdict = verify(statement);
  EXPECT_TRUE(verdict.ok()) << verdict.reason() << ": " << verdict.detail;
  EXPECT_EQ(verdict.reason(), "ok");

  KeyAttestationStatement decoded = KeyAttestationStatement::from_der(statement.der());
  EXPECT_EQ(decoded.der(), statement.der());
  EXPECT_EQ(decoded.to_be_signed(), statement.to_be_signed());
  EXPECT_EQ(decoded.signature(), statement.signature());
  EXPECT_EQ(decoded.properties(), statement.properties());
  EXPECT_EQ(decoded.nonce(), statement.nonce());
  EXPECT_EQ(decoded.attested_at(), statement.attested_at());  // nanoseconds survive
  EXPECT_EQ(decoded.attestation_chain(), statement.attestation_chain());
  EXPECT_TRUE(verify(decoded).ok());
}

TEST_F(KeyAttestationTest, EncodingFollowsTheDocumentedLayout) {
  KeyAttestationStatement statement = make();
  Fields f = fields();
  EXPECT_EQ(statement.to_be_signed(), encode_tbs(f));
  EXPECT_EQ(statement.der(),
            encode_statement(encode_tbs(f), statement.signature(), vendor_.chain()));
  // And a statement built by the independent encoder decodes and verifies.
  KeyAttestationStatement built = KeyAttestationStatement::from_der(signed_statement(f));
  EXPECT_TRUE(verify(built).ok());
}

TEST_F(KeyAttestationTest, KeyTypesOfAttestedAndAttestationKeys) {
  for (KeyType attestation_type : {KeyType::ec_p384, KeyType::ed25519, KeyType::rsa2048}) {
    VendorPki vendor =
        make_vendor("Vendor " + std::string(to_string(attestation_type)), attestation_type);
    for (KeyType attested_type : {KeyType::ec_p256, KeyType::ec_p384, KeyType::ed25519}) {
      PrivateKey attested = PrivateKey::generate(attested_type);
      KeyAttestationStatement statement =
          KeyAttestationStatement::create(attested.public_key(), hsm_properties(), kNonce,
                                          kAttestedAt, vendor.attestation_key, vendor.chain());
      KeyAttestationStatement decoded = KeyAttestationStatement::from_der(statement.der());
      EXPECT_EQ(decoded.properties().key_type, to_string(attested_type));
      AttestationVerdict verdict =
          verify_key_attestation(decoded, attested.public_key(), kNonce, strict_policy(),
                                 {vendor.root.certificate()}, kNow);
      EXPECT_TRUE(verdict.ok()) << to_string(attestation_type) << "/" << to_string(attested_type)
                                << ": " << verdict.reason() << ": " << verdict.detail;
    }
  }
}

TEST_F(KeyAttestationTest, EmptyExpectedNonceIsNotChecked) {
  KeyAttestationStatement statement = make(hsm_properties(), Bytes{});
  EXPECT_TRUE(verify(statement, strict_policy(), {}).ok());
  EXPECT_TRUE(verify(make(), strict_policy(), {}).ok());
  EXPECT_EQ(verify(statement, strict_policy(), kNonce).failure,
            KeyAttestationFailure::nonce_mismatch);
}

TEST_F(KeyAttestationTest, SignatureInvalidWhenSignedPartIsTampered) {
  Bytes der = make().der();
  auto at = std::search(der.begin(), der.end(), kNonce.begin(), kNonce.end());
  ASSERT_NE(at, der.end());
  at[3] ^= 0x20;  // "cmf-" -> "cmF-": still well-formed
  KeyAttestationStatement tampered = KeyAttestationStatement::from_der(der);
  AttestationVerdict verdict = verify(tampered, strict_policy(), tampered.nonce());
  EXPECT_EQ(verdict.failure, KeyAttestationFailure::signature_invalid);
  EXPECT_EQ(verdict.reason(), "signature invalid");
}

TEST_F(KeyAttestationTest, SignatureInvalidWhenSignedByAnotherKeyUnderTheVendorChain) {
  Bytes tbs = encode_tbs(fields());
  PrivateKey rogue = PrivateKey::generate();
  KeyAttestationStatement forged =
      KeyAttestationStatement::from_der(encode_statement(tbs, rogue.sign(tbs), vendor_.chain()));
  EXPECT_EQ(verify(forged).failure, KeyAttestationFailure::signature_invalid);
}

TEST_F(KeyAttestationTest, ForgedStatementChainingToAnotherRootIsRejected) {
  VendorPki forger = make_vendor("Forger");
  KeyAttestationStatement forged =
      KeyAttestationStatement::create(attested_.public_key(), hsm_properties(), kNonce, kAttestedAt,
                                      forger.attestation_key, forger.chain());
  AttestationVerdict verdict = verify(forged);
  EXPECT_EQ(verdict.failure, KeyAttestationFailure::chain_not_to_vendor_root);
  EXPECT_EQ(verdict.reason(), "chain does not end at a vendor root");
  // Carrying the forger's own root in the chain changes nothing.
  std::vector<Certificate> with_root = forger.chain();
  with_root.push_back(forger.root.certificate());
  KeyAttestationStatement forged_with_root =
      KeyAttestationStatement::create(attested_.public_key(), hsm_properties(), kNonce, kAttestedAt,
                                      forger.attestation_key, with_root);
  EXPECT_EQ(verify(forged_with_root).failure, KeyAttestationFailure::chain_not_to_vendor_root);
  // The forger's root is accepted only by a verifier that trusts it.
  EXPECT_TRUE(verify_key_attestation(forged, attested_.public_key(), kNonce, strict_policy(),
                                     {vendor_.root.certificate(), forger.root.certificate()}, kNow)
                  .ok());
}

TEST_F(KeyAttestationTest, ChainFailures) {
  using F = KeyAttestationFailure;
  // Intermediate missing.
  KeyAttestationStatement leaf_only =
      KeyAttestationStatement::create(attested_.public_key(), hsm_properties(), kNonce, kAttestedAt,
                                      vendor_.attestation_key, {vendor_.attestation_cert});
  EXPECT_EQ(verify(leaf_only).failure, F::chain_not_to_vendor_root);
  // No vendor roots configured.
  EXPECT_EQ(
      verify_key_attestation(make(), attested_.public_key(), kNonce, strict_policy(), {}, kNow)
          .failure,
      F::chain_not_to_vendor_root);
  // The attestation certificate has expired at verification time.
  VendorPki short_lived = make_vendor("Short", KeyType::ec_p256, 10 * kDay);
  KeyAttestationStatement expired =
      KeyAttestationStatement::create(attested_.public_key(), hsm_properties(), kNonce, kAttestedAt,
                                      short_lived.attestation_key, short_lived.chain());
  AttestationVerdict verdict =
      verify_key_attestation(expired, attested_.public_key(), kNonce, strict_policy(),
                             {short_lived.root.certificate()}, kNow);
  EXPECT_EQ(verdict.failure, F::chain_not_to_vendor_root);
  EXPECT_NE(verdict.detail.find("expired"), std::string::npos) << verdict.detail;
  // Carrying the root too is harmless.
  std::vector<Certificate> with_root = vendor_.chain();
  with_root.push_back(vendor_.root.certificate());
  EXPECT_TRUE(
      verify(KeyAttestationStatement::create(attested_.public_key(), hsm_properties(), kNonce,
                                             kAttestedAt, vendor_.attestation_key, with_root))
          .ok());
}

TEST_F(KeyAttestationTest, KeyMismatch) {
  PrivateKey other = PrivateKey::generate();
  AttestationVerdict verdict = verify_key_attestation(
      make(), other.public_key(), kNonce, strict_policy(), {vendor_.root.certificate()}, kNow);
  EXPECT_EQ(verdict.failure, KeyAttestationFailure::key_mismatch);
  EXPECT_EQ(verdict.reason(), "key mismatch");
  // Right SPKI hash, wrong key type claim.
  Fields f = fields();
  f.key_type = "ec-p384";
  KeyAttestationStatement wrong_type = KeyAttestationStatement::from_der(signed_statement(f));
  EXPECT_EQ(verify(wrong_type).failure, KeyAttestationFailure::key_mismatch);
}

TEST_F(KeyAttestationTest, NonceMismatch) {
  Bytes other = kNonce;
  ASSERT_FALSE(other.empty());  // (also keeps GCC 12 from seeing a write before the start)
  other.back() ^= 1;
  AttestationVerdict verdict = verify(make(), strict_policy(), other);
  EXPECT_EQ(verdict.failure, KeyAttestationFailure::nonce_mismatch);
  EXPECT_EQ(verdict.reason(), "nonce mismatch");
  Bytes prefix(kNonce.begin(), kNonce.end() - 1);
  EXPECT_EQ(verify(make(), strict_policy(), prefix).failure, KeyAttestationFailure::nonce_mismatch);
}

TEST_F(KeyAttestationTest, KeyExportableAndNotGeneratedInHsm) {
  KeyProperties exportable = hsm_properties();
  exportable.non_exportable = false;
  AttestationVerdict verdict = verify(make(exportable));
  EXPECT_EQ(verdict.failure, KeyAttestationFailure::key_exportable);
  EXPECT_EQ(verdict.reason(), "key exportable");

  KeyProperties imported = hsm_properties();
  imported.generated_in_hsm = false;
  verdict = verify(make(imported));
  EXPECT_EQ(verdict.failure, KeyAttestationFailure::not_generated_in_hsm);
  EXPECT_EQ(verdict.reason(), "not generated in HSM");

  // A policy that does not ask for them accepts both.
  KeyAttestationPolicy lenient = strict_policy();
  lenient.require_non_exportable = false;
  lenient.require_generated_in_hsm = false;
  KeyProperties neither = hsm_properties();
  neither.non_exportable = false;
  neither.generated_in_hsm = false;
  EXPECT_TRUE(verify(make(neither), lenient).ok());
}

TEST_F(KeyAttestationTest, SecurityLevels) {
  using F = KeyAttestationFailure;
  auto level = [&](const std::string& text) {
    KeyProperties properties = hsm_properties();
    properties.security_level = text;
    return make(properties);
  };
  KeyAttestationPolicy minimum = strict_policy();  // fips140-3-l3
  EXPECT_TRUE(verify(level("fips140-3-l3"), minimum).ok());
  EXPECT_TRUE(verify(level("fips140-2-l4"), minimum).ok());
  EXPECT_TRUE(verify(level("fips140-3-l4"), minimum).ok());
  AttestationVerdict verdict = verify(level("fips140-2-l3"), minimum);
  EXPECT_EQ(verdict.failure, F::security_level_not_allowed);
  EXPECT_EQ(verdict.reason(), "security level not allowed");
  EXPECT_EQ(verify(level("fips140-3-l2"), minimum).failure, F::security_level_not_allowed);
  EXPECT_EQ(verify(level("vendor-gold"), minimum).failure, F::security_level_not_allowed);

  KeyAttestationPolicy listed = strict_policy();
  listed.minimum_level.reset();
  listed.allowed_levels = {"vendor-gold", "fips140-3-l4"};
  EXPECT_TRUE(verify(level("vendor-gold"), listed).ok());
  EXPECT_EQ(verify(level("fips140-3-l3"), listed).failure, F::security_level_not_allowed);

  KeyAttestationPolicy unranked_minimum = strict_policy();
  unranked_minimum.minimum_level = "gold";
  EXPECT_EQ(verify(level("fips140-3-l4"), unranked_minimum).failure, F::security_level_not_allowed);

  KeyAttestationPolicy any = strict_policy();
  any.minimum_level.reset();
  EXPECT_TRUE(verify(level("anything"), any).ok());
}

TEST(SecurityLevelRankTest, OrdersKnownLevels) {
  EXPECT_LT(security_level_rank("fips140-2-l1"), security_level_rank("fips140-3-l1"));
  EXPECT_LT(security_level_rank("fips140-3-l1"), security_level_rank("fips140-2-l2"));
  EXPECT_LT(security_level_rank("fips140-3-l3"), security_level_rank("fips140-2-l4"));
  EXPECT_EQ(security_level_rank("fips140-3-l3"), security_level_rank("fips140-3-l3"));
  for (const char* unknown : {"", "fips140-3-l5", "fips140-3-l0", "fips140-1-l3", "FIPS140-3-L3",
                              "fips140-3-l3 ", "fips140-3-3", "cc-eal4+"}) {
    EXPECT_FALSE(security_level_rank(unknown).has_value()) << unknown;
  }
}

TEST_F(KeyAttestationTest, AttestationTime) {
  using F = KeyAttestationFailure;
  AttestationVerdict verdict = verify(make(hsm_properties(), kNonce, Instant{kNow.unix_ns + 1}));
  EXPECT_EQ(verdict.failure, F::time_in_future);
  EXPECT_EQ(verdict.reason(), "attestation time in the future");
  EXPECT_TRUE(verify(make(hsm_properties(), kNonce, kNow)).ok());
  Instant limit = Instant{kNow.unix_ns - 3600 * kNs};
  EXPECT_TRUE(verify(make(hsm_properties(), kNonce, limit)).ok());
  verdict = verify(make(hsm_properties(), kNonce, Instant{limit.unix_ns - 1}));
  EXPECT_EQ(verdict.failure, F::too_old);
  EXPECT_EQ(verdict.reason(), "attestation too old");
  KeyAttestationPolicy no_age = strict_policy();
  no_age.max_age_seconds.reset();
  EXPECT_TRUE(
      verify(make(hsm_properties(), kNonce, Instant::from_seconds(kT0.seconds() + 1)), no_age)
          .ok());
}

TEST_F(KeyAttestationTest, FirstFailureInDocumentedOrderWins) {
  KeyProperties bad = hsm_properties();
  bad.non_exportable = false;
  bad.generated_in_hsm = false;
  bad.security_level = "fips140-2-l1";
  KeyAttestationStatement statement = make(bad);
  Bytes other_nonce = {1, 2, 3};
  PrivateKey other = PrivateKey::generate();
  auto check = [&](const PublicKey& key, ByteView nonce) {
    return verify_key_attestation(statement, key, nonce, strict_policy(),
                                  {vendor_.root.certificate()}, kNow)
        .failure;
  };
  EXPECT_EQ(check(other.public_key(), other_nonce), KeyAttestationFailure::key_mismatch);
  EXPECT_EQ(check(attested_.public_key(), other_nonce), KeyAttestationFailure::nonce_mismatch);
  EXPECT_EQ(check(attested_.public_key(), kNonce), KeyAttestationFailure::key_exportable);
  bad.non_exportable = true;
  statement = make(bad);
  EXPECT_EQ(check(attested_.public_key(), kNonce), KeyAttestationFailure::not_generated_in_hsm);
  bad.generated_in_hsm = true;
  statement = make(bad);
  EXPECT_EQ(check(attested_.public_key(), kNonce),
            KeyAttestationFailure::security_level_not_allowed);
}

TEST_F(KeyAttestationTest, CreateRejectsInconsistentInput) {
  EXPECT_THROW(KeyAttestationStatement::create(attested_.public_key(), hsm_properties(), kNonce,
                                               kAttestedAt, vendor_.attestation_key, {}),
               PkiError);
  PrivateKey other = PrivateKey::generate();
  EXPECT_THROW(KeyAttestationStatement::create(attested_.public_key(), hsm_properties(), kNonce,
                                               kAttestedAt, other, vendor_.chain()),
               PkiError);
  KeyProperties wrong_type = hsm_properties();
  wrong_type.key_type = "rsa-2048";
  EXPECT_THROW(make(wrong_type), PkiError);
  KeyProperties no_level = hsm_properties();
  no_level.security_level.clear();
  EXPECT_THROW(make(no_level), PkiError);
  EXPECT_THROW(make(hsm_properties(), Bytes(65, 1)), PkiError);
  EXPECT_NO_THROW(make(hsm_properties(), Bytes(64, 1)));
}

TEST_F(KeyAttestationTest, FromDerRejectsMalformedStatements) {
  auto rejects = [&](const Bytes& der, const std::string& needle) {
    try {
      KeyAttestationStatement::from_der(der);
      ADD_FAILURE() << "accepted; expected: " << needle;
    } catch (const DecodeError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  Fields f = fields();
  Fields bad = f;
  bad.content_type = kKeyAttestationAttributeOid;  // .1 is the attribute, not the content type
  rejects(signed_statement(bad), "tbs.contentType");
  bad = f;
  bad.content_type = "1.3.6.1.4.1.59999.26.3";
  rejects(signed_statement(bad), "tbs.contentType");
  bad = f;
  bad.version = 2;
  rejects(signed_statement(bad), "version 2");
  bad = f;
  bad.spki_sha256.pop_back();
  rejects(signed_statement(bad), "32 octets");
  bad = f;
  bad.key_type = "dsa-1024";
  rejects(signed_statement(bad), "not a known key type");
  bad = f;
  bad.security_level.clear();
  rejects(signed_statement(bad), "securityLevel");
  bad = f;
  bad.security_level = std::string(65, 'x');
  rejects(signed_statement(bad), "securityLevel");
  bad = f;
  bad.nonce = Bytes(65, 0);
  rejects(signed_statement(bad), "nonce");

  Bytes tbs = encode_tbs(f);
  Bytes signature = vendor_.attestation_key.sign(tbs);
  rejects(encode_statement(tbs, {}, vendor_.chain()), "signature is empty");
  rejects(encode_statement(tbs, signature, {}), "fewer than 1 certificates");
  rejects(encode_statement(tbs, signature, std::vector<Certificate>(9, vendor_.attestation_cert)),
          "more than 8 certificates");

  Bytes good = encode_statement(tbs, signature, vendor_.chain());
  Bytes trailing = good;
  trailing.push_back(0x00);
  rejects(trailing, "after the last field of KeyAttestationStatement");
  rejects(Bytes(good.begin(), good.end() - 1), "");

  // An extra field inside the signed part.
  der::Writer extra;
  extra.sequence([&](der::Writer& w) {
    w.object_identifier(kKeyAttestationStatementOid).integer(1).octet_string(f.spki_sha256);
    w.sequence([&](der::Writer& p) {
      p.boolean(true).boolean(true).utf8_string("fips140-3-l3").utf8_string("ec-p256");
    });
    w.octet_string(f.nonce).generalized_time(f.attested_at).integer(7);
  });
  rejects(encode_statement(extra.bytes(), signature, vendor_.chain()),
          "after the last field of KeyAttestationStatement.tbs");

  // Certificates without the [0] wrapper, and something that is not a certificate inside it.
  der::Writer untagged;
  untagged.sequence([&](der::Writer& w) {
    w.raw(tbs).octet_string(signature);
    der::write_certificates(w, vendor_.chain());
  });
  rejects(untagged.bytes(), "expected [0] (KeyAttestationStatement.certificates)");
  der::Writer not_a_certificate;
  not_a_certificate.sequence([&](der::Writer& w) {
    w.raw(tbs).octet_string(signature).explicit_tag(0, [&](der::Writer& t) {
      t.sequence([&](der::Writer& list) {
        list.raw(vendor_.attestation_cert.der()).sequence([](der::Writer& c) { c.integer(1); });
      });
    });
  });
  rejects(not_a_certificate.bytes(), "certificates[1]");

  // BOOLEAN TRUE as 0x01 (BER, not DER).
  Bytes ber = good;
  const Bytes pattern = {0x01, 0x01, 0xff, 0x01, 0x01, 0xff};
  auto at = std::search(ber.begin(), ber.end(), pattern.begin(), pattern.end());
  ASSERT_NE(at, ber.end());
  at[2] = 0x01;
  rejects(ber, "0x00 or 0xff");

  rejects({}, "expected SEQUENCE (KeyAttestationStatement)");
  rejects({0x30, 0x00}, "expected SEQUENCE (KeyAttestationStatement.tbs)");
}

TEST_F(KeyAttestationTest, TamperedBytesFailDecodingOrVerification) {
  const Bytes original = make().der();
  // Every byte of the envelope, signed part and signature; every 7th byte of the certificates
  // (each check costs a chain validation).
  const Bytes& first_certificate = vendor_.attestation_cert.der();
  const auto chain_at =
      static_cast<std::size_t>(std::search(original.begin(), original.end(),
                                           first_certificate.begin(), first_certificate.end()) -
                               original.begin());
  ASSERT_LT(chain_at, original.size());
  int decode_failures = 0;
  int verify_failures = 0;
  for (std::size_t i = 0; i < original.size(); ++i) {
    if (i >= chain_at && i % 7 != 0) continue;
    for (std::uint8_t mask : {0x01, 0x80}) {
      Bytes der = original;
      der[i] ^= mask;
      try {
        KeyAttestationStatement statement = KeyAttestationStatement::from_der(der);
        AttestationVerdict verdict = verify(statement);
        EXPECT_FALSE(verdict.ok()) << "byte " << i << " ^ " << int{mask} << " still verifies";
        ++verify_failures;
      } catch (const DecodeError&) {
        ++decode_failures;
      }
    }
  }
  EXPECT_GT(decode_failures, 0);
  EXPECT_GT(verify_failures, 0);
}

TEST_F(KeyAttestationTest, TravelsInTheCsrAttribute) {
  // The HSM generates the key and attests it; the requester puts the statement in its CSR.
  KeyAttestationStatement statement = make();
  CsrContent content;
  content.subject = DistinguishedName::parse("C=FR,O=Operator,CN=vnfm-1.example.net");
  content.san.dns = {"vnfm-1.example.net"};
  content.extended_key_usage = {ExtendedKeyUsage::client_auth};
  content.key_attestation = statement.der();
  Csr sent = Csr::create(content, attested_);

  // The CMF/CA side: decode the request, check proof of possession, then the statement about
  // the very key in the request.
  Csr received = Csr::from_der(sent.der());
  ASSERT_TRUE(received.signature_valid());
  std::optional<Bytes> carried = received.content().key_attestation;
  ASSERT_TRUE(carried.has_value());
  EXPECT_EQ(*carried, statement.der());
  KeyAttestationStatement decoded = KeyAttestationStatement::from_der(*carried);
  AttestationVerdict verdict = verify_key_attestation(
      decoded, received.public_key(), kNonce, strict_policy(), {vendor_.root.certificate()}, kNow);
  EXPECT_TRUE(verdict.ok()) << verdict.reason() << ": " << verdict.detail;

  // A request for another key carrying this statement is caught.
  PrivateKey other = PrivateKey::generate();
  Csr swapped = Csr::from_der(Csr::create(content, other).der());
  verdict = verify_key_attestation(
      KeyAttestationStatement::from_der(*swapped.content().key_attestation), swapped.public_key(),
      kNonce, strict_policy(), {vendor_.root.certificate()}, kNow);
  EXPECT_EQ(verdict.failure, KeyAttestationFailure::key_mismatch);
}

// Mutations: bit flips, random bytes, truncation, insertion, deletion of a range, duplicated
// ranges and length-octet tweaks.
Bytes mutate(const Bytes& original, std::mt19937& random) {
  return test::mutate_structure(original, random);
}

TEST_F(KeyAttestationTest, TenThousandMutatedEncodingsNeverCrashFromDer) {
  const Bytes original = make().der();
  std::mt19937 random(20260226);
  int rejected = 0;
  for (int i = 0; i < 10000; ++i) {
    Bytes sample = mutate(original, random);
    try {
      KeyAttestationStatement statement = KeyAttestationStatement::from_der(sample);
      // Whatever decodes must re-expose exactly its input.
      EXPECT_EQ(statement.der(), sample);
    } catch (const DecodeError&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 5000);
}

}  // namespace
}  // namespace ifa026::pki::key_attestation_test
