// The fuzz target of the scenario loader (fuzz_targets.hpp): scenario text through
// sim::load_scenario_text (JSON syntax, variants, the shipped schema, the semantic rules and the
// actor types' parameter and command tables). Every refusal is a located diagnostic; a load
// either gives a scenario or at least one error. The registry holds two stand-in actor types
// whose tables use every parameter type and a command argument naming a member, not the real
// actors (their library is most of the project and stays out of the fuzz build: docs/fuzzing.md).
#include <string>

#include "fuzz/fuzz_targets.hpp"
#include "sim/actor_registry.hpp"
#include "sim/diagnostic.hpp"
#include "sim/scenario.hpp"

namespace ifa026::fuzz {
namespace {

sim::ActorRegistry stand_in_registry() {
  using sim::ParamType;
  sim::ActorRegistry registry;
  sim::ActorType node;
  node.description = "fuzz stand-in with every parameter type";
  node.create = [](sim::ActorContext&, const sim::ActorSpec&) { return nullptr; };
  node.params = {
      {"name", ParamType::string, "a string"},
      {"enabled", ParamType::boolean, "a boolean"},
      {"count", ParamType::integer, "an integer"},
      {"ratio", ParamType::number, "a number"},
      {"period", ParamType::duration, "a duration", false, "1s"},
      {"peers", ParamType::string_list, "a list of strings"},
      {"secrets", ParamType::string_map, "strings by name"},
      {"processing", ParamType::duration_map, "durations by name"},
      {"vnfds", ParamType::object, "objects by name"},
      {"items", ParamType::array, "an array"},
  };
  node.check_params = [rules = node.params](const nlohmann::json& params,
                                            std::vector<sim::Diagnostic>& out) {
    sim::check_params("node", params, rules, out);
  };
  node.commands = std::vector<sim::CommandRule>{
      {"start", "no arguments"},
      {"use",
       "a VNFD and one of its VNFCs",
       {{"vnfd", ParamType::string, "a VNFD", true, "", "vnfds"},
        {"vnfcs", ParamType::string_map, "VNFCs", false, "", "vnfds/{vnfd}/vnfcs"},
        {"after", ParamType::duration, "a delay"}}},
  };
  registry.add("node", node);
  sim::ActorType plain;
  plain.description = "fuzz stand-in without tables";
  plain.create = node.create;
  registry.add("plain", plain);
  return registry;
}

}  // namespace

void scenario(const std::uint8_t* data, std::size_t size) {
  static const sim::ActorRegistry registry = stand_in_registry();
  const sim::ScenarioLoad load = sim::load_scenario_text(
      "fuzz.json", std::string(reinterpret_cast<const char*>(data), size), registry);
  if (!load.scenario && load.errors.empty()) {
    contract_broken("scenario", "no scenario and no error");
  }
  if (load.scenario && !load.errors.empty()) {
    contract_broken("scenario", "a scenario despite errors");
  }
  for (const sim::Diagnostic& d : load.errors) (void)sim::format_diagnostic(d);
}

}  // namespace ifa026::fuzz
