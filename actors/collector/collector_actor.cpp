// The `collector` actor type: a telemetry collector built as a MANO-entity kind like the SM (the
// OSS registers it at the CMF, it enrols its certificate C.4-style, R1.3.90), so that it accepts
// TelemetryReports only on mutual TLS sessions authenticated by a certificate (Sm-Sf) and keeps
// them in its encrypted store (actors/common/telemetry_collector.hpp; R1.3.130, R1.3.250).
#include "actors/collector/collector_actor.hpp"

#include <memory>
#include <utility>

#include "actors/common/mano_entity.hpp"
#include "actors/common/telemetry_collector.hpp"
#include "actors/messages/telemetry.hpp"

namespace ifa026::actors {
namespace {

class CollectorExtension final : public ManoEntityExtension,
                                 public telemetry::TelemetryStoreSource {
 public:
  CollectorExtension(ManoEntityHost& host, const sim::ActorSpec& spec)
      : collector_(host.actor_context(), host.tracer(), spec.params) {
    host.request_handlers().on<messages::TelemetryReport>(
        [this](const messages::TelemetryReport& report, const ChannelMessage& m) {
          collector_.receive(m, report);
        });
  }

  bool on_command(const sim::Command& command) override { return collector_.on_command(command); }

  const telemetry::TelemetryStore* telemetry_store() const override { return collector_.store(); }

 private:
  telemetry::TelemetryCollector collector_;
};

}  // namespace

void register_collector_actor(sim::ActorRegistry& registry) {
  ManoEntityKind kind;
  kind.kind = "collector";
  kind.description =
      "telemetry collector (R1.3): enrols its certificate at the CMF like an SM, takes "
      "TelemetryReports over mutual TLS (Sm-Sf), checks each raw digest and keeps the records "
      "sealed with AES-256-GCM under its provisioned key";
  kind.access_control = false;
  kind.extra_params = telemetry::collector_param_rules();
  kind.extra_commands = telemetry::collector_command_rules();
  kind.check_extra_params = telemetry::check_collector_params;
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<CollectorExtension>(host, spec);
  };
  registry.add("collector", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
