// Registers the `ca-live` actor type (docs/live-ca.md): a scenario's CA that is a real CMP server
// reached over HTTP.
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_ca_live_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
