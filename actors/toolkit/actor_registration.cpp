// Actor type registration (see actor_registration.hpp).
#include "actors/toolkit/actor_registration.hpp"

namespace ifa026::actors {

const std::vector<sim::ParamRule>& toolkit_params() {
  static const std::vector<sim::ParamRule> params = {
      {"throw_in_handler", sim::ParamType::string,
       "test fault: the handler of this operation, command or timer (\"*\": every one) throws, "
       "which must give the verdict error, never a refusal",
       false, ""},
  };
  return params;
}

sim::ActorType actor_type(const std::string& type, ActorTypeInfo info, ActorFactory create) {
  sim::ActorType result;
  result.description = std::move(info.description);
  result.create = std::move(create);
  result.params = std::move(info.params);
  for (const auto& rule : toolkit_params()) result.params.push_back(rule);
  result.commands = std::move(info.commands);
  result.needs_wall_clock_epoch = info.needs_wall_clock_epoch;
  result.check_params = [type, rules = result.params, check = std::move(info.check)](
                            const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
    sim::check_params(type, params, rules, out);
    if (check) check(params, out);
  };
  return result;
}

}  // namespace ifa026::actors
