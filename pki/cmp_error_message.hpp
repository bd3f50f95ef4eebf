// Internal to pki/: the CA's own signed CMP error message (RFC 4210 §5.3.21). OpenSSL 3.0's
// server always says badRequest for a request it refuses before its callbacks run, and has no
// response at all for one it cannot decode; this message carries the PKIFailureInfo that says
// why, echoes the request's sender, transactionID and senderNonce, and is signed with the CA key.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/cmp_message.hpp"

namespace ifa026::pki {

// The request facts an error response echoes (all empty for a request that did not decode).
struct CmpErrorContext {
  Bytes recipient;  // the request's sender GeneralName, whole; empty: an empty directoryName
  std::optional<Bytes> transaction_id;
  std::optional<Bytes> recip_nonce;  // the request's senderNonce
};

// An error PKIMessage: status rejection, `text` (the failure's name when empty; at most 512
// octets of UTF-8) and `failure`, messageTime `now` (whole seconds), signed by the CA's key; its
// extraCerts hold the CA's certificate and `chain` (the certificates above it without the
// self-signed root), as OpenSSL fills them for the messages it signs.
Bytes build_cmp_error(const CertificateAuthority& ca, const std::vector<Certificate>& chain,
                      const CmpErrorContext& context, CmpFailure failure, const std::string& text,
                      Instant now);

}  // namespace ifa026::pki
