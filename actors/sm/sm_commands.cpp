// The Security Manager's workload requests and their answers (see sm_extension.hpp): each command
// sends its message with a fresh request id "<sm>-req-N" on the SM's instance with the block
// (SmRequest sent); the answer records SmRequest answered or refused with its status and reason,
// and the last status, history, context and audit export are kept for the checks. A command whose
// arguments make no request (an unknown kind, bad options, no binding) records SmRequest refused
// and sends nothing.
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace m = messages;

namespace {

// The statuses that answer a request positively.
bool positive(const std::string& status) {
  for (const char* ok : {kStatusBound, kStatusAccepted, kStatusPartial, kStatusApplied,
                         kStatusSubscribed, kStatusOk, kStatusCompleted, outcomes::kEstablished})
    if (status == ok) return true;
  return false;
}

// "12.500s" of a simulated-time duration argument (absent: `fallback`).
std::string time_arg(const nlohmann::json& args, const std::string& name,
                     const std::string& fallback) {
  auto it = args.find(name);
  if (it == args.end() || !it->is_string()) return fallback;
  return sim::format_duration(duration_param(args, name, sim::Duration()));
}

}  // namespace

bool SmExtension::on_command(const sim::Command& command) {
  const std::string& c = command.name;
  if (c == "terminate_vnf") return terminate_command(command), true;
  if (c == "retire_host") return retire_host_command(command), true;
  if (c == "policy_instruction") return policy_command(command), true;
  if (c == "query_status") return query_status_command(command), true;
  if (c == "query_history") return query_history_command(command), true;
  if (c == "query_context") return query_context_command(command), true;
  if (c == "export_audit") return export_audit_command(command), true;
  if (c == "security_function") return security_function_command(command), true;
  if (c == "overrule") return overrule_command(command), true;
  if (c == "service_request") return service_request_command(command), true;
  if (c == "associate") return associate_command(command), true;
  if (c == "compromise") return compromise_command(command), true;
  if (c == "tamper_store" || c == "verify_store") return telemetry_command(command), true;
  if (sf_command(command)) return true;
  if (c == "monitor") return monitor_command(command), true;
  if (c == "monitoring") return monitoring_switch_command(command), true;
  if (c == "design_snsd") return design_snsd_command(command), true;
  return false;
}

void SmExtension::on_channel_failure(const std::string& peer, ChannelKind /*kind*/,
                                     const std::string& failure,
                                     const std::vector<Envelope>& dropped) {
  // Bind requests are resent by their timer; other requests that went down with the session fail.
  (void)dropped;
  for (auto& [id, request] : state_.requests) {
    if (request.block != peer || request.state != outcomes::kSent) continue;
    request.state = kStatusRefused;
    request.reason = "channel failed: " + failure;
    host_.tracer()({.operation = decisions::kSmRequest,
                    .outcome = kStatusRefused,
                    .peer = peer,
                    .reference_point = reference_point_of(peer),
                    .detail = TraceDetail()
                                  .add(dk::kSmOperation, request.operation)
                                  .add(dk::kRequest, id)
                                  .add(dk::kReason, request.reason)});
  }
}

// ---- requests ----

bool SmExtension::address(const sim::Command& command, const std::string& operation,
                          const std::string& fallback, std::string& block, std::string& instance) {
  block = string_param(command.args, "block", fallback);
  if (block.empty()) {
    refuse_command(operation, block, "no MANO block to ask (argument block)");
    return false;
  }
  if (state_.bindings.count(block) == 0) {
    refuse_command(operation, block, block + " is none of this SM's blocks (nfvo, vnfm, vim)");
    return false;
  }
  instance = string_param(command.args, "instance", instance_with(block));
  if (instance.empty()) {
    refuse_command(operation, block, "not bound to " + block);
    return false;
  }
  return true;
}

void SmExtension::refuse_command(const std::string& operation, const std::string& block,
                                 const std::string& reason) {
  host_.tracer()(
      {.operation = decisions::kSmRequest,
       .outcome = kStatusRefused,
       .peer = block,
       .reference_point = reference_point_of(block),
       .detail =
           TraceDetail().add(dk::kSmOperation, operation).add(dk::kReason, "not sent: " + reason)});
}

void SmExtension::sent(const std::string& request_id, const std::string& operation,
                       const std::string& block) {
  state_.requests[request_id] = SmSentRequest{
      .request_id = request_id, .operation = operation, .block = block, .state = outcomes::kSent};
  host_.tracer()(
      {.operation = decisions::kSmRequest,
       .outcome = outcomes::kSent,
       .peer = block,
       .reference_point = reference_point_of(block),
       .detail = TraceDetail().add(dk::kSmOperation, operation).add(dk::kRequest, request_id)});
}

void SmExtension::answered(const ChannelMessage& from, const std::string& request_id,
                           const std::string& status, const std::optional<std::string>& reason) {
  learn(request_id);
  auto it = state_.requests.find(request_id);
  if (it == state_.requests.end() || it->second.block != from.peer.name ||
      it->second.state != outcomes::kSent) {
    host_.tracer()({.operation = decisions::kSmRequest,
                    .outcome = outcomes::kIgnored,
                    .peer = from.peer.name,
                    .reference_point = from.reference_point,
                    .detail = TraceDetail()
                                  .add(dk::kSmOperation, from.envelope.operation)
                                  .add(dk::kRequest, request_id)
                                  .add(dk::kReason, "answers no open request")});
    return;
  }
  SmSentRequest& request = it->second;
  request.state = positive(status) ? outcomes::kAnswered : kStatusRefused;
  request.status = status;
  request.reason = reason.value_or("");
  TraceDetail detail;
  detail.add(dk::kSmOperation, request.operation).add(dk::kRequest, request_id);
  detail.add(dk::kStatus, status);
  if (reason) detail.add(dk::kReason, *reason);
  host_.tracer()({.operation = decisions::kSmRequest,
                  .outcome = request.state,
                  .peer = from.peer.name,
                  .reference_point = from.reference_point,
                  .detail = detail});
}

void SmExtension::on_refused(const ChannelMessage& from, const m::SmRequestRefused& r) {
  learn_peer(from);
  learn(r.instance);
  learn(r.request_id);
  if (auto bind = bind_ids_.find(r.request_id); bind != bind_ids_.end())
    return on_bind_error(from, r.reason);
  if (state_.requests.count(r.request_id) > 0)
    return answered(from, r.request_id, kStatusRefused, r.reason);
  // A refusal of a message that carries no request id (an objection, a grant response).
  host_.tracer()({.operation = decisions::kSmRequest,
                  .outcome = kStatusRefused,
                  .peer = from.peer.name,
                  .reference_point = from.reference_point,
                  .detail = TraceDetail()
                                .add(dk::kSmOperation, r.operation)
                                .add(dk::kRequest, r.request_id)
                                .add(dk::kReason, r.reason)});
}

void SmExtension::on_error(const ChannelMessage& from, const std::string& operation,
                           const std::string& reason) {
  learn_peer(from);
  if (operation == operations::kSmBindRequest) return on_bind_error(from, reason);
  // The error answer does not name the request: the oldest one open of that operation.
  for (auto& [id, request] : state_.requests)
    if (request.block == from.peer.name && request.operation == operation &&
        request.state == outcomes::kSent)
      return answered(from, id, kStatusRefused, reason);
  host_.tracer()(
      {.operation = decisions::kSmRequest,
       .outcome = kStatusRefused,
       .peer = from.peer.name,
       .reference_point = from.reference_point,
       .detail = TraceDetail().add(dk::kSmOperation, operation).add(dk::kReason, reason)});
}

// ---- the commands ----

void SmExtension::terminate_command(const sim::Command& command) {
  const std::string op = operations::kSmTerminateVnfRequest;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  const std::string kind = string_param(command.args, "kind", kKindRequest);
  if (kind != kKindRequest && kind != kKindInstruction)
    return refuse_command(op, block, "kind must be request or instruction");
  m::SmTerminationOptions options;
  if (auto it = command.args.find("options"); it != command.args.end()) {
    std::vector<sim::Diagnostic> problems;
    check_termination_options(*it, "/options", problems);
    if (!problems.empty())
      return refuse_command(op, block, problems.front().pointer + ": " + problems.front().message);
    options = read_termination_options(*it);
  }
  request_termination(block, instance, kind, string_list_param(command.args, "vnfs"),
                      string_param(command.args, "reason", "security manager request"), options);
}

void SmExtension::retire_host_command(const sim::Command& command) {
  const std::string op = operations::kSmHostRetirementRequest;
  std::string block, instance;
  if (!address(command, op, settings_.vim.empty() ? settings_.nfvo : settings_.vim, block,
               instance))
    return;
  const std::string kind = string_param(command.args, "kind", kKindRequest);
  if (kind != kKindRequest && kind != kKindInstruction)
    return refuse_command(op, block, "kind must be request or instruction");
  const std::string disposition = string_param(command.args, "disposition", "migrate");
  if (disposition != "migrate" && disposition != "terminate")
    return refuse_command(op, block, "disposition must be migrate or terminate");
  const std::string request_id = next_request_id();
  sent(request_id, op, block);
  send(block, m::SmHostRetirementRequest{
                  .instance = instance,
                  .request_id = request_id,
                  .kind = kind,
                  .host_id = string_param(command.args, "host"),
                  .vnf_disposition = disposition,
                  .quarantine_host = bool_param(command.args, "quarantine", false)});
}

void SmExtension::policy_command(const sim::Command& command) {
  std::string block, instance;
  if (!address(command, operations::kSmSecurityPolicyInstruction, settings_.nfvo, block, instance))
    return;
  std::optional<std::string> event_id;
  if (auto it = command.args.find("event_id"); it != command.args.end() && it->is_string())
    event_id = it->get<std::string>();
  instruct_policy(block, instance, string_list_param(command.args, "vnfs"),
                  m::SmPolicy{.policy_id = string_param(command.args, "policy_id"),
                              .media_type = string_param(command.args, "media_type", "text/plain"),
                              .content = string_param(command.args, "content")},
                  event_id);
}

void SmExtension::query_status_command(const sim::Command& command) {
  const std::string op = operations::kSmNetworkStatusQuery;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  const std::string request_id = next_request_id();
  sent(request_id, op, block);
  send(block, m::SmNetworkStatusQuery{.instance = instance,
                                      .request_id = request_id,
                                      .domain = string_param(command.args, "domain")});
}

void SmExtension::query_history_command(const sim::Command& command) {
  const std::string op = operations::kSmLcmHistoryQuery;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  const std::string now = sim::format_duration(host_.actor_context().now() - sim::Time::zero());
  const std::string request_id = next_request_id();
  sent(request_id, op, block);
  send(block, m::SmLcmHistoryQuery{.instance = instance,
                                   .request_id = request_id,
                                   .from = time_arg(command.args, "from", "0s"),
                                   .to = time_arg(command.args, "to", now)});
}

void SmExtension::query_context_command(const sim::Command& command) {
  const std::string op = operations::kSmContextQuery;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  m::SmContextQuery query;
  query.instance = instance;
  int given = 0;
  for (const char* key : {"vnf", "ns", "event"}) {
    auto it = command.args.find(key);
    if (it == command.args.end() || !it->is_string()) continue;
    ++given;
    const std::string value = it->get<std::string>();
    if (std::string(key) == "vnf") query.vnf_instance_id = value;
    if (std::string(key) == "ns") query.ns_id = value;
    if (std::string(key) == "event") query.event_id = value;
  }
  if (given != 1) return refuse_command(op, block, "give exactly one of vnf, ns, event");
  query.request_id = next_request_id();
  sent(query.request_id, op, block);
  send(block, query);
}

void SmExtension::export_audit_command(const sim::Command& command) {
  const std::string op = operations::kSmAuditLogExportRequest;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  const std::string now = sim::format_duration(host_.actor_context().now() - sim::Time::zero());
  const std::string request_id = next_request_id();
  sent(request_id, op, block);
  send(block, m::SmAuditLogExportRequest{.instance = instance,
                                         .request_id = request_id,
                                         .domain = string_param(command.args, "domain"),
                                         .from = time_arg(command.args, "from", "0s"),
                                         .to = time_arg(command.args, "to", now)});
}

void SmExtension::overrule_command(const sim::Command& command) {
  const std::string op = operations::kSmOverruleRequest;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  const std::string target =
      string_param(command.args, "event", string_param(command.args, "request"));
  if (target.empty()) return refuse_command(op, block, "give the event (or grant) id to overrule");
  const std::string action = string_param(command.args, "action", kOverruleReplace);
  if (action != kOverruleReplace && action != kOverruleCancel)
    return refuse_command(op, block, "action must be replace or cancel");
  std::optional<std::string> decision;
  if (action == kOverruleReplace) {
    decision = string_param(command.args, "decision", kDecisionApprove);
    if (*decision != kDecisionApprove && *decision != kDecisionReject)
      return refuse_command(op, block, "decision must be approve or reject");
  }
  request_overrule(block, instance, target, action, decision,
                   string_param(command.args, "reason", "overruled by the master"));
}

void SmExtension::request_overrule(const std::string& block, const std::string& instance,
                                   const std::string& target, const std::string& action,
                                   const std::optional<std::string>& decision,
                                   const std::string& reason) {
  const std::string request_id = next_request_id();
  sent(request_id, operations::kSmOverruleRequest, block);
  send(block, m::SmOverruleRequest{.instance = instance,
                                   .request_id = request_id,
                                   .target = target,
                                   .action = action,
                                   .decision = decision,
                                   .reason = reason});
}

void SmExtension::security_function_command(const sim::Command& command) {
  const std::string op = operations::kSmSecurityFunctionRequest;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  m::SmSecurityFunctionRequest request;
  request.instance = instance;
  request.action = string_param(command.args, "action");
  auto optional_arg = [&](const char* key) -> std::optional<std::string> {
    auto it = command.args.find(key);
    if (it == command.args.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  request.vsf.vnfd_id = optional_arg("vnfd");
  request.vsf.package = optional_arg("package");
  request.vsf.flavour = optional_arg("flavour");
  request.vsf.vsf_instance_id = optional_arg("vsf");
  m::SmVsfPlacement placement;
  placement.ns_id = optional_arg("ns");
  placement.within = optional_arg("within");
  if (command.args.contains("between"))
    placement.between = string_list_param(command.args, "between");
  if (command.args.contains("between_vnfcs"))
    placement.between_vnfcs = string_list_param(command.args, "between_vnfcs");
  if (placement.between || placement.within) request.placement = placement;
  if (auto policy_id = optional_arg("policy_id"))
    request.policy =
        m::SmPolicy{.policy_id = *policy_id,
                    .media_type = string_param(command.args, "media_type", "text/plain"),
                    .content = string_param(command.args, "content")};
  request.event_id = optional_arg("event_id");
  request_security_function(block, std::move(request));
}

}  // namespace ifa026::actors::sm
