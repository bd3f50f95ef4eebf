// Registers the `ca` actor type (docs/mano-certificates.md).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_ca_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
