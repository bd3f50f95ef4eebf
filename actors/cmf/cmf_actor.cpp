// SCAFFOLD: replaced by the CMF actor's implementation.
#include "actors/cmf/cmf_actor.hpp"

namespace ifa026::actors {

void register_cmf_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
