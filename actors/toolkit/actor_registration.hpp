// One-line registration of an actor type: its description, parameters and workload commands in
// one struct, the parameter check derived from the table, and the toolkit's own parameters
// (`throw_in_handler`, see handler_guard.hpp) added to every type.
//
//   register_actor<EchoActor>(registry, "echo", {.description = "...", .params = {...},
//                                               .commands = {{...}}});
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

struct ActorTypeInfo {
  std::string description;  // one line, for `ifa026 list actor-types`
  std::vector<sim::ParamRule> params = {};
  std::vector<sim::CommandRule> commands = {};  // empty: the type takes no workload command
  // Checks beyond the table (cross-field rules); pointers relative to "params".
  std::function<void(const nlohmann::json& params, std::vector<sim::Diagnostic>& out)> check = {};
  // sim::ActorType::needs_wall_clock_epoch: the actor talks to a real server (ca-live).
  bool needs_wall_clock_epoch = false;
};

using ActorFactory =
    std::function<std::unique_ptr<sim::Actor>(sim::ActorContext&, const sim::ActorSpec&)>;

// The parameters the toolkit gives every type.
const std::vector<sim::ParamRule>& toolkit_params();

// The registry entry for `type` built by `create`.
sim::ActorType actor_type(const std::string& type, ActorTypeInfo info, ActorFactory create);

// Registers `A`, constructed as A(context, spec).
template <class A>
void register_actor(sim::ActorRegistry& registry, const std::string& type, ActorTypeInfo info) {
  registry.add(type, actor_type(type, std::move(info),
                                [](sim::ActorContext& context, const sim::ActorSpec& spec) {
                                  return std::make_unique<A>(context, spec);
                                }));
}

}  // namespace ifa026::actors
