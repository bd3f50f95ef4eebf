// Registers the `sm` actor type: a Security Manager (clause 5.1, Annex A R2.1;
// docs/security-manager.md "The SM actor"). A MANO-style entity for its certificate (the OSS
// registers and configures it at the CMF like an NFVO), which then binds to the MANO blocks it is
// given on Sc-Or, Sc-Vnfm and Sc-Vi, subscribes to their LCM events and acts by scripted rules and
// workload commands. Its final state: sm_state.hpp.
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_sm_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
