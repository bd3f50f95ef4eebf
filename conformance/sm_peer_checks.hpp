// Checks of SM peering and security associations (Annex A R1.1.110, R1.1.90, R1.1.100;
// docs/trust-model.md "SM peers and security associations"): the provider SMs'
// SmPeerAuthorization records and MANO's and the VNFCIs' SecurityAssociation records, judged
// against the scenario's trust model with the same rules the actors apply
// (actors/common/sm_peering.hpp). Each check's test description is in sm_peer_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_sm_peer_checks(CheckRegistry& registry);

CheckResult check_sm_peer_services(const CheckContext& context);           // R1.1.110
CheckResult check_cross_domain_associations(const CheckContext& context);  // R1.1.90
CheckResult check_intra_domain_associations(const CheckContext& context);  // R1.1.100

}  // namespace ifa026::conformance
