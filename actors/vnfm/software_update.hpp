// The VNFM's software update of a VNF (issue 16, R1.3.220; docs/security-monitoring.md "Updates"):
// the workload command `update_vnf_software {vnf, image}`, which stands for the NFVO's IFA 007
// "change current VNF package" on Or-Vnfm. The VNFM asks the VNF's NFVO for a grant of operation
// CHANGE_VNFPKG (the grant request's vnfd_id names the destination image, as IFA 007's grant names
// the destination VNFD), so the NFVO's Security Manager gate holds it as it holds scale and heal
// (VNF_MODIFY, change_kind software_image); once granted it changes the image of every VNFCI of
// the VNF (SoftwareUpdate executed) and notifies COMPLETED on its LCCN subscriptions, which the
// NFVO passes to the SMs as the completed event. Refused: SoftwareUpdate refused, FAILED notified.
// Fault `update_ungated` (VNFM `sm_faults`): the image changes before the grant is asked.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/messages/or_vnfm.hpp"
#include "actors/vnfm/lccn_subscriptions.hpp"
#include "actors/vnfm/vnf_lcm.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::vnfm {

class SoftwareUpdates {
 public:
  // `nfvo_of`: the NFVO that instantiated a chain VNF ("" for none).
  SoftwareUpdates(ManoEntityHost& host, const VnfLcm& lcm, LccnSubscriptions& subscriptions,
                  std::uint64_t& next_occurrence,
                  std::function<std::string(const std::string&)> nfvo_of);
  // Its fault switch from the VNFM's `sm_faults`.
  void read_faults(const nlohmann::json& params);

  static CommandRule command_rule();
  // Handles `update_vnf_software` (true), anything else false.
  bool on_command(const sim::Command& command);
  // A grant answer to one of its requests (true), anything else false.
  bool on_grant(const messages::GrantLifecycleOperationResponse& response, const ChannelMessage& m);

 private:
  struct Update {
    std::string vnf;
    std::string vnfd;
    std::string image;
    std::string occurrence;
    bool executed = false;
  };
  void execute(Update& update, const std::string& grant);
  void notify(const Update& update, const std::string& state, const std::string& reason);
  std::string vnfcis_of(const std::string& vnf) const;

  ManoEntityHost& host_;
  const VnfLcm& lcm_;
  LccnSubscriptions& subscriptions_;
  std::uint64_t& next_occurrence_;
  std::function<std::string(const std::string&)> nfvo_of_;
  bool ungated_ = false;
  std::uint64_t next_ = 1;
  std::map<std::string, Update> pending_;  // by grant request id
};

}  // namespace ifa026::actors::vnfm
