// The CA's CRL publication on CRL-DP: a CRL of the issuing CA is built (crl processing time) and
// sent to every subscriber, periodically and after every revocation.
#pragma once

#include "actors/ca/ca_part.hpp"

namespace ifa026::actors::ca {

class CaCrlPublisher : public CaPart {
 public:
  explicit CaCrlPublisher(CaState& state);

  void publish_crl();
};

}  // namespace ifa026::actors::ca
