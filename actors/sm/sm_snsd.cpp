// The Security Manager's sNSDs (docs/security-monitoring.md "The sNSD and VSFs over the NS
// lifecycle"; Annex A R1.2.50, R1.2.70): command `design_snsd` fetches an NSD from the NFVO
// (SmDescriptorQuery), checks the answer's digest, builds the sNSD — the NSD unchanged plus the
// command's `security` section — records SnsdCreated, and offers it to the NFVO
// (SmSnsdOnboardRequest). Fault switches `snsd_drop_element` (an NSD element left out) and
// `snsd_no_security` (no security section) make bad sNSDs for the checks. Over the NS lifecycle it
// keeps the VSFs it put into each NS (learnt from their VNF_INSTANTIATE events) and drops them
// when the NS_TERMINATE event comes (SmNsPolicyDropped, R1.2.170; fault `keep_ns_policy`).
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/snsd_descriptor.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace m = messages;

void SmExtension::design_snsd_command(const sim::Command& command) {
  const std::string op = operations::kSmDescriptorQuery;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  const std::string nsd = string_param(command.args, "nsd");
  auto security = command.args.find("security");
  if (nsd.empty()) return refuse_command(op, block, "no NSD named (argument nsd)");
  if (security == command.args.end() || !security->is_object())
    return refuse_command(op, block, "no security section (argument security, an object)");
  m::SmDescriptorQuery query;
  query.instance = instance;
  query.request_id = next_request_id();
  query.nsd_id = nsd;
  if (security->contains("vsfs") && (*security)["vsfs"].is_array())
    for (const auto& vsf : (*security)["vsfs"])
      if (vsf.is_object() && vsf.contains("vnfd_id") && vsf["vnfd_id"].is_string())
        vsf_vnfds_.insert(vsf["vnfd_id"].get<std::string>());
  snsd_designs_[query.request_id] =
      SnsdDesign{.nsd = nsd,
                 .snsd_id = string_param(command.args, "snsd_id", "s" + nsd + "-" + name()),
                 .security = *security};
  sent(query.request_id, op, block);
  send(block, query);
}

void SmExtension::on_descriptor(const ChannelMessage& from, const m::SmDescriptorResponse& r) {
  learn_peer(from);
  learn(r.instance);
  answered(from, r.request_id, r.status, r.reason);
  auto design = snsd_designs_.find(r.request_id);
  if (design == snsd_designs_.end() || r.status != kStatusOk || !r.descriptor) return;
  const SnsdDesign d = design->second;
  snsd_designs_.erase(design);
  const std::string digest = descriptor_digest(*r.descriptor);
  if (!r.digest || *r.digest != digest) {
    host_.tracer()({.operation = decisions::kSnsdCreated,
                    .outcome = outcomes::kRejected,
                    .peer = from.peer.name,
                    .reference_point = from.reference_point,
                    .detail = TraceDetail()
                                  .add(dk::kSnsd, d.snsd_id)
                                  .add(dk::kBaseNsd, d.nsd)
                                  .add(dk::kReason, "the NSD does not match its digest")});
    return;
  }
  nlohmann::json base = *r.descriptor;
  // The faults: an element of the NSD lost on the way, or no security section at all.
  if (settings_.snsd_drop_element)
    for (const char* key : {"virtual_links", "vnf_profiles"})
      if (base.erase(key) > 0) break;
  nlohmann::json snsd = settings_.snsd_no_security ? base : build_snsd(base, d.security);
  host_.tracer()({.operation = decisions::kSnsdCreated,
                  .outcome = outcomes::kCreated,
                  .peer = from.peer.name,
                  .reference_point = from.reference_point,
                  .detail = TraceDetail()
                                .add(dk::kSnsd, d.snsd_id)
                                .add(dk::kBaseNsd, d.nsd)
                                .add(dk::kDigest, descriptor_digest(snsd))
                                .add(dk::kBaseDigest, digest)
                                .add(dk::kDescriptor, snsd.dump())});
  const std::string op = operations::kSmSnsdOnboardRequest;
  const std::string block = from.peer.name;
  m::SmSnsdOnboardRequest request;
  request.instance = instance_with(block);
  request.request_id = next_request_id();
  request.snsd_id = d.snsd_id;
  request.base_nsd_id = d.nsd;
  request.snsd = std::move(snsd);
  sent(request.request_id, op, block);
  send(block, request);
}

void SmExtension::track_ns_lifecycle(const m::SmLcmEvent& e) {
  if (e.event_type == kEventVnfInstantiate && e.phase == kPhaseCompleted && e.vnfd_id &&
      vsf_vnfds_.contains(*e.vnfd_id) && e.group_ref && e.vnf_instance_id)
    ns_vsfs_[*e.group_ref].insert(*e.vnf_instance_id);
  if (e.event_type != kEventNsTerminate || e.phase != kPhaseCompleted || !e.ns_id) return;
  auto held = ns_vsfs_.find(*e.ns_id);
  // The fault: what it held for the NS stays.
  if (held == ns_vsfs_.end() || settings_.keep_ns_policy) return;
  std::string vsfs;
  for (const auto& vsf : held->second) vsfs += (vsfs.empty() ? "" : ",") + vsf;
  ns_vsfs_.erase(held);
  host_.tracer()({.operation = decisions::kSmNsPolicyDropped,
                  .outcome = outcomes::kDropped,
                  .detail = TraceDetail()
                                .add(dk::kNs, *e.ns_id)
                                .add(dk::kVsfs, vsfs)
                                .add(dk::kEventId, e.event_id)});
}

void SmExtension::register_snsd_handlers() {
  auto& h = host_.request_handlers();
  h.on<m::SmDescriptorResponse>([this](const m::SmDescriptorResponse& r,
                                       const ChannelMessage& from) { on_descriptor(from, r); });
  h.on<m::SmSnsdOnboardResponse>(
      [this](const m::SmSnsdOnboardResponse& r, const ChannelMessage& from) {
        learn_peer(from);
        learn(r.instance);
        answered(from, r.request_id, r.status, r.reason);
      });
}

}  // namespace ifa026::actors::sm
