// The VNFM's resource changes from the VIM and CISM and its auto-heal (docs/lifecycle.md, "VNFCI
// crash and auto-heal", "Host retirement"; see chain_operations.hpp): MIGRATED moves a VNFCI,
// FAULT and REMOVED start a HEAL operation marked automatic when the VNFD allows it, or are refused
// as "replacement not allowed". A REMOVED a Security Manager caused with recovery_allowed=false
// (the VIM's host retirement with disposition terminate, terminate_cohosted) is not healed: the
// whole VNF is terminated through the chain, its grant saying source SECURITY_MANAGER
// (docs/security-manager.md, "The VIM's service on Sc-Vi").
#include "actors/vnfm/chain_operations.hpp"

#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"

namespace ifa026::actors::vnfm {
namespace {

namespace dk = detail_keys;

}  // namespace

// ---- resource changes and auto-heal ----

void ChainOperations::on_resource_change(const messages::ResourceChangeNotification& n,
                                         const ChannelMessage& m, const char* producer_source) {
  TraceDetail detail;
  detail.add(dk::kVnfci, n.vnfci)
      .add(dk::kVnf, n.vnf)
      .add(dk::kResource, n.resource)
      .add(dk::kChange, n.change)
      .add(dk::kHost, n.host);
  if (n.correlation) detail.add(dk::kCorr, *n.correlation);
  auto known = resources_.find(n.vnfci);
  if (known == resources_.end() || known->second.resource != n.resource ||
      known->second.producer != m.peer.name) {
    decision(decisions::kVnfciResourceChange, outcomes::kIgnored,
             detail.add(dk::kReason, "not a resource this VNFM holds there"), m.peer.name,
             m.reference_point);
    return;
  }
  if (n.change == lcm::kChangeMigrated) {
    known->second.host = n.to_host.value_or(known->second.host);
    decision(decisions::kVnfciResourceChange, outcomes::kMigrated,
             detail.add(dk::kToHost, known->second.host), m.peer.name, m.reference_point);
    return;
  }
  if (n.change != lcm::kChangeFault && n.change != lcm::kChangeRemoved) {
    decision(decisions::kVnfciResourceChange, outcomes::kIgnored,
             detail.add(dk::kReason, "unknown change " + n.change), m.peer.name, m.reference_point);
    return;
  }
  const bool removed = n.change == lcm::kChangeRemoved;
  if (removed)
    resources_.erase(known);
  else
    known->second.failed = true;
  if (!n.reason.empty()) detail.add(dk::kReason, n.reason);
  decision(decisions::kVnfciResourceChange, removed ? outcomes::kRemovedResource : outcomes::kFault,
           detail, m.peer.name, m.reference_point);
  // The producer caused a REMOVED of its own operation (host retirement): it is the source.
  Origin origin;
  const bool by_security_manager = removed && n.cause && *n.cause == lcm::kSourceSecurityManager &&
                                   !n.recovery_allowed.value_or(true);
  if (by_security_manager) {
    origin.source = lcm::kSourceSecurityManager;
    origin.corr = n.correlation.value_or(host_.actor_context().name() + "-heal-" +
                                         std::to_string(next_heal_++));
  } else if (removed && n.correlation) {
    origin.source = producer_source;
    origin.corr = *n.correlation;
  } else {
    origin.source = lcm::kSourceVnfmAutoHeal;
    origin.corr = host_.actor_context().name() + "-heal-" + std::to_string(next_heal_++);
    if (!removed) origin.crash_detected_by = producer_source;
  }
  origin.reason = n.reason.empty() ? n.change : n.change + ": " + n.reason;
  origin.automatic = true;
  auto nfvo = nfvo_of_.find(n.vnf);
  origin.nfvo = nfvo == nfvo_of_.end() ? "" : nfvo->second;
  if (shared_.running.count(n.vnf)) {
    heals_waiting_[n.vnf].emplace_back(n.vnfci, std::move(origin));
    return;
  }
  auto_heal(n.vnf, n.vnfci, std::move(origin));
}

void ChainOperations::resume(const std::string& vnf) {
  auto it = heals_waiting_.find(vnf);
  while (it != heals_waiting_.end() && !it->second.empty() && !shared_.running.count(vnf)) {
    auto [vnfci, origin] = std::move(it->second.front());
    it->second.pop_front();
    auto_heal(vnf, vnfci, std::move(origin));
  }
  it = heals_waiting_.find(vnf);
  if (it != heals_waiting_.end() && it->second.empty()) heals_waiting_.erase(it);
}

void ChainOperations::auto_heal(const std::string& vnf, const std::string& vnfci, Origin origin) {
  if (origin.source == lcm::kSourceSecurityManager)
    return terminate_removed(vnf, std::move(origin));
  const std::string operation = lcm::kHeal;
  const VnfInstance* instance = shared_.lcm.find(vnf);
  const Vnfd* vnfd = nullptr;
  if (instance != nullptr) {
    auto it = shared_.lcm.catalogue().find(instance->vnfd);
    if (it != shared_.lcm.catalogue().end()) vnfd = &it->second;
  }
  if (instance == nullptr || vnfd == nullptr || origin.nfvo.empty()) {
    origin.reason = "VNF " + vnf + " is not a VNF of the chain";
    record(outcomes::kRejected, operation, vnf, "", "", origin,
           [&](TraceDetail& d) { d.add(dk::kVnfci, vnfci); });
    return;
  }
  if (!vnfd->auto_heal) {
    // The VNFCI stays failed; the subscribers hear it (heal is then the OSS's).
    Operation op;
    op.occurrence =
        host_.actor_context().name() + "-op-" + std::to_string(shared_.next_occurrence++);
    op.plan.operation = LcmOperation::heal;
    op.plan.vnf = vnf;
    op.plan.vnfd = instance->vnfd;
    const std::string crash = origin.reason;
    origin.reason = "replacement not allowed";
    op.origin = origin;
    if (!origin.crash_detected_by.empty() && shared_.unhealed_crash)
      shared_.unhealed_crash(vnf, vnfci, origin.crash_detected_by,
                             "VNFCI " + vnfci + " crashed (" + crash +
                                 "); not healed: the VNFD "
                                 "allows no auto-heal");
    record(outcomes::kRejected, operation, vnf, instance->vnfd, op.occurrence, origin,
           [&](TraceDetail& d) { d.add(dk::kVnfci, vnfci); });
    notify(op, lcm::kStateFailed, {}, origin.reason);
    return;
  }
  LcmRequest request;
  request.operation = LcmOperation::heal;
  request.vnf = vnf;
  request.vnfci = vnfci;
  auto planned = shared_.lcm.plan(request);
  if (auto* reason = std::get_if<std::string>(&planned)) {
    const std::string crash = origin.reason;
    origin.reason = *reason;
    record(outcomes::kRejected, operation, vnf, instance->vnfd, "", origin,
           [&](TraceDetail& d) { d.add(dk::kVnfci, vnfci); });
    if (!origin.crash_detected_by.empty() && shared_.unhealed_crash)
      shared_.unhealed_crash(vnf, vnfci, origin.crash_detected_by,
                             "VNFCI " + vnfci + " crashed (" + crash + "); not healed: " + *reason);
    return;
  }
  start(std::get<LcmPlan>(std::move(planned)), std::move(origin));
  notify(operations_.at(vnf), lcm::kStateStarting, {});
  request_grant(vnf);
}

}  // namespace ifa026::actors::vnfm

namespace ifa026::actors::vnfm {

void ChainOperations::terminate_removed(const std::string& vnf, Origin origin) {
  // One termination per VNF, however many of its computes were removed: a later removal finds
  // it not instantiated any more.
  const VnfInstance* instance = shared_.lcm.find(vnf);
  if (instance == nullptr || instance->state != VnfState::instantiated) return;
  LcmRequest request;
  request.operation = LcmOperation::terminate;
  request.vnf = vnf;
  auto planned = shared_.lcm.plan(request);
  if (auto* reason = std::get_if<std::string>(&planned)) {
    origin.reason = *reason;
    record(outcomes::kRejected, lcm::kTerminate, vnf, "", "", origin);
    return;
  }
  start(std::get<LcmPlan>(std::move(planned)), std::move(origin));
  notify(operations_.at(vnf), lcm::kStateStarting, {});
  request_grant(vnf);
}

}  // namespace ifa026::actors::vnfm
