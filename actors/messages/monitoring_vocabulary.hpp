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
// docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind the ISM".
// SM -> EM / ISM: the functions a manager holds, and their answer.
inline constexpr const char* kSecurityFunctionCapabilityQuery = "SecurityFunctionCapabilityQuery";
inline constexpr const char* kSecurityFunctionCapabilityResponse =
    "SecurityFunctionCapabilityResponse";
// SM -> NFVO on Sc-Or: the onboarded VSF packages.
inline constexpr const char* kSmSecurityFunctionCatalogueQuery = "SmSecurityFunctionCatalogueQuery";
inline constexpr const char* kSmSecurityFunctionCatalogueResponse =
    "SmSecurityFunctionCatalogueResponse";
// SM -> EM / ISM: a function's rule table (set / remove), acknowledged.
inline constexpr const char* kSecurityRuleConfiguration = "SecurityRuleConfiguration";
inline constexpr const char* kSecurityRuleAck = "SecurityRuleAck";
// SM -> EM / ISM: a function's initial credential, acknowledged.
inline constexpr const char* kSecurityFunctionConfiguration = "SecurityFunctionConfiguration";
inline constexpr const char* kSecurityFunctionConfigurationAck = "SecurityFunctionConfigurationAck";
// SM -> EM / ISM: one function's enforced rules, reported.
inline constexpr const char* kPolicyValidationRequest = "PolicyValidationRequest";
inline constexpr const char* kPolicyValidationReport = "PolicyValidationReport";

// --- sNSD and VSF lifecycle (Sc-Or).
// SM -> NFVO: a descriptor (an NSD of the NFVO's catalogue) and its digest (R1.2.50).
inline constexpr const char* kSmDescriptorQuery = "SmDescriptorQuery";
inline constexpr const char* kSmDescriptorResponse = "SmDescriptorResponse";
// Semi/Fully-Active SM -> NFVO: an sNSD made available for the NS's deployment (R1.2.70).
inline constexpr const char* kSmSnsdOnboardRequest = "SmSnsdOnboardRequest";
inline constexpr const char* kSmSnsdOnboardResponse = "SmSnsdOnboardResponse";

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
// SM: a capability or catalogue query (sent / answered / refused; via=, sm_operation=, request=).
inline constexpr const char* kSecurityFunctionQuery = "SecurityFunctionQuery";
// SM: one function an answer listed (available / unavailable; sf=, kind=, domain=, via=,
// capabilities=).
inline constexpr const char* kSecurityFunctionDiscovered = "SecurityFunctionDiscovered";
// SM: a rule table sent to a function through its manager (sent / acknowledged / refused; sf=,
// via=, action=, policy=, digest=, request=).
inline constexpr const char* kSecurityRulePush = "SecurityRulePush";
// SM: an initial credential sent to a function (sent / acknowledged / refused; sf=, via=).
inline constexpr const char* kSecurityFunctionCredential = "SecurityFunctionCredential";
// EM / ISM: a configuration's access decision (granted / denied; sm=, sf=, domain=, channel=,
// sm_operation=, reason=).
inline constexpr const char* kSecurityFunctionAccess = "SecurityFunctionAccess";
// EM / ISM: a function's table changed on an SM's word (applied / removed; sm=, sf=, digest=).
inline constexpr const char* kSecurityRulesApplied = "SecurityRulesApplied";
// EM / ISM: a function keeps the initial credential an SM sent (stored; sm=, sf=, channel=).
inline constexpr const char* kConfigurationStored = "ConfigurationStored";
// EM / ISM, fault rule_drift: a function's table changed behind the SM's back (injected; sf=,
// digest=).
inline constexpr const char* kSecurityRuleDrift = "SecurityRuleDrift";
// SM: validation configured for an NS after its deployment or scaling (configured; ns=,
// trigger=deploy / scale, event_id=).
inline constexpr const char* kPolicyValidationConfigured = "PolicyValidationConfigured";
// SM: one function's report in a validation round (match / mismatch / missing; sf=, via=,
// digest=, expected=, authenticated=verified / failed / none, round=).
inline constexpr const char* kPolicyValidationResult = "PolicyValidationResult";

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

// --- Updates (R1.3.220): the VNFM's change of a VNF's software image (vnf=, image=, grant=,
// vnfcis=, reason=) and the VIM's host firmware update (host=, firmware=, event_id=).
inline constexpr const char* kSoftwareUpdate = "SoftwareUpdate";  // requested / executed / refused
inline constexpr const char* kFirmwareUpdate = "FirmwareUpdate";  // executed

}  // namespace ifa026::actors::decisions

namespace ifa026::actors::outcomes {

// (detected, requested and started are in decisions.hpp.)
inline constexpr const char* kAuthorized = "authorized";
inline constexpr const char* kInstructed = "instructed";
inline constexpr const char* kAlerted = "alerted";
inline constexpr const char* kPass = "pass";
inline constexpr const char* kViolation = "violation";

// --- Security functions.
inline constexpr const char* kAcknowledged = "acknowledged";
inline constexpr const char* kAvailable = "available";
inline constexpr const char* kUnavailable = "unavailable";
inline constexpr const char* kDenied = "denied";
inline constexpr const char* kInjected = "injected";
inline constexpr const char* kConfigured = "configured";
inline constexpr const char* kMatch = "match";
inline constexpr const char* kMismatch = "mismatch";
inline constexpr const char* kMissing = "missing";

// --- sNSD and VSF lifecycle.
// (answered, refused, rejected, started, ok, created and dropped are in decisions.hpp.)

// --- Monitoring, telemetry, probes and collectors.
inline constexpr const char* kLoaded = "loaded";  // TelemetryPolicy
// (kInjected, above, is also ExploitInjected's outcome.)
inline constexpr const char* kOn = "on";
inline constexpr const char* kOff = "off";
inline constexpr const char* kUpdated = "updated";
// (kLoaded, above, is also SmPolicyLoaded's outcome.)
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
// (sent, received, refused are in decisions.hpp.)
// (acknowledged is defined above, in the security functions section.)

// --- Updates (R1.3.220): SoftwareUpdate / FirmwareUpdate ran.
inline constexpr const char* kExecuted = "executed";

}  // namespace ifa026::actors::outcomes

namespace ifa026::actors::detail_keys {

// (kind, trigger and action are in detail_keys.hpp: kKind, kTrigger, kAction.)
inline constexpr const char* kDetection = "detection";
inline constexpr const char* kSf = "sf";
inline constexpr const char* kPlane = "plane";
inline constexpr const char* kMonitoringMode = "monitoring_mode";

// --- Security functions.
inline constexpr const char* kCapabilities = "capabilities";
inline constexpr const char* kExpected = "expected";
inline constexpr const char* kAuthenticated = "authenticated";
inline constexpr const char* kFunctions = "functions";
inline constexpr const char* kPackages = "packages";
inline constexpr const char* kRules = "rules";

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
inline constexpr const char* kPeriod = "period";      // MonitoringRun continuous: its period
inline constexpr const char* kObserved = "observed";  // MonitoringRun: what the run asks
// (kRules, above, is also SmPolicyLoaded's rule count.)
inline constexpr const char* kProbe = "probe";           // a probe's id (client-N)
inline constexpr const char* kLatencyUs = "latency_us";  // ProbeResult: round trip, microseconds
inline constexpr const char* kMonitor = "monitor";       // which monitor (actor name)
inline constexpr const char* kWindow = "window";         // on / off at the time of a record

// --- Detection, remediation and the audit trail.
// (kWindow, above, is also SecurityDetection's reconciliation wait.)

// --- Unprotected configuration (R1.3.150): the channel kind a configuration reached a function
// over (SecurityRulesApplied, ConfigurationStored, the SM's acknowledged SecurityRulePush /
// SecurityFunctionCredential, SecurityDetection kind=unprotected_configuration).
inline constexpr const char* kDeliveredOver = "delivered_over";  // mutual / plain

// --- Updates (R1.3.220).
inline constexpr const char* kImage = "image";        // SoftwareUpdate, SecurityDetection
inline constexpr const char* kFirmware = "firmware";  // FirmwareUpdate, SecurityDetection
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
// --- Updates (R1.3.220): the VIM's Sc-Vi event of a host firmware update (change_details {host,
// firmware}); the VNF_MODIFY change kind of a software update is kChangeSoftwareImage.
inline constexpr const char* kEventHostUpdate = "HOST_UPDATE";

}  // namespace ifa026::actors::sm

namespace ifa026::actors::lcm {

// --- Updates (R1.3.220): the VNF LCM operation (grant, LCCN) that changes a VNF's software image,
// IFA 007's "change current VNF package".
inline constexpr const char* kChangeVnfPackage = "CHANGE_VNFPKG";

}  // namespace ifa026::actors::lcm

namespace ifa026::actors::detail_values {

// --- Detection, remediation and the audit trail: SecurityDetection's kind= (R1.3.110, R1.3.180).
inline constexpr const char* kDetectionUnauthorizedDeployment = "unauthorized_deployment";
inline constexpr const char* kDetectionPackageIntegrity = "package_integrity";
inline constexpr const char* kDetectionAuthorized = "authorized";
// Remediation's action=.
inline constexpr const char* kRemedyTerminate = "terminate";
inline constexpr const char* kRemedyAlertOnly = "alert_only";
// --- Updates (R1.3.220): SecurityDetection's kind= of an update outside the SM's update_policy.
inline constexpr const char* kDetectionUnauthorizedUpdate = "unauthorized_update";
// AuditKeyProvisioned's source= when the keeper drew the key itself (no auditor, or fault
// local_key).
inline constexpr const char* kAuditKeyLocal = "local";
// --- Unprotected configuration (R1.3.150): SecurityDetection's kind= of a configuration a
// function got outside mutual TLS, and delivered_over= values.
inline constexpr const char* kDetectionUnprotectedConfiguration = "unprotected_configuration";
inline constexpr const char* kDeliveredMutual = "mutual";
inline constexpr const char* kDeliveredPlain = "plain";
// Remediation's action= for a credential delivered over plain: a new one pushed over mutual TLS.
inline constexpr const char* kRemedyRenewCredential = "renew_credential";

}  // namespace ifa026::actors::detail_values
