// The `sm` actor type (see sm_actor.hpp): the MANO entity of kind "sm" with the Security Manager's
// behaviour as its extension (sm_extension.hpp), and the reader of its final state (sm_state.hpp).
#include "actors/sm/sm_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/sm/sm_extension.hpp"
#include "actors/sm/sm_settings.hpp"
#include "actors/sm/sm_state.hpp"

namespace ifa026::actors {

namespace sm {

const SmState* sm_state(sim::Simulation& simulation, const std::string& actor) {
  const auto* host = dynamic_cast<const ManoEntityHost*>(simulation.actor(actor));
  if (host == nullptr) return nullptr;
  const auto* source = dynamic_cast<const SmStateSource*>(host->extension());
  return source == nullptr ? nullptr : &source->state();
}

}  // namespace sm

void register_sm_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "sm";
  kind.description =
      "Security Manager (clause 5.1, R2.1): enrols its certificate at the CMF like an NFVO "
      "(C.4-style), binds to the NFVO, VNFM and VIM over mutual TLS (Sc-Or, Sc-Vnfm, Sc-Vi), "
      "subscribes to LCM events, answers grant requests and objects, instructs policies and "
      "terminations by scripted rules; queries, host retirement and audit export as commands";
  kind.reference_points = {{"nfvo", rp::kScOr}, {"vnfm", rp::kScVnfm}, {"vim", rp::kScVi}};
  kind.access_control = false;
  kind.extra_params = sm::sm_param_rules();
  kind.extra_commands = sm::sm_command_rules();
  kind.check_extra_params = sm::check_sm_params;
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<sm::SmExtension>(host, spec);
  };
  registry.add("sm", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
