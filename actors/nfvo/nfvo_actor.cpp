// SCAFFOLD: replaced by the NFVO actor's implementation.
#include "actors/nfvo/nfvo_actor.hpp"

namespace ifa026::actors {

void register_nfvo_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
