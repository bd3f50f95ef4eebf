// The MANO side of a Security Manager interface: bindings, authorization, event routing, the
// Fully-Active grant and Semi-Active objection gate, audit (see sm_gateway.hpp).
#include "actors/common/sm_gateway.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors {
namespace {

namespace dk = detail_keys;
namespace m = messages;

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

SmGatewayFaults sm_gateway_faults(const nlohmann::json& params) {
  SmGatewayFaults faults;
  for (const auto& fault : string_list_param(params, "sm_faults")) {
    const std::string drop = "drop_event_field:";
    if (fault.rfind(drop, 0) == 0) faults.dropped_items.insert(fault.substr(drop.size()));
    if (fault == "ignore_objection") faults.ignore_objections = true;
    if (fault == "skip_grant") faults.skip_grants = true;
    if (fault == "route_all") faults.route_everywhere = true;
    if (fault == "accept_passive") faults.accept_passive = true;
    if (fault == "leak_sm") faults.leak_sm_identity = true;
    if (fault == "late_notice") faults.late_notice = true;
    if (fault == "share_instance") faults.share_instances = true;
    if (fault == "reveal_foreign") faults.reveal_foreign = true;
    if (fault == "status_all_domains") faults.status_all_domains = true;
    if (fault == "history_live_only") faults.history_live_only = true;
    const std::string unpublished = "unpublished_event:";
    if (fault.rfind(unpublished, 0) == 0)
      faults.unpublished_types.insert(fault.substr(unpublished.size()));
    if (fault == "unaudited_events") faults.unaudited_events = true;
    if (fault == "one_mode_per_sm") faults.one_mode_per_sm = true;
    if (fault == "replace_grants") faults.replace_grants = true;
    if (fault == "mode_per_domain") faults.mode_per_domain = true;
    if (fault == "context_vnf_only") faults.context_vnf_only = true;
    if (fault == "first_item_only") faults.first_item_only = true;
    if (fault == "unsolicited_policy_unapplied") faults.unsolicited_unapplied = true;
    if (fault == "no_hierarchy") faults.no_hierarchy = true;
    if (fault == "hierarchy_everywhere") faults.hierarchy_everywhere = true;
    if (fault == "ignore_overrule") faults.ignore_overrule = true;
    if (fault == "leak_master") faults.leak_master = true;
    if (fault == "obey_foreign") faults.obey_foreign = true;
    if (fault == "one_sm_per_domain") faults.one_sm_per_domain = true;
    const std::string traffic_on = "sm_traffic_on:";
    if (fault.rfind(traffic_on, 0) == 0) faults.sm_traffic_on = fault.substr(traffic_on.size());
  }
  faults.audit_keys = audit_key_settings(params);
  return faults;
}

ParamRule sm_faults_param_rule() {
  return {"sm_faults", ParamType::string_list,
          "fault switches of the Security Manager interface, to show checks fail: "
          "drop_event_field:<item>, ignore_objection, skip_grant, route_all, accept_passive, "
          "leak_sm, late_notice, share_instance, reveal_foreign, status_all_domains, "
          "history_live_only, unpublished_event:<type>, unaudited_events, one_mode_per_sm, "
          "replace_grants, mode_per_domain, context_vnf_only, first_item_only, "
          "unsolicited_policy_unapplied, no_hierarchy, hierarchy_everywhere, ignore_overrule, "
          "leak_master, obey_foreign, one_sm_per_domain, sm_traffic_on:<rp>; the NFVO's own: "
          "drop_termination_options, drop_termination_option:<name>, skip_policy_wait, "
          "vsf_not_executed, associate_untrusted, associate_foreign, accept_any_snsd, ignore_snsd, "
          "activate_before_vsf; "
          "the VIM's own: "
          "skip_location_event, ignore_quarantine, leave_on_host; the VNFM's own: skip_crash_event "
          "(docs/security-manager.md)"};
}

std::string policy_digest(const m::SmPolicy& policy) {
  return pki::to_hex(pki::sha256(pki::ByteView(
      reinterpret_cast<const std::uint8_t*>(policy.content.data()), policy.content.size())));
}

std::string event_items(const m::SmLcmEvent& e) {
  std::vector<std::string> items;
  auto add = [&](const char* name, bool present) {
    if (present) items.emplace_back(name);
  };
  add("source", !e.source.empty());
  add("reason", !e.reason.empty());
  add("oss_app_id", !e.oss_app_id.empty());
  add("trust_domain", !e.trust_domain.empty());
  add("vnf_instance_id", e.vnf_instance_id.has_value());
  add("ns_id", e.ns_id.has_value());
  add("vnf_package_id", e.vnf_package_id.has_value());
  add("vnfd_id", e.vnfd_id.has_value());
  add("vnfd", e.vnfd.has_value());
  add("package_integrity", e.package_integrity.has_value());
  add("signature", e.package_integrity && e.package_integrity->signature.has_value());
  add("requestor_ref", e.requestor_ref.has_value());
  add("connectivity", e.connectivity.has_value());
  add("group_ref", e.group_ref.has_value());
  add("hosts", e.hosts.has_value());
  add("change_kind", e.change_kind.has_value());
  add("change_details", e.change_details.has_value());
  add("termination_kind", e.termination_kind.has_value());
  add("added", e.added.has_value());
  add("removed", e.removed.has_value());
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

SmGateway::SmGateway(ManoEntityHost& host, std::string reference_point, SmGatewayFaults faults)
    : ActorPiece({host.tracer(), host.guard()}),
      host_(host),
      reference_point_(std::move(reference_point)),
      faults_(std::move(faults)),
      table_(sm::AuthorizationTable::from_trust_model(host.actor_context().trust_model())),
      audit_(host.actor_context().name()),
      audit_keeping_(host, audit_, faults_.audit_keys) {}

void SmGateway::serve(MessageHandlers<ChannelMessage>& handlers) {
  handlers.on<m::SmBindRequest>(
      [this](const m::SmBindRequest& r, const ChannelMessage& from) { on_bind(from, r); });
  handlers.on<m::SmLcmSubscriptionRequest>(
      [this](const m::SmLcmSubscriptionRequest& r, const ChannelMessage& from) {
        on_subscribe(from, r);
      });
  handlers.on<m::SmLcmGrantResponse>(
      [this](const m::SmLcmGrantResponse& r, const ChannelMessage& from) {
        on_grant_response(from, r);
      });
  handlers.on<m::SmLcmObjection>(
      [this](const m::SmLcmObjection& r, const ChannelMessage& from) { on_objection(from, r); });
  handlers.on<m::SmPackageIntegrityConfirmation>(
      [this](const m::SmPackageIntegrityConfirmation& r, const ChannelMessage& from) {
        on_package_confirmation(from, r);
      });
  handlers.on<m::SmAuditLogExportRequest>(
      [this](const m::SmAuditLogExportRequest& r, const ChannelMessage& from) {
        on_audit_export(from, r);
      });
  handlers.on<m::SmOverruleRequest>(
      [this](const m::SmOverruleRequest& r, const ChannelMessage& from) { on_overrule(from, r); });
  audit_keeping_.serve(handlers);
}

std::string SmGateway::instance_for(const std::string& sm) const {
  return sm + "@" + host_.actor_context().name() + "/" + reference_point_;
}

std::string SmGateway::mode_for(const SmBindingState& b, const std::string& domain) const {
  auto mode = b.grants.find(domain);
  if (mode == b.grants.end()) return "";
  if (!faults_.one_mode_per_sm) return mode->second;
  // The fault: the mode kept per SM, not per (SM, domain) — its most active one.
  std::string most = mode->second;
  for (const auto& [d, held] : b.grants)
    if (held == sm::kModeFullyActive || (held == sm::kModeSemiActive && most == sm::kModePassive))
      most = held;
  return most;
}

std::vector<const SmBindingState*> SmGateway::bound_in(const std::string& domain) const {
  std::vector<const SmBindingState*> out;
  if (faults_.route_everywhere || faults_.obey_foreign || faults_.one_sm_per_domain) {
    for (const auto& [sm, b] : bindings_) out.push_back(&b);
    return out;
  }
  // The SMs holding a grant in the domain and the masters receiving its events, in name order
  // (the order of bindings_, so the trace does not depend on the index).
  std::set<std::string> names = event_masters(domain);
  if (auto it = sms_by_domain_.find(domain); it != sms_by_domain_.end())
    names.insert(it->second.begin(), it->second.end());
  for (const auto& sm : names)
    if (auto b = bindings_.find(sm); b != bindings_.end()) out.push_back(&b->second);
  return out;
}

const std::set<std::string>& SmGateway::event_masters(const std::string& domain) const {
  auto cached = event_masters_.find(domain);
  if (cached != event_masters_.end()) return cached->second;
  std::set<std::string> masters;
  const trust::TrustModel& model = table_.model();
  if (auto d = model.domain(domain))
    for (auto e : model.in_edges(*d, trust::EdgeKind::manages))
      for (const auto& master :
           model.event_receiving_masters(model.graph()[boost::source(e, model.graph())].name))
        masters.insert(master);
  return event_masters_.emplace(domain, std::move(masters)).first->second;
}

void SmGateway::reindex(const std::string& sm) {
  auto& indexed = indexed_domains_[sm];
  for (const auto& domain : indexed) {
    auto it = sms_by_domain_.find(domain);
    if (it == sms_by_domain_.end()) continue;
    it->second.erase(sm);
    if (it->second.empty()) sms_by_domain_.erase(it);
  }
  indexed.clear();
  auto b = bindings_.find(sm);
  if (b == bindings_.end()) return;
  for (const auto& [domain, mode] : b->second.grants) {
    sms_by_domain_[domain].insert(sm);
    indexed.insert(domain);
  }
}

std::string SmGateway::now_text() const {
  return sim::format_duration(host_.actor_context().now().since_epoch());
}

std::string SmGateway::next_event_id() {
  return host_.actor_context().name() + "-sm-event-" + std::to_string(next_event_++);
}

void SmGateway::reply(const ChannelMessage& from, Envelope envelope) {
  host_.channels().reply(from, std::move(envelope));
}

void SmGateway::send_to(const std::string& sm, Envelope envelope) {
  // The fault: the SM's messages labelled with another reference point (R1.1.160).
  host_.channels().send(sm, ChannelKind::mutual,
                        faults_.sm_traffic_on.empty() ? reference_point_ : faults_.sm_traffic_on,
                        std::move(envelope));
}

void SmGateway::audit(const std::string& sm, const std::string& domain, const std::string& event,
                      const std::string& detail) {
  // A key per partition, drawn from the block's seeded stream or derived from an auditor's.
  audit_keeping_.append(AuditPartition{sm, domain}, event, detail);
}

void SmGateway::refuse(const ChannelMessage& from, const std::string& instance,
                       std::string_view operation, const std::string& request_id,
                       const std::string& reason) {
  trace({.operation = decisions::kSmAuthorization,
         .outcome = outcomes::kRejected,
         .peer = from.peer.name,
         .reference_point = reference_point_,
         .detail = TraceDetail()
                       .add(dk::kSm, from.peer.name)
                       .add(dk::kInstance, instance)
                       .add(dk::kSmOperation, std::string(operation))
                       .add(dk::kReason, reason)});
  m::SmRequestRefused refused;
  // Another SM's instance is not repeated back: the answer names no other SM (R2.1.120).
  refused.instance = instances_.count(instance) != 0 && instances_.at(instance) != from.peer.name
                         ? std::string()
                         : instance;
  refused.request_id = request_id;
  refused.operation = std::string(operation);
  refused.reason = reason;
  reply(from, m::to_envelope(refused));
}

// ---- Binding and subscription ----

void SmGateway::on_bind(const ChannelMessage& from, const m::SmBindRequest& request) {
  const std::string instance = instance_for(request.sm);
  m::SmBindResponse answer;
  answer.request_id = request.request_id;
  answer.instance = instance;
  std::string reason;
  if (request.sm != from.peer.name)
    reason = "the TLS peer " + from.peer.name + " is not " + request.sm;
  else if (!table_.knows_sm(request.sm))
    reason = "no SM " + request.sm + " in the trust model";
  if (!reason.empty()) {
    answer.status = sm::kStatusRefused;
    answer.reason = reason;
    trace({.operation = decisions::kSmBinding,
           .outcome = outcomes::kRefused,
           .peer = from.peer.name,
           .reference_point = reference_point_,
           .detail = TraceDetail()
                         .add(dk::kSm, request.sm)
                         .add(dk::kInstance, instance)
                         .add(dk::kReason, reason)});
    return reply(from, m::to_envelope(answer));
  }
  std::map<std::string, std::string> grants;
  // A sensitive domain is granted only to its designated managers (R2.1.100).
  for (const auto& [domain, mode] : table_.grants(request.sm))
    if ((request.domains.empty() || contains(request.domains, domain)) &&
        table_.may_see(request.sm, domain))
      grants[domain] = mode;
  SmBindingState& binding = bindings_[request.sm];
  const bool again = !binding.instance.empty();
  binding.sm = request.sm;
  binding.instance = instance;
  binding.grants = grants;
  reindex(request.sm);
  instances_[instance] = request.sm;
  answer.status = sm::kStatusBound;
  for (const auto& [domain, mode] : grants) answer.grants.push_back({domain, mode});
  TraceDetail detail;
  detail.add(dk::kSm, request.sm)
      .add(dk::kInstance, instance)
      .add(dk::kGrants, sm::grants_text(grants));
  if (again) detail.add(dk::kRepeat, detail_values::kTrue);
  trace({.operation = decisions::kSmBinding,
         .outcome = outcomes::kBound,
         .peer = from.peer.name,
         .reference_point = reference_point_,
         .detail = detail});
  for (const auto& [domain, mode] : grants)
    audit(request.sm, domain, decisions::kSmBinding, "bound " + instance + " mode " + mode);
  reply(from, m::to_envelope(answer));
}

void SmGateway::on_subscribe(const ChannelMessage& from,
                             const m::SmLcmSubscriptionRequest& request) {
  const SmBindingState* bound =
      binding(from, request.instance, m::SmLcmSubscriptionRequest::kOperation, request.request_id);
  if (bound == nullptr) return;
  SmBindingState& b = bindings_[bound->sm];
  if (!b.subscribed)
    b.subscription =
        host_.actor_context().name() + "-sm-subscription-" + std::to_string(next_subscription_++);
  b.subscribed = true;
  b.filter = request.filter;
  std::string filter;
  for (const auto& d : request.filter.domains) filter += (filter.empty() ? "" : ",") + d;
  filter = "domains=" + (filter.empty() ? std::string("all") : filter) + ";types=";
  std::string types;
  for (const auto& t : request.filter.event_types) types += (types.empty() ? "" : ",") + t;
  filter += (types.empty() ? std::string("all") : types) +
            (request.filter.include_vnfd ? ";include_vnfd" : "");
  trace({.operation = decisions::kSmSubscription,
         .outcome = outcomes::kSubscribed,
         .peer = from.peer.name,
         .reference_point = reference_point_,
         .detail = TraceDetail()
                       .add(dk::kSm, b.sm)
                       .add(dk::kInstance, b.instance)
                       .add(dk::kSubscription, b.subscription)
                       .add(dk::kFilter, filter)});
  m::SmLcmSubscriptionResponse answer;
  answer.request_id = request.request_id;
  answer.status = sm::kStatusSubscribed;
  answer.subscription = b.subscription;
  reply(from, m::to_envelope(answer));
}

const SmBindingState* SmGateway::binding(const ChannelMessage& from, const std::string& instance,
                                         std::string_view sm_operation,
                                         const std::string& request_id) {
  auto owner = instances_.find(instance);
  if (owner == instances_.end()) {
    refuse(from, instance, sm_operation, request_id, "unbound instance " + instance);
    return nullptr;
  }
  if (owner->second != from.peer.name) {
    if (!faults_.share_instances) {
      refuse(from, instance, sm_operation, request_id, "instance belongs to another SM");
      return nullptr;
    }
    // The fault: the sender acts on the owner's instance with the owner's grants.
    borrowed_ = bindings_.at(owner->second);
    borrowed_.sm = from.peer.name;
    return &borrowed_;
  }
  return &bindings_.at(owner->second);
}

bool SmGateway::authorize(const SmBindingState& b, std::string_view sm_operation,
                          const std::string& kind, const std::string& domain,
                          const std::string& vnf, std::string& reason) {
  auto mode = b.grants.find(domain);
  sm::Permission permission;
  // Hierarchy (D7): a termination in a descendant's domain the SM does not manage itself, or an
  // overrule of a descendant's decision, is judged by the authority the oversees edges give.
  const bool overrule = sm_operation == m::SmOverruleRequest::kOperation;
  const bool terminate = sm_operation == m::SmTerminateVnfRequest::kOperation;
  const std::string via = (overrule || (terminate && mode == b.grants.end()))
                              ? hierarchy_via(b.sm, domain, overrule)
                              : std::string();
  std::string held_mode = mode == b.grants.end() ? std::string("none") : mode->second;
  if (!via.empty()) {
    // The master's own most active mode decides what it may send there (a Fully-Active master
    // instructs, a Semi-Active one requests, a Passive one only overrules).
    auto rank = [](const std::string& m) {
      return m == sm::kModeFullyActive ? 3 : m == sm::kModeSemiActive ? 2 : m == sm::kModePassive;
    };
    held_mode = "none";
    for (const auto& [d, held] : b.grants)
      if (rank(held) > rank(held_mode)) held_mode = held;
    if (!table_.may_see(b.sm, domain))
      permission = {false, sm::kReasonNotInDomains};
    else if (overrule)
      permission = {true, ""};  // any mode of the master (§6.2)
    else
      permission = sm::permits(held_mode, sm_operation, kind);
  } else if (overrule || mode == b.grants.end())
    permission = {false, sm::kReasonNotInDomains};
  else if (!table_.may_see(b.sm, domain))
    permission = {false, sm::kReasonNotInDomains};  // a sensitive domain it is not designated for
  else
    permission = sm::permits(mode_for(b, domain), sm_operation, kind);
  if (!permission.allowed && faults_.accept_passive && mode != b.grants.end() &&
      mode->second == sm::kModePassive)
    permission = {true, ""};
  // The fault: MANO acts on an SM's word about a domain it holds nothing in (R1.1.50).
  if (!permission.allowed && faults_.obey_foreign && permission.reason == sm::kReasonNotInDomains)
    permission = {true, ""};
  TraceDetail detail;
  detail.add(dk::kSm, b.sm)
      .add(dk::kInstance, b.instance)
      .add(dk::kDomain, domain)
      .add(dk::kMode, held_mode)
      .add(dk::kSmOperation, std::string(sm_operation));
  if (!kind.empty()) detail.add(dk::kKind, kind);
  detail.add(dk::kBasis, via.empty() ? sm::kBasisOwn : sm::kBasisHierarchy);
  if (!via.empty()) detail.add(dk::kVia, via);
  if (!vnf.empty()) detail.add(dk::kVnf, vnf);
  if (!permission.allowed) detail.add(dk::kReason, permission.reason);
  trace({.operation = decisions::kSmAuthorization,
         .outcome = permission.allowed ? outcomes::kGranted : outcomes::kRejected,
         .peer = b.sm,
         .reference_point = reference_point_,
         .detail = detail});
  // Only a domain the SM holds has a partition of its own; a refusal about another domain goes
  // to the SM's partitions it holds nothing of (it learns nothing from its own log, R2.1.90).
  if (mode != b.grants.end() || !via.empty())
    audit(b.sm, domain, decisions::kSmAuthorization,
          std::string(permission.allowed ? "granted " : "rejected ") + std::string(sm_operation) +
              (vnf.empty() ? "" : " " + vnf));
  reason = permission.reason;
  return permission.allowed;
}

bool SmGateway::visible(const std::string& sm, const SmVnfView& vnf) const {
  auto b = bindings_.find(sm);
  if (b == bindings_.end()) return false;
  if (faults_.route_everywhere || faults_.obey_foreign) return true;
  // The fault: only the first SM (by name) holding the domain sees it (R1.1.60).
  if (faults_.one_sm_per_domain)
    for (const auto& [other, ob] : bindings_) {
      if (other == sm) break;
      if (ob.grants.count(vnf.domain) != 0) return false;
    }
  return b->second.grants.count(vnf.domain) != 0 && vnf.hidden_from.count(sm) == 0 &&
         table_.may_see(sm, vnf.domain);
}

std::string SmGateway::hierarchy_via(const std::string& sm, const std::string& domain,
                                     bool overrule) const {
  if (domain.empty() || faults_.no_hierarchy) return "";
  std::string via = table_.model().authority_via(sm, domain, overrule);
  // The fault: any domain the SM does not manage is taken for a descendant's.
  if (via.empty() && faults_.hierarchy_everywhere && table_.mode(sm, domain) == std::nullopt)
    via = "none";
  return via;
}

bool SmGateway::by_hierarchy(const std::string& sm, const SmVnfView& vnf) const {
  if (bindings_.count(sm) == 0 || vnf.hidden_from.count(sm) != 0 || !table_.may_see(sm, vnf.domain))
    return false;
  return !hierarchy_via(sm, vnf.domain, false).empty();
}

bool SmGateway::receives_for(const std::string& sm, const SmVnfView& vnf) const {
  auto b = bindings_.find(sm);
  if (b == bindings_.end() || b->second.grants.count(vnf.domain) != 0 ||
      vnf.hidden_from.count(sm) != 0 || !table_.may_see(sm, vnf.domain))
    return false;
  return event_masters(vnf.domain).count(sm) != 0;
}

bool SmGateway::overrulable(const std::string& sub, const std::string& domain) const {
  if (faults_.no_hierarchy) return false;
  const trust::TrustModel& model = table_.model();
  const auto receiving = model.event_receiving_masters(sub);
  for (const auto& master : model.ancestors(sub))
    if (bindings_.count(master) != 0 && contains(receiving, master) &&
        !model.authority_via(master, domain, true).empty())
      return true;
  return false;
}

bool SmGateway::matches(const SmBindingState& b, const m::SmLcmEvent& event) const {
  if (!b.subscribed) return false;
  if (!b.filter.domains.empty() && !contains(b.filter.domains, event.trust_domain)) return false;
  return b.filter.event_types.empty() || contains(b.filter.event_types, event.event_type);
}

// ---- Events ----

void SmGateway::route(const SmBindingState& b, m::SmLcmEvent event, const std::string& grant_id) {
  for (const auto& item : faults_.dropped_items) {
    if (item == "source") event.source.clear();
    if (item == "reason") event.reason.clear();
    if (item == "oss_app_id") event.oss_app_id.clear();
    if (item == "vnf_package_id") event.vnf_package_id.reset();
    if (item == "vnfd_id") event.vnfd_id.reset();
    if (item == "package_integrity") event.package_integrity.reset();
    if (item == "requestor_ref") event.requestor_ref.reset();
    if (item == "connectivity") event.connectivity.reset();
    if (item == "group_ref") event.group_ref.reset();
    if (item == "hosts") event.hosts.reset();
    if (item == "change_kind") event.change_kind.reset();
    if (item == "change_details") event.change_details.reset();
    if (item == "termination_kind") event.termination_kind.reset();
    if (item == "vnf_instance_id") event.vnf_instance_id.reset();
    if (item == "signature" && event.package_integrity) event.package_integrity->signature.reset();
  }
  if (!b.filter.include_vnfd) event.vnfd.reset();
  // D3: the SM that caused the event is named only to itself and its ancestors.
  if (event.source_sm && *event.source_sm != b.sm && !faults_.leak_master &&
      !contains(table_.model().ancestors(*event.source_sm), b.sm))
    event.source_sm.reset();
  if (faults_.leak_sm_identity && event.source == lcm::kSourceSecurityManager)
    event.reason += " (by " + b.sm + ")";
  TraceDetail detail;
  detail.add(dk::kSm, b.sm)
      .add(dk::kInstance, b.instance)
      .add(dk::kSubscription, b.subscription)
      .add(dk::kEventId, event.event_id)
      .add(dk::kEventType, event.event_type)
      .add(dk::kPhase, event.phase);
  if (event.vnf_instance_id) detail.add(dk::kVnf, *event.vnf_instance_id);
  if (event.ns_id) detail.add(dk::kNs, *event.ns_id);
  detail.add(dk::kDomain, event.trust_domain).add(dk::kSource, event.source);
  if (event.source_sm) detail.add(dk::kSourceSm, *event.source_sm);
  detail.add(dk::kReason, event.reason).add(dk::kOssAppId, event.oss_app_id);
  if (event.operation) detail.add(dk::kOperation, *event.operation);
  if (event.change_kind) detail.add(dk::kChangeKind, *event.change_kind);
  if (event.termination_kind) detail.add(dk::kTerminationKind, *event.termination_kind);
  if (event.package_integrity) detail.add(dk::kDigest, event.package_integrity->digest);
  if (!grant_id.empty()) detail.add(dk::kGrantId, grant_id);
  if (event.hosts) {
    std::string hosts;  // the intended hosts (D12): "host@location,..."
    for (const auto& h : *event.hosts)
      hosts += (hosts.empty() ? "" : ",") + h.host_id + "@" + h.location;
    detail.add(dk::kHosts, hosts);
  }
  detail.add(dk::kItems, event_items(event));
  // NS_SCALE (issue 16, R1.2.110): the VNFC instances the scale added and removed.
  for (const auto& [key, list] :
       {std::pair{dk::kAdded, &event.added}, std::pair{dk::kRemoved, &event.removed}})
    if (*list) {
      std::string text;
      for (const auto& item : **list) text += (text.empty() ? "" : ",") + item;
      detail.add(key, text);
    }
  trace({.operation = decisions::kSmEventRouted,
         .outcome = outcomes::kSent,
         .peer = b.sm,
         .reference_point = reference_point_,
         .detail = detail});
  if (!faults_.unaudited_events)
    audit(b.sm, event.trust_domain, decisions::kSmEventRouted,
          event.event_type + " " + event.phase + " " + event.event_id);
  events_[event.event_id] = {event.trust_domain, event.vnf_instance_id.value_or("")};
  if (grant_id.empty()) {
    m::SmLcmEventNotification n;
    n.instance = b.instance;
    n.subscription = b.subscription;
    n.event = std::move(event);
    send_to(b.sm, m::to_envelope(n));
  }
}

void SmGateway::publish(m::SmLcmEvent event, const SmVnfView& vnf) {
  if (event.event_id.empty()) event.event_id = next_event_id();
  event.occurred_at = now_text();
  for (const SmBindingState* bound : bound_in(vnf.domain)) {
    const std::string& sm = bound->sm;
    const SmBindingState& b = *bound;
    if (b.grants.count(vnf.domain) != 0 && !faults_.route_everywhere &&
        (vnf.hidden_from.count(sm) != 0 || !table_.may_see(sm, vnf.domain))) {
      trace({.operation = decisions::kSmEventSuppressed,
             .outcome = outcomes::kSuppressed,
             .peer = sm,
             .reference_point = reference_point_,
             .detail = TraceDetail()
                           .add(dk::kSm, sm)
                           .add(dk::kEventId, event.event_id)
                           .add(dk::kVnf, vnf.vnf)
                           .add(dk::kReason, vnf.hidden_from.count(sm) != 0 ? "hidden_from"
                                                                            : "sensitive domain")});
      continue;
    }
    if ((!visible(sm, vnf) && !receives_for(sm, vnf)) || !matches(b, event)) continue;
    if (faults_.unpublished_types.count(event.event_type) != 0) continue;
    route(b, event);
  }
}

void SmGateway::gate(m::SmLcmEvent event, const SmVnfView& vnf, Decision then) {
  if (event.event_id.empty()) event.event_id = next_event_id();
  event.phase = sm::kPhaseProposed;
  event.occurred_at = now_text();
  Pending pending;
  pending.event_id = event.event_id;
  pending.vnf = vnf;
  pending.started = host_.actor_context().now();
  bool semi = false;
  for (const SmBindingState* bound : bound_in(vnf.domain)) {
    const std::string& sm = bound->sm;
    const SmBindingState& b = *bound;
    if (!visible(sm, vnf)) {
      // A master that receives its subordinates' events sees the proposal (no grant of its own
      // is asked; it may overrule, D4).
      if (receives_for(sm, vnf) && matches(b, event) &&
          faults_.unpublished_types.count(event.event_type) == 0)
        route(b, event);
      continue;
    }
    const std::string held = mode_for(b, vnf.domain);
    if (held == sm::kModeFullyActive && !faults_.skip_grants) {
      const std::string grant_id =
          host_.actor_context().name() + "-sm-grant-" + std::to_string(next_grant_++);
      pending.waiting.insert(sm);
      pending.grant_ids[sm] = grant_id;
      grants_[grant_id] = event.event_id;
      route(b, event, grant_id);
      m::SmLcmGrantRequest request;
      request.instance = b.instance;
      request.grant_id = grant_id;
      request.event = event;
      if (!b.filter.include_vnfd) request.event.vnfd.reset();
      request.deadline = sim::format_duration(
          (host_.actor_context().now() + table_.settings().grant_timeout).since_epoch());
      pending.requests[sm] = m::to_envelope(request);
      send_to(sm, pending.requests[sm]);
    } else if (held == sm::kModeSemiActive && matches(b, event) &&
               faults_.unpublished_types.count(event.event_type) == 0) {
      semi = true;
      route(b, event);
    }
  }
  const sim::Duration window = table_.settings().objection_window;
  if (pending.waiting.empty() && (!semi || window == sim::Duration::seconds(0)))
    return then(true, "", std::nullopt);
  pending.event = std::move(event);
  pending.then = std::move(then);
  const std::string id = pending.event_id;
  if (!pending.waiting.empty())
    pending.resend_timer =
        schedule(sim::Duration::nanoseconds(table_.settings().grant_timeout.ns() / 4),
                 "SmGrantResend", [this, id] { resend_grants(id); });
  if (!pending.waiting.empty())
    pending.grant_timer = schedule(table_.settings().grant_timeout, "SmGrantTimeout", [this, id] {
      auto it = pending_.find(id);
      if (it == pending_.end()) return;
      it->second.grant_timer = {};
      if (it->second.waiting.empty()) return reject_held(id);  // no master overruled in time
      const sim::Duration waited = host_.actor_context().now() - it->second.started;
      std::string silent;
      for (const auto& sm : it->second.waiting) {
        silent += (silent.empty() ? "" : ", ") + sm;
        trace({.operation = decisions::kSmGrantDecision,
               .outcome = outcomes::kTimeout,
               .peer = sm,
               .reference_point = reference_point_,
               .detail = TraceDetail()
                             .add(dk::kSm, sm)
                             .add(dk::kGrantId, it->second.grant_ids[sm])
                             .add(dk::kEventId, id)
                             .add(dk::kVnf, it->second.vnf.vnf)
                             .add(dk::kOperation, it->second.event.operation.value_or(""))
                             .add(dk::kWaited, sim::format_duration(waited))
                             .add(dk::kReason, "no answer by the deadline")});
        audit(sm, it->second.vnf.domain, decisions::kSmGrantDecision, "timeout " + id);
      }
      decide(id, false,
             "security manager " + silent + " gave no grant within " +
                 sim::format_duration(table_.settings().grant_timeout));
    });
  if (semi && window > sim::Duration::seconds(0)) {
    pending.window_open = true;
    pending.window_timer = schedule(window, "SmObjectionWindow", [this, id] {
      auto it = pending_.find(id);
      if (it == pending_.end()) return;
      it->second.window_timer = {};
      it->second.window_open = false;
      trace({.operation = decisions::kSmObjectionWindow,
             .outcome = outcomes::kClosed,
             .reference_point = reference_point_,
             .detail = TraceDetail()
                           .add(dk::kEventId, id)
                           .add(dk::kVnf, it->second.vnf.vnf)
                           .add(dk::kOperation, it->second.event.operation.value_or(""))
                           .add(dk::kWaited, sim::format_duration(host_.actor_context().now() -
                                                                  it->second.started))});
      maybe_proceed(id);
    });
  }
  pending_.emplace(id, std::move(pending));
}

void SmGateway::resend_grants(const std::string& event_id) {
  auto it = pending_.find(event_id);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  p.resend_timer = {};
  for (const auto& sm : p.waiting) send_to(sm, p.requests[sm]);
  p.resend_timer = schedule(sim::Duration::nanoseconds(table_.settings().grant_timeout.ns() / 4),
                            "SmGrantResend", [this, event_id] { resend_grants(event_id); });
}

void SmGateway::maybe_proceed(const std::string& event_id) {
  auto it = pending_.find(event_id);
  if (it == pending_.end() || !it->second.waiting.empty() || !it->second.held.empty() ||
      it->second.window_open)
    return;
  Pending done = std::move(it->second);
  pending_.erase(it);
  host_.actor_context().withdraw(done.grant_timer);
  host_.actor_context().withdraw(done.resend_timer);
  host_.actor_context().withdraw(done.window_timer);
  done.then(true, "", done.policy);
}

void SmGateway::decide(const std::string& event_id, bool proceed, const std::string& reason) {
  auto it = pending_.find(event_id);
  if (it == pending_.end()) return;
  Pending done = std::move(it->second);
  pending_.erase(it);
  host_.actor_context().withdraw(done.grant_timer);
  host_.actor_context().withdraw(done.resend_timer);
  host_.actor_context().withdraw(done.window_timer);
  done.then(proceed, reason, done.policy);
}

void SmGateway::on_grant_response(const ChannelMessage& from, const m::SmLcmGrantResponse& r) {
  const SmBindingState* b =
      binding(from, r.instance, m::SmLcmGrantResponse::kOperation, r.grant_id);
  if (b == nullptr) return;
  auto grant = grants_.find(r.grant_id);
  auto pending = grant == grants_.end() ? pending_.end() : pending_.find(grant->second);
  TraceDetail detail;
  detail.add(dk::kSm, b->sm).add(dk::kGrantId, r.grant_id).add(dk::kDecision, r.decision);
  if (pending == pending_.end() || pending->second.waiting.count(b->sm) == 0) {
    trace({.operation = decisions::kSmGrantDecision,
           .outcome = outcomes::kIgnored,
           .peer = b->sm,
           .reference_point = reference_point_,
           .detail = detail.add(dk::kReason, "no grant of this SM is pending")});
    return;
  }
  Pending& p = pending->second;
  std::string reason;
  if (!authorize(*b, m::SmLcmGrantResponse::kOperation, "", p.vnf.domain, p.vnf.vnf, reason))
    return;
  detail.add(dk::kEventId, p.event_id)
      .add(dk::kVnf, p.vnf.vnf)
      .add(dk::kOperation, p.event.operation.value_or(""))
      .add(dk::kWaited, sim::format_duration(host_.actor_context().now() - p.started));
  const bool package_failed = r.package_verdict && *r.package_verdict == sm::kIntegrityFailed;
  const bool approve = !package_failed && (r.decision == sm::kDecisionApprove ||
                                           r.decision == sm::kDecisionApproveWithPolicy);
  if (!approve) {
    const std::string why =
        package_failed ? "package integrity failed" : r.reason.value_or(r.decision);
    if (overrulable(b->sm, p.vnf.domain)) {
      // D4: a master may still overrule this rejection; it stands at the grant deadline.
      trace({.operation = decisions::kSmGrantDecision,
             .outcome = outcomes::kHeld,
             .peer = b->sm,
             .reference_point = reference_point_,
             .detail = detail.add(dk::kReason, why)});
      audit(b->sm, p.vnf.domain, decisions::kSmGrantDecision, "rejected (held) " + p.event_id);
      p.held[b->sm] = why;
      p.waiting.erase(b->sm);
      if (p.waiting.empty() && !p.grant_timer.valid()) reject_held(p.event_id);
      return;
    }
    trace({.operation = decisions::kSmGrantDecision,
           .outcome = outcomes::kRejected,
           .peer = b->sm,
           .reference_point = reference_point_,
           .detail = detail.add(dk::kReason, why)});
    audit(b->sm, p.vnf.domain, decisions::kSmGrantDecision, "rejected " + p.event_id);
    return decide(p.event_id, false, "security manager rejected: " + why);
  }
  trace({.operation = decisions::kSmGrantDecision,
         .outcome = outcomes::kApproved,
         .peer = b->sm,
         .reference_point = reference_point_,
         .detail = detail});
  audit(b->sm, p.vnf.domain, decisions::kSmGrantDecision, "approved " + p.event_id);
  if (r.decision == sm::kDecisionApproveWithPolicy && r.policy) {
    trace({.operation = decisions::kSecurityPolicyApplied,
           .outcome = outcomes::kApplied,
           .peer = b->sm,
           .reference_point = reference_point_,
           .detail = TraceDetail()
                         .add(dk::kSm, b->sm)
                         .add(dk::kInstruction, r.grant_id)
                         .add(dk::kVnf, p.vnf.vnf)
                         .add(dk::kPolicy, r.policy->policy_id)
                         .add(dk::kPolicyDigest, policy_digest(*r.policy))
                         .add(dk::kEventId, p.event_id)});
    p.policy = r.policy;
  }
  p.waiting.erase(b->sm);
  maybe_proceed(p.event_id);
}

void SmGateway::objection(const SmBindingState& b, const std::string& event_id,
                          const std::string& reason) {
  auto pending = pending_.find(event_id);
  const bool inside =
      pending != pending_.end() && pending->second.window_open && !faults_.ignore_objections;
  TraceDetail detail;
  detail.add(dk::kSm, b.sm).add(dk::kEventId, event_id).add(dk::kReason, reason);
  trace({.operation = decisions::kSmObjection,
         .outcome = inside ? outcomes::kAccepted : outcomes::kLate,
         .peer = b.sm,
         .reference_point = reference_point_,
         .detail = detail});
  auto known = events_.find(event_id);
  if (known != events_.end())
    audit(b.sm, known->second.domain, decisions::kSmObjection,
          std::string(inside ? "accepted " : "late ") + event_id);
  if (!inside) return;
  Pending& p = pending->second;
  trace({.operation = decisions::kSmObjectionWindow,
         .outcome = outcomes::kObjected,
         .peer = b.sm,
         .reference_point = reference_point_,
         .detail =
             TraceDetail()
                 .add(dk::kEventId, event_id)
                 .add(dk::kVnf, p.vnf.vnf)
                 .add(dk::kOperation, p.event.operation.value_or(""))
                 .add(dk::kWaited, sim::format_duration(host_.actor_context().now() - p.started))
                 .add(dk::kSm, b.sm)
                 .add(dk::kReason, reason)});
  decide(event_id, false, "security manager objected: " + reason);
}

void SmGateway::on_objection(const ChannelMessage& from, const m::SmLcmObjection& r) {
  const SmBindingState* b = binding(from, r.instance, m::SmLcmObjection::kOperation, r.event_id);
  if (b == nullptr) return;
  auto known = events_.find(r.event_id);
  std::string reason;
  if (!authorize(*b, m::SmLcmObjection::kOperation, "",
                 known == events_.end() ? std::string() : known->second.domain,
                 known == events_.end() ? std::string() : known->second.vnf, reason))
    return;
  objection(*b, r.event_id, r.reason);
}

void SmGateway::on_package_confirmation(const ChannelMessage& from,
                                        const m::SmPackageIntegrityConfirmation& r) {
  const SmBindingState* b =
      binding(from, r.instance, m::SmPackageIntegrityConfirmation::kOperation, r.event_id);
  if (b == nullptr) return;
  auto known = events_.find(r.event_id);
  std::string reason;
  if (!authorize(*b, m::SmPackageIntegrityConfirmation::kOperation, "",
                 known == events_.end() ? std::string() : known->second.domain,
                 known == events_.end() ? std::string() : known->second.vnf, reason))
    return;
  trace({.operation = decisions::kPackageIntegrityCheck,
         .outcome = r.verdict == sm::kIntegrityVerified ? outcomes::kVerified : outcomes::kFailed,
         .peer = b->sm,
         .reference_point = reference_point_,
         .detail = TraceDetail()
                       .add(dk::kSm, b->sm)
                       .add(dk::kEventId, r.event_id)
                       .add(dk::kPackage, r.vnf_package_id)
                       .add(dk::kStage, "sm-confirmation")});
  // A Semi-Active SM's `failed` inside the window is an objection (R2.1.250).
  if (r.verdict == sm::kIntegrityFailed)
    objection(*b, r.event_id, "package integrity failed: " + r.reason.value_or("no reason"));
}

void SmGateway::on_audit_export(const ChannelMessage& from, const m::SmAuditLogExportRequest& r) {
  const SmBindingState* b =
      binding(from, r.instance, m::SmAuditLogExportRequest::kOperation, r.request_id);
  if (b == nullptr) return;
  m::SmAuditLogExportResponse answer;
  answer.instance = r.instance;
  answer.request_id = r.request_id;
  std::string reason;
  if (!authorize(*b, m::SmAuditLogExportRequest::kOperation, "", r.domain, "", reason)) {
    answer.status = sm::kStatusRefused;
    answer.reason = reason;
    trace({.operation = decisions::kSmAuditExport,
           .outcome = outcomes::kRejected,
           .peer = b->sm,
           .reference_point = reference_point_,
           .detail = TraceDetail()
                         .add(dk::kSm, b->sm)
                         .add(dk::kDomain, r.domain)
                         .add(dk::kReason, reason)});
    return reply(from, m::to_envelope(answer));
  }
  const sim::Time from_time =
      sim::Time::zero() + sim::parse_duration(r.from).value_or(sim::Duration::seconds(0));
  const sim::Time to_time =
      r.to.empty() ? sim::Time::max()
                   : sim::Time::zero() + sim::parse_duration(r.to).value_or(sim::Duration::max());
  for (const auto& record : audit_.export_range({b->sm, r.domain}, from_time, to_time)) {
    m::SmAuditRecord out;
    out.seq = static_cast<long long>(record.seq);
    out.time_us = record.time_us;
    out.block = record.block;
    out.sm = record.sm;
    out.domain = record.domain;
    out.event = record.event;
    out.detail = record.detail;
    out.prev_hash = record.prev_hash;
    out.mac = record.mac;
    answer.records.push_back(std::move(out));
  }
  answer.status = sm::kStatusOk;
  trace({.operation = decisions::kSmAuditExport,
         .outcome = outcomes::kAnswered,
         .peer = b->sm,
         .reference_point = reference_point_,
         .detail = TraceDetail()
                       .add(dk::kSm, b->sm)
                       .add(dk::kDomain, r.domain)
                       .add(dk::kRecords, static_cast<long long>(answer.records.size()))});
  reply(from, m::to_envelope(answer));
}

bool SmGateway::set_mode(const std::string& sm, const std::string& domain, const std::string& mode,
                         std::string& reason) {
  if (!set_one_mode(sm, domain, mode, reason)) return false;
  // The fault: the mode kept per domain, so every other SM bound there gets it too.
  if (faults_.mode_per_domain)
    for (const auto& [other, b] : bindings_)
      if (other != sm && b.grants.count(domain) != 0) {
        std::string ignored;
        set_one_mode(other, domain, mode, ignored);
      }
  return true;
}

bool SmGateway::set_one_mode(const std::string& sm, const std::string& domain,
                             const std::string& mode, std::string& reason) {
  const std::optional<std::string> value =
      mode == "none" ? std::nullopt : std::optional<std::string>(mode);
  if (!table_.set_mode(sm, domain, value)) {
    reason = "unknown SM or mode";
    return false;
  }
  auto b = bindings_.find(sm);
  TraceDetail detail;
  detail.add(dk::kSm, sm).add(dk::kDomain, domain).add(dk::kMode, mode);
  if (b != bindings_.end()) {
    if (value && faults_.replace_grants)
      b->second.grants = {{domain, *value}};  // the fault: the other domains' grants dropped
    else if (value)
      b->second.grants[domain] = *value;
    else
      b->second.grants.erase(domain);
    reindex(sm);
    detail.add(dk::kInstance, b->second.instance)
        .add(dk::kGrants, sm::grants_text(b->second.grants));
  }
  trace({.operation = decisions::kSmBinding,
         .outcome = outcomes::kChanged,
         .peer = sm,
         .reference_point = reference_point_,
         .detail = detail.add(dk::kReason, "mode in " + domain + " set to " + mode)});
  audit(sm, domain, decisions::kSmBinding, "changed mode " + mode);
  if (b != bindings_.end()) {
    m::SmBindingChanged changed;
    changed.instance = b->second.instance;
    for (const auto& [d, md] : b->second.grants) changed.grants.push_back({d, md});
    changed.reason = "mode in " + domain + " set to " + mode;
    send_to(sm, m::to_envelope(changed));
  }
  return true;
}

// ---- Hierarchies (D4, D7): held rejections and a master's overrule ----

void SmGateway::reject_held(const std::string& event_id) {
  auto it = pending_.find(event_id);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  std::string why;
  for (const auto& [sm, reason] : p.held) {
    why += (why.empty() ? "" : "; ") + reason;
    trace({.operation = decisions::kSmGrantDecision,
           .outcome = outcomes::kRejected,
           .peer = sm,
           .reference_point = reference_point_,
           .detail =
               TraceDetail()
                   .add(dk::kSm, sm)
                   .add(dk::kGrantId, p.grant_ids[sm])
                   .add(dk::kEventId, event_id)
                   .add(dk::kVnf, p.vnf.vnf)
                   .add(dk::kOperation, p.event.operation.value_or(""))
                   .add(dk::kWaited, sim::format_duration(host_.actor_context().now() - p.started))
                   .add(dk::kReason, reason)});
    audit(sm, p.vnf.domain, decisions::kSmGrantDecision, "rejected " + event_id);
  }
  decide(event_id, false, "security manager rejected: " + why);
}

void SmGateway::on_overrule(const ChannelMessage& from, const m::SmOverruleRequest& r) {
  const SmBindingState* b =
      binding(from, r.instance, m::SmOverruleRequest::kOperation, r.request_id);
  if (b == nullptr) return;
  m::SmOverruleResponse answer;
  answer.instance = r.instance;
  answer.request_id = r.request_id;
  TraceDetail detail;
  detail.add(dk::kSm, b->sm)
      .add(dk::kRequest, r.request_id)
      .add(dk::kOverruleTarget, r.target)
      .add(dk::kAction, r.action);
  if (r.decision) detail.add(dk::kDecision, *r.decision);
  auto refused = [&](const std::string& reason) {
    trace({.operation = decisions::kSmOverrule,
           .outcome = outcomes::kRefused,
           .peer = b->sm,
           .reference_point = reference_point_,
           .detail = detail.add(dk::kReason, reason)});
    answer.status = sm::kStatusRefused;
    answer.reason = reason;
    reply(from, m::to_envelope(answer));
  };
  // The target: a grant id or the event id of an operation held here.
  auto grant = grants_.find(r.target);
  const std::string event_id = grant == grants_.end() ? r.target : grant->second;
  auto pending = pending_.find(event_id);
  // Not pending and not in the SM's authority get one answer: nothing about the target leaks.
  if (pending == pending_.end()) return refused("unknown or no longer pending target");
  Pending& p = pending->second;
  std::string reason;
  if (!authorize(*b, m::SmOverruleRequest::kOperation, r.action, p.vnf.domain, p.vnf.vnf, reason))
    return refused("unknown or no longer pending target");
  const bool approve =
      r.action == sm::kOverruleReplace && r.decision &&
      (*r.decision == sm::kDecisionApprove || *r.decision == sm::kDecisionApproveWithPolicy);
  const bool stop =
      r.action == sm::kOverruleCancel ||
      (r.action == sm::kOverruleReplace && r.decision && *r.decision == sm::kDecisionReject);
  if (!approve && !stop)
    return refused("action must be cancel, or replace with decision approve or reject");
  // The decisions overruled: those of the master's descendants asked for this grant.
  const auto below = table_.model().descendants(b->sm);
  std::vector<std::string> subs;
  for (const auto& [sm, grant_id] : p.grant_ids)
    if (contains(below, sm)) subs.push_back(sm);
  if (subs.empty() && !faults_.hierarchy_everywhere)
    return refused("no decision of a subordinate SM is pending for the target");
  std::string overruled;
  for (const auto& sm : subs) overruled += (overruled.empty() ? "" : ",") + sm;
  detail.add(dk::kEventId, event_id)
      .add(dk::kVnf, p.vnf.vnf)
      .add(dk::kDomain, p.vnf.domain)
      .add(dk::kOperation, p.event.operation.value_or(""))
      .add(dk::kOverruled, overruled);
  trace({.operation = decisions::kSmOverrule,
         .outcome = outcomes::kApplied,
         .peer = b->sm,
         .reference_point = reference_point_,
         .detail = detail});
  audit(b->sm, p.vnf.domain, decisions::kSmOverrule, r.action + " " + event_id);
  answer.status = sm::kStatusApplied;
  reply(from, m::to_envelope(answer));
  if (faults_.ignore_overrule) return;  // the fault: answered, the decision left as it was
  if (stop) return decide(event_id, false, "overruled by a master security manager");
  for (const auto& sm : subs) {
    p.waiting.erase(sm);
    p.held.erase(sm);
  }
  maybe_proceed(event_id);
}

}  // namespace ifa026::actors
