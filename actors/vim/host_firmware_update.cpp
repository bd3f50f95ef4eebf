// The VIM's host firmware update (issue 16, R1.3.220; docs/security-monitoring.md "Updates"): the
// workload command `update_host_firmware {host, firmware, trust_domain}` replaces the firmware of
// one of the VIM's hosts (FirmwareUpdate executed; the simulated hosts keep no firmware state of
// their own, the record is the update) and publishes a HOST_UPDATE event (phase completed, source
// VIM, change_details {host, firmware}) on Sc-Vi to the SMs of the trust domain — the host's own
// unless the command names the domain of the workloads it carries — so the SMs can judge it
// against their update policy. Fault `silent_firmware_update`: the event is not published.
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/vim/sm_vi_service.hpp"

namespace ifa026::actors::vim {

namespace dk = detail_keys;
namespace m = messages;

CommandRule SmViService::firmware_command_rule() {
  return {"update_host_firmware",
          "replace the firmware of one host and report it to the bound Security Managers "
          "(HOST_UPDATE on Sc-Vi; R1.3.220)",
          {{"host", ParamType::string, "the host", true},
           {"firmware", ParamType::string, "the new firmware", true},
           {"trust_domain", ParamType::string,
            "the trust domain the update is reported in (default: the host's)", false}}};
}

bool SmViService::on_firmware_command(const sim::Command& command) {
  if (command.name != "update_host_firmware") return false;
  const std::string host_id = string_param(command.args, "host");
  const std::string firmware = string_param(command.args, "firmware");
  const Host* host = producer_.hosts().find(host_id);
  TraceDetail detail;
  detail.add(dk::kHost, host_id).add(dk::kFirmware, firmware);
  if (host == nullptr) {
    host_.tracer()({.operation = decisions::kFirmwareUpdate,
                    .outcome = outcomes::kRefused,
                    .detail = detail.add(dk::kReason, "unknown host")});
    return true;
  }
  const std::string domain = string_param(command.args, "trust_domain", host->trust_domain);
  m::SmLcmEvent e;
  e.event_id = gateway_.next_event_id();
  e.event_type = sm::kEventHostUpdate;
  e.phase = sm::kPhaseCompleted;
  e.trust_domain = domain;
  e.source = lcm::kSourceVim;
  e.reason = "firmware of host " + host_id + " updated to " + firmware;
  e.change_details = nlohmann::json{{"host", host_id}, {"firmware", firmware}};
  e.hosts = std::vector<m::SmHostRef>{{host_id, host->location}};
  host_.tracer()({.operation = decisions::kFirmwareUpdate,
                  .outcome = outcomes::kExecuted,
                  .detail = detail.add(dk::kDomain, domain).add(dk::kEventId, e.event_id)});
  if (silent_firmware_update_) return true;  // fault: nobody is told
  gateway_.publish(std::move(e), SmVnfView{"", domain, {}});
  return true;
}

}  // namespace ifa026::actors::vim
