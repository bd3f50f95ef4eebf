// Registers the actor types `em` (element manager) and `ism` (infrastructure security manager)
// (issue 16; docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind
// the ISM"): MANO-style entities for their certificate (the OSS registers and configures them at
// the CMF like an SM), which serve Security Managers on Sm-Sf over mutual TLS with the security
// functions they manage (sf_manager.hpp). The reader of their final state: manager_functions.
#pragma once

#include <map>
#include <string>

#include "actors/sfm/sf_manager.hpp"
#include "sim/actor_registry.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors {

void register_sfm_actors(sim::ActorRegistry& registry);

namespace sf {

// The functions of the EM or ISM `actor` of `simulation` at the end of a run (null when there is
// no such actor or it is neither).
const std::map<std::string, ManagedFunction>* manager_functions(sim::Simulation& simulation,
                                                                const std::string& actor);

}  // namespace sf

}  // namespace ifa026::actors
