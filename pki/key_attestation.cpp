// Key-attestation statements: DER encoding and decoding (docs/pki-formats.md), signing with the
// HSM attestation key, and verification against a relying party's policy and vendor roots.
#include "pki/key_attestation.hpp"

#include <algorithm>
#include <utility>

#include "pki/chain_verifier.hpp"
#include "pki/der.hpp"

namespace ifa026::pki {

namespace {

constexpr std::size_t kStatementDigestSize = 32;
constexpr std::size_t kMaxStatementNonceSize = 64;
constexpr std::size_t kMaxLevelSize = 64;
constexpr std::size_t kMaxStatementChainLength = 8;

Bytes encode_tbs(const Bytes& spki_sha256, const KeyProperties& properties, const Bytes& nonce,
                 Instant when) {
  der::Writer tbs;
  tbs.sequence([&](der::Writer& w) {
    w.object_identifier(kKeyAttestationStatementOid)
        .integer(KeyAttestationStatement::kVersion)
        .octet_string(spki_sha256)
        .sequence([&](der::Writer& p) {
          p.boolean(properties.generated_in_hsm)
              .boolean(properties.non_exportable)
              .utf8_string(properties.security_level)
              .utf8_string(properties.key_type);
        })
        .octet_string(nonce)
        .generalized_time(when);
  });
  return tbs.take();
}

Bytes encode_statement(const Bytes& tbs, const Bytes& signature,
                       const std::vector<Certificate>& chain) {
  der::Writer out;
  out.sequence([&](der::Writer& w) {
    w.raw(tbs).octet_string(signature).explicit_tag(
        0, [&](der::Writer& certs) { der::write_certificates(certs, chain); });
  });
  return out.take();
}

bool valid_level_text(std::string_view level) {
  return !level.empty() && level.size() <= kMaxLevelSize;
}

}  // namespace

std::optional<int> security_level_rank(std::string_view level) {
  // "fips140-V-lN"
  constexpr std::string_view kPrefix = "fips140-";
  if (level.size() != kPrefix.size() + 4 || level.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  const char standard = level[kPrefix.size()];
  if ((standard != '2' && standard != '3') || level[kPrefix.size() + 1] != '-' ||
      level[kPrefix.size() + 2] != 'l') {
    return std::nullopt;
  }
  const char n = level[kPrefix.size() + 3];
  if (n < '1' || n > '4') return std::nullopt;
  return (n - '0') * 2 + (standard == '3' ? 1 : 0);
}

KeyAttestationStatement KeyAttestationStatement::create(
    const PublicKey& attested, KeyProperties properties, Bytes nonce, Instant when,
    const PrivateKey& attestation_key, std::vector<Certificate> attestation_chain) {
  const std::string type(to_string(attested.type()));
  if (properties.key_type.empty()) properties.key_type = type;
  if (properties.key_type != type) {
    throw PkiError("key attestation: key type '" + properties.key_type +
                   "' does not match the attested key (" + type + ")");
  }
  if (!valid_level_text(properties.security_level)) {
    throw PkiError("key attestation: security level must be 1.." + std::to_string(kMaxLevelSize) +
                   " octets");
  }
  if (nonce.size() > kMaxStatementNonceSize) {
    throw PkiError("key attestation: nonce longer than " + std::to_string(kMaxStatementNonceSize) +
                   " octets");
  }
  if (attestation_chain.empty() || attestation_chain.size() > kMaxStatementChainLength) {
    throw PkiError("key attestation: the attestation chain must hold 1.." +
                   std::to_string(kMaxStatementChainLength) + " certificates");
  }
  if (!(attestation_chain.front().public_key() == attestation_key.public_key())) {
    throw PkiError(
        "key attestation: the first chain certificate does not certify the "
        "attestation key");
  }

  KeyAttestationStatement statement;
  statement.spki_sha256_ = attested.spki_sha256();
  statement.properties_ = std::move(properties);
  statement.nonce_ = std::move(nonce);
  statement.attested_at_ = when;
  statement.to_be_signed_ =
      encode_tbs(statement.spki_sha256_, statement.properties_, statement.nonce_, when);
  statement.signature_ = attestation_key.sign(statement.to_be_signed_);
  statement.chain_ = std::move(attestation_chain);
  statement.der_ =
      encode_statement(statement.to_be_signed_, statement.signature_, statement.chain_);
  return statement;
}

KeyAttestationStatement KeyAttestationStatement::from_der(ByteView der) {
  KeyAttestationStatement statement;
  der::Reader input(der);
  der::Reader outer = input.sequence("KeyAttestationStatement");
  input.expect_end("KeyAttestationStatement");

  const std::size_t tbs_offset = outer.offset();
  ByteView tbs_bytes = outer.raw(der::kSequence, "KeyAttestationStatement.tbs");
  der::Reader tbs_outer(tbs_bytes, tbs_offset);
  der::Reader tbs = tbs_outer.sequence("KeyAttestationStatement.tbs");

  tbs.expect_object_identifier(kKeyAttestationStatementOid, "tbs.contentType");
  const std::size_t version_offset = tbs.offset();
  statement.version_ = tbs.integer("tbs.version");
  if (statement.version_ != kVersion) {
    der::fail_at(version_offset, std::string("unsupported KeyAttestationStatement version ") +
                                     std::to_string(statement.version_));
  }
  const std::size_t digest_offset = tbs.offset();
  statement.spki_sha256_ = tbs.octet_string("tbs.spkiSha256");
  if (statement.spki_sha256_.size() != kStatementDigestSize) {
    der::fail_at(digest_offset, "tbs.spkiSha256 must be 32 octets");
  }

  der::Reader properties = tbs.sequence("tbs.properties");
  statement.properties_.generated_in_hsm = properties.boolean("properties.generatedInHsm");
  statement.properties_.non_exportable = properties.boolean("properties.nonExportable");
  const std::size_t level_offset = properties.offset();
  statement.properties_.security_level = properties.utf8_string("properties.securityLevel");
  if (!valid_level_text(statement.properties_.security_level)) {
    der::fail_at(level_offset, "properties.securityLevel must be 1..64 octets");
  }
  const std::size_t type_offset = properties.offset();
  statement.properties_.key_type = properties.utf8_string("properties.keyType");
  if (!key_type_from_string(statement.properties_.key_type)) {
    der::fail_at(type_offset, "properties.keyType '" + statement.properties_.key_type +
                                  "' is not a known key type");
  }
  properties.expect_end("tbs.properties");

  const std::size_t nonce_offset = tbs.offset();
  statement.nonce_ = tbs.octet_string("tbs.nonce");
  if (statement.nonce_.size() > kMaxStatementNonceSize) {
    der::fail_at(nonce_offset, "tbs.nonce longer than 64 octets");
  }
  statement.attested_at_ = tbs.generalized_time("tbs.attestedAt");
  tbs.expect_end("KeyAttestationStatement.tbs");

  const std::size_t signature_offset = outer.offset();
  statement.signature_ = outer.octet_string("KeyAttestationStatement.signature");
  if (statement.signature_.empty()) {
    der::fail_at(signature_offset, "KeyAttestationStatement.signature is empty");
  }
  der::Reader certificates = outer.explicit_tag(0, "KeyAttestationStatement.certificates");
  statement.chain_ =
      der::read_certificates(certificates, "certificates", 1, kMaxStatementChainLength);
  certificates.expect_end("KeyAttestationStatement.certificates");
  outer.expect_end("KeyAttestationStatement");

  statement.to_be_signed_.assign(tbs_bytes.begin(), tbs_bytes.end());
  statement.der_.assign(der.begin(), der.end());
  return statement;
}

std::string_view to_string(KeyAttestationFailure failure) {
  switch (failure) {
    case KeyAttestationFailure::none:
      return "ok";
    case KeyAttestationFailure::signature_invalid:
      return "signature invalid";
    case KeyAttestationFailure::chain_not_to_vendor_root:
      return "chain does not end at a vendor root";
    case KeyAttestationFailure::key_mismatch:
      return "key mismatch";
    case KeyAttestationFailure::nonce_mismatch:
      return "nonce mismatch";
    case KeyAttestationFailure::key_exportable:
      return "key exportable";
    case KeyAttestationFailure::not_generated_in_hsm:
      return "not generated in HSM";
    case KeyAttestationFailure::security_level_not_allowed:
      return "security level not allowed";
    case KeyAttestationFailure::time_in_future:
      return "attestation time in the future";
    case KeyAttestationFailure::too_old:
      return "attestation too old";
  }
  return "unknown";
}

AttestationVerdict verify_key_attestation(const KeyAttestationStatement& statement,
                                          const PublicKey& expected_key, ByteView expected_nonce,
                                          const KeyAttestationPolicy& policy,
                                          const std::vector<Certificate>& vendor_roots,
                                          Instant now) {
  using F = KeyAttestationFailure;
  const std::vector<Certificate>& chain = statement.attestation_chain();
  if (chain.empty()) return {F::signature_invalid, "no attestation certificate"};

  try {
    if (!chain.front().public_key().verify(statement.to_be_signed(), statement.signature())) {
      return {F::signature_invalid, "not signed by the key of the first chain certificate"};
    }
  } catch (const PkiError& e) {  // a certificate whose key OpenSSL cannot use
    return {F::signature_invalid, std::string("attestation certificate key unusable: ") + e.what()};
  }

  if (vendor_roots.empty()) return {F::chain_not_to_vendor_root, "no vendor roots configured"};
  TrustStore trust;
  for (const Certificate& root : vendor_roots) trust.add_anchor(root);
  for (std::size_t i = 1; i < chain.size(); ++i) trust.add_intermediate(chain[i]);
  VerifyResult path = verify_certificate(chain.front(), trust, now);
  if (!path.ok()) {
    return {F::chain_not_to_vendor_root, std::string(to_string(path.failure)) + ": " + path.detail};
  }

  const KeyProperties& properties = statement.properties();
  if (statement.spki_sha256() != expected_key.spki_sha256()) {
    return {F::key_mismatch, "attested SPKI SHA-256 " + to_hex(statement.spki_sha256()) +
                                 " is not the expected key's"};
  }
  if (properties.key_type != to_string(expected_key.type())) {
    return {F::key_mismatch, "attested key type " + properties.key_type + " is not " +
                                 std::string(to_string(expected_key.type()))};
  }

  if (!expected_nonce.empty() && !std::equal(expected_nonce.begin(), expected_nonce.end(),
                                             statement.nonce().begin(), statement.nonce().end())) {
    return {F::nonce_mismatch, "statement nonce " + to_hex(statement.nonce())};
  }

  if (policy.require_non_exportable && !properties.non_exportable) {
    return {F::key_exportable, "the HSM says the key can be exported"};
  }
  if (policy.require_generated_in_hsm && !properties.generated_in_hsm) {
    return {F::not_generated_in_hsm, "the HSM says the key was imported"};
  }

  const std::string& level = properties.security_level;
  if (!policy.allowed_levels.empty() &&
      std::find(policy.allowed_levels.begin(), policy.allowed_levels.end(), level) ==
          policy.allowed_levels.end()) {
    return {F::security_level_not_allowed, "'" + level + "' is not in the allowed list"};
  }
  if (policy.minimum_level) {
    std::optional<int> minimum = security_level_rank(*policy.minimum_level);
    std::optional<int> rank = security_level_rank(level);
    if (!minimum) {
      return {F::security_level_not_allowed,
              "policy minimum '" + *policy.minimum_level + "' is not a ranked level"};
    }
    if (!rank || *rank < *minimum) {
      return {F::security_level_not_allowed,
              "'" + level + "' is below the minimum '" + *policy.minimum_level + "'"};
    }
  }

  if (statement.attested_at() > now) {
    return {F::time_in_future, "attested after the verification time"};
  }
  if (policy.max_age_seconds && older_than(statement.attested_at(), now, *policy.max_age_seconds)) {
    return {F::too_old, "older than " + std::to_string(*policy.max_age_seconds) + " s"};
  }
  return {};
}

}  // namespace ifa026::pki
