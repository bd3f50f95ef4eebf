// Checks scenario "covers" lists against the requirement catalogue.
#include "conformance/covers_rule.hpp"

#include "sim/schema_validator.hpp"

namespace ifa026::conformance {

sim::ScenarioRule covers_rule(const Catalogue& catalogue) {
  return [&catalogue](const nlohmann::json& root, std::vector<sim::Diagnostic>& out) {
    if (!root.is_object() || !root.contains("covers") || !root["covers"].is_array()) return;
    const auto& covers = root["covers"];
    for (std::size_t i = 0; i < covers.size(); ++i) {
      if (!covers[i].is_string()) continue;
      const auto id = covers[i].get<std::string>();
      if (catalogue.find(id) != nullptr) continue;
      std::string message = "\"" + id + "\" is not a requirement or flow ID of the catalogue";
      auto guess = sim::did_you_mean(id, catalogue.ids());
      if (!guess.empty()) message += " (did you mean \"" + guess + "\"?)";
      sim::Diagnostic d;
      d.pointer = "/covers/" + std::to_string(i);
      d.message = message;
      out.push_back(std::move(d));
    }
  };
}

}  // namespace ifa026::conformance
