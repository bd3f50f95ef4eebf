// Actor type registry.
#include "sim/actor_registry.hpp"

#include <stdexcept>

namespace ifa026::sim {

void ActorRegistry::add(std::string type_name, ActorType type) {
  if (!type.create) throw std::invalid_argument("actor type '" + type_name + "' has no factory");
  if (!types_.emplace(type_name, std::move(type)).second)
    throw std::invalid_argument("actor type '" + type_name + "' registered twice");
}

const ActorType* ActorRegistry::find(const std::string& type_name) const {
  auto it = types_.find(type_name);
  return it == types_.end() ? nullptr : &it->second;
}

std::vector<std::string> ActorRegistry::type_names() const {
  std::vector<std::string> names;
  for (const auto& [name, type] : types_) names.push_back(name);
  return names;
}

}  // namespace ifa026::sim
