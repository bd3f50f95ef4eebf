// The fuzz targets of the pki room's DER decoders (fuzz_targets.hpp): certificates, CSRs, CRLs,
// OCSP, attestation evidence and results, key-attestation statements. Each decodes, then reads
// every field and uses the object as its consumer would (verifies it against the fuzz world):
// a field read or a check may refuse with PkiError, nothing else may escape.
#include <optional>
#include <string>

#include "fuzz/fuzz_targets.hpp"
#include "fuzz/fuzz_world.hpp"
#include "pki/attestation_evidence.hpp"
#include "pki/certificate.hpp"
#include "pki/chain_verifier.hpp"
#include "pki/crl.hpp"
#include "pki/csr.hpp"
#include "pki/key_attestation.hpp"
#include "pki/ocsp.hpp"
#include "pki/x509_description.hpp"

namespace ifa026::fuzz {
namespace {

// Runs one read; a PkiError (DecodeError included) is a refusal the contract allows.
template <class F>
void attempt(F&& read) {
  try {
    read();
  } catch (const pki::PkiError&) {
  }
}

pki::ByteView view(const std::uint8_t* data, std::size_t size) {
  return pki::ByteView(data, size);
}

void read_certificate(const pki::Certificate& c) {
  attempt([&] { (void)c.subject().to_string(); });
  attempt([&] { (void)c.issuer().to_string(); });
  attempt([&] { (void)c.serial_hex(); });
  attempt([&] { (void)c.not_before(); });
  attempt([&] { (void)c.not_after(); });
  attempt([&] { (void)c.san(); });
  attempt([&] { (void)c.public_key(); });
  attempt([&] { (void)c.subject_key_id(); });
  attempt([&] { (void)c.authority_key_id(); });
  attempt([&] { (void)c.is_ca(); });
  attempt([&] { (void)c.extended_key_usage(); });
  attempt([&] { (void)c.nf_types(); });
}

}  // namespace

void certificate(const std::uint8_t* data, std::size_t size) {
  std::optional<pki::Certificate> c;
  attempt([&] { c = pki::Certificate::from_der(view(data, size)); });
  attempt([&] { (void)pki::describe_certificate(view(data, size)); });
  if (!c) return;
  read_certificate(*c);
  attempt([&] {
    if (pki::Certificate::from_pem(c->to_pem()) != *c)
      contract_broken("certificate", "its PEM does not decode to the same certificate");
  });
  pki::TrustStore trust;
  trust.add_anchor(world().ca_certificate);
  attempt([&] { (void)pki::verify_certificate(*c, trust, world_now()); });
}

void csr(const std::uint8_t* data, std::size_t size) {
  std::optional<pki::Csr> request;
  attempt([&] { request = pki::Csr::from_der(view(data, size)); });
  attempt([&] { (void)pki::describe_csr(view(data, size)); });
  if (!request) return;
  std::optional<pki::CsrContent> content;
  attempt([&] { content = request->content(); });
  attempt([&] { (void)request->public_key(); });
  attempt([&] { (void)request->signature_valid(); });
  attempt([&] { (void)pki::Csr::from_pem(request->to_pem()); });
  if (content && content->key_attestation) {
    attempt([&] { (void)pki::KeyAttestationStatement::from_der(*content->key_attestation); });
  }
}

void crl(const std::uint8_t* data, std::size_t size) {
  std::optional<pki::Crl> list;
  attempt([&] { list = pki::Crl::from_der(view(data, size)); });
  attempt([&] { (void)pki::describe_crl(view(data, size)); });
  if (!list) return;
  attempt([&] { (void)list->issuer().to_string(); });
  attempt([&] { (void)list->number(); });
  attempt([&] { (void)list->has_number(); });
  attempt([&] { (void)list->authority_key_id(); });
  attempt([&] { (void)list->this_update(); });
  attempt([&] { (void)list->next_update(); });
  attempt([&] { (void)list->revoked(); });
  attempt([&] { (void)list->signed_by(world().ca_certificate); });
  attempt([&] { (void)pki::Crl::from_pem(list->to_pem()); });
  // As a relying party uses it: in a trust store, checking the world's entity.
  pki::TrustStore trust;
  trust.add_anchor(world().ca_certificate);
  trust.add_crl(*list);
  attempt([&] { (void)pki::verify_certificate(world().entity_certificate, trust, world_now()); });
}

void attestation(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  const pki::ByteView der = view(data + 1, size - 1);
  const World& w = world();
  switch (data[0] % 3) {
    case 0: {  // Evidence, at the Verifier
      std::optional<pki::Evidence> evidence;
      attempt([&] { evidence = pki::Evidence::from_der(der); });
      if (!evidence) return;
      attempt([&] { (void)evidence->hmee_key(); });
      std::optional<pki::AttestationResult> result;
      attempt([&] {
        result = pki::appraise(*evidence, pki::ReferenceValues{{}, true, 3600}, {},
                               {w.ca_certificate}, world_now(), w.entity_key, w.entity_certificate);
      });
      if (!result) return;
      try {
        (void)pki::AttestationResult::from_der(result->der());
      } catch (const pki::PkiError& e) {
        contract_broken("attestation",
                        std::string("the verifier's own result does not decode: ") + e.what());
      }
      break;
    }
    case 1: {  // AttestationResult, at the relying party
      std::optional<pki::AttestationResult> result;
      attempt([&] { result = pki::AttestationResult::from_der(der); });
      if (!result) return;
      pki::TrustStore trust;
      trust.add_anchor(w.ca_certificate);
      attempt([&] { (void)pki::verify_attestation_result(*result, trust, {}, world_now()); });
      attempt([&] {
        (void)pki::verify_attestation_result(*result, w.entity_certificate, result->nonce(),
                                             world_now(), {w.entity_key.public_key(), 3600});
      });
      break;
    }
    default: {  // KeyAttestationStatement, at a CA or CMF
      std::optional<pki::KeyAttestationStatement> statement;
      attempt([&] { statement = pki::KeyAttestationStatement::from_der(der); });
      if (!statement) return;
      attempt([&] {
        (void)pki::verify_key_attestation(*statement, w.entity_key.public_key(), statement->nonce(),
                                          pki::KeyAttestationPolicy{}, {w.ca_certificate},
                                          world_now());
      });
      break;
    }
  }
}

void ocsp(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  const pki::ByteView der = view(data + 1, size - 1);
  const World& w = world();
  const pki::Instant now = world_now();
  if (data[0] % 2 == 0) {  // a request, answered by the CA
    const pki::CertificateAuthority ca = w.ca();
    const auto lookup = [](const std::string& serial) {
      pki::OcspStatusEntry entry;
      // Some serials revoked, with and without a reason, so both answer forms are built.
      if (!serial.empty() && serial.back() < '4') {
        entry.status = pki::OcspCertStatus::revoked;
        entry.revoked_at = pki::Instant::from_seconds(1767225600);
        if (serial.back() < '2') entry.reason = pki::RevocationReason::key_compromise;
      }
      return entry;
    };
    pki::Bytes response;
    try {
      response = pki::make_ocsp_response(der, ca, lookup, now,
                                         pki::Instant::from_seconds(now.seconds() + 3600));
    } catch (const pki::PkiError& e) {
      contract_broken("ocsp", std::string("the responder threw: ") + e.what());
    }
    // Its own answer is a response a client reads (it never throws either).
    (void)pki::check_ocsp_response(response, w.entity_certificate, w.ca_certificate, now);
  } else {  // a response, checked by a client about the world's entity
    (void)pki::check_ocsp_response(der, w.entity_certificate, w.ca_certificate, now);
    (void)pki::check_ocsp_response(der, w.entity_certificate, w.ca_certificate, now,
                                   pki::Bytes{1, 2, 3, 4, 5, 6, 7, 8});
  }
}

}  // namespace ifa026::fuzz
