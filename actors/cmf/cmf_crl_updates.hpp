// The CMF's CRL updates (CRL-DP): a CRL is taken when one of the CMF's CAs signed it and it is
// newer than the one held for that issuer; its entries mark inventory certificates revoked (and
// direct mode's), and the CMF's TLS sessions check the CRLs held. CRLs that arrive before the CMF
// knows its chains wait (a bounded number).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "actors/cmf/cmf_part.hpp"
#include "pki/crl.hpp"

namespace ifa026::actors::cmf {

class CmfCrlUpdates : public CmfPart {
 public:
  explicit CmfCrlUpdates(CmfState& state);

  void on_crl(const sim::Message& message);
  // The CMF became ready: the CRLs that waited are taken now.
  void flush_pending();

 private:
  void reject(const std::string& from, const std::string& reason);
  void accept_crl(const pki::Crl& crl, const std::string& from);

  std::map<std::string, pki::Crl> crls_;                        // latest per issuer DN
  std::vector<std::pair<pki::Crl, std::string>> pending_crls_;  // before the chains were known
};

}  // namespace ifa026::actors::cmf
