// Names of the reference points and interfaces messages travel on (docs/mano-certificates.md).
#pragma once

namespace ifa026::actors::reference_points {

inline constexpr const char* kCmf1 = "CMF-1";           // consumers -> CMF
inline constexpr const char* kCa1 = "CA-1";             // CMF <-> CA (CMP)
inline constexpr const char* kCrlDp = "CRL-DP";         // CA -> CRL subscribers
inline constexpr const char* kHsmIf = "HSM-If";         // entity <-> its HSM
inline constexpr const char* kOsMaNfvo = "Os-Ma-Nfvo";  // OSS <-> NFVO
inline constexpr const char* kOrVnfm = "Or-Vnfm";       // NFVO <-> VNFM
inline constexpr const char* kViVnfm = "Vi-Vnfm";       // VNFM <-> VIM
inline constexpr const char* kOrVi = "Or-Vi";           // NFVO <-> VIM
inline constexpr const char* kOrWi = "Or-Wi";           // NFVO <-> WIM
inline constexpr const char* kCismSi = "CISM-SI";       // NFVO/VNFM <-> CISM
inline constexpr const char* kCirSi = "CIR-SI";         // NFVO/VNFM <-> CIR
// Direct mode (docs/direct-mode.md, C.2.1.1).
inline constexpr const char* kCmVnfm = "Cm-Vnfm";      // CMF <-> VNFM (LCM notifications)
inline constexpr const char* kCmfVnfci = "CMF-VNFCI";  // CMF <-> VNFCI (configuration, reports)
// Direct mode with secure bootstrapping (docs/direct-mode.md, C.2.1.2 and C.2.1.3).
inline constexpr const char* kCmfVerifier = "CMF-Verifier";      // CMF <-> attestation service
inline constexpr const char* kVnfciVerifier = "VNFCI-Verifier";  // VNFCI (HMEE) <-> verifier
inline constexpr const char* kHmeeHsm = "HMEE-HSM";              // VNFCI (HMEE) <-> HSM, TLS
inline constexpr const char* kNfviTrust = "NFVI-Trust";  // VNFM (its NFVI) -> verifiers, HSMs
// Security Manager interfaces (clause 5.1.3; docs/security-manager.md): one logical instance of
// each per SM and MANO block, each on its own mutual-TLS session.
inline constexpr const char* kScOr = "Sc-Or";      // SM <-> NFVO
inline constexpr const char* kScVnfm = "Sc-Vnfm";  // SM <-> VNFM
inline constexpr const char* kScVi = "Sc-Vi";      // SM <-> VIM
// Ours (docs/trust-model.md "SM peers and security associations"): SM <-> peer SM (R1.1.110);
// MANO <-> a VNFCI for a security association's set-up and result; VNFCI <-> VNFCI, the
// association's own mutual-TLS session (R1.1.90, R1.1.100).
inline constexpr const char* kSmSm = "Sm-Sm";
inline constexpr const char* kVnfSa = "Vnf-Sa";
inline constexpr const char* kVnfVnf = "Vnf-Vnf";
// Ours (docs/security-monitoring.md): SM <-> security functions, directly or through an EM or
// the ISM (rules, configuration, validation, capability queries), and telemetry to collectors.
inline constexpr const char* kSmSf = "Sm-Sf";

}  // namespace ifa026::actors::reference_points
