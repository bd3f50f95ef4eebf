// SCAFFOLD: replaced by the CA actor's implementation.
#include "actors/ca/ca_actor.hpp"

namespace ifa026::actors {

void register_ca_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
