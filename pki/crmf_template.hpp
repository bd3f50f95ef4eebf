// Internal to pki/: what a CRMF certificate template (RFC 4211 §5) of a CMP ir/cr/kur asks for,
// in the project's own terms: the public key (whose possession the CRMF proof of possession,
// checked by OpenSSL, proved) and the content a CSR would carry (subject, subjectAltName dNSName/
// URI/IP, extendedKeyUsage clientAuth/serverAuth, RFC 9310 nfTypes). A template the CA cannot
// issue from throws CertTemplateError (the CMP answer is badCertTemplate).
#pragma once

#include <openssl/crmf.h>

#include "pki/bytes.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

// "certificate template: <why>".
class CertTemplateError : public PkiError {
 public:
  using PkiError::PkiError;
};

// CertTemplate.publicKey ([6] IMPLICIT SubjectPublicKeyInfo), read from the template's DER.
PublicKey template_public_key(const OSSL_CRMF_CERTTEMPLATE* tmpl);

// The subject and the extensions the project reads (no key attestation in CRMF); others are
// ignored, a repeated one refused.
CsrContent template_content(const OSSL_CRMF_CERTTEMPLATE* tmpl);

}  // namespace ifa026::pki
