// The NFVO's NS lifecycle: Os-Ma-Nfvo NS requests driven as Or-Vnfm VNF requests, grants, NS
// rollback and the NFVO's notifications to the OSS (docs/lifecycle.md).
#include "actors/nfvo/ns_lifecycle.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::nfvo {
namespace {

using nlohmann::json;
namespace dk = detail_keys;
namespace rp = reference_points;

// What the NFVO reads of a VNFD to check an NS request before anything starts (the VNFM checks
// the whole descriptor again): its certificate mode, deployment flavours and VNFC ids.
struct VnfdFacts {
  std::string mode = lcm::kModeDirect;
  std::set<std::string> flavours;
  std::set<std::string> vnfcs;
};

VnfdFacts facts_of(const json& vnfd) {
  VnfdFacts facts;
  if (!vnfd.is_object()) return facts;
  if (auto it = vnfd.find("certificate_mode"); it != vnfd.end() && it->is_string())
    facts.mode = it->get<std::string>();
  if (auto it = vnfd.find("vnfcs"); it != vnfd.end() && it->is_object())
    for (const auto& [vnfc, value] : it->items()) facts.vnfcs.insert(vnfc);
  if (auto it = vnfd.find("flavours"); it != vnfd.end() && it->is_object()) {
    for (const auto& [flavour, value] : it->items()) facts.flavours.insert(flavour);
  } else {
    facts.flavours.insert("default");
  }
  return facts;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool end_state(const std::string& state) {
  return state == lcm::kStateCompleted || state == lcm::kStateFailed ||
         state == lcm::kStateRolledBack;
}

}  // namespace

std::vector<ParamRule> ns_lifecycle_param_rules() {
  return {
      {"vnfm", ParamType::string, "the VNFM of VNFs whose NS request names none"},
      {"vim", ParamType::string, "the VIM granted for COMPUTE resources (VM-based VNFCs)"},
      {"cism", ParamType::string, "the CISM granted for OS_CONTAINER resources"},
      {"grant_quota", ParamType::object,
       "capacity the NFVO grants and holds at once: {vcpus, memory_mb}; absent: unbounded"},
      {"ns_operation_timeout", ParamType::duration,
       "simulated time an NS operation may take before it ends FAILED", false, "10min"},
  };
}

void check_ns_lifecycle_params(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto it = params.find("grant_quota"); it != params.end()) {
    auto quota = messages::from_body<messages::ResourceCapacity>(*it);
    if (!quota) {
      out.push_back({"", 0, 0, "/grant_quota", "grant_quota: " + quota.failure().text()});
    } else if (quota->vcpus < 0 || quota->memory_mb < 0) {
      out.push_back({"", 0, 0, "/grant_quota", "grant_quota must not be negative"});
    }
  }
}

NsLifecycleSettings ns_lifecycle_settings(const json& params) {
  NsLifecycleSettings settings;
  settings.vnfm = string_param(params, "vnfm");
  if (auto vim = string_param(params, "vim"); !vim.empty())
    settings.grants.providers[lcm::kResourceCompute] = vim;
  if (auto cism = string_param(params, "cism"); !cism.empty())
    settings.grants.providers[lcm::kResourceOsContainer] = cism;
  if (params.is_object()) {
    if (auto it = params.find("grant_quota"); it != params.end()) {
      auto quota = messages::from_body<messages::ResourceCapacity>(*it);
      if (quota) settings.grants.quota = *quota;
    }
  }
  settings.operation_timeout =
      duration_param(params, "ns_operation_timeout", sim::Duration::minutes(10));
  return settings;
}

NsLifecycle::NsLifecycle(ManoEntityHost& host, NsLifecycleSettings settings,
                         PackageResolver resolve)
    : ActorPiece({host.tracer(), host.guard()}),
      host_(host),
      settings_(std::move(settings)),
      resolve_(std::move(resolve)),
      grants_(host.actor_context().name(), settings_.grants),
      requests_(host.actor_context(), "VnfLcmRequestTimeout") {}

void NsLifecycle::serve_oss(MessageHandlers<ChannelMessage>& handlers) {
  namespace m = messages;
  // A body that does not decode is answered rejected with the field it failed on.
  auto refusal = [this]<class Response>(const char*) {
    return [this](const ChannelMessage& from, const std::string& reason) {
      Response answer;
      answer.status = lcm::kStatusRejected;
      answer.reason = reason;
      host_.channels().reply(from, messages::to_envelope(answer));
    };
  };
  handlers.on<m::InstantiateNsRequest>(
      [this](const m::InstantiateNsRequest& r, const ChannelMessage& from) {
        on_instantiate(from, r);
      },
      refusal.template operator()<m::InstantiateNsResponse>(""));
  handlers.on<m::ScaleNsRequest>(
      [this](const m::ScaleNsRequest& r, const ChannelMessage& from) { on_scale(from, r); },
      refusal.template operator()<m::ScaleNsResponse>(""));
  handlers.on<m::HealNsRequest>(
      [this](const m::HealNsRequest& r, const ChannelMessage& from) { on_heal(from, r); },
      refusal.template operator()<m::HealNsResponse>(""));
  handlers.on<m::TerminateNsRequest>(
      [this](const m::TerminateNsRequest& r, const ChannelMessage& from) { on_terminate(from, r); },
      refusal.template operator()<m::TerminateNsResponse>(""));
}

void NsLifecycle::serve_vnfms(MessageHandlers<ChannelMessage>& handlers) {
  namespace m = messages;
  handlers.on<m::LccnSubscriptionResponse>(
      [this](const m::LccnSubscriptionResponse& r, const ChannelMessage& from) {
        on_subscription_response(from, r);
      });
  auto ack = [this](const auto& r, const ChannelMessage& from) {
    on_acknowledgement(from, static_cast<const m::VnfLcmAcknowledgement&>(r));
  };
  handlers.on<m::InstantiateVnfResponse>(ack);
  handlers.on<m::ScaleVnfResponse>(ack);
  handlers.on<m::HealVnfResponse>(ack);
  handlers.on<m::TerminateVnfResponse>(ack);
  handlers.on<m::ChangeVnfConfigurationResponse>(ack);
  handlers.on<m::VnfLcmOperationOccurrenceNotification>(
      [this](const m::VnfLcmOperationOccurrenceNotification& n, const ChannelMessage& from) {
        on_vnf_notification(from, n);
      });
  handlers.on<m::GrantLifecycleOperationRequest>(
      [this](const m::GrantLifecycleOperationRequest& r, const ChannelMessage& from) {
        on_grant(from, r);
      },
      [this](const ChannelMessage& from, const std::string& reason) {
        m::GrantLifecycleOperationResponse answer;
        answer.status = lcm::kStatusRejected;
        answer.reason = reason;
        host_.channels().reply(from, messages::to_envelope(answer));
      });
}

// ---- Os-Ma-Nfvo ----

bool NsLifecycle::answer_duplicate(const ChannelMessage& m, const std::string& request_id) {
  auto it = answered_.find(m.peer.name + "|" + request_id);
  if (it == answered_.end()) return false;
  trace({.operation = decisions::kNsLcmRequest,
         .outcome = outcomes::kResent,
         .peer = m.peer.name,
         .reference_point = rp::kOsMaNfvo,
         .detail = TraceDetail()
                       .add(dk::kRequest, request_id)
                       .add(dk::kNs, it->second.ns)
                       .add(dk::kStatus, it->second.status)});
  host_.channels().reply(m, it->second.envelope);
  return true;
}

template <class Response>
void NsLifecycle::acknowledge(const ChannelMessage& m, const std::string& request_id,
                              const std::string& ns, const std::string& operation,
                              const std::string& occurrence, const std::string& rejection) {
  Response answer;
  answer.request_id = request_id;
  answer.ns = ns;
  if (rejection.empty()) {
    answer.status = lcm::kStatusAccepted;
    answer.occurrence = occurrence;
  } else {
    answer.status = lcm::kStatusRejected;
    answer.reason = rejection;
    trace({.operation = decisions::kNsLcmOperation,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = rp::kOsMaNfvo,
           .detail = TraceDetail()
                         .add(dk::kOperation, operation)
                         .add(dk::kNs, ns)
                         .add(dk::kSource, lcm::kSourceOss)
                         .add(dk::kCorr, request_id)
                         .add(dk::kRequest, request_id)
                         .add(dk::kReason, rejection)});
  }
  Envelope envelope = messages::to_envelope(answer);
  answered_[m.peer.name + "|" + request_id] = {ns, answer.status, envelope};
  host_.channels().reply(m, std::move(envelope));
}

NsLifecycle::NsInstance* NsLifecycle::idle_ns(const ChannelMessage& m, const std::string& ns,
                                              std::string& reason) {
  auto it = instances_.find(ns);
  if (it == instances_.end()) {
    reason = "unknown NS " + ns;
    return nullptr;
  }
  if (it->second.oss != m.peer.name) {
    reason = "NS " + ns + " belongs to another OSS";
    return nullptr;
  }
  if (!it->second.busy.empty()) {
    reason = "NS " + ns + " has operation " + it->second.busy + " in progress";
    return nullptr;
  }
  if (!it->second.instantiated) {
    reason = "NS " + ns + " is not instantiated";
    return nullptr;
  }
  return &it->second;
}

NsLifecycle::NsOperation& NsLifecycle::start_operation(const ChannelMessage& m, NsInstance& ns,
                                                       const std::string& operation,
                                                       const std::string& request_id) {
  const std::string occurrence =
      host_.actor_context().name() + "-ns-op-" + std::to_string(next_occurrence_++);
  NsOperation& op = operations_[occurrence];
  op.occurrence = occurrence;
  op.ns = ns.ns;
  op.operation = operation;
  op.correlation = request_id;
  op.oss_request = request_id;
  op.oss = m.peer.name;
  ns.busy = occurrence;
  op.vnfs = ns.vnfs.size();
  record(op, lcm::kStateStarting);
  op.deadline = schedule(settings_.operation_timeout, "NsOperationDeadline",
                         [this, occurrence] { on_deadline(occurrence); });
  return op;
}

void NsLifecycle::on_instantiate(const ChannelMessage& m,
                                 const messages::InstantiateNsRequest& request) {
  using Response = messages::InstantiateNsResponse;
  if (answer_duplicate(m, request.request_id)) return;
  auto refuse = [&](const std::string& reason) {
    acknowledge<Response>(m, request.request_id, request.ns, lcm::kInstantiate, "", reason);
  };
  if (request.ns.empty()) return refuse("no NS name");
  if (instances_.count(request.ns)) return refuse("NS name " + request.ns + " in use");
  if (request.vnfs.empty()) return refuse("no VNF in the NS");
  // Every VNF checked before anything starts: nothing is half-created by a refusal.
  std::set<std::string> names;
  std::vector<ResolvedPackage> packages;
  for (std::size_t i = 0; i < request.vnfs.size(); ++i) {
    const auto& vnf = request.vnfs[i];
    const std::string at = "/vnfs/" + std::to_string(i) + ": ";
    if (vnf.vnf.empty()) return refuse(at + "no VNF name");
    if (!names.insert(vnf.vnf).second) return refuse(at + "VNF name " + vnf.vnf + " repeated");
    if (vnf_owner_.count(vnf.vnf)) return refuse(at + "VNF name " + vnf.vnf + " in use");
    const std::string vnfm = vnf.vnfm.value_or(settings_.vnfm);
    if (vnfm.empty()) return refuse(at + "no VNFM for VNF " + vnf.vnf);
    auto resolved = resolve_(vnf.vnfd_id, vnf.package, request.request_id);
    if (auto* reason = std::get_if<std::string>(&resolved)) return refuse(at + *reason);
    auto& package = std::get<ResolvedPackage>(resolved);
    const VnfdFacts facts = facts_of(package.vnfd);
    if (!facts.flavours.count(vnf.flavour))
      return refuse(at + "unknown flavour " + vnf.flavour + " of VNFD " + vnf.vnfd_id);
    if (vnf.certificate_configuration && vnf.certificate_configuration->mode != facts.mode)
      return refuse(at + "certificate mode " + vnf.certificate_configuration->mode +
                    " differs from the VNFD's " + facts.mode);
    if (vnf.vnfcs) {
      for (const auto& [vnfc, count] : *vnf.vnfcs) {
        if (!facts.vnfcs.count(vnfc))
          return refuse(at + "unknown VNFC " + vnfc + " of VNFD " + vnf.vnfd_id);
        if (count < 0) return refuse(at + "negative instance count for VNFC " + vnfc);
      }
    }
    if (vnf.certificate_configuration && vnf.certificate_configuration->identities)
      for (const auto& identity : *vnf.certificate_configuration->identities)
        if (!facts.vnfcs.count(identity.vnfc))
          return refuse(at + "certificate configuration names unknown VNFC " + identity.vnfc);
    packages.push_back(std::move(package));
  }

  NsInstance& ns = instances_[request.ns];
  ns.ns = request.ns;
  ns.oss = m.peer.name;
  ns.oss_app_id = request.oss_app_id;
  for (const auto& vnf : request.vnfs) {
    ns.vnfs.push_back({vnf.vnf, vnf.oss_app_id, vnf.vnfd_id, vnf.vnfm.value_or(settings_.vnfm)});
    vnf_owner_[vnf.vnf] = request.ns;
  }
  NsOperation& op = start_operation(m, ns, lcm::kInstantiate, request.request_id);
  acknowledge<Response>(m, request.request_id, request.ns, lcm::kInstantiate, op.occurrence, "");
  notify_oss(op, lcm::kStateStarting);
  for (std::size_t i = 0; i < request.vnfs.size(); ++i) {
    const auto& vnf = request.vnfs[i];
    messages::InstantiateVnfRequest body;
    body.correlation = op.correlation;
    body.source = lcm::kSourceOss;
    body.vnf = vnf.vnf;
    body.ns = request.ns;
    body.oss_app_id = vnf.oss_app_id;
    body.vnfd_id = vnf.vnfd_id;
    body.vnfd = packages[i].vnfd;
    body.package = packages[i].integrity;
    body.flavour = vnf.flavour;
    body.vnfcs = vnf.vnfcs;
    body.certificate_configuration = vnf.certificate_configuration;
    VnfPart part;
    part.vnf = vnf.vnf;
    part.vnfm = ns.vnfs[i].vnfm;
    part.operation = lcm::kInstantiate;
    send_vnf_request(op, std::move(part), [body](const std::string& request_id) mutable {
      body.request_id = request_id;
      return messages::to_envelope(body);
    });
  }
}

void NsLifecycle::on_scale(const ChannelMessage& m, const messages::ScaleNsRequest& request) {
  using Response = messages::ScaleNsResponse;
  if (answer_duplicate(m, request.request_id)) return;
  auto refuse = [&](const std::string& reason) {
    acknowledge<Response>(m, request.request_id, request.ns, lcm::kScale, "", reason);
  };
  std::string reason;
  NsInstance* ns = idle_ns(m, request.ns, reason);
  if (ns == nullptr) return refuse(reason);
  if (request.scale_vnfs.empty()) return refuse("no VNF to scale");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.scale_vnfs.size(); ++i) {
    const auto& s = request.scale_vnfs[i];
    const std::string at = "/scale_vnfs/" + std::to_string(i) + ": ";
    if (vnf_owner_.count(s.vnf) == 0 || vnf_owner_[s.vnf] != request.ns)
      return refuse(at + "VNF " + s.vnf + " is not in NS " + request.ns);
    if (!seen.insert(s.vnf).second) return refuse(at + "VNF " + s.vnf + " repeated");
    if (s.type != lcm::kScaleOut && s.type != lcm::kScaleIn)
      return refuse(at + "type must be SCALE_OUT or SCALE_IN, not " + s.type);
    if (s.steps < 1) return refuse(at + "steps must be at least 1, not " + std::to_string(s.steps));
    if (s.aspect.empty()) return refuse(at + "no aspect");
  }
  NsOperation& op = start_operation(m, *ns, lcm::kScale, request.request_id);
  acknowledge<Response>(m, request.request_id, request.ns, lcm::kScale, op.occurrence, "");
  notify_oss(op, lcm::kStateStarting);
  for (const auto& s : request.scale_vnfs) {
    messages::ScaleVnfRequest body;
    body.correlation = op.correlation;
    body.source = lcm::kSourceOss;
    body.vnf = s.vnf;
    body.type = s.type;
    body.aspect = s.aspect;
    body.steps = s.steps;
    VnfPart part;
    part.vnf = s.vnf;
    for (const auto& v : ns->vnfs)
      if (v.vnf == s.vnf) part.vnfm = v.vnfm;
    part.operation = s.type;
    send_vnf_request(op, std::move(part), [body](const std::string& request_id) mutable {
      body.request_id = request_id;
      return messages::to_envelope(body);
    });
  }
}

void NsLifecycle::on_heal(const ChannelMessage& m, const messages::HealNsRequest& request) {
  using Response = messages::HealNsResponse;
  if (answer_duplicate(m, request.request_id)) return;
  auto refuse = [&](const std::string& reason) {
    acknowledge<Response>(m, request.request_id, request.ns, lcm::kHeal, "", reason);
  };
  std::string reason;
  NsInstance* ns = idle_ns(m, request.ns, reason);
  if (ns == nullptr) return refuse(reason);
  if (request.heal_vnfs.empty()) return refuse("no VNF to heal");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < request.heal_vnfs.size(); ++i) {
    const auto& h = request.heal_vnfs[i];
    const std::string at = "/heal_vnfs/" + std::to_string(i) + ": ";
    if (vnf_owner_.count(h.vnf) == 0 || vnf_owner_[h.vnf] != request.ns)
      return refuse(at + "VNF " + h.vnf + " is not in NS " + request.ns);
    if (!seen.insert(h.vnf).second) return refuse(at + "VNF " + h.vnf + " repeated");
  }
  NsOperation& op = start_operation(m, *ns, lcm::kHeal, request.request_id);
  acknowledge<Response>(m, request.request_id, request.ns, lcm::kHeal, op.occurrence, "");
  notify_oss(op, lcm::kStateStarting);
  for (const auto& h : request.heal_vnfs) {
    messages::HealVnfRequest body;
    body.correlation = op.correlation;
    body.source = lcm::kSourceOss;
    body.vnf = h.vnf;
    body.vnfcis = h.vnfcis;
    body.cause = h.cause;
    VnfPart part;
    part.vnf = h.vnf;
    for (const auto& v : ns->vnfs)
      if (v.vnf == h.vnf) part.vnfm = v.vnfm;
    part.operation = lcm::kHeal;
    send_vnf_request(op, std::move(part), [body](const std::string& request_id) mutable {
      body.request_id = request_id;
      return messages::to_envelope(body);
    });
  }
}

void NsLifecycle::on_terminate(const ChannelMessage& m,
                               const messages::TerminateNsRequest& request) {
  using Response = messages::TerminateNsResponse;
  if (answer_duplicate(m, request.request_id)) return;
  const std::string type = request.termination_type.value_or(lcm::kTerminationForceful);
  std::string reason;
  NsInstance* ns = idle_ns(m, request.ns, reason);
  if (ns == nullptr || (type != lcm::kTerminationForceful && type != lcm::kTerminationGraceful)) {
    if (ns != nullptr) reason = "termination_type must be FORCEFUL or GRACEFUL, not " + type;
    acknowledge<Response>(m, request.request_id, request.ns, lcm::kTerminate, "", reason);
    return;
  }
  NsOperation& op = start_operation(m, *ns, lcm::kTerminate, request.request_id);
  acknowledge<Response>(m, request.request_id, request.ns, lcm::kTerminate, op.occurrence, "");
  notify_oss(op, lcm::kStateStarting);
  for (const auto& v : ns->vnfs) {
    messages::TerminateVnfRequest body;
    body.correlation = op.correlation;
    body.source = lcm::kSourceOss;
    body.vnf = v.vnf;
    body.termination_type = type;
    body.reason = request.reason;
    VnfPart part;
    part.vnf = v.vnf;
    part.vnfm = v.vnfm;
    part.operation = lcm::kTerminate;
    send_vnf_request(op, std::move(part), [body](const std::string& request_id) mutable {
      body.request_id = request_id;
      return messages::to_envelope(body);
    });
  }
}

void NsLifecycle::notify_oss(const NsOperation& op, const std::string& state,
                             std::vector<messages::AffectedVnf> affected) {
  messages::NsLcmOperationOccurrenceNotification n;
  n.id = host_.actor_context().name() + "-ns-notification-" + std::to_string(next_notification_++);
  n.ns = op.ns;
  n.occurrence = op.occurrence;
  n.operation = op.operation;
  n.state = state;
  n.source = lcm::kSourceOss;
  n.correlation = op.correlation;
  n.request_id = op.oss_request;
  if (!op.failure.empty() && end_state(state) && state != lcm::kStateCompleted)
    n.reason = op.failure;
  n.affected_vnfs = std::move(affected);
  host_.channels().send(op.oss, ChannelKind::day0, rp::kOsMaNfvo, messages::to_envelope(n));
}

void NsLifecycle::record(const NsOperation& op, const std::string& state,
                         const std::string& reason) {
  TraceDetail detail;
  detail.add(dk::kOperation, op.operation)
      .add(dk::kState, state)
      .add(dk::kNs, op.ns)
      .add(dk::kSource, lcm::kSourceOss)
      .add(dk::kCorr, op.correlation)
      .add(dk::kRequest, op.oss_request)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kVnfs, static_cast<long long>(op.vnfs));
  if (!reason.empty()) detail.add(dk::kReason, reason);
  trace({.operation = decisions::kNsLcmOperation,
         .outcome = lower(state),
         .peer = op.oss,
         .reference_point = rp::kOsMaNfvo,
         .detail = detail});
}

// ---- Or-Vnfm ----

void NsLifecycle::subscribe(const std::string& vnfm) {
  VnfmSubscription& s = subscriptions_[vnfm];
  if (s.subscribed) return;
  ++s.attempts;
  trace({.operation = decisions::kLccnSubscription,
         .outcome = outcomes::kRequested,
         .peer = vnfm,
         .reference_point = rp::kOrVnfm,
         .detail = TraceDetail().add(dk::kVnfm, vnfm).add(dk::kAttempt, s.attempts)});
  host_.channels().send(vnfm, ChannelKind::mutual, rp::kOrVnfm,
                        messages::to_envelope(messages::LccnSubscriptionRequest{}));
  // Asked again with back-off until answered (the VNFM may not hold its certificate yet, D14).
  sim::Duration wait = settings_.retry.timeout;
  for (int i = 1; i < s.attempts && wait < sim::Duration::seconds(60); ++i) wait = wait * 2;
  s.timer = schedule(wait, "LccnSubscriptionRetry", [this, vnfm] {
    subscriptions_[vnfm].timer = {};
    subscribe(vnfm);
  });
}

void NsLifecycle::when_subscribed(const std::string& vnfm, std::function<void()> then) {
  VnfmSubscription& s = subscriptions_[vnfm];
  if (s.subscribed) return then();
  s.waiting.push_back(std::move(then));
  if (s.attempts == 0) subscribe(vnfm);
}

void NsLifecycle::on_subscription_response(const ChannelMessage& m,
                                           const messages::LccnSubscriptionResponse& response) {
  auto it = subscriptions_.find(m.peer.name);
  if (it == subscriptions_.end() || it->second.subscribed) {
    trace({.operation = decisions::kLccnSubscription,
           .outcome = outcomes::kIgnored,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = TraceDetail().add(dk::kReason, "no subscription pending")});
    return;
  }
  VnfmSubscription& s = it->second;
  if (response.status != outcomes::kSubscribed) {
    trace({.operation = decisions::kLccnSubscription,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = TraceDetail().add(dk::kReason, response.reason.value_or(response.status))});
    return;  // asked again on the timer
  }
  s.subscribed = true;
  host_.actor_context().cancel(s.timer);
  s.timer = {};
  trace({.operation = decisions::kLccnSubscription,
         .outcome = outcomes::kSubscribed,
         .peer = m.peer.name,
         .reference_point = rp::kOrVnfm,
         .detail = TraceDetail()
                       .add(dk::kVnfm, m.peer.name)
                       .add(dk::kSubscription, response.subscription.value_or(""))});
  auto waiting = std::move(s.waiting);
  s.waiting.clear();
  for (auto& then : waiting) then();
}

void NsLifecycle::send_vnf_request(NsOperation& op, VnfPart part,
                                   std::function<Envelope(const std::string& request_id)> build) {
  op.parts.push_back(std::move(part));
  const std::string occurrence = op.occurrence;
  const std::size_t index = op.parts.size() - 1;
  const std::string vnfm = op.parts[index].vnfm;
  when_subscribed(vnfm, [this, occurrence, index, vnfm, build = std::move(build)]() mutable {
    auto op = operations_.find(occurrence);
    if (op == operations_.end() || op->second.parts[index].ended) return;
    PendingVnfRequest pending{occurrence, op->second.parts[index].vnf, vnfm, std::move(build)};
    const std::string prefix = host_.actor_context().name() + "-req-";
    const std::uint64_t id = requests_.start(
        std::move(pending), settings_.retry,
        [this, prefix](std::uint64_t id, const PendingVnfRequest& p, int attempt) {
          const std::string request_id = prefix + std::to_string(id);
          if (attempt > 0)
            trace({.operation = decisions::kVnfLcmRequest,
                   .outcome = outcomes::kResent,
                   .peer = p.vnfm,
                   .reference_point = rp::kOrVnfm,
                   .detail = TraceDetail()
                                 .add(dk::kVnf, p.vnf)
                                 .add(dk::kRequest, request_id)
                                 .add(dk::kAttempt, attempt)});
          host_.channels().send(p.vnfm, ChannelKind::mutual, rp::kOrVnfm, p.build(request_id));
        },
        [this, prefix](std::uint64_t id, PendingVnfRequest p) {
          auto op = operations_.find(p.occurrence);
          if (op == operations_.end()) return;
          for (auto& part : op->second.parts)
            if (part.request_id == prefix + std::to_string(id) && !part.ended)
              part_ended(op->second, part, false, "no answer from " + p.vnfm);
        });
    op = operations_.find(occurrence);  // the send may not have touched it, but be safe
    if (op != operations_.end()) op->second.parts[index].request_id = prefix + std::to_string(id);
  });
}

void NsLifecycle::on_acknowledgement(const ChannelMessage& m,
                                     const messages::VnfLcmAcknowledgement& ack) {
  const std::string prefix = host_.actor_context().name() + "-req-";
  std::optional<std::uint64_t> id;
  if (ack.request_id.rfind(prefix, 0) == 0) {
    try {
      id = std::stoull(ack.request_id.substr(prefix.size()));
    } catch (const std::exception&) {
    }
  }
  const auto reply = id ? requests_.reply(*id) : RequestTracker<PendingVnfRequest>::Reply{};
  TraceDetail detail;
  detail.add(dk::kVnf, ack.vnf).add(dk::kRequest, ack.request_id).add(dk::kStatus, ack.status);
  if (reply.match != ReplyMatch::answer) {
    trace({.operation = decisions::kVnfLcmRequest,
           .outcome = outcomes::kIgnored,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail.add(dk::kReason, std::string(to_string(reply.match)) + " answer")});
    return;
  }
  auto op = operations_.find(reply.pending->occurrence);
  if (op == operations_.end()) return;
  VnfPart* part = nullptr;
  for (auto& p : op->second.parts)
    if (p.request_id == ack.request_id) part = &p;
  if (part == nullptr || part->ended) return;
  part->acknowledged = true;
  if (ack.status == lcm::kStatusAccepted) {
    part->vnf_occurrence = ack.occurrence;
    if (ack.occurrence) detail.add(dk::kOccurrence, *ack.occurrence);
    trace({.operation = decisions::kVnfLcmRequest,
           .outcome = outcomes::kAccepted,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail});
  } else {
    const std::string reason = ack.reason.value_or(ack.status);
    trace({.operation = decisions::kVnfLcmRequest,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail.add(dk::kReason, reason)});
    // A notification of this operation already came: an earlier attempt was taken on, this
    // answer refuses only the resent copy.
    if (!part->started) return part_ended(op->second, *part, false, part->vnf + ": " + reason);
  }
  NsOperation& o = op->second;
  if (!o.processing_sent && !o.rolling_back &&
      std::all_of(o.parts.begin(), o.parts.end(),
                  [](const VnfPart& p) { return p.acknowledged || p.ended; })) {
    o.processing_sent = true;
    record(o, lcm::kStateProcessing);
    notify_oss(o, lcm::kStateProcessing);
  }
}

void NsLifecycle::on_vnf_notification(const ChannelMessage& m,
                                      const messages::VnfLcmOperationOccurrenceNotification& n) {
  TraceDetail detail;
  detail.add(dk::kVnfm, m.peer.name)
      .add(dk::kVnf, n.vnf)
      .add(dk::kOperation, n.operation)
      .add(dk::kState, n.state)
      .add(dk::kOccurrence, n.occurrence);
  if (n.source) detail.add(dk::kSource, *n.source);
  if (n.correlation) detail.add(dk::kCorr, *n.correlation);
  // The grants of an ended operation: what it did not add, and what it removed, is given back.
  if (end_state(n.state)) {
    std::set<std::string> added;
    std::set<std::string> removed;
    for (const auto& entry : n.affected_vnfcs) {
      if (entry.change == lcm::kChangeAdded) added.insert(entry.vnfci);
      if (entry.change == lcm::kChangeRemoved) removed.insert(entry.vnfci);
    }
    grants_.on_operation_ended(n.occurrence, added, removed);
  }
  // Which NS operation's part it is: the same VNF, operation and correlation.
  NsOperation* op = nullptr;
  VnfPart* part = nullptr;
  for (auto& [occurrence, candidate] : operations_) {
    if (!n.correlation || *n.correlation != candidate.correlation) continue;
    for (auto& p : candidate.parts)
      if (!p.ended && p.vnf == n.vnf && p.operation == n.operation) {
        op = &candidate;
        part = &p;
      }
  }
  if (part == nullptr) {
    // Not started by an NS operation (an auto-heal, a VIM-caused heal): seen, not the OSS's (D9).
    trace({.operation = decisions::kVnfLcmNotification,
           .outcome = outcomes::kAccepted,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail});
  } else {
    trace({.operation = decisions::kVnfLcmNotification,
           .outcome = outcomes::kAccepted,
           .peer = m.peer.name,
           .reference_point = rp::kOrVnfm,
           .detail = detail.add(dk::kNs, op->ns)});
    part->started = true;
    if (!part->vnf_occurrence) part->vnf_occurrence = n.occurrence;
  }
  // The NFVO's view of the VNF instance.
  if (n.state == lcm::kStateCompleted) {
    auto owner = vnf_owner_.find(n.vnf);
    if (owner != vnf_owner_.end()) {
      auto ns = instances_.find(owner->second);
      if (ns != instances_.end())
        for (auto& v : ns->second.vnfs)
          if (v.vnf == n.vnf) {
            if (n.operation == lcm::kInstantiate) v.instantiated = true;
            if (n.operation == lcm::kTerminate) v.instantiated = false;
          }
    }
  }
  if (part != nullptr && end_state(n.state)) part->reported = true;
  if (part != nullptr && end_state(n.state))
    part_ended(*op, *part, n.state == lcm::kStateCompleted,
               n.state == lcm::kStateCompleted
                   ? ""
                   : n.vnf + " " + lower(n.state) + ": " + n.reason.value_or("no reason given"));
}

void NsLifecycle::on_grant(const ChannelMessage& m,
                           const messages::GrantLifecycleOperationRequest& request) {
  const GrantDecision decision = grants_.decide(request);
  messages::GrantLifecycleOperationResponse answer;
  answer.request_id = request.request_id;
  TraceDetail detail;
  detail.add(dk::kVnf, request.vnf)
      .add(dk::kOperation, request.operation)
      .add(dk::kOccurrence, request.occurrence)
      .add(dk::kSource, request.source)
      .add(dk::kCorr, request.correlation)
      .add(dk::kRequest, request.request_id)
      .add(dk::kAdded, static_cast<long long>(request.add_resources.size()))
      .add(dk::kRemoved, static_cast<long long>(request.remove_resources.size()))
      .add(dk::kVcpus, decision.requested.vcpus)
      .add(dk::kVcpusInUse, decision.in_use.vcpus);
  if (request.automatic) detail.add(dk::kAutomatic, detail_values::kTrue);
  if (decision.granted) {
    answer.status = lcm::kStatusGranted;
    answer.grant = decision.grant;
    answer.resources = decision.resources;
    detail.add(dk::kGrant, decision.grant);
  } else {
    answer.status = lcm::kStatusRejected;
    answer.reason = decision.reason;
    detail.add(dk::kReason, decision.reason);
  }
  trace({.operation = decisions::kGrantDecision,
         .outcome = decision.granted ? outcomes::kGranted : outcomes::kRejected,
         .peer = m.peer.name,
         .reference_point = rp::kOrVnfm,
         .detail = detail});
  host_.channels().reply(m, messages::to_envelope(answer));
}

void NsLifecycle::part_ended(NsOperation& op, VnfPart& part, bool ok, const std::string& reason) {
  part.ended = true;
  part.ok = ok;
  part.reason = reason;
  if (!ok && op.failure.empty()) op.failure = reason;
  if (std::all_of(op.parts.begin(), op.parts.end(), [](const VnfPart& p) { return p.ended; }))
    settle(op);
}

void NsLifecycle::on_deadline(const std::string& occurrence) {
  auto it = operations_.find(occurrence);
  if (it == operations_.end()) return;
  NsOperation& op = it->second;
  op.deadline = {};
  const std::string reason =
      "no outcome within " + sim::format_duration(settings_.operation_timeout);
  // Late answers of the parts given up are ignored (their requests are closed).
  for (auto& part : op.parts) {
    if (part.ended) continue;
    part.ended = true;
    part.reason = part.vnf + ": " + reason;
    if (op.failure.empty()) op.failure = part.reason;
  }
  settle(op);
}

void NsLifecycle::settle(NsOperation& op) {
  const bool all_ok =
      std::all_of(op.parts.begin(), op.parts.end(), [](const VnfPart& p) { return p.ok; });
  auto ns = instances_.find(op.ns);
  std::vector<messages::AffectedVnf> affected;
  auto affected_vnf = [&](const VnfPart& part, const std::string& change) {
    messages::AffectedVnf a;
    a.vnf = part.vnf;
    a.change = change;
    a.vnf_occurrence = part.vnf_occurrence;
    if (ns != instances_.end())
      for (const auto& v : ns->second.vnfs)
        if (v.vnf == part.vnf) {
          a.oss_app_id = v.oss_app_id;
          a.vnfd_id = v.vnfd_id;
        }
    return a;
  };

  if (op.rolling_back) {
    // The rollback's terminations ended: the NS is gone whatever became of them, but a VNF whose
    // termination failed is still running and the operation says so.
    std::string left;
    for (const auto& part : op.parts)
      if (!part.ok) left += (left.empty() ? "" : ", ") + part.vnf;
    if (ns != instances_.end()) {
      for (const auto& v : ns->second.vnfs) vnf_owner_.erase(v.vnf);
      instances_.erase(ns);
    }
    if (left.empty()) return finish(op.occurrence, lcm::kStateRolledBack, op.failure, {});
    return finish(op.occurrence, lcm::kStateFailed,
                  op.failure + "; rollback left VNFs running: " + left, {});
  }

  if (op.operation == lcm::kInstantiate) {
    if (all_ok) {
      if (ns != instances_.end()) ns->second.instantiated = true;
      for (const auto& part : op.parts) affected.push_back(affected_vnf(part, lcm::kChangeAdded));
      return finish(op.occurrence, lcm::kStateCompleted, "", std::move(affected));
    }
    // D7: terminate every VNF whose instantiation was taken on (completed, or with no outcome),
    // then the NS is rolled back.
    std::vector<VnfPart> done = op.parts;
    op.parts.clear();
    op.rolling_back = true;
    record(op, "ROLLING_BACK", op.failure);
    host_.actor_context().cancel(op.deadline);
    const std::string occurrence = op.occurrence;
    op.deadline = schedule(settings_.operation_timeout, "NsOperationDeadline",
                           [this, occurrence] { on_deadline(occurrence); });
    for (const auto& part : done) {
      // Undone: what completed, and what was taken on but never reported an end. A VNF operation
      // that ended FAILED or ROLLED_BACK left nothing (D7); a refused one never started.
      if (!part.ok && (part.reported || (!part.started && !part.vnf_occurrence))) continue;
      messages::TerminateVnfRequest body;
      body.correlation = op.correlation;
      body.source = lcm::kSourceNfvo;
      body.vnf = part.vnf;
      body.termination_type = lcm::kTerminationForceful;
      body.reason = "rollback: " + op.failure;
      VnfPart undo;
      undo.vnf = part.vnf;
      undo.vnfm = part.vnfm;
      undo.operation = lcm::kTerminate;
      send_vnf_request(op, std::move(undo), [body](const std::string& request_id) mutable {
        body.request_id = request_id;
        return messages::to_envelope(body);
      });
    }
    if (op.parts.empty()) settle(op);
    return;
  }

  for (const auto& part : op.parts)
    if (part.ok)
      affected.push_back(affected_vnf(
          part, op.operation == lcm::kTerminate ? lcm::kChangeRemoved : lcm::kChangeModified));
  if (op.operation == lcm::kTerminate && ns != instances_.end()) {
    // Terminated VNFs leave the NS; the NS itself goes when none is left.
    auto& vnfs = ns->second.vnfs;
    for (const auto& part : op.parts)
      if (part.ok) {
        vnf_owner_.erase(part.vnf);
        vnfs.erase(std::remove_if(vnfs.begin(), vnfs.end(),
                                  [&](const NsVnf& v) { return v.vnf == part.vnf; }),
                   vnfs.end());
      }
    if (vnfs.empty()) instances_.erase(ns);
  }
  finish(op.occurrence, all_ok ? lcm::kStateCompleted : lcm::kStateFailed, op.failure,
         std::move(affected));
}

void NsLifecycle::finish(std::string occurrence, std::string state, std::string reason,
                         std::vector<messages::AffectedVnf> affected) {
  // Taken by value: the caller's strings may live in the operation erased here.
  auto it = operations_.find(occurrence);
  if (it == operations_.end()) return;
  NsOperation op = std::move(it->second);
  operations_.erase(it);
  host_.actor_context().cancel(op.deadline);
  if (auto ns = instances_.find(op.ns); ns != instances_.end() && ns->second.busy == occurrence)
    ns->second.busy.clear();
  op.failure = reason;
  record(op, state, reason);
  notify_oss(op, state, std::move(affected));
}

}  // namespace ifa026::actors::nfvo
