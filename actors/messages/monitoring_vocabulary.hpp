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
// SM -> NFVO: a descriptor (an NSD of the NFVO's catalogue) and its digest (R1.2.50).
inline constexpr const char* kSmDescriptorQuery = "SmDescriptorQuery";
inline constexpr const char* kSmDescriptorResponse = "SmDescriptorResponse";
// Semi/Fully-Active SM -> NFVO: an sNSD made available for the NS's deployment (R1.2.70).
inline constexpr const char* kSmSnsdOnboardRequest = "SmSnsdOnboardRequest";
inline constexpr const char* kSmSnsdOnboardResponse = "SmSnsdOnboardResponse";

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
// The NFVO answered an SM's descriptor query (sm=, nsd=, digest=, descriptor=; refused: reason=).
inline constexpr const char* kSmDescriptorServed = "SmDescriptorServed";  // answered / refused
// The SM built an sNSD from an NSD (snsd=, base_nsd=, digest=, base_digest=, descriptor=).
inline constexpr const char* kSnsdCreated = "SnsdCreated";  // created / rejected
// The NFVO's decision on an sNSD an SM offered (sm=, snsd=, base_nsd=, domain=, mode=, digest=,
// base_digest=, descriptor=; refused: reason=).
inline constexpr const char* kSnsdOnboarded = "SnsdOnboarded";  // ok / refused
// The NFVO instantiates an NS from an onboarded sNSD (ns=, snsd=, base_nsd=, vsfs=, protects=).
inline constexpr const char* kSnsdDeployment = "SnsdDeployment";  // started
// The SM dropped what it held for a terminated NS (ns=, vsfs=, event_id=).
inline constexpr const char* kSmNsPolicyDropped = "SmNsPolicyDropped";  // dropped

// --- Monitoring, telemetry, probes and collectors.

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
// (answered, refused, rejected, started, ok, created and dropped are in decisions.hpp.)

// --- Monitoring, telemetry, probes and collectors.

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
// (ns, sm, domain, mode, digest, reason, vsf, vnfs, added and removed are in detail_keys.hpp.)
inline constexpr const char* kNsd = "nsd";
inline constexpr const char* kSnsd = "snsd";
inline constexpr const char* kBaseNsd = "base_nsd";
inline constexpr const char* kBaseDigest = "base_digest";
inline constexpr const char* kDescriptor = "descriptor";
inline constexpr const char* kProtects = "protects";
inline constexpr const char* kVsfs = "vsfs";
inline constexpr const char* kAddedVnfs = "added_vnfs";      // VNFs an NS scale added (R1.2.120)
inline constexpr const char* kRemovedVnfs = "removed_vnfs";  // and removed

// --- Monitoring, telemetry, probes and collectors.

// --- Detection, remediation and the audit trail.

}  // namespace ifa026::actors::detail_keys
