// The NS-level LCM events the NFVO owns (issue 16; docs/security-monitoring.md "The sNSD and VSFs
// over the NS lifecycle"; Annex A R1.2.110): when an NS scale or termination ends, every SM that
// may see a VNF of the NS in a domain and subscribed gets NS_SCALE / NS_TERMINATE (phase completed
// or failed) with the NS id, and for a scale the VNFC instances added and removed — one event per
// trust domain of the NS's VNFs, routed by the SM gateway like the VNF events (sm_gateway.hpp).
#include <set>

#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/nfvo/sm_service.hpp"

namespace ifa026::actors::nfvo {

void SmService::ns_operation_ended(const NsOperationEnd& end) {
  const bool scale = end.operation == lcm::kScale;
  std::set<std::string> domains;
  for (const auto& [vnf, record] : vnfs_) {
    if (record.facts.ns != end.ns || !domains.insert(record.facts.trust_domain).second) continue;
    messages::SmLcmEvent event;
    event.event_type = scale ? sm::kEventNsScale : sm::kEventNsTerminate;
    event.phase = end.state == lcm::kStateCompleted ? sm::kPhaseCompleted : sm::kPhaseFailed;
    event.trust_domain = record.facts.trust_domain;
    event.source = end.source;
    event.oss_app_id = end.oss_app_id;
    event.ns_id = end.ns;
    event.operation = end.operation;
    const std::string by =
        end.source == lcm::kSourceSecurityManager ? "a security manager" : end.source;
    event.reason = (scale ? "NS scale requested by " : "NS termination requested by ") + by;
    if (end.state != lcm::kStateCompleted) event.reason += "; ended " + end.state;
    if (scale) {
      event.added = end.added;
      event.removed = end.removed;
      // Whole VNFs the scale added and removed (R1.2.120).
      if (!end.added_vnfs.empty() || !end.removed_vnfs.empty())
        event.change_details =
            nlohmann::json{{"added_vnfs", end.added_vnfs}, {"removed_vnfs", end.removed_vnfs}};
    }
    gateway_.publish(std::move(event), view(record));
  }
}

}  // namespace ifa026::actors::nfvo
