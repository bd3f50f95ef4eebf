// Roles of scenario actors and the Annex C.4 flows (see mano_roles.hpp).
#include "conformance/mano_roles.hpp"

#include <algorithm>
#include <cctype>

#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {

const std::vector<ManoFlow>& mano_flows() {
  static const std::vector<ManoFlow> flows = [] {
    std::vector<ManoFlow> out;
    for (const auto& f : actors::flows::all_flows())
      if (is_mano_entity_type(f.entity))
        out.push_back({f.id, f.registration, f.entity, f.hsm, static_cast<int>(f.steps.size())});
    return out;
  }();
  return flows;
}

const ManoFlow* find_mano_flow(const std::string& id) {
  for (const auto& f : mano_flows())
    if (f.id == id) return &f;
  return nullptr;
}

std::string registration_flow(const std::string& type) {
  const auto* f = actors::flows::entity_flow(type, true);
  return f != nullptr ? f->id : "";
}

std::string csr_flow(const std::string& type, bool hsm) {
  const auto* f = actors::flows::entity_flow(type, false, hsm);
  return f != nullptr ? f->id : "";
}

std::string entity_type_name(const std::string& type) {
  std::string out = type;
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is_mano_entity_type(const std::string& type) {
  static const std::vector<std::string> types = {"nfvo", "vnfm", "vim", "wim", "cism", "cir"};
  return std::find(types.begin(), types.end(), type) != types.end();
}

ManoRoles::ManoRoles(const sim::Scenario& scenario) : scenario_(scenario) {
  for (const auto& a : scenario.actors) {
    if (a.type == roles::kCmf)
      cmfs_.push_back(a.name);
    else if (a.type == roles::kCa || a.type == roles::kCaLive)
      cas_.push_back(a.name);
    else if (a.type == roles::kOss)
      osses_.push_back(a.name);
    else if (a.type == roles::kHsm)
      hsms_.push_back(a.name);
    else if (is_mano_entity_type(a.type))
      entities_.push_back(a.name);
  }
}

std::vector<std::string> ManoRoles::entities_of(const std::string& type) const {
  std::vector<std::string> out;
  for (const auto& a : scenario_.actors)
    if (a.type == type) out.push_back(a.name);
  return out;
}

bool ManoRoles::is_cmf(const std::string& name) const {
  return std::find(cmfs_.begin(), cmfs_.end(), name) != cmfs_.end();
}

bool ManoRoles::is_ca(const std::string& name) const {
  return std::find(cas_.begin(), cas_.end(), name) != cas_.end();
}

bool ManoRoles::is_entity(const std::string& name) const {
  return std::find(entities_.begin(), entities_.end(), name) != entities_.end();
}

std::string ManoRoles::type_of(const std::string& name) const {
  for (const auto& a : scenario_.actors)
    if (a.name == name) return a.type == roles::kCaLive ? roles::kCa : a.type;  // plays the CA
  return "";
}

const nlohmann::json& ManoRoles::params_of(const std::string& name) const {
  static const nlohmann::json empty = nlohmann::json::object();
  for (const auto& a : scenario_.actors)
    if (a.name == name) return a.params;
  return empty;
}

std::string ManoRoles::hsm_of(const std::string& entity) const {
  const auto& p = params_of(entity);
  if (p.contains("hsm") && p["hsm"].is_string()) return p["hsm"].get<std::string>();
  return "";
}

std::string ManoRoles::key_attestation_policy(const std::string& cmf) const {
  const auto& p = params_of(cmf);
  if (p.contains("key_attestation") && p["key_attestation"].is_string())
    return p["key_attestation"].get<std::string>();
  return "optional";  // the CMF's default
}

std::vector<const sim::ActorSpec*> actors_of_type(const sim::Scenario& scenario,
                                                  const std::string& type) {
  std::vector<const sim::ActorSpec*> out;
  for (const auto& a : scenario.actors)
    if (a.type == type) out.push_back(&a);
  return out;
}

}  // namespace ifa026::conformance
