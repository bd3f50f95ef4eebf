// The MANO entity's CRL updates (CRL-DP publications): each CRL is offered to the entity's
// pki::CrlStore against the CAs the entity knows (trust anchors, delivered chain) at simulated
// time; an accepted one replaces the CRL held for its issuer and the held CRLs are the ones its
// TLS sessions check. A CRL that is not newer than the one held (a replay or a reordering) is
// refused, so it can never un-revoke a certificate (docs/mano-certificates.md, "CRLs"). One
// whose issuer is not known yet is kept until a certificate is installed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/common/mano_entity_part.hpp"
#include "actors/messages/crl_dp.hpp"
#include "pki/crl.hpp"
#include "pki/crl_store.hpp"

namespace ifa026::actors {

class ManoEntityCrl : public ManoEntityPart {
 public:
  explicit ManoEntityCrl(ManoEntityState& state);

  void on_crl(const std::string& from, const messages::CrlPublication& publication);
  // Applies a CRL kept for later, if there is one (after a certificate is installed).
  void apply_pending();

 private:
  struct PendingCrl {
    std::string from;
    pki::Crl crl;
    std::vector<pki::Certificate> carried;
  };

  // `carried`: verified issuing CA certificates that came with it (crl_issuer_chain.hpp).
  void apply_crl(const std::string& from, const pki::Crl& crl,
                 const std::vector<pki::Certificate>& carried = {});
  // Makes the store's CRLs the ones TLS sessions check, and traces the update.
  void take(const std::string& from, const pki::CrlOfferResult& result);

  pki::CrlStore store_;
  std::optional<PendingCrl> pending_crl_;  // the latest CRL of an issuer not known yet
};

}  // namespace ifa026::actors
