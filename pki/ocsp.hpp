// OCSP (RFC 6960) with OpenSSL's OCSP API: building requests, answering them as the issuing CA
// (signed basic responses at a caller-given instant), and checking responses at an instant.
//
// API:
//  - make_ocsp_request(subject, issuer, nonce): an unsigned OCSPRequest DER for one CertID
//    (SHA-1 name/key hashes, as RFC 5019 profiles) with an optional nonce extension.
//  - make_ocsp_response(request_der, issuer certificate + key | CertificateAuthority, lookup,
//    produced_at, next_update): a signed OCSPResponse DER. The CA itself signs (responderID by
//    key hash, no certificates included); producedAt = thisUpdate = `produced_at`, nextUpdate =
//    `next_update`; the request's nonce is echoed. Each CertID of the request is answered:
//    `lookup(serial_hex)` for those naming this issuer, "unknown" for others. A request that does
//    not decode or names no certificate gets a malformedRequest response; a lookup that throws
//    or answers `invalid` gets internalError. Never throws for bad input; throws PkiError only
//    when signing itself fails.
//  - check_ocsp_response(response_der, subject, issuer, now, expected_nonce): decodes, requires
//    status successful and a basic response signed by `issuer`'s key (a delegated OCSP signing
//    certificate is not accepted), finds the subject's SingleResponse and requires thisUpdate <=
//    now < nextUpdate (no nextUpdate: thisUpdate <= now), and producedAt <= now. Anything wrong
//    gives status `invalid` with `detail` saying what; it never throws for bad input.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/certificate_authority.hpp"
#include "pki/crl.hpp"
#include "pki/key.hpp"

namespace ifa026::pki {

enum class OcspCertStatus { good, revoked, unknown, invalid };
std::string_view to_string(OcspCertStatus status);

// RFC 6960 §4.2.1 OCSPResponseStatus.
enum class OcspResponseStatus {
  successful = 0,
  malformed_request = 1,
  internal_error = 2,
  try_later = 3,
  sig_required = 5,
  unauthorized = 6,
};
std::string_view to_string(OcspResponseStatus status);

// What the responder knows about one serial number.
struct OcspStatusEntry {
  OcspCertStatus status = OcspCertStatus::good;
  Instant revoked_at;                      // when revoked
  std::optional<RevocationReason> reason;  // when revoked; none: no reasonCode
};
// Serial number as Certificate::serial_hex() spells it (upper-case hex, no leading zeros).
using OcspStatusLookup = std::function<OcspStatusEntry(const std::string& serial_hex)>;

Bytes make_ocsp_request(const Certificate& subject, const Certificate& issuer,
                        const std::optional<Bytes>& nonce = std::nullopt);

Bytes make_ocsp_response(ByteView request_der, const Certificate& issuer,
                         const PrivateKey& issuer_key, const OcspStatusLookup& lookup,
                         Instant produced_at, Instant next_update);
Bytes make_ocsp_response(ByteView request_der, const CertificateAuthority& ca,
                         const OcspStatusLookup& lookup, Instant produced_at, Instant next_update);

struct OcspResult {
  OcspCertStatus status = OcspCertStatus::invalid;
  std::optional<RevocationReason> reason;  // revoked with a reasonCode
  std::optional<Instant> revoked_at;       // revoked
  // The responder's status; none when the response did not decode.
  std::optional<OcspResponseStatus> response_status;
  Instant produced_at;
  Instant this_update;
  std::optional<Instant> next_update;
  std::string detail;  // why invalid, for people
  bool valid() const { return status != OcspCertStatus::invalid; }
};

OcspResult check_ocsp_response(ByteView response_der, const Certificate& subject,
                               const Certificate& issuer, Instant now,
                               const std::optional<Bytes>& expected_nonce = std::nullopt);

}  // namespace ifa026::pki
