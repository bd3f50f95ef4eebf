// Registers the `collector` actor type: a telemetry collector (docs/security-monitoring.md
// "Telemetry and collectors"; Annex A R1.3.90, R1.3.130, R1.3.250).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_collector_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
