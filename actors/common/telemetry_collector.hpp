// What makes an actor a telemetry collector (docs/security-monitoring.md "Telemetry and
// collectors"; Annex A R1.3.60, R1.3.130, R1.3.140, R1.3.250): the `collector` actor and the SM
// both hold one. A TelemetryReport is taken only from the TLS peer it names as its source over a
// mutual session (the owner's access control saw the certificate); its payload is decoded
// (identity or deflate) and must hash to the report's raw_digest and be a JSON object, else the
// report is refused (`TelemetryReport rejected`, the run goes on). An accepted report's payload is
// kept in the owner's TelemetryStore sealed under the provisioned key (`TelemetryStored`). The
// `tamper_store` command alters one stored record, `verify_store` checks every one
// (`TelemetryStoreVerification pass|violation`).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/secure_channels.hpp"
#include "actors/common/telemetry_store.hpp"
#include "actors/messages/telemetry.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "sim/actor.hpp"
#include "sim/diagnostic.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors::telemetry {

// The collector parameters (the `collector` actor's and the SM's): telemetry_store_key (64 hex
// digits, the provisioned AES-256 key; without it the actor collects nothing) and
// telemetry_faults (store_plaintext; the SM also ignore_exploit).
std::vector<sim::ParamRule> collector_param_rules();
sim::ParamRule store_key_param_rule();
sim::ParamRule collector_faults_param_rule();
sim::ParamRule exploit_threshold_param_rule();  // the SM's anomaly bound (R1.3.190)
// True when params' telemetry_faults lists `fault`.
bool collector_fault(const nlohmann::json& params, const std::string& fault);
void check_collector_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// The workload commands tamper_store and verify_store.
std::vector<sim::CommandRule> collector_command_rules();
sim::CommandRule tamper_store_command_rule();
sim::CommandRule verify_store_command_rule();

class TelemetryCollector {
 public:
  TelemetryCollector(sim::ActorContext& context, Tracer& tracer, const nlohmann::json& params);

  // True when a store key was provisioned.
  bool enabled() const { return store_ != nullptr; }
  // Takes a report that came in `m`; the raw record (a JSON object) when it was stored, nullopt
  // when it was refused (traced).
  std::optional<nlohmann::json> receive(const ChannelMessage& m,
                                        const messages::TelemetryReport& report);
  // tamper_store and verify_store; false for another command.
  bool on_command(const sim::Command& command);

  const TelemetryStore* store() const { return store_.get(); }

 private:
  void refuse(const ChannelMessage& m, const messages::TelemetryReport& report,
              const std::string& reason);

  Tracer& tracer_;
  std::unique_ptr<TelemetryStore> store_;
};

}  // namespace ifa026::actors::telemetry
