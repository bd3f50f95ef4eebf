// The CSR content checks of the NFV-MANO entities (see entity_csr_checks.hpp). Test descriptions
// follow ETSI TST010.
#include "conformance/entity_csr_checks.hpp"

#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"
#include "pki/names.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;

// The OSS's configuration entry for `entity` (params.entities[entity]), or null.
const nlohmann::json* oss_entry(const ManoView& v, const std::string& entity) {
  for (const auto& oss : v.roles.osses()) {
    const auto& p = v.roles.params_of(oss);
    if (p.contains("entities") && p["entities"].is_object() && p["entities"].contains(entity) &&
        p["entities"][entity].is_object())
      return &p["entities"][entity];
  }
  return nullptr;
}

}  // namespace

// ID            Nfvo.Sc.005, Vnfm.Sc.009, Vim.Sc.005, Wim.Sc.008, Cism.Sc.008, Cir.Sc.008
// Objective     The entity takes the CSR parameters the OSS supplied: SetCertificateConfiguration
//               reached it (stored) before its CSR, and the enrolled certificate's subject and SAN
//               dNSName are the configured subject and FQDN.
// Reference     clauses B.2-B.7 (Sc.005 / Sc.008 / Sc.009); Annex C.4.x.2.4 pre-condition 2
// Applicability ICS "mano-certificates" (plus "wim"/"cism"/"cir")
CheckResult check_configured_csr(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    const auto* csr =
        q.first(RecordFilter{}.of_kind(RecordKind::send).by(a).op(ops::kCertificateSigningRequest));
    if (csr == nullptr) continue;
    const auto* received = q.last(
        RecordFilter{}.of_kind(RecordKind::receive).by(a).op(ops::kSetCertificateConfiguration), 0,
        csr->id);
    const auto* stored =
        q.last(decision(a, decisions::kCertificateConfiguration).with_outcome(outcomes::kStored), 0,
               csr->id);
    if (received == nullptr || stored == nullptr) {
      out.fail(a + " sent its CSR (" + describe(*csr) + ") before any configuration was stored",
               {csr->id});
      continue;
    }
    std::string fqdn;
    std::string subject;
    if (const auto* entry = oss_entry(v, a); entry != nullptr) {
      fqdn = entry->value("fqdn", std::string());
      subject = entry->value("subject", "CN=" + fqdn + ",O=Operator");
    } else {
      subject = detail_of(*stored, keys::kSubject);
      fqdn = detail_of(*stored, keys::kFqdn);
    }
    if (detail_of(*stored, keys::kSubject) != subject || detail_of(*stored, keys::kFqdn) != fqdn) {
      out.fail(a + " stored subject \"" + detail_of(*stored, keys::kSubject) + "\" / FQDN " +
                   detail_of(*stored, keys::kFqdn) + ", the OSS configured \"" + subject + "\" / " +
                   fqdn,
               {stored->id});
      continue;
    }
    const auto* holder = holder_of(context.simulation, a);
    const auto history =
        holder != nullptr ? holder->certificate_history() : std::vector<actors::HeldCertificate>{};
    if (history.empty()) {
      out.inconc(a + " took its configuration (" + describe(*stored) +
                     ") but enrolled no certificate to show the CSR content",
                 {received->id, stored->id, csr->id});
      continue;
    }
    try {
      const auto& cert = history.front().certificate;
      const auto want = pki::DistinguishedName::parse(subject);
      const auto dns = cert.san().dns;
      if (!(cert.subject() == want)) {
        out.fail(a + "'s certificate subject \"" + cert.subject().to_string() +
                     "\" is not the configured \"" + subject + "\"",
                 {stored->id, csr->id});
        continue;
      }
      if (dns.size() != 1 || dns.front() != fqdn) {
        out.fail(a + "'s certificate SAN is not the configured FQDN " + fqdn,
                 {stored->id, csr->id});
        continue;
      }
    } catch (const std::exception& e) {
      out.fail(a + ": configured subject or certificate unreadable: " + e.what(), {stored->id});
      continue;
    }
    out.pass(a + ": configuration received before the CSR; certificate subject \"" + subject +
                 "\" and SAN " + fqdn + " as configured",
             {received->id, stored->id, csr->id});
  }
  return out.result("no " + entity_type_name(type) + " sent a CSR");
}

// ID            Nfvo.Sc.009, Vnfm.Sc.016, Vim.Sc.010, Wim.Sc.010, Cism.Sc.010, Cir.Sc.010
// Objective     An entity with an HSM obtains a key-attestation statement for its key (bound to
//               the CMF's nonce: KeyAttestationRequest, AttestKey ok) before its CSR is sent, the
//               statement travels in the CSR, and the CMF verifies it before processing the CSR.
// Reference     clauses B.2-B.7 (Sc.009 / Sc.010 / Sc.016); Annex C.4.x.2.7 step #0
// Applicability ICS "hsm" and "key-attestation"
CheckResult check_attestation_supplied(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    const auto hsm = v.roles.hsm_of(a);
    std::uint64_t previous = 0;
    for (const auto* csr : q.all(
             RecordFilter{}.of_kind(RecordKind::send).by(a).op(ops::kCertificateSigningRequest))) {
      const auto start = previous;
      previous = csr->id;
      if (hsm.empty()) {
        out.inconc(a + " has no HSM: it supplies no key attestation (ICS \"hsm\")", {csr->id});
        break;
      }
      const auto* request = q.last(sends(a, hsm).op(ops::kKeyAttestationRequest), start, csr->id);
      const auto* attested =
          request == nullptr
              ? nullptr
              : q.first(decision(hsm, decisions::kAttestKey).to(a), request->id, csr->id);
      if (request == nullptr || attested == nullptr || attested->outcome != outcomes::kOk) {
        out.fail(
            a + " sent its CSR (" + describe(*csr) + ") without an attestation from its HSM " + hsm,
            {csr->id});
        continue;
      }
      const auto* signed_csr =
          q.first(sends(a, hsm).op(ops::kSignCsrRequest), attested->id, csr->id);
      if (signed_csr == nullptr) {
        out.fail(a + " did not have the CSR signed (with the statement) after the attestation",
                 {attested->id});
        continue;
      }
      const auto cmf = cmf_of(v, a);
      const auto* verified = q.first(
          crypto(cmf, decisions::kKeyAttestationVerification).with(keys::kEntity, a), csr->id);
      const auto* validation =
          q.first(crypto(cmf, decisions::kCsrValidation).with(keys::kEntity, a), csr->id);
      if (verified != nullptr && validation != nullptr && verified->id > validation->id)
        verified = nullptr;
      if (verified == nullptr) {
        out.pass(a + ": attestation obtained from " + hsm + " (" + describe(*attested) +
                     ") and sent in the CSR; " + cmf + " did not verify it (policy \"" +
                     v.roles.key_attestation_policy(cmf) + "\")",
                 {request->id, attested->id, signed_csr->id, csr->id});
        continue;
      }
      if (verified->outcome != outcomes::kOk) {
        out.fail(a + "'s attestation was rejected by " + cmf + " (" +
                     detail_of(*verified, keys::kReason) + ")",
                 {attested->id, verified->id});
        continue;
      }
      out.pass(a + ": attestation from " + hsm + " supplied in the CSR and verified by " + cmf +
                   " before the CSR was processed",
               {request->id, attested->id, signed_csr->id, csr->id, verified->id});
    }
  }
  return out.result("no " + entity_type_name(type) + " sent a CSR");
}

}  // namespace ifa026::conformance
