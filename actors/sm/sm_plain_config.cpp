// The Security Manager's confirmation that a security function's configuration arrived over a
// protected channel (see sm_extension.hpp; issue 16, R1.3.150; docs/security-monitoring.md
// "Unprotected configuration (R1.3.150)"): every EM / ISM acknowledgement of a rule table or an
// initial credential says over which channel kind the function got it (delivered_over). The SM
// records it on its acknowledged SecurityRulePush / SecurityFunctionCredential (the confirmation);
// a plain delivery is a SecurityDetection kind=unprotected_configuration, remedied by an SM that is
// Semi/Fully-Active in the function's domain by pushing the configuration again over mutual TLS
// (once per function and kind: a further plain delivery alerts only). Fault
// miss_plain_configuration: the SM ignores delivered_over.
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace {

namespace dk = detail_keys;
namespace dv = detail_values;
namespace rp = reference_points;

}  // namespace

std::string SmExtension::sf_delivery_seen(const std::optional<std::string>& delivered_over) const {
  if (settings_.sf.miss_plain_configuration || !delivered_over) return "";
  return *delivered_over;
}

void SmExtension::sf_check_delivery(const SfPending& p, const std::string& request_id,
                                    const std::optional<std::string>& delivered_over) {
  const std::string seen = sf_delivery_seen(delivered_over);
  if (seen.empty() || seen == dv::kDeliveredMutual) return;
  const bool rules = p.what == kWhatRules;
  const auto known = sf_known_.find(p.sf);
  const std::string domain = known == sf_known_.end() ? "" : known->second.domain;
  // The SM's mode in the function's domain, the most active any binding granted.
  std::string mode;
  for (const auto& [block, binding] : state_.bindings)
    for (const auto& g : binding.grants)
      if (g.domain == domain && (mode.empty() || g.mode == kModeFullyActive ||
                                 (g.mode == kModeSemiActive && mode == kModePassive)))
        mode = g.mode;
  const std::string operation =
      rules ? operations::kSecurityRuleConfiguration : operations::kSecurityFunctionConfiguration;
  host_.tracer()({.operation = decisions::kSecurityDetection,
                  .outcome = outcomes::kDetected,
                  .peer = p.via,
                  .reference_point = rp::kSmSf,
                  .detail = TraceDetail()
                                .add(dk::kKind, dv::kDetectionUnprotectedConfiguration)
                                .add(dk::kSf, p.sf)
                                .add(dk::kVia, p.via)
                                .add(dk::kDomain, domain)
                                .add(dk::kSmOperation, operation)
                                .add(dk::kRequest, request_id)
                                .add(dk::kDeliveredOver, seen)});
  audit(domain, decisions::kSecurityDetection,
        std::string(outcomes::kDetected) + " " + dv::kDetectionUnprotectedConfiguration + " " +
            p.sf + " " + request_id);
  const bool active = mode == kModeSemiActive || mode == kModeFullyActive;
  const bool again = sf_plain_remedied_.insert(p.what + "|" + p.sf).second;
  TraceDetail detail;
  detail.add(dk::kSf, p.sf).add(dk::kDetection, request_id).add(dk::kMode, mode);
  if (!active || !again || (rules && p.action != kActionSet)) {
    host_.tracer()({.operation = decisions::kRemediation,
                    .outcome = outcomes::kAlerted,
                    .peer = p.via,
                    .reference_point = rp::kSmSf,
                    .detail = detail.add(dk::kAction, dv::kRemedyAlertOnly)});
    audit(domain, decisions::kRemediation,
          std::string(outcomes::kAlerted) + " " + dv::kRemedyAlertOnly + " " + p.sf);
    return;
  }
  const char* action = rules ? kActionReapply : dv::kRemedyRenewCredential;
  host_.tracer()({.operation = decisions::kRemediation,
                  .outcome = outcomes::kInstructed,
                  .peer = p.via,
                  .reference_point = rp::kSmSf,
                  .detail = detail.add(dk::kAction, action)});
  audit(domain, decisions::kRemediation,
        std::string(outcomes::kInstructed) + " " + action + " " + p.sf);
  if (rules)
    sf_push_rules(p.sf, p.via, p.policy, p.rules, kActionSet, false);
  else
    sf_push_credential(p.sf, p.via);
}

}  // namespace ifa026::actors::sm
