// The Security Manager's binding to its MANO blocks (see sm_extension.hpp): once its certificate
// is installed it sends SmBindRequest to each block over mutual TLS, resent with back-off until
// answered (SmBind requested / bound / refused), subscribes with its filter once bound, and
// follows MANO's changes of its grants. Also the pieces every part of the SM shares: request ids,
// reference points, what it learns from what it receives, and its message handlers.
#include <algorithm>
#include <utility>

#include "actors/common/audit_verification.hpp"
#include "actors/common/pki_clock.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/operation_error.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace m = messages;

namespace {

constexpr const char* kBindTimer = "SmBindTimeout";

// "td-a:fully_active,td-b:passive", domains sorted.
std::string binding_grants_text(std::vector<m::SmGrant> grants) {
  std::sort(grants.begin(), grants.end(),
            [](const m::SmGrant& a, const m::SmGrant& b) { return a.domain < b.domain; });
  std::string text;
  for (const auto& g : grants) text += (text.empty() ? "" : ",") + g.domain + ":" + g.mode;
  return text;
}

}  // namespace

SmExtension::SmExtension(ManoEntityHost& host, const sim::ActorSpec& spec)
    : host_(host),
      settings_(read_sm_settings(spec.params,
                                 pki_instant(host.actor_context().epoch(), sim::Time::zero()))),
      binds_(host.actor_context(), kBindTimer),
      audit_keeping_(host, audit_, audit_key_settings(spec.params)) {
  for (const auto& [block, rp] : settings_.blocks)
    state_.bindings[block] = SmBlockBinding{.block = block, .reference_point = rp};
  monitoring_ = read_sm_monitoring_settings(spec.params);
  register_handlers();
  start_telemetry(spec.params);  // issue 16
  audit_keeping_.serve(host_.request_handlers());
}

void SmExtension::on_start() {
  start_monitoring();
  if (host_.can_authenticate()) start_binding();
}

void SmExtension::on_certificate_changed() {
  if (host_.can_authenticate()) start_binding();
}

std::string SmExtension::next_request_id() {
  return name() + "-req-" + std::to_string(next_request_++);
}

std::string SmExtension::reference_point_of(const std::string& block) const {
  auto it = state_.bindings.find(block);
  return it == state_.bindings.end() ? std::string() : it->second.reference_point;
}

std::string SmExtension::instance_with(const std::string& block) const {
  auto it = state_.bindings.find(block);
  if (it == state_.bindings.end() || it->second.status != kStatusBound) return "";
  return it->second.instance;
}

void SmExtension::learn(const std::string& identifier) {
  if (!identifier.empty()) state_.identifiers.insert(identifier);
}

void SmExtension::learn_peer(const ChannelMessage& message) {
  if (!message.peer.certificate) return;
  learn(message.peer.certificate->subject().to_string());
  learn(message.peer.certificate->serial_hex());
}

void SmExtension::learn_status(const m::SmVnfStatus& v) {
  for (const auto* id : {&v.vnf_instance_id, &v.oss_app_id, &v.vnfd_id, &v.ns_id}) learn(*id);
}

void SmExtension::learn_event(const m::SmLcmEvent& e) {
  learn(e.event_id);
  learn(e.oss_app_id);
  for (const auto* id : {&e.vnf_instance_id, &e.ns_id, &e.vnf_package_id, &e.vnfd_id,
                         &e.requestor_ref, &e.group_ref})
    if (*id) learn(**id);
  for (const auto* list : {&e.connectivity, &e.added, &e.removed})
    if (*list)
      for (const auto& id : **list) learn(id);
  if (e.hosts)
    for (const auto& h : *e.hosts) learn(h.host_id);
  if (e.source_sm) learn(*e.source_sm);  // D3: only an SM's own or its descendants' name
}

// ---- handlers ----

void SmExtension::register_handlers() {
  register_peer_handlers();
  register_sf_handlers();
  register_snsd_handlers();
  auto& h = host_.request_handlers();
  h.on<m::SmBindResponse>([this](const m::SmBindResponse& r, const ChannelMessage& from) {
    on_bind_response(from, r);
  });
  h.on<m::SmBindingChanged>([this](const m::SmBindingChanged& c, const ChannelMessage& from) {
    on_binding_changed(from, c);
  });
  h.on<m::SmLcmSubscriptionResponse>(
      [this](const m::SmLcmSubscriptionResponse& r, const ChannelMessage& from) {
        on_subscription(from, r);
      });
  h.on<m::SmLcmEventNotification>([this](const m::SmLcmEventNotification& n,
                                         const ChannelMessage& from) { on_notification(from, n); });
  h.on<m::SmLcmGrantRequest>([this](const m::SmLcmGrantRequest& g, const ChannelMessage& from) {
    on_grant_request(from, g);
  });
  h.on<m::SmSecurityPolicyAck>([this](const m::SmSecurityPolicyAck& a, const ChannelMessage& from) {
    learn_peer(from);
    learn(a.instance);
    answered(from, a.instruction_id, a.status, a.reason);
  });
  // Terminations and host retirements: an outcome per VNF.
  auto item_results = [this](const auto& r, const ChannelMessage& from) {
    learn_peer(from);
    learn(r.instance);
    for (const auto& item : r.results) learn(item.vnf_instance_id);
    answered(from, r.request_id, r.status, r.reason);
  };
  h.on<m::SmTerminateVnfResponse>(item_results);
  h.on<m::SmOverruleResponse>([this](const m::SmOverruleResponse& r, const ChannelMessage& from) {
    learn_peer(from);
    learn(r.instance);
    answered(from, r.request_id, r.status, r.reason);
  });
  h.on<m::SmHostRetirementResponse>(item_results);
  h.on<m::SmNetworkStatusResponse>(
      [this](const m::SmNetworkStatusResponse& r, const ChannelMessage& from) {
        learn_peer(from);
        learn(r.instance);
        for (const auto& v : r.vnfs) learn_status(v);
        state_.last_status = r;
        answered(from, r.request_id, r.status, r.reason);
      });
  h.on<m::SmLcmHistoryResponse>(
      [this](const m::SmLcmHistoryResponse& r, const ChannelMessage& from) {
        learn_peer(from);
        learn(r.instance);
        for (const auto& v : r.vnfs) {
          learn(v.vnf_instance_id);
          learn(v.oss_app_id);
          for (const auto& e : v.events) learn_event(e);
        }
        state_.last_history = r;
        answered(from, r.request_id, r.status, r.reason);
      });
  h.on<m::SmContextResponse>([this](const m::SmContextResponse& r, const ChannelMessage& from) {
    learn_peer(from);
    learn(r.instance);
    if (r.ns_id) learn(*r.ns_id);
    for (const auto& v : r.vnfs) learn_status(v);
    for (const auto& e : r.events) learn_event(e);
    state_.last_context = r;
    answered(from, r.request_id, r.status, r.reason);
  });
  h.on<m::SmAuditLogExportResponse>(
      [this](const m::SmAuditLogExportResponse& r, const ChannelMessage& from) {
        learn_peer(from);
        learn(r.instance);
        for (const auto& record : r.records) {
          learn(record.block);
          learn(record.sm);
          learn(record.domain);
        }
        state_.exported_audit = r.records;
        if (!r.records.empty()) verify_export(from, r);
        answered(from, r.request_id, r.status, r.reason);
      });
  h.on<m::SmSecurityFunctionResponse>(
      [this](const m::SmSecurityFunctionResponse& r, const ChannelMessage& from) {
        learn_peer(from);
        learn(r.instance);
        if (r.vsf_instance_id) learn(*r.vsf_instance_id);
        scale_vsf_answered(r);
        answered(from, r.request_id, r.status, r.reason);
      });
  h.on<m::SmRequestRefused>(
      [this](const m::SmRequestRefused& r, const ChannelMessage& from) { on_refused(from, r); });
  // A block that does not serve an SM operation answers "<operation>Error" (OperationError).
  for (const char* op :
       {operations::kSmBindRequest, operations::kSmLcmSubscriptionRequest,
        operations::kSmLcmGrantResponse, operations::kSmLcmObjection,
        operations::kSmPackageIntegrityConfirmation, operations::kSmSecurityPolicyInstruction,
        operations::kSmTerminateVnfRequest, operations::kSmHostRetirementRequest,
        operations::kSmNetworkStatusQuery, operations::kSmLcmHistoryQuery,
        operations::kSmContextQuery, operations::kSmAuditLogExportRequest,
        operations::kSmSecurityFunctionRequest, operations::kSecurityAssociationRequest,
        operations::kSmServiceRequest}) {
    const std::string error = m::error_operation(op);
    error_ops_[error] = op;
    h.on<m::OperationError>(error,
                            [this, error](const m::OperationError& e, const ChannelMessage& from) {
                              on_error(from, error_ops_.at(error), e.reason);
                            });
  }
}

// ---- binding ----

void SmExtension::trace_bind(const std::string& outcome, const SmBlockBinding& binding) {
  TraceDetail detail;
  detail.add(dk::kBlock, binding.block);
  if (!binding.instance.empty()) detail.add(dk::kInstance, binding.instance);
  if (!binding.grants.empty()) detail.add(dk::kGrants, binding_grants_text(binding.grants));
  if (!binding.reason.empty()) detail.add(dk::kReason, binding.reason);
  host_.tracer()({.operation = decisions::kSmBind,
                  .outcome = outcome,
                  .peer = binding.block,
                  .reference_point = binding.reference_point,
                  .detail = detail});
}

void SmExtension::start_binding() {
  for (const auto& [block, rp] : settings_.blocks) {
    SmBlockBinding& binding = state_.bindings[block];
    // Bound or on its way: a renewed certificate keeps the binding (MANO knows the SM by name).
    if (binding.status == kStatusBound || bind_requests_.count(block) > 0) continue;
    const std::string request_id = next_request_id();
    bind_requests_[block] = request_id;
    binding.status = outcomes::kRequested;
    binding.reason.clear();
    const std::uint64_t id = binds_.start(
        block, settings_.bind_retry,
        [this](std::uint64_t tracker_id, const std::string& b, int attempt) {
          send_bind(tracker_id, b, attempt);
        },
        [this](std::uint64_t, std::string b) {
          SmBlockBinding& given_up = state_.bindings[b];
          given_up.status = kStatusRefused;
          given_up.reason = "no answer to the bind request";
          bind_requests_.erase(b);
          trace_bind(kStatusRefused, given_up);
        });
    bind_ids_[request_id] = id;
  }
}

void SmExtension::send_bind(std::uint64_t /*id*/, const std::string& block, int attempt) {
  SmBlockBinding& binding = state_.bindings[block];
  if (attempt > 0) binding.reason = "attempt " + std::to_string(attempt + 1);
  trace_bind(outcomes::kRequested, binding);
  send(block, m::SmBindRequest{
                  .request_id = bind_requests_[block], .sm = name(), .domains = settings_.domains});
}

void SmExtension::on_bind_response(const ChannelMessage& from, const m::SmBindResponse& r) {
  learn_peer(from);
  learn(r.request_id);
  learn(r.instance);
  auto id = bind_ids_.find(r.request_id);
  auto it = state_.bindings.find(from.peer.name);
  if (id == bind_ids_.end() || it == state_.bindings.end() ||
      bind_requests_[from.peer.name] != r.request_id ||
      binds_.reply(id->second).match != ReplyMatch::answer) {
    host_.tracer()({.operation = decisions::kSmBind,
                    .outcome = outcomes::kIgnored,
                    .peer = from.peer.name,
                    .reference_point = from.reference_point,
                    .detail = TraceDetail()
                                  .add(dk::kBlock, from.peer.name)
                                  .add(dk::kRequest, r.request_id)
                                  .add(dk::kReason, "answers no open bind request")});
    return;
  }
  bind_ids_.erase(id);
  bind_requests_.erase(from.peer.name);
  SmBlockBinding& binding = it->second;
  binding.grants = r.grants;
  if (r.status == kStatusBound) {
    binding.status = kStatusBound;
    binding.instance = r.instance;
    binding.reason.clear();
    trace_bind(kStatusBound, binding);
    subscribe(binding.block);
  } else {
    binding.status = kStatusRefused;
    binding.reason = r.reason.value_or(r.status);
    trace_bind(kStatusRefused, binding);
  }
}

void SmExtension::on_bind_error(const ChannelMessage& from, const std::string& reason) {
  auto it = state_.bindings.find(from.peer.name);
  auto request = bind_requests_.find(from.peer.name);
  if (it == state_.bindings.end() || request == bind_requests_.end()) return;
  if (auto id = bind_ids_.find(request->second); id != bind_ids_.end()) {
    binds_.cancel(id->second);
    bind_ids_.erase(id);
  }
  bind_requests_.erase(request);
  it->second.status = kStatusRefused;
  it->second.reason = reason;
  trace_bind(kStatusRefused, it->second);
}

void SmExtension::on_binding_changed(const ChannelMessage& from, const m::SmBindingChanged& c) {
  learn_peer(from);
  learn(c.instance);
  auto it = state_.bindings.find(from.peer.name);
  if (it == state_.bindings.end() || it->second.instance != c.instance) {
    host_.tracer()({.operation = decisions::kSmBind,
                    .outcome = outcomes::kIgnored,
                    .peer = from.peer.name,
                    .reference_point = from.reference_point,
                    .detail = TraceDetail()
                                  .add(dk::kBlock, from.peer.name)
                                  .add(dk::kInstance, c.instance)
                                  .add(dk::kReason, "not this SM's instance with the block")});
    return;
  }
  it->second.grants = c.grants;
  it->second.reason = c.reason;
  trace_bind(outcomes::kChanged, it->second);
}

void SmExtension::subscribe(const std::string& block) {
  const std::string request_id = next_request_id();
  sent(request_id, operations::kSmLcmSubscriptionRequest, block);
  send(block,
       m::SmLcmSubscriptionRequest{
           .request_id = request_id, .instance = instance_with(block), .filter = settings_.filter});
}

void SmExtension::on_subscription(const ChannelMessage& from,
                                  const m::SmLcmSubscriptionResponse& r) {
  learn_peer(from);
  if (r.subscription) {
    learn(*r.subscription);
    auto it = state_.bindings.find(from.peer.name);
    if (it != state_.bindings.end() && r.status == kStatusSubscribed)
      it->second.subscription = *r.subscription;
  }
  answered(from, r.request_id, r.status, r.reason);
}

void SmExtension::verify_export(const ChannelMessage& from,
                                const messages::SmAuditLogExportResponse& answer) {
  std::vector<AuditRecord> records;
  for (const auto& r : answer.records)
    records.push_back({static_cast<std::uint64_t>(r.seq), r.time_us, r.block, r.sm, r.domain,
                       r.event, r.detail, r.prev_hash, r.mac});
  const AuditVerification verdict = verify_audit_chain(records, std::nullopt);
  TraceDetail detail;
  detail.add(dk::kBlock, from.peer.name)
      .add(dk::kRequest, answer.request_id)
      .add(dk::kRecords, static_cast<long long>(records.size()));
  if (verdict.first_broken_seq)
    detail.add(dk::kSeq, static_cast<long long>(*verdict.first_broken_seq))
        .add(dk::kReason, verdict.reason);
  host_.tracer()({.operation = decisions::kSmAuditVerification,
                  .outcome = verdict.ok ? outcomes::kIntact : outcomes::kBroken,
                  .peer = from.peer.name,
                  .detail = detail});
}

}  // namespace ifa026::actors::sm
