// Internal to pki/: the end of a CMP issuance transaction (RFC 4210 §5.3.18): the client's
// certConf (its certHash must match the issued certificate; a rejection status or a mismatch
// withdraws it), an error message from the client, and the withdrawal (revocation,
// cessationOfOperation) of a certificate issued but never confirmed.
#pragma once

#include <openssl/cmp.h>

#include "pki/cmp_transaction.hpp"

namespace ifa026::pki {

// certConf callback: 1 to answer pkiConf, 0 to answer an error (hash mismatch, nothing issued).
// An accepting certConf spends the one-use credential the transaction reserved.
int confirm_certificate(CmpTransaction& t, const ASN1_OCTET_STRING* cert_hash,
                        const OSSL_CMP_PKISI* status);

// Tells the server's on_credential_spent hook, if any, that `reference` was spent; never throws.
void tell_credential_spent(CmpResponder& responder, const std::string& reference, Instant when);

// An error message from the client ends `t` and withdraws what it issued.
void client_error(CmpTransaction& t);

// Revokes the certificate `t` issued and nobody confirmed, at `t.now` (cessationOfOperation:
// the certificate never went into use), releases the one-use credential it reserved and tells
// the server's on_withdrawn hook why; never throws.
void withdraw_unconfirmed(CmpTransaction& t, CmpWithdrawalReason why);

}  // namespace ifa026::pki
