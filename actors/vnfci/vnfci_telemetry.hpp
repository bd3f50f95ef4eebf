// A monitored VNFCI's telemetry (docs/security-monitoring.md "Telemetry and collectors"): with a
// `telemetry` policy (the VNFM passes its vnfci_params, with the VNF instance filled in) the VNFCI
// reports to each collector of the policy over a mutual TLS 1.3 session on Sm-Sf, authenticated
// with the first identity certificate it enrolled (as its security associations do); the
// `exploit` command makes its metrics anomalous (R1.3.190). The sessions are this piece's own
// SecureChannels; collectors send nothing back but the handshake.
#pragma once

#include <memory>

#include "actors/common/secure_channels.hpp"
#include "actors/common/telemetry_sender.hpp"
#include "actors/vnfci/vnfci_part.hpp"

namespace ifa026::actors::vnfci {

class VnfciTelemetry : private ActorPiece {
 public:
  // `params`: the actor's parameters (its `telemetry` policy).
  VnfciTelemetry(VnfciState& state, const nlohmann::json& params);
  // True when the message is this piece's (reference point Sm-Sf): then handled.
  bool handle(const sim::Message& message);
  // The actor started: the policy's rounds begin (nothing without a policy).
  void start();
  // The `exploit` command; false without a policy (nothing to make anomalous).
  bool exploit();

 private:
  // The first identity holding a certificate, loaded into the sessions' credentials.
  bool load_credentials();

  VnfciState& state_;
  SecureChannels channels_;
  std::unique_ptr<telemetry::TelemetrySender> sender_;
};

}  // namespace ifa026::actors::vnfci
