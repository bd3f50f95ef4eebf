// Internal to pki/: the end of a CMP issuance transaction (RFC 4210 §5.3.18): the client's
// certConf (its certHash must match the issued certificate; a rejection status or a mismatch
// withdraws it), an error message from the client, and the withdrawal (revocation,
// cessationOfOperation) of a certificate issued but never confirmed.
#pragma once

#include <openssl/cmp.h>

#include "pki/cmp_transaction.hpp"

namespace ifa026::pki {

// certConf callback: 1 to answer pkiConf, 0 to answer an error (hash mismatch, nothing issued).
int confirm_certificate(CmpTransaction& t, const ASN1_OCTET_STRING* cert_hash,
                        const OSSL_CMP_PKISI* status);

// An error message from the client ends `t` and withdraws what it issued.
void client_error(CmpTransaction& t);

// Revokes the certificate `t` issued and nobody confirmed, at `t.now`; never throws.
void withdraw_unconfirmed(CmpTransaction& t);

}  // namespace ifa026::pki
