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
// An audit collector (actor type auditor) -> a keeper of an audit log (NFVO, VNFM, VIM, SM), over
// mutual TLS: the keeper's audit key, from which its partitions' keys are derived (R1.3.270).
inline constexpr const char* kAuditKeyDelivery = "AuditKeyDelivery";
inline constexpr const char* kAuditKeyDeliveryAck = "AuditKeyDeliveryAck";
// A keeper -> its auditor, on the session the key came on (R1.3.280): new records of a partition,
// MAC'd under a key derived from that session's TLS exporter.
inline constexpr const char* kAuditLogTransfer = "AuditLogTransfer";
inline constexpr const char* kAuditLogTransferAck = "AuditLogTransferAck";

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

// --- Detection, remediation and the audit trail.
// The VIM's execution of an SM's SmTerminateVnfRequest on Sc-Vi: every compute of the VNF removed
// as by a security manager (sm=, request=, kind=, vnf=, resources=, reason=).
inline constexpr const char* kSmResourceRemoval =
    "SmResourceRemoval";  // terminated / unknown / refused
// Fault rogue_instantiate (the VNFM's command): compute allocated at a VIM for a VNF no NFVO asked
// for, with no grant (vnf=, vim=, vnfcis=).
inline constexpr const char* kRogueInstantiation = "RogueInstantiation";  // sent
// An audit key's delivery (R1.3.270): at the auditor sent / acknowledged (keeper=, key_id=,
// channel=); at the keeper received / refused (source=, key_id=, channel=, reason=). The keeper's
// AuditKeyProvisioned then names source= and delivery= (the delivered key's id).
inline constexpr const char* kAuditKeyDelivery = "AuditKeyDelivery";
// A transfer of audit records (R1.3.280): at the keeper sent / acknowledged / refused, at the
// auditor received / refused (keeper=, sm=, domain=, records=, seq= (the first), exporter=,
// channel=, reason=).
inline constexpr const char* kAuditLogTransfer = "AuditLogTransfer";

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

// --- Detection, remediation and the audit trail.
// (sent, received, refused are in decisions.hpp.)
inline constexpr const char* kAcknowledged = "acknowledged";

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

// --- Detection, remediation and the audit trail.
inline constexpr const char* kWindow = "window";  // SecurityDetection: the reconciliation wait
// AuditKeyDelivery / AuditKeyProvisioned (source= and channel= are in detail_keys.hpp).
inline constexpr const char* kKeeper = "keeper";  // the actor whose audit log the key protects
// The delivered key's id a partition key is derived from.
inline constexpr const char* kDelivery = "delivery";
// AuditLogTransfer: hex SHA-256 of the session's TLS exporter value (never the value itself).
inline constexpr const char* kExporter = "exporter";

}  // namespace ifa026::actors::detail_keys

namespace ifa026::actors::sm {

// --- Detection, remediation and the audit trail: the VIM's Sc-Vi event of one allocation (with
// `allocation_events`), which the SM reconciles with the NFVO's VNF_INSTANTIATE events (R1.3.110).
inline constexpr const char* kEventResourceAllocate = "RESOURCE_ALLOCATE";

}  // namespace ifa026::actors::sm

namespace ifa026::actors::detail_values {

// --- Detection, remediation and the audit trail: SecurityDetection's kind= (R1.3.110, R1.3.180).
inline constexpr const char* kDetectionUnauthorizedDeployment = "unauthorized_deployment";
inline constexpr const char* kDetectionPackageIntegrity = "package_integrity";
inline constexpr const char* kDetectionAuthorized = "authorized";
// Remediation's action=.
inline constexpr const char* kRemedyTerminate = "terminate";
inline constexpr const char* kRemedyAlertOnly = "alert_only";
// AuditKeyProvisioned's source= when the keeper drew the key itself (no auditor, or fault
// local_key).
inline constexpr const char* kAuditKeyLocal = "local";

}  // namespace ifa026::actors::detail_values
