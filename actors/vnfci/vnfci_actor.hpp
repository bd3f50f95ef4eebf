// Registers the `vnfci` actor type (docs/direct-mode.md).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_vnfci_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
