// Tests for pki/attestation_evidence (RATS roles of clauses C.2.1.2/C.2.1.3): Evidence and
// AttestationResult round trips and layout, appraisal outcomes (affirming, tampered or missing
// measurements, forged platform chains, nonce and time), the relying party's checks (replayed
// nonce, untrusted or substituted verifier, tampering), strict decoding and mutated input.
#include "pki/attestation_evidence.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "pki/certificate_authority.hpp"
#include "pki/der.hpp"
#include "pki/key_attestation.hpp"
#include "tests/pki/pki_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::pki::attestation_evidence_test {
namespace {

constexpr std::int64_t kNs = 1'000'000'000;
const Instant kNow = Instant::from_seconds(kT0.seconds() + 30 * kDay);
const Instant kMeasuredAt = Instant{kNow.unix_ns - 5 * kNs};
const Bytes kNonce = {0x4e, 0x6f, 0x6e, 0x63, 0x65, 0x2d, 0x31, 0x00, 0x9a, 0xbc, 0xde, 0xf0};

Bytes digest_of(std::string_view text) {
  return sha256(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::vector<Measurement> golden_measurements() {
  return {{"firmware", digest_of("firmware 1.2.3")},
          {"kernel", digest_of("kernel 6.1.0")},
          {"vnfc-image", digest_of("vnfc image sha 77")}};
}

Certificate issue_end_entity(CertificateAuthority& ca, const PrivateKey& key,
                             const std::string& name, std::int64_t validity_seconds) {
  CsrContent content;
  content.subject = DistinguishedName::parse("O=Example,CN=" + name);
  content.san.dns = {name};
  CertificateProfile profile;
  profile.validity_seconds = validity_seconds;
  profile.extended_key_usage = {ExtendedKeyUsage::client_auth};
  return ca.issue({Csr::create(content, key), kT0, {}, {}, {}}, profile);
}

// Hardware root -> platform CA -> platform attestation key certificate.
struct Platform {
  CertificateAuthority root;
  CertificateAuthority ca;
  PrivateKey key;
  Certificate cert;
  std::vector<Certificate> chain() const { return {cert, ca.certificate()}; }
};

Platform make_platform(const std::string& maker) {
  CertificateAuthority root = CertificateAuthority::create_root(
      DistinguishedName::parse("O=" + maker + ",CN=" + maker + " Hardware Root"),
      PrivateKey::generate(), kT0, 20 * 365 * kDay);
  CertificateAuthority ca = CertificateAuthority::create_subordinate(
      root, DistinguishedName::parse("O=" + maker + ",CN=" + maker + " Platform CA"),
      PrivateKey::generate(), kT0, 10 * 365 * kDay, 0);
  PrivateKey key = PrivateKey::generate();
  Certificate cert = issue_end_entity(ca, key, "platform-1.nfvi.example.net", 365 * kDay);
  return {std::move(root), std::move(ca), std::move(key), std::move(cert)};
}

// The operator's root and the attestation service (Verifier) it certifies.
struct VerifierPki {
  CertificateAuthority root;
  PrivateKey key;
  Certificate cert;
  TrustStore trust() const {
    TrustStore trust;
    trust.add_anchor(root.certificate());
    return trust;
  }
};

VerifierPki make_verifier(const std::string& name, std::int64_t validity = 365 * kDay) {
  CertificateAuthority root =
      CertificateAuthority::create_root(DistinguishedName::parse("O=Operator,CN=" + name + " Root"),
                                        PrivateKey::generate(), kT0, 20 * 365 * kDay);
  PrivateKey key = PrivateKey::generate();
  Certificate cert = issue_end_entity(root, key, name + ".operator.example.net", validity);
  return {std::move(root), std::move(key), std::move(cert)};
}

// Independent encoders following docs/pki-formats.md.
Bytes encode_evidence_tbs(const std::vector<Measurement>& measurements, const Bytes& nonce,
                          const Bytes& hmee_spki, Instant when,
                          const std::string& content_type = kAttestationEvidenceOid,
                          std::int64_t version = 1) {
  der::Writer w;
  w.sequence([&](der::Writer& tbs) {
    tbs.object_identifier(content_type).integer(version);
    tbs.sequence([&](der::Writer& list) {
      for (const Measurement& m : measurements) {
        list.sequence([&](der::Writer& e) { e.utf8_string(m.name).octet_string(m.sha256); });
      }
    });
    tbs.octet_string(nonce).raw(hmee_spki).generalized_time(when);
  });
  return w.take();
}

Bytes encode_signed(const Bytes& tbs, const Bytes& signature, const der::Writer& tagged) {
  der::Writer w;
  w.sequence([&](der::Writer& s) { s.raw(tbs).octet_string(signature).explicit_tag(0, tagged); });
  return w.take();
}

der::Writer certificate_list(const std::vector<Certificate>& chain) {
  der::Writer w;
  der::write_certificates(w, chain);
  return w;
}

der::Writer one_certificate(const Certificate& certificate) {
  der::Writer w;
  w.raw(certificate.der());
  return w;
}

struct ResultFields {
  std::int64_t status = 2;
  std::vector<std::string> reasons;
  Bytes hmee_sha256 = Bytes(32, 0x11);
  Bytes evidence_sha256 = Bytes(32, 0x22);
  Bytes nonce = kNonce;
  Instant appraised_at = kNow;
};

Bytes encode_result_tbs(const ResultFields& f) {
  der::Writer w;
  w.sequence([&](der::Writer& tbs) {
    tbs.object_identifier(kAttestationResultOid).integer(1).integer(f.status);
    tbs.sequence([&](der::Writer& list) {
      for (const std::string& reason : f.reasons) list.utf8_string(reason);
    });
    tbs.octet_string(f.hmee_sha256).octet_string(f.evidence_sha256).octet_string(f.nonce);
    tbs.generalized_time(f.appraised_at);
  });
  return w.take();
}

bool has_reason(const AttestationResult& result, std::string_view prefix) {
  return std::any_of(result.reasons().begin(), result.reasons().end(),
                     [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
}

std::string joined(const std::vector<std::string>& reasons) {
  std::string out;
  for (const std::string& r : reasons) out += r + "; ";
  return out;
}

class AttestationTest : public ::testing::Test {
 protected:
  AttestationTest()
      : platform_(make_platform("Silicon")),
        verifier_(make_verifier("attestation-service")),
        hmee_(PrivateKey::generate()) {
    reference_.expected = golden_measurements();
    reference_.max_evidence_age_seconds = 60;
  }

  Evidence evidence(std::vector<Measurement> measurements = golden_measurements(),
                    Bytes nonce = kNonce, Instant when = kMeasuredAt) const {
    return Evidence::create(std::move(measurements), std::move(nonce), hmee_.public_key(), when,
                            platform_.key, platform_.chain());
  }

  AttestationResult appraise_evidence(const Evidence& e, ByteView nonce = kNonce,
                                      Instant now = kNow) const {
    return appraise(e, reference_, nonce, {platform_.root.certificate()}, now, verifier_.key,
                    verifier_.cert);
  }

  ResultVerdict relying_party(const AttestationResult& result, ByteView nonce = kNonce,
                              Instant now = kNow) const {
    ResultExpectations expectations;
    expectations.hmee_key = hmee_.public_key();
    expectations.max_age_seconds = 300;
    return verify_attestation_result(result, verifier_.trust(), nonce, now, expectations);
  }

  Platform platform_;
  VerifierPki verifier_;
  PrivateKey hmee_;
  ReferenceValues reference_;
};

TEST_F(AttestationTest, EvidenceRoundTrip) {
  Evidence e = evidence();
  Evidence decoded = Evidence::from_der(e.der());
  EXPECT_EQ(decoded.der(), e.der());
  EXPECT_EQ(decoded.measurements(), golden_measurements());
  EXPECT_EQ(decoded.nonce(), kNonce);
  EXPECT_EQ(decoded.hmee_key_der(), hmee_.public_key().to_der());
  EXPECT_TRUE(decoded.hmee_key() == hmee_.public_key());
  EXPECT_EQ(decoded.attested_at(), kMeasuredAt);
  EXPECT_EQ(decoded.platform_chain(), platform_.chain());
  EXPECT_EQ(decoded.signature(), e.signature());
  EXPECT_TRUE(platform_.cert.public_key().verify(decoded.to_be_signed(), decoded.signature()));
}

TEST_F(AttestationTest, EvidenceEncodingFollowsTheDocumentedLayout) {
  Evidence e = evidence();
  Bytes tbs =
      encode_evidence_tbs(golden_measurements(), kNonce, hmee_.public_key().to_der(), kMeasuredAt);
  EXPECT_EQ(e.to_be_signed(), tbs);
  EXPECT_EQ(e.der(), encode_signed(tbs, e.signature(), certificate_list(platform_.chain())));
}

TEST_F(AttestationTest, AffirmingResultAcceptedByTheRelyingParty) {
  Evidence e = evidence();
  AttestationResult result = appraise_evidence(Evidence::from_der(e.der()));
  EXPECT_EQ(result.status(), AttestationStatus::affirming) << joined(result.reasons());
  EXPECT_TRUE(result.affirming());
  EXPECT_TRUE(result.reasons().empty());
  EXPECT_EQ(result.hmee_key_sha256(), hmee_.public_key().spki_sha256());
  EXPECT_EQ(result.evidence_sha256(), sha256(e.der()));
  EXPECT_EQ(result.nonce(), kNonce);
  EXPECT_EQ(result.appraised_at(), kNow);
  EXPECT_EQ(result.verifier_certificate(), verifier_.cert);
  EXPECT_EQ(to_string(result.status()), "affirming");

  AttestationResult decoded = AttestationResult::from_der(result.der());
  EXPECT_EQ(decoded.der(), result.der());
  EXPECT_EQ(decoded.status(), result.status());
  EXPECT_EQ(decoded.hmee_key_sha256(), result.hmee_key_sha256());
  EXPECT_EQ(decoded.evidence_sha256(), result.evidence_sha256());
  EXPECT_EQ(decoded.to_be_signed(), result.to_be_signed());

  ResultVerdict verdict = relying_party(decoded);
  EXPECT_TRUE(verdict.ok()) << verdict.reason() << ": " << verdict.detail;
  EXPECT_EQ(verdict.reason(), "ok");
  // Pinning the verifier's certificate works too.
  EXPECT_TRUE(verify_attestation_result(decoded, verifier_.cert, kNonce, kNow).ok());
  // As does not checking the nonce (empty).
  EXPECT_TRUE(verify_attestation_result(decoded, verifier_.trust(), {}, kNow).ok());
}

TEST_F(AttestationTest, ResultEncodingFollowsTheDocumentedLayout) {
  AttestationResult result = appraise_evidence(evidence({{"firmware", Bytes(32, 0)}}));
  ResultFields f;
  f.status = 96;
  f.reasons = result.reasons();
  f.hmee_sha256 = result.hmee_key_sha256();
  f.evidence_sha256 = result.evidence_sha256();
  Bytes tbs = encode_result_tbs(f);
  EXPECT_EQ(result.to_be_signed(), tbs);
  EXPECT_EQ(result.der(), encode_signed(tbs, result.signature(), one_certificate(verifier_.cert)));
}

TEST_F(AttestationTest, TamperedMeasurementIsContraindicated) {
  std::vector<Measurement> measured = golden_measurements();
  measured[1].sha256 = digest_of("kernel 6.1.0 with a rootkit");
  AttestationResult result = appraise_evidence(evidence(measured));
  EXPECT_EQ(result.status(), AttestationStatus::contraindicated);
  EXPECT_EQ(result.reasons(), std::vector<std::string>{"measurement mismatch: kernel"});
  EXPECT_EQ(to_string(result.status()), "contraindicated");

  AttestationResult decoded = AttestationResult::from_der(result.der());
  EXPECT_EQ(decoded.reasons(), result.reasons());
  ResultVerdict verdict = relying_party(decoded);
  EXPECT_EQ(verdict.failure, ResultFailure::contraindicated);
  EXPECT_EQ(verdict.reason(), "contraindicated");
  EXPECT_NE(verdict.detail.find("measurement mismatch: kernel"), std::string::npos);
}

TEST_F(AttestationTest, MissingAndUnexpectedMeasurements) {
  std::vector<Measurement> measured = golden_measurements();
  measured.erase(measured.begin());
  measured.push_back({"debug-agent", digest_of("debugger")});
  AttestationResult result = appraise_evidence(evidence(measured));
  EXPECT_FALSE(result.affirming());
  EXPECT_TRUE(has_reason(result, "measurement missing: firmware")) << joined(result.reasons());
  EXPECT_TRUE(has_reason(result, "unexpected measurement: debug-agent"))
      << joined(result.reasons());
  EXPECT_EQ(result.reasons().size(), 2u);

  reference_.allow_unlisted = true;
  std::vector<Measurement> extra = golden_measurements();
  extra.push_back({"debug-agent", digest_of("debugger")});
  EXPECT_TRUE(appraise_evidence(evidence(extra)).affirming());
}

TEST_F(AttestationTest, EvidenceSignatureInvalidWhenTampered) {
  Bytes der = evidence().der();
  Bytes kernel = digest_of("kernel 6.1.0");
  auto at = std::search(der.begin(), der.end(), kernel.begin(), kernel.end());
  ASSERT_NE(at, der.end());
  *at ^= 0x01;
  Evidence tampered = Evidence::from_der(der);  // still well-formed
  reference_.expected[1].sha256 = tampered.measurements()[1].sha256;
  AttestationResult result = appraise_evidence(tampered);
  EXPECT_FALSE(result.affirming());
  EXPECT_EQ(result.reasons(), std::vector<std::string>{"evidence signature invalid"});
}

TEST_F(AttestationTest, PlatformChainToAnotherRootIsContraindicated) {
  Platform rogue = make_platform("Rogue");
  Evidence forged = Evidence::create(golden_measurements(), kNonce, hmee_.public_key(), kMeasuredAt,
                                     rogue.key, rogue.chain());
  AttestationResult result = appraise_evidence(forged);
  EXPECT_FALSE(result.affirming());
  ASSERT_EQ(result.reasons().size(), 1u) << joined(result.reasons());
  EXPECT_TRUE(has_reason(result, "platform chain does not end at a hardware root"));
  // And no hardware roots at all.
  AttestationResult no_roots =
      appraise(evidence(), reference_, kNonce, {}, kNow, verifier_.key, verifier_.cert);
  EXPECT_TRUE(has_reason(no_roots, "platform chain does not end at a hardware root"));
}

TEST_F(AttestationTest, VerifierChecksNonceAndTime) {
  Bytes other = kNonce;
  other[0] ^= 0xff;
  AttestationResult result = appraise_evidence(evidence(), other);
  EXPECT_EQ(result.reasons(), std::vector<std::string>{"nonce mismatch"});
  EXPECT_TRUE(appraise_evidence(evidence(), {}).affirming());  // empty: not checked

  result = appraise_evidence(evidence(golden_measurements(), kNonce, Instant{kNow.unix_ns + 1}));
  EXPECT_EQ(result.reasons(), std::vector<std::string>{"evidence time in the future"});
  result =
      appraise_evidence(evidence(golden_measurements(), kNonce, Instant{kNow.unix_ns - 61 * kNs}));
  EXPECT_EQ(result.reasons(), std::vector<std::string>{"evidence too old"});
  EXPECT_TRUE(
      appraise_evidence(evidence(golden_measurements(), kNonce, Instant{kNow.unix_ns - 60 * kNs}))
          .affirming());
}

TEST_F(AttestationTest, EveryFailureIsListed) {
  Platform rogue = make_platform("Rogue");
  std::vector<Measurement> measured = golden_measurements();
  measured[0].sha256 = Bytes(32, 0);
  Evidence e = Evidence::create(measured, {9, 9}, hmee_.public_key(), Instant{kNow.unix_ns + 1},
                                rogue.key, rogue.chain());
  AttestationResult result = appraise_evidence(e);
  EXPECT_EQ(result.reasons().size(), 4u) << joined(result.reasons());
  EXPECT_TRUE(has_reason(result, "platform chain"));
  EXPECT_TRUE(has_reason(result, "nonce mismatch"));
  EXPECT_TRUE(has_reason(result, "measurement mismatch: firmware"));
  EXPECT_TRUE(has_reason(result, "evidence time in the future"));
  EXPECT_EQ(AttestationResult::from_der(result.der()).reasons(), result.reasons());
}

TEST_F(AttestationTest, ReplayedNonceIsRejectedByTheRelyingParty) {
  // Session 1: the CMF's nonce travels attester -> verifier -> result.
  const Bytes nonce_1 = {1, 1, 1, 1, 1, 1, 1, 1};
  AttestationResult old_result =
      appraise_evidence(evidence(golden_measurements(), nonce_1), nonce_1);
  ASSERT_TRUE(relying_party(old_result, nonce_1).ok());
  // Session 2: a fresh nonce; the stored result from session 1 is replayed.
  const Bytes nonce_2 = {2, 2, 2, 2, 2, 2, 2, 2};
  ResultVerdict verdict = relying_party(AttestationResult::from_der(old_result.der()), nonce_2,
                                        Instant{kNow.unix_ns + 10 * kNs});
  EXPECT_EQ(verdict.failure, ResultFailure::nonce_mismatch);
  EXPECT_EQ(verdict.reason(), "nonce mismatch");
  // Replaying old evidence to the verifier with the new nonce fails there as well.
  AttestationResult replayed = appraise_evidence(evidence(golden_measurements(), nonce_1), nonce_2);
  EXPECT_TRUE(has_reason(replayed, "nonce mismatch"));
  EXPECT_FALSE(relying_party(replayed, nonce_2).ok());
}

TEST_F(AttestationTest, RelyingPartyFailures) {
  AttestationResult result = appraise_evidence(evidence());

  // Untrusted verifier: a result signed by a verifier under another root.
  VerifierPki impostor = make_verifier("impostor");
  AttestationResult forged =
      appraise(evidence(), reference_, kNonce, {platform_.root.certificate()}, kNow, impostor.key,
               impostor.cert);
  ResultVerdict verdict = relying_party(forged);
  EXPECT_EQ(verdict.failure, ResultFailure::verifier_not_trusted);
  EXPECT_EQ(verdict.reason(), "verifier not trusted");
  EXPECT_EQ(verify_attestation_result(forged, verifier_.cert, kNonce, kNow).failure,
            ResultFailure::verifier_not_trusted);
  EXPECT_EQ(verify_attestation_result(result, TrustStore{}, kNonce, kNow).failure,
            ResultFailure::verifier_not_trusted);

  // Expired verifier certificate.
  VerifierPki short_lived = make_verifier("short", 10 * kDay);
  AttestationResult stale_cert =
      appraise(evidence(), reference_, kNonce, {platform_.root.certificate()}, kNow,
               short_lived.key, short_lived.cert);
  EXPECT_EQ(verify_attestation_result(stale_cert, short_lived.trust(), kNonce, kNow).failure,
            ResultFailure::verifier_not_trusted);
  EXPECT_EQ(verify_attestation_result(stale_cert, short_lived.cert, kNonce, kNow).failure,
            ResultFailure::verifier_not_trusted);

  // Substituting the trusted verifier's certificate into a forged result breaks the signature.
  Bytes substituted =
      encode_signed(forged.to_be_signed(), forged.signature(), one_certificate(verifier_.cert));
  verdict = relying_party(AttestationResult::from_der(substituted));
  EXPECT_EQ(verdict.failure, ResultFailure::signature_invalid);
  EXPECT_EQ(verdict.reason(), "signature invalid");

  // Flipping an affirming result's status is caught by the signature too.
  Bytes flipped = result.der();
  const Bytes status = {0x02, 0x01, 0x02, 0x30};
  auto at = std::search(flipped.begin(), flipped.end(), status.begin(), status.end());
  ASSERT_NE(at, flipped.end());
  at[2] = 96;
  // ...but a contraindicated result must list reasons, so this does not even decode.
  EXPECT_THROW(AttestationResult::from_der(flipped), DecodeError);

  // HMEE key mismatch.
  ResultExpectations other_key;
  other_key.hmee_key = PrivateKey::generate().public_key();
  verdict = verify_attestation_result(result, verifier_.trust(), kNonce, kNow, other_key);
  EXPECT_EQ(verdict.failure, ResultFailure::hmee_key_mismatch);
  EXPECT_EQ(verdict.reason(), "HMEE key mismatch");

  // Time.
  verdict = relying_party(result, kNonce, Instant{kNow.unix_ns - 1});
  EXPECT_EQ(verdict.failure, ResultFailure::time_in_future);
  EXPECT_EQ(verdict.reason(), "result time in the future");
  verdict = relying_party(result, kNonce, Instant{kNow.unix_ns + 301 * kNs});
  EXPECT_EQ(verdict.failure, ResultFailure::too_old);
  EXPECT_EQ(verdict.reason(), "result too old");
  EXPECT_TRUE(relying_party(result, kNonce, Instant{kNow.unix_ns + 300 * kNs}).ok());
}

TEST_F(AttestationTest, CreateAndAppraiseRejectInconsistentInput) {
  EXPECT_THROW(evidence({}), PkiError);
  EXPECT_THROW(evidence({{"a", Bytes(32, 0)}, {"a", Bytes(32, 1)}}), PkiError);
  EXPECT_THROW(evidence({{"a", Bytes(31, 0)}}), PkiError);
  EXPECT_THROW(evidence({{"", Bytes(32, 0)}}), PkiError);
  EXPECT_THROW(evidence({{std::string(129, 'n'), Bytes(32, 0)}}), PkiError);
  EXPECT_THROW(evidence(golden_measurements(), Bytes(65, 0)), PkiError);
  EXPECT_THROW(Evidence::create(golden_measurements(), kNonce, hmee_.public_key(), kMeasuredAt,
                                PrivateKey::generate(), platform_.chain()),
               PkiError);
  EXPECT_THROW(Evidence::create(golden_measurements(), kNonce, hmee_.public_key(), kMeasuredAt,
                                platform_.key, {}),
               PkiError);
  EXPECT_THROW(appraise(evidence(), reference_, kNonce, {platform_.root.certificate()}, kNow,
                        PrivateKey::generate(), verifier_.cert),
               PkiError);
}

TEST_F(AttestationTest, FromDerRejectsMalformedEvidence) {
  auto rejects = [&](const Bytes& der, const std::string& needle) {
    try {
      Evidence::from_der(der);
      ADD_FAILURE() << "accepted; expected: " << needle;
    } catch (const DecodeError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  const Bytes spki = hmee_.public_key().to_der();
  auto signed_evidence = [&](const Bytes& tbs) {
    return encode_signed(tbs, platform_.key.sign(tbs), certificate_list(platform_.chain()));
  };
  // Sanity: the independent encoder's output is accepted.
  EXPECT_NO_THROW(Evidence::from_der(
      signed_evidence(encode_evidence_tbs(golden_measurements(), kNonce, spki, kMeasuredAt))));

  rejects(signed_evidence(encode_evidence_tbs(golden_measurements(), kNonce, spki, kMeasuredAt,
                                              kAttestationResultOid)),
          "tbs.contentType");
  rejects(signed_evidence(encode_evidence_tbs(golden_measurements(), kNonce, spki, kMeasuredAt,
                                              kAttestationEvidenceOid, 0)),
          "tbs.version");
  rejects(signed_evidence(encode_evidence_tbs({}, kNonce, spki, kMeasuredAt)), "empty");
  rejects(signed_evidence(encode_evidence_tbs({{"a", Bytes(32, 0)}, {"a", Bytes(32, 0)}}, kNonce,
                                              spki, kMeasuredAt)),
          "repeated");
  rejects(signed_evidence(encode_evidence_tbs({{"a", Bytes(33, 0)}}, kNonce, spki, kMeasuredAt)),
          "32 octets");
  rejects(signed_evidence(encode_evidence_tbs({{"", Bytes(32, 0)}}, kNonce, spki, kMeasuredAt)),
          "Measurement.name");
  rejects(
      signed_evidence(encode_evidence_tbs(golden_measurements(), Bytes(65, 0), spki, kMeasuredAt)),
      "nonce");
  std::vector<Measurement> too_many;
  for (int i = 0; i < 257; ++i) too_many.push_back({"m" + std::to_string(i), Bytes(32, 0)});
  rejects(signed_evidence(encode_evidence_tbs(too_many, kNonce, spki, kMeasuredAt)),
          "more than 256");
  Bytes not_a_key = der::Writer().sequence([](der::Writer& w) { w.integer(1); }).take();
  rejects(
      signed_evidence(encode_evidence_tbs(golden_measurements(), kNonce, not_a_key, kMeasuredAt)),
      "not a valid SubjectPublicKeyInfo");
  // A key-attestation statement or a result is not Evidence.
  PrivateKey attested = PrivateKey::generate();
  KeyAttestationStatement statement =
      KeyAttestationStatement::create(attested.public_key(), {true, true, "fips140-3-l3", ""},
                                      kNonce, kMeasuredAt, platform_.key, platform_.chain());
  rejects(statement.der(), "tbs.contentType");
  rejects(appraise_evidence(evidence()).der(), "tbs.contentType");
  Bytes trailing = evidence().der();
  trailing.push_back(0);
  rejects(trailing, "after the last field of Evidence");
}

TEST_F(AttestationTest, FromDerRejectsMalformedResults) {
  auto rejects = [&](const Bytes& der, const std::string& needle) {
    try {
      AttestationResult::from_der(der);
      ADD_FAILURE() << "accepted; expected: " << needle;
    } catch (const DecodeError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  auto signed_result = [&](const ResultFields& f) {
    Bytes tbs = encode_result_tbs(f);
    return encode_signed(tbs, verifier_.key.sign(tbs), one_certificate(verifier_.cert));
  };
  ResultFields good;
  EXPECT_NO_THROW(AttestationResult::from_der(signed_result(good)));
  ResultFields f = good;
  f.status = 3;
  rejects(signed_result(f), "tbs.status 3");
  f = good;
  f.reasons = {"something"};
  rejects(signed_result(f), "affirming result with reasons");
  f = good;
  f.status = 96;
  rejects(signed_result(f), "contraindicated result without reasons");
  f.reasons = {""};
  rejects(signed_result(f), "reason must be");
  f.reasons = {std::string(257, 'r')};
  rejects(signed_result(f), "reason must be");
  f = good;
  f.hmee_sha256.resize(20);
  rejects(signed_result(f), "tbs.hmeeKeySha256");
  f = good;
  f.evidence_sha256.clear();
  rejects(signed_result(f), "tbs.evidenceSha256");
  f = good;
  f.nonce = Bytes(65, 0);
  rejects(signed_result(f), "tbs.nonce");

  Bytes tbs = encode_result_tbs(good);
  Bytes signature = verifier_.key.sign(tbs);
  rejects(encode_signed(tbs, signature, certificate_list({verifier_.cert})), "verifierCertificate");
  der::Writer two;
  two.raw(verifier_.cert.der()).raw(verifier_.cert.der());
  rejects(encode_signed(tbs, signature, two), "after the last field of");
  der::Writer none;
  rejects(encode_signed(tbs, signature, none), "verifierCertificate");
  rejects(encode_signed(tbs, {}, one_certificate(verifier_.cert)), "signature is empty");
  rejects(evidence().der(), "tbs.contentType");
}

// Mutations: bit flips, random bytes, truncation, insertion, deletion of a range, duplicated
// ranges and length-octet tweaks.
Bytes mutate(const Bytes& original, std::mt19937& random) {
  return test::mutate_structure(original, random);
}

TEST_F(AttestationTest, TamperedResultBytesNeverPassTheRelyingParty) {
  const Bytes original = appraise_evidence(evidence()).der();
  const Bytes& certificate = verifier_.cert.der();
  const auto certificate_at = static_cast<std::size_t>(
      std::search(original.begin(), original.end(), certificate.begin(), certificate.end()) -
      original.begin());
  ASSERT_LT(certificate_at, original.size());
  int decode_failures = 0;
  int check_failures = 0;
  for (std::size_t i = 0; i < original.size(); ++i) {
    if (i >= certificate_at && i % 5 != 0) continue;
    for (std::uint8_t mask : {0x01, 0x80}) {
      Bytes der = original;
      der[i] ^= mask;
      try {
        ResultVerdict verdict = relying_party(AttestationResult::from_der(der));
        EXPECT_FALSE(verdict.ok()) << "byte " << i << " ^ " << int{mask} << " still accepted";
        ++check_failures;
      } catch (const DecodeError&) {
        ++decode_failures;
      }
    }
  }
  EXPECT_GT(decode_failures, 0);
  EXPECT_GT(check_failures, 0);
}

TEST_F(AttestationTest, TamperedEvidenceBytesNeverAppraiseAffirming) {
  const Bytes original = evidence().der();
  const Bytes& certificate = platform_.cert.der();
  const auto chain_at = static_cast<std::size_t>(
      std::search(original.begin(), original.end(), certificate.begin(), certificate.end()) -
      original.begin());
  ASSERT_LT(chain_at, original.size());
  for (std::size_t i = 0; i < original.size(); ++i) {
    if (i >= chain_at && i % 7 != 0) continue;
    Bytes der = original;
    der[i] ^= static_cast<std::uint8_t>(i % 2 == 0 ? 0x01 : 0x80);
    try {
      Evidence tampered = Evidence::from_der(der);
      EXPECT_FALSE(appraise_evidence(tampered).affirming()) << "byte " << i;
    } catch (const DecodeError&) {
    }
  }
}

TEST_F(AttestationTest, TenThousandMutatedEvidenceEncodingsNeverCrashFromDer) {
  const Bytes original = evidence().der();
  std::mt19937 random(31337);
  int rejected = 0;
  for (int i = 0; i < 10000; ++i) {
    Bytes sample = mutate(original, random);
    try {
      EXPECT_EQ(Evidence::from_der(sample).der(), sample);
    } catch (const DecodeError&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 5000);
}

TEST_F(AttestationTest, TenThousandMutatedResultEncodingsNeverCrashFromDer) {
  std::vector<Measurement> measured = golden_measurements();
  measured[2].sha256 = Bytes(32, 0x33);
  const Bytes original = appraise_evidence(evidence(measured)).der();  // with reasons
  std::mt19937 random(4242);
  int rejected = 0;
  for (int i = 0; i < 10000; ++i) {
    Bytes sample = mutate(original, random);
    try {
      EXPECT_EQ(AttestationResult::from_der(sample).der(), sample);
    } catch (const DecodeError&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 5000);
}

}  // namespace
}  // namespace ifa026::pki::attestation_evidence_test
