// Names of the decision and crypto records actors trace (the `operation` of a sim::TraceRecord of
// kind decision, crypto or log) and of their outcomes: one spelling for the actor that records and
// the conformance check that reads. docs/mano-certificates.md and docs/direct-mode.md say which
// actor records what with which detail keys (detail_keys.hpp); message names are in
// operations.hpp. Where a decision shares its name with a message, it is the same constant.
#pragma once

#include "actors/messages/operations.hpp"

namespace ifa026::actors::decisions {

// --- Registration of a MANO entity (C.4.x.1): OSS and CMF.
inline constexpr const char* kRegistrationRequest = "RegistrationRequest";  // OSS, at #0
inline constexpr const char* kRegistrationResult = "RegistrationResult";    // OSS, the answer
inline constexpr const char* kRegisterEntity = "RegisterEntity";            // CMF, at #1
inline constexpr const char* kSelectCa = "SelectCa";                        // CMF, at #1
inline constexpr const char* kInitialCredential = "InitialCredential";      // CMF, at #1
// OSS configuration of an entity (C.4.x.2 pre-condition) and its relay along the MANO chain.
inline constexpr const char* kConfigureEntity = "ConfigureEntity";                    // OSS
inline constexpr const char* kCertificateConfiguration = "CertificateConfiguration";  // entity
inline constexpr const char* kRelayConfiguration = "RelayConfiguration";              // entity

// --- CSR of a MANO entity (C.4.x.2): the entity, its HSM, the CMF, the CA.
inline constexpr const char* kGenerateKey = "GenerateKey";  // entity or VNFCI: a new key pair
inline constexpr const char* kRegistrationCheck = "RegistrationCheck";  // CMF, #1
inline constexpr const char* kCsrValidation = "CsrValidation";          // CMF crypto, #2
inline constexpr const char* kKeyAttestationVerification =
    "KeyAttestationVerification";                       // CMF crypto, #2
inline constexpr const char* kCaRequest = "CaRequest";  // CMF, CA failure at #5
inline constexpr const char* kCertificateDelivered = "CertificateDelivered";  // CMF, #6
inline constexpr const char* kCmpExchange = "CmpExchange";  // CMP client: retry / timeout
// HSM (HSM-If and HMEE-HSM).
inline constexpr const char* kGenerateKeyPair = "GenerateKeyPair";
inline constexpr const char* kAttestKey = "AttestKey";
inline constexpr const char* kSignCsr = "SignCsr";
inline constexpr const char* kSignData = "SignData";  // issue 20: a TLS CertificateVerify
inline constexpr const char* kHsmVendorRoot = operations::kHsmVendorRoot;  // accepted / rejected
inline constexpr const char* kHmeeClient = "HmeeClient";  // HSM: an HMEE client's session

// --- The CA.
inline constexpr const char* kIssueCertificate = "IssueCertificate";
inline constexpr const char* kRevokeCertificate = "RevokeCertificate";
inline constexpr const char* kPublishCrl = "PublishCrl";
inline constexpr const char* kReplayCrl = "ReplayCrl";  // workload replay_crl (negative scenarios)
inline constexpr const char* kRegisterEndEntity = "RegisterEndEntity";  // direct mode, #2
// A live CA (`ca-live`, docs/live-ca.md): the real server it relays to (at start), and a relayed
// request the server gave no CMP answer to (failed: no reply is sent, the client times out).
inline constexpr const char* kLiveCaServer = "LiveCaServer";
inline constexpr const char* kLiveCaExchange = "LiveCaExchange";

// --- The CMF's own certificates and its inventory of entity certificates.
inline constexpr const char* kCmfReady = "CmfReady";
inline constexpr const char* kRaCertificate = "RaCertificate";
inline constexpr const char* kExpiryAlarm = "ExpiryAlarm";
inline constexpr const char* kCrlUpdate = "CrlUpdate";  // CMF: a CRL it took or refused

// --- An entity's (or VNFCI's) certificate lifecycle.
inline constexpr const char* kCertificateVerification = "CertificateVerification";  // crypto
inline constexpr const char* kCertificateInstalled = "CertificateInstalled";
inline constexpr const char* kRenewal = "Renewal";  // a renewal refused before it started
inline constexpr const char* kRenewalDue = "RenewalDue";
inline constexpr const char* kEnrolmentRetry = "EnrolmentRetry";
inline constexpr const char* kEnrolmentFailed = "EnrolmentFailed";
inline constexpr const char* kCertificateRemoved = operations::kCertificateRemoved;
inline constexpr const char* kRevocationRequest = "RevocationRequest";  // entity, OSS, CMF
inline constexpr const char* kRevocationResult = "RevocationResult";    // entity, OSS
inline constexpr const char* kCrlVerification = "CrlVerification";      // crypto
inline constexpr const char* kCrlUpdated = "CrlUpdated";

// --- Secure channels (actors/common/secure_channels.hpp) and what travels on them.
inline constexpr const char* kTlsHandshake = operations::kTlsHandshake;  // crypto
inline constexpr const char* kTlsRecord = "TlsRecord";                   // crypto: bad record
inline constexpr const char* kChannelMessageDropped = "ChannelMessageDropped";
inline constexpr const char* kChannelHandlerError = "ChannelHandlerError";  // internal error
inline constexpr const char* kSessionCheck = "SessionCheck";
inline constexpr const char* kAccessDenied = "AccessDenied";  // WIM, CISM, CIR access control

// --- Direct mode (C.2.1.1-C.2.1.4, C.3.1): the VNFM's lifecycle and LCM interface.
inline constexpr const char* kVnfLcmOperation = "VnfLcmOperation";        // VNFM
inline constexpr const char* kVnfLcmNotification = "VnfLcmNotification";  // VNFM sent, CMF took
inline constexpr const char* kLccnSubscription = "LccnSubscription";      // VNFM and CMF
inline constexpr const char* kQueryVnf = "QueryVnf";                      // CMF, #0
// The CMF's query of every VNF instance after a confirmed subscription (docs/direct-mode.md).
inline constexpr const char* kVnfInventoryReconciliation = "VnfInventoryReconciliation";
inline constexpr const char* kHardwareRoot = operations::kHardwareRoot;  // VNFM, verifier, HSM

// --- The NS lifecycle at the NFVO (docs/lifecycle.md, actors/nfvo/ns_lifecycle.hpp).
inline constexpr const char* kNsLcmOperation = "NsLcmOperation";  // NFVO: an NS operation's state
inline constexpr const char* kNsLcmRequest = "NsLcmRequest";      // OSS sent / NFVO answered again
inline constexpr const char* kNsLcmNotification = "NsLcmNotification";  // OSS took
inline constexpr const char* kVnfLcmRequest = "VnfLcmRequest";          // NFVO: the VNFM's answer
inline constexpr const char* kGrantDecision = "GrantDecision";          // NFVO
// The CMF in direct mode.
inline constexpr const char* kVnfciDiscovered = "VnfciDiscovered";
inline constexpr const char* kAttestationCheck = "AttestationCheck";        // C.2.1.2 #2
inline constexpr const char* kAttestationVerified = "AttestationVerified";  // C.2.1.2 #2
inline constexpr const char* kIdentitiesCreated = "IdentitiesCreated";
inline constexpr const char* kEndEntityRegistration = "EndEntityRegistration";
inline constexpr const char* kVnfciConfiguration = "VnfciConfiguration";
inline constexpr const char* kVnfciCertificateRecorded = "VnfciCertificateRecorded";
inline constexpr const char* kVnfciRemoved = "VnfciRemoved";
inline constexpr const char* kVnfciCertificateRevocation = "VnfciCertificateRevocation";
// The VNFCI.
inline constexpr const char* kRenewalConditionSet = "RenewalConditionSet";          // C.2.1.4 #0
inline constexpr const char* kInitialCredentialReplay = "InitialCredentialReplay";  // fault knob
inline constexpr const char* kHsmChannel = "HsmChannel";                            // C.2.1.3 #6
inline constexpr const char* kCsrBuilt = "CsrBuilt";                                // C.2.1.3 #9
inline constexpr const char* kCsrFinalized = "CsrFinalized";                        // C.2.1.3 #12
inline constexpr const char* kKeyRotation = "KeyRotation";  // C.2.1.3 note 4
// Remote attestation (C.2.1.2 pre-condition 3 and #2): VNFCI (Attester) and verifier.
inline constexpr const char* kAttestation = "Attestation";                    // VNFCI
inline constexpr const char* kAttestationChallenge = "AttestationChallenge";  // verifier
inline constexpr const char* kAppraisal = "Appraisal";                        // verifier
inline constexpr const char* kAttestationResult = "AttestationResult";        // verifier, #2
inline constexpr const char* kAttestationRequest = "AttestationRequest";  // verifier: unreadable

// --- The VNFM on the lifecycle chain (docs/lifecycle.md, slice 4): its grant requests to the NFVO,
// the compute / container resources it asks the VIM / CISM for, their changes, activation.
inline constexpr const char* kVnfLcmGrant = "VnfLcmGrant";                  // VNFM
inline constexpr const char* kVnfciResource = "VnfciResource";              // VNFM
inline constexpr const char* kVnfciResourceChange = "VnfciResourceChange";  // VNFM
inline constexpr const char* kVnfActivated = "VnfActivated";                // VNFM, D16

// --- Refusals and internal errors of something that is no known operation.
inline constexpr const char* kMessage = "Message";                // a message without an operation
inline constexpr const char* kCmpMessage = "CmpMessage";          // CA: a CA-1 message without one
inline constexpr const char* kHsmRequest = "HsmRequest";          // HSM: a request without one
inline constexpr const char* kRequestFailed = "RequestFailed";    // OSS: a request it sent failed
inline constexpr const char* kInternalError = "InternalError";    // an actor's own fault
inline constexpr const char* kChannelFailure = "ChannelFailure";  // CMF: guarded channel callback
inline constexpr const char* kCmfEnrolment = "CmfEnrolment";      // CMF: guarded own enrolment

// --- The kernel (sim/) and the echo actor.
inline constexpr const char* kSpawnActor = "SpawnActor";    // detail name, type, trust_domain
inline constexpr const char* kRetireActor = "RetireActor";  // detail name
// The kernel building a crashed actor anew (fault crash with restart_after): name,
// durable_entries.
inline constexpr const char* kRestartActor = "RestartActor";
inline constexpr const char* kWorkQueue = "WorkQueue";    // log: a work queue's occupancy
inline constexpr const char* kRoundTrip = "RoundTrip";    // echo actor
inline constexpr const char* kChildEnded = "ChildEnded";  // a spawned actor ended (crash)

// --- The VIM's and the CISM's resources (docs/lifecycle.md, "The VIM's host model"; slice 3).
inline constexpr const char* kPlacementDecided = "PlacementDecided";      // decided / no-host
inline constexpr const char* kResourceAllocation = "ResourceAllocation";  // allocated / rejected
inline constexpr const char* kResourceRelease = "ResourceRelease";        // released / rejected
inline constexpr const char* kComputeMigration = "ComputeMigration";      // migrated / rejected
inline constexpr const char* kWorkloadFault = "WorkloadFault";            // detected
inline constexpr const char* kHostState = "HostState";        // retired / quarantined / rejected
inline constexpr const char* kHostSnapshot = "HostSnapshot";  // ok / rejected
inline constexpr const char* kSecureErase = "SecureErase";    // ok / rejected
inline constexpr const char* kResourceNotification = "ResourceNotification";  // sent
// Placement reserved before the grant (D12): the producer's reservations, and the VNFM's side.
inline constexpr const char* kResourceReservation = "ResourceReservation";    // reserved / rejected
                                                                              // / released / used
inline constexpr const char* kReservationExpired = "ReservationExpired";      // expired
inline constexpr const char* kPlacementReservation = "PlacementReservation";  // VNFM: requested /
                                                                              // reserved / rejected
                                                                              // / failed / released

// --- VNF package onboarding (docs/lifecycle.md "The VNF package"): NFVO and OSS.
inline constexpr const char* kPackageIntegrityCheck = "PackageIntegrityCheck";  // NFVO crypto
inline constexpr const char* kPackageOnboarding = "PackageOnboarding";  // NFVO onboarded/rejected
inline constexpr const char* kPackageTampered = "PackageTampered";      // NFVO: a stored package
                                                                        // altered (fault command)
inline constexpr const char* kOnboardPackage = "OnboardPackage";  // OSS: requested / the answer

// --- The Security Manager (docs/security-manager.md "Trace records"). MANO side (the SM gateway
// in the NFVO, VNFM and VIM): bindings, per-request authorization, event routing, grants and
// objections, policy, SM-requested terminations and host retirements, queries, audit keys.
inline constexpr const char* kSmBinding = "SmBinding";                  // bound / refused / changed
inline constexpr const char* kSmSubscription = "SmSubscription";        // subscribed / rejected
inline constexpr const char* kSmAuthorization = "SmAuthorization";      // granted / rejected
inline constexpr const char* kSmEventRouted = "SmEventRouted";          // sent
inline constexpr const char* kSmEventSuppressed = "SmEventSuppressed";  // suppressed
inline constexpr const char* kSmGrantDecision = "SmGrantDecision";      // approved/rejected/timeout
inline constexpr const char* kSmObjectionWindow = "SmObjectionWindow";  // closed / objected
inline constexpr const char* kSmObjection = "SmObjection";              // accepted / late
inline constexpr const char* kSecurityPolicyApplied = "SecurityPolicyApplied";  // applied
inline constexpr const char* kSmTermination = "SmTermination";  // accepted / refused (per request)
inline constexpr const char* kSmTerminationItem = "SmTerminationItem";  // terminated/unknown/...
inline constexpr const char* kVnfTerminationNoticeSent = "VnfTerminationNotice";  // sent (NFVO)
inline constexpr const char* kSmRecoveryBlocked = "SmRecoveryBlocked";      // NFVO refused a heal
inline constexpr const char* kSmHostRetirement = "SmHostRetirement";        // accepted / refused
inline constexpr const char* kSmQuery = "SmQuery";                          // answered / rejected
inline constexpr const char* kSmAuditExport = "SmAuditExport";              // answered / rejected
inline constexpr const char* kAuditKeyProvisioned = "AuditKeyProvisioned";  // ok
inline constexpr const char* kAuditTampered = "AuditTampered";  // ok / rejected (fault command)
// Security functions an SM asks for (R2.1.340): the request (accepted / refused, then completed
// / failed when answered) and the NS's virtual link rerouted through a VSF or restored.
inline constexpr const char* kSmSecurityFunction = "SmSecurityFunction";
inline constexpr const char* kNsTopologyUpdated = "NsTopologyUpdated";  // inserted / restored
// SM hierarchies (issue 15): a master's SmOverruleRequest applied or refused by the gateway.
inline constexpr const char* kSmOverrule = "SmOverrule";  // applied / refused
// SM side (actors/sm/).
inline constexpr const char* kSmBind = "SmBind";                    // requested / bound / refused
inline constexpr const char* kSmEventReceived = "SmEventReceived";  // received
inline constexpr const char* kSmRuleFired = "SmRuleFired";  // the scripted rule that matched
inline constexpr const char* kSmRequest = "SmRequest";      // sent / answered / refused
inline constexpr const char* kSmPackageVerification = "SmPackageVerification";  // verified/failed
inline constexpr const char* kSmAuditVerification = "SmAuditVerification";      // intact / broken
// Termination options executed (R2.1.260/270) and the Semi-Active policy wait (R2.1.30).
inline constexpr const char* kComputeQuarantined = "ComputeQuarantined";    // kept (VIM)
inline constexpr const char* kSecureStorageErased = "SecureStorageErased";  // erased (VIM)
inline constexpr const char* kPackageQuarantined = "PackageQuarantined";    // quarantined/refused
inline constexpr const char* kSmPolicyWait = "SmPolicyWait";  // held / released / timeout (NFVO)
// SM peering and security associations (docs/trust-model.md "SM peers and security
// associations"): the provider SM's decision on an Sm-Sm service request (granted / rejected);
// MANO's and each VNFCI end's association record (established / refused / failed).
inline constexpr const char* kSmPeerAuthorization = "SmPeerAuthorization";
inline constexpr const char* kSecurityAssociation = "SecurityAssociation";

// Isolation (issue 15): an SM taken over by an attacker (the `compromise` command) starts
// acting against the domains it names (outcome started).
inline constexpr const char* kSmCompromised = "SmCompromised";

// A CA answering a retransmitted CMP request again (outcome ok; detail request = its body,
// reason = "answered again: <body>"); nothing is issued or revoked (docs/cmp-reliability.md).
inline constexpr const char* kCmpRetransmission = "CmpRetransmission";
// A restarted actor installing again what it kept on disk (sim/durable_store.hpp).
inline constexpr const char* kCertificateRestored = "CertificateRestored";
// A restarted actor's state as read back from its disk (outcome ok; detail: what it counted, and
// what it withdrew because it could not be finished, e.g. the CA's unconfirmed certificates).
inline constexpr const char* kStateRestored = "StateRestored";
// A CA's issuing key compromised (workload command `compromise`): it revoked everything the old
// issuing CA issued (cACompromise), published that CA's final CRL and certified a new issuing CA
// under the same root (outcome ok; detail issuer, new_issuer, generation, revocations). The time
// of this record starts the recovery measure (reports/compromise_recovery.hpp).
inline constexpr const char* kCaKeyCompromise = "CaKeyCompromise";
// The CMF's recovery from a CA key compromise: outcome started when a CRL revokes its own RA
// certificate for cACompromise (detail ca, serial); ok for each MANO entity (entity=) or VNFCI
// identity (vnfci=, identity=) it provisions again once it holds a new RA certificate.
inline constexpr const char* kCompromiseRecovery = "CompromiseRecovery";
}  // namespace ifa026::actors::decisions

// Outcomes of decision and crypto records, grouped by what they say.
namespace ifa026::actors::outcomes {

// Done, or refused. "rejected" is a refusal of what a peer sent; "failed" something that did not
// work out (a timeout, a channel that broke); "refused" a verdict on a third party's word
// (attestation, a one-use credential presented again).
inline constexpr const char* kOk = "ok";
inline constexpr const char* kRejected = "rejected";
inline constexpr const char* kFailed = "failed";
inline constexpr const char* kRefused = "refused";
// An internal error, never a refusal (actors/common/internal_error.hpp).
inline constexpr const char* kInternalError = "internal-error";
// Asked for, and answered.
inline constexpr const char* kRequested = "requested";
inline constexpr const char* kRegistered = "registered";
inline constexpr const char* kRevoked = "revoked";
inline constexpr const char* kCreated = "created";
inline constexpr const char* kIssued = "issued";
inline constexpr const char* kStored = "stored";
inline constexpr const char* kSent = "sent";
inline constexpr const char* kAccepted = "accepted";
inline constexpr const char* kSubscribed = "subscribed";
inline constexpr const char* kRaised = "raised";
// Not acted on, or not yet.
inline constexpr const char* kIgnored = "ignored";
inline constexpr const char* kSkipped = "skipped";
inline constexpr const char* kDeferred = "deferred";
inline constexpr const char* kDropped = "dropped";
inline constexpr const char* kUndelivered = "undelivered";
inline constexpr const char* kUnanswered = "unanswered";
inline constexpr const char* kUnknown = "unknown";
inline constexpr const char* kPending = "pending";
inline constexpr const char* kQueued = "queued";  // VNFM: a notification waiting in its outbox
// Tried again, or given up waiting.
inline constexpr const char* kRetry = "retry";
inline constexpr const char* kResent = "resent";
inline constexpr const char* kScheduled = "scheduled";
inline constexpr const char* kTimeout = "timeout";
// Lifecycle progress.
inline constexpr const char* kStarted = "started";
inline constexpr const char* kStarting = "starting";
inline constexpr const char* kCompleted = "completed";
inline constexpr const char* kOnboarded = "onboarded";  // a VNF package (PackageOnboarding)
// The lifecycle chain (docs/lifecycle.md): LCM operation states and resource outcomes.
inline constexpr const char* kProcessing = "processing";
inline constexpr const char* kRolledBack = "rolled_back";
inline constexpr const char* kRollingBack = "rolling_back";  // NsLcmOperation (NFVO)
inline constexpr const char* kGranted = "granted";
inline constexpr const char* kAllocated = "allocated";
inline constexpr const char* kReleased = "released";
inline constexpr const char* kMigrated = "migrated";
inline constexpr const char* kFault = "fault";
inline constexpr const char* kRemovedResource = "removed";
// Remote attestation (RATS appraisal results).
inline constexpr const char* kEvidenceSent = "evidence_sent";
inline constexpr const char* kAffirming = "affirming";
inline constexpr const char* kContraindicated = "contraindicated";
// Echo actor: a reply that matches no request.
inline constexpr const char* kUnmatched = "unmatched";
// Kernel fault records (sim/): a message altered in transit.
inline constexpr const char* kTampered = "tampered";
// The VIM's and the CISM's resources (PlacementDecided, ResourceAllocation, ...).
inline constexpr const char* kDecided = "decided";
inline constexpr const char* kNoHost = "no-host";
inline constexpr const char* kDetected = "detected";
inline constexpr const char* kRetired = "retired";
inline constexpr const char* kQuarantined = "quarantined";
// Placement reservations (ResourceReservation, ReservationExpired, PlacementReservation).
inline constexpr const char* kReserved = "reserved";
inline constexpr const char* kUsed = "used";
inline constexpr const char* kExpired = "expired";

// The Security Manager (SmBinding, SmAuthorization, SmGrantDecision, ...).
inline constexpr const char* kBound = "bound";
inline constexpr const char* kChanged = "changed";
inline constexpr const char* kSuppressed = "suppressed";
inline constexpr const char* kApproved = "approved";
inline constexpr const char* kClosed = "closed";
inline constexpr const char* kObjected = "objected";
inline constexpr const char* kLate = "late";
inline constexpr const char* kApplied = "applied";
inline constexpr const char* kTerminated = "terminated";
inline constexpr const char* kAnswered = "answered";
inline constexpr const char* kReceived = "received";
inline constexpr const char* kVerified = "verified";
inline constexpr const char* kBlocked = "blocked";
inline constexpr const char* kIntact = "intact";
// An SM's scripted answer (SmRuleFired: the action of the rule that matched;
// actors/sm/sm_rules.hpp).
inline constexpr const char* kApprove = "approve";
inline constexpr const char* kApproveWithPolicy = "approve_with_policy";
inline constexpr const char* kReject = "reject";
inline constexpr const char* kObject = "object";
inline constexpr const char* kPolicy = "policy";
inline constexpr const char* kTerminate = "terminate";
inline constexpr const char* kIgnore = "ignore";
inline constexpr const char* kBroken = "broken";
// Termination options (ComputeQuarantined, SecureStorageErased) and the policy wait (SmPolicyWait).
inline constexpr const char* kKept = "kept";
inline constexpr const char* kErased = "erased";
inline constexpr const char* kHeld = "held";
// NsTopologyUpdated: a VSF put on a virtual link, or taken off it.
inline constexpr const char* kInserted = "inserted";
inline constexpr const char* kRestored = "restored";
// SmRuleFired: an SM's rule asking for a VSF on the event's VNF's link (R2.1.340).
inline constexpr const char* kInsertVsf = "insert_vsf";
// SmRuleFired: a master's rule overruling its subordinates' pending decision on the proposal it
// was shown (issue 15): replace it by approve, or cancel it.
inline constexpr const char* kOverruleApprove = "overrule_approve";
inline constexpr const char* kOverruleCancel = "overrule_cancel";

// SecurityAssociation: both ends authenticated each other (docs/trust-model.md).
inline constexpr const char* kEstablished = "established";

}  // namespace ifa026::actors::outcomes

namespace ifa026::actors::reasons {
// Refusal reasons that are transient: the requester asks again later (with back-off and a bound)
// instead of taking them as final.
inline constexpr const char* kCmfNotReady = "CMF not ready";  // still enrolling with its CA
}  // namespace ifa026::actors::reasons
