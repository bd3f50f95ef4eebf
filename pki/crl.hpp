// Certificate revocation lists: decoding, and the facts checks need (issuer, number,
// thisUpdate/nextUpdate, revoked serials with reasons). CAs build them (certificate_authority).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"

namespace ifa026::pki {

// RFC 5280 CRLReason values.
enum class RevocationReason {
  unspecified = 0,
  key_compromise = 1,
  ca_compromise = 2,
  affiliation_changed = 3,
  superseded = 4,
  cessation_of_operation = 5,
  certificate_hold = 6,
  privilege_withdrawn = 9,
};

struct RevokedEntry {
  std::string serial_hex;
  Instant revoked_at;
  RevocationReason reason = RevocationReason::unspecified;
};

class Crl {
 public:
  // Throws DecodeError on anything that is not a well-formed CRL.
  static Crl from_der(ByteView der);
  static Crl from_pem(std::string_view pem);

  const Bytes& der() const { return der_; }
  std::string to_pem() const;
  DistinguishedName issuer() const;
  // The CRL Number extension; 0 when the CRL has none (a v1 CRL).
  std::uint64_t number() const;
  bool has_number() const;
  // The keyIdentifier of the authorityKeyIdentifier extension (the issuer key's SKI), if any.
  std::optional<Bytes> authority_key_id() const;
  Instant this_update() const;
  Instant next_update() const;
  std::vector<RevokedEntry> revoked() const;
  // Signed by `issuer`'s key.
  bool signed_by(const Certificate& issuer) const;

  explicit Crl(Bytes der) : der_(std::move(der)) {}

 private:
  Bytes der_;
};

}  // namespace ifa026::pki
