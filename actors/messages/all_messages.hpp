// Every typed message, as type lists: AllMessages holds one struct per operation of
// actors/messages/operations.hpp (tests/actors/messages check the two stay in step), and
// FamilyMessages the bodies shared by families of operations. Add a new message to its reference
// point's header and here (docs/architecture.md, "Messages").
#pragma once

#include <array>
#include <string_view>

#include "actors/messages/attestation.hpp"
#include "actors/messages/audit_keys.hpp"
#include "actors/messages/ca1.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/cmf1.hpp"
#include "actors/messages/cmf_vnfci.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/crl_dp.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/nfvi_inject.hpp"
#include "actors/messages/nfvi_trust.hpp"
#include "actors/messages/operation_error.hpp"
#include "actors/messages/or_vnfm.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/messages/probe.hpp"
#include "actors/messages/sc_mano.hpp"
#include "actors/messages/session_check.hpp"
#include "actors/messages/sm_peer.hpp"
#include "actors/messages/sm_sf.hpp"
#include "actors/messages/snsd.hpp"
#include "actors/messages/telemetry.hpp"
#include "actors/messages/ve_vnfm_vnf.hpp"
#include "actors/messages/vi_vnfm.hpp"

namespace ifa026::actors::messages {

template <class... M>
struct MessageList {
  static constexpr std::size_t size = sizeof...(M);
};

using AllMessages = MessageList<
    // CMF-1
    RegisterEntityRequest, RegisterEntityResponse, CertificateSigningRequest,
    CertificateSigningResponse, RevokeCertificateRequest, RevokeCertificateResponse,
    CertificateRemoved,
    // Os-Ma-Nfvo and relays
    SetCertificateConfiguration,
    // mutual TLS session checks
    SessionCheckRequest, SessionCheckResponse,
    // CRL-DP
    CrlPublication,
    // HSM-If, HMEE-HSM
    GenerateKeyPairRequest, GenerateKeyPairResponse, KeyAttestationRequest, KeyAttestationResponse,
    SignCsrRequest, SignCsrResponse, SignDataRequest, SignDataResponse, HsmVendorRoot,
    // Cm-Vnfm
    LccnSubscriptionRequest, LccnSubscriptionResponse, VnfLcmOperationOccurrenceNotification,
    QueryVnfRequest, QueryVnfResponse,
    // CA-1
    RegisterEndEntityRequest, RegisterEndEntityResponse,
    // CMF-VNFCI
    VnfciCertificateConfiguration, VnfciCertificateReport,
    // NFVI-Trust
    HardwareRoot,
    // VNFCI-Verifier, CMF-Verifier
    AttestationChallengeRequest, AttestationChallengeResponse, AttestationEvidenceRequest,
    AttestationEvidenceResponse, AttestationResultRequest, AttestationResultResponse,
    // The NS/VNF lifecycle chain (docs/lifecycle.md). Os-Ma-Nfvo:
    OnboardVnfPackageRequest, OnboardVnfPackageResponse, InstantiateNsRequest,
    InstantiateNsResponse, ScaleNsRequest, ScaleNsResponse, HealNsRequest, HealNsResponse,
    TerminateNsRequest, TerminateNsResponse, NsLcmOperationOccurrenceNotification,
    // Or-Vnfm
    InstantiateVnfRequest, InstantiateVnfResponse, ScaleVnfRequest, ScaleVnfResponse,
    HealVnfRequest, HealVnfResponse, TerminateVnfRequest, TerminateVnfResponse,
    ChangeVnfConfigurationRequest, ChangeVnfConfigurationResponse, GrantLifecycleOperationRequest,
    GrantLifecycleOperationResponse,
    // Vi-Vnfm
    AllocateComputeRequest, AllocateComputeResponse, ReleaseComputeRequest, ReleaseComputeResponse,
    MigrateComputeRequest, MigrateComputeResponse, VirtualisedResourceChangeNotification,
    // CISM-SI
    CreateOsContainerWorkloadRequest, CreateOsContainerWorkloadResponse,
    DeleteOsContainerWorkloadRequest, DeleteOsContainerWorkloadResponse,
    OsContainerWorkloadChangeNotification,
    // Vi-Vnfm and CISM-SI: placement reservations (D12)
    ComputeReservationRequest, ComputeReservationResponse, ComputeReservationReleaseRequest,
    ComputeReservationReleaseResponse, OsContainerWorkloadReservationRequest,
    OsContainerWorkloadReservationResponse, OsContainerWorkloadReservationReleaseRequest,
    OsContainerWorkloadReservationReleaseResponse,
    // Sc-Or, Sc-Vnfm, Sc-Vi (docs/security-manager.md), and the NFVO's notice to the OSS
    SmBindRequest, SmBindResponse, SmBindingChanged, SmLcmSubscriptionRequest,
    SmLcmSubscriptionResponse, SmLcmEventNotification, SmLcmGrantRequest, SmLcmGrantResponse,
    SmLcmObjection, SmPackageIntegrityConfirmation, SmSecurityPolicyInstruction,
    SmSecurityPolicyAck, SmTerminateVnfRequest, SmTerminateVnfResponse, SmHostRetirementRequest,
    SmHostRetirementResponse, SmNetworkStatusQuery, SmNetworkStatusResponse, SmLcmHistoryQuery,
    SmLcmHistoryResponse, SmContextQuery, SmContextResponse, SmAuditLogExportRequest,
    SmAuditLogExportResponse, SmRequestRefused, VnfTerminationNotice, SmSecurityFunctionRequest,
    SmSecurityFunctionResponse, SmOverruleRequest, SmOverruleResponse,
    // Sm-Sm, security associations (sm_peer.hpp)
    SmServiceRequest, SmServiceResponse, SecurityAssociationRequest, SecurityAssociationReport,
    SecurityAssociationSetup, SecurityAssociationHello, SecurityAssociationAccept,
    SecurityAssociationResult,
    // Security functions and monitoring (monitoring_vocabulary.hpp; issue 16)
    TelemetryReport,
    // Security functions behind an EM and the ISM (sm_sf.hpp)
    SecurityFunctionCapabilityQuery, SecurityFunctionCapabilityResponse,
    SmSecurityFunctionCatalogueQuery, SmSecurityFunctionCatalogueResponse,
    SecurityRuleConfiguration, SecurityRuleAck, SecurityFunctionConfiguration,
    SecurityFunctionConfigurationAck, PolicyValidationRequest, PolicyValidationReport,
    // The data-plane probe (probe.hpp; issue 16)
    ProbeEcho, ProbeEchoReply, ProbeCopy, MonitoringPoll,
    // Audit keys (audit_keys.hpp; issue 16)
    AuditKeyDelivery, AuditKeyDeliveryAck, AuditLogTransfer, AuditLogTransferAck,
    // sNSD (snsd.hpp; issue 16)
    SmDescriptorQuery, SmDescriptorResponse, SmSnsdOnboardRequest, SmSnsdOnboardResponse,
    // Delegation mode (delegation_vocabulary.hpp; issue 17): Cm-Vnfm, Ve-Vnfm-vnf, CISM-SI,
    // NFVI-Inject, HMEE-HSM, HSM-If
    RegisterDelegateRequest, RegisterDelegateResponse, SetConfigurationRequest,
    SetConfigurationResponse, OsContainerConfigurationRequest, OsContainerConfigurationResponse,
    InjectCredentialsRequest, InjectCredentialsReport, ReleaseKeyPairRequest,
    ReleaseKeyPairResponse, DeleteKeyRequest, DeleteKeyResponse>;

// Bodies of operation families (CA-1's CMP carriers, "<operation>Error" answers).
using FamilyMessages = MessageList<CmpMessage, OperationError>;

// The operation names of a list of fixed-operation messages, in list order.
template <class... M>
constexpr std::array<std::string_view, sizeof...(M)> operation_names(MessageList<M...>) {
  return {M::kOperation...};
}

}  // namespace ifa026::actors::messages
