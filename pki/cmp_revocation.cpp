// Revoking the certificate a CMP rr names (see cmp_revocation.hpp).
#include "pki/cmp_revocation.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>

#include <algorithm>
#include <string>

#include "pki/cmp_message_parts.hpp"
#include "pki/der.hpp"
#include "pki/openssl_codec.hpp"

namespace ifa026::pki {

using namespace ossl;  // NOLINT(google-build-using-namespace): internal helpers

RevocationReason requested_revocation_reason(ByteView request_der) {
  const auto m = read_cmp_message_parts(request_der);
  if (!m) return RevocationReason::unspecified;
  // RevReqContent ::= SEQUENCE OF RevDetails
  // RevDetails ::= SEQUENCE { certDetails CertTemplate, crlEntryDetails Extensions OPTIONAL }
  ByteView in = m->body_content;
  const auto list = der::next_element(in);
  const auto details = list ? der::split_elements(list->content) : std::nullopt;
  const auto fields =
      details && !details->empty() ? der::split_elements(details->front().content) : std::nullopt;
  const auto extensions =
      fields && fields->size() >= 2 ? der::split_elements((*fields)[1].content) : std::nullopt;
  if (!extensions) return RevocationReason::unspecified;
  static const Bytes kReasonOid = oid_content(NID_crl_reason);
  // Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
  for (const der::Element& extension : *extensions) {
    const auto e = der::split_elements(extension.content);
    if (!e || e->size() < 2 ||
        !std::equal(kReasonOid.begin(), kReasonOid.end(), e->front().content.begin(),
                    e->front().content.end())) {
      continue;
    }
    ByteView value = e->back().content;
    const auto enumerated = der::next_element(value);
    if (!enumerated) break;
    const auto code = der::small_integer(*enumerated);
    if (!code) break;
    if (auto reason = modelled_reason(*code)) return *reason;
  }
  return RevocationReason::unspecified;
}

OSSL_CMP_PKISI* revoke_certificate(CmpTransaction& t, const X509_NAME* issuer,
                                   const ASN1_INTEGER* serial) {
  CmpResponder& s = t.responder;
  try {
    t.finished = true;
    X509Ptr ca = certificate_x509(s.ca.certificate());
    if (issuer == nullptr || serial == nullptr ||
        X509_NAME_cmp(issuer, X509_get_subject_name(ca.get())) != 0) {
      return cmp_reject(t, CmpFailure::bad_cert_id, "rr: issuer/serial not of this CA");
    }
    const std::string hex = serial_hex(serial, "rr");
    if (s.ca.is_revoked(hex)) return cmp_reject(t, CmpFailure::cert_revoked, "already revoked");
    if (!t.signer || t.signer->serial_hex() != hex) {
      std::optional<CmpRefusal> refusal = CmpRefusal("rr must be signed by the certificate");
      if (s.authorise) {
        CmpRequestInfo info{t.kind, t.reference, t.signer, std::nullopt, std::nullopt, hex};
        refusal = s.authorise(info);
      }
      if (refusal) return cmp_reject(t, refusal->failure, refusal->reason);
    }
    s.ca.revoke(hex, t.now, requested_revocation_reason(t.request_der));
    return cmp_status(OSSL_CMP_PKISTATUS_accepted, std::nullopt, "");
  } catch (const std::exception& e) {
    ERR_clear_error();
    return cmp_reject(t, CmpFailure::system_failure, e.what());
  }
}

}  // namespace ifa026::pki
