// Issuing the certificate a CMP ir/cr/p10cr/kur asks for (see cmp_issuance.hpp).
#include "pki/cmp_issuance.hpp"

#include <openssl/err.h>

#include <string>
#include <utility>

#include "pki/crmf_template.hpp"
#include "pki/csr.hpp"
#include "pki/openssl_codec.hpp"

namespace ifa026::pki {

namespace {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

// A refusal of the request with this failure, thrown by the CA's issuance.
using Refusal = std::pair<CmpFailure, std::string>;

// What the request asks for: the p10cr CSR, or the CRMF template's key (proven) and content.
struct Asked {
  std::optional<Csr> csr;
  std::optional<PublicKey> proven_key;
  CsrContent requested;
};

Asked read_request(const OSSL_CRMF_MSG* crm, const X509_REQ* p10cr) {
  Asked asked;
  if (p10cr != nullptr) {
    unsigned char* out = nullptr;
    const int n = i2d_X509_REQ(p10cr, &out);
    if (n <= 0) throw Refusal(CmpFailure::bad_data_format, "p10cr: cannot encode");
    OpenSslBytes owned(out);
    asked.csr = Csr::from_der(ByteView(out, static_cast<std::size_t>(n)));
    asked.requested = asked.csr->content();
  } else {
    const OSSL_CRMF_CERTTEMPLATE* tmpl = crm != nullptr ? OSSL_CRMF_MSG_get0_tmpl(crm) : nullptr;
    if (tmpl == nullptr) throw Refusal(CmpFailure::bad_cert_template, "no template");
    asked.proven_key = template_public_key(tmpl);
    asked.requested = template_content(tmpl);
  }
  return asked;
}

CertificateStackPtr certificate_stack(const std::vector<Certificate>& certificates) {
  CertificateStackPtr stack(sk_X509_new_null());
  if (!stack) throw Refusal(CmpFailure::system_failure, "out of memory");
  for (const Certificate& c : certificates) {
    X509Ptr x = certificate_x509(c);
    if (sk_X509_push(stack.get(), x.get()) > 0) x.release();
  }
  return stack;
}

}  // namespace

OSSL_CMP_PKISI* issue_certificate(CmpTransaction& t, const OSSL_CRMF_MSG* crm,
                                  const X509_REQ* p10cr, X509** cert_out,
                                  STACK_OF(X509) * *chain_out, STACK_OF(X509) * *ca_pubs) {
  CmpResponder& s = t.responder;
  try {
    const Asked asked = read_request(crm, p10cr);

    std::optional<DistinguishedName> subject;
    std::optional<SubjectAltName> san;
    if (t.kind == CmpBody::kur) {
      if (!t.signer) return cmp_reject(t, CmpFailure::not_authorized, "kur: no signer certificate");
      const OSSL_CRMF_CERTID* old_id = OSSL_CRMF_MSG_get0_regCtrl_oldCertID(crm);
      if (old_id != nullptr && serial_hex(OSSL_CRMF_CERTID_get0_serialNumber(old_id),
                                          "kur: oldCertID") != t.signer->serial_hex()) {
        return cmp_reject(t, CmpFailure::bad_cert_id, "kur: oldCertID is not the signing cert");
      }
      subject = t.signer->subject();
      san = t.signer->san();
    } else if (t.signer && !t.reference && s.config.signer_identity_by_default) {
      // A signed request that names no subject or no subjectAltName is for the signer's.
      if (asked.requested.subject.attributes.empty()) subject = t.signer->subject();
      if (asked.requested.san.empty()) san = t.signer->san();
    }
    if (t.reference) {
      if (auto limited = s.credentials.subject_override(*t.reference)) subject = limited;
      if (auto limited = s.credentials.san_override(*t.reference)) san = limited;
    }
    if (asked.proven_key && !subject && asked.requested.subject.attributes.empty()) {
      return cmp_reject(t, CmpFailure::bad_cert_template, "certificate template: no subject");
    }
    if (s.authorise) {
      CmpRequestInfo info{t.kind, t.reference, t.signer, asked.csr, asked.requested, std::nullopt};
      if (auto refusal = s.authorise(info)) return cmp_reject(t, refusal->failure, refusal->reason);
    }
    Certificate issued = [&] {
      try {
        if (asked.csr) {
          return s.ca.issue(IssueRequest{*asked.csr, t.now, subject, san, std::nullopt},
                            s.config.profile);
        }
        return s.ca.issue_for_key(ProvenKeyIssueRequest{*asked.proven_key, asked.requested, t.now,
                                                        subject, san, std::nullopt},
                                  s.config.profile);
      } catch (const PkiError& e) {
        std::string what = e.what();
        throw Refusal(what.find("proof of possession") != std::string::npos
                          ? CmpFailure::bad_pop
                          : CmpFailure::bad_request,
                      what);
      }
    }();
    X509Ptr x = certificate_x509(issued);
    std::vector<Certificate> chain_certs{s.ca.certificate()};
    chain_certs.insert(chain_certs.end(), s.config.chain.begin(), s.config.chain.end());
    CertificateStackPtr chain = certificate_stack(chain_certs);
    CertificateStackPtr pubs =
        certificate_stack(t.kind == CmpBody::ir ? s.config.ca_pubs : std::vector<Certificate>{});
    t.issued = issued;
    // The credential is reserved or spent by the server once it knows whether implicitConfirm
    // was granted (cmp_server.cpp), i.e. after this callback.
    *cert_out = x.release();
    *chain_out = chain.release();
    if (sk_X509_num(pubs.get()) > 0) *ca_pubs = pubs.release();
    return cmp_status(OSSL_CMP_PKISTATUS_accepted, std::nullopt, "");
  } catch (const Refusal& refusal) {
    ERR_clear_error();
    return cmp_reject(t, refusal.first, refusal.second);
  } catch (const CertTemplateError& e) {
    ERR_clear_error();
    return cmp_reject(t, CmpFailure::bad_cert_template, e.what());
  } catch (const DecodeError& e) {
    ERR_clear_error();
    return cmp_reject(t, CmpFailure::bad_data_format, e.what());
  } catch (const std::exception& e) {
    ERR_clear_error();
    return cmp_reject(t, CmpFailure::system_failure, e.what());
  }
}

}  // namespace ifa026::pki
