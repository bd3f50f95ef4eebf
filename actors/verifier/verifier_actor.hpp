// Registers the `verifier` actor type, the Attestation Service of C.2.1.2/C.2.1.3
// (docs/direct-mode.md).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_verifier_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
