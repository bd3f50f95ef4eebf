// Checks of security management as a whole (Annex A R1.2.10, R1.2.30; docs/security-monitoring.md):
// the SM's policy lifecycle for a network service, and its reactions running automatically on
// events rather than on operator commands. Each check's test description is in
// security_management_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_security_management_checks(CheckRegistry& registry);

CheckResult check_security_policy_lifecycle(const CheckContext& context);      // R1.2.10
CheckResult check_automatic_security_management(const CheckContext& context);  // R1.2.30

}  // namespace ifa026::conformance
