// Checks of monitoring runs, the data-plane probe, SLA windows, topology tracking and SM readiness
// (issue 16; Annex A R1.3.30, R1.3.50, R1.3.170, R1.3.210, R1.3.240; docs/security-monitoring.md
// "Monitoring runs, probes and SLA windows"), read from the trace: the SM's MonitoringRun,
// MonitoringSwitched, TopologyUpdated and SmPolicyLoaded records and the answers to its queries;
// the data-plane stubs' ProbeResult, ProbeForwarded, FailSafe, ProbeTapped and MonitorState; the
// VIM's allocation, migration and release records; the VNFM's and NFVO's LCM operation records.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_monitoring_checks(CheckRegistry& registry);

CheckResult check_monitoring_runs(const CheckContext& context);        // R1.3.240
CheckResult check_monitor_failure_modes(const CheckContext& context);  // R1.3.30
CheckResult check_sla_windows(const CheckContext& context);            // R1.3.50
CheckResult check_topology_tracking(const CheckContext& context);      // R1.3.170
CheckResult check_sm_before_lcm(const CheckContext& context);          // R1.3.210

}  // namespace ifa026::conformance
