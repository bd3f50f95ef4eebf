// The CMF's registration of NFV-MANO entities (see cmf_entity_registration.hpp).
#include "actors/cmf/cmf_entity_registration.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "actors/cmf/fqdn_check.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/drbg.hpp"

namespace ifa026::actors::cmf {
namespace {

constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kNonceBytes = 16;

bool known_kind(const std::string& kind) {
  static const std::vector<std::string> kinds{"nfvo", "vnfm", "vim", "wim", "cism", "cir"};
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

}  // namespace

CmfEntityRegistration::CmfEntityRegistration(CmfState& state) : CmfPart(state) {}

void CmfEntityRegistration::reject_registration(const ChannelMessage& m, const std::string& flow,
                                                const std::string& entity, const std::string& fqdn,
                                                const std::string& reason) {
  record(RecordKind::decision, "RegisterEntity", step_in(flow, 1), "rejected", m.peer.name,
         about(entity, fqdn).add("consumer", m.peer.name).add("reason", reason));
  json out = json::object();
  out["status"] = "rejected";
  out["reason"] = reason;
  out["entity"] = entity;
  out["fqdn"] = fqdn;
  out["cmf"] = name();
  reply(m, operations::kRegisterEntityResponse, step_in(flow, 2), std::move(out));
}

void CmfEntityRegistration::handle_register(const ChannelMessage& m) {
  const json& body = m.envelope.body;
  const std::string entity = get_string(body, "entity");
  const std::string kind = get_string(body, "kind");
  const std::string fqdn = get_string(body, "fqdn");
  std::string flow = flow_of(m.envelope.step);
  if (flow.empty()) flow = registration_flow_of_kind(kind);

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
  if (auto it = body.find("credential"); it != body.end()) {
    if (!it->is_object())
      return reject_registration(m, flow, entity, fqdn, "credential options are not a map");
    if (auto u = it->find("one_use"); u != it->end()) {
      if (!u->is_boolean())
        return reject_registration(m, flow, entity, fqdn, "credential one_use is not a bool");
      one_use = u->get<bool>();
    }
    if (auto l = it->find("lifetime"); l != it->end()) {
      std::optional<sim::Duration> d;
      if (l->is_string()) d = sim::parse_duration(l->get<std::string>());
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
  credential.secret = pki::random_bytes(kSecretBytes);
  credential.one_use = one_use;
  credential.expires = current_time() + lifetime;
  reg.credential = credential;
  reg.attestation_nonce = pki::random_bytes(kNonceBytes);

  const std::string step = step_in(flow, 1);
  const std::string expires = context().epoch().format(credential.expires);
  record(RecordKind::decision, "RegisterEntity", step, "registered", m.peer.name,
         about(entity, fqdn).add("consumer", m.peer.name).add("kind", kind));
  record(RecordKind::decision, "SelectCa", step, "ok", m.peer.name,
         about(entity, fqdn).add("ca", reg.ca));
  record(RecordKind::decision, "InitialCredential", step, "created", m.peer.name,
         about(entity, fqdn)
             .add("reference", credential.reference)
             .add("one_use", one_use ? "true" : "false")
             .add("expires", expires));

  json out = json::object();
  out["status"] = "registered";
  out["reason"] = "";
  out["entity"] = entity;
  out["kind"] = kind;
  out["fqdn"] = fqdn;
  out["ca"] = reg.ca;
  json initial = json::object();
  initial["reference"] = credential.reference;
  set_bytes(initial, "secret", credential.secret);
  initial["one_use"] = one_use;
  initial["expires"] = expires;
  out["initial_credential"] = std::move(initial);
  set_bytes(out, "attestation_nonce", reg.attestation_nonce);
  // The root the entity's certificate will chain to (the selected CA's); `trust_anchors` lists
  // it first, then the CMF's own root (for the server_auth session) and the roots of the other
  // CAs the CMF selects for MANO entities (for mutual TLS with peers enrolled there).
  const RaIdentity* selected = identity(reg.ca);
  const pki::Certificate& anchor =
      selected != nullptr ? selected->anchors.front() : primary().anchors.front();
  set_bytes(out, "trust_anchor", anchor.der());
  std::vector<pki::Certificate> roots{anchor};
  auto add_roots = [&](const RaIdentity* id) {
    if (id == nullptr) return;
    for (const auto& a : id->anchors)
      if (std::find(roots.begin(), roots.end(), a) == roots.end()) roots.push_back(a);
  };
  add_roots(&primary());
  for (const auto& [kind, ca] : config_.cas) add_roots(identity(ca));
  std::vector<pki::Bytes> anchors;
  for (const auto& r : roots) anchors.push_back(r.der());
  set_bytes_list(out, "trust_anchors", anchors);
  out["cmf"] = name();
  out["cmf_fqdn"] = config_.fqdn;
  reply(m, operations::kRegisterEntityResponse, step_in(flow, 2), std::move(out));
}

}  // namespace ifa026::actors::cmf
