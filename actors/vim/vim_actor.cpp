// SCAFFOLD: replaced by the VIM actor's implementation.
#include "actors/vim/vim_actor.hpp"

namespace ifa026::actors {

void register_vim_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
