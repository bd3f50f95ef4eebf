// Reading the delegation-mode trace (see delegation_trace.hpp).
#include "conformance/delegation_trace.hpp"

#include <algorithm>
#include <map>

#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "conformance/direct_mode_trace.hpp"

namespace ifa026::conformance {

using sim::RecordKind;

DelegationRoles::DelegationRoles(const ManoView& mano) : mano_(mano) {
  for (const auto& r : mano.query.records()) {
    if (r.operation != decisions::kSpawnActor || r.outcome != outcomes::kOk) continue;
    const auto name = detail_of(r, keys::kName);
    const auto type = detail_of(r, keys::kType);
    if (!name.empty() && !type.empty()) spawned_.emplace_back(name, type);
  }
}

std::string DelegationRoles::role_of(const std::string& actor) const {
  auto type = mano_.roles.type_of(actor);
  if (!type.empty()) return type;
  for (const auto& [name, t] : spawned_)
    if (name == actor) return t;
  return "";
}

bool DelegationRoles::plays(const std::string& actor, std::string_view role) const {
  const auto mine = role_of(actor);
  if (mine == role) return true;
  return role == roles::kVim && mine == roles::kCism;
}

std::vector<std::string> DelegationRoles::actors_of(const std::string& role) const {
  std::vector<std::string> out;
  for (const auto& a : mano_.context.scenario.actors)
    if (a.type == role) out.push_back(a.name);
  for (const auto& [name, t] : spawned_)
    if (t == role && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  return out;
}

const std::vector<std::string>& delegation_flows() {
  static const std::vector<std::string> flows_list = {
      flows::kDelegateRegistration,    flows::kDelegatedCsr,           flows::kDelegatedCsrHsm,
      flows::kDelegatedInstall,        flows::kDelegatedConfiguration, flows::kDelegatedHsmInstall,
      flows::kOamDelegateRegistration, flows::kOamDelegatedCsr,        flows::kOamInstall};
  return flows_list;
}

bool is_delegation_flow(std::string_view flow) {
  return flow.rfind("C.2.2.", 0) == 0 || flow.rfind("C.3.2.", 0) == 0;
}

std::string certificate_type_of(std::string_view flow) {
  return flow.rfind("C.3.2.", 0) == 0 ? values::kTypeOam : values::kTypeVnfci;
}

std::string sibling_flow(std::string_view flow) {
  if (flow == flows::kDelegatedInstall) return flows::kOamInstall;
  if (flow == flows::kOamInstall) return flows::kDelegatedInstall;
  return "";
}

bool is_install_flow(std::string_view flow) {
  return flow == flows::kDelegatedInstall || flow == flows::kOamInstall ||
         flow == flows::kDelegatedConfiguration || flow == flows::kDelegatedHsmInstall;
}

bool is_refusal(const std::string& outcome) {
  return outcome == outcomes::kRejected || outcome == outcomes::kRefused ||
         outcome == outcomes::kFailed || outcome == outcomes::kTimeout ||
         outcome == outcomes::kInternalError;
}

std::string reason_text(const Rec& r) {
  for (const char* key : {keys::kReason, keys::kAlert, keys::kResult})
    if (has_detail(r, key)) return detail_of(r, key);
  return r.outcome;
}

bool names_vnfci(const Rec& r, const std::string& vnfci) {
  if (detail_of(r, keys::kVnfci) == vnfci) return true;
  if (has_detail(r, keys::kVnfcis)) {
    const auto list = split_names(detail_of(r, keys::kVnfcis));
    if (std::find(list.begin(), list.end(), vnfci) != list.end()) return true;
  }
  const auto identity = detail_of(r, keys::kIdentity);
  return identity.rfind(vnfci + "/", 0) == 0;
}

std::string identity_of(const Rec& r) {
  auto identity = detail_of(r, keys::kIdentity);
  const auto slash = identity.find('/');
  return slash == std::string::npos ? identity : identity.substr(slash + 1);
}

bool names_identity(const Rec& r, const std::string& vnfci, const std::string& identity) {
  if (!names_vnfci(r, vnfci)) return false;
  return identity_matches(r, identity);
}

bool identity_matches(const Rec& r, const std::string& identity) {
  if (identity.empty()) return true;
  const auto mine = identity_of(r);
  if (mine.empty() || mine == identity) return true;
  const auto list = split_names(mine);  // one record for several identities: "client,server"
  return std::find(list.begin(), list.end(), identity) != list.end();
}

std::vector<std::string> KeyHistory::holders() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  for (const auto* e : events)
    if (e->outcome == outcomes::kGenerated || e->outcome == outcomes::kReceived ||
        e->outcome == outcomes::kStored)
      add(e->actor);
  for (const auto* h : held) add(h->actor);
  return out;
}

bool has_ledger(const ManoView& mano) {
  for (const auto& r : mano.query.records())
    if (r.operation == decisions::kKeyCustody || r.operation == decisions::kKeyInventory)
      return true;
  return false;
}

std::vector<KeyHistory> key_histories(const ManoView& mano, const DelegationRoles& roles) {
  std::vector<KeyHistory> out;
  std::map<std::string, std::size_t> index;
  auto history = [&](const std::string& fp) -> KeyHistory& {
    auto it = index.find(fp);
    if (it != index.end()) return out[it->second];
    index[fp] = out.size();
    out.push_back({});
    out.back().key_fp = fp;
    return out.back();
  };
  for (const auto& r : mano.query.records()) {
    const bool custody = r.operation == decisions::kKeyCustody;
    const bool inventory = r.operation == decisions::kKeyInventory && r.outcome == outcomes::kHeld;
    if (!custody && !inventory) continue;
    const auto fp = detail_of(r, keys::kKeyFingerprint);
    if (fp.empty()) continue;
    auto& h = history(fp);
    if (h.vnfci.empty()) h.vnfci = detail_of(r, keys::kVnfci);
    if (h.identity.empty()) h.identity = identity_of(r);
    if (h.certificate_type.empty()) h.certificate_type = detail_of(r, keys::kCertificateType);
    if (custody) {
      h.events.push_back(&r);
      if (r.outcome == outcomes::kGenerated && h.generated == nullptr) h.generated = &r;
      const auto flow = std::string(flows::flow_of_step(r.step));
      if (h.install_flow.empty() && is_install_flow(flow)) h.install_flow = flow;
      if (h.install_flow.empty() && flow == flows::kDelegatedCsrHsm)
        h.install_flow = flows::kDelegatedHsmInstall;
    } else {
      h.held.push_back(&r);
    }
  }
  for (auto& h : out) {
    bool delegation_step = false;
    bool vnfm_holder = false;
    for (const auto* e : h.events) {
      if (is_delegation_flow(flows::flow_of_step(e->step))) delegation_step = true;
      if (roles.role_of(e->actor) == roles::kVnfm) vnfm_holder = true;
    }
    for (const auto* e : h.held)
      if (roles.role_of(e->actor) == roles::kVnfm) vnfm_holder = true;
    const std::string maker = h.generated != nullptr ? roles.role_of(h.generated->actor) : "";
    const bool release_to = h.generated != nullptr && has_detail(*h.generated, keys::kReleaseTo);
    if (maker == roles::kVnfci && !delegation_step && !vnfm_holder)
      h.mode = actors::lcm::kModeDirect;
    else if (maker == roles::kVnfm || delegation_step || vnfm_holder || release_to)
      h.mode = actors::lcm::kModeDelegation;
    else
      h.mode = actors::lcm::kModeDirect;
  }
  return out;
}

}  // namespace ifa026::conformance
