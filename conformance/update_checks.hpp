// Check of the updates tied to security monitoring (Annex A R1.3.220; issue 16,
// docs/security-monitoring.md "Updates (R1.3.220)"). It reads the VNFM's SoftwareUpdate and the
// VIM's FirmwareUpdate records, what the MANO blocks routed to SMs (SmEventRouted) and what the
// SMs received (SmEventReceived), the SMs' grant answers (SmGrantDecision) and their judgements
// (SecurityDetection), with the SMs' modes from SmBinding and their `update_policy` from the
// scenario. The test description is in update_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_update_checks(CheckRegistry& registry);

CheckResult check_update_monitoring(const CheckContext& context);  // R1.3.220

}  // namespace ifa026::conformance
