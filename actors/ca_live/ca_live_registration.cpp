// The `ca-live` actor's end-entity registrations (see ca_live_registration.hpp).
#include "actors/ca_live/ca_live_registration.hpp"

#include "pki/dn_text.hpp"

#include <chrono>
#include <utility>

#include "actors/ca_live/external_command.hpp"
#include "actors/common/end_entity_registration.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"

namespace ifa026::actors::ca_live {

namespace {

namespace keys = detail_keys;

// The secret as text, when it is printable ASCII (a command line cannot carry every byte).
std::optional<std::string> printable(const pki::Bytes& secret) {
  std::string text;
  for (auto byte : secret) {
    if (byte < 0x20 || byte > 0x7e) return std::nullopt;
    text.push_back(static_cast<char>(byte));
  }
  return text;
}

bool uses(const nlohmann::json& argv, const std::string& placeholder) {
  return argv.dump().find("{" + placeholder + "}") != std::string::npos;
}

}  // namespace

CaLiveRegistration::CaLiveRegistration(CaLiveState& state) : CaLivePart(state) {}

void CaLiveRegistration::refuse_malformed(const std::string& from, const Envelope& request,
                                          const std::string& reason) {
  messages::RegisterEndEntityResponse reply;
  reply.status = outcomes::kRejected;
  reply.reason = reason;
  send_envelope(from, messages::to_envelope(reply, request.step));
}

void CaLiveRegistration::register_end_entity(const std::string& from, const std::string& step,
                                             const messages::RegisterEndEntityRequest& request) {
  TraceDetail detail;
  detail.add(keys::kIdentity, request.identity).add(keys::kReference, request.reference);
  auto answer = [&](const char* status, const std::string& reason) {
    if (!reason.empty()) detail.add(keys::kReason, reason);
    trace({.operation = decisions::kRegisterEndEntity,
           .outcome = status,
           .peer = from,
           .reference_point = reference_points::kCa1,
           .step = step,
           .detail = detail});
    messages::RegisterEndEntityResponse reply;
    reply.exchange = request.exchange;
    reply.status = status;
    if (!reason.empty()) reply.reason = reason;
    reply.identity = request.identity;
    reply.reference = request.reference;
    send_envelope(from, messages::to_envelope(reply, step));
  };

  // Who asks: a valid signature by a certificate of the real CA, valid now.
  std::optional<pki::Certificate> signer;
  if (auto why = verify_registration(request, &signer))
    return answer(outcomes::kRejected, "authentication: " + *why);
  detail.add(keys::kSigner, signer->serial_hex());
  const auto verdict = pki::verify_certificate(*signer, trust_store(), now());
  if (!verdict.ok())
    return answer(outcomes::kRejected,
                  "signer certificate: " + std::string(pki::to_string(verdict.failure)));

  std::string problem;
  auto registration = parse_registration(request, &problem);
  if (!registration) return answer(outcomes::kRejected, problem);
  detail.add(keys::kSubject, registration->subject)
      .add(keys::kOneUse, registration->one_use ? "true" : "false");
  if (registration->expires)
    detail.add(keys::kExpires, sim::format_utc(sim::UtcInstant{registration->expires->unix_ns}));
  if (!settings_.register_command)
    return answer(outcomes::kRejected,
                  "the live CA takes no registrations (the ca-live actor has no register_command)");

  messages::RegisterEndEntityRequest unsigned_body = request;
  unsigned_body.exchange = 0;
  unsigned_body.signer.reset();
  unsigned_body.signature.reset();
  const std::string body = messages::to_body(unsigned_body).dump();
  if (auto it = registered_.find(request.reference); it != registered_.end()) {
    // The same registration again (a retry) changes nothing; another one is a conflict.
    if (it->second != body)
      return answer(outcomes::kRejected,
                    "reference already registered for " + state_.identities[request.reference]);
    detail.add(keys::kRepeat, "true");
    state_.identities[request.reference] = registration->identity;
    return answer(outcomes::kRegistered, "");
  }

  CommandValues values;
  values.single["reference"] = registration->reference;
  values.single["secret_hex"] = pki::to_hex(registration->secret);
  // {subject} in OpenSSL's slash form, the certificate's order written out (what `ifa026 ca
  // register --subject` and `openssl req -subj` read without ambiguity); {subject_rfc4514} in
  // RFC 4514 (last RDN first) for CAs that take that.
  try {
    const auto dn = pki::DistinguishedName::parse(registration->subject);
    values.single["subject"] = pki::to_openssl_slash(dn);
    values.single["subject_rfc4514"] = pki::to_rfc4514(dn);
  } catch (const std::exception&) {
    values.single["subject"] = registration->subject;
    values.single["subject_rfc4514"] = registration->subject;
  }
  values.single["identity"] = registration->identity;
  values.single["one_use"] = registration->one_use ? "true" : "false";
  values.single["expires"] =
      registration->expires ? sim::format_utc(sim::UtcInstant{registration->expires->unix_ns}) : "";
  values.lists["dns"] = registration->dns;
  if (auto text = printable(registration->secret)) {
    values.single["secret"] = *text;
  } else if (uses(*settings_.register_command, "secret")) {
    return answer(outcomes::kRejected,
                  "the secret is binary: register_command must pass {secret_hex}, not {secret}");
  }
  const CommandRun run = run_command(expand_command(*settings_.register_command, values),
                                     std::chrono::milliseconds(settings_.timeout.ns() / 1'000'000));
  detail.add(keys::kExitCode, run.exit_code).add(keys::kWallMs, run.took.count());
  if (!run.ok()) return answer(outcomes::kRejected, "register_command " + run.describe());
  registered_[request.reference] = body;
  state_.identities[request.reference] = registration->identity;
  answer(outcomes::kRegistered, "");
}

}  // namespace ifa026::actors::ca_live
