// The CMF's handling of certificate signing requests (see cmf_certificate_signing.hpp).
#include "actors/cmf/cmf_certificate_signing.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include "actors/common/day0_root.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/internal_error.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/hsm_if.hpp"
#include "actors/messages/operations.hpp"
#include "pki/csr.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

}  // namespace

CmfCertificateSigning::CmfCertificateSigning(CmfState& state) : CmfPart(state) {}

// Step #2 could not be carried out (an internal error, not a refusal of the request): traced as
// such, and the requester is answered so that it does not wait for ever.
void CmfCertificateSigning::internal_csr_error(const ChannelMessage& m, const std::string& step,
                                               const std::string& what) {
  tracer_.record(internal_error_record(decisions::kCsrValidation, m.peer.name, step, what));
  reject_csr(m, step, "internal error at the CMF");
}

void CmfCertificateSigning::reject_csr(const ChannelMessage& m, const std::string& step,
                                       const std::string& reason) {
  messages::CertificateSigningResponse response;
  response.status = outcomes::kRejected;
  response.reason = reason;
  reply(m, response, step);
}

void CmfCertificateSigning::refuse_at_first_step(const ChannelMessage& m,
                                                 const std::string& reason) {
  const std::string step = step_in(flow_of(m.envelope.step), 1);
  trace({.operation = operations::kCertificateSigningRequest,
         .outcome = outcomes::kRejected,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmf1,
         .step = step,
         .detail = about(m.peer.name, "").add(keys::kReason, reason)});
  reject_csr(m, step, reason);
}

// Step #1: which registration the request belongs to, and whether it may ask.
std::string CmfCertificateSigning::identify(const ChannelMessage& m,
                                            const messages::CertificateSigningRequest& request,
                                            Registration*& reg) {
  reg = nullptr;
  switch (m.peer.kind) {
    case ChannelKind::day0:
      return "CSR needs a server_auth or mutual TLS channel";
    case ChannelKind::server_auth: {
      if (!request.credential) return "no initial credential and no certificate";
      reg = registry_.find_by_reference(request.credential->reference);
      if (reg == nullptr) return "entity not registered (unknown credential reference)";
      return "";
    }
    case ChannelKind::mutual: {
      if (!m.peer.certificate) return "no peer certificate";
      const pki::Certificate& cert = *m.peer.certificate;
      const std::string serial = cert.serial_hex();
      reg = registry_.find_by_serial(serial);
      if (reg == nullptr) return "certificate not issued through this CMF";
      const cmf::IssuedCertificate* issued = reg->find_serial(serial);
      if (issued == nullptr || issued->der != cert.der()) return "certificate not in the inventory";
      if (issued->state == cmf::CertificateState::revoked) return "certificate revoked";
      if (issued->state == cmf::CertificateState::superseded) return "certificate superseded";
      if (now() >= cert.not_after()) return "certificate expired";
      const auto dns = cert.san().dns;
      if (std::find(dns.begin(), dns.end(), reg->fqdn) == dns.end())
        return "certificate is not for the registered FQDN";
      return "";
    }
  }
  return "unknown channel kind";
}

void CmfCertificateSigning::handle_csr(const ChannelMessage& m,
                                       const messages::CertificateSigningRequest& request) {
  const std::string flow = flow_of(m.envelope.step);
  const CsrAuth auth =
      m.peer.kind == ChannelKind::mutual ? CsrAuth::certificate : CsrAuth::initial_credential;
  const std::string auth_text = cmf::to_string(auth);

  // Step #1: registration check.
  Registration* reg = nullptr;
  const std::string problem = identify(m, request, reg);
  const std::string entity = reg != nullptr ? reg->entity : m.peer.name;
  std::string fqdn = reg != nullptr ? reg->fqdn : "";
  if (fqdn.empty()) {
    try {
      fqdn = pki::Csr::from_der(request.csr).content().subject.common_name();
    } catch (const std::exception&) {
      // no name to trace: step #2 refuses the CSR
    }
  }
  if (!config_.skip_registration_check) {
    TraceDetail detail = about(entity, fqdn).add(keys::kAuth, auth_text);
    if (!problem.empty()) detail.add(keys::kReason, problem);
    trace({.operation = decisions::kRegistrationCheck,
           .outcome = problem.empty() ? outcomes::kOk : outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = reference_points::kCmf1,
           .step = step_in(flow, 1),
           .detail = detail});
    if (!problem.empty()) return reject_csr(m, step_in(flow, 1), problem);
  } else if (!problem.empty() && m.peer.kind == ChannelKind::server_auth) {
    reg = nullptr;  // an unknown entity: only its CSR speaks for it
  }

  // Step #2: CSR, credential or certificate, key attestation.
  const std::string step2 = step_in(flow, 2);
  const std::string& purpose = request.purpose;
  std::optional<std::string> invalid;
  cmf::CsrCheckResult check;
  std::optional<cmf::PresentedCredential> presented;
  if (auth == CsrAuth::initial_credential && request.credential) {
    const messages::PbmCredential& credential = *request.credential;
    presented =
        cmf::PresentedCredential{.reference = credential.reference,
                                 .mac = credential.mac,
                                 .salt = credential.salt,
                                 .iterations = std::clamp(credential.iterations, 0, 1'000'000)};
  }
  if (purpose != detail_values::kPurposeEnrolment && purpose != detail_values::kPurposeRenewal) {
    invalid = "unknown purpose \"" + purpose + "\"";
  } else if (purpose == detail_values::kPurposeRenewal && auth != CsrAuth::certificate) {
    invalid = "renewal needs mutual TLS with the current certificate";
  } else {
    cmf::CsrCheckInput input;
    input.csr_der = request.csr;
    input.registration = reg;
    input.auth = auth;
    input.credential = presented;
    input.now = current_time();
    check = cmf::check_csr(config_, input);
    invalid = check.problem;
  }
  if (check.internal_error) return internal_csr_error(m, step2, *check.internal_error);
  if (config_.skip_csr_validation) {
    invalid.reset();
    if (!check.csr) return reject_csr(m, step2, "CSR does not decode");
  }
  if (!invalid && check.csr && !config_.skip_attestation_check) {
    const pki::Bytes nonce = reg != nullptr ? reg->attestation_nonce : pki::Bytes{};
    if (auto outcome =
            cmf::verify_csr_attestation(config_, *check.csr, nonce, vendor_roots_, now())) {
      if (outcome->internal_error) return internal_csr_error(m, step2, outcome->reason);
      TraceDetail detail = about(entity, fqdn);
      if (!outcome->ok) detail.add(keys::kReason, outcome->reason);
      trace({.operation = decisions::kKeyAttestationVerification,
             .outcome = outcome->ok ? outcomes::kOk : outcomes::kRejected,
             .peer = m.peer.name,
             .reference_point = reference_points::kCmf1,
             .step = step2,
             .detail = detail,
             .kind = sim::RecordKind::crypto});
      if (!outcome->ok) invalid = "key attestation: " + outcome->reason;
    }
  }
  if (!config_.skip_csr_validation) {
    TraceDetail detail =
        about(entity, fqdn).add(keys::kAuth, auth_text).add(keys::kPurpose, purpose);
    if (check.csr) {
      keep_csr(*check.csr);
      detail.add(keys::kKeyType, std::string(pki::to_string(check.csr->public_key().type())))
          .add(keys::kSpkiSha256, pki::to_hex(check.csr->public_key().spki_sha256()));
    }
    if (invalid) detail.add(keys::kReason, *invalid);
    trace({.operation = decisions::kCsrValidation,
           .outcome = invalid ? outcomes::kRejected : outcomes::kOk,
           .peer = m.peer.name,
           .reference_point = reference_points::kCmf1,
           .step = step2,
           .detail = detail,
           .kind = sim::RecordKind::crypto});
  }
  if (invalid) return reject_csr(m, step2, *invalid);

  // Accepted: reserve the initial credential, forward to the CA (#3).
  CsrJob job{m,
             flow,
             entity,
             fqdn,
             auth,
             purpose,
             "",
             check.csr->public_key(),
             reg != nullptr ? reg->ca : config_.ca};
  if (auth == CsrAuth::initial_credential && reg != nullptr && reg->credential && presented &&
      reg->credential->reference == presented->reference) {
    reg->credential->in_use = true;
    job.credential_reference = presented->reference;
  }
  const RaIdentity* ra = identity(job.ca);
  if (ra == nullptr) {
    if (!job.credential_reference.empty()) reg->credential->in_use = false;
    trace({.operation = decisions::kCaRequest,
           .outcome = outcomes::kFailed,
           .peer = job.ca,
           .reference_point = reference_points::kCa1,
           .step = step_in(flow, 5),
           .detail = about(entity, fqdn)
                         .add(keys::kCa, job.ca)
                         .add(keys::kReason, "the CMF holds no RA certificate at this CA")});
    return reject_csr(m, step_in(flow, 6), "CA unavailable");
  }
  const pki::Csr csr = *check.csr;
  const pki::Certificate own_cert = *ra->certificate;
  const pki::PrivateKey own_key = *ra->key;
  const pki::Instant at = now();
  ra_.run(
      job.ca, cmp_config(*ra), step_in(flow, 3), step_in(flow, 5), "",
      [csr, own_cert, own_key, at](pki::CmpClient& client) {
        return client.enrol_p10cr(csr, own_cert, own_key, at);
      },
      [this, job](const CmpExchange::Outcome& outcome) { on_issued(job, outcome.result); });
}

// The chain delivered with a certificate: issuing CA(s) up to and including the root.
void CmfCertificateSigning::on_issued(const CsrJob& job, const pki::CmpResult& result) {
  Registration* reg = registry_.find(job.entity);
  if (reg != nullptr && !job.credential_reference.empty() && reg->credential &&
      reg->credential->reference == job.credential_reference)
    reg->credential->in_use = false;
  const ChannelMessage& m = job.message;
  std::string problem;
  if (!result.ok() || !result.certificate) {
    problem = CmpExchange::failure_reason(result);
  } else if (!(result.certificate->public_key() == job.key)) {
    problem = "the CA certified another key";
  }
  if (!problem.empty()) {
    trace(
        {.operation = decisions::kCaRequest,
         .outcome = outcomes::kFailed,
         .peer = job.ca,
         .reference_point = reference_points::kCa1,
         .step = step_in(job.flow, 5),
         .detail = about(job.entity, job.fqdn).add(keys::kCa, job.ca).add(keys::kReason, problem)});
    return reject_csr(m, step_in(job.flow, 6), problem);
  }
  const pki::Certificate& certificate = *result.certificate;
  const auto chain = chain_for(certificate, result.chain);
  if (reg != nullptr) {
    if (!job.credential_reference.empty() && reg->credential &&
        reg->credential->reference == job.credential_reference)
      reg->credential->used = true;
    cmf::IssuedCertificate issued;
    issued.serial = certificate.serial_hex();
    issued.not_after = certificate.not_after();
    issued.der = certificate.der();
    issued.purpose = job.purpose;
    issued.ca = job.ca;
    registry_.add_certificate(*reg, std::move(issued));
    last_channel_[job.entity] = m.peer.kind;
  }
  const std::string step6 = step_in(job.flow, 6);
  trace({.operation = decisions::kCertificateDelivered,
         .outcome = outcomes::kOk,
         .peer = m.peer.name,
         .reference_point = reference_points::kCmf1,
         .step = step6,
         .detail = about(job.entity, job.fqdn)
                       .add(keys::kSerial, certificate.serial_hex())
                       .add(keys::kNotAfter, utc(certificate.not_after()))
                       .add(keys::kPurpose, job.purpose)
                       .add(keys::kCa, job.ca)});
  std::vector<pki::Bytes> chain_der;
  for (const auto& c : chain) chain_der.push_back(c.der());
  reply(m,
        messages::CertificateSigningResponse{.status = outcomes::kIssued,
                                             .reason = "",
                                             .certificate = certificate.der(),
                                             .chain = std::move(chain_der)},
        step6);
}

// A root handed over on day 0, as actors/common/day0_root.hpp takes one, from the typed message.
void CmfCertificateSigning::on_vendor_root(const sim::Message& message) {
  auto reject = [&](const std::string& reason) {
    trace({.operation = decisions::kHsmVendorRoot,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = reference_points::kHsmIf,
           .detail = TraceDetail().add(keys::kReason, reason)});
  };
  // Vendor roots are taken only from the configured HSMs (an empty list: from none).
  const auto& allowed = config_.hsm_vendor_roots_from;
  if (std::find(allowed.begin(), allowed.end(), message.from) == allowed.end())
    return reject("vendor roots are not taken from " + message.from);
  const auto envelope = decode_envelope(message.payload);
  if (!envelope || envelope->operation != operations::kHsmVendorRoot)
    return reject(std::string("not a ") + operations::kHsmVendorRoot + " message");
  const auto vendor_root = messages::from_envelope<messages::HsmVendorRoot>(*envelope);
  if (!vendor_root) return reject("no vendor_root");
  std::optional<pki::Certificate> root;
  try {
    root = pki::Certificate::from_der(vendor_root->vendor_root);
  } catch (const pki::DecodeError&) {
    return reject("vendor root does not decode");
  }
  add_root_once(vendor_roots_, *root);
  if (direct_) direct_->on_hsm_vendor_root(message.from, *root);
  trace({.operation = decisions::kHsmVendorRoot,
         .outcome = outcomes::kAccepted,
         .peer = message.from,
         .reference_point = reference_points::kHsmIf,
         .detail = TraceDetail().add(keys::kSubject, root->subject().to_string())});
}

}  // namespace ifa026::actors::cmf
