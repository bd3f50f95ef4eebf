// A CA whose issuing key is compromised (workload command `compromise`; issue 20,
// docs/robustness.md "CA key compromise"): every certificate the issuing CA issued that has not
// expired is revoked with reason cACompromise, and the CA publishes that CA's final CRL listing
// them; a new issuing CA (a new key, its name's CN with " G<n>" added, so the two CRL streams stay
// apart at relying parties) is certified by the same root, and the CMP server goes on with it (open
// transactions end, their unconfirmed certificates withdrawn; credentials kept). Its CRLs carry its
// certificate (CrlPublication::issuer_chain) so that relying parties trusting the root can take
// them. The CaKeyCompromise record starts the deployment's recovery clock.
#pragma once

#include "actors/ca/ca_crl_publisher.hpp"
#include "actors/ca/ca_disk.hpp"
#include "actors/ca/ca_part.hpp"

namespace ifa026::actors::ca {

class CaKeyCompromise : public CaPart {
 public:
  CaKeyCompromise(CaState& state, CaCrlPublisher& crl, CaDisk& disk);

  void compromise();

 private:
  CaCrlPublisher& crl_;
  CaDisk& disk_;
};

}  // namespace ifa026::actors::ca
