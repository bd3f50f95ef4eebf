// Internal to pki/: revocation for a CMP rr (the revocation-request callback of a transaction):
// the certificate must be one of this CA's and not revoked yet; an rr signed by the certificate
// it revokes is accepted, any other only when the server's authorise hook admits it; the CA
// revokes with the CRLReason the request carries.
#pragma once

#include <openssl/cmp.h>
#include <openssl/x509.h>

#include "pki/bytes.hpp"
#include "pki/cmp_transaction.hpp"
#include "pki/crl.hpp"

namespace ifa026::pki {

// The PKIStatusInfo of the answer: accepted, or a rejection saying why. Either ends `t`.
OSSL_CMP_PKISI* revoke_certificate(CmpTransaction& t, const X509_NAME* issuer,
                                   const ASN1_INTEGER* serial);

// The reasonCode of an rr's first RevDetails crlEntryDetails (read from the request DER:
// OpenSSL 3.0 has no getter); unspecified when absent or not one the project models.
RevocationReason requested_revocation_reason(ByteView request_der);

}  // namespace ifa026::pki
