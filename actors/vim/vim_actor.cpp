// The `vim` actor type: VIM (C.4.3, Annex B.4): enrols its MANO certificate at the CMF (configured
// through NFVO and VNFM), mutual TLS with peers
#include "actors/vim/vim_actor.hpp"

#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors {

void register_vim_actor(sim::ActorRegistry& registry) {
  namespace rp = reference_points;
  ManoEntityKind kind;
  kind.kind = "vim";
  kind.description =
      "VIM (C.4.3, Annex B.4): enrols its MANO certificate at the CMF (configured through NFVO and "
      "VNFM), mutual TLS with peers";
  kind.reference_points = {{"nfvo", rp::kOrVi}, {"vnfm", rp::kViVnfm}};
  kind.access_control = false;
  registry.add("vim", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
