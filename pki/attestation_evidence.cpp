// Remote-attestation Evidence and AttestationResult: DER encoding and decoding
// (docs/pki-formats.md), the Verifier's appraisal and the Relying Party's result check.
#include "pki/attestation_evidence.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "pki/der.hpp"

namespace ifa026::pki {

namespace {

constexpr std::size_t kEvidenceDigestSize = 32;
constexpr std::size_t kMaxEvidenceNonceSize = 64;
constexpr std::size_t kMaxMeasurements = 256;
constexpr std::size_t kMaxNameSize = 128;
constexpr std::size_t kMaxEvidenceChainLength = 8;
constexpr std::size_t kMaxReasons = 512;
constexpr std::size_t kMaxReasonSize = 256;

// Whether `signature` over `data` verifies under the key of `certificate`; false too when that
// key cannot be used at all (attacker-supplied certificates must not make checks throw).
bool signed_by(const Certificate& certificate, ByteView data, ByteView signature) {
  try {
    return certificate.public_key().verify(data, signature);
  } catch (const PkiError&) {
    return false;
  }
}

bool same_bytes(ByteView a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// ---------------------------------------------------------------------------------------------
// Evidence encoding

Bytes encode_evidence_tbs(const std::vector<Measurement>& measurements, const Bytes& nonce,
                          const Bytes& hmee_key_der, Instant when) {
  der::Writer out;
  out.sequence([&](der::Writer& w) {
    w.object_identifier(kAttestationEvidenceOid).integer(Evidence::kVersion);
    w.sequence([&](der::Writer& list) {
      for (const Measurement& m : measurements) {
        list.sequence(
            [&](der::Writer& entry) { entry.utf8_string(m.name).octet_string(m.sha256); });
      }
    });
    w.octet_string(nonce).raw(hmee_key_der).generalized_time(when);
  });
  return out.take();
}

// SEQUENCE { tbs, signature OCTET STRING, [0] EXPLICIT <certificates> }
Bytes encode_signed(const Bytes& tbs, const Bytes& signature, const der::Writer& certificates) {
  der::Writer out;
  out.sequence(
      [&](der::Writer& w) { w.raw(tbs).octet_string(signature).explicit_tag(0, certificates); });
  return out.take();
}

void check_measurements(const std::vector<Measurement>& measurements) {
  if (measurements.empty() || measurements.size() > kMaxMeasurements) {
    throw PkiError("evidence: 1.." + std::to_string(kMaxMeasurements) + " measurements needed");
  }
  std::set<std::string> names;
  for (const Measurement& m : measurements) {
    if (m.name.empty() || m.name.size() > kMaxNameSize) {
      throw PkiError("evidence: measurement name must be 1..128 octets");
    }
    if (m.sha256.size() != kEvidenceDigestSize) {
      throw PkiError("evidence: measurement '" + m.name + "' digest is not 32 octets");
    }
    if (!names.insert(m.name).second) {
      throw PkiError("evidence: measurement '" + m.name + "' appears twice");
    }
  }
}

// The signed envelope common to Evidence and AttestationResult, as read.
struct Envelope {
  ByteView tbs;
  std::size_t tbs_offset = 0;
  Bytes signature;
};

// Reads SEQUENCE { tbs SEQUENCE, signature OCTET STRING, [0] ... } up to the [0] contents,
// which it returns through `certificates`; the caller reads them and calls expect_end.
Envelope read_envelope(der::Reader& outer, std::string_view name) {
  Envelope envelope;
  envelope.tbs_offset = outer.offset();
  envelope.tbs = outer.raw(der::kSequence, std::string(name) + ".tbs");
  const std::size_t signature_offset = outer.offset();
  envelope.signature = outer.octet_string(std::string(name) + ".signature");
  if (envelope.signature.empty()) {
    der::fail_at(signature_offset, std::string(name) + ".signature is empty");
  }
  return envelope;
}

Bytes read_nonce(der::Reader& reader, std::string_view what) {
  const std::size_t offset = reader.offset();
  Bytes nonce = reader.octet_string(what);
  if (nonce.size() > kMaxEvidenceNonceSize)
    der::fail_at(offset, std::string(what) + " longer than 64 octets");
  return nonce;
}

Bytes read_digest(der::Reader& reader, std::string_view what) {
  const std::size_t offset = reader.offset();
  Bytes digest = reader.octet_string(what);
  if (digest.size() != kEvidenceDigestSize)
    der::fail_at(offset, std::string(what) + " must be 32 octets");
  return digest;
}

void read_version(der::Reader& reader, std::int64_t expected, std::string_view what) {
  const std::size_t offset = reader.offset();
  std::int64_t version = reader.integer(what);
  if (version != expected) {
    der::fail_at(offset, "unsupported " + std::string(what) + " " + std::to_string(version));
  }
}

// ---------------------------------------------------------------------------------------------
// AttestationResult encoding

Bytes encode_result_tbs(AttestationStatus status, const std::vector<std::string>& reasons,
                        const Bytes& hmee_key_sha256, const Bytes& evidence_sha256,
                        const Bytes& nonce, Instant when) {
  der::Writer out;
  out.sequence([&](der::Writer& w) {
    w.object_identifier(kAttestationResultOid)
        .integer(AttestationResult::kVersion)
        .integer(static_cast<std::int64_t>(status));
    w.sequence([&](der::Writer& list) {
      for (const std::string& reason : reasons) list.utf8_string(reason);
    });
    w.octet_string(hmee_key_sha256).octet_string(evidence_sha256).octet_string(nonce);
    w.generalized_time(when);
  });
  return out.take();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Evidence

Evidence Evidence::create(std::vector<Measurement> measurements, Bytes nonce,
                          const PublicKey& hmee_key, Instant when, const PrivateKey& platform_key,
                          std::vector<Certificate> platform_chain) {
  check_measurements(measurements);
  if (nonce.size() > kMaxEvidenceNonceSize) throw PkiError("evidence: nonce longer than 64 octets");
  if (platform_chain.empty() || platform_chain.size() > kMaxEvidenceChainLength) {
    throw PkiError("evidence: the platform chain must hold 1..8 certificates");
  }
  if (!(platform_chain.front().public_key() == platform_key.public_key())) {
    throw PkiError("evidence: the first chain certificate does not certify the platform key");
  }
  Evidence evidence;
  evidence.measurements_ = std::move(measurements);
  evidence.nonce_ = std::move(nonce);
  evidence.hmee_key_der_ = hmee_key.to_der();
  evidence.attested_at_ = when;
  evidence.to_be_signed_ =
      encode_evidence_tbs(evidence.measurements_, evidence.nonce_, evidence.hmee_key_der_, when);
  evidence.signature_ = platform_key.sign(evidence.to_be_signed_);
  evidence.chain_ = std::move(platform_chain);
  der::Writer certificates;
  der::write_certificates(certificates, evidence.chain_);
  evidence.der_ = encode_signed(evidence.to_be_signed_, evidence.signature_, certificates);
  return evidence;
}

Evidence Evidence::from_der(ByteView der) {
  Evidence evidence;
  der::Reader input(der);
  der::Reader outer = input.sequence("Evidence");
  input.expect_end("Evidence");
  Envelope envelope = read_envelope(outer, "Evidence");

  der::Reader tbs_outer(envelope.tbs, envelope.tbs_offset);
  der::Reader tbs = tbs_outer.sequence("Evidence.tbs");
  tbs.expect_object_identifier(kAttestationEvidenceOid, "tbs.contentType");
  read_version(tbs, kVersion, "tbs.version");

  const std::size_t list_offset = tbs.offset();
  der::Reader list = tbs.sequence("tbs.measurements");
  std::set<std::string> names;
  while (!list.at_end()) {
    if (evidence.measurements_.size() == kMaxMeasurements) {
      list.fail("more than 256 measurements");
    }
    der::Reader entry = list.sequence("Measurement");
    const std::size_t name_offset = entry.offset();
    Measurement m;
    m.name = entry.utf8_string("Measurement.name");
    if (m.name.empty() || m.name.size() > kMaxNameSize) {
      der::fail_at(name_offset, "Measurement.name must be 1..128 octets");
    }
    if (!names.insert(m.name).second) {
      der::fail_at(name_offset, "Measurement.name '" + m.name + "' repeated");
    }
    m.sha256 = read_digest(entry, "Measurement.digest");
    entry.expect_end("Measurement");
    evidence.measurements_.push_back(std::move(m));
  }
  if (evidence.measurements_.empty()) der::fail_at(list_offset, "tbs.measurements is empty");

  evidence.nonce_ = read_nonce(tbs, "tbs.nonce");
  evidence.hmee_key_der_ = der::read_public_key(tbs, "tbs.hmeeKey");
  evidence.attested_at_ = tbs.generalized_time("tbs.attestedAt");
  tbs.expect_end("Evidence.tbs");

  der::Reader certificates = outer.explicit_tag(0, "Evidence.certificates");
  evidence.chain_ =
      der::read_certificates(certificates, "certificates", 1, kMaxEvidenceChainLength);
  certificates.expect_end("Evidence.certificates");
  outer.expect_end("Evidence");

  evidence.signature_ = std::move(envelope.signature);
  evidence.to_be_signed_.assign(envelope.tbs.begin(), envelope.tbs.end());
  evidence.der_.assign(der.begin(), der.end());
  return evidence;
}

// ---------------------------------------------------------------------------------------------
// AttestationResult

std::string_view to_string(AttestationStatus status) {
  return status == AttestationStatus::affirming ? "affirming" : "contraindicated";
}

AttestationResult AttestationResult::from_der(ByteView der) {
  AttestationResult result;
  der::Reader input(der);
  der::Reader outer = input.sequence("AttestationResult");
  input.expect_end("AttestationResult");
  Envelope envelope = read_envelope(outer, "AttestationResult");

  der::Reader tbs_outer(envelope.tbs, envelope.tbs_offset);
  der::Reader tbs = tbs_outer.sequence("AttestationResult.tbs");
  tbs.expect_object_identifier(kAttestationResultOid, "tbs.contentType");
  read_version(tbs, kVersion, "tbs.version");
  const std::size_t status_offset = tbs.offset();
  const std::int64_t status = tbs.integer("tbs.status");
  if (status != static_cast<std::int64_t>(AttestationStatus::affirming) &&
      status != static_cast<std::int64_t>(AttestationStatus::contraindicated)) {
    der::fail_at(status_offset, "tbs.status " + std::to_string(status) +
                                    " is not affirming(2) or "
                                    "contraindicated(96)");
  }
  result.status_ = static_cast<AttestationStatus>(status);

  const std::size_t reasons_offset = tbs.offset();
  der::Reader reasons = tbs.sequence("tbs.reasons");
  while (!reasons.at_end()) {
    if (result.reasons_.size() == kMaxReasons) reasons.fail("more than 512 reasons");
    const std::size_t reason_offset = reasons.offset();
    std::string reason = reasons.utf8_string("reason");
    if (reason.empty() || reason.size() > kMaxReasonSize) {
      der::fail_at(reason_offset, "reason must be 1..256 octets");
    }
    result.reasons_.push_back(std::move(reason));
  }
  if (result.affirming() != result.reasons_.empty()) {
    der::fail_at(reasons_offset, result.affirming() ? "affirming result with reasons"
                                                    : "contraindicated result without reasons");
  }
  result.hmee_key_sha256_ = read_digest(tbs, "tbs.hmeeKeySha256");
  result.evidence_sha256_ = read_digest(tbs, "tbs.evidenceSha256");
  result.nonce_ = read_nonce(tbs, "tbs.nonce");
  result.appraised_at_ = tbs.generalized_time("tbs.appraisedAt");
  tbs.expect_end("AttestationResult.tbs");

  der::Reader certificate = outer.explicit_tag(0, "AttestationResult.verifierCertificate");
  result.verifier_certificate_ = der::read_certificate(certificate, "verifierCertificate");
  certificate.expect_end("AttestationResult.verifierCertificate");
  outer.expect_end("AttestationResult");

  result.signature_ = std::move(envelope.signature);
  result.to_be_signed_.assign(envelope.tbs.begin(), envelope.tbs.end());
  result.der_.assign(der.begin(), der.end());
  return result;
}

AttestationResult appraise(const Evidence& evidence, const ReferenceValues& reference,
                           ByteView expected_nonce, const std::vector<Certificate>& hardware_roots,
                           Instant now, const PrivateKey& verifier_key,
                           const Certificate& verifier_certificate) {
  if (!(verifier_certificate.public_key() == verifier_key.public_key())) {
    throw PkiError("appraise: the verifier certificate does not certify the verifier key");
  }
  std::vector<std::string> reasons;
  const std::vector<Certificate>& chain = evidence.platform_chain();

  if (chain.empty() || !signed_by(chain.front(), evidence.to_be_signed(), evidence.signature())) {
    reasons.push_back("evidence signature invalid");
  }
  if (!chain.empty()) {
    TrustStore trust;
    for (const Certificate& root : hardware_roots) trust.add_anchor(root);
    for (std::size_t i = 1; i < chain.size(); ++i) trust.add_intermediate(chain[i]);
    VerifyResult path = hardware_roots.empty()
                            ? VerifyResult{VerifyFailure::unknown_issuer, "no hardware roots"}
                            : verify_certificate(chain.front(), trust, now);
    if (!path.ok()) {
      reasons.push_back("platform chain does not end at a hardware root (" +
                        std::string(to_string(path.failure)) + ": " + path.detail + ")");
    }
  }
  if (!expected_nonce.empty() && !same_bytes(expected_nonce, evidence.nonce())) {
    reasons.push_back("nonce mismatch");
  }

  const std::vector<Measurement>& measured = evidence.measurements();
  auto find = [&](const std::string& name) {
    return std::find_if(measured.begin(), measured.end(),
                        [&](const Measurement& m) { return m.name == name; });
  };
  for (const Measurement& expected : reference.expected) {
    auto it = find(expected.name);
    if (it == measured.end()) {
      reasons.push_back("measurement missing: " + expected.name);
    } else if (it->sha256 != expected.sha256) {
      reasons.push_back("measurement mismatch: " + expected.name);
    }
  }
  if (!reference.allow_unlisted) {
    for (const Measurement& m : measured) {
      bool listed = std::any_of(reference.expected.begin(), reference.expected.end(),
                                [&](const Measurement& e) { return e.name == m.name; });
      if (!listed) reasons.push_back("unexpected measurement: " + m.name);
    }
  }
  if (evidence.attested_at() > now) {
    reasons.push_back("evidence time in the future");
  } else if (reference.max_evidence_age_seconds &&
             older_than(evidence.attested_at(), now, *reference.max_evidence_age_seconds)) {
    reasons.push_back("evidence too old");
  }

  if (reasons.size() > kMaxReasons) {
    reasons.resize(kMaxReasons - 1);
    reasons.push_back("further reasons omitted");
  }
  for (std::string& reason : reasons) reason = der::utf8_text(reason, kMaxReasonSize);

  AttestationResult result;
  result.status_ =
      reasons.empty() ? AttestationStatus::affirming : AttestationStatus::contraindicated;
  result.reasons_ = std::move(reasons);
  result.hmee_key_sha256_ = sha256(evidence.hmee_key_der());
  result.evidence_sha256_ = sha256(evidence.der());
  result.nonce_ = evidence.nonce();
  result.appraised_at_ = now;
  result.to_be_signed_ =
      encode_result_tbs(result.status_, result.reasons_, result.hmee_key_sha256_,
                        result.evidence_sha256_, result.nonce_, result.appraised_at_);
  result.signature_ = verifier_key.sign(result.to_be_signed_);
  result.verifier_certificate_ = verifier_certificate;
  der::Writer certificate;
  certificate.raw(verifier_certificate.der());
  result.der_ = encode_signed(result.to_be_signed_, result.signature_, certificate);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Relying party

std::string_view to_string(ResultFailure failure) {
  switch (failure) {
    case ResultFailure::none:
      return "ok";
    case ResultFailure::signature_invalid:
      return "signature invalid";
    case ResultFailure::verifier_not_trusted:
      return "verifier not trusted";
    case ResultFailure::nonce_mismatch:
      return "nonce mismatch";
    case ResultFailure::hmee_key_mismatch:
      return "HMEE key mismatch";
    case ResultFailure::time_in_future:
      return "result time in the future";
    case ResultFailure::too_old:
      return "result too old";
    case ResultFailure::contraindicated:
      return "contraindicated";
  }
  return "unknown";
}

namespace {

// Everything after the verifier's certificate has been found trustworthy.
ResultVerdict check_result_content(const AttestationResult& result, ByteView expected_nonce,
                                   Instant now, const ResultExpectations& expectations) {
  using F = ResultFailure;
  if (!expected_nonce.empty() && !same_bytes(expected_nonce, result.nonce())) {
    return {F::nonce_mismatch,
            "result nonce " + to_hex(result.nonce()) + ", expected " + to_hex(expected_nonce)};
  }
  if (expectations.hmee_key && expectations.hmee_key->spki_sha256() != result.hmee_key_sha256()) {
    return {F::hmee_key_mismatch, "result is about HMEE key " + to_hex(result.hmee_key_sha256())};
  }
  if (result.appraised_at() > now) return {F::time_in_future, "appraised after `now`"};
  if (expectations.max_age_seconds &&
      older_than(result.appraised_at(), now, *expectations.max_age_seconds)) {
    return {F::too_old, "older than " + std::to_string(*expectations.max_age_seconds) + " s"};
  }
  if (!result.affirming()) {
    std::string detail;
    for (const std::string& reason : result.reasons()) {
      if (!detail.empty()) detail += "; ";
      detail += reason;
    }
    return {F::contraindicated, detail};
  }
  return {};
}

bool signature_valid(const AttestationResult& result) {
  return signed_by(result.verifier_certificate(), result.to_be_signed(), result.signature());
}

}  // namespace

ResultVerdict verify_attestation_result(const AttestationResult& result,
                                        const TrustStore& verifier_trust, ByteView expected_nonce,
                                        Instant now, const ResultExpectations& expectations) {
  if (!signature_valid(result)) {
    return {ResultFailure::signature_invalid, "not signed by the carried verifier certificate"};
  }
  VerifyResult path = verify_certificate(result.verifier_certificate(), verifier_trust, now);
  if (!path.ok()) {
    return {ResultFailure::verifier_not_trusted,
            std::string(to_string(path.failure)) + ": " + path.detail};
  }
  return check_result_content(result, expected_nonce, now, expectations);
}

ResultVerdict verify_attestation_result(const AttestationResult& result,
                                        const Certificate& pinned_verifier, ByteView expected_nonce,
                                        Instant now, const ResultExpectations& expectations) {
  if (!signature_valid(result)) {
    return {ResultFailure::signature_invalid, "not signed by the carried verifier certificate"};
  }
  if (!(result.verifier_certificate() == pinned_verifier)) {
    return {ResultFailure::verifier_not_trusted, "not the pinned verifier certificate"};
  }
  TrustStore trust;
  trust.add_anchor(pinned_verifier);
  VerifyResult path = verify_certificate(pinned_verifier, trust, now);
  if (!path.ok()) {
    return {ResultFailure::verifier_not_trusted,
            std::string(to_string(path.failure)) + ": " + path.detail};
  }
  return check_result_content(result, expected_nonce, now, expectations);
}

}  // namespace ifa026::pki
