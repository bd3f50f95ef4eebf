// The NFVO's NS lifecycle, its Os-Ma-Nfvo half: parameters, the OSS's NS requests (checked before
// anything starts), the answers and the notifications to the OSS (docs/lifecycle.md). The Or-Vnfm
// half is ns_lifecycle_vnfm.cpp.
#include "actors/nfvo/ns_lifecycle.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/vnfm/vnfd.hpp"

namespace ifa026::actors::nfvo {
namespace {

using nlohmann::json;
namespace dk = detail_keys;
namespace rp = reference_points;

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
                                                       const std::string& request_id,
                                                       const std::string& descriptor,
                                                       const std::string& nsd) {
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
  op.descriptor = descriptor;
  op.nsd = nsd;
  op.ns_oss_app_id = ns.oss_app_id;
  record(op, lcm::kStateStarting);
  op.deadline = schedule(settings_.operation_timeout, "NsOperationDeadline",
                         [this, occurrence] { on_deadline(occurrence); });
  return op;
}

void NsLifecycle::on_instantiate(const ChannelMessage& m,
                                 const messages::InstantiateNsRequest& asked) {
  using Response = messages::InstantiateNsResponse;
  if (answer_duplicate(m, asked.request_id)) return;
  messages::InstantiateNsRequest request = asked;
  auto refuse = [&](const std::string& reason) {
    acknowledge<Response>(m, request.request_id, request.ns, lcm::kInstantiate, "", reason);
  };
  if (request.ns.empty()) return refuse("no NS name");
  if (lcm_gate_)
    if (auto refusal = lcm_gate_(request.ns); !refusal.empty()) return refuse(refusal);
  if (instances_.count(request.ns)) return refuse("NS name " + request.ns + " in use");
  if (request.vnfs.empty()) return refuse("no VNF in the NS");
  // An sNSD onboarded for the NSD (issue 16): its VSFs join the request; a VSF without a flavour
  // takes its VNFD's first.
  std::optional<SecurityPlan> plan;
  if (planner_) plan = planner_(request);
  std::set<std::string> vsf_names;
  if (plan)
    for (const auto& vsf : plan->vsfs) {
      vsf_names.insert(vsf.vnf);
      request.vnfs.push_back(vsf);
    }
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
    if (vsf_names.contains(vnf.vnf) && vnf.flavour.empty()) {
      const vnfm::Vnfd vnfd = vnfm::read_vnfd(vnf.vnfd_id, package.vnfd);
      request.vnfs[i].flavour = vnfd.flavours.empty() ? "default" : vnfd.flavours.begin()->first;
    }
    if (auto problem = check_vnf(request.vnfs[i], package); !problem.empty())
      return refuse(at + problem);
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
  NsOperation& op = start_operation(m, ns, lcm::kInstantiate, request.request_id,
                                    plan ? plan->descriptor : "", request.nsd.value_or(""));
  acknowledge<Response>(m, request.request_id, request.ns, lcm::kInstantiate, op.occurrence, "");
  notify_oss(op, lcm::kStateStarting);
  std::vector<std::string> members;
  for (const auto& vnf : request.vnfs) members.push_back(vnf.vnf);
  for (std::size_t i = 0; i < request.vnfs.size(); ++i) {
    if (plan && !vsf_names.empty() && plan->held.contains(request.vnfs[i].vnf)) {
      // Protected by a VSF of the sNSD: sent once the VSFs are in place (part_ended).
      op.held.push_back([this, occurrence = op.occurrence, ns_name = ns.ns, vnf = request.vnfs[i],
                         package = packages[i], members] {
        instantiate_vnf(operations_.at(occurrence), instances_.at(ns_name), vnf, package, members);
      });
      continue;
    }
    instantiate_vnf(op, ns, request.vnfs[i], packages[i], members);
  }
}

std::string NsLifecycle::check_vnf(const messages::NsVnfInstantiation& vnf,
                                   const ResolvedPackage& package) {
  // The onboarding checked the whole VNFD (vnfm::check_vnfds); the VNFM checks it again.
  const vnfm::Vnfd vnfd = vnfm::read_vnfd(vnf.vnfd_id, package.vnfd);
  if (!vnfd.flavour(vnf.flavour))
    return "unknown flavour " + vnf.flavour + " of VNFD " + vnf.vnfd_id;
  if (vnf.certificate_configuration && vnf.certificate_configuration->mode != vnfd.certificate_mode)
    return "certificate mode " + vnf.certificate_configuration->mode + " differs from the VNFD's " +
           vnfd.certificate_mode;
  if (vnf.vnfcs) {
    for (const auto& [vnfc, count] : *vnf.vnfcs) {
      if (!vnfd.vnfcs.count(vnfc)) return "unknown VNFC " + vnfc + " of VNFD " + vnf.vnfd_id;
      if (count < 0) return "negative instance count for VNFC " + vnfc;
    }
  }
  if (vnf.certificate_configuration && vnf.certificate_configuration->identities)
    for (const auto& identity : *vnf.certificate_configuration->identities)
      if (!vnfd.vnfcs.count(identity.vnfc))
        return "certificate configuration names unknown VNFC " + identity.vnfc;
  return "";
}

void NsLifecycle::instantiate_vnf(NsOperation& op, const NsInstance& ns,
                                  const messages::NsVnfInstantiation& vnf,
                                  const ResolvedPackage& package,
                                  const std::vector<std::string>& members) {
  std::string vnfm = vnf.vnfm.value_or(settings_.vnfm);
  for (const auto& v : ns.vnfs)
    if (v.vnf == vnf.vnf) vnfm = v.vnfm;
  if (observer_ != nullptr) {
    VnfFacts facts;
    facts.vnf = vnf.vnf;
    facts.ns = ns.ns;
    facts.oss = ns.oss;
    facts.oss_app_id = vnf.oss_app_id;
    facts.vnfd_id = vnf.vnfd_id;
    facts.vnfm = vnfm;
    facts.trust_domain = vnf.trust_domain.value_or("default");
    if (vnf.hidden_from) facts.hidden_from = {vnf.hidden_from->begin(), vnf.hidden_from->end()};
    facts.package = package.integrity;
    facts.signature = package.signature;
    facts.ns_members = members;
    facts.security_policy_required =
        package.vnfd.is_object() && package.vnfd.value("security_policy_required", false);
    observer_->vnf_created(facts);
  }
  messages::InstantiateVnfRequest body;
  body.correlation = op.correlation;
  body.source = op.source;
  body.vnf = vnf.vnf;
  body.ns = ns.ns;
  body.oss_app_id = vnf.oss_app_id;
  body.vnfd_id = vnf.vnfd_id;
  body.vnfd = package.vnfd;
  body.package = package.integrity;
  body.flavour = vnf.flavour;
  body.vnfcs = vnf.vnfcs;
  body.certificate_configuration = vnf.certificate_configuration;
  if (!settings_.grants.providers.empty()) body.vim_connections = settings_.grants.providers;
  // As SMs see the VNF, for the VIM's Sc-Vi events (sent when the NS request names them).
  body.trust_domain = vnf.trust_domain;
  body.hidden_from = vnf.hidden_from;
  VnfPart part;
  part.vnf = vnf.vnf;
  part.vnfm = vnfm;
  part.operation = lcm::kInstantiate;
  send_vnf_request(op, std::move(part), [body](const std::string& request_id) mutable {
    body.request_id = request_id;
    return messages::to_envelope(body);
  });
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
  const auto& add_vnfs =
      request.add_vnfs ? *request.add_vnfs : std::vector<messages::NsVnfInstantiation>{};
  const auto& remove_vnfs = request.remove_vnfs ? *request.remove_vnfs : std::vector<std::string>{};
  if (request.scale_vnfs.empty() && add_vnfs.empty() && remove_vnfs.empty())
    return refuse("no VNF to scale, add or remove");
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
  // Whole VNFs added and removed (IFA 013's NS scaling; issue 16, R1.2.120): every one checked
  // before anything starts, as an NS instantiation checks its VNFs.
  std::vector<ResolvedPackage> packages;
  std::vector<messages::NsVnfInstantiation> adding = add_vnfs;
  std::set<std::string> names;
  for (std::size_t i = 0; i < adding.size(); ++i) {
    const auto& vnf = adding[i];
    const std::string at = "/add_vnfs/" + std::to_string(i) + ": ";
    if (vnf.vnf.empty()) return refuse(at + "no VNF name");
    if (vnf_owner_.count(vnf.vnf) || !names.insert(vnf.vnf).second)
      return refuse(at + "VNF name " + vnf.vnf + " in use");
    auto resolved = resolve_(vnf.vnfd_id, vnf.package, request.request_id);
    if (auto* why = std::get_if<std::string>(&resolved)) return refuse(at + *why);
    auto& package = std::get<ResolvedPackage>(resolved);
    if (vnf.flavour.empty()) {
      const vnfm::Vnfd vnfd = vnfm::read_vnfd(vnf.vnfd_id, package.vnfd);
      adding[i].flavour = vnfd.flavours.empty() ? "default" : vnfd.flavours.begin()->first;
    }
    if (auto problem = check_vnf(adding[i], package); !problem.empty()) return refuse(at + problem);
    packages.push_back(std::move(package));
  }
  for (std::size_t i = 0; i < remove_vnfs.size(); ++i) {
    const std::string at = "/remove_vnfs/" + std::to_string(i) + ": ";
    if (vnf_owner_.count(remove_vnfs[i]) == 0 || vnf_owner_[remove_vnfs[i]] != request.ns)
      return refuse(at + "VNF " + remove_vnfs[i] + " is not in NS " + request.ns);
    if (!seen.insert(remove_vnfs[i]).second)
      return refuse(at + "VNF " + remove_vnfs[i] + " repeated");
  }
  NsOperation& op = start_operation(m, *ns, lcm::kScale, request.request_id);
  acknowledge<Response>(m, request.request_id, request.ns, lcm::kScale, op.occurrence, "");
  notify_oss(op, lcm::kStateStarting);
  for (const auto& vnf : adding) {
    ns->vnfs.push_back({vnf.vnf, vnf.oss_app_id, vnf.vnfd_id, vnf.vnfm.value_or(settings_.vnfm)});
    vnf_owner_[vnf.vnf] = request.ns;
  }
  std::vector<std::string> members;
  for (const auto& v : ns->vnfs) members.push_back(v.vnf);
  for (std::size_t i = 0; i < adding.size(); ++i)
    instantiate_vnf(op, *ns, adding[i], packages[i], members);
  for (const auto& vnf : remove_vnfs) {
    messages::TerminateVnfRequest body;
    body.correlation = op.correlation;
    body.source = lcm::kSourceOss;
    body.vnf = vnf;
    body.termination_type = lcm::kTerminationForceful;
    body.reason = "removed by an NS scale";
    VnfPart part;
    part.vnf = vnf;
    for (const auto& v : ns->vnfs)
      if (v.vnf == vnf) part.vnfm = v.vnfm;
    part.operation = lcm::kTerminate;
    send_vnf_request(op, std::move(part), [body](const std::string& request_id) mutable {
      body.request_id = request_id;
      return messages::to_envelope(body);
    });
  }
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

bool NsLifecycle::terminate_for_security_manager(
    const std::string& vnf, const std::string& reason,
    const std::optional<messages::SmTerminationOptions>& options) {
  auto owner = vnf_owner_.find(vnf);
  if (owner == vnf_owner_.end()) return false;
  auto ns = instances_.find(owner->second);
  if (ns == instances_.end()) return false;
  const NsVnf* member = nullptr;
  for (const auto& v : ns->second.vnfs)
    if (v.vnf == vnf) member = &v;
  if (member == nullptr) return false;
  NsOperation& op = start_security_manager_operation(ns->second, lcm::kTerminate, 1, reason);
  messages::TerminateVnfRequest body;
  body.correlation = op.correlation;
  body.source = lcm::kSourceSecurityManager;
  body.vnf = vnf;
  body.termination_type = lcm::kTerminationForceful;
  body.reason = reason;
  body.security_options = options;  // carried down to the VIM's releases (R2.1.260/270)
  VnfPart part;
  part.vnf = vnf;
  part.vnfm = member->vnfm;
  part.operation = lcm::kTerminate;
  send_vnf_request(op, std::move(part), [body](const std::string& request_id) mutable {
    body.request_id = request_id;
    return messages::to_envelope(body);
  });
  return true;
}

NsLifecycle::NsOperation& NsLifecycle::start_security_manager_operation(
    const NsInstance& ns, const std::string& operation, std::size_t vnfs,
    const std::string& reason) {
  // Not the OSS's request: an NS operation of its own, started at once even when another
  // operation runs on the NS (D8), and the OSS is told only when it ends.
  const std::string occurrence =
      host_.actor_context().name() + "-ns-op-" + std::to_string(next_occurrence_++);
  NsOperation& op = operations_[occurrence];
  op.occurrence = occurrence;
  op.ns = ns.ns;
  op.operation = operation;
  op.correlation = occurrence;
  op.oss_request = "";
  op.oss = ns.oss;
  op.source = lcm::kSourceSecurityManager;
  op.vnfs = vnfs;
  record(op, lcm::kStateStarting, reason);
  op.deadline = schedule(settings_.operation_timeout, "NsOperationDeadline",
                         [this, occurrence] { on_deadline(occurrence); });
  return op;
}

std::string NsLifecycle::add_vnf_for_security_manager(const std::string& ns_name,
                                                      const AddedVnf& added,
                                                      const std::string& reason,
                                                      SecurityManagerOperationEnded ended) {
  auto it = instances_.find(ns_name);
  if (it == instances_.end() || !it->second.instantiated) return "no running NS " + ns_name;
  NsInstance& ns = it->second;
  if (added.vnf.empty() || vnf_owner_.count(added.vnf)) return "VNF name " + added.vnf + " in use";
  if (settings_.vnfm.empty()) return "no VNFM for VNF " + added.vnf;
  auto resolved = resolve_(added.vnfd_id, added.package, ns_name + "/" + added.vnf);
  if (auto* why = std::get_if<std::string>(&resolved)) return *why;
  auto& package = std::get<ResolvedPackage>(resolved);
  messages::NsVnfInstantiation vnf;
  vnf.vnf = added.vnf;
  vnf.vnfd_id = added.vnfd_id;
  vnf.package = added.package;
  vnf.trust_domain = added.trust_domain;
  if (added.flavour) {
    vnf.flavour = *added.flavour;
  } else {
    const vnfm::Vnfd vnfd = vnfm::read_vnfd(added.vnfd_id, package.vnfd);
    vnf.flavour = vnfd.flavours.empty() ? "default" : vnfd.flavours.begin()->first;
  }
  if (auto problem = check_vnf(vnf, package); !problem.empty()) return problem;
  ns.vnfs.push_back({vnf.vnf, vnf.oss_app_id, vnf.vnfd_id, settings_.vnfm});
  vnf_owner_[vnf.vnf] = ns.ns;
  std::vector<std::string> members;
  for (const auto& v : ns.vnfs) members.push_back(v.vnf);
  NsOperation& op = start_security_manager_operation(ns, lcm::kUpdate, 1, reason);
  op.ended = std::move(ended);
  instantiate_vnf(op, ns, vnf, package, members);
  return "";
}

bool NsLifecycle::remove_vnf_for_security_manager(const std::string& vnf, const std::string& reason,
                                                  SecurityManagerOperationEnded ended) {
  const std::uint64_t next = next_occurrence_;
  if (!terminate_for_security_manager(vnf, reason)) return false;
  // The operation terminate_for_security_manager has just opened.
  auto it = operations_.find(host_.actor_context().name() + "-ns-op-" + std::to_string(next));
  if (it != operations_.end()) it->second.ended = std::move(ended);
  return true;
}

std::string NsLifecycle::ns_of(const std::string& vnf) const {
  auto it = vnf_owner_.find(vnf);
  return it == vnf_owner_.end() ? "" : it->second;
}

void NsLifecycle::notify_oss(const NsOperation& op, const std::string& state,
                             std::vector<messages::AffectedVnf> affected) {
  messages::NsLcmOperationOccurrenceNotification n;
  n.id = host_.actor_context().name() + "-ns-notification-" + std::to_string(next_notification_++);
  n.ns = op.ns;
  n.occurrence = op.occurrence;
  n.operation = op.operation;
  n.state = state;
  n.source = op.source;
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
      .add(dk::kSource, op.source)
      .add(dk::kCorr, op.correlation)
      .add(dk::kRequest, op.oss_request)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kVnfs, static_cast<long long>(op.vnfs));
  if (!op.nsd.empty()) detail.add(dk::kNsd, op.nsd);
  if (!op.descriptor.empty()) detail.add(dk::kDescriptor, op.descriptor);
  if (!op.added_vnfs.empty()) detail.add(dk::kAddedVnfs, comma_list(op.added_vnfs));
  if (!op.removed_vnfs.empty()) detail.add(dk::kRemovedVnfs, comma_list(op.removed_vnfs));
  if (!reason.empty()) detail.add(dk::kReason, reason);
  trace({.operation = decisions::kNsLcmOperation,
         .outcome = lower(state),
         .peer = op.oss,
         .reference_point = rp::kOsMaNfvo,
         .detail = detail});
}

std::string NsLifecycle::lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool NsLifecycle::end_state(const std::string& state) {
  return state == lcm::kStateCompleted || state == lcm::kStateFailed ||
         state == lcm::kStateRolledBack;
}

}  // namespace ifa026::actors::nfvo
