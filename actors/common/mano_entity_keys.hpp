// The MANO entity's key pair and CSR for an enrolment or renewal (C.4.x.2.6 / .7): generated and
// signed in the entity (WorkQueue processing times keygen and sign), or in its HSM over HSM-If
// (GenerateKeyPair, KeyAttestation bound to the CMF's nonce, SignCsr), the private key never
// leaving the HSM. The CSR goes on to the enrolment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "actors/common/mano_entity_part.hpp"
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
