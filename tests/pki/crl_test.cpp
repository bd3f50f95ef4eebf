// Tests for pki/crl: numbering, entries and reasons, signatures, codecs, fuzzed DER.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "pki/certificate_authority.hpp"
#include "pki/crl.hpp"
#include "tests/pki/pki_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::pki::crl_test {
namespace {

struct CrlFree {
  void operator()(X509_CRL* crl) const { X509_CRL_free(crl); }
};
using CrlPtr = std::unique_ptr<X509_CRL, CrlFree>;

CrlPtr native(const Crl& crl) {
  const unsigned char* p = crl.der().data();
  CrlPtr x509_crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(crl.der().size())));
  if (!x509_crl) throw PkiError("test: d2i_X509_CRL");
  return x509_crl;
}

using test::header_size;
using test::kEcdsaSha256Algorithm;
using test::with_ber_inside_tbs;

CertificateAuthority make_ca(const char* name = "C=FR,O=Op,CN=Issuing CA") {
  return CertificateAuthority::create_root(DistinguishedName::parse(name), PrivateKey::generate(),
                                           kT0, 10 * 365 * kDay);
}

Certificate issue(CertificateAuthority& ca) {
  CsrContent content;
  content.subject = DistinguishedName::parse("C=FR,O=operator.example.net");
  content.san.dns = {"vnfci.example.net"};
  content.extended_key_usage = {ExtendedKeyUsage::client_auth};
  return ca.issue({Csr::create(content, PrivateKey::generate()), kT0, {}, {}, {}}, {});
}

TEST(CrlTest, NumberIncrementsPerCrl) {
  CertificateAuthority ca = make_ca();
  EXPECT_EQ(ca.crl(kT0, kDay).number(), 1u);
  EXPECT_EQ(ca.crl(kT0, kDay).number(), 2u);
  Crl third = ca.crl(Instant::from_seconds(kT0.seconds() + kDay), kDay);
  EXPECT_EQ(third.number(), 3u);
}

TEST(CrlTest, IssuerDatesAndEmptyList) {
  CertificateAuthority ca = make_ca();
  Instant this_update = Instant::from_seconds(kT0.seconds() + 3600);
  Crl crl = ca.crl(this_update, 7 * kDay);
  EXPECT_EQ(crl.issuer(), ca.certificate().subject());
  EXPECT_EQ(crl.this_update(), this_update);
  EXPECT_EQ(crl.next_update(), Instant::from_seconds(this_update.seconds() + 7 * kDay));
  EXPECT_TRUE(crl.revoked().empty());
  CrlPtr x509_crl = native(crl);
  EXPECT_EQ(X509_CRL_get_version(x509_crl.get()), X509_CRL_VERSION_2);
  // authorityKeyIdentifier = the CA's subjectKeyIdentifier.
  std::unique_ptr<AUTHORITY_KEYID, decltype(&AUTHORITY_KEYID_free)> aki(
      static_cast<AUTHORITY_KEYID*>(
          X509_CRL_get_ext_d2i(x509_crl.get(), NID_authority_key_identifier, nullptr, nullptr)),
      AUTHORITY_KEYID_free);
  ASSERT_TRUE(aki);
  ASSERT_NE(aki->keyid, nullptr);
  Bytes keyid(ASN1_STRING_get0_data(aki->keyid),
              ASN1_STRING_get0_data(aki->keyid) + ASN1_STRING_length(aki->keyid));
  EXPECT_EQ(keyid, *ca.certificate().subject_key_id());
}

TEST(CrlTest, AuthorityKeyIdAndNumberPresence) {
  CertificateAuthority ca = make_ca();
  Crl crl = ca.crl(kT0, kDay);
  EXPECT_TRUE(crl.has_number());
  EXPECT_EQ(crl.authority_key_id(), ca.certificate().subject_key_id());
  // Without the extensions: a v2 CRL with neither.
  CrlPtr bare(X509_CRL_new());
  ASSERT_TRUE(bare);
  CrlPtr ours = native(crl);
  ASSERT_EQ(X509_CRL_set_version(bare.get(), X509_CRL_VERSION_2), 1);
  ASSERT_EQ(X509_CRL_set_issuer_name(bare.get(), X509_CRL_get_issuer(ours.get())), 1);
  ASSERT_EQ(X509_CRL_set1_lastUpdate(bare.get(), X509_CRL_get0_lastUpdate(ours.get())), 1);
  ASSERT_EQ(X509_CRL_set1_nextUpdate(bare.get(), X509_CRL_get0_nextUpdate(ours.get())), 1);
  ASSERT_GT(X509_CRL_sign(bare.get(), ca.key().native(), EVP_sha256()), 0);
  unsigned char* out = nullptr;
  const int length = i2d_X509_CRL(bare.get(), &out);
  ASSERT_GT(length, 0);
  Crl without = Crl::from_der(Bytes(out, out + length));
  OPENSSL_free(out);
  EXPECT_FALSE(without.has_number());
  EXPECT_EQ(without.number(), 0u);
  EXPECT_FALSE(without.authority_key_id().has_value());
  EXPECT_TRUE(without.signed_by(ca.certificate()));
}

TEST(CrlTest, EntriesAndReasonsRoundTrip) {
  CertificateAuthority ca = make_ca();
  std::vector<RevokedEntry> expected;
  const RevocationReason reasons[] = {
      RevocationReason::unspecified,      RevocationReason::key_compromise,
      RevocationReason::ca_compromise,    RevocationReason::affiliation_changed,
      RevocationReason::superseded,       RevocationReason::cessation_of_operation,
      RevocationReason::certificate_hold, RevocationReason::privilege_withdrawn};
  std::int64_t offset = 0;
  for (RevocationReason reason : reasons) {
    Certificate cert = issue(ca);
    Instant when = Instant::from_seconds(kT0.seconds() + 100 + offset++);
    ca.revoke(cert.serial_hex(), when, reason);
    EXPECT_TRUE(ca.is_revoked(cert.serial_hex()));
    expected.push_back({cert.serial_hex(), when, reason});
  }
  Certificate kept = issue(ca);
  EXPECT_FALSE(ca.is_revoked(kept.serial_hex()));

  Crl crl = ca.crl(Instant::from_seconds(kT0.seconds() + kDay), kDay);
  std::vector<RevokedEntry> entries = crl.revoked();
  ASSERT_EQ(entries.size(), expected.size());
  for (const RevokedEntry& want : expected) {
    auto found = std::find_if(entries.begin(), entries.end(), [&](const RevokedEntry& e) {
      return e.serial_hex == want.serial_hex;
    });
    ASSERT_NE(found, entries.end()) << want.serial_hex;
    EXPECT_EQ(found->revoked_at, want.revoked_at);
    EXPECT_EQ(found->reason, want.reason);
  }
  // Entries are sorted by serial number.
  auto numeric_less = [](const RevokedEntry& a, const RevokedEntry& b) {
    if (a.serial_hex.size() != b.serial_hex.size()) {
      return a.serial_hex.size() < b.serial_hex.size();
    }
    return a.serial_hex < b.serial_hex;
  };
  EXPECT_TRUE(std::is_sorted(entries.begin(), entries.end(), numeric_less));
  // Every entry but the unspecified one carries a reasonCode (RFC 5280 §5.3.1).
  CrlPtr x509_crl = native(crl);
  STACK_OF(X509_REVOKED)* list = X509_CRL_get_REVOKED(x509_crl.get());
  int with_reason = 0;
  for (int i = 0; i < sk_X509_REVOKED_num(list); ++i) {
    if (X509_REVOKED_get_ext_by_NID(sk_X509_REVOKED_value(list, i), NID_crl_reason, -1) >= 0) {
      ++with_reason;
    }
  }
  EXPECT_EQ(with_reason, static_cast<int>(expected.size()) - 1);
}

TEST(CrlTest, RevokeNormalizesSerialsAndRejectsNonHex) {
  CertificateAuthority ca = make_ca();
  ca.revoke("00ab12", kT0, RevocationReason::superseded);
  EXPECT_TRUE(ca.is_revoked("AB12"));
  EXPECT_TRUE(ca.is_revoked("0000ab12"));
  EXPECT_FALSE(ca.is_revoked("AB13"));
  EXPECT_FALSE(ca.is_revoked("not hex"));
  EXPECT_THROW(ca.revoke("xyz", kT0, RevocationReason::superseded), PkiError);
  EXPECT_THROW(ca.revoke("", kT0, RevocationReason::superseded), PkiError);
  std::vector<RevokedEntry> entries = ca.crl(kT0, kDay).revoked();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].serial_hex, "AB12");
  EXPECT_EQ(entries[0].reason, RevocationReason::superseded);
}

TEST(CrlTest, SignedByItsCaOnly) {
  CertificateAuthority ca = make_ca();
  CertificateAuthority same_name = make_ca();  // same DN, another key
  CertificateAuthority other = make_ca("C=FR,O=Other,CN=Other CA");
  Crl crl = ca.crl(kT0, kDay);
  EXPECT_TRUE(crl.signed_by(ca.certificate()));
  EXPECT_FALSE(crl.signed_by(other.certificate()));
  EXPECT_FALSE(crl.signed_by(same_name.certificate()));
  Bytes der = crl.der();
  der.back() ^= 0x01;
  try {
    EXPECT_FALSE(Crl::from_der(der).signed_by(ca.certificate()));
  } catch (const DecodeError&) {
    SUCCEED();
  }
}

TEST(CrlTest, SignatureAlgorithmsFollowTheCaKey) {
  for (KeyType type : {KeyType::ec_p384, KeyType::rsa2048, KeyType::ed25519}) {
    auto ca = CertificateAuthority::create_root(DistinguishedName::parse("CN=CA"),
                                                PrivateKey::generate(type), kT0, 365 * kDay);
    Crl crl = ca.crl(kT0, kDay);
    EXPECT_TRUE(crl.signed_by(ca.certificate())) << to_string(type);
  }
}

TEST(CrlTest, PemAndStrictDer) {
  CertificateAuthority ca = make_ca();
  ca.revoke(issue(ca).serial_hex(), kT0, RevocationReason::key_compromise);
  Crl crl = ca.crl(kT0, kDay);
  Crl again = Crl::from_pem(crl.to_pem());
  EXPECT_EQ(again.der(), crl.der());
  EXPECT_EQ(Crl::from_der(crl.der()).revoked().size(), 1u);
  Bytes trailing = crl.der();
  trailing.push_back(0);
  EXPECT_THROW(Crl::from_der(trailing), DecodeError);
  EXPECT_THROW(Crl::from_der(Bytes{}), DecodeError);
  EXPECT_THROW(Crl::from_der(Bytes(crl.der().begin(), crl.der().end() - 1)), DecodeError);
  EXPECT_THROW(Crl::from_pem("garbage"), DecodeError);
  EXPECT_THROW(Crl::from_der(ca.certificate().der()), DecodeError);
  // A BER length inside the to-be-signed part, where OpenSSL keeps the encoding it read.
  Bytes inner = with_ber_inside_tbs(crl.der(), kEcdsaSha256Algorithm);
  ASSERT_EQ(inner.size(), crl.der().size() + 1);
  EXPECT_THROW(Crl::from_der(inner), DecodeError);
}

TEST(CrlFuzzTest, TenThousandMutatedCrlsNeverCrash) {
  CertificateAuthority ca = make_ca();
  for (int i = 0; i < 4; ++i) {
    ca.revoke(issue(ca).serial_hex(), Instant::from_seconds(kT0.seconds() + i),
              static_cast<RevocationReason>(i));
  }
  Crl crl = ca.crl(kT0, kDay);
  const Bytes& original = crl.der();
  std::mt19937 rng(7633);
  int decoded = 0;
  for (int i = 0; i < 10000; ++i) {
    Bytes mutated = test::mutate_xor_truncate_insert(original, rng);
    std::optional<Crl> parsed;
    try {
      parsed = Crl::from_der(mutated);
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
    call([&] { (void)parsed->issuer().to_string(); });
    call([&] { (void)parsed->number(); });
    call([&] { (void)parsed->this_update(); });
    call([&] { (void)parsed->next_update(); });
    call([&] { (void)parsed->revoked(); });
    call([&] { (void)parsed->signed_by(ca.certificate()); });
    call([&] { (void)parsed->to_pem(); });
  }
  EXPECT_GT(decoded, 0);
}

}  // namespace
}  // namespace ifa026::pki::crl_test

namespace ifa026::pki::crl_test {
namespace {

TEST(CrlNumbering, ARebuiltCaContinuesItsPredecessorsNumbers) {
  const Instant t0 = Instant::from_seconds(1767225600);
  auto root = CertificateAuthority::create_root(DistinguishedName::parse("CN=Root"),
                                                PrivateKey::generate(), t0, 86400 * 365);
  EXPECT_EQ(root.crl(t0, 86400).number(), 1u);
  EXPECT_EQ(root.last_crl_number(), 1u);
  CertificateAuthority rebuilt(root.key(), root.certificate());
  rebuilt.set_last_crl_number(root.last_crl_number() + 40);
  EXPECT_EQ(rebuilt.crl(t0, 86400).number(), 42u);
}

}  // namespace
}  // namespace ifa026::pki::crl_test
