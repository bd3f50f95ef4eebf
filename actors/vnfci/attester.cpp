// The VNFCI's HMEE as RATS Attester (see attester.hpp).
#include "actors/vnfci/attester.hpp"

#include "actors/common/day0_root.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/attestation.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operations.hpp"
#include "actors/verifier/attested_credential.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/certificate_authority.hpp"

namespace ifa026::actors::vnfci {

namespace keys = detail_keys;

namespace {

constexpr std::int64_t kHmeeCertificateSeconds = 365LL * 86400;

// A DNS label made of the actor name (for the HMEE certificate's subjectAltName).
std::string dns_label(const std::string& name) {
  return actors::dns_label(name, "vnfci");
}

}  // namespace

Attester::Attester(sim::ActorContext& context, ActorToolkit toolkit, const Settings& settings,
                   Credentials on_credentials)
    : ActorPiece(toolkit),
      context_(context),
      settings_(settings),
      bootstrap_(*settings.bootstrap),
      on_credentials_(std::move(on_credentials)),
      exchanges_(context, "attestation-timeout") {}

void Attester::trace_attestation(const std::string& outcome, const std::string& detail) {
  trace({.operation = decisions::kAttestation,
         .outcome = outcome,
         .peer = bootstrap_.verifier,
         .reference_point = reference_points::kVnfciVerifier,
         .detail = detail});
}

void Attester::send(const Envelope& envelope) {
  context_.post(envelope_message(bootstrap_.verifier, reference_points::kVnfciVerifier, envelope));
}

void Attester::fail(const std::string& reason) {
  if (exchange_ != 0) exchanges_.cancel(exchange_);
  exchange_ = 0;
  state_ = "failed";
  trace_attestation(outcomes::kFailed, TraceDetail().add(keys::kReason, reason));
}

void Attester::start() {
  try {
    platform_key_ = pki::PrivateKey::from_der(bootstrap_.platform_key);
    for (const auto& der : bootstrap_.platform_chain)
      platform_chain_.push_back(pki::Certificate::from_der(der));
  } catch (const std::exception& e) {  // the parameters' own fault: no attestation, traced so
    platform_chain_.clear();
    return fail(std::string("platform key or chain does not decode: ") + e.what());
  }
  if (platform_chain_.empty() ||
      !(platform_chain_.front().public_key() == platform_key_->public_key()))
    return fail("the platform chain does not certify the platform key");
  // The HMEE key lives in the enclave; its certificate under the platform key lets the HSM
  // authenticate this HMEE (C.2.1.3 #6). Our own platform CA failing is an internal error.
  hmee_key_ = pki::PrivateKey::generate(pki::KeyType::ec_p256);
  bool certified = false;
  guarded_step("start", [&] {
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
    certified = true;
  });
  if (certified) request_challenge();
}

void Attester::request_challenge() {
  ++attempt_;
  state_ = "challenging";
  exchange_ = exchanges_.start(
      Exchange::challenge, {.timeout = settings_.attestation_timeout},
      [this](std::uint64_t, const Exchange&, int) {
        send(messages::to_envelope(
            messages::AttestationChallengeRequest{.reference = bootstrap_.reference}));
        trace_attestation(outcomes::kRequested, TraceDetail()
                                                    .add(keys::kReference, bootstrap_.reference)
                                                    .add(keys::kAttempt, attempt_));
      },
      [this](std::uint64_t, Exchange) { on_timeout(); });
}

void Attester::on_timeout() {
  exchange_ = 0;
  guarded_step("attestation-timeout", [&] {
    if (attempt_ <= settings_.attestation_retries) {
      trace_attestation(
          outcomes::kRetry,
          TraceDetail().add(keys::kReason, "no answer from the verifier (" + state_ + ")"));
      request_challenge();
      return;
    }
    fail("no answer from the verifier after " + std::to_string(attempt_) + " attempts");
  });
}

// Runs inside the actor's guard (NfvActor::receive) and its own (an internal error fails the
// attestation).
bool Attester::handle(const sim::Message& message) {
  if (message.reference_point != reference_points::kVnfciVerifier) return false;
  auto reject = [&](const std::string& reason) {
    trace_attestation(outcomes::kRejected, TraceDetail()
                                               .add(keys::kFrom, message.from)
                                               .add(keys::kOperation, message.operation)
                                               .add(keys::kReason, reason));
  };
  guarded_step(message.operation, [&] {
    if (message.from != bootstrap_.verifier) return reject("not from the configured verifier");
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) return reject("undecodable: " + why);
    if (envelope->operation == operations::kAttestationChallengeResponse &&
        state_ == "challenging") {
      exchanges_.reply(exchange_);  // the exchange is over, whatever the answer says
      exchange_ = 0;
      auto challenge = messages::from_envelope<messages::AttestationChallengeResponse>(*envelope);
      if (!challenge) return fail("the challenge does not decode: " + challenge.failure().text());
      on_challenge(*challenge);
    } else if (envelope->operation == operations::kAttestationEvidenceResponse &&
               state_ == "appraising") {
      exchanges_.reply(exchange_);
      exchange_ = 0;
      auto result = messages::from_envelope<messages::AttestationEvidenceResponse>(*envelope);
      if (!result) return fail("the appraisal answer does not decode: " + result.failure().text());
      on_result(*result);
    } else {
      reject("unexpected " + envelope->operation + " while " + state_);
    }
  });
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
    detail.add(keys::kTampered, name);
  }
  const pki::Evidence evidence =
      pki::Evidence::create(measured, evidence_nonce_, hmee_key_->public_key(), pki_now(context_),
                            *platform_key_, platform_chain_);
  state_ = "appraising";
  exchange_ = exchanges_.start(
      Exchange::evidence, {.timeout = settings_.attestation_timeout},
      [this, der = evidence.der(), count = static_cast<long long>(measured.size()),
       tampered = detail.str()](std::uint64_t, const Exchange&, int) {
        send(messages::to_envelope(messages::AttestationEvidenceRequest{.evidence = der}));
        trace_attestation(outcomes::kEvidenceSent,
                          TraceDetail()
                                  .add(keys::kMeasurements, count)
                                  .add(keys::kRelyingParties, comma_list(relying_parties_))
                                  .str() +
                              (tampered.empty() ? "" : "; " + tampered));
      },
      [this](std::uint64_t, Exchange) { on_timeout(); });
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
  if (!result->affirming() || status != "affirming") {
    state_ = "contraindicated";
    trace_attestation(outcomes::kContraindicated,
                      TraceDetail().add(keys::kReasons, comma_list(result->reasons(), ", ")));
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
  detail.add(keys::kRelyingParties, comma_list(relying_parties_));
  if (settings_.wrong_hmee_key) detail.add(keys::kFault, "wrong_hmee_key");
  trace_attestation(outcomes::kAffirming, detail);
  if (on_credentials_) on_credentials_(secrets);
}

}  // namespace ifa026::actors::vnfci
