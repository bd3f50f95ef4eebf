// The VNFM's Security Manager service on Sc-Vnfm (see sm_vnfm_service.hpp).
#include "actors/vnfm/sm_vnfm_service.hpp"

#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"

namespace ifa026::actors::vnfm {

SmVnfmService::SmVnfmService(ManoEntityHost& host, const nlohmann::json& params)
    : ActorPiece({host.tracer(), host.guard()}),
      gateway_(host, reference_points::kScVnfm, sm_gateway_faults(params)) {
  for (const auto& fault : string_list_param(params, "sm_faults"))
    if (fault == "skip_crash_event") skip_crash_event_ = true;
}

std::vector<ParamRule> SmVnfmService::param_rules() {
  std::vector<ParamRule> rules = {sm_faults_param_rule()};
  for (auto& rule : audit_key_param_rules()) rules.push_back(std::move(rule));  // issue 16
  return rules;
}

void SmVnfmService::serve(MessageHandlers<ChannelMessage>& handlers) {
  gateway_.serve(handlers);
}

void SmVnfmService::crashed(const std::string& vnf, const std::string& vnfci,
                            const std::string& detected_by, const std::string& reason,
                            const std::string& trust_domain,
                            const std::set<std::string>& hidden_from,
                            const std::string& oss_app_id) {
  if (skip_crash_event_) return;
  messages::SmLcmEvent e;
  e.event_id = gateway_.next_event_id();
  e.event_type = sm::kEventVnfTerminate;
  e.phase = sm::kPhaseCompleted;
  e.trust_domain = trust_domain;
  e.source = detected_by;
  e.oss_app_id = oss_app_id;
  e.vnf_instance_id = vnf;
  e.termination_kind = sm::kTerminationCrashed;
  e.reason = reason;
  e.change_details = nlohmann::json{{"vnfci", vnfci}};
  gateway_.publish(std::move(e), SmVnfView{vnf, trust_domain, hidden_from});
}

}  // namespace ifa026::actors::vnfm
