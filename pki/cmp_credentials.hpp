// The initial credentials a CMP server accepts for PBM-protected requests (RFC 4210 §4.2.1.1:
// a secret shared out of band, named by a reference the client sends as senderKID), with their
// limits: one use, an expiry, and the subject/subjectAltName they may be issued for. A one-use
// credential is reserved by the transaction that issued under it while its certificate waits for
// the certConf, and spent only when the certificate is confirmed (or at issuance under
// implicitConfirm); a withdrawn certificate releases the reservation (docs/cmp-reliability.md).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/names.hpp"

namespace ifa026::pki {

struct InitialCredentialLimits {
  bool one_use = true;
  std::optional<Instant> expires;            // refused at or after this instant
  std::optional<DistinguishedName> subject;  // overrides the requested subject when set
  std::optional<SubjectAltName> san;         // overrides the requested subjectAltName when set
};

class InitialCredentials {
 public:
  struct Credential {
    Bytes secret;  // kept when spent: a replay is MAC-checked before it is refused as reused
    std::unique_ptr<InitialCredentialLimits> limits;  // null once a one-use credential is spent
    bool used = false;
    std::optional<std::string> reserved_by;  // hex transactionID awaiting certConf; one-use only
  };

  // Adds the credential, or replaces the one of the same reference.
  void add(std::string reference, Bytes secret, InitialCredentialLimits limits);
  // True while the credential exists and is unused (or reusable) and not expired; a reserved
  // credential is still usable (a new transaction under it supersedes the open one).
  bool usable(const std::string& reference, Instant now) const;
  // nullptr for an unknown reference.
  const Credential* find(const std::string& reference) const;
  // Why a new transaction under a known credential is refused once its MAC has verified
  // ("one-use initial credential already used", "initial credential expired"); nullopt to go on.
  std::optional<std::string> refusal(const std::string& reference, Instant now) const;
  // The identity a certificate issued under the credential must carry, when its limits say.
  std::optional<DistinguishedName> subject_override(const std::string& reference) const;
  std::optional<SubjectAltName> san_override(const std::string& reference) const;
  // A one-use credential is spent (only its secret stays): its certificate was confirmed, or
  // issued under implicitConfirm. True when this spent it (false: reusable, or spent before).
  bool spend(const std::string& reference);
  // A one-use credential issued under, awaiting the certConf of transaction `key` (hex).
  void reserve(const std::string& reference, const std::string& key);
  // Ends the reservation of transaction `key`, if it holds one (its certificate was withdrawn).
  void release(const std::string& reference, const std::string& key);
  // The transaction (hex transactionID) holding the credential's reservation, if any.
  std::optional<std::string> reserved_by(const std::string& reference) const;

 private:
  std::map<std::string, Credential> credentials_;
};

}  // namespace ifa026::pki
