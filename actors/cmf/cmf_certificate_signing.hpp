// The CMF's handling of certificate signing requests (C.4.x.2 #1..#6): which registration a CSR
// belongs to (initial credential under server_auth TLS, current certificate under mutual TLS),
// the CSR, credential and key attestation checks, the CMP p10cr to the selected CA signed with the
// CMF's RA certificate, and the answer with certificate and chain; also the HSM vendor roots
// (HsmVendorRoot, day 0) that key attestation statements are verified against.
#pragma once

#include <string>
#include <vector>

#include "actors/cmf/cmf_part.hpp"
#include "actors/cmf/csr_validation.hpp"
#include "actors/messages/cmf1.hpp"
#include "pki/key.hpp"

namespace ifa026::actors::cmf {

class CmfCertificateSigning : public CmfPart {
 public:
  explicit CmfCertificateSigning(CmfState& state);

  void handle_csr(const ChannelMessage& m, const messages::CertificateSigningRequest& request);
  void reject_csr(const ChannelMessage& m, const std::string& step, const std::string& reason);
  // A request refused before any check (not ready, or its body does not decode): a
  // CertificateSigningRequest record and the answer, both at step #1.
  void refuse_at_first_step(const ChannelMessage& m, const std::string& reason);
  // An HsmVendorRoot on HSM-If.
  void on_vendor_root(const sim::Message& message);

 private:
  struct CsrJob {
    ChannelMessage message;
    std::string flow;
    std::string entity;
    std::string fqdn;
    CsrAuth auth = CsrAuth::initial_credential;
    std::string purpose;
    std::string credential_reference;  // when authenticated by an initial credential
    pki::PublicKey key;
    std::string ca;
  };

  // Step #2 could not be carried out (an internal error, not a refusal of the request): traced as
  // such, and the requester is answered so that it does not wait for ever.
  void internal_csr_error(const ChannelMessage& m, const std::string& step,
                          const std::string& what);
  // Step #1: which registration the request belongs to, and whether it may ask.
  std::string identify(const ChannelMessage& m, const messages::CertificateSigningRequest& request,
                       Registration*& reg);
  void on_issued(const CsrJob& job, const pki::CmpResult& result);
};

}  // namespace ifa026::actors::cmf
