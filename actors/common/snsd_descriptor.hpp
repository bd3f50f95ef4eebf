// The NS descriptors Security Managers extend (docs/security-monitoring.md "The sNSD and VSFs over
// the NS lifecycle"; Annex A R1.2.50, R1.2.60): the digest both ends compute over a descriptor,
// the sNSD built from an NSD and a `security` section, the design-time rules an sNSD must keep,
// and the links its VSFs go on. NSD (ours): {nsd_id, trust_domain, vnf_profiles: [{id, vnfd_id,
// flavour?}], virtual_links: [{id, connects: [profile, profile]}]}; `security`: {zones: [{id,
// vnf_profiles}], vsfs: [{id, vnfd_id, flavour?}], connectivity: [{vsf, between: [zone, zone],
// protects: [profile...]}]}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ifa026::actors {

// Lowercase hex SHA-256 of the descriptor's compact JSON text (keys sorted, as nlohmann dumps).
std::string descriptor_digest(const nlohmann::json& descriptor);

// The NSD unchanged plus `security`.
nlohmann::json build_snsd(const nlohmann::json& nsd, const nlohmann::json& security);

// What breaks the design-time rules (R1.2.60), one line each, empty when none: a `security`
// section with zones, vsfs and connectivity; every VNF profile in exactly one zone and every zone
// member a profile; every VSF with a VNFD id and at least one connectivity entry; every entry
// naming a known VSF, two different known zones, and protected profiles of the second zone each
// joined by a virtual link to a profile of the first (the traffic the VSF sits on).
std::vector<std::string> snsd_design_problems(const nlohmann::json& snsd);

// One place a VSF of an sNSD goes: on the virtual link from profile `from` to protected profile
// `to`.
struct SnsdVsfLink {
  std::string vsf;      // the sNSD's VSF id
  std::string vnfd_id;  // its VNFD
  std::string from;     // VNF profile in the first zone
  std::string to;       // the protected VNF profile
};
// The links of a well-formed sNSD's VSFs, in connectivity order (ill-formed entries skipped).
std::vector<SnsdVsfLink> snsd_vsf_links(const nlohmann::json& snsd);

}  // namespace ifa026::actors
