// The Security Manager's detections and remedies (see sm_extension.hpp; issue 16, R1.3.110 and
// R1.3.180; docs/security-monitoring.md "Detections and remedies").
//
// What the SM notices, from the events it receives (SecurityDetection):
// - package_integrity: its own check of a proposed VNF_INSTANTIATE's package failed
//   (SmPackageVerification failed; R2.1.250's verdict still goes to MANO as before).
// - unauthorized_deployment / authorized: a VIM's RESOURCE_ALLOCATE (Sc-Vi, the VIM's
//   `allocation_events`) names a VNF; `detection_window` later the SM looks for a VNF_INSTANTIATE
//   of that VNF among the events the NFVO sent it (any phase: proposed for Semi/Fully-Active SMs,
//   completed for Passive ones). None: the infrastructure runs a VNF the NFVO never instantiated
//   (`detected`, kind unauthorized_deployment); one: `authorized`, no alarm. One decision per VNF
//   (its later allocations — scale, heal — are not reconciled again).
//
// The remedy (Remediation), for an unauthorized deployment only, by the SM's mode in the VNF's
// domain as the reporting block granted it: Fully-Active instructs and Semi-Active requests the
// termination of the VNF at the block that reported it (request_termination, replace_allowed
// false; the VIM removes its computes); Passive only alerts (`alerted`, action alert_only).
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace dv = detail_values;
namespace m = messages;

void read_detection_settings(const nlohmann::json& params, SmSettings& s) {
  s.detection_window = duration_param(params, "detection_window", sim::Duration::seconds(10));
  for (const auto& fault : string_list_param(params, "sm_faults")) {
    if (fault == "miss_rogue") s.miss_rogue = true;
    if (fault == "flag_authorized") s.flag_authorized = true;
    if (fault == "no_remediation") s.no_remediation = true;
    if (fault == "remediate_passive") s.remediate_passive = true;
    if (fault == "skip_audit") s.skip_audit = true;
  }
}

void SmExtension::audit(const std::string& domain, const std::string& event,
                        const std::string& detail) {
  if (settings_.skip_audit) return;
  if (audit_.block().empty()) audit_ = AuditLog(name());
  // As the MANO blocks' gateway does: a key per partition from the SM's seeded stream, or
  // derived from the key an auditor delivered (audit_keeping.hpp).
  audit_keeping_.append(AuditPartition{name(), domain}, event, detail);
}

std::string SmExtension::mode_at(const std::string& block, const std::string& domain) const {
  auto it = state_.bindings.find(block);
  if (it == state_.bindings.end()) return "";
  for (const auto& grant : it->second.grants)
    if (grant.domain == domain) return grant.mode;
  return "";
}

void SmExtension::detect(const std::string& block, const std::string& instance,
                         const m::SmLcmEvent& event,
                         const std::optional<std::string>& package_verdict) {
  if (package_verdict && *package_verdict == kIntegrityFailed) {
    TraceDetail detail;
    detail.add(dk::kKind, dv::kDetectionPackageIntegrity)
        .add(dk::kVnf, event.vnf_instance_id.value_or(""))
        .add(dk::kEventId, event.event_id)
        .add(dk::kSource, event.source)
        .add(dk::kPackage, event.vnf_package_id.value_or(""));
    host_.tracer()({.operation = decisions::kSecurityDetection,
                    .outcome = outcomes::kDetected,
                    .peer = block,
                    .reference_point = reference_point_of(block),
                    .detail = detail});
    audit(event.trust_domain, decisions::kSecurityDetection,
          std::string(outcomes::kDetected) + " " + dv::kDetectionPackageIntegrity + " " +
              event.event_id);
  }
  if (event.event_type != kEventResourceAllocate || !event.vnf_instance_id) return;
  if (!reconciling_.insert(*event.vnf_instance_id).second) return;
  host_.schedule(settings_.detection_window, "SmDetectionWindow",
                 [this, block, instance, event] { reconcile(block, instance, event); });
}

void SmExtension::reconcile(const std::string& block, const std::string& instance,
                            const m::SmLcmEvent& event) {
  const std::string vnf = *event.vnf_instance_id;
  const SmReceivedEvent* instantiation = nullptr;
  for (const auto& e : state_.events)
    if (e.block == settings_.nfvo && e.event.event_type == kEventVnfInstantiate &&
        e.event.vnf_instance_id == vnf) {
      instantiation = &e;
      break;
    }
  bool authorized = instantiation != nullptr;
  if (settings_.miss_rogue) authorized = true;        // fault: nothing is ever flagged
  if (settings_.flag_authorized) authorized = false;  // fault: everything is flagged
  TraceDetail detail;
  detail
      .add(dk::kKind, authorized ? dv::kDetectionAuthorized : dv::kDetectionUnauthorizedDeployment)
      .add(dk::kVnf, vnf)
      .add(dk::kEventId, event.event_id)
      .add(dk::kSource, event.source)
      .add(dk::kDomain, event.trust_domain)
      .add(dk::kWindow, sim::format_duration(settings_.detection_window));
  if (instantiation != nullptr)
    detail.add(dk::kReason, "instantiated by the NFVO: " + instantiation->event.event_id);
  else
    detail.add(dk::kReason, "no VNF_INSTANTIATE of " + vnf + " from " +
                                (settings_.nfvo.empty() ? std::string("an NFVO") : settings_.nfvo));
  host_.tracer()({.operation = decisions::kSecurityDetection,
                  .outcome = authorized ? outcomes::kAuthorized : outcomes::kDetected,
                  .peer = block,
                  .reference_point = reference_point_of(block),
                  .detail = detail});
  audit(event.trust_domain, decisions::kSecurityDetection,
        std::string(authorized ? outcomes::kAuthorized : outcomes::kDetected) + " " +
            (authorized ? std::string() : std::string(dv::kDetectionUnauthorizedDeployment) + " ") +
            vnf + " " + event.event_id);
  if (!authorized) remediate(block, instance, event);
}

void SmExtension::remediate(const std::string& block, const std::string& instance,
                            const m::SmLcmEvent& event) {
  const std::string vnf = *event.vnf_instance_id;
  const std::string mode = mode_at(block, event.trust_domain);
  TraceDetail detail;
  detail.add(dk::kVnf, vnf).add(dk::kDetection, event.event_id).add(dk::kMode, mode);
  const bool active = mode == kModeSemiActive || mode == kModeFullyActive;
  if (!active && !settings_.remediate_passive) {
    host_.tracer()({.operation = decisions::kRemediation,
                    .outcome = outcomes::kAlerted,
                    .peer = block,
                    .reference_point = reference_point_of(block),
                    .detail = detail.add(dk::kAction, dv::kRemedyAlertOnly)});
    audit(event.trust_domain, decisions::kRemediation,
          std::string(outcomes::kAlerted) + " " + dv::kRemedyAlertOnly + " " + vnf);
    return;
  }
  if (settings_.no_remediation) return;  // fault: the detection is left at that
  const std::string kind = mode == kModeFullyActive ? kKindInstruction : kKindRequest;
  m::SmTerminationOptions options;
  options.replace_allowed = false;
  const std::string bound = instance_with(block);
  const std::string request = request_termination(
      block, bound.empty() ? instance : bound, kind, {vnf},
      "unauthorized deployment of " + vnf + " (" + event.event_id + ")", options);
  host_.tracer()(
      {.operation = decisions::kRemediation,
       .outcome = kind == kKindInstruction ? outcomes::kInstructed : outcomes::kRequested,
       .peer = block,
       .reference_point = reference_point_of(block),
       .detail = detail.add(dk::kAction, dv::kRemedyTerminate).add(dk::kRequest, request)});
  audit(event.trust_domain, decisions::kRemediation,
        std::string(kind == kKindInstruction ? outcomes::kInstructed : outcomes::kRequested) + " " +
            dv::kRemedyTerminate + " " + vnf + " " + request);
}

}  // namespace ifa026::actors::sm
