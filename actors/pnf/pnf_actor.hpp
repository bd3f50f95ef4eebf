// Registers the `pnf` actor type: a physical network function stub that reports telemetry
// (docs/security-monitoring.md "Telemetry and collectors"; Annex A R1.3.70).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_pnf_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
