// The `cism` actor type: CISM (Annex B.6): enrols its MANO certificate at the CMF (configured on
// CISM-SI), accepts requests only from authenticated peers in its access list
#include "actors/cism/cism_actor.hpp"

#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors {

void register_cism_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "cism";
  kind.description =
      "CISM (Annex B.6): enrols its MANO certificate at the CMF (configured on CISM-SI), accepts "
      "requests only from authenticated peers in its access list";
  kind.reference_points = {{"nfvo", rp::kCismSi}, {"vnfm", rp::kCismSi}, {"cir", rp::kCirSi}};
  kind.access_control = true;
  registry.add("cism", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
