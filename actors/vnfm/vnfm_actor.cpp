// The `vnfm` actor type: VNFM (C.4.2, Annex B.3): enrols its MANO certificate at the CMF, relays
// certificate configuration to the VIM on Vi-Vnfm, mutual TLS with peers
#include "actors/vnfm/vnfm_actor.hpp"

#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/common/reference_points.hpp"

namespace ifa026::actors {

void register_vnfm_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "vnfm";
  kind.description =
      "VNFM (C.4.2, Annex B.3): enrols its MANO certificate at the CMF, relays certificate "
      "configuration to the VIM on Vi-Vnfm, mutual TLS with peers";
  kind.reference_points = {
      {"nfvo", rp::kOrVnfm}, {"vim", rp::kViVnfm}, {"cism", rp::kCismSi}, {"cir", rp::kCirSi}};
  kind.csr_flow = "C.4.2.2";
  kind.access_control = false;
  registry.add("vnfm", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
