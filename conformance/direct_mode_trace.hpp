// What the direct-mode trace (docs/direct-mode.md) says about each VNFCI and each of its
// identities: which Annex C.2.1 flow it took (C.2.1.1 plain, C.2.1.2 with remote attestation,
// C.2.1.3 with an HSM), the records of every step of its enrolment in table order, how the
// enrolment ended (installed, refused, cut short), and its renewals (C.2.1.4). VNFCIs are spawned
// at run time, so they are found in the trace (the CMF's VnfciDiscovered), not in the scenario.
// Shared by the flow checks and the Annex B checks of direct mode.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conformance/mano_trace.hpp"

namespace ifa026::conformance {

// One direct-mode enrolment flow and the table step of each of its phases (-1: not in it), read
// from the flow's step table (actors/messages/flow_steps.hpp).
struct DirectFlow {
  std::string id;     // "C.2.1.1"
  int discovered;     // CMF VnfciDiscovered
  int attestation;    // CMF AttestationVerified (C.2.1.2, C.2.1.3)
  int identities;     // CMF IdentitiesCreated
  int registration;   // CMF -> CA RegisterEndEntityRequest, CA RegisterEndEntity
  int configuration;  // CMF -> VNFCI VnfciCertificateConfiguration
  int key;            // VNFCI GenerateKey (C.2.1.1, C.2.1.2); the HSM's key pair (C.2.1.3)
  int request;        // VNFCI -> CA enrolment request
  int issue;          // CA IssueCertificate
  int reply;          // CA -> VNFCI, CertificateInstalled
  bool hsm;           // C.2.1.3: the HMEE-HSM exchange below
  int channel;        // VNFCI HsmChannel (the HMEE-HSM session)
  int key_request;    // VNFCI -> HSM GenerateKeyPairRequest
  int csr_built;      // VNFCI CsrBuilt
  int sign_request;   // VNFCI -> HSM SignCsrRequest (optional)
  int csr_signed;     // HSM SignCsr (optional)
  int csr_finalized;  // VNFCI CsrFinalized (optional)
};
const std::vector<DirectFlow>& direct_flows();
const DirectFlow* find_direct_flow(const std::string& id);
// The flow's step ID of row `step` ("C.2.1.1#3").
std::string direct_step(const DirectFlow& flow, int step);

using Rec = sim::TraceRecord;

// One identity's enrolment, step by step.
struct IdentityEnrolment {
  std::string vnfci;
  std::string identity;
  const DirectFlow* flow = nullptr;
  std::map<int, const Rec*> steps;  // table step -> the record that shows it
  const Rec* registered = nullptr;  // the CA's RegisterEndEntity "registered"
  const Rec* installed = nullptr;   // the VNFCI's CertificateInstalled (enrolment)
  const Rec* issued = nullptr;      // the CA's IssueCertificate of that certificate
  const Rec* failed = nullptr;      // the VNFCI's EnrolmentFailed, if it gave up
  const Rec* refusal = nullptr;     // the record that refused it (CA, CMF or VNFCI)
  std::string problem;              // first thing out of order or missing ("" if none)
  int reached = -1;                 // last table step found in order
};

// One VNFCI the CMF discovered.
struct VnfciCase {
  std::string vnfci;
  std::string vnf;
  std::string vnfc;
  std::string cmf;
  const DirectFlow* flow = nullptr;
  const Rec* discovered = nullptr;
  const Rec* attestation = nullptr;  // the CMF's AttestationVerified (flows with attestation)
  const Rec* created = nullptr;      // IdentitiesCreated
  const Rec* retired = nullptr;      // the kernel's RetireActor of it
  std::vector<std::string> identity_names;
  std::vector<IdentityEnrolment> enrolments;
};

// One renewal (C.2.1.4) of one identity.
struct IdentityRenewal {
  std::string vnfci;
  std::string identity;
  const Rec* condition = nullptr;   // #0 RenewalConditionSet, when configured
  const Rec* due = nullptr;         // #1 RenewalDue
  std::map<int, const Rec*> steps;  // #0 .. #5
  const Rec* installed = nullptr;   // CertificateInstalled purpose=renewal
  const Rec* issued = nullptr;
  const Rec* refusal = nullptr;  // the CA's refusal, when refused
  std::string problem;
};

class DirectView {
 public:
  explicit DirectView(const ManoView& mano);
  const ManoView& mano() const { return mano_; }
  const std::vector<VnfciCase>& vnfcis() const { return vnfcis_; }
  const VnfciCase* vnfci(const std::string& name) const;
  // The identities of `vnfc` of any VNFM's descriptors whose usage is `usage` ("oam" for C.3.1).
  bool has_usage(const std::string& vnfc, const std::string& identity,
                 const std::string& usage) const;
  std::vector<IdentityRenewal> renewals() const;
  bool empty() const { return vnfcis_.empty(); }

 private:
  void walk(VnfciCase& c, IdentityEnrolment& e) const;
  const ManoView& mano_;
  std::vector<VnfciCase> vnfcis_;
};

// "a,b,c" -> {"a", "b", "c"}.
std::vector<std::string> split_names(const std::string& list);

}  // namespace ifa026::conformance
