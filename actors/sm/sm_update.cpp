// The Security Manager's judgement of updates (see sm_extension.hpp; issue 16, R1.3.220;
// docs/security-monitoring.md "Updates"). With its `update_policy` {allowed_images,
// allowed_firmware} the SM judges every software image update (VNF_MODIFY, change_kind
// software_image, change_details.image; from the NFVO) and every host firmware update
// (HOST_UPDATE, change_details.firmware; from a VIM) it is told of, once per update:
// - a Fully-Active or Semi-Active SM on the proposal (a grant request or a proposed event), a
//   Passive one on the completed event (the only one it gets); a host update when reported;
// - inside the policy: SecurityDetection authorized (no alarm), the rules and default decision
//   go on as for any event;
// - outside it: SecurityDetection detected, kind unauthorized_update, audited in the SM's own log;
//   a grant request is answered reject at once (the update does not run), ahead of any rule.
// Fault `miss_update`: every update is recorded authorized (nothing flagged, nothing rejected).
#include <algorithm>
#include <string>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace dv = detail_values;

namespace {

const char* const kListKeys[] = {"allowed_images", "allowed_firmware"};

std::string detail_string(const messages::SmLcmEvent& event, const char* key) {
  if (!event.change_details || !event.change_details->is_object()) return "";
  auto it = event.change_details->find(key);
  return it != event.change_details->end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

void check_update_policy(const nlohmann::json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("update_policy");
  if (it == params.end() || !it->is_object()) return;  // the type is checked by the param rule
  for (const auto& [key, value] : it->items()) {
    const std::string where = "/update_policy/" + sim::escape_pointer_token(key);
    if (std::find(std::begin(kListKeys), std::end(kListKeys), key) == std::end(kListKeys)) {
      out.push_back(
          {"", 0, 0, where,
           "update_policy: unknown member \"" + key + "\" (allowed_images, allowed_firmware)",
           true});
      continue;
    }
    if (!value.is_array()) {
      out.push_back({"", 0, 0, where, "update_policy: " + key + " must be a list of strings"});
      continue;
    }
    for (std::size_t i = 0; i < value.size(); ++i)
      if (!value[i].is_string() || value[i].get<std::string>().empty())
        out.push_back({"", 0, 0, where + "/" + std::to_string(i),
                       "update_policy: " + key + " must be a list of non-empty strings"});
  }
}

void read_update_settings(const nlohmann::json& params, SmSettings& s) {
  if (auto it = params.find("update_policy"); it != params.end() && it->is_object()) {
    s.update_policy = true;
    s.allowed_images = string_list_param(*it, "allowed_images");
    s.allowed_firmware = string_list_param(*it, "allowed_firmware");
  }
  for (const auto& fault : string_list_param(params, "sm_faults"))
    if (fault == "miss_update") s.miss_update = true;
}

bool SmExtension::judge_update(const Action& action) {
  const messages::SmLcmEvent& event = action.event;
  if (!settings_.update_policy) return false;
  const bool image = event.event_type == kEventVnfModify && event.change_kind &&
                     *event.change_kind == kChangeSoftwareImage;
  const bool firmware = event.event_type == kEventHostUpdate;
  if (!image && !firmware) return false;
  if (image) {
    // Once per update: the proposal for an SM that gets one, the completed event for a Passive.
    const bool passive = mode_at(action.block, event.trust_domain) == kModePassive;
    if (event.phase != (passive ? kPhaseCompleted : kPhaseProposed)) return false;
  }
  const std::string what = image ? detail_string(event, "image") : detail_string(event, "firmware");
  const auto& allowed = image ? settings_.allowed_images : settings_.allowed_firmware;
  bool authorized = std::find(allowed.begin(), allowed.end(), what) != allowed.end();
  if (settings_.miss_update) authorized = true;  // fault: nothing is ever flagged
  TraceDetail detail;
  detail.add(dk::kKind, authorized ? dv::kDetectionAuthorized : dv::kDetectionUnauthorizedUpdate);
  if (image)
    detail.add(dk::kVnf, event.vnf_instance_id.value_or("")).add(dk::kImage, what);
  else
    detail.add(dk::kHost, detail_string(event, "host")).add(dk::kFirmware, what);
  detail.add(dk::kEventId, event.event_id)
      .add(dk::kEventType, event.event_type)
      .add(dk::kSource, event.source)
      .add(dk::kDomain, event.trust_domain)
      .add(dk::kReason, authorized ? std::string("in the update policy")
                                   : std::string(image ? "image " : "firmware ") + what +
                                         " is not in the update policy");
  if (action.grant_id) detail.add(dk::kGrantId, *action.grant_id);
  host_.tracer()({.operation = decisions::kSecurityDetection,
                  .outcome = authorized ? outcomes::kAuthorized : outcomes::kDetected,
                  .peer = action.block,
                  .reference_point = reference_point_of(action.block),
                  .detail = detail});
  audit(event.trust_domain, decisions::kSecurityDetection,
        std::string(authorized ? outcomes::kAuthorized : outcomes::kDetected) + " " +
            (authorized ? std::string() : std::string(dv::kDetectionUnauthorizedUpdate) + " ") +
            what + " " + event.event_id);
  if (authorized || !action.grant_id) return false;
  answer_grant(action, kDecisionReject, std::nullopt,
               "unauthorized update: " + what + " is not in the update policy");
  return true;
}

}  // namespace ifa026::actors::sm
