// The MANO entity's key pair and CSR for an enrolment or renewal (C.4.x.2.6 / .7): generated and
// signed in the entity (WorkQueue processing times keygen and sign), or in its HSM over HSM-If
// (GenerateKeyPair, KeyAttestation bound to the CMF's nonce, SignCsr), the private key never
// leaving the HSM. The CSR goes on to the enrolment.
//
// Issue 20: once installed, an HSM-held key is the entity's TLS key (pki::remote_private_key);
// every handshake that needs its signature (TLS 1.3 CertificateVerify) asks the HSM over HSM-If
// (SignDataRequest, purpose tls-certificate-verify, the session's id as context) and hands the
// answer back to the waiting session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "actors/common/mano_entity_part.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/messages/hsm_if.hpp"

namespace ifa026::actors {

class ManoEntityEnrolment;

class ManoEntityKeys : public ManoEntityPart {
 public:
  ManoEntityKeys(ManoEntityState& state, ManoEntityEnrolment& enrolment);

  // Generates the key pair of attempt `id` (the current attempt) and has its CSR signed.
  void generate(std::uint64_t id);
  // The entity's HSM answers.
  void on_key_pair(const messages::GenerateKeyPairResponse& response);
  void on_attestation(const messages::KeyAttestationResponse& response);
  void on_signed_csr(const messages::SignCsrResponse& response);
  // A session's handshake needs the HSM-held key's signature; the HSM's answer.
  void sign_for_tls(const SecureChannels::SignatureRequest& request);
  void on_signed_data(const messages::SignDataResponse& response);

 private:
  bool current_attempt(std::uint64_t id) const { return attempt_ && attempt_->id == id; }
  // True when `operation` is the HSM answer the current attempt waits for (then it no longer
  // waits) and `status` is no refusal; otherwise traced, or the enrolment failed.
  bool expected_answer(const char* operation, const std::string& status,
                       const std::optional<std::string>& reason);
  template <class Request>
  void send_hsm(const Request& request, const char* awaiting);
  void request_hsm_csr();

  ManoEntityEnrolment& enrolment_;
};

}  // namespace ifa026::actors
