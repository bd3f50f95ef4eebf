// The `wim` actor type: WIM (Annex B.5): enrols its MANO certificate at the CMF (configured by the
// NFVO on Or-Wi), accepts requests only from authenticated peers in its access list
#include "actors/wim/wim_actor.hpp"

#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors {

void register_wim_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "wim";
  kind.description =
      "WIM (Annex B.5): enrols its MANO certificate at the CMF (configured by the NFVO on Or-Wi), "
      "accepts requests only from authenticated peers in its access list";
  kind.reference_points = {{"nfvo", rp::kOrWi}};
  kind.access_control = true;
  registry.add("wim", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
