// The values the Security Manager's messages and records share (docs/security-manager.md): the
// modes an SM holds per trust domain, the event types and phases of SmLcmEventNotification, the
// decisions of a Fully-Active grant, the kinds of an SM request (request / instruction), the
// termination kinds and modification kinds of an event, and the operations §6.2 of the planning
// map authorises per mode. One spelling for the SM, the MANO blocks and the checks.
#pragma once

namespace ifa026::actors::sm {

// --- Modes (clause 5.1.2): per SM and trust domain.
inline constexpr const char* kModePassive = "passive";
inline constexpr const char* kModeSemiActive = "semi_active";
inline constexpr const char* kModeFullyActive = "fully_active";

// --- Event types of SmLcmEventNotification.
inline constexpr const char* kEventVnfInstantiate = "VNF_INSTANTIATE";
inline constexpr const char* kEventVnfModify = "VNF_MODIFY";
inline constexpr const char* kEventVnfTerminate = "VNF_TERMINATE";
inline constexpr const char* kEventNsInstantiate = "NS_INSTANTIATE";
inline constexpr const char* kEventNsScale = "NS_SCALE";
inline constexpr const char* kEventNsTerminate = "NS_TERMINATE";

// --- Phases: `proposed` (before MANO runs it; inside a grant or an objection window),
// `completed` and `failed` after.
inline constexpr const char* kPhaseProposed = "proposed";
inline constexpr const char* kPhaseCompleted = "completed";
inline constexpr const char* kPhaseFailed = "failed";

// --- VNF_MODIFY change kinds (R2.1.160).
inline constexpr const char* kChangeVnfc = "vnfc";  // scale out / in, heal
inline constexpr const char* kChangeConfiguration = "configuration";
inline constexpr const char* kChangeLocation = "location";  // migration
inline constexpr const char* kChangeSoftwareImage = "software_image";

// --- VNF_TERMINATE termination kinds (R2.1.170).
inline constexpr const char* kTerminationRequested = "requested";
inline constexpr const char* kTerminationCrashed = "crashed";

// --- A Fully-Active SM's grant decisions, and the MANO-side outcome when none came.
inline constexpr const char* kDecisionApprove = "approve";
inline constexpr const char* kDecisionApproveWithPolicy = "approve_with_policy";
inline constexpr const char* kDecisionReject = "reject";

// --- Kind of an SM termination or host-retirement request: `request` (Semi-Active and up; the
// OSS is told first) or `instruction` (Fully-Active only; executed at once, R2.1.270/330).
inline constexpr const char* kKindRequest = "request";
inline constexpr const char* kKindInstruction = "instruction";

// --- Per-item outcomes of SmTerminateVnfResponse / SmHostRetirementResponse. `unknown` is the
// answer both for an id MANO does not know and for one outside the SM's domains (R2.1.90: the
// answer does not reveal that it exists elsewhere).
inline constexpr const char* kItemTerminated = "terminated";
inline constexpr const char* kItemUnknown = "unknown";
inline constexpr const char* kItemRefused = "refused";
inline constexpr const char* kItemMigrated = "migrated";
inline constexpr const char* kItemFailed = "failed";

// --- The reason MANO and the SMs give when a request names an entity outside the SM's domains
// (an unknown one too: the answer does not reveal that it exists elsewhere, R2.1.90).
inline constexpr const char* kReasonNotInDomains = "not in SM's domains";

// --- Response statuses.
inline constexpr const char* kStatusBound = "bound";
inline constexpr const char* kStatusRefused = "refused";
inline constexpr const char* kStatusAccepted = "accepted";
inline constexpr const char* kStatusPartial = "partial";
inline constexpr const char* kStatusApplied = "applied";
inline constexpr const char* kStatusSubscribed = "subscribed";
inline constexpr const char* kStatusOk = "ok";
// SmSecurityFunctionResponse, once the request was carried out (R2.1.340).
inline constexpr const char* kStatusCompleted = "completed";
inline constexpr const char* kStatusFailed = "failed";

// --- Actions of an SmSecurityFunctionRequest (R2.1.340).
inline constexpr const char* kVsfInstantiate = "instantiate";
inline constexpr const char* kVsfModify = "modify";
inline constexpr const char* kVsfTerminate = "terminate";

// --- `basis` of an authorization: the SM's own mode in the domain (hierarchy: issue 15).
inline constexpr const char* kBasisOwn = "own";
// The authority a master holds over its descendants' domains along `oversees` edges (D7, R2.1.50).
inline constexpr const char* kBasisHierarchy = "hierarchy";

// --- Actions of an SmOverruleRequest (5.1.3-a): cancel a sub-SM's pending decision (the operation
// does not run), or replace it by the master's own `decision` (approve / reject).
inline constexpr const char* kOverruleCancel = "cancel";
inline constexpr const char* kOverruleReplace = "replace";

// --- Package integrity verdicts an SM confirms (R2.1.250).
inline constexpr const char* kIntegrityVerified = "verified";
inline constexpr const char* kIntegrityFailed = "failed";

// SmTerminationOptions.host_disposition (R2.1.270): the hosts of a terminated VNF go back to
// service or are quarantined.
inline constexpr const char* kHostDispositionRelease = "release";
inline constexpr const char* kHostDispositionQuarantine = "quarantine";

}  // namespace ifa026::actors::sm
