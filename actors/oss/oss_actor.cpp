// SCAFFOLD: replaced by the OSS actor's implementation.
#include "actors/oss/oss_actor.hpp"

namespace ifa026::actors {

void register_oss_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
