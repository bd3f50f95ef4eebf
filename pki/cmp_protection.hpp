// Internal to pki/: the check of a CMP request's protection before OpenSSL processes it: PBM
// with a registered initial credential (MAC checked before the credential's one-use and expiry
// limits, so a replay cannot burn it), or a signature by a certificate in extraCerts that chains
// to the CA or an extra trust anchor and is not revoked by this CA. A transaction keeps the
// protection it began with (same senderKID; PBM never continued with a signature).
#pragma once

#include <openssl/cmp.h>

#include <optional>
#include <string>

#include "pki/cmp_message.hpp"
#include "pki/cmp_message_parts.hpp"
#include "pki/cmp_transaction.hpp"

namespace ifa026::pki {

struct CmpProtectionRefusal {
  CmpFailure failure;
  std::string text;
};

// Checks `request` (whose parts are `m`) for transaction `t` at `now`; `opens` says whether the
// request opens `t`, which then records its credential reference (PBM) or signer certificate.
// nullopt when the protection holds.
std::optional<CmpProtectionRefusal> check_request_protection(CmpTransaction& t, bool opens,
                                                             const CmpMessageParts& m,
                                                             OSSL_CMP_MSG* request, Instant now);

}  // namespace ifa026::pki
