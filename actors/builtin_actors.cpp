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
  register_echo_actor(registry);
  register_ca_actor(registry);
  register_ca_live_actor(registry);  // issue 19: a real CMP server as the CA
  register_cmf_actor(registry);
  register_hsm_actor(registry);
  register_oss_actor(registry);
  register_nfvo_actor(registry);
  register_vnfm_actor(registry);
  register_vim_actor(registry);
  register_wim_actor(registry);
  register_cism_actor(registry);
  register_cir_actor(registry);
  register_vnfci_actor(registry);
  register_verifier_actor(registry);
  register_sm_actor(registry);
  register_collector_actor(registry);  // issue 16: telemetry
  register_pnf_actor(registry);        // issue 16: telemetry
  register_sfm_actors(registry);
  register_dataplane_actor(registry);
  register_auditor_actor(registry);
}

sim::ActorRegistry builtin_registry() {
  sim::ActorRegistry registry;
  register_builtin_actors(registry);
  return registry;
}

}  // namespace ifa026::actors
