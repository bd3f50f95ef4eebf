// The `cir` actor type: CIR (Annex B.7): enrols its MANO certificate at the CMF (configured on
// CIR-SI), accepts requests only from authenticated peers in its access list
#include "actors/cir/cir_actor.hpp"

#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors {

void register_cir_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "cir";
  kind.description =
      "CIR (Annex B.7): enrols its MANO certificate at the CMF (configured on CIR-SI), accepts "
      "requests only from authenticated peers in its access list";
  kind.reference_points = {{"nfvo", rp::kCirSi}, {"vnfm", rp::kCirSi}, {"cism", rp::kCirSi}};
  kind.access_control = true;
  registry.add("cir", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
