// Names of the operations actors exchange (docs/mano-certificates.md lists their bodies): one
// spelling for sender and receiver alike.
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
inline constexpr const char* kHsmVendorRoot = "HsmVendorRoot";
// CMF-VNFCI (direct mode, docs/direct-mode.md).
inline constexpr const char* kVnfciCertificateReport = "VnfciCertificateReport";

}  // namespace ifa026::actors::operations
