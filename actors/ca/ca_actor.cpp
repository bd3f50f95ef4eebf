// The `ca` actor (docs/mano-certificates.md, docs/direct-mode.md): a root and an issuing CA with
// real keys, a CMP server (pki::CmpServer) on CA-1 whose requests take simulated processing time
// under a concurrency limit, an RA policy (only the CMF's RA certificate may request certificates
// for others or revoke them), end-entity registrations by an RA (direct mode: an initial
// credential per VNFCI identity, used by the VNFCI's own ir), kur by the holder of the
// certificate being renewed, and CRL publication on CRL-DP, periodic and after every revocation.
//
// This file is the shell: the actor type, the CaHierarchy role, the periodic tick and the routing
// of CA-1 messages. One piece per concept, each its own pair:
// - ca_settings: parameters and settings;
// - ca_part: the shared state (the CAs, the CMP server, RA credentials and certificates,
//   registrations) and helpers;
// - ca_cmp_service: the CMP service on CA-1;
// - ca_ra_policy: who may request and revoke what;
// - ca_end_entity_registration: end entities RAs register (direct mode);
// - ca_crl_publisher: CRLs on CRL-DP;
// - ca_key_compromise: the issuing key compromised, the CA re-keyed (command `compromise`);
// - ca_disk: what it keeps across a crash with restart.
#include "actors/ca/ca_actor.hpp"

#include <memory>
#include <utility>
#include <vector>

#include "actors/ca/ca_cmp_service.hpp"
#include "actors/ca/ca_crl_publisher.hpp"
#include "actors/ca/ca_disk.hpp"
#include "actors/ca/ca_end_entity_registration.hpp"
#include "actors/ca/ca_key_compromise.hpp"
#include "actors/ca/ca_part.hpp"
#include "actors/ca/ca_ra_policy.hpp"
#include "actors/ca/ca_settings.hpp"
#include "actors/common/actor_params.hpp"
#include "actors/common/ca_hierarchy.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/nfv_actor.hpp"

namespace ifa026::actors {
namespace {

using sim::Duration;

// Holds the shared state so that it is built before the pieces that refer to it.
struct CaStateHolder {
  ca::CaState state;
};

class CaActor final : public NfvActor,
                      private CaStateHolder,
                      private ca::CaPart,
                      public CaHierarchy,
                      public ArtifactLog {
 public:
  CaActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        CaStateHolder{ca::CaState(context, spec, tracer(), NfvActor::guard())},
        CaPart(state),
        disk_(state),
        policy_(state),
        registration_(state, disk_),
        crl_(state, disk_),
        cmp_(state, registration_, crl_, disk_),
        compromise_(state, crl_, disk_) {
    server_->authorise = [this](const pki::CmpRequestInfo& info) {
      return policy_.authorise(info);
    };
  }

  // ---- CaHierarchy ----
  pki::Certificate root_certificate() const override { return root_->certificate(); }
  // Those retired by a key compromise too (what they issued must still be told apart).
  std::vector<pki::Certificate> issuing_certificates() const override {
    std::vector<pki::Certificate> out;
    for (const auto& retired : state.retired) out.push_back(retired->certificate());
    out.push_back(issuing_->certificate());
    return out;
  }

  // ---- ArtifactLog ----
  const std::vector<Artifact>& artifacts() const override { return state.artifacts; }

 private:
  using CaPart::context;

  void start() override {
    disk_.restore();  // a restarted CA: its state as it was (ca_disk.hpp)
    crl_tick();
  }

  void command(const sim::Command& command) override {
    if (command.name == "compromise") return compromise_.compromise();
    if (command.name != "replay_crl") return NfvActor::command(command);
    crl_.replay_crl(static_cast<std::uint64_t>(int_param(command.args, "number", 0)),
                    string_list_param(command.args, "to"));
  }

  void receive(const sim::Message& message) override { cmp_.receive(message); }

  void crl_tick() {
    const pki::Instant now = pki_now(context());
    cmp_.expire_idle(now);
    crl_.publish_crl();
    if (settings_.crl_interval > Duration())
      NfvActor::schedule(settings_.crl_interval, "CrlTick", [this] { crl_tick(); });
  }

  ca::CaDisk disk_;
  ca::CaRaPolicy policy_;
  ca::CaEndEntityRegistration registration_;
  ca::CaCrlPublisher crl_;
  ca::CaCmpService cmp_;
  ca::CaKeyCompromise compromise_;
};

}  // namespace

void register_ca_actor(sim::ActorRegistry& registry) {
  register_actor<CaActor>(
      registry, ca::kTypeName,
      {.description = "root and issuing CA: CMP server on CA-1 (ir/cr/p10cr/kur/rr), RA policy, "
                      "end-entity registration by the RA (direct mode), CRLs on CRL-DP",
       .params = ca::ca_rules(),
       .commands =
           {{"replay_crl",
             "send a CRL this CA published earlier again (a replay, for negative "
             "scenarios)",
             {{"number", sim::ParamType::integer, "the CRL Number of the CRL sent again", true},
              {"to", sim::ParamType::string_list, "recipients", false, "crl_subscribers"}}},
            {"compromise",
             "the issuing CA's key is compromised: revoke all it issued (cACompromise), publish "
             "its final CRL, certify a new issuing CA under the same root and issue with it",
             {}}},
       .check = ca::check_ca_settings});
}

}  // namespace ifa026::actors
