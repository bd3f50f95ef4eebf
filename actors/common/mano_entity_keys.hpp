// The MANO entity's key pair and CSR for an enrolment or renewal (C.4.x.2.6 / .7): generated and
// signed in the entity (WorkQueue processing times keygen and sign), or in its HSM over HSM-If
// (GenerateKeyPair, KeyAttestation bound to the CMF's nonce, SignCsr), the private key never
// leaving the HSM. The CSR goes on to the enrolment.
#pragma once

#include <cstdint>
#include <string>

#include "actors/common/mano_entity_part.hpp"

namespace ifa026::actors {

class ManoEntityEnrolment;

class ManoEntityKeys : public ManoEntityPart {
 public:
  ManoEntityKeys(ManoEntityState& state, ManoEntityEnrolment& enrolment);

  // Generates the key pair of attempt `id` (the current attempt) and has its CSR signed.
  void generate(std::uint64_t id);
  // A GenerateKeyPair, KeyAttestation or SignCsr response from the entity's HSM.
  void on_hsm_response(const Envelope& envelope);

 private:
  bool current_attempt(std::uint64_t id) const { return attempt_ && attempt_->id == id; }
  void send_hsm(const std::string& operation, json body);
  void request_hsm_csr();

  ManoEntityEnrolment& enrolment_;
};

}  // namespace ifa026::actors
