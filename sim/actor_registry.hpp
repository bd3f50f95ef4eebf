// Factories of actors by type name. A scenario's "type" picks the factory; the actors room
// registers its types here, so the kernel never includes an actor header. One registry per
// program or test (no global registry).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/actor.hpp"
#include "sim/actor_spec.hpp"
#include "sim/diagnostic.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::sim {

struct ActorType {
  std::string description;
  // Builds the actor; parameters were checked by check_params first.
  std::function<std::unique_ptr<Actor>(ActorContext&, const ActorSpec&)> create;
  // Appends a diagnostic per bad parameter, pointers relative to "params" (e.g. "/size").
  std::function<void(const nlohmann::json& params, std::vector<Diagnostic>& out)> check_params;
  // The declared parameters (the table check_params checks with) and workload commands; read by
  // scenario validation (commands, their arguments) and `ifa026 list params`. Commands left
  // unset are not checked (test doubles); set and empty, the type takes none and a workload
  // command addressed to it is a scenario error.
  std::vector<ParamRule> params = {};
  std::optional<std::vector<CommandRule>> commands = {};
  // The actor exchanges with a program outside the simulation that stamps real time (a live CA,
  // docs/live-ca.md): a scenario holding one must take the wall clock as its epoch ("epoch":
  // "now"), so that what that program stamps is valid at the simulated time it arrives.
  bool needs_wall_clock_epoch = false;
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
