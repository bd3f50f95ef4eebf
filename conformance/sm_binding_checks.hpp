// Checks of how MANO binds, authorizes and informs each Security Manager (clause 5.1.1, 5.1.3;
// Annex A R2.1.60-R2.1.140): one instance and one mutual-TLS session per SM and block, grants
// equal to the trust model, every authorization per the mode table, events routed only to SMs
// holding the domain, modes per domain, mode changes confined to one SM and one domain. Each
// check's test description is in sm_binding_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_sm_binding_checks(CheckRegistry& registry);

CheckResult check_sm_separate_deployment(const CheckContext& context);  // 5.1.1-a
CheckResult check_sm_instances(const CheckContext& context);            // R2.1.60, 5.1.3-b
CheckResult check_sm_sessions(const CheckContext& context);             // R2.1.70, 5.1.3-c
CheckResult check_sm_event_routing(const CheckContext& context);        // R2.1.80
CheckResult check_sm_authorization(const CheckContext& context);        // R2.1.110, 5.1.3-f
CheckResult check_sm_modes_per_domain(const CheckContext& context);     // R2.1.130, 5.1.3-i
CheckResult check_sm_mode_change(const CheckContext& context);          // R2.1.140, 5.1.3-j
CheckResult check_sm_independence(const CheckContext& context);         // 5.1.3-g

}  // namespace ifa026::conformance
