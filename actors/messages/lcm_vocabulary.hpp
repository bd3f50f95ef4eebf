// The values the NS/VNF lifecycle chain's messages and records share (docs/lifecycle.md): who
// started an LCM operation (`source`), the states of an operation occurrence, the operation types,
// how a resource changed and the answers' statuses. One spelling for the OSS, NFVO, VNFM, VIM,
// CISM and the checks. Message names are in operations.hpp.
#pragma once

namespace ifa026::actors::lcm {

// --- `source`: who started an LCM operation (docs/lifecycle.md, "The LCM operation record").
inline constexpr const char* kSourceOss = "OSS";
inline constexpr const char* kSourceNfvo = "NFVO";
inline constexpr const char* kSourceVnfmAutoHeal = "VNFM_AUTO_HEAL";
inline constexpr const char* kSourceVim = "VIM";
inline constexpr const char* kSourceCism = "CISM";
inline constexpr const char* kSourceSecurityManager = "SECURITY_MANAGER";

// --- States of an NS or VNF LCM operation occurrence (IFA 007/013 spelling; FAILED_TEMP and
// ROLLING_BACK are not modelled: a failed operation is rolled back at once, docs/lifecycle.md D7).
inline constexpr const char* kStateStarting = "STARTING";
inline constexpr const char* kStateProcessing = "PROCESSING";
inline constexpr const char* kStateCompleted = "COMPLETED";
inline constexpr const char* kStateFailed = "FAILED";
inline constexpr const char* kStateRolledBack = "ROLLED_BACK";
// The NFVO's NsLcmOperation record while it terminates the VNFs of an NS instantiation that did
// not complete (D7); a record state only, never notified.
inline constexpr const char* kStateRollingBack = "ROLLING_BACK";

// --- Operation types: VNF (Or-Vnfm, Cm-Vnfm notifications, grants) and NS (Os-Ma-Nfvo).
inline constexpr const char* kInstantiate = "INSTANTIATE";
inline constexpr const char* kScaleOut = "SCALE_OUT";
inline constexpr const char* kScaleIn = "SCALE_IN";
inline constexpr const char* kScale = "SCALE";  // NS level: the request says out or in per VNF
inline constexpr const char* kHeal = "HEAL";
inline constexpr const char* kTerminate = "TERMINATE";
inline constexpr const char* kChangeConfiguration = "CHANGE_CONFIGURATION";
// NS level: a VNF added to a running NS at a Security Manager's word (a VSF, R2.1.340).
inline constexpr const char* kUpdate = "UPDATE";

// --- Certificate mode of a VNF (VNFD certificate_mode, InstantiateNsRequest; 5.2.3.1-b).
inline constexpr const char* kModeDirect = "direct";
inline constexpr const char* kModeDelegation = "delegation";

// --- Certification types of a VNFC identity (C.2.2.2.6 pre-condition 2 "CertificationType").
inline constexpr const char* kCertificationVnfci = "vnfci";
inline constexpr const char* kCertificationOam = "oam";

// --- Changes of a VNF inside an NS, of a VNFC instance, of a virtualised resource.
inline constexpr const char* kChangeAdded = "ADDED";
inline constexpr const char* kChangeRemoved = "REMOVED";
inline constexpr const char* kChangeModified = "MODIFIED";
inline constexpr const char* kChangeFault = "FAULT";        // the workload crashed
inline constexpr const char* kChangeMigrated = "MIGRATED";  // moved to another host

// --- Resource kinds of a grant and of a VNFC's deployment (VNFD `deployment`).
inline constexpr const char* kResourceCompute = "COMPUTE";           // a VM through the VIM
inline constexpr const char* kResourceOsContainer = "OS_CONTAINER";  // through the CISM

// --- Host states (the VIM's hosts, the CISM's nodes).
inline constexpr const char* kHostInService = "in-service";
inline constexpr const char* kHostRetired = "retired";
inline constexpr const char* kHostQuarantined = "quarantined";

// --- Answers' `status` values.
inline constexpr const char* kStatusAccepted = "accepted";    // an LCM request taken on
inline constexpr const char* kStatusRejected = "rejected";    // refused, `reason` says why
inline constexpr const char* kStatusGranted = "granted";      // grant given
inline constexpr const char* kStatusOnboarded = "onboarded";  // package onboarded
inline constexpr const char* kStatusAllocated = "allocated";  // compute / workload created
inline constexpr const char* kStatusReleased = "released";    // compute / workload gone
inline constexpr const char* kStatusMigrated = "migrated";
inline constexpr const char* kStatusReserved = "reserved";  // placement reserved (D12)
inline constexpr const char* kStatusAnswered = "answered";  // each item has its own status

// --- Termination types (TerminateVnfRequest).
inline constexpr const char* kTerminationForceful = "FORCEFUL";
inline constexpr const char* kTerminationGraceful = "GRACEFUL";

// --- VNF package integrity (PackageIntegrity::verdict, PackageDigest::algorithm).
inline constexpr const char* kDigestSha256 = "sha-256";
inline constexpr const char* kIntegrityVerified = "verified";
inline constexpr const char* kIntegrityUnsignedAccepted = "unsigned-accepted";
inline constexpr const char* kIntegrityDigestMismatch = "digest-mismatch";
inline constexpr const char* kIntegritySignatureInvalid = "signature-invalid";
inline constexpr const char* kIntegrityUnsignedRefused = "unsigned-refused";

}  // namespace ifa026::actors::lcm
