// Registers the `cir` actor type (docs/mano-certificates.md).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_cir_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
