// Registers every actor type this build ships with a registry (the scenario factory).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_builtin_actors(sim::ActorRegistry& registry);
// A registry holding every built-in type.
sim::ActorRegistry builtin_registry();

}  // namespace ifa026::actors
