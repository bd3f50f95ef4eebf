// Registers the `vnfm` actor type: a MANO entity (docs/mano-certificates.md) that also runs the
// VNF lifecycle and its Cm-Vnfm interface (docs/direct-mode.md).
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_vnfm_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
