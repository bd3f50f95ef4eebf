// Direct mode's identities and their registration at the CA (see direct_registration.hpp; the
// decisions are listed in direct_mode.cpp).
#include "actors/cmf/direct_registration.hpp"

#include <exception>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "actors/cmf/direct_configuration.hpp"
#include "actors/cmf/entity_registry.hpp"
#include "actors/cmf/fqdn_check.hpp"
#include "actors/common/end_entity_registration.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/ca1.hpp"
#include "pki/drbg.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;
namespace values = detail_values;

constexpr std::size_t kReferenceBytes = 16;

}  // namespace

DirectModeRegistration::DirectModeRegistration(DirectModeState& state,
                                               DirectModeConfiguration& configuration)
    : DirectModePart(state),
      configuration_(configuration),
      registrations_(context_, "RegisterEndEntityTimeout") {}

bool DirectModeRegistration::handle_ca(const sim::Message& message) {
  if (message.reference_point != reference_points::kCa1 ||
      message.operation != messages::RegisterEndEntityResponse::kOperation)
    return false;
  on_registration_response(message);
  return true;
}

std::optional<std::string> DirectModeRegistration::day0_secret_for(const std::string& vnfci) const {
  if (auto it = config_.day0.find(vnfci); it != config_.day0.end()) return it->second;
  return direct_.vnfci_day0_secret;
}

// Why the VNFCI's identities cannot be created, if they cannot.
std::optional<std::string> DirectModeRegistration::identity_problem(const VnfciRecord& r) const {
  if (r.identities.empty()) return "no identities for the VNFCI";
  std::set<std::string> seen;
  for (const auto& identity : r.identities) {
    if (identity.name.empty()) return "an identity without a name";
    if (!seen.insert(identity.name).second) return "identity " + identity.name + " twice";
    try {
      if (pki::DistinguishedName::parse(identity.subject).attributes.empty())
        return "identity " + identity.name + ": empty subject";
    } catch (const std::exception&) {
      return "identity " + identity.name + ": subject is not a distinguished name";
    }
    for (const auto& dns : identity.dns)
      if (auto problem = fqdn_problem(dns, config_.allowed_domains))
        return "identity " + identity.name + ": dNSName " + dns + ": " + *problem;
  }
  const Bootstrap* b = bootstrap_of(r.vnfci);
  if (b == nullptr && !day0_secret_for(r.vnfci)) return "no day-0 secret for the VNFCI";
  if (b != nullptr && !b->hsm.empty() && hsm_roots_.count(b->hsm) == 0)
    return "no vendor root of HSM " + b->hsm + " (HsmVendorRoot)";
  if (lookup_(direct_.ca) == nullptr) return "the CMF holds no RA certificate at " + direct_.ca;
  return std::nullopt;
}

void DirectModeRegistration::create_identities(const std::string& vnfci) {
  VnfciRecord* r = inventory_.find(vnfci);
  if (r == nullptr || r->state != VnfciState::registering) return;  // removed meanwhile
  std::vector<std::string> identity_names;
  for (const auto& identity : r->identities) identity_names.push_back(identity.name);
  TraceDetail detail = about(*r)
                           .add(keys::kIdentities, static_cast<long long>(r->identities.size()))
                           .add(keys::kNames, joined(identity_names))
                           .add(keys::kCa, direct_.ca);
  if (auto problem = identity_problem(*r)) {
    r->state = VnfciState::failed;
    trace({.operation = decisions::kIdentitiesCreated,
           .outcome = outcomes::kRejected,
           .peer = r->vnfm,
           .reference_point = reference_points::kCmVnfm,
           .step = step_of(r->vnfci, decisions::kIdentitiesCreated),
           .detail = detail.add(keys::kReason, *problem)});
    return;
  }
  // An attested VNFCI's channel uses the PSK from its attestation (set when it was verified).
  if (config_.day0.count(vnfci) == 0 && bootstrap_of(vnfci) == nullptr)
    channels_.credentials().day0_secrets[vnfci] = *direct_.vnfci_day0_secret;
  trace({.operation = decisions::kIdentitiesCreated,
         .outcome = outcomes::kOk,
         .peer = r->vnfm,
         .reference_point = reference_points::kCmVnfm,
         .step = step_of(r->vnfci, decisions::kIdentitiesCreated),
         .detail = detail});
  for (auto& identity : r->identities) register_identity(*r, identity);
}

void DirectModeRegistration::restored() {
  to_resume_.clear();
  for (const auto& [name, r] : inventory_.all())
    if (r.state == VnfciState::registering) to_resume_.insert(name);
}

void DirectModeRegistration::resume_after_restart() {
  for (auto it = to_resume_.begin(); it != to_resume_.end();) {
    VnfciRecord* r = inventory_.find(*it);
    bool ready = r != nullptr;
    if (r != nullptr)
      for (const auto& identity : r->identities)
        if (identity.registration == EndEntityState::pending && lookup_(identity.ca) == nullptr)
          ready = false;
    if (!ready && r != nullptr) {
      ++it;
      continue;
    }
    it = to_resume_.erase(it);
    if (r == nullptr || r->state != VnfciState::registering) continue;
    bool registering = false;
    for (auto& identity : r->identities)
      if (identity.registration == EndEntityState::pending) {
        register_identity(*r, identity);  // afresh: the first request died with the CMF
        registering = true;
      }
    if (!registering) configuration_.check_complete(*r);
  }
}

void DirectModeRegistration::register_again(const std::string& vnfci) {
  VnfciRecord* r = inventory_.find(vnfci);
  if (r == nullptr) return;
  r->state = VnfciState::registering;
  r->reprovision = true;
  for (auto& identity : r->identities) identity.registration = EndEntityState::pending;
  for (auto& identity : r->identities) register_identity(*r, identity);
}

void DirectModeRegistration::register_identity(VnfciRecord& r, VnfciIdentity& identity) {
  const RaIdentity* ra = lookup_(identity.ca);
  identity.registration = EndEntityState::pending;
  ++identity.registration_attempts;
  const std::string step = step_of(r.vnfci, decisions::kEndEntityRegistration);
  if (ra == nullptr) {
    identity.registration = EndEntityState::failed;
    trace({.operation = decisions::kEndEntityRegistration,
           .outcome = outcomes::kFailed,
           .peer = identity.ca,
           .reference_point = reference_points::kCa1,
           .step = step,
           .detail = about(r, identity)
                         .add(keys::kCa, identity.ca)
                         .add(keys::kReason, "the CMF holds no RA certificate at this CA")});
    return configuration_.check_complete(r);
  }
  identity.credential = std::make_shared<InitialCredential>();
  identity.credential->reference = pki::to_hex(pki::random_bytes(kReferenceBytes));
  identity.credential->secret = pki::random_bytes(kInitialSecretBytes);
  PendingRegistration pending;
  pending.vnfci = r.vnfci;
  pending.identity = identity.name;
  pending.ca = identity.ca;
  EndEntityRegistration& registration = pending.registration;
  registration.identity = r.vnfci + "/" + identity.name;
  registration.subject = identity.subject;
  registration.dns = identity.dns;
  registration.reference = identity.credential->reference;
  registration.secret = identity.credential->secret;
  registration.one_use = direct_.credential_one_use;
  pending.expires = context_.now() + direct_.credential_lifetime;
  registration.expires = pki_instant(context_.epoch(), pending.expires);
  // An unanswered request is resent unchanged (same exchange) every ca_timeout.
  registrations_.start(
      std::move(pending),
      {.timeout = config_.ca_timeout, .retries = config_.ca_retries, .backoff = 1},
      [this](std::uint64_t exchange, const PendingRegistration&, int attempt) {
        if (attempt == 0) return send_registration(exchange, attempt);
        guarded({.operation = decisions::kEndEntityRegistration},
                [&] { send_registration(exchange, attempt); });
      },
      [this](std::uint64_t, const PendingRegistration& p) {
        guarded({.operation = decisions::kEndEntityRegistration},
                [&] { registration_unanswered(p); });
      });
}

void DirectModeRegistration::send_registration(std::uint64_t exchange, int attempt) {
  PendingRegistration* p = registrations_.find(exchange);
  if (p == nullptr) return;
  VnfciRecord* r = inventory_.find(p->vnfci);
  VnfciIdentity* identity = r != nullptr ? r->identity(p->identity) : nullptr;
  const std::string step = step_of(p->vnfci, decisions::kEndEntityRegistration);
  if (attempt == 0) {
    const RaIdentity* ra = lookup_(p->ca);
    const messages::RegisterEndEntityRequest request = sign_registration(
        registration_request(p->registration, exchange), *ra->certificate, *ra->key);
    p->payload = encode_envelope(messages::to_envelope(request, step));
    trace(
        {.operation = decisions::kEndEntityRegistration,
         .outcome = outcomes::kRequested,
         .peer = p->ca,
         .reference_point = reference_points::kCa1,
         .step = step,
         .detail = about(*r, *identity)
                       .add(keys::kCa, p->ca)
                       .add(keys::kReference, p->registration.reference)
                       .add(keys::kOneUse, p->registration.one_use ? values::kTrue : values::kFalse)
                       .add(keys::kExpires, context_.epoch().format(p->expires))
                       .add(keys::kExchange, static_cast<long long>(exchange))
                       .add(keys::kAttempt, identity->registration_attempts)});
  } else {
    if (r == nullptr || identity == nullptr || r->state != VnfciState::registering) {
      // Removed meanwhile: no more resends. Last statement: this closes the request whose
      // callback runs now.
      registrations_.cancel(exchange);
      return;
    }
    trace({.operation = decisions::kEndEntityRegistration,
           .outcome = outcomes::kResent,
           .peer = p->ca,
           .reference_point = reference_points::kCa1,
           .step = step,
           .detail = about(*r, *identity)
                         .add(keys::kExchange, static_cast<long long>(exchange))
                         .add(keys::kAttempt, attempt + 1)});
  }
  sim::Message message;
  message.to = p->ca;
  message.reference_point = reference_points::kCa1;
  message.operation = messages::RegisterEndEntityRequest::kOperation;
  message.step = step;
  message.payload = p->payload;
  context_.post(std::move(message));
}

void DirectModeRegistration::registration_unanswered(const PendingRegistration& p) {
  VnfciRecord* r = inventory_.find(p.vnfci);
  VnfciIdentity* identity = r != nullptr ? r->identity(p.identity) : nullptr;
  if (r == nullptr || identity == nullptr || r->state != VnfciState::registering) return;
  const std::string& ca = p.ca;
  const std::string step = step_of(r->vnfci, decisions::kEndEntityRegistration);
  if (identity->registration_attempts <= direct_.registration_retries) {
    const sim::Duration delay = backoff(config_.ca_timeout, identity->registration_attempts - 1);
    trace({.operation = decisions::kEndEntityRegistration,
           .outcome = outcomes::kRetry,
           .peer = ca,
           .reference_point = reference_points::kCa1,
           .step = step,
           .detail = about(*r, *identity)
                         .add(keys::kCa, ca)
                         .add(keys::kReason, "CA unavailable")
                         .add(keys::kRetryIn, sim::format_duration(delay))});
    const std::string vnfci = r->vnfci;
    const std::string name = identity->name;
    schedule(delay, "RegisterEndEntityRetry", [this, vnfci, name] {
      VnfciRecord* again = inventory_.find(vnfci);
      if (again == nullptr || again->state != VnfciState::registering) return;
      if (VnfciIdentity* id = again->identity(name)) register_identity(*again, *id);
    });
    return;
  }
  identity->registration = EndEntityState::failed;
  trace({.operation = decisions::kEndEntityRegistration,
         .outcome = outcomes::kFailed,
         .peer = ca,
         .reference_point = reference_points::kCa1,
         .step = step,
         .detail = about(*r, *identity).add(keys::kCa, ca).add(keys::kReason, "CA unavailable")});
  configuration_.check_complete(*r);
}

void DirectModeRegistration::on_registration_response(const sim::Message& message) {
  auto reject = [&](const std::string& reason) {
    trace({.operation = operations::kRegisterEndEntityResponse,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = reference_points::kCa1,
           .step = message.step,
           .detail = TraceDetail().add(keys::kReason, reason)});
  };
  std::string why;
  auto envelope = decode_envelope(message.payload, &why);
  if (!envelope) return reject("undecodable: " + why);
  if (envelope->operation != operations::kRegisterEndEntityResponse)
    return reject("labelled " + std::string(operations::kRegisterEndEntityResponse) +
                  " but carries " + envelope->operation);
  auto response = messages::from_envelope<messages::RegisterEndEntityResponse>(*envelope);
  if (!response) return reject("body does not decode: " + response.failure().text());
  if (!response->exchange) return reject("no exchange number");
  const std::uint64_t exchange = *response->exchange;
  if (const PendingRegistration* waiting = registrations_.find(exchange);
      waiting != nullptr && waiting->ca != message.from)
    return reject("reply from an actor the registration was not sent to");
  auto match = registrations_.reply(exchange);
  switch (match.match) {
    case ReplyMatch::answer:
      break;
    case ReplyMatch::late:
      return reject("late reply: the registration was given up");
    case ReplyMatch::duplicate:
      return reject("duplicate reply: the registration was answered");
    case ReplyMatch::unknown:
      return reject("no registration waits for this exchange");
  }
  const PendingRegistration& p = *match.pending;
  const std::string& status = response->status;
  const std::string reason = response->reason.value_or("");
  VnfciRecord* r = inventory_.find(p.vnfci);
  VnfciIdentity* identity = r != nullptr ? r->identity(p.identity) : nullptr;
  if (r == nullptr || identity == nullptr) return reject("the VNFCI is not in the inventory");
  const bool registered = status == outcomes::kRegistered;
  TraceDetail detail =
      about(*r, *identity)
          .add(keys::kCa, p.ca)
          .add(keys::kReference, identity->credential ? identity->credential->reference : "");
  if (!registered) detail.add(keys::kReason, reason.empty() ? "status " + status : reason);
  const std::string step = step_of(r->vnfci, decisions::kEndEntityRegistration);
  if (r->state != VnfciState::registering) {
    trace({.operation = decisions::kEndEntityRegistration,
           .outcome = registered ? outcomes::kRegistered : outcomes::kRejected,
           .peer = p.ca,
           .reference_point = reference_points::kCa1,
           .step = step,
           .detail = detail.add(keys::kNote, "VNFCI " + to_string(r->state) + " meanwhile")});
    return;
  }
  identity->registration = registered ? EndEntityState::registered : EndEntityState::rejected;
  trace({.operation = decisions::kEndEntityRegistration,
         .outcome = registered ? outcomes::kRegistered : outcomes::kRejected,
         .peer = p.ca,
         .reference_point = reference_points::kCa1,
         .step = step,
         .detail = detail});
  configuration_.check_complete(*r);
}

}  // namespace ifa026::actors::cmf
