// The `pnf` actor type: a PNF stub. It holds a certificate the way a MANO entity does (the OSS
// registers it at the CMF as kind `pnf`, it enrols C.4-style), and once it has one it reports
// telemetry by its `telemetry` policy to the collectors named, over its own mutual TLS session
// with each (actors/common/telemetry_sender.hpp). Nothing else of a PNF is modelled.
#include "actors/pnf/pnf_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/common/telemetry_sender.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors {
namespace {

class PnfExtension final : public ManoEntityExtension {
 public:
  PnfExtension(ManoEntityHost& host, const sim::ActorSpec& spec) : host_(host) {
    auto policy = telemetry::read_policy(spec.params, "pnf");
    if (!policy) return;
    sender_ = std::make_unique<telemetry::TelemetrySender>(
        host.actor_context(), ActorToolkit{host.tracer(), host.guard()}, std::move(*policy),
        [this] { return host_.can_authenticate(); },
        [this](const std::string& collector, Envelope envelope) {
          host_.channels().send(collector, ChannelKind::mutual, reference_points::kSmSf,
                                std::move(envelope));
        });
  }

  void on_start() override {
    if (sender_) sender_->start();
  }

 private:
  ManoEntityHost& host_;
  std::unique_ptr<telemetry::TelemetrySender> sender_;
};

void check_pnf_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
  telemetry::check_policy(params, out);
}

}  // namespace

void register_pnf_actor(sim::ActorRegistry& registry) {
  ManoEntityKind kind;
  kind.kind = "pnf";
  kind.description =
      "PNF stub (R1.3.70): enrols its certificate at the CMF like an SM and reports telemetry by "
      "its policy to the collectors named, each over its own mutual TLS session (Sm-Sf)";
  kind.access_control = true;  // it serves no requests: nobody is in its access list
  kind.extra_params = {telemetry::policy_param_rule("PNF")};
  kind.check_extra_params = check_pnf_params;
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<PnfExtension>(host, spec);
  };
  registry.add("pnf", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
