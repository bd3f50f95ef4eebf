// The Security Manager's VSFs following NS scales (docs/security-monitoring.md "The sNSD and VSFs
// over the NS lifecycle"; Annex A R1.2.120): from its VNF events it learns each VNF's VNFD and NS;
// when an NS_SCALE completed event lists VNFs the scale added, it asks the NFVO for a VSF (the
// VNFD its `protect` parameter names for the added VNF's VNFD) between another VNF of the NS and
// the added one (SmSecurityFunctionRequest instantiate, carried out through the VNFM); for each
// VNF the scale removed it terminates the VSF it had put in front of it. Fault `no_scale_vsf`:
// NS_SCALE events change nothing.
#include <algorithm>
#include <utility>

#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace m = messages;

namespace {

std::vector<std::string> listed(const std::optional<nlohmann::json>& details, const char* key) {
  std::vector<std::string> out;
  if (!details || !details->is_object()) return out;
  auto it = details->find(key);
  if (it == details->end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

void SmExtension::follow_ns_scale(const std::string& block, const m::SmLcmEvent& e) {
  if (settings_.protect.empty()) return;
  if (e.phase == kPhaseCompleted && e.vnf_instance_id) {
    if (e.event_type == kEventVnfInstantiate && e.vnfd_id && e.group_ref)
      scale_vnfs_[*e.vnf_instance_id] = ScaleVnf{*e.vnfd_id, *e.group_ref, e.trust_domain};
    if (e.event_type == kEventVnfTerminate) scale_vnfs_.erase(*e.vnf_instance_id);
  }
  if (e.event_type != kEventNsScale || e.phase != kPhaseCompleted || !e.ns_id) return;
  // The fault: the scale's new VNFs stay unprotected, the removed ones' VSFs stay.
  if (settings_.no_scale_vsf) return;
  const std::string nfvo = settings_.nfvo.empty() ? block : settings_.nfvo;
  const std::string instance = instance_with(nfvo);
  if (instance.empty()) return;
  const auto added = listed(e.change_details, "added_vnfs");
  const auto removed = listed(e.change_details, "removed_vnfs");
  auto is_vsf = [&](const std::string& vnfd) {
    if (vsf_vnfds_.contains(vnfd)) return true;
    for (const auto& [protected_vnfd, vsf_vnfd] : settings_.protect)
      if (vsf_vnfd == vnfd) return true;
    return false;
  };
  for (const auto& vnf : added) {
    auto known = scale_vnfs_.find(vnf);
    if (known == scale_vnfs_.end()) continue;
    auto rule = settings_.protect.find(known->second.vnfd);
    // Once per VNF: the NS_SCALE event comes once per domain of the NS the SM may see.
    if (rule == settings_.protect.end() || scale_vsf_of_.contains(vnf) ||
        std::any_of(scale_requests_.begin(), scale_requests_.end(),
                    [&](const auto& pending) { return pending.second == vnf; }))
      continue;
    // The VSF sits between another (non-VSF, still present) VNF of the NS, of the new one's
    // domain, and the new one.
    std::string partner;
    for (const auto& [other, facts] : scale_vnfs_)
      if (partner.empty() && other != vnf && facts.ns == *e.ns_id &&
          facts.domain == known->second.domain && !is_vsf(facts.vnfd) &&
          std::find(removed.begin(), removed.end(), other) == removed.end())
        partner = other;
    if (partner.empty()) continue;
    m::SmSecurityFunctionRequest request;
    request.instance = instance;
    request.action = kVsfInstantiate;
    request.vsf.vnfd_id = rule->second;
    request.placement = m::SmVsfPlacement{};
    request.placement->ns_id = *e.ns_id;
    request.placement->between = std::vector<std::string>{partner, vnf};
    request.event_id = e.event_id;
    // As request_security_function, keeping the request id for the answer's VSF id.
    request.request_id = next_request_id();
    vsf_vnfds_.insert(rule->second);
    scale_requests_[request.request_id] = vnf;
    sent(request.request_id, operations::kSmSecurityFunctionRequest, nfvo);
    send(nfvo, request);
  }
  for (const auto& vnf : removed) {
    auto vsf = scale_vsf_of_.find(vnf);
    if (vsf == scale_vsf_of_.end()) continue;
    m::SmSecurityFunctionRequest request;
    request.instance = instance;
    request.action = kVsfTerminate;
    request.vsf.vsf_instance_id = vsf->second;
    request.event_id = e.event_id;
    scale_vsf_of_.erase(vsf);
    request_security_function(nfvo, std::move(request));
  }
}

void SmExtension::scale_vsf_answered(const m::SmSecurityFunctionResponse& r) {
  auto it = scale_requests_.find(r.request_id);
  if (it == scale_requests_.end()) return;
  if (r.status == kStatusCompleted && r.vsf_instance_id)
    scale_vsf_of_[it->second] = *r.vsf_instance_id;
  scale_requests_.erase(it);
}

}  // namespace ifa026::actors::sm
