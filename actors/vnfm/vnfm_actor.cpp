// SCAFFOLD: replaced by the VNFM actor's implementation.
#include "actors/vnfm/vnfm_actor.hpp"

namespace ifa026::actors {

void register_vnfm_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
