// The list of actor types built into ifa026.
#include "actors/builtin_actors.hpp"

#include "actors/echo/echo_actor.hpp"

namespace ifa026::actors {

void register_builtin_actors(sim::ActorRegistry& registry) {
  register_echo_actor(registry);
}

sim::ActorRegistry builtin_registry() {
  sim::ActorRegistry registry;
  register_builtin_actors(registry);
  return registry;
}

}  // namespace ifa026::actors
