// The `ca-live` actor (docs/live-ca.md): the scenario's CA is a real CMP server (RFC 4210 over
// HTTP, RFC 6712), e.g. `ifa026 ca serve` or OpenSSL's mock server, and this actor stands in its
// place on CA-1 and CRL-DP. The simulated CMF and VNFCIs send it their real CMP messages, which
// it relays to the server and whose answers it hands back; it traces what the server decided as
// the simulated CA traces its own decisions, so that the C.4 and C.2.1 checks judge the real CA.
// Registrations and CRLs go through the vendor's commands. A scenario with this actor runs on the
// wall clock ("epoch": "now"): the server stamps real time.
//
// This file is the shell: the actor type, the CaHierarchy role (the CA certificates of the
// trust_anchors files), the start record, the CRL tick and the routing of CA-1 messages. The
// pieces: ca_live_settings (parameters), ca_live_part (shared state), ca_live_relay (CMP),
// ca_live_registration (RegisterEndEntity), ca_live_crl (CRLs), external_command (the commands).
#include "actors/ca_live/ca_live_actor.hpp"

#include <chrono>
#include <utility>

#include "actors/ca_live/ca_live_crl.hpp"
#include "actors/ca_live/ca_live_part.hpp"
#include "actors/ca_live/ca_live_registration.hpp"
#include "actors/ca_live/ca_live_relay.hpp"
#include "actors/ca_live/ca_live_settings.hpp"
#include "actors/common/ca_hierarchy.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operations.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/nfv_actor.hpp"

namespace ifa026::actors {
namespace {

using sim::Duration;
namespace keys = detail_keys;

// Holds the shared state so that it is built before the pieces that refer to it.
struct CaLiveStateHolder {
  ca_live::CaLiveState state;
};

class CaLiveActor final : public NfvActor,
                          private CaLiveStateHolder,
                          public CaHierarchy,
                          public ArtifactLog {
 public:
  CaLiveActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        CaLiveStateHolder{ca_live::CaLiveState(context, spec, tracer(), NfvActor::guard())},
        relay_(state),
        registration_(state),
        crl_(state) {
    state.after_revocation = [this] { crl_.publish(); };
  }

  // ---- CaHierarchy: the real CA's certificates as the trust_anchors files give them ----
  pki::Certificate root_certificate() const override { return state.anchors.front(); }
  std::vector<pki::Certificate> issuing_certificates() const override {
    return state.intermediates;
  }

  // ---- ArtifactLog ----
  const std::vector<Artifact>& artifacts() const override { return state.artifacts; }

 private:
  void start() override {
    // The run's epoch and the wall clock, side by side: the server stamps the latter.
    const auto wall = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    TraceDetail detail;
    detail.add(keys::kUrl, state.settings.url.text())
        .add(keys::kEpoch, sim::format_utc(context().epoch().start()))
        .add(keys::kWallClock, sim::format_utc(sim::UtcInstant{wall.count()}))
        .add(keys::kRoots, state.anchors.front().subject().to_string());
    std::string note;
    if (!state.settings.register_command) note = "no register_command: registrations are refused";
    if (!state.settings.crl_command)
      note += std::string(note.empty() ? "" : "; ") + "no crl_command: no CRLs";
    if (!note.empty()) detail.add(keys::kNote, note);
    trace({.operation = decisions::kLiveCaServer,
           .outcome = outcomes::kOk,
           .reference_point = reference_points::kCa1,
           .detail = detail});
    crl_tick();
  }

  void receive(const sim::Message& message) override {
    const HandlerSite site{
        .operation = message.operation.empty() ? "CmpMessage" : message.operation,
        .peer = message.from,
        .reference_point = reference_points::kCa1,
        .step = message.step};
    std::string why;
    auto envelope = decode_envelope(message.payload, &why);
    if (!envelope) return guard().malformed(site, "not an envelope: " + why);
    if (envelope->operation == operations::kRegisterEndEntityRequest) {
      auto request = messages::from_envelope<messages::RegisterEndEntityRequest>(*envelope);
      if (!request)
        return guard().malformed(site, "body does not decode: " + request.failure().text(),
                                 [&](const std::string& reason) {
                                   registration_.refuse_malformed(message.from, *envelope, reason);
                                 });
      return registration_.register_end_entity(message.from, envelope->step, request.value());
    }
    // Any other operation carries a CMP message; the server reads the DER, not the name.
    auto cmp = messages::from_body<messages::CmpMessage>(envelope->body);
    if (!cmp) return guard().malformed(site, "body does not decode: " + cmp.failure().text());
    relay_.relay(message.from, envelope->operation, envelope->step, std::move(cmp.value()));
  }

  void crl_tick() {
    crl_.publish();
    if (state.settings.crl_command && state.settings.crl_interval > Duration())
      schedule(state.settings.crl_interval, "CrlTick", [this] { crl_tick(); });
  }

  ca_live::CaLiveRelay relay_;
  ca_live::CaLiveRegistration registration_;
  ca_live::CaLiveCrl crl_;
};

}  // namespace

void register_ca_live_actor(sim::ActorRegistry& registry) {
  register_actor<CaLiveActor>(
      registry, ca_live::kTypeName,
      {.description = "a real CMP server as the scenario's CA: relays CA-1 to it over HTTP, traces "
                      "what it decided, registrations and CRLs through the vendor's commands "
                      "(needs \"epoch\": \"now\")",
       .params = ca_live::ca_live_rules(),
       .commands = {},
       .check = ca_live::check_ca_live_settings,
       .needs_wall_clock_epoch = true});
}

}  // namespace ifa026::actors
