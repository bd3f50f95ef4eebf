// The VNFCI's HMEE as RATS Attester (see attester.hpp).
#include "actors/vnfci/attester.hpp"

#include "actors/common/day0_root.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/attestation.hpp"
#include "actors/verifier/attested_credential.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/certificate_authority.hpp"

namespace ifa026::actors::vnfci {

using nlohmann::json;

namespace {

constexpr std::int64_t kHmeeCertificateSeconds = 365LL * 86400;

// A DNS label made of the actor name (for the HMEE certificate's subjectAltName).
std::string dns_label(const std::string& name) {
  return actors::dns_label(name, "vnfci");
}

std::string joined(const std::vector<std::string>& list, const char* separator = ",") {
  std::string out;
  for (const auto& item : list) out += (out.empty() ? "" : separator) + item;
  return out;
}

}  // namespace

Attester::Attester(sim::ActorContext& context, const Settings& settings, Credentials on_credentials)
    : context_(context),
      settings_(settings),
      bootstrap_(*settings.bootstrap),
      on_credentials_(std::move(on_credentials)) {}

Attester::~Attester() {
  if (timer_.valid()) context_.cancel(timer_);
}

void Attester::record(const std::string& outcome, const std::string& detail) {
  sim::TraceRecord r;
  r.kind = sim::RecordKind::decision;
  r.operation = "Attestation";
  r.outcome = outcome;
  r.peer = bootstrap_.verifier;
  r.reference_point = reference_points::kVnfciVerifier;
  std::string text = TraceDetail().add("vnfci", context_.name()).str();
  if (!detail.empty()) text += "; " + detail;
  r.detail = std::move(text);
  context_.trace(std::move(r));
}

void Attester::fail(const std::string& reason) {
  if (timer_.valid()) context_.cancel(timer_);
  timer_ = {};
  ++round_;
  state_ = "failed";
  record("failed", TraceDetail().add("reason", reason));
}

void Attester::internal_error(const std::string& what) {
  context_.trace(internal_error_record("Attestation", bootstrap_.verifier, "", what,
                                       reference_points::kVnfciVerifier));
  fail("internal error");
}

void Attester::start() {
  try {
    platform_key_ = pki::PrivateKey::from_der(bootstrap_.platform_key);
    for (const auto& der : bootstrap_.platform_chain)
      platform_chain_.push_back(pki::Certificate::from_der(der));
  } catch (const std::exception& e) {
    platform_chain_.clear();
    return fail(std::string("platform key or chain does not decode: ") + e.what());
  }
  if (platform_chain_.empty() ||
      !(platform_chain_.front().public_key() == platform_key_->public_key()))
    return fail("the platform chain does not certify the platform key");
  // The HMEE key lives in the enclave; its certificate under the platform key lets the HSM
  // authenticate this HMEE (C.2.1.3 #6).
  hmee_key_ = pki::PrivateKey::generate(pki::KeyType::ec_p256);
  try {
    pki::CertificateAuthority platform(*platform_key_, platform_chain_.front());
    pki::CsrContent content;
    content.subject =
        pki::DistinguishedName{{{"CN", context_.name() + " HMEE"}, {"O", "ifa026 HMEE"}}};
    content.san.dns = {dns_label(context_.name()) + ".hmee.invalid"};
    pki::CertificateProfile profile;
    profile.validity_seconds = kHmeeCertificateSeconds;
    profile.extended_key_usage = {pki::ExtendedKeyUsage::client_auth};
    hmee_certificate_ = platform.issue_for_key(
        pki::ProvenKeyIssueRequest{hmee_key_->public_key(), content, pki_now(context_),
                                   std::nullopt, std::nullopt, std::nullopt},
        profile);
  } catch (const std::exception& e) {
    // Our own platform CA failing: not a verifier's refusal.
    return internal_error(std::string("cannot certify the HMEE key: ") + e.what());
  }
  request_challenge();
}

void Attester::request_challenge() {
  ++attempt_;
  ++round_;
  state_ = "challenging";
  const Envelope envelope = messages::to_envelope(
      messages::AttestationChallengeRequest{.reference = bootstrap_.reference});
  sim::Message message;
  message.to = bootstrap_.verifier;
  message.reference_point = reference_points::kVnfciVerifier;
  message.operation = envelope.operation;
  message.payload = encode_envelope(envelope);
  context_.send(std::move(message));
  record("requested",
         TraceDetail().add("reference", bootstrap_.reference).add("attempt", attempt_));
  arm_timeout();
}

void Attester::arm_timeout() {
  if (timer_.valid()) context_.cancel(timer_);
  const std::uint64_t round = round_;
  timer_ = context_.schedule(settings_.attestation_timeout, "attestation-timeout",
                             [this, round] { on_timeout(round); });
}

void Attester::on_timeout(std::uint64_t round) {
  if (round != round_) return;
  timer_ = {};
  try {
    if (attempt_ <= settings_.attestation_retries) {
      record("retry", TraceDetail().add("reason", "no answer from the verifier (" + state_ + ")"));
      request_challenge();
      return;
    }
    fail("no answer from the verifier after " + std::to_string(attempt_) + " attempts");
  } catch (const std::exception& e) {
    internal_error(e.what());
  }
}

bool Attester::handle(const sim::Message& message) {
  if (message.reference_point != reference_points::kVnfciVerifier) return false;
  auto reject = [&](const std::string& reason) {
    record("rejected", TraceDetail()
                           .add("from", message.from)
                           .add("operation", message.operation)
                           .add("reason", reason));
  };
  try {
    if (message.from != bootstrap_.verifier) {
      reject("not from the configured verifier");
      return true;
    }
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) {
      reject("undecodable: " + why);
      return true;
    }
    if (envelope->operation == operations::kAttestationChallengeResponse &&
        state_ == "challenging") {
      auto challenge = messages::from_envelope<messages::AttestationChallengeResponse>(*envelope);
      if (!challenge) {
        fail("the challenge does not decode: " + challenge.failure().text());
        return true;
      }
      on_challenge(*challenge);
    } else if (envelope->operation == operations::kAttestationEvidenceResponse &&
               state_ == "appraising") {
      auto result = messages::from_envelope<messages::AttestationEvidenceResponse>(*envelope);
      if (!result) {
        fail("the appraisal answer does not decode: " + result.failure().text());
        return true;
      }
      on_result(*result);
    } else {
      reject("unexpected " + envelope->operation + " while " + state_);
    }
  } catch (const std::exception& e) {
    internal_error(e.what());
  }
  return true;
}

void Attester::on_challenge(const messages::AttestationChallengeResponse& challenge) {
  if (challenge.status != "ok")
    return fail("verifier refused the challenge: " + challenge.reason.value_or("no reason"));
  const auto& nonce = challenge.nonce;
  const auto& verifier_key = challenge.verifier_key;
  if (!nonce || nonce->empty() || nonce->size() > 64 || !verifier_key)
    return fail("challenge without a usable nonce or verifier key");
  const std::vector<std::string> parties =
      challenge.relying_parties.value_or(std::vector<std::string>{});
  try {
    (void)pki::PublicKey::from_der(*verifier_key);
  } catch (const pki::DecodeError&) {
    return fail("the challenge's verifier key does not decode");
  }
  verifier_key_ = *verifier_key;
  relying_parties_ = parties;
  evidence_nonce_ = attestation::evidence_nonce(*nonce, verifier_key_, relying_parties_);
  std::vector<pki::Measurement> measured = bootstrap_.measurements;
  TraceDetail detail;
  if (!settings_.tamper_measurement.empty()) {
    // A modified component measures differently (or one not expected at all is present).
    const std::string& name = settings_.tamper_measurement;
    auto it = std::find_if(measured.begin(), measured.end(),
                           [&](const pki::Measurement& m) { return m.name == name; });
    const std::string text = "tampered " + name;
    pki::Bytes digest =
        pki::sha256(pki::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    if (it != measured.end())
      it->sha256 = std::move(digest);
    else
      measured.push_back({name, std::move(digest)});
    detail.add("tampered", name);
  }
  const pki::Evidence evidence =
      pki::Evidence::create(measured, evidence_nonce_, hmee_key_->public_key(), pki_now(context_),
                            *platform_key_, platform_chain_);
  const Envelope envelope =
      messages::to_envelope(messages::AttestationEvidenceRequest{.evidence = evidence.der()});
  sim::Message message;
  message.to = bootstrap_.verifier;
  message.reference_point = reference_points::kVnfciVerifier;
  message.operation = envelope.operation;
  message.payload = encode_envelope(envelope);
  context_.send(std::move(message));
  ++round_;
  state_ = "appraising";
  record("evidence_sent", TraceDetail()
                                  .add("measurements", static_cast<long long>(measured.size()))
                                  .add("relying_parties", joined(relying_parties_))
                                  .str() +
                              (detail.str().empty() ? "" : "; " + detail.str()));
  arm_timeout();
}

void Attester::on_result(const messages::AttestationEvidenceResponse& answer) {
  const std::string& status = answer.status;
  if (status != "affirming" && status != "contraindicated")
    return fail("verifier refused the evidence: " + answer.reason.value_or("no reason"));
  const auto& der = answer.result;
  if (!der) return fail("no attestation result");
  std::optional<pki::AttestationResult> result;
  try {
    result = pki::AttestationResult::from_der(*der);
  } catch (const pki::DecodeError& e) {
    return fail(std::string("attestation result does not decode: ") + e.what());
  }
  if (result->nonce() != evidence_nonce_ ||
      result->hmee_key_sha256() != pki::sha256(hmee_key_->public_key().to_der()))
    return fail("the attestation result is not about this evidence");
  if (timer_.valid()) context_.cancel(timer_);
  timer_ = {};
  ++round_;
  if (!result->affirming() || status != "affirming") {
    state_ = "contraindicated";
    record("contraindicated", TraceDetail().add("reasons", joined(result->reasons(), ", ")));
    return;
  }
  // Only the attested HMEE key agrees with the verifier on these (wrong_hmee_key: a key that was
  // not attested, for the negative scenario).
  const pki::PrivateKey key =
      settings_.wrong_hmee_key ? pki::PrivateKey::generate(pki::KeyType::ec_p256) : *hmee_key_;
  const pki::PublicKey verifier = pki::PublicKey::from_der(verifier_key_);
  std::map<std::string, std::string> secrets;
  for (const auto& party : relying_parties_)
    secrets[party] = attestation::attested_day0_secret(
        attestation::attested_psk(key, verifier, evidence_nonce_, party, context_.name()));
  state_ = "affirming";
  TraceDetail detail;
  detail.add("relying_parties", joined(relying_parties_));
  if (settings_.wrong_hmee_key) detail.add("fault", "wrong_hmee_key");
  record("affirming", detail);
  if (on_credentials_) on_credentials_(secrets);
}

}  // namespace ifa026::actors::vnfci
