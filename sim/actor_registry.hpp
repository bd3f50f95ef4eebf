// Factories of actors by type name. A scenario's "type" picks the factory; the actors room
// registers its types here, so the kernel never includes an actor header. One registry per
// program or test (no global registry).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/actor.hpp"
#include "sim/actor_spec.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::sim {

struct ActorType {
  std::string description;
  // Builds the actor; parameters were checked by check_params first.
  std::function<std::unique_ptr<Actor>(ActorContext&, const ActorSpec&)> create;
  // Appends a diagnostic per bad parameter, pointers relative to "params" (e.g. "/size").
  std::function<void(const nlohmann::json& params, std::vector<Diagnostic>& out)> check_params;
};

class ActorRegistry {
 public:
  void add(std::string type_name, ActorType type);
  const ActorType* find(const std::string& type_name) const;
  std::vector<std::string> type_names() const;

 private:
  std::map<std::string, ActorType> types_;
};

}  // namespace ifa026::sim
