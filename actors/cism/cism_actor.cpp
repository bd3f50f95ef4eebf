// SCAFFOLD: replaced by the CISM actor's implementation.
#include "actors/cism/cism_actor.hpp"

namespace ifa026::actors {

void register_cism_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
