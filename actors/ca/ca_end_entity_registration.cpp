// The CA's end-entity registrations (see ca_end_entity_registration.hpp).
#include "actors/ca/ca_end_entity_registration.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/end_entity_registration.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "pki/chain_verifier.hpp"

namespace ifa026::actors::ca {

CaEndEntityRegistration::CaEndEntityRegistration(CaState& state, CaDisk& disk)
    : CaPart(state), disk_(disk) {}

// SHA-256 over the fields of a registration, each length-prefixed (equal iff all are equal).
std::array<std::uint8_t, 32> CaEndEntityRegistration::registration_fingerprint(
    const std::string& identity, const pki::DistinguishedName& subject,
    const std::vector<std::string>& dns, const pki::Bytes& secret, bool one_use,
    const std::optional<pki::Instant>& expires) {
  pki::Bytes data;
  auto number = [&](std::uint64_t v) {
    for (int i = 0; i < 8; ++i) data.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  auto text = [&](const std::string& t) {
    number(t.size());
    data.insert(data.end(), t.begin(), t.end());
  };
  text(identity);
  number(subject.attributes.size());
  for (const auto& [type, value] : subject.attributes) {
    text(type);
    text(value);
  }
  number(dns.size());
  for (const auto& name : dns) text(name);
  const pki::Bytes secret_digest = pki::sha256(secret);
  number(secret_digest.size());
  data.insert(data.end(), secret_digest.begin(), secret_digest.end());
  number(one_use ? 1 : 0);
  number(expires ? 1 : 0);
  number(expires ? static_cast<std::uint64_t>(expires->unix_ns) : 0);
  const pki::Bytes digest = pki::sha256(data);
  std::array<std::uint8_t, 32> out{};
  std::copy_n(digest.begin(), std::min(digest.size(), out.size()), out.begin());
  return out;
}

// After a certConf: drops the template of a registration whose one-use credential is spent.
void CaEndEntityRegistration::forget_spent_template(const std::string& reference) {
  auto it = registrations_.find(reference);
  if (it == registrations_.end() || !it->second.pending || !it->second.one_use) return;
  if (server_->credential_usable(reference, pki_now(context()))) return;
  it->second.pending.reset();
}

void CaEndEntityRegistration::refuse_malformed(const std::string& from, const Envelope& request,
                                               const std::string& reason) {
  messages::RegisterEndEntityResponse reply;
  reply.status = outcomes::kRejected;
  reply.reason = reason;
  send_envelope(from, messages::to_envelope(reply, request.step));
}

void CaEndEntityRegistration::register_end_entity(
    const std::string& from, const std::string& step,
    const messages::RegisterEndEntityRequest& request) {
  TraceDetail detail;
  detail.add(detail_keys::kIdentity, request.identity)
      .add(detail_keys::kReference, request.reference);
  auto answer = [&](const char* status, const std::string& reason) {
    if (!reason.empty()) detail.add(detail_keys::kReason, reason);
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
  const std::string& reference = request.reference;

  // Who asks: a valid signature by a current RA certificate of this CA.
  std::optional<pki::Certificate> signer;
  if (auto why = verify_registration(request, &signer))
    return answer(outcomes::kRejected, "authentication: " + *why);
  detail.add(detail_keys::kSigner, signer->serial_hex());
  if (auto why = ra_signer_problem(*signer)) return answer(outcomes::kRejected, *why);

  std::string problem;
  auto registration = parse_registration(request, &problem);
  if (!registration) return answer(outcomes::kRejected, problem);
  Registered entry;
  entry.identity = registration->identity;
  entry.pending = std::make_unique<Registered::Template>();
  Registered::Template& wanted = *entry.pending;
  wanted.subject = pki::DistinguishedName::parse(registration->subject);
  wanted.dns = registration->dns;
  std::sort(wanted.dns.begin(), wanted.dns.end());
  wanted.dns.erase(std::unique(wanted.dns.begin(), wanted.dns.end()), wanted.dns.end());
  entry.one_use = registration->one_use;
  const std::optional<pki::Instant> expires = registration->expires;
  entry.fingerprint = registration_fingerprint(entry.identity, wanted.subject, wanted.dns,
                                               registration->secret, entry.one_use, expires);
  detail.add(detail_keys::kSubject, wanted.subject.to_string())
      .add(detail_keys::kOneUse, entry.one_use ? "true" : "false");
  if (expires)
    detail.add(detail_keys::kExpires, sim::format_utc(sim::UtcInstant{expires->unix_ns}));

  if (ra_references_.count(reference) != 0)
    return answer(outcomes::kRejected, "reference is an RA credential");
  if (auto existing = registrations_.find(reference); existing != registrations_.end()) {
    const Registered& known = existing->second;
    // The same request again (a retry, or a replay) changes nothing, so it may succeed again.
    if (known.fingerprint == entry.fingerprint) {
      detail.add(detail_keys::kRepeat, "true");
      return answer(outcomes::kRegistered, "");
    }
    return answer(outcomes::kRejected, "reference already registered for " + known.identity);
  }
  const pki::Instant now = pki_now(context());
  if (expires && *expires <= now) return answer(outcomes::kRejected, "expires in the past");

  pki::InitialCredentialLimits limits;
  limits.one_use = entry.one_use;
  limits.expires = expires;
  limits.subject = wanted.subject;
  disk_.registered(reference, entry, registration->secret, expires);
  server_->register_initial_credential(reference, std::move(registration->secret), limits);
  registrations_.emplace(reference, std::move(entry));
  answer(outcomes::kRegistered, "");
}

// Why `signer` may not register end entities; nullopt when it may.
std::optional<std::string> CaEndEntityRegistration::ra_signer_problem(
    const pki::Certificate& signer) {
  if (!is_ra(signer)) return "signer is not a registration authority of this CA";
  const pki::Instant now = pki_now(context());
  if (!verified_signer_.covers(signer, now)) {
    pki::TrustStore trust;
    trust.add_anchor(root_->certificate());
    trust.add_intermediate(issuing_->certificate());
    const auto verdict = pki::verify_certificate(signer, trust, now);
    if (!verdict.ok()) return "signer certificate: " + std::string(pki::to_string(verdict.failure));
    verified_signer_.remember(signer, {issuing_->certificate(), root_->certificate()});
  }
  if (issuing_->is_revoked(signer.serial_hex())) return "signer certificate revoked";
  return std::nullopt;
}

}  // namespace ifa026::actors::ca
