// The MANO entity's key pair and CSR, in the entity or in its HSM (see mano_entity_keys.hpp).
#include "actors/common/mano_entity_keys.hpp"

#include <utility>

#include "actors/common/mano_entity_enrolment.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/csr.hpp"
#include "pki/drbg.hpp"
#include "pki/names.hpp"

namespace ifa026::actors {

namespace dk = detail_keys;

ManoEntityKeys::ManoEntityKeys(ManoEntityState& state, ManoEntityEnrolment& enrolment)
    : ManoEntityPart(state), enrolment_(enrolment) {}

void ManoEntityKeys::generate(std::uint64_t id) {
  if (attempt_->in_hsm) {
    messages::GenerateKeyPairRequest request;
    request.key_type = pki::to_string(config_->key_type);
    send_hsm(request, operations::kGenerateKeyPairResponse);
    return;
  }
  queue_.submit(keygen_time_, "keygen", [this, id] {
    guarded("keygen", [&] {
      if (!current_attempt(id)) return;
      attempt_->key = pki::PrivateKey::generate(config_->key_type);
      attempt_->public_key = attempt_->key->public_key();
      // Annex B Sc.002 / Sc.005: which key, from which DRBG (docs/mano-certificates.md).
      trace({.operation = decisions::kGenerateKey,
             .outcome = outcomes::kOk,
             .step = csr_step(),
             .detail = TraceDetail()
                           .add(dk::kKeyType, pki::to_string(config_->key_type))
                           .add(dk::kIn, detail_values::kInSelf)
                           .add(dk::kDrbg, pki::private_key_drbg())
                           .add(dk::kSpkiSha256, pki::to_hex(attempt_->public_key->spki_sha256()))
                           .add(dk::kPurpose, attempt_->purpose)});
      queue_.submit(sign_time_, "sign", [this, id] {
        guarded("sign", [&] {
          if (!current_attempt(id)) return;
          pki::CsrContent content;
          content.subject = pki::DistinguishedName::parse(config_->subject);
          content.san.dns = {config_->fqdn};
          content.extended_key_usage = {pki::ExtendedKeyUsage::client_auth,
                                        pki::ExtendedKeyUsage::server_auth};
          enrolment_.send_csr(pki::Csr::create(content, *attempt_->key).der());
        });
      });
    });
  });
}

template <class Request>
void ManoEntityKeys::send_hsm(const Request& request, const char* awaiting) {
  attempt_->awaiting_hsm = awaiting;
  state_.host.send_envelope(hsm_, reference_points::kHsmIf,
                            messages::to_envelope(request, csr_step()));
}

bool ManoEntityKeys::expected_answer(const char* operation, const std::string& status,
                                     const std::optional<std::string>& reason) {
  if (!attempt_ || attempt_->awaiting_hsm != operation) {
    trace({.operation = operation,
           .outcome = outcomes::kRejected,
           .peer = hsm_,
           .reference_point = reference_points::kHsmIf,
           .detail = TraceDetail().add(dk::kReason, "unexpected HSM response")});
    return false;
  }
  attempt_->awaiting_hsm.clear();
  if (status == "error" || status == outcomes::kRejected) {
    enrolment_.enrolment_failed("HSM: " + reason.value_or("error"));
    return false;
  }
  return true;
}

void ManoEntityKeys::on_key_pair(const messages::GenerateKeyPairResponse& response) {
  if (!expected_answer(operations::kGenerateKeyPairResponse, response.status, response.reason))
    return;
  attempt_->hsm_handle = response.handle.value_or("");
  if (!response.public_key || attempt_->hsm_handle.empty())
    return enrolment_.enrolment_failed("HSM: no handle or public key");
  attempt_->public_key = pki::PublicKey::from_der(*response.public_key);
  trace({.operation = decisions::kGenerateKey,
         .outcome = outcomes::kOk,
         .peer = hsm_,
         .step = csr_step(),
         .detail = TraceDetail()
                       .add(dk::kKeyType, pki::to_string(config_->key_type))
                       .add(dk::kIn, detail_values::kInHsm)
                       .add(dk::kHandle, attempt_->hsm_handle)
                       .add(dk::kSpkiSha256, pki::to_hex(attempt_->public_key->spki_sha256()))
                       .add(dk::kPurpose, attempt_->purpose)});
  if (!config_->attestation_nonce.empty()) {
    send_hsm(messages::KeyAttestationRequest{.handle = attempt_->hsm_handle,
                                             .nonce = config_->attestation_nonce},
             operations::kKeyAttestationResponse);
    return;
  }
  request_hsm_csr();
}

void ManoEntityKeys::on_attestation(const messages::KeyAttestationResponse& response) {
  if (!expected_answer(operations::kKeyAttestationResponse, response.status, response.reason))
    return;
  if (!response.statement) return enrolment_.enrolment_failed("HSM: no attestation statement");
  attempt_->attestation = *response.statement;
  request_hsm_csr();
}

void ManoEntityKeys::on_signed_csr(const messages::SignCsrResponse& response) {
  if (!expected_answer(operations::kSignCsrResponse, response.status, response.reason)) return;
  if (!response.csr) return enrolment_.enrolment_failed("HSM: no csr");
  auto decoded = pki::Csr::from_der(*response.csr);
  if (!(decoded.public_key() == *attempt_->public_key))
    return enrolment_.enrolment_failed("HSM: CSR is not for the generated key");
  enrolment_.send_csr(*response.csr);
}

void ManoEntityKeys::sign_for_tls(const SecureChannels::SignatureRequest& request) {
  messages::SignDataRequest sign;
  sign.handle = request.key_label;
  sign.data = request.message;
  sign.purpose = detail_values::kPurposeTlsCertificateVerify;
  sign.context = messages::HsmRequestContext{request.id};
  state_.host.send_envelope(hsm_, reference_points::kHsmIf, messages::to_envelope(sign));
}

void ManoEntityKeys::on_signed_data(const messages::SignDataResponse& response) {
  const bool signed_ok = response.status == "ok" && response.signature.has_value();
  std::string problem;
  if (!response.context)
    problem = "no context";
  else if (!channels_.supply_signature(response.context->request,
                                       signed_ok ? *response.signature : pki::Bytes{}))
    problem = "no handshake waits for it";
  else if (!signed_ok)
    problem = "HSM: " + response.reason.value_or("no signature");
  if (problem.empty()) return;
  trace(
      {.operation = operations::kSignDataResponse,
       .outcome = outcomes::kRejected,
       .peer = hsm_,
       .reference_point = reference_points::kHsmIf,
       .detail =
           TraceDetail().add(dk::kHandle, response.handle.value_or("")).add(dk::kReason, problem)});
}

void ManoEntityKeys::request_hsm_csr() {
  messages::SignCsrRequest request;
  request.handle = attempt_->hsm_handle;
  request.subject = config_->subject;
  request.dns = {config_->fqdn};
  request.key_attestation = attempt_->attestation;
  send_hsm(request, operations::kSignCsrResponse);
}

}  // namespace ifa026::actors
