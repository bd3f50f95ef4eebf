// A VNFCI's telemetry sessions and rounds (see vnfci_telemetry.hpp).
#include "actors/vnfci/vnfci_telemetry.hpp"

#include <utility>

#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::vnfci {

VnfciTelemetry::VnfciTelemetry(VnfciState& state, const nlohmann::json& params)
    : ActorPiece(state.toolkit),
      state_(state),
      channels_(state.context, state.toolkit.guard, [this](const ChannelMessage& m) {
        trace({.operation = m.envelope.operation,
               .outcome = outcomes::kRejected,
               .peer = m.peer.name,
               .reference_point = m.reference_point,
               .detail = TraceDetail().add(detail_keys::kReason, "unsupported operation")});
      }) {
  auto policy = telemetry::read_policy(params, "vnf");
  if (!policy) return;
  sender_ = std::make_unique<telemetry::TelemetrySender>(
      state.context, state.toolkit, std::move(*policy), [this] { return load_credentials(); },
      [this](const std::string& collector, Envelope envelope) {
        channels_.send(collector, ChannelKind::mutual, reference_points::kSmSf,
                       std::move(envelope));
      });
}

bool VnfciTelemetry::handle(const sim::Message& message) {
  if (message.reference_point != reference_points::kSmSf) return false;
  return channels_.handle(message);
}

void VnfciTelemetry::start() {
  if (sender_) sender_->start();
}

bool VnfciTelemetry::exploit() {
  if (!sender_) return false;
  sender_->exploit();
  return true;
}

bool VnfciTelemetry::load_credentials() {
  return load_identity_credentials(state_, channels_.credentials());
}

}  // namespace ifa026::actors::vnfci
