// The `nfvo` actor type: NFVO (C.4.1, Annex B.2): enrols its MANO certificate at the CMF, relays
// certificate configuration to VNFM, VIM, WIM, CISM and CIR, mutual TLS with peers
#include "actors/nfvo/nfvo_actor.hpp"

#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors {

void register_nfvo_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "nfvo";
  kind.description =
      "NFVO (C.4.1, Annex B.2): enrols its MANO certificate at the CMF, relays certificate "
      "configuration to VNFM, VIM, WIM, CISM and CIR, mutual TLS with peers";
  // Os-Ma-Nfvo towards the OSS is common to every entity; these are the NFVO's own.
  kind.reference_points = {{"vnfm", rp::kOrVnfm},
                           {"vim", rp::kOrVi},
                           {"wim", rp::kOrWi},
                           {"cism", rp::kCismSi},
                           {"cir", rp::kCirSi}};
  kind.access_control = false;
  registry.add("nfvo", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
