// The CMF's handling of certificate signing requests (see cmf_certificate_signing.hpp).
#include "actors/cmf/cmf_certificate_signing.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include "actors/common/day0_root.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"
#include "pki/csr.hpp"

namespace ifa026::actors::cmf {

CmfCertificateSigning::CmfCertificateSigning(CmfState& state) : CmfPart(state) {}

// Step #2 could not be carried out (an internal error, not a refusal of the request): traced as
// such, and the requester is answered so that it does not wait for ever.
void CmfCertificateSigning::internal_csr_error(const ChannelMessage& m, const std::string& step,
                                               const std::string& what) {
  context().trace(internal_error_record("CsrValidation", m.peer.name, step, what));
  reject_csr(m, step, "internal error at the CMF");
}

void CmfCertificateSigning::reject_csr(const ChannelMessage& m, const std::string& step,
                                       const std::string& reason) {
  json out = json::object();
  out["status"] = "rejected";
  out["reason"] = reason;
  reply(m, operations::kCertificateSigningResponse, step, std::move(out));
}

// Step #1: which registration the request belongs to, and whether it may ask.
std::string CmfCertificateSigning::identify(const ChannelMessage& m, Registration*& reg) {
  reg = nullptr;
  const json& body = m.envelope.body;
  switch (m.peer.kind) {
    case ChannelKind::day0:
      return "CSR needs a server_auth or mutual TLS channel";
    case ChannelKind::server_auth: {
      auto it = body.find("credential");
      if (it == body.end() || !it->is_object()) return "no initial credential and no certificate";
      const std::string reference = get_string(*it, "reference");
      reg = registry_.find_by_reference(reference);
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

void CmfCertificateSigning::handle_csr(const ChannelMessage& m) {
  const json& body = m.envelope.body;
  const std::string flow = flow_of(m.envelope.step);
  const CsrAuth auth =
      m.peer.kind == ChannelKind::mutual ? CsrAuth::certificate : CsrAuth::initial_credential;
  const std::string auth_text = cmf::to_string(auth);
  const auto csr_der = get_bytes(body, "csr");

  // Step #1: registration check.
  Registration* reg = nullptr;
  const std::string problem = identify(m, reg);
  const std::string entity = reg != nullptr ? reg->entity : m.peer.name;
  std::string fqdn = reg != nullptr ? reg->fqdn : "";
  if (fqdn.empty() && csr_der) {
    try {
      fqdn = pki::Csr::from_der(*csr_der).content().subject.common_name();
    } catch (const std::exception&) {
    }
  }
  if (!config_.skip_registration_check) {
    TraceDetail detail = about(entity, fqdn).add("auth", auth_text);
    if (!problem.empty()) detail.add("reason", problem);
    record(RecordKind::decision, "RegistrationCheck", step_in(flow, 1),
           problem.empty() ? "ok" : "rejected", m.peer.name, detail);
    if (!problem.empty()) return reject_csr(m, step_in(flow, 1), problem);
  } else if (!problem.empty() && m.peer.kind == ChannelKind::server_auth) {
    reg = nullptr;  // an unknown entity: only its CSR speaks for it
  }

  // Step #2: CSR, credential or certificate, key attestation.
  const std::string step2 = step_in(flow, 2);
  std::string purpose = get_string(body, "purpose", "enrolment");
  std::optional<std::string> invalid;
  cmf::CsrCheckResult check;
  std::optional<cmf::PresentedCredential> presented;
  if (auth == CsrAuth::initial_credential) {
    if (auto it = body.find("credential"); it != body.end() && it->is_object()) {
      cmf::PresentedCredential p;
      p.reference = get_string(*it, "reference");
      p.mac = get_bytes(*it, "mac");
      p.salt = get_bytes(*it, "salt").value_or(pki::Bytes(p.reference.begin(), p.reference.end()));
      if (auto n = it->find("iterations"); n != it->end() && n->is_number_integer())
        p.iterations = static_cast<int>(std::clamp<long long>(n->get<long long>(), 0, 1'000'000));
      presented = std::move(p);
    }
  }
  if (!csr_der) {
    invalid = "CSR missing";
  } else if (purpose != "enrolment" && purpose != "renewal") {
    invalid = "unknown purpose \"" + purpose + "\"";
  } else if (purpose == "renewal" && auth != CsrAuth::certificate) {
    invalid = "renewal needs mutual TLS with the current certificate";
  } else {
    cmf::CsrCheckInput input;
    input.csr_der = *csr_der;
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
      if (!outcome->ok) detail.add("reason", outcome->reason);
      record(RecordKind::crypto, "KeyAttestationVerification", step2,
             outcome->ok ? "ok" : "rejected", m.peer.name, detail);
      if (!outcome->ok) invalid = "key attestation: " + outcome->reason;
    }
  }
  if (!config_.skip_csr_validation) {
    TraceDetail detail = about(entity, fqdn).add("auth", auth_text).add("purpose", purpose);
    if (check.csr)
      detail.add("key_type", std::string(pki::to_string(check.csr->public_key().type())))
          .add("spki_sha256", pki::to_hex(check.csr->public_key().spki_sha256()));
    if (invalid) detail.add("reason", *invalid);
    record(RecordKind::crypto, "CsrValidation", step2, invalid ? "rejected" : "ok", m.peer.name,
           detail);
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
    record(RecordKind::decision, "CaRequest", step_in(flow, 5), "failed", job.ca,
           about(entity, fqdn)
               .add("ca", job.ca)
               .add("reason", "the CMF holds no RA certificate at this CA"),
           reference_points::kCa1);
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
      [this, job](const CmpExchange::Outcome& outcome) {
        guarded(operations::kCertificateSigningRequest, job.message.peer.name,
                [&] { on_issued(job, outcome.result); });
      });
}

// The chain delivered with a certificate: issuing CA(s) up to and including the root.
std::vector<pki::Certificate> CmfCertificateSigning::chain_for(
    const pki::Certificate& leaf, const std::vector<pki::Certificate>& from_ca) const {
  std::vector<pki::Certificate> pool = from_ca;
  const auto known = known_ca_certificates();
  pool.insert(pool.end(), known.begin(), known.end());
  std::vector<pki::Certificate> out;
  pki::Certificate current = leaf;
  for (int depth = 0; depth < 8 && !(current.subject() == current.issuer()); ++depth) {
    auto it = std::find_if(pool.begin(), pool.end(), [&](const pki::Certificate& c) {
      return !(c == current) && c.subject() == current.issuer();
    });
    if (it == pool.end()) break;
    out.push_back(*it);
    current = *it;
  }
  return out;
}

void CmfCertificateSigning::on_issued(const CsrJob& job, const pki::CmpResult& result) {
  Registration* reg = registry_.find(job.entity);
  if (reg != nullptr && !job.credential_reference.empty() && reg->credential &&
      reg->credential->reference == job.credential_reference)
    reg->credential->in_use = false;
  const ChannelMessage& m = job.message;
  std::string problem;
  if (!result.ok() || !result.certificate) {
    problem = ca_failure(result);
  } else if (!(result.certificate->public_key() == job.key)) {
    problem = "the CA certified another key";
  }
  if (!problem.empty()) {
    record(RecordKind::decision, "CaRequest", step_in(job.flow, 5), "failed", job.ca,
           about(job.entity, job.fqdn).add("ca", job.ca).add("reason", problem),
           reference_points::kCa1);
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
  record(RecordKind::decision, "CertificateDelivered", step6, "ok", m.peer.name,
         about(job.entity, job.fqdn)
             .add("serial", certificate.serial_hex())
             .add("not_after", utc(certificate.not_after()))
             .add("purpose", job.purpose)
             .add("ca", job.ca));
  json out = json::object();
  out["status"] = "issued";
  out["reason"] = "";
  set_bytes(out, "certificate", certificate.der());
  std::vector<pki::Bytes> chain_der;
  for (const auto& c : chain) chain_der.push_back(c.der());
  set_bytes_list(out, "chain", chain_der);
  reply(m, operations::kCertificateSigningResponse, step6, std::move(out));
}

void CmfCertificateSigning::on_vendor_root(const sim::Message& message) {
  auto reject = [&](const std::string& reason) {
    record(RecordKind::decision, operations::kHsmVendorRoot, "", "rejected", message.from,
           TraceDetail().add("reason", reason), reference_points::kHsmIf);
  };
  // Vendor roots are taken only from the configured HSMs (an empty list: from none).
  if (config_.hsm_vendor_roots_from.empty())
    return reject("vendor roots are not taken from " + message.from);
  const auto intake =
      take_day0_root(message, config_.hsm_vendor_roots_from, operations::kHsmVendorRoot,
                     "vendor_root", "vendor root", false);
  if (!intake.root) return reject(intake.problem);
  const pki::Certificate* root = &*intake.root;
  add_root_once(vendor_roots_, *root);
  if (direct_) direct_->on_hsm_vendor_root(message.from, *root);
  record(RecordKind::decision, operations::kHsmVendorRoot, "", "accepted", message.from,
         TraceDetail().add("subject", root->subject().to_string()), reference_points::kHsmIf);
}

}  // namespace ifa026::actors::cmf
