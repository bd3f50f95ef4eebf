// The list of actor types built into ifa026.
#include "actors/builtin_actors.hpp"

#include "actors/auditor/auditor_actor.hpp"
#include "actors/ca/ca_actor.hpp"
#include "actors/ca_live/ca_live_actor.hpp"
#include "actors/cir/cir_actor.hpp"
#include "actors/cism/cism_actor.hpp"
#include "actors/cmf/cmf_actor.hpp"
#include "actors/collector/collector_actor.hpp"
#include "actors/dataplane/dataplane_actor.hpp"
#include "actors/echo/echo_actor.hpp"
#include "actors/external/external_actor.hpp"
#include "actors/hsm/hsm_actor.hpp"
#include "actors/nfvo/nfvo_actor.hpp"
#include "actors/oss/oss_actor.hpp"
#include "actors/pnf/pnf_actor.hpp"
#include "actors/sfm/sfm_actor.hpp"
#include "actors/sm/sm_actor.hpp"
#include "actors/verifier/verifier_actor.hpp"
#include "actors/vim/vim_actor.hpp"
#include "actors/vnfci/vnfci_actor.hpp"
#include "actors/vnfm/vnfm_actor.hpp"
#include "actors/wim/wim_actor.hpp"

namespace ifa026::actors {

void register_builtin_actors(sim::ActorRegistry& registry) {
  sim::ActorRegistry ours;
  register_echo_actor(ours);
  register_ca_actor(ours);
  register_ca_live_actor(ours);  // issue 19: a real CMP server as the CA
  register_cmf_actor(ours);
  register_hsm_actor(ours);
  register_oss_actor(ours);
  register_nfvo_actor(ours);
  register_vnfm_actor(ours);
  register_vim_actor(ours);
  register_wim_actor(ours);
  register_cism_actor(ours);
  register_cir_actor(ours);
  register_vnfci_actor(ours);
  register_verifier_actor(ours);
  register_sm_actor(ours);
  register_collector_actor(ours);  // issue 16: telemetry
  register_pnf_actor(ours);        // issue 16: telemetry
  register_sfm_actors(ours);
  register_dataplane_actor(ours);
  register_auditor_actor(ours);
  // Any of them may be played by a separate process instead (docs/adapter-protocol.md).
  for (const auto& name : ours.type_names())
    registry.add(name, external::replaceable(*ours.find(name)));
}

sim::ActorRegistry builtin_registry() {
  sim::ActorRegistry registry;
  register_builtin_actors(registry);
  return registry;
}

}  // namespace ifa026::actors
