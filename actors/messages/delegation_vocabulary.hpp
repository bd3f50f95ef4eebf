// The names delegation mode speaks (issue 17; docs/delegation-mode.md; C.2.2.x, C.3.2.x, Annex D):
// message operations on Cm-Vnfm, Vi-Vnfm, CISM-SI, Ve-Vnfm-vnf, NFVI-Inject, HSM-If and HMEE-HSM,
// the decision records the VNFM, CMF, CA, VIM, CISM, VNFCI and HSM write, their outcomes and detail
// keys, and the key-custody ledger's vocabulary. Kept apart from operations.hpp / decisions.hpp /
// detail_keys.hpp so that adding a delegation name rebuilds only what delegates; the vocabulary
// tests read this header together with those three.
#pragma once

namespace ifa026::actors::reference_points {
// VNFM <-> VNFCI: the VNF configuration interface (C.2.2.4.6, C.2.2.4.7), mutual TLS between the
// VNFM's MANO certificate and the VNFCI's VNF OAM certificate.
inline constexpr const char* kVeVnfmVnf = "Ve-Vnfm-vnf";
// Ours: the VIM or CISM putting credentials into the VNFC instance it creates (a config drive, a
// secret mount; C.2.2.3 #1). Not a network reference point: no TLS, local to the NFVI.
inline constexpr const char* kNfviInject = "NFVI-Inject";
}  // namespace ifa026::actors::reference_points

namespace ifa026::actors::operations {

// --- Delegate registration (C.2.2.1, C.3.2.1): VNFM -> CMF on Cm-Vnfm, mutual TLS.
inline constexpr const char* kRegisterDelegateRequest = "RegisterDelegateRequest";
inline constexpr const char* kRegisterDelegateResponse = "RegisterDelegateResponse";
// The delegated CSR travels as CertificateSigningRequest / Response (cmf1.hpp) with its
// delegation fields; delegated revocation as RevokeCertificateRequest / Response.

// --- Installation after instantiation (C.2.2.4.6, C.2.2.4.7): VNFM -> VNFCI on Ve-Vnfm-vnf.
inline constexpr const char* kSetConfigurationRequest = "SetConfigurationRequest";
inline constexpr const char* kSetConfigurationResponse = "SetConfigurationResponse";
// Container variant: VNFM -> CISM on CISM-SI, which relays to the VNFCI over NFVI-Inject.
inline constexpr const char* kOsContainerConfigurationRequest = "OsContainerConfigurationRequest";
inline constexpr const char* kOsContainerConfigurationResponse = "OsContainerConfigurationResponse";

// --- NFVI-local injection (C.2.2.3 #1-#2, C.3.2.3): VIM / CISM -> the VNFCI it created, and the
// VNFCI's report back.
inline constexpr const char* kInjectCredentialsRequest = "InjectCredentialsRequest";
inline constexpr const char* kInjectCredentialsReport = "InjectCredentialsReport";

// --- HSM (C.2.2.2.7, C.2.2.4.7): the VNFCI's HMEE fetches the key the VNFM had made for it
// (HMEE-HSM), and a client deletes a key it owns (HSM-If).
inline constexpr const char* kReleaseKeyPairRequest = "ReleaseKeyPairRequest";
inline constexpr const char* kReleaseKeyPairResponse = "ReleaseKeyPairResponse";
inline constexpr const char* kDeleteKeyRequest = "DeleteKeyRequest";
inline constexpr const char* kDeleteKeyResponse = "DeleteKeyResponse";

}  // namespace ifa026::actors::operations

namespace ifa026::actors::decisions {

// --- Delegate registration and delegated CSRs.
inline constexpr const char* kDelegateRegistration = "DelegateRegistration";  // VNFM, #0 and #2
inline constexpr const char* kRegisterDelegate = "RegisterDelegate";          // CMF, #1
inline constexpr const char* kDelegateCheck = "DelegateCheck";                // CMF, CSR #1
// VNFM: a delegated certificate verified and kept with its key (C.2.2.2.6 #6).
inline constexpr const char* kDelegatedCertificateStored = "DelegatedCertificateStored";
// The certificates a virtualised resource holds after an injection, gathered from its report by
// the VIM or CISM and forwarded in the allocation's answer (Vim.Vrm.010): the producer traces
// `forwarded`, the VNFM compares each with the one it had issued (ok, mismatch, missing).
inline constexpr const char* kResourceCredentials = "ResourceCredentials";
// VNFM: a delegated credential due for renewal (delegation-mode lifecycle, map §5).
inline constexpr const char* kDelegatedRenewalDue = "DelegatedRenewalDue";

// --- Installation.
// Crypto: a certificate's public key compared with a private key (VNFM before sending,
// Vnfm.Sc.019; VNFCI before installing).
inline constexpr const char* kKeyPairCheck = "KeyPairCheck";
// VNFM: one installation attempt of one VNFCI's credentials and its result (outcomes attempted,
// installed, failed).
inline constexpr const char* kCredentialInstall = "CredentialInstall";
// VIM / CISM: the credentials of an allocation put into the VNFCI it created (outcomes injected,
// failed).
inline constexpr const char* kCredentialInjection = "CredentialInjection";
// VNFCI: credentials refused before installation (wrong sender, chain, key, SAN, older).
inline constexpr const char* kCredentialRefused = "CredentialRefused";
// VNFCI (HMEE): certificate stored, key pending from the HSM (C.2.2.4.7 #1).
inline constexpr const char* kPendingKey = "PendingKey";
// HSM: a key released to an HMEE client (C.2.2.4.7 #3-#4; outcomes released, refused) and a key
// deleted at its owner's request.
inline constexpr const char* kReleaseKeyPair = "ReleaseKeyPair";
inline constexpr const char* kDeleteKey = "DeleteKey";

// --- Key custody (Annex D made observable; docs/delegation-mode.md "Key custody").
// Every actor that touches a VNFCI private key: outcome generated, received, sent, stored,
// released or deleted.
inline constexpr const char* kKeyCustody = "KeyCustody";
// Every actor that can hold VNFCI private keys, at the end of the run: the keys it still holds
// (outcome held, one record per key; none when it holds none, then outcome empty).
inline constexpr const char* kKeyInventory = "KeyInventory";
// `ifa026 run` on a scenario with VNFCIs: the Annex D comparison per certificate mode.
inline constexpr const char* kModeComparison = "ModeComparison";

}  // namespace ifa026::actors::decisions

namespace ifa026::actors::outcomes {

// KeyCustody: generated, received (decisions.hpp), sent (decisions.hpp), stored (decisions.hpp),
// released (decisions.hpp), deleted.
inline constexpr const char* kGenerated = "generated";
inline constexpr const char* kDeleted = "deleted";
// KeyInventory: held (decisions.hpp), empty.
inline constexpr const char* kEmpty = "empty";
// CredentialInstall: attempted, installed, failed; CredentialInjection: injected
// (monitoring_vocabulary.hpp), failed; PendingKey: pending (decisions.hpp).
inline constexpr const char* kAttempted = "attempted";
inline constexpr const char* kInstalled = "installed";
// ResourceCredentials: forwarded (VIM, CISM); ok, mismatch, missing (VNFM,
// monitoring_vocabulary.hpp).
inline constexpr const char* kForwarded = "forwarded";

}  // namespace ifa026::actors::outcomes

namespace ifa026::actors::detail_keys {

// --- Key custody. Also used: channel (detail_values below and detail_keys.hpp), attempt,
// attempts, handle, mode, type (detail_keys.hpp), vnfci, identity, peer, reason.
// First 16 hex digits of SHA-256 over the key's SubjectPublicKeyInfo (DER): the same key has the
// same name at every holder (`key` is taken: a VNFCI's "hsm" for an HSM-held key).
inline constexpr const char* kKeyFingerprint = "key_fp";
inline constexpr const char* kHolder = "holder";  // the actor that holds (or held) the key
// --- Delegation.
inline constexpr const char* kDelegation = "delegation";  // the CMF's delegation id
inline constexpr const char* kDelegate = "delegate";      // the VNFM a registration names
inline constexpr const char* kCertificateType = "certificate_type";  // vnfci, oam
inline constexpr const char* kRetention = "retention";   // the VNFM's key retention period
inline constexpr const char* kKeyIn = "key_in";          // vnfm, hsm: where a key was made
inline constexpr const char* kReleaseTo = "release_to";  // the VNFCI an HSM key may go to
inline constexpr const char* kKeys = "keys";             // a count of keys

}  // namespace ifa026::actors::detail_keys

namespace ifa026::actors::detail_values {

// purpose= of a VNFCI's CertificateInstalled for credentials its VNFM made (beside
// detail_keys.hpp's enrolment, renewal, rotation).
inline constexpr const char* kPurposeDelegated = "delegated";
// KeyCustody `channel`: how a private key crossed from one holder to the next. Also day0,
// server_auth and mutual (detail_keys.hpp). Modes direct / delegation: lcm_vocabulary.hpp.
inline constexpr const char* kChannelAttested = "attested";     // TLS with attestation creds
inline constexpr const char* kChannelNfviLocal = "nfvi-local";  // NFVI-Inject
inline constexpr const char* kChannelHsmIf = "hsm-if";          // entity <-> its HSM
inline constexpr const char* kChannelHmeeHsm = "hmee-hsm";      // HSM -> attested HMEE
inline constexpr const char* kChannelPlain = "plain";           // no protection
inline constexpr const char* kChannelLocal = "local";           // inside one actor
// Certificate types of a delegation (the VNFD's certification_type).
inline constexpr const char* kTypeVnfci = "vnfci";
inline constexpr const char* kTypeOam = "oam";

}  // namespace ifa026::actors::detail_values
