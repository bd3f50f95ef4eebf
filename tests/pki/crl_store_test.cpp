// Tests for pki/crl_store: the freshness rule (newer accepted; same, older, or earlier-thisUpdate
// refused as stale), signature and issuer checks at simulated time, malformed CRLs, revocation
// lookups, the CRLs given to a real chain verification, and deferred CRLs. Every CRL is a real one
// from pki's CertificateAuthority (or built with OpenSSL where the CA would not make it).
#include <gtest/gtest.h>
#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "pki/certificate_authority.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/crl.hpp"
#include "pki/crl_store.hpp"
#include "tests/pki/pki_test_support.hpp"

namespace ifa026::pki::crl_store_test {
namespace {

Instant after_t0(std::int64_t seconds_after_t0) {
  return Instant::from_seconds(kT0.seconds() + seconds_after_t0);
}

CertificateAuthority make_ca(const char* name = "C=FR,O=Op,CN=Issuing CA",
                             std::int64_t validity = 10 * 365 * kDay) {
  return CertificateAuthority::create_root(DistinguishedName::parse(name), PrivateKey::generate(),
                                           kT0, validity);
}

Certificate issue(CertificateAuthority& ca) {
  CsrContent content;
  content.subject = DistinguishedName::parse("C=FR,O=operator.example.net,CN=vnfci");
  content.san.dns = {"vnfci.example.net"};
  content.extended_key_usage = {ExtendedKeyUsage::client_auth, ExtendedKeyUsage::server_auth};
  return ca.issue({Csr::create(content, PrivateKey::generate()), kT0, {}, {}, {}}, {});
}

// A CRL signed by `ca` without the CRL Number extension (the CA always adds one).
Crl crl_without_number(const CertificateAuthority& ca, Instant this_update) {
  struct Free {
    void operator()(X509_CRL* p) const { X509_CRL_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(ASN1_TIME* p) const { ASN1_TIME_free(p); }
  };
  const Bytes& cert_der = ca.certificate().der();
  const unsigned char* p = cert_der.data();
  std::unique_ptr<X509, Free> cert(d2i_X509(nullptr, &p, static_cast<long>(cert_der.size())));
  std::unique_ptr<X509_CRL, Free> crl(X509_CRL_new());
  std::unique_ptr<ASN1_TIME, Free> last(ASN1_TIME_set(nullptr, this_update.seconds()));
  std::unique_ptr<ASN1_TIME, Free> next(ASN1_TIME_set(nullptr, this_update.seconds() + kDay));
  if (!cert || !crl || !last || !next || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(cert.get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1 ||
      X509_CRL_sign(crl.get(), ca.key().native(), EVP_sha256()) <= 0) {
    throw PkiError("test: building a CRL without a number");
  }
  unsigned char* out = nullptr;
  const int length = i2d_X509_CRL(crl.get(), &out);
  if (length <= 0) throw PkiError("test: encoding the CRL");
  Bytes der(out, out + length);
  OPENSSL_free(out);
  return Crl::from_der(der);
}

// The same CRL with one bit of its signature flipped (still well-formed DER).
Crl with_forged_signature(const Crl& crl) {
  Bytes der = crl.der();
  der.back() ^= 0x01;
  return Crl::from_der(der);
}

class CrlStoreTest : public ::testing::Test {
 protected:
  CertificateAuthority ca_ = make_ca();
  std::vector<Certificate> issuers_{ca_.certificate()};
  CrlStore store_;
};

TEST_F(CrlStoreTest, FirstCrlIsAcceptedAndHeld) {
  Crl crl = ca_.crl(after_t0(0), kDay);
  CrlOfferResult r = store_.offer(crl, issuers_, after_t0(10));
  EXPECT_EQ(r.outcome, CrlOutcome::accepted) << r.reason;
  EXPECT_TRUE(r.accepted());
  EXPECT_EQ(r.issuer, ca_.certificate().subject().to_string());
  EXPECT_EQ(r.number, 1u);
  EXPECT_FALSE(r.held_number.has_value());
  EXPECT_EQ(r.reason, "first CRL of this issuer");
  ASSERT_EQ(store_.size(), 1u);
  const Crl* held = store_.held(ca_.certificate().subject(), ca_.certificate().subject_key_id());
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(held->der(), crl.der());
  ASSERT_EQ(store_.crls().size(), 1u);
  EXPECT_EQ(store_.crls()[0].der(), crl.der());
}

TEST_F(CrlStoreTest, NewerNumberReplacesTheHeldCrl) {
  Crl first = ca_.crl(after_t0(0), kDay);
  Certificate cert = issue(ca_);
  ca_.revoke(cert.serial_hex(), after_t0(50), RevocationReason::key_compromise);
  Crl second = ca_.crl(after_t0(100), kDay);
  ASSERT_TRUE(store_.offer(first, issuers_, after_t0(10)).accepted());
  EXPECT_FALSE(store_.is_revoked(cert));
  CrlOfferResult r = store_.offer(second, issuers_, after_t0(110));
  EXPECT_EQ(r.outcome, CrlOutcome::accepted) << r.reason;
  EXPECT_EQ(r.number, 2u);
  EXPECT_EQ(r.held_number, 1u);
  EXPECT_EQ(r.entries, 1u);
  EXPECT_EQ(r.reason, "replaces CRL number 1");
  EXPECT_EQ(store_.size(), 1u);
  EXPECT_EQ(store_.crls()[0].der(), second.der());
  EXPECT_TRUE(store_.is_revoked(cert));
}

TEST_F(CrlStoreTest, TheSameCrlAgainIsStale) {
  Crl crl = ca_.crl(after_t0(0), kDay);
  ASSERT_TRUE(store_.offer(crl, issuers_, after_t0(10)).accepted());
  CrlOfferResult r = store_.offer(crl, issuers_, after_t0(20));
  EXPECT_EQ(r.outcome, CrlOutcome::stale);
  EXPECT_EQ(r.held_number, 1u);
  EXPECT_EQ(r.reason, "the same CRL (number 1) is already held");
}

// The replay the freshness rule is for: an older CRL, taken before a revocation, must not
// un-revoke the certificate.
TEST_F(CrlStoreTest, OlderNumberIsStaleAndTheRevocationStays) {
  Crl before = ca_.crl(after_t0(0), kDay);
  Certificate cert = issue(ca_);
  ca_.revoke(cert.serial_hex(), after_t0(50), RevocationReason::key_compromise);
  Crl after = ca_.crl(after_t0(100), kDay);
  ASSERT_TRUE(store_.offer(after, issuers_, after_t0(110)).accepted());
  ASSERT_TRUE(store_.is_revoked(cert));

  CrlOfferResult r = store_.offer(before, issuers_, after_t0(120));
  EXPECT_EQ(r.outcome, CrlOutcome::stale);
  EXPECT_EQ(r.number, 1u);
  EXPECT_EQ(r.held_number, 2u);
  EXPECT_EQ(r.reason, "CRL number 1 is not above the 2 held");
  EXPECT_EQ(store_.crls()[0].der(), after.der());
  EXPECT_TRUE(store_.is_revoked(cert));
}

// Decision (docs/pki.md): the CRL Number decides. A second CRL under a number already held is
// refused even when its thisUpdate is later: a conforming issuer never re-uses a number.
TEST_F(CrlStoreTest, EqualNumberWithLaterThisUpdateIsStale) {
  Crl first = ca_.crl(after_t0(0), kDay);
  ca_.set_last_crl_number(0);  // the CA issues number 1 again
  Certificate cert = issue(ca_);
  ca_.revoke(cert.serial_hex(), after_t0(50), RevocationReason::superseded);
  Crl again = ca_.crl(after_t0(3600), kDay);
  ASSERT_EQ(again.number(), first.number());
  ASSERT_GT(again.this_update(), first.this_update());
  ASSERT_TRUE(store_.offer(first, issuers_, after_t0(10)).accepted());
  CrlOfferResult r = store_.offer(again, issuers_, after_t0(3610));
  EXPECT_EQ(r.outcome, CrlOutcome::stale);
  EXPECT_EQ(r.reason, "CRL number 1 is not above the 1 held");
  EXPECT_EQ(store_.crls()[0].der(), first.der());
}

TEST_F(CrlStoreTest, HigherNumberWithEarlierThisUpdateIsStale) {
  Crl later = ca_.crl(after_t0(3600), kDay);  // number 1
  Crl earlier = ca_.crl(after_t0(0), kDay);   // number 2, thisUpdate an hour before
  ASSERT_TRUE(store_.offer(later, issuers_, after_t0(3700)).accepted());
  CrlOfferResult r = store_.offer(earlier, issuers_, after_t0(3700));
  EXPECT_EQ(r.outcome, CrlOutcome::stale);
  EXPECT_EQ(r.reason,
            "thisUpdate 2030-01-01T00:00:00Z is earlier than the held CRL's 2030-01-01T01:00:00Z");
}

// Two CRLs in the same second (a scheduled one, then one after a revocation): the higher number
// wins.
TEST_F(CrlStoreTest, HigherNumberWithTheSameThisUpdateIsAccepted) {
  Crl first = ca_.crl(after_t0(0), kDay);
  Crl second = ca_.crl(after_t0(0), kDay);
  ASSERT_TRUE(store_.offer(first, issuers_, after_t0(1)).accepted());
  EXPECT_TRUE(store_.offer(second, issuers_, after_t0(1)).accepted());
  EXPECT_EQ(store_.crls()[0].der(), second.der());
}

TEST_F(CrlStoreTest, ForgedSignatureIsRefused) {
  Crl genuine = ca_.crl(after_t0(0), kDay);
  Crl forged = with_forged_signature(genuine);
  CrlOfferResult r = store_.offer(forged, issuers_, after_t0(10));
  EXPECT_EQ(r.outcome, CrlOutcome::bad_signature);
  EXPECT_EQ(r.reason, "signature does not verify with the key of " + r.issuer);
  EXPECT_EQ(store_.size(), 0u);
  // A forged CRL does not block the genuine one either.
  EXPECT_TRUE(store_.offer(genuine, issuers_, after_t0(10)).accepted());
}

TEST_F(CrlStoreTest, UnknownIssuerIsRefused) {
  CertificateAuthority other = make_ca("C=FR,O=Other,CN=Other CA");
  CrlOfferResult r = store_.offer(other.crl(after_t0(0), kDay), issuers_, after_t0(10));
  EXPECT_EQ(r.outcome, CrlOutcome::unknown_issuer);
  EXPECT_NE(r.reason.find("no known CA certificate is the issuer C=FR,O=Other,CN=Other CA"),
            std::string::npos)
      << r.reason;
  EXPECT_EQ(store_.size(), 0u);
}

// Same name, other key: the authority key identifier tells them apart, so the impostor's CRL has
// no known issuer (and cannot replace the genuine CA's CRL).
TEST_F(CrlStoreTest, SameNameOtherKeyIsAnUnknownIssuer) {
  CertificateAuthority impostor = make_ca();
  ASSERT_EQ(impostor.certificate().subject(), ca_.certificate().subject());
  ASSERT_TRUE(store_.offer(ca_.crl(after_t0(0), kDay), issuers_, after_t0(10)).accepted());
  impostor.set_last_crl_number(100);
  CrlOfferResult r = store_.offer(impostor.crl(after_t0(20), kDay), issuers_, after_t0(30));
  EXPECT_EQ(r.outcome, CrlOutcome::unknown_issuer);
  EXPECT_NE(r.reason.find("with key identifier"), std::string::npos) << r.reason;
  EXPECT_EQ(store_.crls()[0].number(), 1u);
}

TEST(CrlStoreIssuerTest, IssuerOutsideItsValidityIsRefused) {
  CertificateAuthority short_lived = make_ca("C=FR,O=Op,CN=Short CA", kDay);
  std::vector<Certificate> issuers{short_lived.certificate()};
  Crl crl = short_lived.crl(after_t0(0), kDay);
  CrlStore store;
  CrlOfferResult expired = store.offer(crl, issuers, after_t0(2 * kDay));
  EXPECT_EQ(expired.outcome, CrlOutcome::issuer_not_valid);
  EXPECT_NE(expired.reason.find("expired at 2030-01-02T00:00:00Z"), std::string::npos)
      << expired.reason;
  CrlOfferResult early = store.offer(crl, issuers, after_t0(-60));
  EXPECT_EQ(early.outcome, CrlOutcome::issuer_not_valid);
  EXPECT_NE(early.reason.find("not valid before"), std::string::npos) << early.reason;
  EXPECT_EQ(store.size(), 0u);
  EXPECT_TRUE(store.offer(crl, issuers, after_t0(60)).accepted());
}

TEST_F(CrlStoreTest, MalformedCrlsAreRefused) {
  CrlOfferResult garbage =
      store_.offer_der(Bytes{0x30, 0x03, 0x02, 0x01, 0x01}, issuers_, after_t0(0));
  EXPECT_EQ(garbage.outcome, CrlOutcome::malformed);
  EXPECT_NE(garbage.reason.find("does not decode"), std::string::npos) << garbage.reason;
  CrlOfferResult numberless =
      store_.offer(crl_without_number(ca_, after_t0(0)), issuers_, after_t0(10));
  EXPECT_EQ(numberless.outcome, CrlOutcome::malformed);
  EXPECT_EQ(numberless.reason, "no CRL Number (RFC 5280 §5.2.3 requires one)");
  EXPECT_EQ(store_.size(), 0u);
  // offer_der takes a good CRL as offer does.
  EXPECT_TRUE(
      store_.offer_der(ca_.crl(after_t0(0), kDay).der(), issuers_, after_t0(10)).accepted());
}

TEST_F(CrlStoreTest, RevocationLookupBySerialAndIssuer) {
  Certificate revoked = issue(ca_);
  Certificate kept = issue(ca_);
  ca_.revoke(revoked.serial_hex(), after_t0(5), RevocationReason::key_compromise);
  EXPECT_FALSE(store_.has_crl_for(revoked));
  ASSERT_TRUE(store_.offer(ca_.crl(after_t0(10), kDay), issuers_, after_t0(20)).accepted());
  EXPECT_TRUE(store_.has_crl_for(kept));
  auto entry = store_.revocation(revoked);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->reason, RevocationReason::key_compromise);
  EXPECT_EQ(entry->revoked_at, after_t0(5));
  EXPECT_FALSE(store_.is_revoked(kept));
  // Any case and leading zeros.
  std::string lower = "00";
  for (char c : revoked.serial_hex()) lower += static_cast<char>(std::tolower(c));
  const auto subject = ca_.certificate().subject();
  EXPECT_TRUE(store_.is_revoked(subject, ca_.certificate().subject_key_id(), lower));
  // Without a key identifier the CRL is found by name only when it has none; ours has one.
  EXPECT_FALSE(store_.is_revoked(subject, std::nullopt, revoked.serial_hex()));
  EXPECT_FALSE(
      store_.is_revoked(DistinguishedName::parse("CN=Nobody"), std::nullopt, revoked.serial_hex()));
}

TEST(CrlStoreIssuerTest, OneCrlPerIssuer) {
  CertificateAuthority a = make_ca("C=FR,O=Op,CN=A CA");
  CertificateAuthority b = make_ca("C=FR,O=Op,CN=B CA");
  std::vector<Certificate> issuers{b.certificate(), a.certificate()};
  Certificate from_a = issue(a);
  Certificate from_b = issue(b);
  a.revoke(from_a.serial_hex(), after_t0(1), RevocationReason::unspecified);
  CrlStore store;
  ASSERT_TRUE(store.offer(b.crl(after_t0(2), kDay), issuers, after_t0(3)).accepted());
  ASSERT_TRUE(store.offer(a.crl(after_t0(2), kDay), issuers, after_t0(3)).accepted());
  // Numbers are per issuer: b's number 1 is not stale against a's number 1.
  EXPECT_EQ(store.size(), 2u);
  std::vector<Crl> crls = store.crls();
  ASSERT_EQ(crls.size(), 2u);
  EXPECT_EQ(crls[0].issuer(), a.certificate().subject());  // ordered by issuer name
  EXPECT_EQ(crls[1].issuer(), b.certificate().subject());
  EXPECT_TRUE(store.is_revoked(from_a));
  EXPECT_FALSE(store.is_revoked(from_b));
}

// The CRLs the store gives are what a revocation check at simulated time uses: a replayed older
// CRL offered after the revocation leaves the certificate refused.
TEST_F(CrlStoreTest, ChainVerificationUsesTheHeldCrls) {
  Certificate cert = issue(ca_);
  Crl before = ca_.crl(after_t0(0), kDay);
  ca_.revoke(cert.serial_hex(), after_t0(50), RevocationReason::key_compromise);
  Crl after = ca_.crl(after_t0(100), kDay);
  auto verify = [&] {
    TrustStore trust;
    trust.add_anchor(ca_.certificate());
    for (const Crl& crl : store_.crls()) trust.add_crl(crl);
    VerifyOptions options;
    options.check_crl = true;
    return verify_certificate(cert, trust, after_t0(200), options);
  };
  ASSERT_TRUE(store_.offer(before, issuers_, after_t0(10)).accepted());
  EXPECT_TRUE(verify().ok()) << verify().detail;
  ASSERT_TRUE(store_.offer(after, issuers_, after_t0(110)).accepted());
  EXPECT_EQ(verify().failure, VerifyFailure::revoked);
  EXPECT_EQ(store_.offer(before, issuers_, after_t0(150)).outcome, CrlOutcome::stale);
  EXPECT_EQ(verify().failure, VerifyFailure::revoked);
}

TEST(CrlStoreDeferTest, DeferredCrlsAreOfferedOnceTheIssuerIsKnown) {
  CertificateAuthority ca = make_ca();
  CrlStore store;
  Crl crl = ca.crl(after_t0(0), kDay);
  ASSERT_EQ(store.offer(crl, {}, after_t0(1)).outcome, CrlOutcome::unknown_issuer);
  store.defer(crl, "ca");
  EXPECT_EQ(store.deferred_count(), 1u);
  // Still unknown: it stays.
  EXPECT_TRUE(store.retry_deferred({}, after_t0(2)).empty());
  EXPECT_EQ(store.deferred_count(), 1u);
  std::vector<CrlStore::Retried> retried = store.retry_deferred({ca.certificate()}, after_t0(3));
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_EQ(retried[0].source, "ca");
  EXPECT_TRUE(retried[0].result.accepted()) << retried[0].result.reason;
  EXPECT_EQ(store.deferred_count(), 0u);
  EXPECT_EQ(store.size(), 1u);
}

TEST(CrlStoreDeferTest, UnknownIssuersCanBeReportedInsteadOfKept) {
  CertificateAuthority ca = make_ca();
  CertificateAuthority other = make_ca("C=FR,O=Other,CN=Other CA");
  CrlStore store;
  store.defer(other.crl(after_t0(0), kDay), "other");
  store.defer(ca.crl(after_t0(0), kDay), "ca");
  std::vector<CrlStore::Retried> retried =
      store.retry_deferred({ca.certificate()}, after_t0(1), false);
  ASSERT_EQ(retried.size(), 2u);
  EXPECT_EQ(retried[0].source, "other");
  EXPECT_EQ(retried[0].result.outcome, CrlOutcome::unknown_issuer);
  EXPECT_EQ(retried[1].source, "ca");
  EXPECT_TRUE(retried[1].result.accepted());
  EXPECT_EQ(store.deferred_count(), 0u);
}

TEST(CrlStoreDeferTest, OldestDeferredCrlIsDroppedBeyondTheLimit) {
  CertificateAuthority ca = make_ca();
  CrlStore store(2);
  Crl one = ca.crl(after_t0(0), kDay);
  Crl two = ca.crl(after_t0(1), kDay);
  Crl three = ca.crl(after_t0(2), kDay);
  store.defer(one, "1");
  store.defer(two, "2");
  store.defer(three, "3");
  EXPECT_EQ(store.deferred_count(), 2u);
  std::vector<CrlStore::Retried> retried = store.retry_deferred({ca.certificate()}, after_t0(3));
  ASSERT_EQ(retried.size(), 2u);
  EXPECT_EQ(retried[0].source, "2");
  EXPECT_TRUE(retried[0].result.accepted());
  EXPECT_EQ(retried[1].source, "3");
  EXPECT_TRUE(retried[1].result.accepted());
  EXPECT_EQ(store.crls()[0].number(), 3u);
  // A store that keeps one (as a MANO entity did) keeps the latest.
  CrlStore single(1);
  single.defer(one, "1");
  single.defer(two, "2");
  ASSERT_EQ(single.deferred_count(), 1u);
  EXPECT_EQ(single.retry_deferred({ca.certificate()}, after_t0(3)).at(0).source, "2");
}

TEST(CrlStoreNamesTest, OutcomeNames) {
  EXPECT_EQ(to_string(CrlOutcome::accepted), "accepted");
  EXPECT_EQ(to_string(CrlOutcome::stale), "stale");
  EXPECT_EQ(to_string(CrlOutcome::bad_signature), "bad-signature");
  EXPECT_EQ(to_string(CrlOutcome::unknown_issuer), "unknown-issuer");
  EXPECT_EQ(to_string(CrlOutcome::issuer_not_valid), "issuer-not-valid");
  EXPECT_EQ(to_string(CrlOutcome::malformed), "malformed");
}

}  // namespace
}  // namespace ifa026::pki::crl_store_test
