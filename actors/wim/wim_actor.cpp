// SCAFFOLD: replaced by the WIM actor's implementation.
#include "actors/wim/wim_actor.hpp"

namespace ifa026::actors {

void register_wim_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
