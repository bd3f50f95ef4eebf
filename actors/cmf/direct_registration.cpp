// Direct mode's identities and their registration at the CA (see direct_registration.hpp; the
// decisions are listed in direct_mode.cpp).
#include "actors/cmf/direct_registration.hpp"

#include <exception>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "actors/cmf/direct_configuration.hpp"
#include "actors/cmf/fqdn_check.hpp"
#include "actors/common/end_entity_registration.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/drbg.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::cmf {
namespace {

constexpr std::size_t kReferenceBytes = 16;
constexpr std::size_t kSecretBytes = 32;

}  // namespace

DirectModeRegistration::DirectModeRegistration(DirectModeState& state,
                                               DirectModeConfiguration& configuration)
    : DirectModePart(state), configuration_(configuration) {}

bool DirectModeRegistration::handle_ca(const sim::Message& message) {
  if (message.reference_point != reference_points::kCa1 ||
      message.operation != operations::kRegisterEndEntityResponse)
    return false;
  guarded(operations::kRegisterEndEntityResponse, message.from,
          [&] { on_registration_response(message); });
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
                           .add("identities", static_cast<long long>(r->identities.size()))
                           .add("names", joined(identity_names))
                           .add("ca", direct_.ca);
  if (auto problem = identity_problem(*r)) {
    r->state = VnfciState::failed;
    record(RecordKind::decision, "IdentitiesCreated", step_of(r->vnfci, 1), "rejected", r->vnfm,
           detail.add("reason", *problem), reference_points::kCmVnfm);
    return;
  }
  // An attested VNFCI's channel uses the PSK from its attestation (set when it was verified).
  if (config_.day0.count(vnfci) == 0 && bootstrap_of(vnfci) == nullptr)
    channels_.credentials().day0_secrets[vnfci] = *direct_.vnfci_day0_secret;
  record(RecordKind::decision, "IdentitiesCreated", step_of(r->vnfci, 1), "ok", r->vnfm, detail,
         reference_points::kCmVnfm);
  for (auto& identity : r->identities) register_identity(*r, identity);
}

void DirectModeRegistration::register_identity(VnfciRecord& r, VnfciIdentity& identity) {
  const RaIdentity* ra = lookup_(identity.ca);
  identity.registration = EndEntityState::pending;
  ++identity.registration_attempts;
  if (ra == nullptr) {
    identity.registration = EndEntityState::failed;
    record(RecordKind::decision, "EndEntityRegistration", step_of(r.vnfci, 2), "failed",
           identity.ca,
           about(r, identity)
               .add("ca", identity.ca)
               .add("reason", "the CMF holds no RA certificate at this CA"),
           reference_points::kCa1);
    return configuration_.check_complete(r);
  }
  identity.credential = std::make_shared<InitialCredential>();
  identity.credential->reference = pki::to_hex(pki::random_bytes(kReferenceBytes));
  identity.credential->secret = pki::random_bytes(kSecretBytes);
  EndEntityRegistration registration;
  registration.identity = r.vnfci + "/" + identity.name;
  registration.subject = identity.subject;
  registration.dns = identity.dns;
  registration.reference = identity.credential->reference;
  registration.secret = identity.credential->secret;
  registration.one_use = direct_.credential_one_use;
  const sim::Time expires = context_.now() + direct_.credential_lifetime;
  registration.expires = pki_instant(context_.epoch(), expires);
  const std::uint64_t exchange = ++next_exchange_;
  json body = registration_body(registration);
  body["exchange"] = exchange;
  body = sign_registration(std::move(body), *ra->certificate, *ra->key);
  PendingRegistration pending;
  pending.vnfci = r.vnfci;
  pending.identity = identity.name;
  pending.ca = identity.ca;
  pending.payload = encode_envelope(
      Envelope{operations::kRegisterEndEntityRequest, step_of(r.vnfci, 2), std::move(body)});
  registrations_[exchange] = std::move(pending);
  record(RecordKind::decision, "EndEntityRegistration", step_of(r.vnfci, 2), "requested",
         identity.ca,
         about(r, identity)
             .add("ca", identity.ca)
             .add("reference", identity.credential->reference)
             .add("one_use", direct_.credential_one_use ? "true" : "false")
             .add("expires", context_.epoch().format(expires))
             .add("exchange", static_cast<long long>(exchange))
             .add("attempt", identity.registration_attempts),
         reference_points::kCa1);
  transmit(exchange);
}

void DirectModeRegistration::transmit(std::uint64_t exchange) {
  auto it = registrations_.find(exchange);
  if (it == registrations_.end()) return;
  PendingRegistration& p = it->second;
  sim::Message message;
  message.to = p.ca;
  message.reference_point = reference_points::kCa1;
  message.operation = operations::kRegisterEndEntityRequest;
  message.step = step_of(p.vnfci, 2);
  message.payload = p.payload;
  context_.send(std::move(message));
  p.timer = context_.schedule(config_.ca_timeout, "RegisterEndEntityTimeout", [this, exchange] {
    guarded("EndEntityRegistration", "", [&] { on_registration_timeout(exchange); });
  });
}

void DirectModeRegistration::on_registration_timeout(std::uint64_t exchange) {
  auto it = registrations_.find(exchange);
  if (it == registrations_.end()) return;
  PendingRegistration& p = it->second;
  p.timer = {};
  VnfciRecord* r = inventory_.find(p.vnfci);
  VnfciIdentity* identity = r != nullptr ? r->identity(p.identity) : nullptr;
  if (r == nullptr || identity == nullptr || r->state != VnfciState::registering) {
    registrations_.erase(it);
    return;
  }
  if (p.resends < config_.ca_retries) {
    ++p.resends;
    record(RecordKind::decision, "EndEntityRegistration", step_of(p.vnfci, 2), "resent", p.ca,
           about(*r, *identity)
               .add("exchange", static_cast<long long>(exchange))
               .add("attempt", p.resends + 1),
           reference_points::kCa1);
    transmit(exchange);
    return;
  }
  const std::string ca = p.ca;
  registrations_.erase(it);
  if (identity->registration_attempts <= direct_.registration_retries) {
    const sim::Duration delay = backoff(config_.ca_timeout, identity->registration_attempts - 1);
    record(RecordKind::decision, "EndEntityRegistration", step_of(r->vnfci, 2), "retry", ca,
           about(*r, *identity)
               .add("ca", ca)
               .add("reason", "CA unavailable")
               .add("retry_in", sim::format_duration(delay)),
           reference_points::kCa1);
    const std::string vnfci = r->vnfci;
    const std::string name = identity->name;
    context_.schedule(delay, "RegisterEndEntityRetry", [this, vnfci, name] {
      guarded("EndEntityRegistration", vnfci, [&] {
        VnfciRecord* again = inventory_.find(vnfci);
        if (again == nullptr || again->state != VnfciState::registering) return;
        if (VnfciIdentity* id = again->identity(name)) register_identity(*again, *id);
      });
    });
    return;
  }
  identity->registration = EndEntityState::failed;
  record(RecordKind::decision, "EndEntityRegistration", step_of(r->vnfci, 2), "failed", ca,
         about(*r, *identity).add("ca", ca).add("reason", "CA unavailable"),
         reference_points::kCa1);
  configuration_.check_complete(*r);
}

void DirectModeRegistration::on_registration_response(const sim::Message& message) {
  auto reject = [&](const std::string& reason) {
    record(RecordKind::decision, operations::kRegisterEndEntityResponse, message.step, "rejected",
           message.from, TraceDetail().add("reason", reason), reference_points::kCa1);
  };
  std::string why;
  auto envelope = decode_envelope(message.payload, &why);
  if (!envelope) return reject("undecodable: " + why);
  if (envelope->operation != operations::kRegisterEndEntityResponse)
    return reject("labelled " + std::string(operations::kRegisterEndEntityResponse) +
                  " but carries " + envelope->operation);
  auto exchange_it = envelope->body.find("exchange");
  if (exchange_it == envelope->body.end() || !exchange_it->is_number_integer() ||
      exchange_it->get<std::int64_t>() < 0)
    return reject("no exchange number");
  auto it = registrations_.find(exchange_it->get<std::uint64_t>());
  if (it == registrations_.end()) return reject("no registration waits for this exchange");
  if (it->second.ca != message.from)
    return reject("reply from an actor the registration was not sent to");
  PendingRegistration p = std::move(it->second);
  registrations_.erase(it);
  if (p.timer.valid()) context_.cancel(p.timer);
  const std::string status = get_string(envelope->body, "status");
  const std::string reason = get_string(envelope->body, "reason");
  VnfciRecord* r = inventory_.find(p.vnfci);
  VnfciIdentity* identity = r != nullptr ? r->identity(p.identity) : nullptr;
  if (r == nullptr || identity == nullptr) return reject("the VNFCI is not in the inventory");
  const bool registered = status == "registered";
  TraceDetail detail =
      about(*r, *identity)
          .add("ca", p.ca)
          .add("reference", identity->credential ? identity->credential->reference : "");
  if (!registered) detail.add("reason", reason.empty() ? "status " + status : reason);
  if (r->state != VnfciState::registering) {
    record(RecordKind::decision, "EndEntityRegistration", step_of(r->vnfci, 2),
           registered ? "registered" : "rejected", p.ca,
           detail.add("note", "VNFCI " + to_string(r->state) + " meanwhile"),
           reference_points::kCa1);
    return;
  }
  identity->registration = registered ? EndEntityState::registered : EndEntityState::rejected;
  record(RecordKind::decision, "EndEntityRegistration", step_of(r->vnfci, 2),
         registered ? "registered" : "rejected", p.ca, detail, reference_points::kCa1);
  configuration_.check_complete(*r);
}

}  // namespace ifa026::actors::cmf
