// Direct mode's secure bootstrapping check as Relying Party (see direct_attestation.hpp).
#include "actors/cmf/direct_attestation.hpp"

#include <utility>

#include "actors/cmf/direct_registration.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/verifier/attested_credential.hpp"
#include "pki/attestation_evidence.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

}  // namespace

DirectModeAttestation::DirectModeAttestation(DirectModeState& state,
                                             DirectModeRegistration& registration)
    : DirectModePart(state), registration_(registration) {}

void DirectModeAttestation::serve(Handlers& handlers) {
  handlers.on<messages::AttestationResultResponse>(
      [this](const messages::AttestationResultResponse& response, const ChannelMessage& m) {
        on_attestation_response(m, response);
      });
}

bool DirectModeAttestation::on_channel_failure(const std::string& peer, const std::string& failure,
                                               const std::vector<Envelope>& dropped) {
  if (direct_.verifier.empty() || peer != direct_.verifier) return false;
  for (const auto& envelope : dropped) {
    // Our own request, dropped: the VNFCI as we named it.
    const auto request = messages::from_envelope<messages::AttestationResultRequest>(envelope);
    if (request) attestation_not_yet(request->vnfci, "verifier unreachable (" + failure + ")");
  }
  return true;
}

void DirectModeAttestation::ask_verifier(const std::string& vnfci) {
  Bootstrap& b = bootstrap_.at(vnfci);
  VnfciRecord* r = inventory_.find(vnfci);
  if (r == nullptr || r->state != VnfciState::registering) return;
  if (direct_.verifier.empty())
    return attestation_refused(*r, "the VNFCI requires attestation but no verifier is configured");
  ++b.attempts;
  const std::string step = step_of(vnfci, decisions::kAttestationCheck);
  trace(
      {.operation = decisions::kAttestationCheck,
       .outcome = outcomes::kRequested,
       .peer = direct_.verifier,
       .reference_point = reference_points::kCmfVerifier,
       .step = step,
       .detail = about(*r).add(keys::kVerifier, direct_.verifier).add(keys::kAttempt, b.attempts)});
  channels_.send(direct_.verifier, ChannelKind::day0, reference_points::kCmfVerifier,
                 messages::to_envelope(messages::AttestationResultRequest{vnfci}, step));
}

// No result yet (pending, unknown, no answer): ask again with back-off, then refuse.
void DirectModeAttestation::attestation_not_yet(const std::string& vnfci,
                                                const std::string& reason) {
  auto it = bootstrap_.find(vnfci);
  VnfciRecord* r = inventory_.find(vnfci);
  if (it == bootstrap_.end() || r == nullptr || r->state != VnfciState::registering) return;
  Bootstrap& b = it->second;
  if (b.timer.valid()) return;  // a retry is already planned
  if (b.attempts > direct_.attestation_retries)
    return attestation_refused(*r, reason + " after " + std::to_string(b.attempts) + " attempts");
  const sim::Duration delay = backoff(direct_.attestation_retry, b.attempts - 1);
  trace(
      {.operation = decisions::kAttestationCheck,
       .outcome = outcomes::kRetry,
       .peer = direct_.verifier,
       .reference_point = reference_points::kCmfVerifier,
       .step = step_of(vnfci, decisions::kAttestationCheck),
       .detail =
           about(*r).add(keys::kReason, reason).add(keys::kRetryIn, sim::format_duration(delay))});
  b.timer = schedule(delay, "AttestationCheckRetry", [this, vnfci] {
    auto again = bootstrap_.find(vnfci);
    if (again == bootstrap_.end()) return;
    again->second.timer = {};
    ask_verifier(vnfci);
  });
}

void DirectModeAttestation::attestation_refused(VnfciRecord& r, const std::string& reason) {
  r.state = VnfciState::failed;
  if (auto it = bootstrap_.find(r.vnfci); it != bootstrap_.end() && it->second.timer.valid()) {
    context_.withdraw(it->second.timer);
    it->second.timer = {};
  }
  trace({.operation = decisions::kAttestationVerified,
         .outcome = outcomes::kRefused,
         .peer = direct_.verifier,
         .reference_point = reference_points::kCmfVerifier,
         .step = step_of(r.vnfci, decisions::kAttestationVerified),
         .detail = about(r).add(keys::kVerifier, direct_.verifier).add(keys::kReason, reason)});
}

void DirectModeAttestation::on_attestation_response(
    const ChannelMessage& m, const messages::AttestationResultResponse& response) {
  const std::string& vnfci = response.vnfci;
  if (m.peer.name != direct_.verifier || m.peer.kind != ChannelKind::day0)
    return reject_from(m, "not the configured verifier over its day-0 channel");
  VnfciRecord* r = inventory_.find(vnfci);
  auto b = bootstrap_.find(vnfci);
  if (r == nullptr || b == bootstrap_.end()) return reject_from(m, "unknown VNFCI " + vnfci);
  if (r->state != VnfciState::registering || b->second.verified) return;  // answered already
  // The verifier's certificate is pinned at first contact over the day-0 channel.
  std::optional<pki::Certificate> certificate;
  try {
    certificate = pki::Certificate::from_der(response.verifier_certificate);
  } catch (const pki::DecodeError&) {
    // refused below
  }
  if (!certificate) return attestation_refused(*r, "the verifier sent no usable certificate");
  if (!pinned_verifier_) pinned_verifier_ = *certificate;
  if (!(*pinned_verifier_ == *certificate))
    return attestation_refused(*r, "the verifier's certificate is not the one pinned");
  const std::string& status = response.status;
  if (status == outcomes::kPending || status == outcomes::kUnknown)
    return attestation_not_yet(vnfci, "no attestation result (" + status + ")");
  if (status != outcomes::kAffirming && status != outcomes::kContraindicated)
    return attestation_refused(*r, "verifier: " + response.reason.value_or("status " + status));
  if (!response.result || !response.nonce || !response.hmee_key)
    return attestation_refused(*r, "the answer lacks result, nonce or HMEE key");
  std::optional<pki::AttestationResult> result;
  std::optional<pki::PublicKey> key;
  try {
    result = pki::AttestationResult::from_der(*response.result);
    key = pki::PublicKey::from_der(*response.hmee_key);
  } catch (const pki::DecodeError& e) {
    return attestation_refused(*r, std::string("the answer does not decode: ") + e.what());
  }
  pki::ResultExpectations expectations;
  expectations.hmee_key = key;
  expectations.max_age_seconds = direct_.attestation_max_age.ns() / 1'000'000'000;
  const pki::ResultVerdict verdict = pki::verify_attestation_result(
      *result, *pinned_verifier_, *response.nonce, now(), expectations);
  const std::string expected_reference = b->second.vnfd + "/" + r->vnfc;
  const std::string reference = response.reference.value_or("");
  std::string problem;
  if (!verdict.ok())
    problem = std::string(verdict.reason()) + (verdict.detail.empty() ? "" : ": " + verdict.detail);
  else if (status != outcomes::kAffirming)
    problem = "the verifier says contraindicated but signed affirming";
  else if (reference != expected_reference)
    problem = "appraised as " + reference + ", the VNFM says " + expected_reference;
  const auto& psk = response.psk;
  if (problem.empty() && (!psk || psk->size() != attestation::kPskBytes))
    problem = "no attestation-derived credential for this VNFCI";
  if (!problem.empty()) return attestation_refused(*r, problem);
  b->second.verified = true;
  channels_.credentials().day0_secrets[vnfci] = attestation::attested_day0_secret(*psk);
  trace({.operation = decisions::kAttestationVerified,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmfVerifier,
         .step = step_of(vnfci, decisions::kAttestationVerified),
         .detail = about(*r)
                       .add(keys::kVerifier, m.peer.name)
                       .add(keys::kReference, reference)
                       .add(keys::kAppraisedAt, utc(result->appraised_at()))
                       .add(keys::kCredential, detail_values::kCredentialAttested)});
  queue_.submit(config_.register_time, "CreateVnfciIdentities", [this, vnfci] {
    guarded({.operation = decisions::kIdentitiesCreated, .peer = vnfci},
            [&] { registration_.create_identities(vnfci); });
  });
}

}  // namespace ifa026::actors::cmf
