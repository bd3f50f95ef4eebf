// What a scenario (or a running actor, through ActorContext::spawn) says about one actor: its
// name, its registered type, its trust domain and its type-specific parameters.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ifa026::sim {

struct ActorSpec {
  std::string name;
  std::string type;
  std::string trust_domain = "default";
  nlohmann::json params = nlohmann::json::object();
  // Set when a separate process plays this actor (docs/adapter-protocol.md): {"command": [...],
  // "timeout": "10s"}. Opaque to the kernel, as params are; null when the actor is ours.
  nlohmann::json external = nullptr;
};

}  // namespace ifa026::sim
