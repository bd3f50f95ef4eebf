// The NFVO's Security Manager service on Sc-Or (see sm_service.hpp).
#include "actors/nfvo/sm_service.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::nfvo {
namespace {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

std::string options_text(const m::SmTerminationOptions& o) {
  std::string text = std::string("replace_allowed=") + (o.replace_allowed ? "true" : "false") +
                     ",quarantine_copy=" + (o.quarantine_copy ? "true" : "false") +
                     ",other_recovery_allowed=" + (o.other_recovery_allowed ? "true" : "false");
  if (o.quarantine_image_and_vnfd)
    text += std::string(",quarantine_image_and_vnfd=") +
            (*o.quarantine_image_and_vnfd ? "true" : "false");
  if (o.host_disposition) text += ",host_disposition=" + *o.host_disposition;
  if (o.terminate_cohosted)
    text += std::string(",terminate_cohosted=") + (*o.terminate_cohosted ? "true" : "false");
  if (o.erase_secure_storage)
    text += std::string(",erase_secure_storage=") + (*o.erase_secure_storage ? "true" : "false");
  return text;
}

bool instruction_only_options(const m::SmTerminationOptions& o) {
  return o.quarantine_image_and_vnfd || o.host_disposition || o.terminate_cohosted ||
         o.erase_secure_storage;
}

// The intended hosts of an instantiation (D12): each distinct host (with its location) the VIM or
// CISM reserved for a resource the grant request adds, in request order; nullopt when none was
// reserved (no producer named to the VNFM, or no capacity).
std::optional<std::vector<m::SmHostRef>> intended_hosts(
    const m::GrantLifecycleOperationRequest& request) {
  std::vector<m::SmHostRef> hosts;
  for (const auto& r : request.add_resources) {
    if (!r.host) continue;
    m::SmHostRef ref{*r.host, r.location.value_or("")};
    if (std::find(hosts.begin(), hosts.end(), ref) == hosts.end()) hosts.push_back(ref);
  }
  if (hosts.empty()) return std::nullopt;
  return hosts;
}

}  // namespace

std::vector<ParamRule> SmService::param_rules() {
  std::vector<ParamRule> rules = {sm_faults_param_rule()};
  for (auto& rule : audit_key_param_rules()) rules.push_back(std::move(rule));  // issue 16
  for (auto& rule : SnsdCatalogue::param_rules()) rules.push_back(rule);
  return rules;
}

std::vector<CommandRule> SmService::command_rules() {
  return {{"set_sm_mode",
           "change one Security Manager's mode in one trust domain (R2.1.140); mode none revokes",
           {{"sm", ParamType::string, "the SM", true},
            {"domain", ParamType::string, "the trust domain", true},
            {"mode", ParamType::string, "passive, semi_active, fully_active or none", true}}},
          {"tamper_audit_record",
           "fault: alter one stored audit record's detail in place (its MAC and the next record's "
           "link are left as they were), as an intruder with write access to the store would",
           {{"sm", ParamType::string, "the partition's SM", true},
            {"domain", ParamType::string, "the partition's trust domain", true},
            {"seq", ParamType::integer, "the record's sequence number", true}}}};
}

SmService::SmService(ManoEntityHost& host, const nlohmann::json& params, NsLifecycle& lifecycle)
    : ActorPiece({host.tracer(), host.guard()}),
      host_(host),
      lifecycle_(lifecycle),
      gateway_(host, rp::kScOr, sm_gateway_faults(params)),
      functions_(host, lifecycle),
      snsd_(host, params, gateway_) {
  lifecycle.set_security_planner(
      [this](const m::InstantiateNsRequest& request) { return snsd_.plan(request); });
  for (const auto& fault : string_list_param(params, "sm_faults")) {
    const std::string drop = "drop_termination_option:";
    if (fault == "drop_termination_options") option_faults_.drop_all = true;
    if (fault.rfind(drop, 0) == 0) option_faults_.dropped.insert(fault.substr(drop.size()));
    if (fault == "skip_policy_wait") option_faults_.skip_policy_wait = true;
    if (fault == "vsf_not_executed") vsf_not_executed_ = true;
    if (fault == "associate_untrusted") associate_untrusted_ = true;
    if (fault == "associate_foreign") associate_foreign_ = true;
  }
}

m::SmTerminationOptions SmService::executed_options(const m::SmTerminationOptions& asked) const {
  m::SmTerminationOptions o = asked;
  const auto dropped = [this](const char* name) {
    return option_faults_.drop_all || option_faults_.dropped.contains(name);
  };
  // replace_allowed / other_recovery_allowed are the NFVO's own (SmRecoveryBlocked): kept.
  if (dropped("quarantine_copy")) o.quarantine_copy = false;
  if (dropped("quarantine_image_and_vnfd")) o.quarantine_image_and_vnfd.reset();
  if (dropped("host_disposition")) o.host_disposition.reset();
  if (dropped("terminate_cohosted")) o.terminate_cohosted.reset();
  if (dropped("erase_secure_storage")) o.erase_secure_storage.reset();
  return o;
}

void SmService::serve(MessageHandlers<ChannelMessage>& handlers) {
  gateway_.serve(handlers);
  snsd_.serve(handlers);
  handlers.on<m::SmTerminateVnfRequest>(
      [this](const m::SmTerminateVnfRequest& r, const ChannelMessage& from) {
        on_terminate(from, r);
      });
  handlers.on<m::SmSecurityPolicyInstruction>(
      [this](const m::SmSecurityPolicyInstruction& r, const ChannelMessage& from) {
        on_policy(from, r);
      });
  handlers.on<m::SmNetworkStatusQuery>(
      [this](const m::SmNetworkStatusQuery& r, const ChannelMessage& from) { on_status(from, r); });
  handlers.on<m::SmLcmHistoryQuery>(
      [this](const m::SmLcmHistoryQuery& r, const ChannelMessage& from) { on_history(from, r); });
  handlers.on<m::SmContextQuery>(
      [this](const m::SmContextQuery& r, const ChannelMessage& from) { on_context(from, r); });
  handlers.on<m::SmHostRetirementRequest>(
      [this](const m::SmHostRetirementRequest& r, const ChannelMessage& from) {
        on_host_retirement(from, r);
      });
  handlers.on<m::SmSecurityFunctionRequest>(
      [this](const m::SmSecurityFunctionRequest& r, const ChannelMessage& from) {
        on_security_function(from, r);
      });
  handlers.on<m::SmSecurityFunctionCatalogueQuery>(
      [this](const m::SmSecurityFunctionCatalogueQuery& q, const ChannelMessage& from) {
        on_sf_catalogue(from, q);
      });
  handlers.on<m::SecurityAssociationRequest>(
      [this](const m::SecurityAssociationRequest& r, const ChannelMessage& from) {
        on_association(from, r);
      });
  host_.extension_plain_handlers().on<m::SecurityAssociationResult>(
      [this](const m::SecurityAssociationResult& r, const sim::Message& from) {
        on_association_result(from, r);
      });
}

bool SmService::on_command(const sim::Command& command) {
  if (command.name == "tamper_audit_record") {
    const std::string sm = string_param(command.args, "sm");
    const std::string domain = string_param(command.args, "domain");
    const long long seq = int_param(command.args, "seq", 0);
    const bool done =
        seq > 0 && gateway_.audit_log().tamper({sm, domain}, static_cast<std::uint64_t>(seq),
                                               "altered after the fact");
    trace({.operation = decisions::kAuditTampered,
           .outcome = done ? outcomes::kOk : outcomes::kRejected,
           .detail = TraceDetail()
                         .add(dk::kSm, sm)
                         .add(dk::kDomain, domain)
                         .add(dk::kSeq, seq)
                         .add(dk::kReason, done ? "detail replaced" : "no such record")});
    return true;
  }
  if (command.name != "set_sm_mode") return false;
  const std::string sm = string_param(command.args, "sm");
  const std::string domain = string_param(command.args, "domain");
  const std::string mode = string_param(command.args, "mode");
  std::string reason;
  if (!gateway_.set_mode(sm, domain, mode, reason))
    trace({.operation = decisions::kSmBinding,
           .outcome = outcomes::kRejected,
           .peer = sm,
           .reference_point = rp::kScOr,
           .detail = TraceDetail()
                         .add(dk::kSm, sm)
                         .add(dk::kDomain, domain)
                         .add(dk::kMode, mode)
                         .add(dk::kReason, reason)});
  return true;
}

SmVnfView SmService::view(const VnfRecord& record) const {
  return {record.facts.vnf, record.facts.trust_domain, record.facts.hidden_from};
}

m::SmLcmEvent SmService::event_for(const VnfRecord& record, const std::string& operation,
                                   const std::string& source, bool automatic) const {
  const VnfFacts& f = record.facts;
  m::SmLcmEvent e;
  e.trust_domain = f.trust_domain;
  e.source = source;
  e.oss_app_id = f.oss_app_id;
  e.vnf_instance_id = f.vnf;
  e.operation = operation;
  const std::string by = source == lcm::kSourceSecurityManager ? "a security manager" : source;
  if (operation == lcm::kInstantiate) {
    e.event_type = sm::kEventVnfInstantiate;
    e.reason = "new instance requested by " + by;
    e.vnf_package_id = f.package.package;
    e.vnfd_id = f.vnfd_id;
    m::SmPackageIntegrity integrity;
    integrity.algorithm = f.package.algorithm;
    integrity.digest = pki::to_hex(f.package.digest);
    integrity.signed_package = f.package.is_signed;
    integrity.mano_verdict = f.package.verdict;
    integrity.signature = f.signature;
    e.package_integrity = integrity;
    e.requestor_ref = f.oss_app_id;
    std::vector<std::string> peers;
    for (const auto& member : f.ns_members)
      if (member != f.vnf) peers.push_back(member);
    e.connectivity = peers;
    e.group_ref = f.ns;
  } else if (operation == lcm::kTerminate) {
    e.event_type = sm::kEventVnfTerminate;
    e.termination_kind = sm::kTerminationRequested;
    e.reason = "termination requested by " + by;
  } else {
    e.event_type = sm::kEventVnfModify;
    e.change_kind =
        operation == lcm::kChangeConfiguration ? sm::kChangeConfiguration : sm::kChangeVnfc;
    if (operation == lcm::kChangeVnfPackage) e.change_kind = sm::kChangeSoftwareImage;  // issue 16
    if (operation == lcm::kChangeVnfPackage)
      e.reason = "software update requested by " + by;
    else if (operation == lcm::kScaleOut)
      e.reason = "scale out requested by " + by;
    else if (operation == lcm::kScaleIn)
      e.reason = "scale in requested by " + by;
    else if (operation == lcm::kHeal)
      e.reason = automatic ? std::string("heal after a VNFC failure") : "heal requested by " + by;
    else
      e.reason = "configuration change requested by " + by;
  }
  return e;
}

// ---- The lifecycle's side ----

void SmService::vnf_created(const VnfFacts& facts) {
  VnfRecord& record = vnfs_[facts.vnf];
  record = VnfRecord{};
  record.facts = facts;
  record.existed_from = host_.actor_context().now();
}

void SmService::gate(const m::GrantLifecycleOperationRequest& request,
                     std::function<void(bool, const std::string&)> proceed) {
  auto it = vnfs_.find(request.vnf);
  // A VNFM-initiated termination an SM caused at the VIM (host retirement with disposition
  // terminate, terminate_cohosted: the resources were removed with recovery_allowed=false): not
  // gated again, and the VNF is not recovered afterwards, as after replace_allowed=false.
  if (it != vnfs_.end() && request.source == lcm::kSourceSecurityManager && request.automatic &&
      request.operation == lcm::kTerminate && !it->second.no_recovery)
    it->second.no_recovery = "terminated by a security manager at the VIM (recovery_allowed=false)";
  // Not a VNF of the NS chain (the VNFM's shortcut commands), or an SM's own request.
  if (it == vnfs_.end() || request.source == lcm::kSourceSecurityManager) return proceed(true, "");
  VnfRecord& record = it->second;
  if (record.no_recovery &&
      (request.operation == lcm::kInstantiate || request.operation == lcm::kHeal)) {
    trace({.operation = decisions::kSmRecoveryBlocked,
           .outcome = outcomes::kBlocked,
           .detail = TraceDetail()
                         .add(dk::kVnf, request.vnf)
                         .add(dk::kOperation, request.operation)
                         .add(dk::kReason, *record.no_recovery)});
    return proceed(false, "security manager: " + *record.no_recovery);
  }
  m::SmLcmEvent event = event_for(record, request.operation, request.source, request.automatic);
  event.event_id = gateway_.next_event_id();
  if (event.event_type == sm::kEventVnfInstantiate) event.hosts = intended_hosts(request);
  if (event.event_type == sm::kEventVnfModify) {
    // What the operation asks to add and remove (the VNFCIs), as the grant request says.
    nlohmann::json added = nlohmann::json::array();
    nlohmann::json removed = nlohmann::json::array();
    for (const auto& r : request.add_resources) added.push_back(r.id);
    for (const auto& r : request.remove_resources) removed.push_back(r.id);
    event.change_details = nlohmann::json{{"added", added}, {"removed", removed}};
    // A software update (issue 16, R1.3.220): the image it installs (the grant's destination).
    if (request.operation == lcm::kChangeVnfPackage)
      event.change_details = nlohmann::json{{"image", request.vnfd_id}};
  }
  record.proposed[request.occurrence] = event;
  const bool wait_for_policy = request.operation == lcm::kInstantiate &&
                               record.facts.security_policy_required &&
                               !option_faults_.skip_policy_wait;
  gateway_.gate(std::move(event), view(record),
                [this, vnf = request.vnf, wait_for_policy, proceed = std::move(proceed)](
                    bool ok, const std::string& reason, const std::optional<m::SmPolicy>&) mutable {
                  if (!ok || !wait_for_policy) return proceed(ok, reason);
                  hold_for_policy(vnf, std::move(proceed));
                });
}

// ---- The Semi-Active policy wait (R2.1.30) ----

std::vector<std::string> SmService::policy_sms(const VnfRecord& record) const {
  std::vector<std::string> sms;
  for (const auto& [sm_name, b] : gateway_.bindings()) {
    auto mode = b.grants.find(record.facts.trust_domain);
    if (mode != b.grants.end() && mode->second == sm::kModeSemiActive &&
        gateway_.visible(sm_name, view(record)))
      sms.push_back(sm_name);
  }
  return sms;
}

void SmService::hold_for_policy(const std::string& vnf,
                                std::function<void(bool, const std::string&)> go) {
  VnfRecord& record = vnfs_.at(vnf);
  const std::vector<std::string> sms = policy_sms(record);
  // Only bound SMs gate (as the grant): no Semi-Active SM of its domain, nothing to wait for.
  if (sms.empty()) return go(true, "");
  TraceDetail detail;
  detail.add(dk::kVnf, vnf).add(dk::kSms, comma_list(sms));
  if (record.policy_applied) {
    trace({.operation = decisions::kSmPolicyWait,
           .outcome = outcomes::kReleased,
           .detail = detail.add(dk::kWaited, "0s").add(dk::kReason, "policy already applied")});
    return go(true, "");
  }
  const sim::Duration timeout = gateway_.table().settings().grant_timeout;
  trace({.operation = decisions::kSmPolicyWait,
         .outcome = outcomes::kHeld,
         .detail = TraceDetail(detail).add(dk::kTimeout, sim::format_duration(timeout))});
  record.policy_wait = VnfRecord::PolicyWait{std::move(go), host_.actor_context().now(), {}};
  record.policy_wait->timer = schedule(timeout, "SmPolicyTimeout", [this, vnf, detail] {
    VnfRecord& held = vnfs_.at(vnf);
    if (!held.policy_wait) return;
    auto wait = std::move(*held.policy_wait);
    held.policy_wait.reset();
    const std::string reason = "no security policy from a Semi-Active security manager within " +
                               sim::format_duration(host_.actor_context().now() - wait.since);
    trace({.operation = decisions::kSmPolicyWait,
           .outcome = outcomes::kTimeout,
           .detail = TraceDetail(detail).add(dk::kReason, reason)});
    wait.proceed(false, "security manager: " + reason);
  });
}

void SmService::policy_arrived(VnfRecord& record, const std::string& sm_name,
                               const std::string& instruction) {
  record.policy_applied = true;
  if (!record.policy_wait) return;
  auto wait = std::move(*record.policy_wait);
  record.policy_wait.reset();
  host_.actor_context().withdraw(wait.timer);
  trace({.operation = decisions::kSmPolicyWait,
         .outcome = outcomes::kReleased,
         .detail = TraceDetail()
                       .add(dk::kVnf, record.facts.vnf)
                       .add(dk::kSm, sm_name)
                       .add(dk::kInstruction, instruction)
                       .add(dk::kWaited,
                            sim::format_duration(host_.actor_context().now() - wait.since))});
  wait.proceed(true, "");
}

void SmService::vnf_notified(const m::VnfLcmOperationOccurrenceNotification& n) {
  auto it = vnfs_.find(n.vnf);
  if (it == vnfs_.end()) return;
  const bool completed = n.state == lcm::kStateCompleted;
  if (!completed && n.state != lcm::kStateFailed && n.state != lcm::kStateRolledBack) return;
  VnfRecord& record = it->second;
  if (completed)
    for (const auto& entry : n.affected_vnfcs) {
      auto& list = record.vnfcis;
      auto at = std::find(list.begin(), list.end(), entry.vnfci);
      if (entry.change && *entry.change == lcm::kChangeAdded && at == list.end())
        list.push_back(entry.vnfci);
      if (entry.change && *entry.change == lcm::kChangeRemoved && at != list.end()) list.erase(at);
    }
  m::SmLcmEvent event;
  if (auto p = record.proposed.find(n.occurrence); p != record.proposed.end()) {
    event = std::move(p->second);
    record.proposed.erase(p);
  } else {
    event = event_for(record, n.operation, n.source.value_or(lcm::kSourceVnfmAutoHeal),
                      n.source && *n.source == lcm::kSourceVnfmAutoHeal);
  }
  event.event_id = gateway_.next_event_id();
  event.occurred_at = gateway_.now_text();
  event.phase = completed ? sm::kPhaseCompleted : sm::kPhaseFailed;
  if (!completed) event.reason += "; " + n.reason.value_or(n.state);
  if (event.event_type == sm::kEventVnfModify && n.operation != lcm::kChangeVnfPackage) {
    nlohmann::json added = nlohmann::json::array();
    nlohmann::json removed = nlohmann::json::array();
    for (const auto& entry : n.affected_vnfcs) {
      if (entry.change && *entry.change == lcm::kChangeAdded) added.push_back(entry.vnfci);
      if (entry.change && *entry.change == lcm::kChangeRemoved) removed.push_back(entry.vnfci);
    }
    event.change_details = nlohmann::json{{"added", added}, {"removed", removed}};
  }
  if (completed && n.operation == lcm::kInstantiate) record.state = "INSTANTIATED";
  if (completed && n.operation == lcm::kTerminate) {
    record.state = "NOT_INSTANTIATED";
    record.existed_to = host_.actor_context().now();
  }
  record.events.push_back(event);
  // D3: the SM that caused it, for the gateway to pass only to that SM and its ancestors (the
  // history keeps the event without it).
  if (event.source == lcm::kSourceSecurityManager && !record.terminated_by.empty() &&
      n.operation == lcm::kTerminate)
    event.source_sm = record.terminated_by;
  gateway_.publish(std::move(event), view(record));
  if (n.operation == lcm::kTerminate && record.notice_after) {
    const auto [request_id, reason] = *record.notice_after;
    record.notice_after.reset();
    notice(record, "after", request_id, reason);
  }
}

// ---- Requests ----

void SmService::notice(const VnfRecord& record, const std::string& phase,
                       const std::string& request_id, const std::string& reason) {
  m::VnfTerminationNotice n;
  n.vnf_instance_id = record.facts.vnf;
  n.oss_app_id = record.facts.oss_app_id;
  n.ns = record.facts.ns;
  n.origin = lcm::kSourceSecurityManager;
  n.reason = reason;
  n.phase = phase;
  trace({.operation = decisions::kVnfTerminationNoticeSent,
         .outcome = outcomes::kSent,
         .peer = record.facts.oss,
         .reference_point = rp::kOsMaNfvo,
         .detail = TraceDetail()
                       .add(dk::kVnf, record.facts.vnf)
                       .add(dk::kOssAppId, record.facts.oss_app_id)
                       .add(dk::kPhase, phase)
                       .add(dk::kRequest, request_id)});
  host_.channels().send(record.facts.oss, ChannelKind::day0, rp::kOsMaNfvo, m::to_envelope(n));
}

const SmService::VnfRecord* SmService::seen_by(const std::string& sm,
                                               const std::string& vnf) const {
  auto it = vnfs_.find(vnf);
  if (it == vnfs_.end() || !gateway_.visible(sm, view(it->second))) return nullptr;
  return &it->second;
}

void SmService::on_terminate(const ChannelMessage& from, const m::SmTerminateVnfRequest& r) {
  const SmBindingState* b =
      gateway_.binding(from, r.instance, m::SmTerminateVnfRequest::kOperation, r.request_id);
  if (b == nullptr) return;
  m::SmTerminateVnfResponse answer;
  answer.instance = r.instance;
  answer.request_id = r.request_id;
  TraceDetail detail;
  detail.add(dk::kSm, b->sm)
      .add(dk::kRequest, r.request_id)
      .add(dk::kKind, r.kind)
      .add(dk::kVnfs, comma_list(r.vnf_instance_ids))
      .add(dk::kOptions, options_text(r.options));
  std::string refusal;
  if (r.vnf_instance_ids.empty())
    refusal = "no instance list";
  else if (r.kind == sm::kKindRequest && instruction_only_options(r.options))
    refusal =
        "options quarantine_image_and_vnfd, host_disposition, terminate_cohosted and "
        "erase_secure_storage need kind instruction";
  if (!refusal.empty()) {
    trace({.operation = decisions::kSmTermination,
           .outcome = outcomes::kRefused,
           .peer = b->sm,
           .reference_point = rp::kScOr,
           .detail = detail.add(dk::kReason, refusal)});
    answer.status = sm::kStatusRefused;
    answer.reason = refusal;
    return gateway_.reply(from, m::to_envelope(answer));
  }
  trace({.operation = decisions::kSmTermination,
         .outcome = outcomes::kAccepted,
         .peer = b->sm,
         .reference_point = rp::kScOr,
         .detail = detail});
  std::size_t done = 0;
  for (const auto& id : r.vnf_instance_ids) {
    // The fault: only the first listed id is acted on and answered.
    if (gateway_.faults().first_item_only && !answer.results.empty()) break;
    m::SmItemResult item;
    item.vnf_instance_id = id;
    std::string reason;
    auto known = vnfs_.find(id);
    VnfRecord* record = known == vnfs_.end() ? nullptr : &known->second;
    // One answer for "no such VNF" and "not yours": the SM learns nothing of other domains.
    if (record != nullptr && !gateway_.authorize(*b, m::SmTerminateVnfRequest::kOperation, r.kind,
                                                 record->facts.trust_domain, id, reason)) {
      const bool foreign = reason == sm::kReasonNotInDomains && !gateway_.faults().reveal_foreign;
      item.outcome = foreign ? sm::kItemUnknown : sm::kItemRefused;
      item.reason = foreign ? std::string("unknown VNF instance") : reason;
    } else if (record == nullptr ||
               // A master terminates in its descendants' domains by hierarchy (D7).
               (!gateway_.visible(b->sm, view(*record)) &&
                !gateway_.by_hierarchy(b->sm, view(*record))) ||
               record->state != "INSTANTIATED") {
      item.outcome = sm::kItemUnknown;
      item.reason = "unknown VNF instance";
    } else {
      const bool notice_before = r.kind == sm::kKindRequest && !gateway_.faults().late_notice;
      if (notice_before) notice(*record, "before", r.request_id, r.reason);
      if (!r.options.replace_allowed || !r.options.other_recovery_allowed)
        record->no_recovery =
            std::string("terminated by a security manager with ") +
            (!r.options.replace_allowed ? "replace_allowed=false" : "other_recovery_allowed=false");
      const m::SmTerminationOptions executed = executed_options(r.options);
      const bool started =
          lifecycle_.terminate_for_security_manager(id, "security manager: " + r.reason, executed);
      // The image and VNFD are quarantined at once: nothing may be instantiated from them even
      // while the termination runs.
      if (started && executed.quarantine_image_and_vnfd.value_or(false) && quarantine_package_)
        quarantine_package_(record->facts.package.package, record->facts.vnfd_id, id,
                            "terminated by " + b->sm + " (" + r.request_id + ")");
      if (!notice_before && started) record->notice_after = {r.request_id, r.reason};
      item.outcome = started ? sm::kItemTerminated : sm::kItemFailed;
      if (!started) item.reason = "no NS runs this VNF";
      if (started) ++done;
      if (started) record->terminated_by = b->sm;
    }
    TraceDetail item_detail;
    item_detail.add(dk::kSm, b->sm).add(dk::kRequest, r.request_id).add(dk::kVnf, id);
    if (item.reason) item_detail.add(dk::kReason, *item.reason);
    trace({.operation = decisions::kSmTerminationItem,
           .outcome = item.outcome == sm::kItemTerminated ? outcomes::kTerminated
                      : item.outcome == sm::kItemUnknown  ? outcomes::kUnknown
                                                          : outcomes::kRejected,
           .peer = b->sm,
           .reference_point = rp::kScOr,
           .detail = item_detail});
    answer.results.push_back(std::move(item));
  }
  answer.status = done == r.vnf_instance_ids.size() ? sm::kStatusAccepted
                  : done == 0                       ? sm::kStatusRefused
                                                    : sm::kStatusPartial;
  gateway_.reply(from, m::to_envelope(answer));
}

void SmService::on_policy(const ChannelMessage& from, const m::SmSecurityPolicyInstruction& r) {
  const SmBindingState* b = gateway_.binding(
      from, r.instance, m::SmSecurityPolicyInstruction::kOperation, r.instruction_id);
  if (b == nullptr) return;
  m::SmSecurityPolicyAck ack;
  ack.instance = r.instance;
  ack.instruction_id = r.instruction_id;
  const std::string digest = policy_digest(r.policy);
  std::string refusal = r.vnf_instance_ids.empty() ? "no VNF named" : "";
  for (const auto& id : r.vnf_instance_ids) {
    auto known = vnfs_.find(id);
    std::string reason;
    if (known == vnfs_.end()) {
      refusal = "unknown VNF instance " + id;
      continue;
    }
    if (!gateway_.authorize(*b, m::SmSecurityPolicyInstruction::kOperation, "",
                            known->second.facts.trust_domain, id, reason)) {
      refusal = reason == sm::kReasonNotInDomains ? "unknown VNF instance " + id : reason;
      continue;
    }
    if (!gateway_.visible(b->sm, view(known->second))) {
      refusal = "unknown VNF instance " + id;
      continue;
    }
    // The fault: an unsolicited instruction is acknowledged but never applied.
    if (!r.event_id && gateway_.faults().unsolicited_unapplied) continue;
    TraceDetail detail;
    detail.add(dk::kSm, b->sm)
        .add(dk::kInstruction, r.instruction_id)
        .add(dk::kVnf, id)
        .add(dk::kPolicy, r.policy.policy_id)
        .add(dk::kPolicyDigest, digest);
    if (r.event_id) detail.add(dk::kEventId, *r.event_id);
    trace({.operation = decisions::kSecurityPolicyApplied,
           .outcome = outcomes::kApplied,
           .peer = b->sm,
           .reference_point = rp::kScOr,
           .detail = detail});
    gateway_.audit(b->sm, known->second.facts.trust_domain, decisions::kSecurityPolicyApplied,
                   r.policy.policy_id + " on " + id);
    if (b->grants.contains(known->second.facts.trust_domain) &&
        b->grants.at(known->second.facts.trust_domain) == sm::kModeSemiActive)
      policy_arrived(known->second, b->sm, r.instruction_id);
  }
  ack.status = refusal.empty() ? sm::kStatusApplied : sm::kStatusRefused;
  if (!refusal.empty()) ack.reason = refusal;
  ack.policy_digest = digest;
  gateway_.reply(from, m::to_envelope(ack));
}

m::SmVnfStatus SmService::status_of(const VnfRecord& record) const {
  return {record.facts.vnf, record.facts.oss_app_id,  record.facts.vnfd_id, record.facts.ns,
          record.state,     record.facts.trust_domain};
}

void SmService::query_record(const std::string& sm, const std::string& query,
                             const std::string& domain, const std::vector<std::string>& vnfs,
                             const std::string& reason) {
  TraceDetail detail;
  detail.add(dk::kSm, sm).add(dk::kQuery, query).add(dk::kDomain, domain);
  if (reason.empty())
    detail.add(dk::kVnfs, comma_list(vnfs)).add(dk::kAsOf, gateway_.now_text());
  else
    detail.add(dk::kReason, reason);
  trace({.operation = decisions::kSmQuery,
         .outcome = reason.empty() ? outcomes::kAnswered : outcomes::kRejected,
         .peer = sm,
         .reference_point = rp::kScOr,
         .detail = detail});
}

void SmService::on_status(const ChannelMessage& from, const m::SmNetworkStatusQuery& q) {
  const SmBindingState* b =
      gateway_.binding(from, q.instance, m::SmNetworkStatusQuery::kOperation, q.request_id);
  if (b == nullptr) return;
  m::SmNetworkStatusResponse answer;
  answer.instance = q.instance;
  answer.request_id = q.request_id;
  answer.as_of = gateway_.now_text();
  std::string reason;
  if (!gateway_.authorize(*b, m::SmNetworkStatusQuery::kOperation, "", q.domain, "", reason)) {
    answer.status = sm::kStatusRefused;
    answer.reason = reason;
    query_record(b->sm, "status", q.domain, {}, reason);
    return gateway_.reply(from, m::to_envelope(answer));
  }
  std::vector<std::string> listed;
  for (const auto& [vnf, record] : vnfs_)
    if ((record.facts.trust_domain == q.domain || gateway_.faults().status_all_domains) &&
        record.state == "INSTANTIATED" &&
        (gateway_.visible(b->sm, view(record)) || gateway_.faults().status_all_domains)) {
      answer.vnfs.push_back(status_of(record));
      listed.push_back(vnf);
    }
  answer.status = sm::kStatusOk;
  query_record(b->sm, "status", q.domain, listed, "");
  gateway_.reply(from, m::to_envelope(answer));
}

void SmService::on_history(const ChannelMessage& from, const m::SmLcmHistoryQuery& q) {
  const SmBindingState* b =
      gateway_.binding(from, q.instance, m::SmLcmHistoryQuery::kOperation, q.request_id);
  if (b == nullptr) return;
  m::SmLcmHistoryResponse answer;
  answer.instance = q.instance;
  answer.request_id = q.request_id;
  const auto from_d = sim::parse_duration(q.from);
  const auto to_d =
      q.to.empty() ? std::optional<sim::Duration>(sim::Duration::max()) : sim::parse_duration(q.to);
  std::string domains;
  for (const auto& [domain, mode] : b->grants) domains += (domains.empty() ? "" : ",") + domain;
  std::string reason;
  if (!from_d || !to_d || *to_d < *from_d)
    reason = "from and to must be simulated times, from <= to";
  else if (b->grants.empty())
    reason = sm::kReasonNotInDomains;
  for (const auto& [domain, mode] : b->grants) {
    std::string why;
    if (reason.empty() &&
        !gateway_.authorize(*b, m::SmLcmHistoryQuery::kOperation, "", domain, "", why))
      reason = why;
  }
  if (!reason.empty()) {
    answer.status = sm::kStatusRefused;
    answer.reason = reason;
    query_record(b->sm, "history", domains, {}, reason);
    return gateway_.reply(from, m::to_envelope(answer));
  }
  const sim::Time from_t = sim::Time::zero() + *from_d;
  const sim::Time to_t =
      *to_d == sim::Duration::max() ? sim::Time::max() : sim::Time::zero() + *to_d;
  std::vector<std::string> listed;
  for (const auto& [vnf, record] : vnfs_) {
    if (!gateway_.visible(b->sm, view(record))) continue;
    if (record.existed_from > to_t || (record.existed_to && *record.existed_to < from_t)) continue;
    if (record.existed_to && gateway_.faults().history_live_only) continue;
    m::SmVnfHistory h;
    h.vnf_instance_id = vnf;
    h.oss_app_id = record.facts.oss_app_id;
    h.trust_domain = record.facts.trust_domain;
    h.existed_from = sim::format_duration(record.existed_from.since_epoch());
    if (record.existed_to) h.existed_to = sim::format_duration(record.existed_to->since_epoch());
    for (const auto& e : record.events) {
      const auto at = sim::parse_duration(e.occurred_at);
      if (at && sim::Time::zero() + *at >= from_t && sim::Time::zero() + *at <= to_t)
        h.events.push_back(e);
    }
    answer.vnfs.push_back(std::move(h));
    listed.push_back(vnf);
  }
  answer.status = sm::kStatusOk;
  query_record(b->sm, "history", domains, listed, "");
  gateway_.reply(from, m::to_envelope(answer));
}

void SmService::on_context(const ChannelMessage& from, const m::SmContextQuery& q) {
  const SmBindingState* b =
      gateway_.binding(from, q.instance, m::SmContextQuery::kOperation, q.request_id);
  if (b == nullptr) return;
  m::SmContextResponse answer;
  answer.instance = q.instance;
  answer.request_id = q.request_id;
  // The VNF the query is about: named, the one an event was about, or a member of the NS.
  const VnfRecord* record = nullptr;
  if (q.vnf_instance_id) record = seen_by(b->sm, *q.vnf_instance_id);
  for (const auto& [vnf, r] : vnfs_) {
    if (record != nullptr) break;
    if (q.ns_id && r.facts.ns == *q.ns_id) record = seen_by(b->sm, vnf);
    if (q.event_id)
      for (const auto& e : r.events)
        if (e.event_id == *q.event_id) record = seen_by(b->sm, vnf);
  }
  std::string reason;
  if (record == nullptr) reason = "unknown VNF, NS or event";
  if (record != nullptr &&
      !gateway_.authorize(*b, m::SmContextQuery::kOperation, "", record->facts.trust_domain,
                          record->facts.vnf, reason))
    record = nullptr;
  if (record == nullptr) {
    answer.status = sm::kStatusRefused;
    answer.reason = reason;
    query_record(b->sm, "context", "", {}, reason);
    return gateway_.reply(from, m::to_envelope(answer));
  }
  answer.ns_id = record->facts.ns;
  std::vector<std::string> listed;
  for (const auto& member : record->facts.ns_members)
    if (const VnfRecord* other = seen_by(b->sm, member);
        other != nullptr && (!gateway_.faults().context_vnf_only || other == record)) {
      answer.vnfs.push_back(status_of(*other));
      listed.push_back(member);
    }
  answer.events = record->events;
  answer.status = sm::kStatusOk;
  query_record(b->sm, "context", record->facts.trust_domain, listed, "");
  gateway_.reply(from, m::to_envelope(answer));
}

void SmService::on_host_retirement(const ChannelMessage& from,
                                   const m::SmHostRetirementRequest& r) {
  const SmBindingState* b =
      gateway_.binding(from, r.instance, m::SmHostRetirementRequest::kOperation, r.request_id);
  if (b == nullptr) return;
  const std::string reason = "host retirement is served by the VIM on Sc-Vi";
  trace({.operation = decisions::kSmHostRetirement,
         .outcome = outcomes::kRefused,
         .peer = b->sm,
         .reference_point = rp::kScOr,
         .detail = TraceDetail()
                       .add(dk::kSm, b->sm)
                       .add(dk::kRequest, r.request_id)
                       .add(dk::kKind, r.kind)
                       .add(dk::kHost, r.host_id)
                       .add(dk::kReason, reason)});
  m::SmHostRetirementResponse answer;
  answer.instance = r.instance;
  answer.request_id = r.request_id;
  answer.status = sm::kStatusRefused;
  answer.reason = reason;
  gateway_.reply(from, m::to_envelope(answer));
}

// ---- Security functions (R2.1.340) ----

std::string SmService::refusal_for(const SmBindingState& b, const std::string& vnf,
                                   std::string_view sm_operation) {
  auto known = vnfs_.find(vnf);
  if (known == vnfs_.end()) return "unknown VNF instance " + vnf;
  std::string reason;
  if (!gateway_.authorize(b, sm_operation, "", known->second.facts.trust_domain, vnf, reason))
    return reason == sm::kReasonNotInDomains && !gateway_.faults().reveal_foreign
               ? "unknown VNF instance " + vnf
               : reason;
  if (!gateway_.visible(b.sm, view(known->second)) || known->second.state != "INSTANTIATED")
    return "unknown VNF instance " + vnf;
  return "";
}

void SmService::on_security_function(const ChannelMessage& from,
                                     const m::SmSecurityFunctionRequest& r) {
  const auto op = m::SmSecurityFunctionRequest::kOperation;
  const SmBindingState* b = gateway_.binding(from, r.instance, op, r.request_id);
  if (b == nullptr) return;
  const std::string sm_name = b->sm;
  TraceDetail detail;
  detail.add(dk::kSm, sm_name).add(dk::kRequest, r.request_id).add(dk::kAction, r.action);
  if (r.event_id) detail.add(dk::kEventId, *r.event_id);
  const auto& placement = r.placement;
  std::vector<std::string> between;
  if (placement && placement->between) between = *placement->between;
  if (!between.empty()) detail.add(dk::kBetween, comma_list(between));
  if (placement && placement->within) detail.add(dk::kWithin, *placement->within);
  if (r.vsf.vsf_instance_id) detail.add(dk::kVsf, *r.vsf.vsf_instance_id);
  // The answer, and the record that says how the request ended.
  auto answer = [this, from, r, sm_name, detail](const std::string& status, const std::string& vsf,
                                                 const std::string& reason) mutable {
    m::SmSecurityFunctionResponse response;
    response.instance = r.instance;
    response.request_id = r.request_id;
    response.status = status;
    if (!vsf.empty()) response.vsf_instance_id = vsf;
    if (!reason.empty()) response.reason = reason;
    TraceDetail d = detail;
    if (!vsf.empty() && !r.vsf.vsf_instance_id) d.add(dk::kVsf, vsf);
    if (!reason.empty()) d.add(dk::kReason, reason);
    trace({.operation = decisions::kSmSecurityFunction,
           .outcome = status,
           .peer = sm_name,
           .reference_point = rp::kScOr,
           .detail = d});
    gateway_.reply(from, m::to_envelope(response));
  };
  // What the request is about: the two VNFs of the link, or the VSF itself.
  std::string refusal;
  std::vector<std::string> subjects;
  if (r.action == sm::kVsfInstantiate) {
    if (placement && placement->within)
      refusal =
          "a VSF between the VNFCs of one VNF is the VNFM's to place (Sc-Vnfm), which does not "
          "serve security functions; place it between two VNFs of the NS";
    else if (between.size() != 2 || between[0] == between[1])
      refusal = "placement.between must name two different VNF instances";
    else
      subjects = between;
  } else if (r.action == sm::kVsfModify || r.action == sm::kVsfTerminate) {
    if (!r.vsf.vsf_instance_id)
      refusal = "vsf.vsf_instance_id names the VSF to " + r.action;
    else if (r.action == sm::kVsfModify && !r.policy)
      refusal = "modify needs a policy";
    else
      subjects = {*r.vsf.vsf_instance_id};
  } else {
    refusal = "action must be instantiate, modify or terminate, not \"" + r.action + "\"";
  }
  for (const auto& vnf : subjects)
    if (refusal.empty()) refusal = refusal_for(*b, vnf, op);
  std::string ns;
  if (refusal.empty() && r.action == sm::kVsfInstantiate) {
    ns = lifecycle_.ns_of(between[0]);
    if (ns.empty() || ns != lifecycle_.ns_of(between[1]))
      refusal = "VNFs " + comma_list(between) + " are not in one NS";
    else if (placement->ns_id && *placement->ns_id != ns)
      refusal = "VNFs " + comma_list(between) + " are not in NS " + *placement->ns_id;
  }
  if (refusal.empty() && r.action != sm::kVsfInstantiate &&
      !functions_.running(*r.vsf.vsf_instance_id))
    refusal = "unknown VNF instance " + *r.vsf.vsf_instance_id;  // not a VSF an SM put in
  if (!refusal.empty())
    return answer(sm::kStatusRefused, "", refusal);  // SmSecurityFunction refused
  if (!ns.empty()) detail.add(dk::kNs, ns);
  trace({.operation = decisions::kSmSecurityFunction,
         .outcome = outcomes::kAccepted,
         .peer = sm_name,
         .reference_point = rp::kScOr,
         .detail = detail});
  const std::string domain = vnfs_.at(subjects.front()).facts.trust_domain;
  gateway_.audit(sm_name, domain, decisions::kSmSecurityFunction,
                 r.action + " " + comma_list(subjects));
  const NsSecurityFunctions::Asker asker{sm_name, r.request_id, r.event_id};
  if (vsf_not_executed_) {
    // The fault: answered as done, nothing carried out.
    const std::string vsf = r.vsf.vsf_instance_id.value_or(host_.actor_context().name() + "-vsf-0");
    return answer(sm::kStatusCompleted, vsf, "");
  }
  auto done = [answer](const NsSecurityFunctions::Outcome& o) mutable {
    answer(o.ok ? sm::kStatusCompleted : sm::kStatusFailed, o.vsf, o.reason);
  };
  std::string failure;
  if (r.action == sm::kVsfInstantiate) {
    failure =
        functions_.instantiate(asker, r.vsf, {ns, between[0], between[1]}, domain, r.policy, done);
  } else if (r.action == sm::kVsfModify) {
    failure = functions_.modify(asker, *r.vsf.vsf_instance_id, *r.policy);
    if (failure.empty()) return answer(sm::kStatusCompleted, *r.vsf.vsf_instance_id, "");
  } else {
    failure = functions_.terminate(asker, *r.vsf.vsf_instance_id, done);
  }
  if (!failure.empty()) answer(sm::kStatusFailed, r.vsf.vsf_instance_id.value_or(""), failure);
}

}  // namespace ifa026::actors::nfvo
