// Registers the `cism` actor type (docs/mano-certificates.md).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_cism_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
