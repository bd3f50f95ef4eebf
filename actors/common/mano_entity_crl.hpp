// The MANO entity's CRL updates (CRL-DP publications): a CRL is verified against the CAs the
// entity knows (trust anchors, delivered chain) and becomes the one its TLS sessions check; one
// whose issuer is not known yet is kept until a certificate is installed.
#pragma once

#include <optional>
#include <string>

#include "actors/common/mano_entity_part.hpp"
#include "actors/messages/crl_dp.hpp"
#include "pki/crl.hpp"

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
  };

  void apply_crl(const std::string& from, const pki::Crl& crl);

  std::optional<PendingCrl> pending_crl_;
};

}  // namespace ifa026::actors
