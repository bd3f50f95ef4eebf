// What makes an actor a telemetry source (docs/security-monitoring.md "Telemetry and collectors";
// Annex A R1.3.60, R1.3.70, R1.3.140, R1.3.190, R1.3.230, R1.3.250): monitored VNFCIs (VNFs and
// VSFs; actors/vnfci/vnfci_telemetry) and PNF stubs (actors/pnf/) hold one. Its policy (the
// `telemetry` parameter) names the collectors, the (plane, mode) pairs it reports, the period and
// which collectors get deflate; every period, once the owner holds a certificate, it sends one
// TelemetryReport per pair to each collector over the owner's mutual-TLS session with that
// collector (one session per collector), each recorded `TelemetrySent`. The record is a JSON
// object of metrics drawn from the owner's seeded random stream; after the `exploit` command they
// leave their baseline (cpu_pct near 100, thousands of outbound connections).
//
// Fault switches (telemetry.faults): plain (reports sent outside TLS), bad_raw_digest (the digest
// of another record), extra_collector (a collector outside the policy also gets every report),
// skip_plane (the pairs of that plane are never sent), silent (the source never reports),
// shared_session (every collector's reports go over the session with the first collector),
// exploit ({source name: time}: the `exploit` fault injected into that source at that time, for
// VNFCIs, which workload commands cannot name since they are spawned at run time).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "sim/actor.hpp"
#include "sim/diagnostic.hpp"
#include "sim/param_rules.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::telemetry {

inline constexpr const char* kPlaneControl = "control";
inline constexpr const char* kPlaneManagement = "management";
inline constexpr const char* kPlaneData = "data";
inline constexpr const char* kModeActive = "active";
inline constexpr const char* kModePassive = "passive";
// The text every raw record carries, which a plaintext store gives away (R1.3.130).
inline constexpr const char* kRecordMarker = "ifa026-telemetry-record";
// The metric bounds of the baseline, and the values an exploited source reports.
inline constexpr double kBaselineCpuMax = 40.0;
inline constexpr double kExploitCpuMin = 97.0;

struct SenderPolicy {
  std::vector<std::string> collectors;
  std::vector<std::pair<std::string, std::string>> pairs;  // (plane, mode)
  std::set<std::string> deflate_to;                        // collectors that get deflate
  sim::Duration period = sim::Duration::seconds(10);
  std::string kind = "vnf";  // vnf, vsf, pnf
  std::optional<std::string> vnf;
  // Fault switches.
  bool plain = false;
  bool bad_raw_digest = false;
  std::string extra_collector;
  std::string skip_plane;
  bool silent = false;
  bool shared_session = false;
  // The exploit fault by source name: when (simulated time) it is injected.
  std::map<std::string, sim::Duration> exploit_at;
};

// The `telemetry` parameter's rule (an object; see check_policy for its members).
sim::ParamRule policy_param_rule(const std::string& kind);
// Located problems of params["telemetry"] (pointers from the parameters' root).
void check_policy(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// The policy of params["telemetry"] (already checked); nullopt when absent.
std::optional<SenderPolicy> read_policy(const nlohmann::json& params, const std::string& kind);

class TelemetrySender : private ActorPiece {
 public:
  // Loads the owner's certificate into the sessions' credentials; false while it holds none.
  using Ready = std::function<bool()>;
  // Sends an envelope to a collector on the owner's mutual-TLS session with it (Sm-Sf).
  using SendSecure = std::function<void(const std::string& collector, Envelope envelope)>;

  TelemetrySender(sim::ActorContext& context, ActorToolkit toolkit, SenderPolicy policy,
                  Ready ready, SendSecure send_secure);

  // TelemetryPolicy loaded, then the first round after one period.
  void start();
  // The `exploit` fault (command, or the policy's faults.exploit): ExploitInjected, and the
  // metrics leave their baseline from the next round on.
  void exploit();
  bool exploited() const { return exploited_; }

 private:
  void round();
  nlohmann::json record(const std::string& plane, const std::string& mode, std::uint64_t seq);
  void send(const std::string& collector, const std::string& plane, const std::string& mode);

  sim::ActorContext& context_;
  SenderPolicy policy_;
  Ready ready_;
  SendSecure send_secure_;
  bool exploited_ = false;
  std::map<std::string, std::uint64_t> seq_;  // by collector
};

}  // namespace ifa026::actors::telemetry
