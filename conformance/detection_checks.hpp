// Checks of the Security Manager's detections and remedies (Annex A R1.3.110, R1.3.180; issue 16,
// docs/security-monitoring.md "Detections and remedies"). They read the SM's SecurityDetection and
// Remediation records, the VNFM's RogueInstantiation fault records, the SM's
// SmPackageVerification, and what MANO did about a remedy (the VIM's SmResourceRemoval, the
// NFVO's SmTerminationItem), with the SM's modes from the MANO blocks' SmBinding records
// (sm_trace_view.hpp). Each check's test description is in detection_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_detection_checks(CheckRegistry& registry);

CheckResult check_deployment_detection(const CheckContext& context);  // R1.3.110
CheckResult check_remediation(const CheckContext& context);           // R1.3.180

}  // namespace ifa026::conformance
