// The CRLs a relying party holds: the latest verified CRL per issuer (issuer name + authority key
// identifier), with the freshness rule that keeps a replayed older CRL from un-revoking a
// certificate. A CRL offered to the store is checked against the issuer certificates the caller
// knows, at simulated time, and gets one of a few explainable outcomes; the store answers "is
// serial S of issuer I revoked" and gives the CRLs for TLS revocation checks. CRLs whose issuer is
// not known yet can wait in the store until it is.
//
// The rules (docs/pki.md, "CRL store"):
// - issuer: a certificate whose subject is the CRL's issuer and, when both carry one, whose
//   subjectKeyIdentifier is the CRL's authorityKeyIdentifier; none: unknown_issuer;
// - signature: the CRL must verify with such a certificate's key; otherwise bad_signature;
// - that certificate must be a CA certificate valid at `now`; otherwise issuer_not_valid;
// - freshness: against the CRL held for the same issuer, the CRL Number must be strictly greater
//   (RFC 5280 §5.2.3: numbers only increase) and thisUpdate not earlier; otherwise stale. So an
//   equal number is stale even with a later thisUpdate (an issuer does not re-use a number), and a
//   higher number with the same thisUpdate (two CRLs in one second) is accepted;
// - a CRL that does not decode, or has no CRL Number, is malformed.
// nextUpdate is not checked here: a newer CRL whose nextUpdate has passed still replaces an older
// one, and the TLS check at simulated time treats an expired CRL as OpenSSL does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/crl.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

enum class CrlOutcome {
  accepted,          // verified and newer: now the CRL held for its issuer
  stale,             // verified, but not newer than the CRL held (a replay or a reordering)
  bad_signature,     // the issuer is known, the signature does not verify with its key
  unknown_issuer,    // no given certificate is the CRL's issuer (it may be known later)
  issuer_not_valid,  // the issuer certificate is outside its validity at `now` or not a CA
  malformed,         // not a CRL, or one without a CRL Number
};
// "accepted", "stale", "bad-signature", "unknown-issuer", "issuer-not-valid", "malformed".
std::string_view to_string(CrlOutcome outcome);

// What the store made of one CRL, for the caller's trace.
struct CrlOfferResult {
  CrlOutcome outcome = CrlOutcome::malformed;
  std::string reason;  // one line for people: why (for accepted: what it replaced)
  std::string issuer;  // the CRL's issuer name ("" when malformed)
  std::uint64_t number = 0;
  std::optional<std::uint64_t> held_number;  // of the CRL held for that issuer before the offer
  std::size_t entries = 0;                   // revoked entries listed by the CRL
  bool accepted() const { return outcome == CrlOutcome::accepted; }
};

class CrlStore {
 public:
  // At most `max_deferred` CRLs wait for their issuer; the oldest is dropped beyond that.
  explicit CrlStore(std::size_t max_deferred = 16) : max_deferred_(max_deferred) {}

  // Checks `crl` against `issuers` (the CA certificates the caller trusts: anchors and the chains
  // it holds) at `now` and keeps it when accepted. Never throws for a bad CRL.
  CrlOfferResult offer(const Crl& crl, const std::vector<Certificate>& issuers, Instant now);
  // The same for DER that may not decode (outcome malformed).
  CrlOfferResult offer_der(ByteView der, const std::vector<Certificate>& issuers, Instant now);

  // The CRL held for an issuer: the one under exactly this name and key identifier, else one
  // under the name without a key identifier; nullptr when none.
  const Crl* held(const DistinguishedName& issuer, const std::optional<Bytes>& key_id) const;
  // Every CRL held, ordered by issuer name then key identifier: what TLS revocation checks use
  // (TlsConfig::crls, TrustStore::add_crl).
  std::vector<Crl> crls() const;
  std::size_t size() const { return held_.size(); }

  // The entry revoking serial `serial_hex` (any case, leading zeros ignored) of that issuer, by
  // the CRL held for it; nullopt when not listed or when no CRL is held (see has_crl_for).
  std::optional<RevokedEntry> revocation(const DistinguishedName& issuer,
                                         const std::optional<Bytes>& key_id,
                                         std::string_view serial_hex) const;
  bool is_revoked(const DistinguishedName& issuer, const std::optional<Bytes>& key_id,
                  std::string_view serial_hex) const {
    return revocation(issuer, key_id, serial_hex).has_value();
  }
  // The same for a certificate: its issuer, authorityKeyIdentifier and serial.
  std::optional<RevokedEntry> revocation(const Certificate& certificate) const;
  bool is_revoked(const Certificate& certificate) const {
    return revocation(certificate).has_value();
  }
  // Whether a CRL is held for the certificate's issuer (without one, "not revoked" means
  // "not known").
  bool has_crl_for(const Certificate& certificate) const;

  // Keeps a CRL whose issuer is not known yet (e.g. before the holder has enrolled), with where it
  // came from, for retry_deferred.
  void defer(Crl crl, std::string source);
  std::size_t deferred_count() const { return deferred_.size(); }
  struct Retried {
    std::string source;
    CrlOfferResult result;
  };
  // Offers the deferred CRLs again, in arrival order. Those still of an unknown issuer stay
  // deferred (not in the result) when `keep_unknown`; otherwise they are reported with the rest
  // and dropped (a holder that now knows every CA it will know, as the CMF once ready).
  std::vector<Retried> retry_deferred(const std::vector<Certificate>& issuers, Instant now,
                                      bool keep_unknown = true);

 private:
  struct Held {
    Crl crl;
    std::uint64_t number = 0;
    Instant this_update;
    std::map<std::string, RevokedEntry> revoked;  // by normalised serial
  };
  using Key = std::pair<std::string, Bytes>;  // issuer name text, key identifier (or empty)

  const Held* find(const DistinguishedName& issuer, const std::optional<Bytes>& key_id) const;

  std::size_t max_deferred_;
  std::map<Key, Held> held_;
  std::deque<std::pair<Crl, std::string>> deferred_;
};

}  // namespace ifa026::pki
