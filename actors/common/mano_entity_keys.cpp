// The MANO entity's key pair and CSR, in the entity or in its HSM (see mano_entity_keys.hpp).
#include "actors/common/mano_entity_keys.hpp"

#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity_enrolment.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/csr.hpp"
#include "pki/drbg.hpp"
#include "pki/names.hpp"

namespace ifa026::actors {

ManoEntityKeys::ManoEntityKeys(ManoEntityState& state, ManoEntityEnrolment& enrolment)
    : ManoEntityPart(state), enrolment_(enrolment) {}

void ManoEntityKeys::generate(std::uint64_t id) {
  if (attempt_->in_hsm) {
    json body = json::object();
    body["key_type"] = pki::to_string(config_->key_type);
    attempt_->awaiting_hsm = operations::kGenerateKeyPairResponse;
    send_hsm(operations::kGenerateKeyPairRequest, std::move(body));
    return;
  }
  queue_.submit(keygen_time_, "keygen", [this, id] {
    guarded([&] {
      if (!current_attempt(id)) return;
      attempt_->key = pki::PrivateKey::generate(config_->key_type);
      attempt_->public_key = attempt_->key->public_key();
      // Annex B Sc.002 / Sc.005: which key, from which DRBG (docs/mano-certificates.md).
      decision("GenerateKey", "ok",
               TraceDetail()
                   .add("key_type", pki::to_string(config_->key_type))
                   .add("in", "self")
                   .add("drbg", pki::private_key_drbg())
                   .add("spki_sha256", pki::to_hex(attempt_->public_key->spki_sha256()))
                   .add("purpose", attempt_->purpose),
               "", csr_step());
      queue_.submit(sign_time_, "sign", [this, id] {
        guarded([&] {
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

void ManoEntityKeys::send_hsm(const std::string& operation, json body) {
  sim::Message message;
  message.to = hsm_;
  message.reference_point = reference_points::kHsmIf;
  message.operation = operation;
  message.step = csr_step();
  message.payload = encode_envelope(Envelope{operation, csr_step(), std::move(body)});
  context().send(std::move(message));
}

void ManoEntityKeys::on_hsm_response(const Envelope& envelope) {
  const std::string& op = envelope.operation;
  if (!attempt_ || attempt_->awaiting_hsm != op) {
    record(RecordKind::decision, op, "rejected",
           TraceDetail().add("reason", "unexpected HSM response"), hsm_, reference_points::kHsmIf);
    return;
  }
  attempt_->awaiting_hsm.clear();
  if (get_string(envelope.body, "status") == "error" ||
      get_string(envelope.body, "status") == "rejected")
    return enrolment_.enrolment_failed("HSM: " + get_string(envelope.body, "reason", "error"));
  if (op == operations::kGenerateKeyPairResponse) {
    auto spki = get_bytes(envelope.body, "public_key");
    attempt_->hsm_handle = get_string(envelope.body, "handle");
    if (!spki || attempt_->hsm_handle.empty())
      return enrolment_.enrolment_failed("HSM: no handle or public key");
    attempt_->public_key = pki::PublicKey::from_der(*spki);
    decision("GenerateKey", "ok",
             TraceDetail()
                 .add("key_type", pki::to_string(config_->key_type))
                 .add("in", "hsm")
                 .add("handle", attempt_->hsm_handle)
                 .add("spki_sha256", pki::to_hex(attempt_->public_key->spki_sha256()))
                 .add("purpose", attempt_->purpose),
             hsm_, csr_step());
    if (!config_->attestation_nonce.empty()) {
      json body = json::object();
      body["handle"] = attempt_->hsm_handle;
      set_bytes(body, "nonce", config_->attestation_nonce);
      attempt_->awaiting_hsm = operations::kKeyAttestationResponse;
      send_hsm(operations::kKeyAttestationRequest, std::move(body));
      return;
    }
    return request_hsm_csr();
  }
  if (op == operations::kKeyAttestationResponse) {
    auto statement = get_bytes(envelope.body, "statement");
    if (!statement) return enrolment_.enrolment_failed("HSM: no attestation statement");
    attempt_->attestation = *statement;
    return request_hsm_csr();
  }
  // SignCsrResponse
  auto csr = get_bytes(envelope.body, "csr");
  if (!csr) return enrolment_.enrolment_failed("HSM: no csr");
  auto decoded = pki::Csr::from_der(*csr);
  if (!(decoded.public_key() == *attempt_->public_key))
    return enrolment_.enrolment_failed("HSM: CSR is not for the generated key");
  enrolment_.send_csr(*csr);
}

void ManoEntityKeys::request_hsm_csr() {
  json body = json::object();
  body["handle"] = attempt_->hsm_handle;
  body["subject"] = config_->subject;
  body["dns"] = json::array({config_->fqdn});
  if (attempt_->attestation) set_bytes(body, "key_attestation", *attempt_->attestation);
  attempt_->awaiting_hsm = operations::kSignCsrResponse;
  send_hsm(operations::kSignCsrRequest, std::move(body));
}

}  // namespace ifa026::actors
