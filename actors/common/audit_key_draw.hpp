// Drawing an audit partition's key (32 bytes) from an actor's seeded random stream, as the MANO
// blocks' SM gateway and the SMs' own audit logs do, so that runs and their audit files are
// reproducible (docs/audit-log.md "Keys").
#pragma once

#include <cstdint>

#include "pki/bytes.hpp"
#include "sim/random.hpp"

namespace ifa026::actors {

inline pki::Bytes draw_audit_key(sim::RandomStream& random) {
  pki::Bytes key;
  for (int i = 0; i < 4; ++i) {
    const std::uint64_t word = random.next_u64();
    for (int b = 0; b < 8; ++b) key.push_back(static_cast<std::uint8_t>(word >> (8 * b)));
  }
  return key;
}

}  // namespace ifa026::actors
