// Checks of security functions behind an EM and the ISM and of policy validation (Annex A
// R1.2.20, R1.2.40, R1.2.130, R1.2.140, R1.2.150, R1.2.160, R1.3.120; docs/security-monitoring.md
// "Security functions: VSF, PSF behind an EM, ISF behind the ISM"): the SMs' discovery, rule,
// credential and validation records, the EM's and ISM's access decisions (judged with the rule
// they apply, actors/sfm/sf_access.hpp), their SecurityRulesApplied / ConfigurationStored /
// SecurityRuleDrift records, the NFVO's NS operations and the managers' final rule tables. Each
// check's test description is in security_function_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_security_function_checks(CheckRegistry& registry);

CheckResult check_sf_domain_bounds(const CheckContext& context);           // R1.2.20
CheckResult check_sf_discovery(const CheckContext& context);               // R1.2.40
CheckResult check_sf_rule_configuration(const CheckContext& context);      // R1.2.130
CheckResult check_sf_credentials(const CheckContext& context);             // R1.2.140
CheckResult check_sf_validation_configured(const CheckContext& context);   // R1.2.150
CheckResult check_sf_validation_interface(const CheckContext& context);    // R1.2.160
CheckResult check_sf_enforcement_monitoring(const CheckContext& context);  // R1.3.120

}  // namespace ifa026::conformance
