// The VNFM's software update of a VNF (see software_update.hpp). The simulated VNFCIs carry no
// image of their own: the SoftwareUpdate executed record (with the VNFCIs it changed) is the
// execution, and the LCCN COMPLETED notification its report to the NFVO.
#include "actors/vnfm/software_update.hpp"

#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::vnfm {

namespace dk = detail_keys;
namespace rp = reference_points;

SoftwareUpdates::SoftwareUpdates(ManoEntityHost& host, const VnfLcm& lcm,
                                 LccnSubscriptions& subscriptions, std::uint64_t& next_occurrence,
                                 std::function<std::string(const std::string&)> nfvo_of)
    : host_(host),
      lcm_(lcm),
      subscriptions_(subscriptions),
      next_occurrence_(next_occurrence),
      nfvo_of_(std::move(nfvo_of)) {}

void SoftwareUpdates::read_faults(const nlohmann::json& params) {
  for (const auto& fault : string_list_param(params, "sm_faults"))
    if (fault == "update_ungated") ungated_ = true;
}

CommandRule SoftwareUpdates::command_rule() {
  return {"update_vnf_software",
          "change the software image of every VNFCI of a VNF the NFVO instantiated (IFA 007 "
          "change current VNF package), under a CHANGE_VNFPKG grant of the NFVO (R1.3.220)",
          {{"vnf", ParamType::string, "the VNF instance", true},
           {"image", ParamType::string, "the new software image", true}}};
}

std::string SoftwareUpdates::vnfcis_of(const std::string& vnf) const {
  std::string text;
  if (const VnfInstance* instance = lcm_.find(vnf))
    for (const Vnfci* v : instance->ordered()) text += (text.empty() ? "" : ",") + v->name;
  return text;
}

bool SoftwareUpdates::on_command(const sim::Command& command) {
  if (command.name != "update_vnf_software") return false;
  Update update;
  update.vnf = string_param(command.args, "vnf");
  update.image = string_param(command.args, "image");
  const VnfInstance* instance = lcm_.find(update.vnf);
  const std::string nfvo = nfvo_of_(update.vnf);
  TraceDetail detail;
  detail.add(dk::kVnf, update.vnf).add(dk::kImage, update.image);
  if (instance == nullptr || instance->state != VnfState::instantiated || nfvo.empty()) {
    host_.tracer()({.operation = decisions::kSoftwareUpdate,
                    .outcome = outcomes::kRefused,
                    .detail = detail.add(dk::kReason, "not a running VNF an NFVO instantiated")});
    return true;
  }
  update.vnfd = instance->vnfd;
  const std::string me = host_.actor_context().name();
  update.occurrence = me + "-op-" + std::to_string(next_occurrence_++);
  messages::GrantLifecycleOperationRequest grant;
  grant.request_id = me + "-update-" + std::to_string(next_++);
  grant.correlation = grant.request_id;
  grant.source = lcm::kSourceOss;
  grant.vnf = update.vnf;
  grant.vnfd_id = update.image;  // the destination (IFA 007: dstVnfdId)
  grant.occurrence = update.occurrence;
  grant.operation = lcm::kChangeVnfPackage;
  host_.tracer()({.operation = decisions::kSoftwareUpdate,
                  .outcome = outcomes::kRequested,
                  .peer = nfvo,
                  .reference_point = rp::kOrVnfm,
                  .detail = TraceDetail(detail)
                                .add(dk::kOccurrence, update.occurrence)
                                .add(dk::kRequest, grant.request_id)});
  Update& held = pending_[grant.request_id] = update;
  if (ungated_) execute(held, "");  // fault: the image changes before any grant
  host_.channels().send(nfvo, ChannelKind::mutual, rp::kOrVnfm, messages::to_envelope(grant));
  return true;
}

bool SoftwareUpdates::on_grant(const messages::GrantLifecycleOperationResponse& response,
                               const ChannelMessage& /*m*/) {
  auto it = pending_.find(response.request_id);
  if (it == pending_.end()) return false;
  Update update = std::move(it->second);
  pending_.erase(it);
  if (response.status == lcm::kStatusGranted) {
    if (!update.executed) execute(update, response.grant.value_or(""));
    notify(update, lcm::kStateCompleted, "");
    return true;
  }
  const std::string reason = "grant rejected: " + response.reason.value_or(response.status);
  if (!update.executed)
    host_.tracer()({.operation = decisions::kSoftwareUpdate,
                    .outcome = outcomes::kRefused,
                    .detail = TraceDetail()
                                  .add(dk::kVnf, update.vnf)
                                  .add(dk::kImage, update.image)
                                  .add(dk::kOccurrence, update.occurrence)
                                  .add(dk::kReason, reason)});
  notify(update, lcm::kStateFailed, reason);
  return true;
}

void SoftwareUpdates::execute(Update& update, const std::string& grant) {
  update.executed = true;
  host_.tracer()({.operation = decisions::kSoftwareUpdate,
                  .outcome = outcomes::kExecuted,
                  .detail = TraceDetail()
                                .add(dk::kVnf, update.vnf)
                                .add(dk::kImage, update.image)
                                .add(dk::kOccurrence, update.occurrence)
                                .add(dk::kGrant, grant)
                                .add(dk::kVnfcis, vnfcis_of(update.vnf))});
}

void SoftwareUpdates::notify(const Update& update, const std::string& state,
                             const std::string& reason) {
  LccnSubscriptions::Notification n;
  n.vnf = update.vnf;
  n.vnfd = update.vnfd;
  n.operation = lcm::kChangeVnfPackage;
  n.state = state;
  n.occurrence = update.occurrence;
  n.source = lcm::kSourceOss;
  n.correlation = update.occurrence;
  if (!reason.empty()) n.reason = reason;
  subscriptions_.notify(std::move(n));
}

}  // namespace ifa026::actors::vnfm
