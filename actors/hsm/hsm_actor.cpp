// SCAFFOLD: replaced by the HSM actor's implementation.
#include "actors/hsm/hsm_actor.hpp"

namespace ifa026::actors {

void register_hsm_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
