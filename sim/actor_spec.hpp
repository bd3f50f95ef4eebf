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
};

}  // namespace ifa026::sim
