// Checks of Security Manager hierarchies at run time (clause 5.1.3 a; Annex A R2.1.50;
// docs/trust-model.md "Hierarchies"): authority granted by hierarchy (basis=hierarchy) exactly
// over the domains the `oversees` forest of the trust model gives a master, sub-SMs refused
// outside their own domains, a master's termination below it executed and its overrule of a
// subordinate's pending decision taking effect. Each check's test description is in the .cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_sm_hierarchy_checks(CheckRegistry& registry);

CheckResult check_sm_hierarchy_authority(const CheckContext& context);  // R2.1.50
CheckResult check_sm_hierarchy_roles(const CheckContext& context);      // 5.1.3-a

}  // namespace ifa026::conformance
