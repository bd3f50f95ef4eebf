// Internal to pki/: certificate issuance for a CMP ir, cr, p10cr or kur (the certificate-request
// callback of a transaction). What is asked for comes from the p10cr CSR (the CA checks its
// signature) or the CRMF template (OpenSSL checked the proof of possession); a kur renews the
// signing certificate's identity, a PBM credential's limits override the identity, the server's
// authorise hook may refuse; the answer carries the certificate, the CA chain and, for ir, the
// caPubs.
#pragma once

#include <openssl/cmp.h>
#include <openssl/crmf.h>
#include <openssl/x509.h>

#include "pki/cmp_transaction.hpp"

namespace ifa026::pki {

// The PKIStatusInfo of the answer (accepted, or a rejection saying why, which ends `t`); on
// acceptance the outputs hold the certificate, its chain and any caPubs, and `t.issued` the
// certificate awaiting confirmation.
OSSL_CMP_PKISI* issue_certificate(CmpTransaction& t, const OSSL_CRMF_MSG* crm,
                                  const X509_REQ* p10cr, X509** cert_out,
                                  STACK_OF(X509) * *chain_out, STACK_OF(X509) * *ca_pubs);

}  // namespace ifa026::pki
