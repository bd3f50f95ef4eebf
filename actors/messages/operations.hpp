// Names of the operations (messages) actors exchange, the `operation` of kernel send/receive
// records: one spelling for sender, receiver and conformance checks alike. Bodies are listed in
// docs/mano-certificates.md and docs/direct-mode.md. Decision and crypto record names are in
// decisions.hpp, flow steps in flow_steps.hpp.
#pragma once

namespace ifa026::actors::operations {

// CMF-1: registration, CSRs, revocation.
inline constexpr const char* kRegisterEntityRequest = "RegisterEntityRequest";
inline constexpr const char* kRegisterEntityResponse = "RegisterEntityResponse";
inline constexpr const char* kCertificateSigningRequest = "CertificateSigningRequest";
inline constexpr const char* kCertificateSigningResponse = "CertificateSigningResponse";
inline constexpr const char* kRevokeCertificateRequest = "RevokeCertificateRequest";
inline constexpr const char* kRevokeCertificateResponse = "RevokeCertificateResponse";
inline constexpr const char* kCertificateRemoved = "CertificateRemoved";
// Os-Ma-Nfvo and the relays behind it.
inline constexpr const char* kSetCertificateConfiguration = "SetCertificateConfiguration";
// Between entities over mutual TLS.
inline constexpr const char* kSessionCheckRequest = "SessionCheckRequest";
inline constexpr const char* kSessionCheckResponse = "SessionCheckResponse";
// CRL-DP.
inline constexpr const char* kCrlPublication = "CrlPublication";
// HSM-If.
inline constexpr const char* kGenerateKeyPairRequest = "GenerateKeyPairRequest";
inline constexpr const char* kGenerateKeyPairResponse = "GenerateKeyPairResponse";
inline constexpr const char* kKeyAttestationRequest = "KeyAttestationRequest";
inline constexpr const char* kKeyAttestationResponse = "KeyAttestationResponse";
inline constexpr const char* kSignCsrRequest = "SignCsrRequest";
inline constexpr const char* kSignCsrResponse = "SignCsrResponse";
// Issue 20: a signature with a held key for a TLS 1.3 handshake of the entity (CertificateVerify).
inline constexpr const char* kSignDataRequest = "SignDataRequest";
inline constexpr const char* kSignDataResponse = "SignDataResponse";
inline constexpr const char* kHsmVendorRoot = "HsmVendorRoot";
// Direct mode (docs/direct-mode.md). Cm-Vnfm: LCM notification subscriptions, notifications and
// VNF queries.
inline constexpr const char* kLccnSubscriptionRequest = "LccnSubscriptionRequest";
inline constexpr const char* kLccnSubscriptionResponse = "LccnSubscriptionResponse";
inline constexpr const char* kVnfLcmOperationOccurrenceNotification =
    "VnfLcmOperationOccurrenceNotification";
inline constexpr const char* kQueryVnfRequest = "QueryVnfRequest";
inline constexpr const char* kQueryVnfResponse = "QueryVnfResponse";
// CA-1: the CMF registers a VNFCI identity and its initial credential at the CA.
inline constexpr const char* kRegisterEndEntityRequest = "RegisterEndEntityRequest";
inline constexpr const char* kRegisterEndEntityResponse = "RegisterEndEntityResponse";
// The NS/VNF lifecycle chain (docs/lifecycle.md). Os-Ma-Nfvo: VNF package onboarding, NS LCM
// requests and their occurrence notifications.
inline constexpr const char* kOnboardVnfPackageRequest = "OnboardVnfPackageRequest";
inline constexpr const char* kOnboardVnfPackageResponse = "OnboardVnfPackageResponse";
inline constexpr const char* kInstantiateNsRequest = "InstantiateNsRequest";
inline constexpr const char* kInstantiateNsResponse = "InstantiateNsResponse";
inline constexpr const char* kScaleNsRequest = "ScaleNsRequest";
inline constexpr const char* kScaleNsResponse = "ScaleNsResponse";
inline constexpr const char* kHealNsRequest = "HealNsRequest";
inline constexpr const char* kHealNsResponse = "HealNsResponse";
inline constexpr const char* kTerminateNsRequest = "TerminateNsRequest";
inline constexpr const char* kTerminateNsResponse = "TerminateNsResponse";
inline constexpr const char* kNsLcmOperationOccurrenceNotification =
    "NsLcmOperationOccurrenceNotification";
// Or-Vnfm: VNF LCM requests (NFVO -> VNFM) and grants (VNFM -> NFVO). The VNF LCM notifications
// on Or-Vnfm are Cm-Vnfm's VnfLcmOperationOccurrenceNotification.
inline constexpr const char* kInstantiateVnfRequest = "InstantiateVnfRequest";
inline constexpr const char* kInstantiateVnfResponse = "InstantiateVnfResponse";
inline constexpr const char* kScaleVnfRequest = "ScaleVnfRequest";
inline constexpr const char* kScaleVnfResponse = "ScaleVnfResponse";
inline constexpr const char* kHealVnfRequest = "HealVnfRequest";
inline constexpr const char* kHealVnfResponse = "HealVnfResponse";
inline constexpr const char* kTerminateVnfRequest = "TerminateVnfRequest";
inline constexpr const char* kTerminateVnfResponse = "TerminateVnfResponse";
inline constexpr const char* kChangeVnfConfigurationRequest = "ChangeVnfConfigurationRequest";
inline constexpr const char* kChangeVnfConfigurationResponse = "ChangeVnfConfigurationResponse";
inline constexpr const char* kGrantLifecycleOperationRequest = "GrantLifecycleOperationRequest";
inline constexpr const char* kGrantLifecycleOperationResponse = "GrantLifecycleOperationResponse";
// Vi-Vnfm: virtualised compute resources (VNFM -> VIM) and their changes (VIM -> VNFM).
inline constexpr const char* kAllocateComputeRequest = "AllocateComputeRequest";
inline constexpr const char* kAllocateComputeResponse = "AllocateComputeResponse";
inline constexpr const char* kReleaseComputeRequest = "ReleaseComputeRequest";
inline constexpr const char* kReleaseComputeResponse = "ReleaseComputeResponse";
inline constexpr const char* kMigrateComputeRequest = "MigrateComputeRequest";
inline constexpr const char* kMigrateComputeResponse = "MigrateComputeResponse";
inline constexpr const char* kVirtualisedResourceChangeNotification =
    "VirtualisedResourceChangeNotification";
// CISM-SI: OS container workloads (VNFM -> CISM) and their changes (CISM -> VNFM).
inline constexpr const char* kCreateOsContainerWorkloadRequest = "CreateOsContainerWorkloadRequest";
inline constexpr const char* kCreateOsContainerWorkloadResponse =
    "CreateOsContainerWorkloadResponse";
inline constexpr const char* kDeleteOsContainerWorkloadRequest = "DeleteOsContainerWorkloadRequest";
inline constexpr const char* kDeleteOsContainerWorkloadResponse =
    "DeleteOsContainerWorkloadResponse";
inline constexpr const char* kOsContainerWorkloadChangeNotification =
    "OsContainerWorkloadChangeNotification";
// Vi-Vnfm and CISM-SI: placement reserved before the grant (D12) and its release.
inline constexpr const char* kComputeReservationRequest = "ComputeReservationRequest";
inline constexpr const char* kComputeReservationResponse = "ComputeReservationResponse";
inline constexpr const char* kComputeReservationReleaseRequest = "ComputeReservationReleaseRequest";
inline constexpr const char* kComputeReservationReleaseResponse =
    "ComputeReservationReleaseResponse";
inline constexpr const char* kOsContainerWorkloadReservationRequest =
    "OsContainerWorkloadReservationRequest";
inline constexpr const char* kOsContainerWorkloadReservationResponse =
    "OsContainerWorkloadReservationResponse";
inline constexpr const char* kOsContainerWorkloadReservationReleaseRequest =
    "OsContainerWorkloadReservationReleaseRequest";
inline constexpr const char* kOsContainerWorkloadReservationReleaseResponse =
    "OsContainerWorkloadReservationReleaseResponse";
// CMF-VNFCI: the certificate configuration, and what the VNFCI then holds.
inline constexpr const char* kVnfciCertificateConfiguration = "VnfciCertificateConfiguration";
inline constexpr const char* kVnfciCertificateReport = "VnfciCertificateReport";
// NFVI-Trust: the infrastructure's hardware root, handed at day 0 by the VNFM on behalf of its
// NFVI to attestation verifiers and HSMs (C.2.1.3 pre-condition 6).
inline constexpr const char* kHardwareRoot = "HardwareRoot";
// VNFCI-Verifier: remote attestation of a VNFCI (C.2.1.2 pre-condition 3).
inline constexpr const char* kAttestationChallengeRequest = "AttestationChallengeRequest";
inline constexpr const char* kAttestationChallengeResponse = "AttestationChallengeResponse";
inline constexpr const char* kAttestationEvidenceRequest = "AttestationEvidenceRequest";
inline constexpr const char* kAttestationEvidenceResponse = "AttestationEvidenceResponse";
// CMF-Verifier: the relying party asks for a VNFCI's attestation result (C.2.1.2 #2).
inline constexpr const char* kAttestationResultRequest = "AttestationResultRequest";
inline constexpr const char* kAttestationResultResponse = "AttestationResultResponse";

// CA-1: CMP PKIMessage bodies by their RFC 4210 names (pki::CmpServer's body_name spelling). The
// kernel records of a CMP message carry the body name as operation.
inline constexpr const char* kCmpIr = "ir";
inline constexpr const char* kCmpIp = "ip";
inline constexpr const char* kCmpCr = "cr";
inline constexpr const char* kCmpCp = "cp";
inline constexpr const char* kCmpP10cr = "p10cr";
inline constexpr const char* kCmpKur = "kur";
inline constexpr const char* kCmpKup = "kup";
inline constexpr const char* kCmpRr = "rr";
inline constexpr const char* kCmpRp = "rp";
inline constexpr const char* kCmpCertConf = "certConf";
inline constexpr const char* kCmpPkiConf = "pkiConf";
inline constexpr const char* kCmpError = "error";

// TLS flights of a secure channel (actors/common/secure_channels.hpp): handshake messages, alerts
// and close_notify travel as their own simulated messages. kTlsHandshake is also the name of the
// channel's crypto record (decisions.hpp).
inline constexpr const char* kTlsHandshake = "TlsHandshake";
inline constexpr const char* kTlsAlert = "TlsAlert";
inline constexpr const char* kTlsClose = "TlsClose";

// Sc-Or, Sc-Vnfm, Sc-Vi: Security Manager <-> NFVO, VNFM, VIM (actors/messages/sc_mano.hpp,
// docs/security-manager.md). VnfTerminationNotice is the NFVO's notice to the OSS (Os-Ma-Nfvo).
inline constexpr const char* kSmBindRequest = "SmBindRequest";
inline constexpr const char* kSmBindResponse = "SmBindResponse";
inline constexpr const char* kSmBindingChanged = "SmBindingChanged";
inline constexpr const char* kSmLcmSubscriptionRequest = "SmLcmSubscriptionRequest";
inline constexpr const char* kSmLcmSubscriptionResponse = "SmLcmSubscriptionResponse";
inline constexpr const char* kSmLcmEventNotification = "SmLcmEventNotification";
inline constexpr const char* kSmLcmGrantRequest = "SmLcmGrantRequest";
inline constexpr const char* kSmLcmGrantResponse = "SmLcmGrantResponse";
inline constexpr const char* kSmLcmObjection = "SmLcmObjection";
inline constexpr const char* kSmPackageIntegrityConfirmation = "SmPackageIntegrityConfirmation";
inline constexpr const char* kSmSecurityPolicyInstruction = "SmSecurityPolicyInstruction";
inline constexpr const char* kSmSecurityPolicyAck = "SmSecurityPolicyAck";
inline constexpr const char* kSmTerminateVnfRequest = "SmTerminateVnfRequest";
inline constexpr const char* kSmTerminateVnfResponse = "SmTerminateVnfResponse";
inline constexpr const char* kSmHostRetirementRequest = "SmHostRetirementRequest";
inline constexpr const char* kSmHostRetirementResponse = "SmHostRetirementResponse";
inline constexpr const char* kSmNetworkStatusQuery = "SmNetworkStatusQuery";
inline constexpr const char* kSmNetworkStatusResponse = "SmNetworkStatusResponse";
inline constexpr const char* kSmLcmHistoryQuery = "SmLcmHistoryQuery";
inline constexpr const char* kSmLcmHistoryResponse = "SmLcmHistoryResponse";
inline constexpr const char* kSmContextQuery = "SmContextQuery";
inline constexpr const char* kSmContextResponse = "SmContextResponse";
inline constexpr const char* kSmAuditLogExportRequest = "SmAuditLogExportRequest";
inline constexpr const char* kSmAuditLogExportResponse = "SmAuditLogExportResponse";
inline constexpr const char* kSmRequestRefused = "SmRequestRefused";
inline constexpr const char* kVnfTerminationNotice = "VnfTerminationNotice";
inline constexpr const char* kSmSecurityFunctionRequest = "SmSecurityFunctionRequest";
inline constexpr const char* kSmSecurityFunctionResponse = "SmSecurityFunctionResponse";
// A master SM overrules a sub-SM's pending decision (Sc-Or, Sc-Vnfm; 5.1.3-a, issue 15).
inline constexpr const char* kSmOverruleRequest = "SmOverruleRequest";
inline constexpr const char* kSmOverruleResponse = "SmOverruleResponse";

// SM peering (Sm-Sm) and security associations (Sc-Or, Vnf-Sa, Vnf-Vnf);
// actors/messages/sm_peer.hpp.
inline constexpr const char* kSmServiceRequest = "SmServiceRequest";
inline constexpr const char* kSmServiceResponse = "SmServiceResponse";
inline constexpr const char* kSecurityAssociationRequest = "SecurityAssociationRequest";
inline constexpr const char* kSecurityAssociationReport = "SecurityAssociationReport";
inline constexpr const char* kSecurityAssociationSetup = "SecurityAssociationSetup";
inline constexpr const char* kSecurityAssociationHello = "SecurityAssociationHello";
inline constexpr const char* kSecurityAssociationAccept = "SecurityAssociationAccept";
inline constexpr const char* kSecurityAssociationResult = "SecurityAssociationResult";

// Echo actor (smoke scenarios).
inline constexpr const char* kEchoRequest = "EchoRequest";
inline constexpr const char* kEchoReply = "EchoReply";

}  // namespace ifa026::actors::operations
