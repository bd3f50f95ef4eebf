// The SM as a telemetry collector and exploit detector (docs/security-monitoring.md "Telemetry and
// collectors"; Annex A R1.3.130, R1.3.190, R1.3.250): with a provisioned telemetry_store_key it
// takes TelemetryReports on Sm-Sf like the `collector` actor (actors/common/telemetry_collector),
// and reads each stored record: a cpu_pct past telemetry_exploit_cpu_pct is an exploit of the VNF
// the record is about, recorded `SecurityDetection kind=exploit` once per VNF. The remedy follows
// the SM's mode in the VNF's trust domain (learnt from the VNF's LCM events and the binding's
// grants): Semi-Active asks for termination with a quarantine copy and no replacement
// (`SmTerminateVnfRequest kind=request`, `Remediation requested action=quarantine`), Fully-Active
// instructs it (`Remediation instructed`), Passive or unknown only alerts (`Remediation alerted`).
#include <set>
#include <string>

#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/messages/telemetry.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace m = messages;

namespace {
constexpr const char* kDetectionExploit = "exploit";
constexpr const char* kActionQuarantine = "quarantine";
constexpr const char* kActionAlertOnly = "alert_only";
}  // namespace

const telemetry::TelemetryStore* SmExtension::telemetry_store() const {
  return telemetry_ ? telemetry_->store() : nullptr;
}

void SmExtension::start_telemetry(const nlohmann::json& params) {
  telemetry_ = std::make_unique<telemetry::TelemetryCollector>(host_.actor_context(),
                                                               host_.tracer(), params);
  exploit_cpu_pct_ = static_cast<double>(int_param(params, "telemetry_exploit_cpu_pct", 90));
  ignore_exploit_ = telemetry::collector_fault(params, "ignore_exploit");
  host_.request_handlers().on<m::TelemetryReport>(
      [this](const m::TelemetryReport& report, const ChannelMessage& message) {
        on_telemetry(message, report);
      });
}

void SmExtension::telemetry_command(const sim::Command& command) {
  telemetry_->on_command(command);
}

void SmExtension::on_telemetry(const ChannelMessage& from, const m::TelemetryReport& report) {
  learn_peer(from);
  const auto record = telemetry_->receive(from, report);
  if (record && !ignore_exploit_) detect_exploit(from, *record);
}

std::string SmExtension::mode_for_vnf(const std::string& vnf) const {
  std::string domain;
  for (const auto& e : state_.events)
    if (e.event.vnf_instance_id == vnf && !e.event.trust_domain.empty())
      domain = e.event.trust_domain;
  if (domain.empty()) return "";
  auto it = state_.bindings.find(settings_.nfvo);
  if (it == state_.bindings.end()) return "";
  for (const auto& grant : it->second.grants)
    if (grant.domain == domain) return grant.mode;
  return "";
}

void SmExtension::detect_exploit(const ChannelMessage& from, const nlohmann::json& record) {
  const std::string vnf = record.value("vnf", "");
  const auto metrics = record.value("metrics", nlohmann::json::object());
  if (vnf.empty() || !metrics.is_object() || !metrics.contains("cpu_pct") ||
      !metrics["cpu_pct"].is_number())
    return;
  const double cpu = metrics["cpu_pct"].get<double>();
  if (cpu <= exploit_cpu_pct_ || exploited_vnfs_.contains(vnf)) return;
  exploited_vnfs_.insert(vnf);
  const std::uint64_t detection = host_.tracer().with_id(
      {.operation = decisions::kSecurityDetection,
       .outcome = outcomes::kDetected,
       .peer = from.peer.name,
       .reference_point = from.reference_point,
       .detail = TraceDetail()
                     .add(dk::kKind, kDetectionExploit)
                     .add(dk::kVnf, vnf)
                     .add(dk::kSource, from.peer.name)
                     .add(dk::kAnomalyMetric, "cpu_pct")
                     .add(dk::kAnomalyValue, std::to_string(cpu))
                     .add(dk::kAnomalyThreshold, static_cast<long long>(exploit_cpu_pct_))});
  const std::string mode = mode_for_vnf(vnf);
  const std::string instance = instance_with(settings_.nfvo);
  const bool active = mode == kModeSemiActive || mode == kModeFullyActive;
  TraceDetail detail;
  detail.add(dk::kDetection, static_cast<long long>(detection)).add(dk::kVnf, vnf);
  if (!active || instance.empty()) {
    detail.add(dk::kAction, kActionAlertOnly)
        .add(dk::kReason, instance.empty() ? "not bound to the NFVO"
                          : mode.empty()   ? "the VNF's domain is not known to be managed"
                                           : "passive in the VNF's domain");
    host_.tracer()(
        {.operation = decisions::kRemediation, .outcome = outcomes::kAlerted, .detail = detail});
    return;
  }
  const std::string kind = mode == kModeFullyActive ? kKindInstruction : kKindRequest;
  std::set<std::string> before;
  for (const auto& [id, request] : state_.requests) before.insert(id);
  m::SmTerminationOptions options;
  options.replace_allowed = false;
  options.quarantine_copy = true;
  options.other_recovery_allowed = false;
  request_termination(settings_.nfvo, instance, kind, {vnf}, "exploit detected by telemetry",
                      options);
  for (const auto& [id, request] : state_.requests)
    if (!before.contains(id)) detail.add(dk::kRequest, id);
  detail.add(dk::kAction, kActionQuarantine).add(dk::kMode, mode);
  host_.tracer()(
      {.operation = decisions::kRemediation,
       .outcome = kind == kKindInstruction ? outcomes::kInstructed : outcomes::kRequested,
       .peer = settings_.nfvo,
       .reference_point = reference_point_of(settings_.nfvo),
       .detail = detail});
}

}  // namespace ifa026::actors::sm
