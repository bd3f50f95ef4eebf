// The Annex C flows the simulator plays, each flow's step table as data: for every step its
// canonical step ID ("C.2.1.1#5": flow ID, '#', the row number of the spec's table), the actor role
// that performs it and the one it addresses, the record that shows it in the trace (a message sent,
// a decision, a crypto check) with its operation, the reference point, what it carries, and the
// further records that cite the same step. Actors cite these IDs in the `step` of their trace
// records; conformance checks walk the same tables. docs/conformance.md describes the tables.
//
// The tables are constexpr, so a step cited with constant arguments is checked when compiling:
// `constexpr const char* kKur = flows::step(flows::kDirectRenewal, 3);` does not compile if the
// table has no such step.
#pragma once

#include <array>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/decisions.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors::flows {

// --- Flow IDs (the Annex C clause that holds the flow's table).
inline constexpr const char* kDirect = "C.2.1.1";          // VNFCI enrolment, direct mode
inline constexpr const char* kDirectAttested = "C.2.1.2";  // ... gated on remote attestation
inline constexpr const char* kDirectHsm = "C.2.1.3";       // ... with the key pair from an HSM
inline constexpr const char* kDirectRenewal = "C.2.1.4";   // VNFCI renewal, direct mode
inline constexpr const char* kOamDirect = "C.3.1";         // VNF OAM certificates: C.2.1.1's steps
inline constexpr const char* kNfvoRegistration = "C.4.1.1";
inline constexpr const char* kNfvoCsr = "C.4.1.2.6";
inline constexpr const char* kNfvoCsrHsm = "C.4.1.2.7";
inline constexpr const char* kVnfmRegistration = "C.4.2.1";
inline constexpr const char* kVnfmCsr = "C.4.2.2.6";
inline constexpr const char* kVnfmCsrHsm = "C.4.2.2.7";
inline constexpr const char* kVimRegistration = "C.4.3.1";
inline constexpr const char* kVimCsr = "C.4.3.2.6";
inline constexpr const char* kVimCsrHsm = "C.4.3.2.7";
// Delegation mode (docs/delegation-mode.md): the VNFM as the VNFCI's delegate.
inline constexpr const char* kDelegateRegistration = "C.2.2.1";  // VNFCI certificates
inline constexpr const char* kDelegatedCsr = "C.2.2.2.6";
inline constexpr const char* kDelegatedCsrHsm = "C.2.2.2.7";
inline constexpr const char* kDelegatedInstall = "C.2.2.3";          // during instantiation
inline constexpr const char* kDelegatedConfiguration = "C.2.2.4.6";  // after, Ve-Vnfm-vnf
inline constexpr const char* kDelegatedHsmInstall = "C.2.2.4.7";     // after, HSM into the HMEE
inline constexpr const char* kOamDelegateRegistration = "C.3.2.1";   // C.2.2.1's steps, OAM
inline constexpr const char* kOamDelegatedCsr = "C.3.2.2";           // C.2.2.2.6's steps, OAM
inline constexpr const char* kOamInstall = "C.3.2.3";                // own table, VIM only

// --- Roles: the actor type (a scenario actor's "type") that plays a part in a flow.
namespace roles {
inline constexpr const char* kOss = "oss";  // the consumer of the registration flows
inline constexpr const char* kCmf = "cmf";
inline constexpr const char* kCa = "ca";
// A real CMP server in the CA's role (docs/live-ca.md): an actor of this type plays `ca` in every
// table, and traces the CA's records from the server's answers.
inline constexpr const char* kCaLive = "ca-live";
inline constexpr const char* kHsm = "hsm";
inline constexpr const char* kNfvo = "nfvo";
inline constexpr const char* kVnfm = "vnfm";
inline constexpr const char* kVim = "vim";
inline constexpr const char* kCism = "cism";  // C.2.2.3 and C.2.2.4.6, container variants
inline constexpr const char* kVnfci = "vnfci";
inline constexpr const char* kVerifier = "verifier";  // the attestation service (RATS Verifier)
}  // namespace roles

// A record that shows a step: its kind (send for a message), the role of the actor that records
// it and its operation.
struct StepRecord {
  sim::RecordKind kind = sim::RecordKind::log;
  const char* actor = nullptr;  // nullptr: an unused slot
  const char* operation = nullptr;
};

inline constexpr std::size_t kMaxFurtherRecords = 8;

// One row of a flow's table.
struct FlowStep {
  const char* flow;             // "C.2.1.1"
  int number;                   // 5
  const char* id;               // "C.2.1.1#5", the string actors trace
  const char* actor;            // the role that performs it (a message's sender)
  const char* peer;             // the role it addresses ("" for a step inside one actor)
  sim::RecordKind kind;         // the record that shows it: send, decision or crypto
  const char* operation;        // operations::k* for a message, decisions::k* otherwise
  const char* reference_point;  // reference_points::k* ("" for a step inside one actor)
  const char* carries;          // what it carries or decides, in our words
  bool optional = false;        // the spec makes the step optional (C.2.1.3 #10-#12)
  // Further records that cite this step (answers, decisions taken with it, alternatives).
  std::array<StepRecord, kMaxFurtherRecords> further{};
};

// One Annex C flow.
struct Flow {
  const char* id;
  const char* title;                // short, in our words
  const char* steps_of;             // the flow whose table it follows ("" for its own table)
  const char* entity;               // the role whose certificate the flow is about
  bool registration;                // C.4.x.1: an entity's registration (no certificate yet)
  bool hsm;                         // the variant with an HSM
  std::span<const FlowStep> steps;  // its own table (empty when steps_of is set)
};

namespace detail {

using sim::RecordKind;
namespace ops = operations;
namespace dec = decisions;
namespace rp = reference_points;

// C.4.x.1: registration of a MANO entity at the CMF by its consumer (the OSS).
constexpr std::array<FlowStep, 3> registration_table(const char* flow,
                                                     std::array<const char*, 3> ids) {
  return {{
      {flow,
       0,
       ids[0],
       roles::kOss,
       roles::kCmf,
       RecordKind::send,
       ops::kRegisterEntityRequest,
       rp::kCmf1,
       "the entity's name, kind and FQDN, over the consumer's day-0 channel",
       false,
       {{{RecordKind::decision, roles::kOss, dec::kRegistrationRequest}}}},
      {flow,
       1,
       ids[1],
       roles::kCmf,
       "",
       RecordKind::decision,
       dec::kRegisterEntity,
       "",
       "consumer trusted and FQDN valid: registered (CA selected, initial credential made) or "
       "rejected",
       false,
       {{{RecordKind::decision, roles::kCmf, dec::kSelectCa},
         {RecordKind::decision, roles::kCmf, dec::kInitialCredential}}}},
      {flow, 2, ids[2], roles::kCmf, roles::kOss, RecordKind::send, ops::kRegisterEntityResponse,
       rp::kCmf1, "registered or rejected with a reason; initial credential and trust anchors"},
  }};
}

// C.4.x.2.6 and .7: the CSR of a MANO entity through the CMF to the CA.
constexpr std::array<FlowStep, 7> csr_table(const char* flow, const char* entity, bool hsm,
                                            std::array<const char*, 7> ids) {
  std::array<StepRecord, kMaxFurtherRecords> first{};
  if (hsm)
    first = {{{RecordKind::decision, entity, dec::kGenerateKey},
              {RecordKind::send, entity, ops::kGenerateKeyPairRequest},
              {RecordKind::decision, roles::kHsm, dec::kGenerateKeyPair},
              {RecordKind::send, entity, ops::kKeyAttestationRequest},
              {RecordKind::decision, roles::kHsm, dec::kAttestKey},
              {RecordKind::send, entity, ops::kSignCsrRequest},
              {RecordKind::decision, roles::kHsm, dec::kSignCsr}}};
  else
    first = {{{RecordKind::decision, entity, dec::kGenerateKey}}};
  return {{
      {flow, 0, ids[0], entity, roles::kCmf, RecordKind::send, ops::kCertificateSigningRequest,
       rp::kCmf1,
       hsm ? "PKCS#10 signed in the entity's HSM (key attestation attribute when given), initial "
             "credential MAC or the mutual TLS certificate"
           : "PKCS#10 signed with the entity's new key, initial credential MAC or the mutual TLS "
             "certificate",
       false, first},
      {flow, 1, ids[1], roles::kCmf, "", RecordKind::decision, dec::kRegistrationCheck, "",
       "the requester is a registered entity"},
      {flow,
       2,
       ids[2],
       roles::kCmf,
       "",
       RecordKind::crypto,
       dec::kCsrValidation,
       "",
       "proof of possession, subject and SAN against the registered FQDN, key policy, credential",
       false,
       {{{RecordKind::crypto, roles::kCmf, dec::kKeyAttestationVerification}}}},
      {flow, 3, ids[3], roles::kCmf, roles::kCa, RecordKind::send, ops::kCmpP10cr, rp::kCa1,
       "the CSR in a CMP p10cr signed with the CMF's RA certificate"},
      {flow, 4, ids[4], roles::kCa, "", RecordKind::decision, dec::kIssueCertificate, "",
       "certificate issued under the C.6 profile, or refused with the CMP failure"},
      {flow,
       5,
       ids[5],
       roles::kCa,
       roles::kCmf,
       RecordKind::send,
       ops::kCmpCp,
       rp::kCa1,
       "the certificate and the issuing CA (then certConf / pkiConf)",
       false,
       {{{RecordKind::send, roles::kCmf, ops::kCmpCertConf},
         {RecordKind::send, roles::kCa, ops::kCmpPkiConf},
         {RecordKind::decision, roles::kCmf, dec::kCaRequest}}}},
      {flow,
       6,
       ids[6],
       roles::kCmf,
       entity,
       RecordKind::send,
       ops::kCertificateSigningResponse,
       rp::kCmf1,
       "issued: certificate and chain (issuing CA, root); or rejected with a reason",
       false,
       {{{RecordKind::decision, roles::kCmf, dec::kCertificateDelivered}}}},
  }};
}

// Rows the direct-mode tables share (C.2.1.2 and C.2.1.3 number them differently).
constexpr FlowStep discovery(const char* flow, int n, const char* id, const char* carries) {
  return {flow,
          n,
          id,
          roles::kCmf,
          roles::kVnfm,
          RecordKind::decision,
          dec::kVnfciDiscovered,
          rp::kCmVnfm,
          carries};
}
constexpr FlowStep attestation_check(const char* flow, int n, const char* id) {
  return {flow,
          n,
          id,
          roles::kCmf,
          roles::kVerifier,
          RecordKind::send,
          ops::kAttestationResultRequest,
          rp::kCmfVerifier,
          "the VNFCI's name; the answer: signed attestation result and the attested PSK",
          false,
          {{{RecordKind::decision, roles::kCmf, dec::kAttestationCheck},
            {RecordKind::decision, roles::kVerifier, dec::kAttestationResult},
            {RecordKind::send, roles::kVerifier, ops::kAttestationResultResponse},
            {RecordKind::decision, roles::kCmf, dec::kAttestationVerified}}}};
}
constexpr FlowStep identities(const char* flow, int n, const char* id, const char* carries) {
  return {flow, n, id, roles::kCmf, "", RecordKind::decision, dec::kIdentitiesCreated, "", carries};
}
constexpr FlowStep end_entity_registration(const char* flow, int n, const char* id) {
  return {flow,
          n,
          id,
          roles::kCmf,
          roles::kCa,
          RecordKind::send,
          ops::kRegisterEndEntityRequest,
          rp::kCa1,
          "per identity: subject, dNSNames and the initial credential, signed by the CMF's RA key",
          false,
          {{{RecordKind::decision, roles::kCmf, dec::kEndEntityRegistration},
            {RecordKind::decision, roles::kCa, dec::kRegisterEndEntity},
            {RecordKind::send, roles::kCa, ops::kRegisterEndEntityResponse}}}};
}
constexpr FlowStep configuration(const char* flow, int n, const char* id, const char* carries) {
  return {flow,
          n,
          id,
          roles::kCmf,
          roles::kVnfci,
          RecordKind::send,
          ops::kVnfciCertificateConfiguration,
          rp::kCmfVnfci,
          carries,
          false,
          {{{RecordKind::decision, roles::kCmf, dec::kVnfciConfiguration},
            {RecordKind::decision, roles::kVnfci, dec::kCertificateConfiguration}}}};
}
constexpr FlowStep vnfci_decision(const char* flow, int n, const char* id, const char* operation,
                                  const char* carries, bool optional = false) {
  return {flow, n, id, roles::kVnfci, "", RecordKind::decision, operation, "", carries, optional};
}
constexpr FlowStep to_ca(const char* flow, int n, const char* id, const char* operation,
                         const char* carries,
                         std::array<StepRecord, kMaxFurtherRecords> further = {}) {
  return {flow,      n,        id,      roles::kVnfci, roles::kCa, RecordKind::send,
          operation, rp::kCa1, carries, false,         further};
}
constexpr FlowStep issuance(const char* flow, int n, const char* id, const char* carries) {
  return {flow, n, id, roles::kCa, "", RecordKind::decision, dec::kIssueCertificate, "", carries};
}
// The CA's answer to a VNFCI: the certificate, verified and installed by the VNFCI, confirmed;
// `other` and `another` further CMP bodies the CA may answer with at that step.
constexpr FlowStep from_ca(const char* flow, int n, const char* id, const char* operation,
                           const char* carries, StepRecord other, StepRecord another = {}) {
  return {flow,
          n,
          id,
          roles::kCa,
          roles::kVnfci,
          RecordKind::send,
          operation,
          rp::kCa1,
          carries,
          false,
          {{other,
            {RecordKind::crypto, roles::kVnfci, dec::kCertificateVerification},
            {RecordKind::decision, roles::kVnfci, dec::kCertificateInstalled},
            {RecordKind::send, roles::kVnfci, ops::kCmpCertConf},
            {RecordKind::send, roles::kCa, ops::kCmpPkiConf},
            another}}};
}
// A row of the HMEE-HSM exchange (C.2.1.3): a message between the VNFCI and its HSM, or an
// HSM decision.
constexpr FlowStep with_hsm(const char* flow, int n, const char* id, const char* actor,
                            RecordKind kind, const char* operation, const char* carries,
                            bool optional = false,
                            std::array<StepRecord, kMaxFurtherRecords> further = {}) {
  const bool message = kind == RecordKind::send;
  const char* peer = std::string_view(actor) == roles::kHsm ? roles::kVnfci : roles::kHsm;
  return {flow,
          n,
          id,
          actor,
          message ? peer : "",
          kind,
          operation,
          message ? rp::kHmeeHsm : "",
          carries,
          optional,
          further};
}

inline constexpr StepRecord kCaError{RecordKind::send, roles::kCa, ops::kCmpError};

// C.2.1.1: the CMF learns of a VNFCI, registers its identities at the CA and configures it; the
// VNFCI enrols straight at the CA.
inline constexpr std::array<FlowStep, 8> kDirectSteps = {{
    discovery(kDirect, 0, "C.2.1.1#0",
              "a new VNFCI from the VNFM's LCM notification or its answer to a VNF query"),
    identities(kDirect, 1, "C.2.1.1#1", "the identities the VNFCI needs, from its descriptor"),
    end_entity_registration(kDirect, 2, "C.2.1.1#2"),
    configuration(
        kDirect, 3, "C.2.1.1#3",
        "per identity: subject, dNSNames, CA, initial credential, trust anchor, renewal condition"),
    vnfci_decision(kDirect, 4, "C.2.1.1#4", dec::kGenerateKey,
                   "a key pair per identity (and its CSR)"),
    to_ca(kDirect, 5, "C.2.1.1#5", ops::kCmpIr, "CMP ir protected by the initial credential (PBM)"),
    issuance(kDirect, 6, "C.2.1.1#6",
             "credential and registration checked, certificate issued or refused"),
    from_ca(
        kDirect, 7, "C.2.1.1#7", ops::kCmpIp,
        "the certificate and chain (then certConf / pkiConf); the VNFCI verifies and installs it",
        kCaError),
}};

// C.2.1.2: as C.2.1.1 once the CMF, as relying party, has the VNFCI's attestation result.
inline constexpr std::array<FlowStep, 9> kDirectAttestedSteps = {{
    discovery(kDirectAttested, 1, "C.2.1.2#1",
              "a new VNFCI that requires secure bootstrapping, from the VNFM"),
    attestation_check(kDirectAttested, 2, "C.2.1.2#2"),
    identities(kDirectAttested, 3, "C.2.1.2#3", "the identities the attested VNFCI needs"),
    end_entity_registration(kDirectAttested, 4, "C.2.1.2#4"),
    configuration(
        kDirectAttested, 5, "C.2.1.2#5",
        "as C.2.1.1 #3, over a TLS PSK session keyed with the attestation-derived credential"),
    vnfci_decision(kDirectAttested, 6, "C.2.1.2#6", dec::kGenerateKey,
                   "a key pair per identity (and its CSR)"),
    to_ca(kDirectAttested, 7, "C.2.1.2#7", ops::kCmpIr,
          "CMP ir protected by the initial credential (PBM)"),
    issuance(kDirectAttested, 8, "C.2.1.2#8",
             "credential and registration checked, certificate issued"),
    from_ca(kDirectAttested, 9, "C.2.1.2#9", ops::kCmpIp,
            "the certificate and chain (then certConf / pkiConf)", kCaError),
}};

// C.2.1.3: as C.2.1.2, the attested HMEE obtaining its key pairs from an HSM over TLS.
inline constexpr std::array<FlowStep, 15> kDirectHsmSteps = {{
    discovery(kDirectHsm, 1, "C.2.1.3#1",
              "a new VNFCI with secure bootstrapping and an HSM, from the VNFM"),
    attestation_check(kDirectHsm, 2, "C.2.1.3#2"),
    identities(kDirectHsm, 3, "C.2.1.3#3", "the identities the attested VNFCI needs"),
    end_entity_registration(kDirectHsm, 4, "C.2.1.3#4"),
    configuration(kDirectHsm, 5, "C.2.1.3#5",
                  "as C.2.1.2 #5, plus the HSM to use and its vendor root"),
    with_hsm(kDirectHsm, 6, "C.2.1.3#6", roles::kVnfci, RecordKind::send, ops::kSessionCheckRequest,
             "mutual TLS with the HMEE certificate; a nonce proves the session carries data", false,
             {{{RecordKind::decision, roles::kVnfci, dec::kHsmChannel},
               {RecordKind::decision, roles::kHsm, dec::kHmeeClient},
               {RecordKind::send, roles::kHsm, ops::kSessionCheckResponse}}}),
    with_hsm(kDirectHsm, 7, "C.2.1.3#7", roles::kVnfci, RecordKind::send,
             ops::kGenerateKeyPairRequest, "key type and identity"),
    with_hsm(kDirectHsm, 8, "C.2.1.3#8", roles::kHsm, RecordKind::send,
             ops::kGenerateKeyPairResponse, "the key pair and its handle", false,
             {{{RecordKind::decision, roles::kHsm, dec::kGenerateKeyPair},
               {RecordKind::decision, roles::kVnfci, dec::kGenerateKey}}}),
    vnfci_decision(kDirectHsm, 9, "C.2.1.3#9", dec::kCsrBuilt,
                   "the CSR content for the identity, and who signs it"),
    with_hsm(kDirectHsm, 10, "C.2.1.3#10", roles::kVnfci, RecordKind::send, ops::kSignCsrRequest,
             "key handle, subject and dNSNames to sign", true),
    with_hsm(kDirectHsm, 11, "C.2.1.3#11", roles::kHsm, RecordKind::decision, dec::kSignCsr,
             "the CSR signed with the handle's key, sent back", true,
             {{{RecordKind::send, roles::kHsm, ops::kSignCsrResponse}}}),
    vnfci_decision(kDirectHsm, 12, "C.2.1.3#12", dec::kCsrFinalized,
                   "the signed CSR checked (signature, key, subject, dNSNames)", true),
    to_ca(kDirectHsm, 13, "C.2.1.3#13", ops::kCmpP10cr,
          "the HSM-signed CSR in a p10cr with the initial credential; an ir without HSM signing, "
          "a kur on key rotation",
          {{{RecordKind::send, roles::kVnfci, ops::kCmpIr},
            {RecordKind::send, roles::kVnfci, ops::kCmpKur}}}),
    issuance(kDirectHsm, 14, "C.2.1.3#14",
             "credential and registration checked, certificate issued"),
    from_ca(kDirectHsm, 15, "C.2.1.3#15", ops::kCmpCp,
            "the certificate and chain (cp, ip or kup; then certConf / pkiConf)",
            {RecordKind::send, roles::kCa, ops::kCmpIp},
            {RecordKind::send, roles::kCa, ops::kCmpKup}),
}};

// C.2.1.4: renewal by the VNFCI with its current certificate (CMP kur). The spec has the CMF
// perform #0; the condition travels in the configuration and the VNFCI records it when it
// stores it, so #0 is shown by the VNFCI's RenewalConditionSet.
inline constexpr std::array<FlowStep, 6> kDirectRenewalSteps = {{
    vnfci_decision(kDirectRenewal, 0, "C.2.1.4#0", dec::kRenewalConditionSet,
                   "the renew_before the CMF configured for the identity"),
    vnfci_decision(kDirectRenewal, 1, "C.2.1.4#1", dec::kRenewalDue,
                   "the condition met while the certificate is still valid"),
    vnfci_decision(kDirectRenewal, 2, "C.2.1.4#2", dec::kGenerateKey,
                   "a new key pair for the identity"),
    to_ca(kDirectRenewal, 3, "C.2.1.4#3", ops::kCmpKur,
          "CMP kur signed with the certificate being renewed"),
    issuance(kDirectRenewal, 4, "C.2.1.4#4",
             "the old certificate checked (valid, not revoked), new one issued"),
    from_ca(kDirectRenewal, 5, "C.2.1.4#5", ops::kCmpKup,
            "the new certificate (then certConf / pkiConf)", kCaError),
}};

inline constexpr auto kNfvoRegistrationSteps =
    registration_table(kNfvoRegistration, {"C.4.1.1#0", "C.4.1.1#1", "C.4.1.1#2"});
inline constexpr auto kNfvoCsrSteps =
    csr_table(kNfvoCsr, roles::kNfvo, false,
              {"C.4.1.2.6#0", "C.4.1.2.6#1", "C.4.1.2.6#2", "C.4.1.2.6#3", "C.4.1.2.6#4",
               "C.4.1.2.6#5", "C.4.1.2.6#6"});
inline constexpr auto kNfvoCsrHsmSteps =
    csr_table(kNfvoCsrHsm, roles::kNfvo, true,
              {"C.4.1.2.7#0", "C.4.1.2.7#1", "C.4.1.2.7#2", "C.4.1.2.7#3", "C.4.1.2.7#4",
               "C.4.1.2.7#5", "C.4.1.2.7#6"});
inline constexpr auto kVnfmRegistrationSteps =
    registration_table(kVnfmRegistration, {"C.4.2.1#0", "C.4.2.1#1", "C.4.2.1#2"});
inline constexpr auto kVnfmCsrSteps =
    csr_table(kVnfmCsr, roles::kVnfm, false,
              {"C.4.2.2.6#0", "C.4.2.2.6#1", "C.4.2.2.6#2", "C.4.2.2.6#3", "C.4.2.2.6#4",
               "C.4.2.2.6#5", "C.4.2.2.6#6"});
inline constexpr auto kVnfmCsrHsmSteps =
    csr_table(kVnfmCsrHsm, roles::kVnfm, true,
              {"C.4.2.2.7#0", "C.4.2.2.7#1", "C.4.2.2.7#2", "C.4.2.2.7#3", "C.4.2.2.7#4",
               "C.4.2.2.7#5", "C.4.2.2.7#6"});
inline constexpr auto kVimRegistrationSteps =
    registration_table(kVimRegistration, {"C.4.3.1#0", "C.4.3.1#1", "C.4.3.1#2"});
inline constexpr auto kVimCsrSteps =
    csr_table(kVimCsr, roles::kVim, false,
              {"C.4.3.2.6#0", "C.4.3.2.6#1", "C.4.3.2.6#2", "C.4.3.2.6#3", "C.4.3.2.6#4",
               "C.4.3.2.6#5", "C.4.3.2.6#6"});
inline constexpr auto kVimCsrHsmSteps =
    csr_table(kVimCsrHsm, roles::kVim, true,
              {"C.4.3.2.7#0", "C.4.3.2.7#1", "C.4.3.2.7#2", "C.4.3.2.7#3", "C.4.3.2.7#4",
               "C.4.3.2.7#5", "C.4.3.2.7#6"});

// --- Delegation mode (docs/delegation-mode.md). The VNFM speaks to the CMF on Cm-Vnfm.

// C.2.2.1 and C.3.2.1: the VNFM registers as delegate for VNFCI identities.
constexpr std::array<FlowStep, 3> delegate_registration_table(const char* flow,
                                                              std::array<const char*, 3> ids) {
  return {{
      {flow,
       0,
       ids[0],
       roles::kVnfm,
       roles::kCmf,
       RecordKind::send,
       ops::kRegisterDelegateRequest,
       rp::kCmVnfm,
       "the VNF, the certificate type and per VNFCI its identities, over mutual TLS, after the "
       "VNFM received the instantiation",
       false,
       {{{RecordKind::decision, roles::kVnfm, dec::kDelegateRegistration}}}},
      {flow,
       1,
       ids[1],
       roles::kCmf,
       "",
       RecordKind::decision,
       dec::kRegisterDelegate,
       "",
       "the VNFM may be this VNF's delegate, each VNFCI identity free and its FQDN allowed: "
       "registered (CA selected) or rejected",
       false,
       {{{RecordKind::decision, roles::kCmf, dec::kSelectCa}}}},
      {flow,
       2,
       ids[2],
       roles::kCmf,
       roles::kVnfm,
       RecordKind::send,
       ops::kRegisterDelegateResponse,
       rp::kCmVnfm,
       "registered or rejected per identity, the delegation id, CA, trust anchors and nonce",
       false,
       {{{RecordKind::decision, roles::kVnfm, dec::kDelegateRegistration}}}},
  }};
}

// C.2.2.2.6, C.2.2.2.7 and C.3.2.2: the delegate's CSR for one VNFCI identity.
constexpr std::array<FlowStep, 7> delegated_csr_table(const char* flow, bool hsm,
                                                      std::array<const char*, 7> ids) {
  std::array<StepRecord, kMaxFurtherRecords> first{};
  if (hsm)
    first = {{{RecordKind::decision, roles::kVnfm, dec::kGenerateKey},
              {RecordKind::send, roles::kVnfm, ops::kGenerateKeyPairRequest},
              {RecordKind::decision, roles::kHsm, dec::kGenerateKeyPair},
              {RecordKind::send, roles::kVnfm, ops::kKeyAttestationRequest},
              {RecordKind::decision, roles::kHsm, dec::kAttestKey},
              {RecordKind::send, roles::kVnfm, ops::kSignCsrRequest},
              {RecordKind::decision, roles::kHsm, dec::kSignCsr},
              {RecordKind::decision, roles::kHsm, dec::kKeyCustody}}};
  else
    first = {{{RecordKind::decision, roles::kVnfm, dec::kGenerateKey},
              {RecordKind::decision, roles::kVnfm, dec::kKeyCustody}}};
  return {{
      {flow, 0, ids[0], roles::kVnfm, roles::kCmf, RecordKind::send,
       ops::kCertificateSigningRequest, rp::kCmVnfm,
       hsm ? "PKCS#10 signed in the VNFM's HSM with the key attestation statement, naming the "
             "delegation, VNFCI and identity, over mutual TLS"
           : "PKCS#10 signed with the VNFCI identity's new key the VNFM made, naming the "
             "delegation, VNFCI and identity, over mutual TLS",
       false, first},
      {flow, 1, ids[1], roles::kCmf, "", RecordKind::decision, dec::kDelegateCheck, "",
       "the session's peer is the registered delegate of exactly this VNFCI identity"},
      {flow,
       2,
       ids[2],
       roles::kCmf,
       "",
       RecordKind::crypto,
       dec::kCsrValidation,
       "",
       "proof of possession, subject and SAN against the registered identity, key policy, type",
       false,
       {{{RecordKind::crypto, roles::kCmf, dec::kKeyAttestationVerification}}}},
      {flow, 3, ids[3], roles::kCmf, roles::kCa, RecordKind::send, ops::kCmpP10cr, rp::kCa1,
       "the CSR in a CMP p10cr signed with the CMF's RA certificate, naming the VNFCI identity"},
      {flow, 4, ids[4], roles::kCa, "", RecordKind::decision, dec::kIssueCertificate, "",
       "certificate issued under the C.6 profile and bound to the VNFCI identity"},
      {flow,
       5,
       ids[5],
       roles::kCa,
       roles::kCmf,
       RecordKind::send,
       ops::kCmpCp,
       rp::kCa1,
       "the certificate and the issuing CA (then certConf / pkiConf)",
       false,
       {{{RecordKind::send, roles::kCmf, ops::kCmpCertConf},
         {RecordKind::send, roles::kCa, ops::kCmpPkiConf},
         {RecordKind::decision, roles::kCmf, dec::kCaRequest}}}},
      {flow,
       6,
       ids[6],
       roles::kCmf,
       roles::kVnfm,
       RecordKind::send,
       ops::kCertificateSigningResponse,
       rp::kCmVnfm,
       "issued: certificate and chain; or rejected with a reason. The VNFM verifies and keeps it",
       false,
       {{{RecordKind::decision, roles::kCmf, dec::kCertificateDelivered},
         {RecordKind::crypto, roles::kVnfm, dec::kCertificateVerification},
         {RecordKind::decision, roles::kVnfm, dec::kDelegatedCertificateStored}}}},
  }};
}

// C.2.2.3 and C.3.2.3: the credentials inside the resource request that creates the VNFCI.
constexpr std::array<FlowStep, 4> install_at_instantiation_table(const char* flow,
                                                                 std::array<const char*, 4> ids) {
  return {{
      {flow,
       0,
       ids[0],
       roles::kVnfm,
       roles::kVim,
       RecordKind::send,
       ops::kAllocateComputeRequest,
       rp::kViVnfm,
       "the VNFCI's resource with certificate, chain and private key per identity, over mutual "
       "TLS (the CISM's workload request for a container)",
       false,
       {{{RecordKind::crypto, roles::kVnfm, dec::kKeyPairCheck},
         {RecordKind::decision, roles::kVnfm, dec::kCredentialInstall},
         {RecordKind::decision, roles::kVnfm, dec::kKeyCustody},
         {RecordKind::send, roles::kVnfm, ops::kCreateOsContainerWorkloadRequest}}}},
      {flow,
       1,
       ids[1],
       roles::kVim,
       roles::kVnfci,
       RecordKind::send,
       ops::kInjectCredentialsRequest,
       rp::kNfviInject,
       "the authorized VNFM's credentials put into the VNFCI the VIM (or CISM) created",
       false,
       {{{RecordKind::decision, roles::kVim, dec::kCredentialInjection},
         {RecordKind::decision, roles::kVim, dec::kKeyCustody},
         {RecordKind::send, roles::kCism, ops::kInjectCredentialsRequest},
         {RecordKind::decision, roles::kCism, dec::kCredentialInjection},
         {RecordKind::decision, roles::kCism, dec::kKeyCustody}}}},
      {flow,
       2,
       ids[2],
       roles::kVnfci,
       "",
       RecordKind::decision,
       dec::kCertificateInstalled,
       "",
       "chain, key pair and SAN checked, credentials installed (or refused)",
       false,
       {{{RecordKind::crypto, roles::kVnfci, dec::kCertificateVerification},
         {RecordKind::crypto, roles::kVnfci, dec::kKeyPairCheck},
         {RecordKind::decision, roles::kVnfci, dec::kKeyCustody},
         {RecordKind::decision, roles::kVnfci, dec::kCredentialRefused},
         {RecordKind::send, roles::kVnfci, ops::kInjectCredentialsReport}}}},
      {flow,
       3,
       ids[3],
       roles::kVim,
       roles::kVnfm,
       RecordKind::send,
       ops::kAllocateComputeResponse,
       rp::kViVnfm,
       "allocated with the install result per identity; the VIM has deleted its copy",
       false,
       {{{RecordKind::send, roles::kCism, ops::kCreateOsContainerWorkloadResponse},
         {RecordKind::decision, roles::kVnfm, dec::kCredentialInstall},
         {RecordKind::decision, roles::kVnfm, dec::kKeyCustody}}}},
  }};
}

inline constexpr auto kDelegateRegistrationSteps =
    delegate_registration_table(kDelegateRegistration, {"C.2.2.1#0", "C.2.2.1#1", "C.2.2.1#2"});
inline constexpr auto kDelegatedCsrSteps =
    delegated_csr_table(kDelegatedCsr, false,
                        {"C.2.2.2.6#0", "C.2.2.2.6#1", "C.2.2.2.6#2", "C.2.2.2.6#3", "C.2.2.2.6#4",
                         "C.2.2.2.6#5", "C.2.2.2.6#6"});
inline constexpr auto kDelegatedCsrHsmSteps =
    delegated_csr_table(kDelegatedCsrHsm, true,
                        {"C.2.2.2.7#0", "C.2.2.2.7#1", "C.2.2.2.7#2", "C.2.2.2.7#3", "C.2.2.2.7#4",
                         "C.2.2.2.7#5", "C.2.2.2.7#6"});
// C.3.2.1 and C.3.2.2 have no tables of their own (the spec borrows C.2.2.1's and C.2.2.2's); we
// number their rows as those tables do, with their own flow IDs, so that an OAM record cites its
// own flow (docs/delegation-mode.md, decision Q7).
inline constexpr auto kOamDelegateRegistrationSteps =
    delegate_registration_table(kOamDelegateRegistration, {"C.3.2.1#0", "C.3.2.1#1", "C.3.2.1#2"});
inline constexpr auto kOamDelegatedCsrSteps = delegated_csr_table(
    kOamDelegatedCsr, false,
    {"C.3.2.2#0", "C.3.2.2#1", "C.3.2.2#2", "C.3.2.2#3", "C.3.2.2#4", "C.3.2.2#5", "C.3.2.2#6"});
inline constexpr auto kDelegatedInstallSteps = install_at_instantiation_table(
    kDelegatedInstall, {"C.2.2.3#0", "C.2.2.3#1", "C.2.2.3#2", "C.2.2.3#3"});
inline constexpr auto kOamInstallSteps = install_at_instantiation_table(
    kOamInstall, {"C.3.2.3#0", "C.3.2.3#1", "C.3.2.3#2", "C.3.2.3#3"});

// C.2.2.4.6: credentials to a running VNFCI over Ve-Vnfm-vnf (containers: through the CISM).
inline constexpr std::array<FlowStep, 3> kDelegatedConfigurationSteps = {{
    {kDelegatedConfiguration,
     0,
     "C.2.2.4.6#0",
     roles::kVnfm,
     roles::kVnfci,
     RecordKind::send,
     ops::kSetConfigurationRequest,
     rp::kVeVnfmVnf,
     "certificate, chain and private key per identity, over mutual TLS with the VNFCI's OAM "
     "certificate (containers: to the CISM, which injects them)",
     false,
     {{{RecordKind::crypto, roles::kVnfm, dec::kKeyPairCheck},
       {RecordKind::decision, roles::kVnfm, dec::kCredentialInstall},
       {RecordKind::decision, roles::kVnfm, dec::kKeyCustody},
       {RecordKind::send, roles::kVnfm, ops::kOsContainerConfigurationRequest},
       {RecordKind::send, roles::kCism, ops::kInjectCredentialsRequest},
       {RecordKind::decision, roles::kCism, dec::kKeyCustody}}}},
    {kDelegatedConfiguration,
     1,
     "C.2.2.4.6#1",
     roles::kVnfci,
     "",
     RecordKind::decision,
     dec::kCertificateInstalled,
     "",
     "sender is its own VNFM; chain, key pair and SAN checked; installed (or refused)",
     false,
     {{{RecordKind::crypto, roles::kVnfci, dec::kCertificateVerification},
       {RecordKind::crypto, roles::kVnfci, dec::kKeyPairCheck},
       {RecordKind::decision, roles::kVnfci, dec::kKeyCustody},
       {RecordKind::decision, roles::kVnfci, dec::kCredentialRefused}}}},
    {kDelegatedConfiguration,
     2,
     "C.2.2.4.6#2",
     roles::kVnfci,
     roles::kVnfm,
     RecordKind::send,
     ops::kSetConfigurationResponse,
     rp::kVeVnfmVnf,
     "installed or failed per identity",
     false,
     {{{RecordKind::send, roles::kVnfci, ops::kInjectCredentialsReport},
       {RecordKind::send, roles::kCism, ops::kOsContainerConfigurationResponse},
       {RecordKind::decision, roles::kVnfm, dec::kCredentialInstall},
       {RecordKind::decision, roles::kVnfm, dec::kKeyCustody}}}},
}};

// C.2.2.4.7: certificates to a running VNFCI, its attested HMEE fetching the keys from the HSM.
inline constexpr std::array<FlowStep, 6> kDelegatedHsmInstallSteps = {{
    {kDelegatedHsmInstall,
     0,
     "C.2.2.4.7#0",
     roles::kVnfm,
     roles::kVnfci,
     RecordKind::send,
     ops::kSetConfigurationRequest,
     rp::kVeVnfmVnf,
     "certificates and chain, the HSM and the key handles; no private key",
     false,
     {{{RecordKind::crypto, roles::kVnfm, dec::kKeyPairCheck},
       {RecordKind::decision, roles::kVnfm, dec::kCredentialInstall}}}},
    {kDelegatedHsmInstall, 1, "C.2.2.4.7#1", roles::kVnfci, "", RecordKind::decision,
     dec::kPendingKey, "", "certificates and chain stored, the keys pending"},
    {kDelegatedHsmInstall,
     2,
     "C.2.2.4.7#2",
     roles::kVnfci,
     roles::kHsm,
     RecordKind::decision,
     dec::kHsmChannel,
     rp::kHmeeHsm,
     "TLS with the HMEE's attestation credential, the HSM showing the certificate named in #0",
     false,
     {{{RecordKind::decision, roles::kHsm, dec::kHmeeClient}}}},
    {kDelegatedHsmInstall,
     3,
     "C.2.2.4.7#3",
     roles::kVnfci,
     roles::kHsm,
     RecordKind::send,
     ops::kReleaseKeyPairRequest,
     rp::kHmeeHsm,
     "the handle and identity; the HSM releases only to the VNFCI the handle names",
     false,
     {{{RecordKind::decision, roles::kHsm, dec::kReleaseKeyPair}}}},
    {kDelegatedHsmInstall,
     4,
     "C.2.2.4.7#4",
     roles::kHsm,
     roles::kVnfci,
     RecordKind::send,
     ops::kReleaseKeyPairResponse,
     rp::kHmeeHsm,
     "the key pair; the VNFCI checks it against the certificate and installs",
     false,
     {{{RecordKind::decision, roles::kHsm, dec::kKeyCustody},
       {RecordKind::crypto, roles::kVnfci, dec::kKeyPairCheck},
       {RecordKind::decision, roles::kVnfci, dec::kCertificateInstalled},
       {RecordKind::decision, roles::kVnfci, dec::kKeyCustody}}}},
    {kDelegatedHsmInstall,
     5,
     "C.2.2.4.7#5",
     roles::kVnfci,
     roles::kVnfm,
     RecordKind::send,
     ops::kSetConfigurationResponse,
     rp::kVeVnfmVnf,
     "installed or failed per identity",
     false,
     {{{RecordKind::decision, roles::kVnfm, dec::kCredentialInstall}}}},
}};

inline constexpr std::array<Flow, 23> kFlows = {{
    {kDirect, "VNFCI enrolment, direct mode", "", roles::kVnfci, false, false, kDirectSteps},
    {kDirectAttested, "direct-mode VNFCI enrolment gated on remote attestation", "", roles::kVnfci,
     false, false, kDirectAttestedSteps},
    {kDirectHsm, "direct-mode VNFCI enrolment with key pairs from an HSM", "", roles::kVnfci, false,
     true, kDirectHsmSteps},
    {kDirectRenewal, "VNFCI certificate renewal, direct mode", "", roles::kVnfci, false, false,
     kDirectRenewalSteps},
    {kOamDirect,
     "VNF OAM certificates, direct mode (C.2.1.1's steps)",
     kDirect,
     roles::kVnfci,
     false,
     false,
     {}},
    {kNfvoRegistration, "registration of the NFVO", "", roles::kNfvo, true, false,
     kNfvoRegistrationSteps},
    {kNfvoCsr, "CSR of the NFVO", "", roles::kNfvo, false, false, kNfvoCsrSteps},
    {kNfvoCsrHsm, "CSR of the NFVO with its HSM", "", roles::kNfvo, false, true, kNfvoCsrHsmSteps},
    {kVnfmRegistration, "registration of the VNFM", "", roles::kVnfm, true, false,
     kVnfmRegistrationSteps},
    {kVnfmCsr, "CSR of the VNFM", "", roles::kVnfm, false, false, kVnfmCsrSteps},
    {kVnfmCsrHsm, "CSR of the VNFM with its HSM", "", roles::kVnfm, false, true, kVnfmCsrHsmSteps},
    {kVimRegistration, "registration of the VIM", "", roles::kVim, true, false,
     kVimRegistrationSteps},
    {kVimCsr, "CSR of the VIM", "", roles::kVim, false, false, kVimCsrSteps},
    {kVimCsrHsm, "CSR of the VIM with its HSM", "", roles::kVim, false, true, kVimCsrHsmSteps},
    {kDelegateRegistration, "VNFM registered as delegate for VNFCI certificates", "", roles::kVnfci,
     false, false, kDelegateRegistrationSteps},
    {kDelegatedCsr, "CSR of a VNFCI certificate by its delegate VNFM", "", roles::kVnfci, false,
     false, kDelegatedCsrSteps},
    {kDelegatedCsrHsm, "CSR of a VNFCI certificate by its delegate VNFM with its HSM", "",
     roles::kVnfci, false, true, kDelegatedCsrHsmSteps},
    {kDelegatedInstall, "delegated VNFCI credentials installed during instantiation", "",
     roles::kVnfci, false, false, kDelegatedInstallSteps},
    {kDelegatedConfiguration, "delegated VNFCI credentials installed after instantiation", "",
     roles::kVnfci, false, false, kDelegatedConfigurationSteps},
    {kDelegatedHsmInstall, "delegated VNFCI certificates installed, keys from the HSM to the HMEE",
     "", roles::kVnfci, false, true, kDelegatedHsmInstallSteps},
    {kOamDelegateRegistration, "VNFM registered as delegate for VNF OAM certificates", "",
     roles::kVnfci, false, false, kOamDelegateRegistrationSteps},
    {kOamDelegatedCsr, "CSR of a VNF OAM certificate by its delegate VNFM", "", roles::kVnfci,
     false, false, kOamDelegatedCsrSteps},
    {kOamInstall, "VNF OAM credentials installed during instantiation", "", roles::kVnfci, false,
     false, kOamInstallSteps},
}};

}  // namespace detail

// Every flow, in clause order.
constexpr std::span<const Flow> all_flows() {
  return detail::kFlows;
}

// The position of the flow with this ID in all_flows(), or all_flows().size() for none. The
// constant-time lookups below work on positions, not on pointers: under AddressSanitizer GCC does
// not evaluate a comparison of an inline variable's address with nullptr at compile time.
constexpr std::size_t flow_index(std::string_view id) {
  for (std::size_t i = 0; i < detail::kFlows.size(); ++i)
    if (std::string_view(detail::kFlows[i].id) == id) return i;
  return detail::kFlows.size();
}

// The flow with this ID, or nullptr.
constexpr const Flow* find_flow(std::string_view id) {
  const std::size_t i = flow_index(id);
  return i < detail::kFlows.size() ? &detail::kFlows[i] : nullptr;
}

// The C.4 flow of a MANO entity type ("nfvo", "vnfm", "vim"): its registration, or its CSR with or
// without an HSM; nullptr for a type without Annex C steps (wim, cism, cir).
const Flow* entity_flow(std::string_view entity, bool registration, bool hsm = false);

// The steps of a flow in table order (a flow that follows another's table gives that table);
// empty for an unknown flow.
constexpr std::span<const FlowStep> steps_of(std::string_view flow) {
  const std::size_t i = flow_index(flow);
  if (i == detail::kFlows.size()) return {};
  const Flow& f = detail::kFlows[i];
  if (std::string_view(f.steps_of).empty()) return f.steps;
  return steps_of(f.steps_of);
}

// True when the flow's table has a row `number`.
constexpr bool has_step(std::string_view flow, int number) {
  for (const auto& s : steps_of(flow))
    if (s.number == number) return true;
  return false;
}

// The row `number` of a flow's table, or nullptr.
constexpr const FlowStep* find_step(std::string_view flow, int number) {
  for (const auto& s : steps_of(flow))
    if (s.number == number) return &s;
  return nullptr;
}

// The row a step ID names ("C.2.1.2#3"), or nullptr for a string that is no step of a table.
constexpr const FlowStep* find_step(std::string_view id) {
  for (const auto& f : detail::kFlows)
    for (const auto& s : f.steps)
      if (std::string_view(s.id) == id) return &s;
  return nullptr;
}

// The canonical step ID of row `number` of `flow` ("C.2.1.1#5"). Throws std::out_of_range for a
// step the table lacks, so with constant arguments a wrong step does not compile.
constexpr const char* step(std::string_view flow, int number) {
  for (const auto& s : steps_of(flow))
    if (s.number == number) return s.id;
  throw std::out_of_range("no such Annex C flow step");
}

// The flow part of a step ID ("C.2.1.2#3" -> "C.2.1.2"; a text without '#' as it is).
constexpr std::string_view flow_of_step(std::string_view id) {
  return id.substr(0, id.find('#'));
}

// True when `id` is a step of `flow` ("C.4.1.2.6#3" is one of "C.4.1.2.6", not of "C.4.1.2").
constexpr bool in_flow(std::string_view id, std::string_view flow) {
  return id.size() > flow.size() && id.substr(0, flow.size()) == flow && id[flow.size()] == '#';
}

// The first row of `flow` shown by a record (its own or a further one) of this kind and
// operation, or nullptr.
const FlowStep* step_with(std::string_view flow, sim::RecordKind kind, std::string_view operation);
// The step ID an actor cites for a record of this kind and operation in `flow` (the first row that
// the record shows), or "" when the flow's table has no such record: `cite(flow, decision,
// decisions::kIdentitiesCreated)` is "C.2.1.2#3" in C.2.1.2 and "C.2.1.1#1" in C.2.1.1.
const char* cite(std::string_view flow, sim::RecordKind kind, std::string_view operation);
// The row `offset` rows after the one `id` names, in the same flow ("C.4.1.2.6#3", 2 ->
// "C.4.1.2.6#5": a CA answers a request at #N with its work at #N+1 and its reply at #N+2), or
// nullptr when `id` is no row of a table or the flow has no such row.
const FlowStep* step_after(std::string_view id, int offset);
// The step at which `role` decides `operation` (a decision or crypto record, the step's own or a
// further one) in `flow`, or nullptr.
const FlowStep* decision_step(std::string_view flow, std::string_view role,
                              std::string_view operation);
// True when a record of this kind and operation by an actor of role `actor_role` (any role when
// empty) is the step's own record or one of its further ones.
bool shows(const FlowStep& step, sim::RecordKind kind, std::string_view actor_role,
           std::string_view operation);
// The records that show a step: its own first, then the further ones.
std::vector<StepRecord> records_of(const FlowStep& step);
// "#0..#6": the span of a flow's step numbers, for texts.
std::string step_range(std::string_view flow);

}  // namespace ifa026::actors::flows
