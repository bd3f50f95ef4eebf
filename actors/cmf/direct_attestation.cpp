// Direct mode's secure bootstrapping check as Relying Party (see direct_attestation.hpp).
#include "actors/cmf/direct_attestation.hpp"

#include <utility>

#include "actors/cmf/direct_registration.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/verifier/attested_credential.hpp"
#include "pki/attestation_evidence.hpp"

namespace ifa026::actors::cmf {

DirectModeAttestation::DirectModeAttestation(DirectModeState& state,
                                             DirectModeRegistration& registration)
    : DirectModePart(state), registration_(registration) {}

bool DirectModeAttestation::handle(const ChannelMessage& m) {
  const std::string& op = m.envelope.operation;
  if (op != operations::kAttestationResultResponse) return false;
  guarded(op, m.peer.name, [&] { on_attestation_response(m); });
  return true;
}

bool DirectModeAttestation::on_channel_failure(const std::string& peer, const std::string& failure,
                                               const std::vector<Envelope>& dropped) {
  if (direct_.verifier.empty() || peer != direct_.verifier) return false;
  guarded("ChannelFailure", peer, [&] {
    for (const auto& envelope : dropped)
      if (envelope.operation == operations::kAttestationResultRequest)
        attestation_not_yet(get_string(envelope.body, "vnfci"),
                            "verifier unreachable (" + failure + ")");
  });
  return true;
}

void DirectModeAttestation::ask_verifier(const std::string& vnfci) {
  Bootstrap& b = bootstrap_.at(vnfci);
  VnfciRecord* r = inventory_.find(vnfci);
  if (r == nullptr || r->state != VnfciState::registering) return;
  if (direct_.verifier.empty())
    return attestation_refused(*r, "the VNFCI requires attestation but no verifier is configured");
  ++b.attempts;
  json body = json::object();
  body["vnfci"] = vnfci;
  record(RecordKind::decision, "AttestationCheck", attestation_step(vnfci), "requested",
         direct_.verifier, about(*r).add("verifier", direct_.verifier).add("attempt", b.attempts),
         reference_points::kCmfVerifier);
  channels_.send(
      direct_.verifier, ChannelKind::day0, reference_points::kCmfVerifier,
      Envelope{operations::kAttestationResultRequest, attestation_step(vnfci), std::move(body)});
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
  record(RecordKind::decision, "AttestationCheck", attestation_step(vnfci), "retry",
         direct_.verifier,
         about(*r).add("reason", reason).add("retry_in", sim::format_duration(delay)),
         reference_points::kCmfVerifier);
  b.timer = context_.schedule(delay, "AttestationCheckRetry", [this, vnfci] {
    guarded("AttestationCheck", vnfci, [&] {
      auto again = bootstrap_.find(vnfci);
      if (again == bootstrap_.end()) return;
      again->second.timer = {};
      ask_verifier(vnfci);
    });
  });
}

void DirectModeAttestation::attestation_refused(VnfciRecord& r, const std::string& reason) {
  r.state = VnfciState::failed;
  if (auto it = bootstrap_.find(r.vnfci); it != bootstrap_.end() && it->second.timer.valid()) {
    context_.cancel(it->second.timer);
    it->second.timer = {};
  }
  record(RecordKind::decision, "AttestationVerified", attestation_step(r.vnfci), "refused",
         direct_.verifier, about(r).add("verifier", direct_.verifier).add("reason", reason),
         reference_points::kCmfVerifier);
}

void DirectModeAttestation::on_attestation_response(const ChannelMessage& m) {
  const json& body = m.envelope.body;
  const std::string vnfci = get_string(body, "vnfci");
  if (m.peer.name != direct_.verifier || m.peer.kind != ChannelKind::day0)
    return reject_from(m, "not the configured verifier over its day-0 channel");
  VnfciRecord* r = inventory_.find(vnfci);
  auto b = bootstrap_.find(vnfci);
  if (r == nullptr || b == bootstrap_.end()) return reject_from(m, "unknown VNFCI " + vnfci);
  if (r->state != VnfciState::registering || b->second.verified) return;  // answered already
  // The verifier's certificate is pinned at first contact over the day-0 channel.
  auto certificate_der = get_bytes(body, "verifier_certificate");
  std::optional<pki::Certificate> certificate;
  try {
    if (certificate_der) certificate = pki::Certificate::from_der(*certificate_der);
  } catch (const pki::DecodeError&) {
  }
  if (!certificate) return attestation_refused(*r, "the verifier sent no usable certificate");
  if (!pinned_verifier_) pinned_verifier_ = *certificate;
  if (!(*pinned_verifier_ == *certificate))
    return attestation_refused(*r, "the verifier's certificate is not the one pinned");
  const std::string status = get_string(body, "status");
  if (status == "pending" || status == "unknown")
    return attestation_not_yet(vnfci, "no attestation result (" + status + ")");
  if (status != "affirming" && status != "contraindicated")
    return attestation_refused(*r, "verifier: " + get_string(body, "reason", "status " + status));
  auto result_der = get_bytes(body, "result");
  auto nonce = get_bytes(body, "nonce");
  auto hmee_key = get_bytes(body, "hmee_key");
  if (!result_der || !nonce || !hmee_key)
    return attestation_refused(*r, "the answer lacks result, nonce or HMEE key");
  std::optional<pki::AttestationResult> result;
  std::optional<pki::PublicKey> key;
  try {
    result = pki::AttestationResult::from_der(*result_der);
    key = pki::PublicKey::from_der(*hmee_key);
  } catch (const pki::DecodeError& e) {
    return attestation_refused(*r, std::string("the answer does not decode: ") + e.what());
  }
  pki::ResultExpectations expectations;
  expectations.hmee_key = key;
  expectations.max_age_seconds = direct_.attestation_max_age.ns() / 1'000'000'000;
  const pki::ResultVerdict verdict =
      pki::verify_attestation_result(*result, *pinned_verifier_, *nonce, now(), expectations);
  const std::string expected_reference = b->second.vnfd + "/" + r->vnfc;
  const std::string reference = get_string(body, "reference");
  std::string problem;
  if (!verdict.ok())
    problem = std::string(verdict.reason()) + (verdict.detail.empty() ? "" : ": " + verdict.detail);
  else if (status != "affirming")
    problem = "the verifier says contraindicated but signed affirming";
  else if (reference != expected_reference)
    problem = "appraised as " + reference + ", the VNFM says " + expected_reference;
  auto psk = get_bytes(body, "psk");
  if (problem.empty() && (!psk || psk->size() != attestation::kPskBytes))
    problem = "no attestation-derived credential for this VNFCI";
  if (!problem.empty()) return attestation_refused(*r, problem);
  b->second.verified = true;
  channels_.credentials().day0_secrets[vnfci] = attestation::attested_day0_secret(*psk);
  record(RecordKind::decision, "AttestationVerified", attestation_step(vnfci), "ok", m.peer.name,
         about(*r)
             .add("verifier", m.peer.name)
             .add("reference", reference)
             .add("appraised_at", utc(result->appraised_at()))
             .add("credential", "attested"),
         reference_points::kCmfVerifier);
  queue_.submit(config_.register_time, "CreateVnfciIdentities", [this, vnfci] {
    guarded("IdentitiesCreated", vnfci, [&] { registration_.create_identities(vnfci); });
  });
}

}  // namespace ifa026::actors::cmf
