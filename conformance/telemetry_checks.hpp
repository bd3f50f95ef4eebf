// Checks of telemetry and collectors (Annex A R1.3.60, R1.3.70, R1.3.90, R1.3.130, R1.3.140,
// R1.3.190, R1.3.230, R1.3.250; docs/security-monitoring.md "Telemetry and collectors"): the
// senders' TelemetryPolicy and TelemetrySent records, the kernel's sends of TelemetryReport, the
// TLS handshakes and the CAs' issued serials, the collectors' TelemetryStored records and their
// stores in the final state (opened with the key the scenario provisioned), the SM's
// SecurityDetection and Remediation records and MANO's execution of the remedy. Each check's
// test description is in telemetry_checks.cpp; each gives `none` in a scenario without telemetry.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_telemetry_checks(CheckRegistry& registry);

CheckResult check_monitoring_channels(const CheckContext& context);      // R1.3.60
CheckResult check_monitoring_coverage(const CheckContext& context);      // R1.3.70
CheckResult check_monitoring_provisioning(const CheckContext& context);  // R1.3.90
CheckResult check_telemetry_at_rest(const CheckContext& context);        // R1.3.130
CheckResult check_telemetry_compression(const CheckContext& context);    // R1.3.140
CheckResult check_exploit_remediation(const CheckContext& context);      // R1.3.190
CheckResult check_telemetry_planes(const CheckContext& context);         // R1.3.230
CheckResult check_telemetry_fan_out(const CheckContext& context);        // R1.3.250

}  // namespace ifa026::conformance
