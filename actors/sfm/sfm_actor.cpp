// The `em` and `ism` actor types (see sfm_actor.hpp).
#include "actors/sfm/sfm_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/mano_entity.hpp"

namespace ifa026::actors {

namespace sf {

const std::map<std::string, ManagedFunction>* manager_functions(sim::Simulation& simulation,
                                                                const std::string& actor) {
  const auto* host = dynamic_cast<const ManoEntityHost*>(simulation.actor(actor));
  if (host == nullptr) return nullptr;
  const auto* manager = dynamic_cast<const SfManager*>(host->extension());
  return manager == nullptr ? nullptr : &manager->functions();
}

}  // namespace sf

namespace {

ManoEntityKind manager_kind(const std::string& kind, const std::string& description) {
  ManoEntityKind k;
  k.kind = kind;
  k.description = description;
  k.access_control = false;
  k.extra_params = sf::manager_param_rules(kind);
  k.extra_commands = sf::manager_command_rules();
  k.check_extra_params = [kind](const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
    sf::check_manager_params(kind, params, out);
  };
  k.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<sf::SfManager>(host, spec);
  };
  return k;
}

}  // namespace

void register_sfm_actors(sim::ActorRegistry& registry) {
  registry.add("em", mano_entity_actor_type(manager_kind(
                         "em",
                         "Element manager (issue 16): enrols its certificate at the CMF like an "
                         "SM, and serves SMs on Sm-Sf over mutual TLS with the VSFs, "
                         "VNF-embedded functions and PSF stubs of its parameters: capabilities, "
                         "rule tables, initial credentials, validation reports")));
  registry.add("ism", mano_entity_actor_type(manager_kind(
                          "ism",
                          "Infrastructure security manager (issue 16): like the EM, for the ISF "
                          "stubs of its parameters")));
}

}  // namespace ifa026::actors
