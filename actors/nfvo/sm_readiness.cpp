// The NFVO's gate of NS lifecycle requests on SM readiness (see sm_readiness.hpp).
#include "actors/nfvo/sm_readiness.hpp"

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"

namespace ifa026::actors::nfvo {

namespace dk = detail_keys;

SmReadiness::SmReadiness(ManoEntityHost& host, const nlohmann::json& params,
                         const SmGateway& gateway)
    : host_(host),
      gateway_(gateway),
      required_(string_list_param(params, "require_sm_before_lcm")) {
  for (const auto& fault : string_list_param(params, "sm_faults"))
    if (fault == "lcm_before_sm") lcm_before_sm_ = true;
}

std::vector<ParamRule> SmReadiness::param_rules() {
  return {{"require_sm_before_lcm", ParamType::string_list,
           "Security Managers that must hold an Sc-Or binding before the NFVO accepts an NS "
           "instantiation (R1.3.210); earlier requests are refused \"security management not "
           "ready\" (sm_faults lcm_before_sm: let through)"}};
}

std::string SmReadiness::refusal(const std::string& ns) {
  if (required_.empty()) return "";
  std::string missing;
  for (const auto& sm : required_)
    if (gateway_.bindings().count(sm) == 0) missing += (missing.empty() ? "" : ",") + sm;
  if (missing.empty()) {
    if (!ready_recorded_)
      host_.tracer()({.operation = decisions::kSmReadiness,
                      .outcome = outcomes::kReady,
                      .detail = TraceDetail().add(dk::kNs, ns)});
    ready_recorded_ = true;
    return "";
  }
  const std::string reason =
      std::string(kSecurityManagementNotReady) + ": " + missing + " not bound";
  TraceDetail detail;
  detail.add(dk::kNs, ns).add(dk::kSm, missing).add(dk::kReason, reason);
  if (lcm_before_sm_) detail.add(dk::kDecision, "let through (fault lcm_before_sm)");
  host_.tracer()(
      {.operation = decisions::kSmReadiness, .outcome = outcomes::kNotReady, .detail = detail});
  return lcm_before_sm_ ? "" : reason;
}

}  // namespace ifa026::actors::nfvo
