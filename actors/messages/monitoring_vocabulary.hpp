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
// Telemetry (docs/security-monitoring.md "Telemetry and collectors"): a sender's policy as
// configured (collectors=, pairs=plane/mode,...), each report it sent (collector=, plane=, mode=,
// seq=, encoding=, raw_size=, wire_size=), each report a collector stored (store_record=, the
// report's fields, channel=, peer_serial=), a stored record altered by the `tamper_store` command,
// and a collector's verification of its whole store (records=, failed_records=).
inline constexpr const char* kTelemetryPolicy = "TelemetryPolicy";                // loaded
inline constexpr const char* kTelemetrySent = "TelemetrySent";                    // sent
inline constexpr const char* kTelemetryStored = "TelemetryStored";                // stored
inline constexpr const char* kTelemetryStoreTampered = "TelemetryStoreTampered";  // tampered
inline constexpr const char* kTelemetryStoreVerification = "TelemetryStoreVerification";
// The `exploit` fault reached a telemetry source (vnf=): its metrics leave their baseline.
inline constexpr const char* kExploitInjected = "ExploitInjected";  // injected

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
inline constexpr const char* kLoaded = "loaded";      // TelemetryPolicy
inline constexpr const char* kInjected = "injected";  // ExploitInjected

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
// Telemetry (seq, kind, mode, vnf, channel and peer_serial are in detail_keys.hpp).
inline constexpr const char* kEncoding = "encoding";               // identity, deflate
inline constexpr const char* kRawDigest = "raw_digest";            // hex SHA-256 of the raw record
inline constexpr const char* kRawSize = "raw_size";                // bytes of the raw record
inline constexpr const char* kWireSize = "wire_size";              // bytes of the payload as sent
inline constexpr const char* kTelemetryCollector = "collector";    // one collector
inline constexpr const char* kTelemetryCollectors = "collectors";  // a policy's, comma-separated
inline constexpr const char* kTelemetryPairs = "pairs";            // a policy's plane/mode pairs
inline constexpr const char* kStoreRecord = "store_record";        // index in a collector's store
inline constexpr const char* kFailedRecords = "failed_records";    // indexes that did not verify
inline constexpr const char* kAnomalyMetric = "metric";            // the metric found anomalous
inline constexpr const char* kAnomalyValue = "value";              // its value
inline constexpr const char* kAnomalyThreshold = "threshold";      // the bound it crossed

// --- Detection, remediation and the audit trail.

}  // namespace ifa026::actors::detail_keys
