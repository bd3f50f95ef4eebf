// The CRL store (see crl_store.hpp): issuer matching, signature and issuer validity at simulated
// time, the freshness rule, revocation lookups and deferred CRLs.
#include "pki/crl_store.hpp"
#include "pki/openssl_codec.hpp"

#include <algorithm>

namespace ifa026::pki {

namespace {

CrlOfferResult refused(CrlOutcome outcome, std::string reason, CrlOfferResult base) {
  base.outcome = outcome;
  base.reason = std::move(reason);
  return base;
}

// The reason a candidate issuer certificate cannot vouch for a CRL at `now`; nullopt when it can.
std::optional<std::string> issuer_invalid_reason(const Certificate& issuer, Instant now) {
  const std::string name = issuer.subject().to_string();
  if (!issuer.is_ca()) return "issuer certificate " + name + " is not a CA certificate";
  if (now < issuer.not_before()) {
    return "issuer certificate " + name + " is not valid before " +
           ossl::format_instant(issuer.not_before());
  }
  if (now > issuer.not_after()) {
    return "issuer certificate " + name + " expired at " + ossl::format_instant(issuer.not_after());
  }
  return std::nullopt;
}

bool verifies(const Crl& crl, const Certificate& issuer) {
  try {
    return crl.signed_by(issuer);
  } catch (const PkiError&) {
    return false;  // a key OpenSSL cannot use: it does not sign this CRL
  }
}

}  // namespace

std::string_view to_string(CrlOutcome outcome) {
  switch (outcome) {
    case CrlOutcome::accepted:
      return "accepted";
    case CrlOutcome::stale:
      return "stale";
    case CrlOutcome::bad_signature:
      return "bad-signature";
    case CrlOutcome::unknown_issuer:
      return "unknown-issuer";
    case CrlOutcome::issuer_not_valid:
      return "issuer-not-valid";
    case CrlOutcome::malformed:
      return "malformed";
  }
  return "malformed";
}

CrlOfferResult CrlStore::offer_der(ByteView der, const std::vector<Certificate>& issuers,
                                   Instant now) {
  std::optional<Crl> crl;
  try {
    crl = Crl::from_der(der);
  } catch (const PkiError& e) {
    return refused(CrlOutcome::malformed, std::string("does not decode: ") + e.what(), {});
  }
  return offer(*crl, issuers, now);
}

CrlOfferResult CrlStore::offer(const Crl& crl, const std::vector<Certificate>& issuers,
                               Instant now) {
  CrlOfferResult result;
  DistinguishedName issuer_name;
  std::optional<Bytes> key_id;
  Instant this_update;
  std::vector<RevokedEntry> entries;
  try {
    issuer_name = crl.issuer();
    result.issuer = issuer_name.to_string();
    if (!crl.has_number()) {
      return refused(CrlOutcome::malformed, "no CRL Number (RFC 5280 §5.2.3 requires one)", result);
    }
    result.number = crl.number();
    key_id = crl.authority_key_id();
    this_update = crl.this_update();
    entries = crl.revoked();
    result.entries = entries.size();
  } catch (const PkiError& e) {
    return refused(CrlOutcome::malformed, e.what(), result);
  }

  // Issuer: same name, and the same key identifier when both say one.
  std::vector<const Certificate*> candidates;
  for (const Certificate& c : issuers) {
    try {
      if (!(c.subject() == issuer_name)) continue;
      const std::optional<Bytes> ski = c.subject_key_id();
      if (key_id && ski && *ski != *key_id) continue;
      candidates.push_back(&c);
    } catch (const PkiError&) {
      // a certificate that does not read is no issuer
    }
  }
  if (candidates.empty()) {
    return refused(CrlOutcome::unknown_issuer,
                   "no known CA certificate is the issuer " + result.issuer +
                       (key_id ? " with key identifier " + to_hex(*key_id) : std::string()),
                   result);
  }
  const Certificate* signer = nullptr;
  for (const Certificate* c : candidates) {
    if (verifies(crl, *c)) {
      signer = c;
      break;
    }
  }
  if (signer == nullptr) {
    return refused(CrlOutcome::bad_signature,
                   "signature does not verify with the key of " + result.issuer, result);
  }
  try {
    if (auto why = issuer_invalid_reason(*signer, now)) {
      return refused(CrlOutcome::issuer_not_valid, *why, result);
    }
  } catch (const PkiError& e) {
    return refused(CrlOutcome::issuer_not_valid, e.what(), result);
  }

  // Freshness against the CRL held for the same issuer.
  Key key{result.issuer, key_id.value_or(Bytes{})};
  auto it = held_.find(key);
  if (it != held_.end()) {
    const Held& held = it->second;
    result.held_number = held.number;
    if (held.crl.der() == crl.der()) {
      return refused(CrlOutcome::stale,
                     "the same CRL (number " + std::to_string(result.number) + ") is already held",
                     result);
    }
    if (result.number <= held.number) {
      return refused(CrlOutcome::stale,
                     "CRL number " + std::to_string(result.number) + " is not above the " +
                         std::to_string(held.number) + " held",
                     result);
    }
    if (this_update < held.this_update) {
      return refused(CrlOutcome::stale,
                     "thisUpdate " + ossl::format_instant(this_update) +
                         " is earlier than the held CRL's " +
                         ossl::format_instant(held.this_update),
                     result);
    }
  }

  Held fresh{crl, result.number, this_update, {}};
  for (RevokedEntry& entry : entries) {
    std::string serial = ossl::normalized_serial(entry.serial_hex).value_or(entry.serial_hex);
    fresh.revoked.emplace(std::move(serial), std::move(entry));
  }
  result.outcome = CrlOutcome::accepted;
  result.reason = result.held_number ? "replaces CRL number " + std::to_string(*result.held_number)
                                     : "first CRL of this issuer";
  held_.insert_or_assign(std::move(key), std::move(fresh));
  return result;
}

const CrlStore::Held* CrlStore::find(const DistinguishedName& issuer,
                                     const std::optional<Bytes>& key_id) const {
  const std::string name = issuer.to_string();
  if (key_id) {
    auto exact = held_.find(Key{name, *key_id});
    if (exact != held_.end()) return &exact->second;
  }
  auto by_name = held_.find(Key{name, Bytes{}});
  return by_name != held_.end() ? &by_name->second : nullptr;
}

const Crl* CrlStore::held(const DistinguishedName& issuer,
                          const std::optional<Bytes>& key_id) const {
  const Held* h = find(issuer, key_id);
  return h != nullptr ? &h->crl : nullptr;
}

std::vector<Crl> CrlStore::crls() const {
  std::vector<Crl> out;
  out.reserve(held_.size());
  for (const auto& [key, held] : held_) out.push_back(held.crl);
  return out;
}

std::optional<RevokedEntry> CrlStore::revocation(const DistinguishedName& issuer,
                                                 const std::optional<Bytes>& key_id,
                                                 std::string_view serial_hex) const {
  const Held* h = find(issuer, key_id);
  const std::optional<std::string> serial = ossl::normalized_serial(serial_hex);
  if (h == nullptr || !serial) return std::nullopt;
  auto it = h->revoked.find(*serial);
  if (it == h->revoked.end()) return std::nullopt;
  return it->second;
}

std::optional<RevokedEntry> CrlStore::revocation(const Certificate& certificate) const {
  return revocation(certificate.issuer(), certificate.authority_key_id(), certificate.serial_hex());
}

bool CrlStore::has_crl_for(const Certificate& certificate) const {
  return find(certificate.issuer(), certificate.authority_key_id()) != nullptr;
}

void CrlStore::defer(Crl crl, std::string source) {
  if (max_deferred_ == 0) return;
  while (deferred_.size() >= max_deferred_) deferred_.pop_front();
  deferred_.emplace_back(std::move(crl), std::move(source));
}

std::vector<CrlStore::Retried> CrlStore::retry_deferred(const std::vector<Certificate>& issuers,
                                                        Instant now, bool keep_unknown) {
  std::vector<Retried> out;
  std::deque<std::pair<Crl, std::string>> waiting = std::move(deferred_);
  deferred_.clear();
  for (auto& [crl, source] : waiting) {
    CrlOfferResult result = offer(crl, issuers, now);
    if (keep_unknown && result.outcome == CrlOutcome::unknown_issuer) {
      deferred_.emplace_back(std::move(crl), std::move(source));
      continue;
    }
    out.push_back(Retried{std::move(source), std::move(result)});
  }
  return out;
}

}  // namespace ifa026::pki
