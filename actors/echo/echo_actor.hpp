// The generic test actor "echo": on the command "ping" it sends EchoRequest messages of a given
// size to a peer; it answers every EchoRequest with an EchoReply carrying the same bytes, and
// traces the round-trip time of each reply it gets. Used by the smoke scenarios and the kernel
// tests; it models no NFV function.
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

// Parameters: "reply" (boolean, default true): answer requests.
// Command "ping", args: "to" (actor name, required), "size" (bytes, default 64).
void register_echo_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
