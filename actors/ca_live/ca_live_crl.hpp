// The `ca-live` actor's CRL publication on CRL-DP (docs/live-ca.md): the real CA's CRLs, fetched
// by running the vendor's `crl_command` (which writes the CA's current CRL to a file), at start,
// every `crl_interval` of simulated time and after each revocation the server granted. A CRL is
// published to the subscribers only when it is signed by a CA certificate of the trust_anchors
// files (PublishCrl ok, with its number, entries and nextUpdate, as the simulated CA traces its
// own); a command that fails or a CRL that does not verify is traced (PublishCrl failed) and
// nothing is sent. Without a crl_command the actor publishes nothing.
#pragma once

#include <optional>
#include <string>

#include "actors/ca_live/ca_live_part.hpp"
#include "pki/crl.hpp"

namespace ifa026::actors::ca_live {

class CaLiveCrl : public CaLivePart {
 public:
  explicit CaLiveCrl(CaLiveState& state);

  // Fetches the CA's current CRL and publishes it (nothing without a crl_command).
  void publish();

 private:
  // Why `der` is not a CRL of the CA's hierarchy, or nullopt (then `*crl` is set).
  std::optional<std::string> check(const pki::Bytes& der, std::optional<pki::Crl>* crl) const;
};

}  // namespace ifa026::actors::ca_live
