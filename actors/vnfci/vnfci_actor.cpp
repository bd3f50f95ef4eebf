// SCAFFOLD: replaced by the VNFCI actor's implementation.
#include "actors/vnfci/vnfci_actor.hpp"

namespace ifa026::actors {

void register_vnfci_actor(sim::ActorRegistry& /*registry*/) {}

}  // namespace ifa026::actors
