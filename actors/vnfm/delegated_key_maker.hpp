// How a delegate VNFM gets the key pair and the signed CSR of one VNFCI identity (issue 17;
// C.2.2.2.6 #0 and C.2.2.2.7 #0, docs/delegation-mode.md): made in its own software store, or in
// its HSM (the key stays there; the VNFM gets a handle, the CSR and, when the CMF gave a nonce, a
// key attestation statement). The delegation manager asks; the answer may come later (the HSM
// answers over HSM-If). The maker writes the GenerateKey and KeyCustody records of the step.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"

namespace ifa026::actors::vnfm {

struct DelegatedKeyRequest {
  std::string vnf;
  std::string vnfci;
  std::string identity;
  std::string certificate_type;  // vnfci, oam
  std::string subject;           // RFC 4514 text, e.g. "CN=a.example.net,O=Operator"
  std::vector<std::string> dns;
  std::string key_type;                          // ec-p256 ...
  std::optional<std::string> attestation_nonce;  // hex, from the delegate registration
  std::string step;  // the step ID the records cite (C.2.2.2.6#0, C.2.2.2.7#0, C.3.2.2#0)
};

struct DelegatedKey {
  bool ok = false;
  std::string reason;                     // why not, when !ok
  pki::Bytes csr;                         // PKCS#10 DER, signed with the new key
  std::optional<pki::Bytes> private_key;  // PKCS#8 DER (software store)
  std::optional<std::string> hsm_handle;  // (HSM)
  std::optional<pki::Bytes> key_attestation;
  std::string key_fp;  // actors::key_fingerprint of the new key
};

class DelegatedKeyMaker {
 public:
  virtual ~DelegatedKeyMaker() = default;
  // True when the key will be in an HSM (C.2.2.2.7), false for the software store (C.2.2.2.6).
  virtual bool in_hsm() const = 0;
  // Makes the key and the CSR; `done` runs once, now or later, inside the owner's guard.
  virtual void make(const DelegatedKeyRequest& request, std::function<void(DelegatedKey)> done) = 0;
  // The key behind `handle` is no longer wanted (attempts exhausted, retention expired, revoked,
  // replaced): a maker that keeps keys elsewhere asks their keeper to delete it (the HSM); the
  // software store has nothing to do, the manager deletes its own copy.
  virtual void discard(const std::string& /*handle*/, const std::string& /*reason*/,
                       const std::string& /*step*/) {}
};

}  // namespace ifa026::actors::vnfm
