// The VIM's part in detection and remediation (issue 16; docs/security-monitoring.md "Detections
// and remedies"): with `allocation_events` it publishes a RESOURCE_ALLOCATE event on Sc-Vi for
// every allocation (the VNF, its VNFCI, resource, host, the consumer and the grant it named), so
// that an SM can reconcile what the infrastructure runs with what the NFVO instantiated; and it
// executes an SM's SmTerminateVnfRequest on Sc-Vi by removing every compute of the VNF as by a
// security manager (REMOVED, cause SECURITY_MANAGER, no recovery) — the remedy for a VNF the NFVO
// never instantiated and so cannot terminate.
//
// Decisions:
// - The events are off by default: the shipped scenarios keep their traces, and an SM that
//   reconciles asks for them through the scenario (the VIM's parameter).
// - A termination on Sc-Vi is authorised like one on Sc-Or (the mode table: Semi-Active request,
//   Fully-Active instruction, Passive refused), against the trust domain the VNF's computes were
//   allocated in. A VNF the VIM runs no compute of, or one the SM may not see, is `unknown`.
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/vim/sm_vi_service.hpp"

namespace ifa026::actors::vim {
namespace {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

}  // namespace

ParamRule allocation_events_param_rule() {
  return {"allocation_events", ParamType::boolean,
          "publish a RESOURCE_ALLOCATE event on Sc-Vi for every allocation (SM detection of "
          "unauthorized deployments, docs/security-monitoring.md)",
          false, "false"};
}

void SmViService::allocated(const VirtualResource& resource, const std::string& grant) {
  const Host* on = producer_.hosts().find(resource.host);
  const std::string location = on == nullptr ? std::string() : on->location;
  m::SmLcmEvent e;
  e.event_id = gateway_.next_event_id();
  e.event_type = sm::kEventResourceAllocate;
  e.phase = sm::kPhaseCompleted;
  e.trust_domain = resource.trust_domain;
  e.source = lcm::kSourceVim;
  e.oss_app_id = resource.oss_app_id;
  e.vnf_instance_id = resource.vnf;
  e.reason = "compute " + resource.id + " allocated for " + resource.vnfci + " by " +
             resource.consumer + (grant.empty() ? " with no grant" : " under grant " + grant);
  e.change_details = nlohmann::json{{"vnfci", resource.vnfci},
                                    {"resource", resource.id},
                                    {"host", resource.host},
                                    {"consumer", resource.consumer},
                                    {"grant", grant}};
  e.hosts = std::vector<m::SmHostRef>{{resource.host, location}};
  gateway_.publish(std::move(e),
                   SmVnfView{resource.vnf, resource.trust_domain, resource.hidden_from});
}

void SmViService::on_terminate(const ChannelMessage& from, const m::SmTerminateVnfRequest& r) {
  const SmBindingState* b =
      gateway_.binding(from, r.instance, m::SmTerminateVnfRequest::kOperation, r.request_id);
  if (b == nullptr) return;
  m::SmTerminateVnfResponse answer;
  answer.instance = r.instance;
  answer.request_id = r.request_id;
  if (r.vnf_instance_ids.empty()) {
    trace({.operation = decisions::kSmResourceRemoval,
           .outcome = outcomes::kRefused,
           .peer = b->sm,
           .reference_point = rp::kScVi,
           .detail = TraceDetail()
                         .add(dk::kSm, b->sm)
                         .add(dk::kRequest, r.request_id)
                         .add(dk::kKind, r.kind)
                         .add(dk::kReason, "no instance list")});
    answer.status = sm::kStatusRefused;
    answer.reason = "no instance list";
    return gateway_.reply(from, m::to_envelope(answer));
  }
  std::size_t done = 0;
  for (const auto& id : r.vnf_instance_ids) {
    m::SmItemResult item;
    item.vnf_instance_id = id;
    TraceDetail detail;
    detail.add(dk::kSm, b->sm)
        .add(dk::kRequest, r.request_id)
        .add(dk::kKind, r.kind)
        .add(dk::kVnf, id);
    const VirtualResource* first = producer_.first_of_vnf(id);
    std::string reason;
    const char* outcome = outcomes::kUnknown;
    if (first == nullptr ||
        !gateway_.visible(b->sm, SmVnfView{id, first->trust_domain, first->hidden_from})) {
      item.outcome = sm::kItemUnknown;
      item.reason = "unknown VNF instance";
    } else if (!gateway_.authorize(*b, m::SmTerminateVnfRequest::kOperation, r.kind,
                                   first->trust_domain, id, reason)) {
      item.outcome = sm::kItemRefused;
      item.reason = reason;
      outcome = outcomes::kRefused;
    } else {
      const std::string domain = first->trust_domain;
      std::vector<std::string> removed;
      for (const auto& o : producer_.remove_vnf_for_security_manager(
               id, r.request_id, "security manager: " + r.reason))
        removed.push_back(o.resource);
      gateway_.audit(b->sm, domain, decisions::kSmResourceRemoval,
                     r.kind + " " + id + " " + comma_list(removed));
      detail.add(dk::kResources, comma_list(removed));
      item.outcome = sm::kItemTerminated;
      outcome = outcomes::kTerminated;
      ++done;
    }
    if (item.reason) detail.add(dk::kReason, *item.reason);
    trace({.operation = decisions::kSmResourceRemoval,
           .outcome = outcome,
           .peer = b->sm,
           .reference_point = rp::kScVi,
           .detail = detail});
    answer.results.push_back(std::move(item));
  }
  answer.status = done == r.vnf_instance_ids.size() ? sm::kStatusAccepted
                  : done == 0                       ? sm::kStatusRefused
                                                    : sm::kStatusPartial;
  gateway_.reply(from, m::to_envelope(answer));
}

}  // namespace ifa026::actors::vim
