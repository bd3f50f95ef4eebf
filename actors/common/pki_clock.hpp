// Simulated time as the instants pki/ verifies at: certificate validity, CRL freshness and
// attestation age always follow the scenario's clock, never the wall clock.
#pragma once

#include "pki/certificate.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors {

inline pki::Instant pki_instant(const sim::Epoch& epoch, sim::Time t) {
  return pki::Instant{epoch.at(t).unix_ns};
}
inline pki::Instant pki_now(const sim::ActorContext& context) {
  return pki_instant(context.epoch(), context.now());
}

}  // namespace ifa026::actors
