// The CMF's RA identity at one CA: the certificate and key it enrolled there (CMP ir with its
// day-0 RA credential), that CA's chain and root (caPubs). The CMF signs p10cr, rr and end-entity
// registrations towards that CA with it; the primary CA's one is also its TLS identity.
#pragma once

#include <optional>
#include <vector>

#include "pki/certificate.hpp"
#include "pki/key.hpp"
#include "sim/scheduler.hpp"

namespace ifa026::actors::cmf {

struct RaIdentity {
  std::optional<pki::PrivateKey> key;
  std::optional<pki::Certificate> certificate;
  std::vector<pki::Certificate> anchors;  // roots (caPubs)
  std::vector<pki::Certificate> chain;    // issuing CA(s), leaf side first
  int attempts = 0;
  sim::EventId renewal_timer;
  bool ready() const { return certificate.has_value(); }
};

}  // namespace ifa026::actors::cmf
