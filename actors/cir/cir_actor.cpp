// SCAFFOLD: replaced by the CIR actor's implementation.
#include "actors/cir/cir_actor.hpp"

namespace ifa026::actors {

void register_cir_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
