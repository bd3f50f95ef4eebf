// Checks that security functions' configurations arrived over protected channels and that the
// Security Manager's monitoring confirmed it (Annex A R1.3.150; issue 16,
// docs/security-monitoring.md "Unprotected configuration (R1.3.150)"). They read the EMs' and
// ISMs' SecurityRulesApplied / ConfigurationStored and SecurityFunctionAccess records (the channel
// a configuration came over, delivered_over) and the SM's acknowledged SecurityRulePush /
// SecurityFunctionCredential (its confirmation) and SecurityDetection
// kind=unprotected_configuration. The check's test description is in configuration_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_configuration_checks(CheckRegistry& registry);

CheckResult check_protected_configuration(const CheckContext& context);  // R1.3.150

}  // namespace ifa026::conformance
