// The CA's end-entity registrations (direct mode, C.2.1.1 step 2): an RA registers a VNFCI
// identity with a RegisterEndEntityRequest it signs with a current RA certificate of this CA; the
// CA checks the signer, keeps the identity's template and registers its initial credential at the
// CMP server (one-use, expiry, subject). A repeated identical registration succeeds again; a
// conflicting one is refused.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/ca/ca_disk.hpp"
#include "actors/ca/ca_part.hpp"
#include "actors/common/envelope.hpp"
#include "actors/messages/ca1.hpp"

namespace ifa026::actors::ca {

class CaEndEntityRegistration : public CaPart {
 public:
  CaEndEntityRegistration(CaState& state, CaDisk& disk);

  // A decoded request from `from` at flow step `step`: authenticated, checked, registered, and
  // answered with a RegisterEndEntityResponse.
  void register_end_entity(const std::string& from, const std::string& step,
                           const messages::RegisterEndEntityRequest& request);
  // The answer to a request whose body does not decode: rejected with `reason` (no exchange
  // number to echo — it could not be read).
  void refuse_malformed(const std::string& from, const Envelope& request,
                        const std::string& reason);
  // After a certConf: drops the template of a registration whose one-use credential is spent.
  void forget_spent_template(const std::string& reference);

 private:
  // SHA-256 over the fields of a registration, each length-prefixed (equal iff all are equal).
  static std::array<std::uint8_t, 32> registration_fingerprint(
      const std::string& identity, const pki::DistinguishedName& subject,
      const std::vector<std::string>& dns, const pki::Bytes& secret, bool one_use,
      const std::optional<pki::Instant>& expires);
  // Why `signer` may not register end entities; nullopt when it may.
  std::optional<std::string> ra_signer_problem(const pki::Certificate& signer);

  // The RA certificate whose path to this CA's root verified last. The path check depends on
  // time only through the validity periods (the trust is this CA's own two certificates, and
  // revocation is checked on every request), so while every certificate of the path is valid a
  // registration signed with the same certificate needs no new path check.
  class VerifiedSigner {
   public:
    // As OpenSSL: valid from notBefore, expired at notAfter.
    bool covers(const pki::Certificate& signer, pki::Instant at) const {
      return signer_ && *signer_ == signer && from_ <= at && at < until_;
    }
    void remember(const pki::Certificate& signer, const std::vector<pki::Certificate>& path) {
      signer_ = signer;
      from_ = signer.not_before();
      until_ = signer.not_after();
      for (const auto& c : path) {
        from_ = std::max(from_, c.not_before());
        until_ = std::min(until_, c.not_after());
      }
    }

   private:
    std::optional<pki::Certificate> signer_;
    pki::Instant from_, until_;
  };

  VerifiedSigner verified_signer_;
  CaDisk& disk_;
};

}  // namespace ifa026::actors::ca
