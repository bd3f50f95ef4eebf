// The CMF's CRL updates (CRL-DP), on the one CRL store (pki/crl_store.hpp): a CRL is taken when
// one of the CMF's CAs signed it (its certificate a CA valid now) and it is newer than the one
// held for that issuer; its entries mark inventory certificates revoked (and direct mode's), and
// the CMF's TLS sessions check the CRLs held. CRLs that arrive before the CMF knows its chains
// wait in the store (a bounded number).
#pragma once

#include <string>

#include "actors/cmf/cmf_compromise_recovery.hpp"
#include "actors/cmf/cmf_part.hpp"
#include "pki/crl.hpp"
#include "pki/crl_store.hpp"

namespace ifa026::actors::cmf {

class CmfCrlUpdates : public CmfPart {
 public:
  // `recovery` is told of every CRL accepted (a CA key compromise, cmf_compromise_recovery.hpp).
  CmfCrlUpdates(CmfState& state, CmfCompromiseRecovery& recovery);

  void on_crl(const sim::Message& message);
  // The CMF became ready: the CRLs that waited are taken now (or refused: the CMF knows every CA
  // it will know).
  void flush_pending();

 private:
  void reject(const std::string& from, const std::string& reason);
  // Traces what the store made of a CRL from `from`, and acts on an accepted one (`crl`).
  void settle(const std::string& from, const pki::CrlOfferResult& result, const pki::Crl* crl);

  CmfCompromiseRecovery& recovery_;
  pki::CrlStore store_;  // latest per issuer; deferred ones before the chains were known
};

}  // namespace ifa026::actors::cmf
