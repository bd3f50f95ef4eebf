// The names security functions and security monitoring speak (issue 16;
// docs/security-monitoring.md; Annex A R1.2 and R1.3): message operations on Sm-Sf and Sc-Or, the
// decision records the SM, the security functions, the collectors and MANO write, their outcomes
// and detail keys. Kept apart from operations.hpp / decisions.hpp / detail_keys.hpp so that adding
// a monitoring name rebuilds only what monitors; the vocabulary tests read this header together
// with those three.
#pragma once

namespace ifa026::actors::operations {

// --- Telemetry (R1.3.60, R1.3.70, R1.3.130, R1.3.140, R1.3.230, R1.3.250): a monitored VNF, VSF
// or PNF stub -> a collector (an SM or a collector actor), each over its own mutual-TLS session.
inline constexpr const char* kTelemetryReport = "TelemetryReport";

// --- Security functions (EM, ISM, VSF, PSF, ISF on Sm-Sf).

// --- sNSD and VSF lifecycle (Sc-Or).

// --- Monitoring, probes and collectors.
// The data-plane probe (R1.3.30, R1.3.50; docs/security-monitoring.md "Monitoring runs, probes and
// SLA windows"): a probe client's echo through an inline monitor to a server and back, and the
// copy a passive monitor (a tap) gets.
inline constexpr const char* kProbeEcho = "ProbeEcho";
inline constexpr const char* kProbeEchoReply = "ProbeEchoReply";
inline constexpr const char* kProbeCopy = "ProbeCopy";
// An SM's in-band monitoring poll of a data-plane monitor (param monitoring.inband): inspected by
// the monitor like user traffic, so it shares the monitor's capacity with the probes.
inline constexpr const char* kMonitoringPoll = "MonitoringPoll";

// --- Detection, remediation and the audit trail.

}  // namespace ifa026::actors::operations

namespace ifa026::actors::decisions {

// --- Shared by several monitoring pieces.
// The SM noticed something a monitoring pipeline must notice (kind=unauthorized_deployment,
// package_integrity, runtime_integrity, exploit, unprotected_configuration, unauthorized_update,
// authorized; vnf=, event_id=, source=).
inline constexpr const char* kSecurityDetection = "SecurityDetection";  // detected / authorized
// What the SM did about a detection or a drift (action=terminate / quarantine / reapply_rules /
// alert_only; detection=; request=).
inline constexpr const char* kRemediation = "Remediation";  // requested / instructed / alerted
// One monitoring round of an SM (trigger=continuous / manual / event / admin; target=).
inline constexpr const char* kMonitoringRun = "MonitoringRun";  // started
// The SM's judgement of one validation round (ns=, policy=, sf=).
inline constexpr const char* kPolicyValidation = "PolicyValidation";  // pass / violation

// --- Security functions (EM, ISM, VSF, PSF, ISF).

// --- sNSD and VSF lifecycle.

// --- Monitoring, telemetry, probes and collectors.
// SM side (sm_monitoring.cpp): continuous monitoring switched on or off (command `monitoring`).
inline constexpr const char* kMonitoringSwitched = "MonitoringSwitched";  // on / off
// The SM's topology view changed after a migration, scale or lifecycle event (vnf=, vnfci=,
// host=, ns=, change=, event_id=).
inline constexpr const char* kTopologyUpdated = "TopologyUpdated";  // updated
// The SM's policy (its rules) loaded at start, before it binds (rules=).
inline constexpr const char* kSmPolicyLoaded = "SmPolicyLoaded";  // loaded
// The NFVO's gate of LCM requests on SM readiness (require_sm_before_lcm; sm=).
inline constexpr const char* kSmReadiness = "SmReadiness";  // ready / not_ready
// Data plane (actors/dataplane/): a client's probe and how it ended (probe=, rtt=, latency_us=).
inline constexpr const char* kProbeResult = "ProbeResult";  // success / timeout / error
// An inline monitor let a probe through (inspected) or, failing open, without inspection
// (unfiltered).
inline constexpr const char* kProbeForwarded = "ProbeForwarded";  // inspected / unfiltered
// An inline monitor that is down refused to pass a probe.
inline constexpr const char* kFailSafe = "FailSafe";  // deny
// A passive monitor got (or, being down, missed) a copy of a probe.
inline constexpr const char* kProbeTapped = "ProbeTapped";  // copied / missed
// A monitor went down or came back (command monitor_down / monitor_up).
inline constexpr const char* kMonitorState = "MonitorState";  // down / up

// --- Detection, remediation and the audit trail.

}  // namespace ifa026::actors::decisions

namespace ifa026::actors::outcomes {

// (detected, requested and started are in decisions.hpp.)
inline constexpr const char* kAuthorized = "authorized";
inline constexpr const char* kInstructed = "instructed";
inline constexpr const char* kAlerted = "alerted";
inline constexpr const char* kPass = "pass";
inline constexpr const char* kViolation = "violation";

// --- Security functions.

// --- sNSD and VSF lifecycle.

// --- Monitoring, telemetry, probes and collectors.
inline constexpr const char* kOn = "on";
inline constexpr const char* kOff = "off";
inline constexpr const char* kUpdated = "updated";
inline constexpr const char* kLoaded = "loaded";
inline constexpr const char* kReady = "ready";
inline constexpr const char* kNotReady = "not_ready";
inline constexpr const char* kSuccess = "success";
inline constexpr const char* kError = "error";
inline constexpr const char* kInspected = "inspected";
inline constexpr const char* kUnfiltered = "unfiltered";
inline constexpr const char* kDeny = "deny";
inline constexpr const char* kCopied = "copied";
inline constexpr const char* kMissed = "missed";
inline constexpr const char* kDown = "down";
inline constexpr const char* kUp = "up";

// --- Detection, remediation and the audit trail.

}  // namespace ifa026::actors::outcomes

namespace ifa026::actors::detail_keys {

// (kind, trigger and action are in detail_keys.hpp: kKind, kTrigger, kAction.)
inline constexpr const char* kDetection = "detection";
inline constexpr const char* kSf = "sf";
inline constexpr const char* kPlane = "plane";
inline constexpr const char* kMonitoringMode = "monitoring_mode";

// --- Security functions.

// --- sNSD and VSF lifecycle.

// --- Monitoring, telemetry, probes and collectors.
inline constexpr const char* kPeriod = "period";         // MonitoringRun continuous: its period
inline constexpr const char* kObserved = "observed";     // MonitoringRun: what the run asks
inline constexpr const char* kRules = "rules";           // SmPolicyLoaded: how many rules
inline constexpr const char* kProbe = "probe";           // a probe's id (client-N)
inline constexpr const char* kLatencyUs = "latency_us";  // ProbeResult: round trip, microseconds
inline constexpr const char* kMonitor = "monitor";       // which monitor (actor name)
inline constexpr const char* kWindow = "window";         // on / off at the time of a record

// --- Detection, remediation and the audit trail.

}  // namespace ifa026::actors::detail_keys
