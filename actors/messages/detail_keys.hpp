// Keys of the `detail` text of trace records ("key=value; key=value", written with
// actors::TraceDetail and read with trace_detail_value / conformance::detail_of), and the values
// checks compare some of them with: one spelling for the actor that writes and the check that
// reads. docs/mano-certificates.md and docs/direct-mode.md say which record carries which key.
#pragma once

namespace ifa026::actors::detail_keys {

// --- Who and what a record is about.
inline constexpr const char* kEntity = "entity";      // a MANO entity's actor name
inline constexpr const char* kFqdn = "fqdn";          // its registered FQDN
inline constexpr const char* kKind = "kind";          // its entity kind (nfvo, vnfm, ...)
inline constexpr const char* kConsumer = "consumer";  // who asked the CMF (OSS or the entity)
inline constexpr const char* kTarget = "target";      // the entity a configuration is for
inline constexpr const char* kNext = "next";          // the next hop of a relayed configuration
inline constexpr const char* kFirstHop = "first_hop";
inline constexpr const char* kRelay = "relay";
inline constexpr const char* kPeer = "peer";
inline constexpr const char* kFrom = "from";
inline constexpr const char* kTo = "to";
inline constexpr const char* kClient = "client";  // the HSM's client
inline constexpr const char* kCmf = "cmf";
inline constexpr const char* kCa = "ca";
inline constexpr const char* kHsm = "hsm";
inline constexpr const char* kVerifier = "verifier";
inline constexpr const char* kRa = "ra";  // CA: an RA's own enrolment ("true")
// Direct mode: the VNF, its VNFCIs and their identities.
inline constexpr const char* kVnfm = "vnfm";
inline constexpr const char* kVnf = "vnf";
inline constexpr const char* kVnfd = "vnfd";
inline constexpr const char* kVnfc = "vnfc";
inline constexpr const char* kVnfci = "vnfci";
inline constexpr const char* kVnfcis = "vnfcis";
inline constexpr const char* kVnfs = "vnfs";
inline constexpr const char* kIdentity =
    "identity";  // VNFCI identity name ("vnfci/name" at the CA)
inline constexpr const char* kIdentities = "identities";
inline constexpr const char* kNames = "names";    // identity names, comma separated
inline constexpr const char* kSource = "source";  // how the CMF learnt of a VNFCI
inline constexpr const char* kFlow = "flow";      // the Annex C flow a VNFCI takes
inline constexpr const char* kSecureBootstrap = "secure_bootstrap";
inline constexpr const char* kOperation = "operation";  // an LCM operation, a refused request
inline constexpr const char* kOccurrence = "occurrence";
inline constexpr const char* kNotification = "notification";
inline constexpr const char* kState = "state";
inline constexpr const char* kPlannedAdded = "planned_added";
inline constexpr const char* kPlannedRemoved = "planned_removed";
inline constexpr const char* kNotRunning = "not_running";
inline constexpr const char* kAdded = "added";
inline constexpr const char* kRemoved = "removed";
inline constexpr const char* kKnown = "known";  // VNFCIs the CMF knew already (reconciliation)
inline constexpr const char* kUnenrolled = "unenrolled";
inline constexpr const char* kCertificates = "certificates";
inline constexpr const char* kSubscription = "subscription";
inline constexpr const char* kSubscriber = "subscriber";

// --- Certificates, keys and CRLs.
inline constexpr const char* kSerial = "serial";
inline constexpr const char* kSubject = "subject";
inline constexpr const char* kIssuer = "issuer";
inline constexpr const char* kDns = "dns";
inline constexpr const char* kNotAfter = "not_after";
inline constexpr const char* kPurpose = "purpose";  // detail_values::kPurpose*
inline constexpr const char* kRequest = "request";  // CA: the CMP body that asked (ir, p10cr, ...)
inline constexpr const char* kKeyType = "key_type";
inline constexpr const char* kSpkiSha256 = "spki_sha256";
inline constexpr const char* kDrbg = "drbg";
inline constexpr const char* kIn = "in";          // where a key was made: detail_values::kIn*
inline constexpr const char* kKey = "key";        // VNFCI: "hsm" for an HSM-held key
inline constexpr const char* kHandle = "handle";  // an HSM key handle
inline constexpr const char* kExported = "exported";
inline constexpr const char* kCarrier = "carrier";     // the CMP body a CSR travels in
inline constexpr const char* kSignedBy = "signed_by";  // detail_values::kSignedBy*
inline constexpr const char* kBytes = "bytes";
inline constexpr const char* kAuth = "auth";  // how a CSR was authenticated: detail_values::kAuth*
inline constexpr const char* kReference = "reference";  // an initial credential's reference
inline constexpr const char* kOneUse = "one_use";
inline constexpr const char* kExpires = "expires";
inline constexpr const char* kCredential = "credential";  // detail_values::kCredential*
inline constexpr const char* kRepeat = "repeat";
inline constexpr const char* kTrustAnchor = "trust_anchor";
inline constexpr const char* kRoots = "roots";
inline constexpr const char* kRenewBefore = "renew_before";
inline constexpr const char* kTrigger =
    "trigger";                                  // what raised a renewal: detail_values::kTrigger*
inline constexpr const char* kRound = "round";  // key rotation round
inline constexpr const char* kInterval = "interval";
inline constexpr const char* kNumber = "number";           // a CRL's number
inline constexpr const char* kHeldNumber = "held_number";  // the number of the CRL held
inline constexpr const char* kEntries = "entries";
inline constexpr const char* kNextUpdate = "next_update";
inline constexpr const char* kSigner = "signer";

// --- Channels and sessions.
inline constexpr const char* kChannel = "channel";  // detail_values::kChannel*
inline constexpr const char* kRole = "role";        // detail_values::kRole*
inline constexpr const char* kPeerSubject = "peer_subject";
inline constexpr const char* kPeerSerial = "peer_serial";
inline constexpr const char* kPsk = "psk";
inline constexpr const char* kAlert = "alert";
inline constexpr const char* kVerification = "verification";  // why a peer certificate failed
inline constexpr const char* kReferencePoint = "reference_point";
inline constexpr const char* kMessage = "message";

// --- Remote attestation.
inline constexpr const char* kMeasurements = "measurements";
inline constexpr const char* kRelyingParties = "relying_parties";
inline constexpr const char* kRelyingParty = "relying_party";
inline constexpr const char* kAppraisedAt = "appraised_at";
inline constexpr const char* kReasons = "reasons";
inline constexpr const char* kTampered = "tampered";
inline constexpr const char* kResult = "result";

// --- Why, how often, how long.
inline constexpr const char* kReason = "reason";
inline constexpr const char* kProblem = "problem";
inline constexpr const char* kNote = "note";
inline constexpr const char* kStatus = "status";
inline constexpr const char* kRejected = "rejected";  // how many identities a VNFCI refused
inline constexpr const char* kAttempt = "attempt";
inline constexpr const char* kAttempts = "attempts";
inline constexpr const char* kRetryIn = "retry_in";
inline constexpr const char* kDelay = "delay";
inline constexpr const char* kExchange = "exchange";  // a CMP exchange's number
inline constexpr const char* kConfirmation = "confirmation";
inline constexpr const char* kFault = "fault";      // a fault knob that was switched on
inline constexpr const char* kHandler = "handler";  // internal errors of a channel callback
inline constexpr const char* kError = "error";

// --- The lifecycle chain (docs/lifecycle.md, "The LCM operation record"; `source` and `request`
// above also carry the chain's source and this hop's request id).
inline constexpr const char* kCorr = "corr";  // the correlation id of the chain
inline constexpr const char* kNs = "ns";
inline constexpr const char* kFlavour = "flavour";
inline constexpr const char* kGrant = "grant";
inline constexpr const char* kAutomatic = "automatic";
inline constexpr const char* kResource = "resource";           // a VIM / CISM resource id
inline constexpr const char* kResourceKind = "resource_kind";  // COMPUTE, OS_CONTAINER
inline constexpr const char* kVim = "vim";                     // the VIM or CISM actor
inline constexpr const char* kHost = "host";
inline constexpr const char* kToHost = "to_host";
inline constexpr const char* kChange = "change";            // FAULT, MIGRATED, REMOVED
inline constexpr const char* kVcpus = "vcpus";              // capacity an operation adds
inline constexpr const char* kVcpusInUse = "vcpus_in_use";  // granted capacity the NFVO holds

// --- Kernel (sim/) and tooling records.
inline constexpr const char* kName = "name";  // SpawnActor, RetireActor, RestartActor
inline constexpr const char* kDurableEntries = "durable_entries";  // RestartActor
// StateRestored (a restarted actor's disk read back): what it counted.
inline constexpr const char* kIssued = "issued";                // certificates issued
inline constexpr const char* kRevocations = "revocations";      // revocations kept
inline constexpr const char* kRegistrations = "registrations";  // registrations kept
inline constexpr const char* kSpentCredentials = "spent_credentials";
inline constexpr const char* kWithdrawn = "withdrawn";  // unconfirmed certificates revoked
// CaKeyCompromise and CompromiseRecovery (docs/robustness.md, "CA key compromise").
inline constexpr const char* kNewIssuer = "new_issuer";   // the issuing CA that replaced it
inline constexpr const char* kGeneration = "generation";  // 1 for the first issuing CA
inline constexpr const char* kType = "type";              // SpawnActor
inline constexpr const char* kTrustDomain = "trust_domain";
inline constexpr const char* kQueue = "queue";  // WorkQueue
inline constexpr const char* kRunning = "running";
inline constexpr const char* kWaiting = "waiting";
inline constexpr const char* kRtt = "rtt";  // echo RoundTrip

// VNF packages (PackageIntegrityCheck, PackageOnboarding, OnboardPackage, PackageTampered).
inline constexpr const char* kPackage = "package";
inline constexpr const char* kVersion = "version";
inline constexpr const char* kAlgorithm = "algorithm";
inline constexpr const char* kDigest = "digest";  // hex, as the NFVO computed it
inline constexpr const char* kSigned = "signed";  // true / false
inline constexpr const char* kVerdict = "verdict";
inline constexpr const char* kSigningTime = "signing_time";
inline constexpr const char* kStage = "stage";  // onboarding / instantiation
inline constexpr const char* kTamper = "tamper";

// --- The VIM's and the CISM's resources (docs/lifecycle.md, slice 3).
inline constexpr const char* kResources = "resources";  // resource ids, comma separated
inline constexpr const char* kLocation = "location";
inline constexpr const char* kZone = "zone";              // the request's location constraint
inline constexpr const char* kCandidates = "candidates";  // hosts that could take it, by id
inline constexpr const char* kMemoryMb = "memory_mb";
// Placement reserved before the grant (D12).
inline constexpr const char* kReservation = "reservation";    // a reservation id
inline constexpr const char* kReservations = "reservations";  // reservation ids, comma separated
inline constexpr const char* kHosts = "hosts";                // "host@location,...", SmEventRouted
inline constexpr const char* kHeldFor = "held_for";           // a reservation's timeout

// --- The Security Manager (docs/security-manager.md "Trace records").
inline constexpr const char* kSm = "sm";
inline constexpr const char* kInstance = "instance";
inline constexpr const char* kGrants = "grants";  // "td-a:fully_active,td-b:passive"
inline constexpr const char* kDomain = "domain";
inline constexpr const char* kMode = "mode";
inline constexpr const char* kSmOperation = "sm_operation";  // the SM message authorised
inline constexpr const char* kBasis = "basis";
// SM hierarchies (issue 15): the sub-SM through which a master holds authority (basis=hierarchy),
// the SM that caused an event (only in copies to it and its ancestors, D3), the id an overrule
// names, and the sub-SMs whose decision it replaced.
inline constexpr const char* kVia = "via";
inline constexpr const char* kSourceSm = "source_sm";
inline constexpr const char* kOverruleTarget = "overrule_target";
inline constexpr const char* kOverruled = "overruled";
inline constexpr const char* kEventId = "event_id";
inline constexpr const char* kEventType = "event_type";
inline constexpr const char* kPhase = "phase";
inline constexpr const char* kChangeKind = "change_kind";
inline constexpr const char* kTerminationKind = "termination_kind";
inline constexpr const char* kOssAppId = "oss_app_id";
inline constexpr const char* kItems = "items";  // the event's information items present
inline constexpr const char* kGrantId = "grant_id";
inline constexpr const char* kDecision = "decision";
inline constexpr const char* kWaited = "waited";  // the delay MANO held the operation for the SM
inline constexpr const char* kOptions = "options";
inline constexpr const char* kInstruction = "instruction";
inline constexpr const char* kPolicy = "policy";
inline constexpr const char* kPolicyDigest = "policy_digest";
inline constexpr const char* kQuery = "query";
inline constexpr const char* kKeyId = "key_id";
inline constexpr const char* kRule = "rule";
inline constexpr const char* kAction = "action";
inline constexpr const char* kDisposition = "disposition";
inline constexpr const char* kFilter = "filter";
inline constexpr const char* kAsOf = "as_of";
inline constexpr const char* kRecords = "records";  // a count of audit records
inline constexpr const char* kSeq = "seq";          // an audit record's sequence number
// SM side (actors/sm/): the MANO block an SM record is about (SmBind).
inline constexpr const char* kBlock = "block";
// Termination options executed (ComputeQuarantined, SecureStorageErased; R2.1.260/270): what the
// quarantined copy holds, the storage erased (hmee, plain) and what the erase covered.
inline constexpr const char* kKeptItems = "kept";
inline constexpr const char* kStorage = "storage";
inline constexpr const char* kErasedItems = "erased";
// The Semi-Active policy wait (SmPolicyWait, R2.1.30): the SMs waited for, and how long at most.
inline constexpr const char* kSms = "sms";
inline constexpr const char* kTimeout = "timeout";
// The VIM's Sc-Vi service (SmHostRetirement, SM-caused resource removals).
inline constexpr const char* kQuarantine = "quarantine";  // true / false: quarantine asked
inline constexpr const char* kCause = "cause";            // SECURITY_MANAGER: an SM caused it
inline constexpr const char* kRecoveryAllowed = "recovery_allowed";  // true / false
inline constexpr const char* kOutcomes = "outcomes";  // "vnf:migrated,vnf2:terminated"
// Security functions (SmSecurityFunction, NsTopologyUpdated; R2.1.340).
inline constexpr const char* kVsf = "vsf";          // the VSF instance
inline constexpr const char* kBetween = "between";  // "a,b": the two VNFs of the link
inline constexpr const char* kWithin = "within";    // the VNF whose VNFCs were named
inline constexpr const char* kPath = "path";        // "a,vsf,b": the link's path after
// SM peering and security associations (SmPeerAuthorization, SecurityAssociation).
inline constexpr const char* kService = "service";            // the Sm-Sm service asked
inline constexpr const char* kRelationship = "relationship";  // a trust edge's relationship id
inline constexpr const char* kSaId = "sa_id";
inline constexpr const char* kEndpoints = "endpoints";  // "vnf-a,vnf-b"
inline constexpr const char* kDomains = "domains";      // "td-a,td-b": the endpoints' domains
inline constexpr const char* kPeerVnf = "peer_vnf";     // the other end's VNF

// Isolation (issue 15, docs/trust-model.md "Isolation and separation"): what a compromised SM
// aims at (SmCompromised; vnfs=, hosts=, domain= as above).
inline constexpr const char* kInstances = "instances";  // interface instances, comma separated

// A live CA (docs/live-ca.md): the real server a `ca-live` actor relays to, and what it ran.
inline constexpr const char* kUrl = "url";               // the server's CMP URL
inline constexpr const char* kEpoch = "epoch";           // the run's epoch (UTC)
inline constexpr const char* kWallClock = "wall_clock";  // the wall clock at that moment (UTC)
inline constexpr const char* kWallMs = "wall_ms";        // wall-clock milliseconds it took
inline constexpr const char* kExitCode = "exit_code";    // of a command the actor ran

}  // namespace ifa026::actors::detail_keys

// Values of detail keys that checks compare, grouped by key.
namespace ifa026::actors::detail_values {

// purpose=
inline constexpr const char* kPurposeEnrolment = "enrolment";
inline constexpr const char* kPurposeRenewal = "renewal";
// HSM SignData: the TLS 1.3 CertificateVerify of a session (issue 20).
inline constexpr const char* kPurposeTlsCertificateVerify = "tls-certificate-verify";
inline constexpr const char* kPurposeRotation = "rotation";
// in= (GenerateKey)
inline constexpr const char* kInSelf = "self";
inline constexpr const char* kInHsm = "hsm";
// signed_by= (CsrBuilt)
inline constexpr const char* kSignedByHsm = "hsm";
inline constexpr const char* kSignedByVnfci = "vnfci";
// channel= (TlsHandshake)
inline constexpr const char* kChannelDay0 = "day0";
inline constexpr const char* kChannelServerAuth = "server_auth";
inline constexpr const char* kChannelMutual = "mutual";
// role= (TlsHandshake)
inline constexpr const char* kRoleClient = "client";
inline constexpr const char* kRoleServer = "server";
// auth= (CsrValidation)
inline constexpr const char* kAuthInitialCredential = "initial-credential";
inline constexpr const char* kAuthCertificate = "certificate";
// credential= (direct mode: the CMF-VNFCI channel's secret)
inline constexpr const char* kCredentialAttested = "attested";
inline constexpr const char* kCredentialDay0 = "day0";
// reason= of a provisioning again after a CA key compromise (CompromiseRecovery, the VNFCI
// configuration's `reprovision`, CertificateRemoved): RFC 5280's name of the revocation reason.
inline constexpr const char* kReasonCaCompromise = "cACompromise";
// trigger= (RenewalDue)
inline constexpr const char* kTriggerExpiryWatch = "expiry-watch";
inline constexpr const char* kTriggerCommand = "command";
// source= (VnfciDiscovered)
inline constexpr const char* kSourceNotification = "notification";
inline constexpr const char* kSourceQuery = "query";  // a query_vnf workload command
// The query after a confirmed subscription (VnfInventoryReconciliation).
inline constexpr const char* kSourceReconciliation = "reconciliation";
// Booleans (one_use=, ra=, repeat=, exported=).
inline constexpr const char* kTrue = "true";
inline constexpr const char* kFalse = "false";

// stage= (PackageIntegrityCheck)
inline constexpr const char* kStageOnboarding = "onboarding";
inline constexpr const char* kStageInstantiation = "instantiation";
inline constexpr const char* kStageAudit = "audit";  // NFVO command check_stored_package

}  // namespace ifa026::actors::detail_values
