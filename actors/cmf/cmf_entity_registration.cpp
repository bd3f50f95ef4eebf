// The CMF's registration of NFV-MANO entities (see cmf_entity_registration.hpp).
#include "actors/cmf/cmf_entity_registration.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "actors/cmf/entity_registry.hpp"
#include "actors/cmf/fqdn_check.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/drbg.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;
namespace values = detail_values;

constexpr std::size_t kAttestationNonceBytes = 16;

bool known_kind(const std::string& kind) {
  static const std::vector<std::string> kinds{"nfvo", "vnfm", "vim", "wim", "cism",
                                              "cir",  "sm",   "em",  "ism", "auditor"};
  // Issue 16: telemetry collectors and PNF stubs (docs/security-monitoring.md).
  static const std::vector<std::string> telemetry_kinds{"collector", "pnf"};
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end() ||
         std::find(telemetry_kinds.begin(), telemetry_kinds.end(), kind) != telemetry_kinds.end();
}

}  // namespace

CmfEntityRegistration::CmfEntityRegistration(CmfState& state) : CmfPart(state) {}

std::string CmfEntityRegistration::registration_flow(const ChannelMessage& m,
                                                     const std::string& kind) {
  std::string flow = flow_of(m.envelope.step);
  return flow.empty() ? registration_flow_of_kind(kind) : flow;
}

void CmfEntityRegistration::reject_registration(const ChannelMessage& m, const std::string& flow,
                                                const std::string& entity, const std::string& fqdn,
                                                const std::string& reason) {
  trace(
      {.operation = decisions::kRegisterEntity,
       .outcome = outcomes::kRejected,
       .peer = m.peer.name,
       .reference_point = reference_points::kCmf1,
       .step = step_in(flow, 1),
       .detail = about(entity, fqdn).add(keys::kConsumer, m.peer.name).add(keys::kReason, reason)});
  messages::RegisterEntityResponse response;
  response.status = outcomes::kRejected;
  response.reason = reason;
  response.entity = entity;
  response.fqdn = fqdn;
  response.cmf = name();
  reply(m, response, step_in(flow, 2));
}

void CmfEntityRegistration::handle_register(const ChannelMessage& m,
                                            const messages::RegisterEntityRequest& request) {
  const std::string& entity = request.entity;
  const std::string& kind = request.kind;
  const std::string& fqdn = request.fqdn;
  const std::string flow = registration_flow(m, kind);

  std::string reason;
  if (!trusted_consumer(m, reason)) return reject_registration(m, flow, entity, fqdn, reason);
  if (entity.empty()) return reject_registration(m, flow, entity, fqdn, "entity missing");
  if (!known_kind(kind))
    return reject_registration(m, flow, entity, fqdn, "unknown entity kind \"" + kind + "\"");
  if (auto problem = cmf::fqdn_problem(fqdn, config_.allowed_domains))
    return reject_registration(m, flow, entity, fqdn, *problem);
  if (auto owner = registry_.fqdn_owner(fqdn, entity))
    return reject_registration(m, flow, entity, fqdn, "FQDN already registered for " + *owner);

  bool one_use = config_.credential_one_use;
  sim::Duration lifetime = config_.credential_lifetime;
  if (request.credential) {
    if (request.credential->one_use) one_use = *request.credential->one_use;
    if (request.credential->lifetime) {
      const std::optional<sim::Duration> d = sim::parse_duration(*request.credential->lifetime);
      if (!d || *d <= sim::Duration())
        return reject_registration(m, flow, entity, fqdn, "credential lifetime is not valid");
      lifetime = *d;
    }
  }

  Registration& reg = registry_.upsert(entity);
  reg.kind = kind;
  reg.fqdn = fqdn;
  reg.consumer = m.peer.name;
  reg.ca = config_.ca_for(kind);
  cmf::InitialCredential credential;
  credential.reference = entity + "-" + std::to_string(registry_.next_credential_number(entity));
  credential.secret = pki::random_bytes(kInitialSecretBytes);
  credential.one_use = one_use;
  credential.expires = current_time() + lifetime;
  reg.credential = credential;
  reg.attestation_nonce = pki::random_bytes(kAttestationNonceBytes);

  const std::string step = step_in(flow, 1);
  const std::string expires = context().epoch().format(credential.expires);
  trace({.operation = decisions::kRegisterEntity,
         .outcome = outcomes::kRegistered,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmf1,
         .step = step,
         .detail = about(entity, fqdn).add(keys::kConsumer, m.peer.name).add(keys::kKind, kind)});
  trace({.operation = decisions::kSelectCa,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmf1,
         .step = step,
         .detail = about(entity, fqdn).add(keys::kCa, reg.ca)});
  trace({.operation = decisions::kInitialCredential,
         .outcome = outcomes::kCreated,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmf1,
         .step = step,
         .detail = about(entity, fqdn)
                       .add(keys::kReference, credential.reference)
                       .add(keys::kOneUse, one_use ? values::kTrue : values::kFalse)
                       .add(keys::kExpires, expires)});

  // The root the entity's certificate will chain to (the selected CA's); `trust_anchors` lists
  // it first, then the CMF's own root (for the server_auth session) and the roots of the other
  // CAs the CMF selects for MANO entities (for mutual TLS with peers enrolled there).
  const RaIdentity* selected = identity(reg.ca);
  const pki::Certificate& anchor =
      selected != nullptr ? selected->anchors.front() : primary().anchors.front();
  std::vector<pki::Certificate> roots{anchor};
  auto add_roots = [&](const RaIdentity* id) {
    if (id == nullptr) return;
    for (const auto& a : id->anchors)
      if (std::find(roots.begin(), roots.end(), a) == roots.end()) roots.push_back(a);
  };
  add_roots(&primary());
  for (const auto& [kind_of_ca, ca] : config_.cas) add_roots(identity(ca));
  std::vector<pki::Bytes> anchors;
  for (const auto& r : roots) anchors.push_back(r.der());
  reply(m,
        messages::RegisterEntityResponse{
            .status = outcomes::kRegistered,
            .reason = "",
            .entity = entity,
            .kind = kind,
            .fqdn = fqdn,
            .ca = reg.ca,
            .initial_credential = messages::InitialCredential{.reference = credential.reference,
                                                              .secret = credential.secret,
                                                              .one_use = one_use,
                                                              .expires = expires},
            .attestation_nonce = reg.attestation_nonce,
            .trust_anchor = anchor.der(),
            .trust_anchors = std::move(anchors),
            .cmf = name(),
            .cmf_fqdn = config_.fqdn},
        step_in(flow, 2));
}

}  // namespace ifa026::actors::cmf
