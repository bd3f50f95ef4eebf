// The VNFM's Or-Vnfm requests, grants, VIM/CISM allocations and auto-heal (see
// chain_operations.hpp).
#include "actors/vnfm/chain_operations.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::vnfm {
namespace {

using nlohmann::json;
namespace dk = detail_keys;
namespace rp = reference_points;

// The record outcome of an operation state ("STARTING" -> "starting", ...).
std::string outcome_of(const std::string& state) {
  if (state == lcm::kStateStarting) return outcomes::kStarting;
  if (state == lcm::kStateProcessing) return outcomes::kProcessing;
  if (state == lcm::kStateCompleted) return outcomes::kCompleted;
  if (state == lcm::kStateRolledBack) return outcomes::kRolledBack;
  return outcomes::kFailed;
}

bool good_package_verdict(const std::string& verdict) {
  return verdict.empty() || verdict == "verified" || verdict == "unsigned-accepted";
}

// The flavour id a request's `flavour` stands for in `vnfd` ("" = the default or only one).
std::string resolve_flavour(const Vnfd& vnfd, const std::string& flavour) {
  if (!flavour.empty()) return flavour;
  if (vnfd.flavours.size() == 1) return vnfd.flavours.begin()->first;
  return kDefaultFlavour;
}

}  // namespace

ChainOperations::ChainOperations(ManoEntityHost& host, SharedLifecycle shared, RetryPolicy requests)
    : host_(host),
      shared_(std::move(shared)),
      policy_(requests),
      requests_(host.actor_context(), "VnfmChainRequestTimeout") {
  auto& handlers = host.request_handlers();
  // A body that does not decode is answered with the response, status rejected (Bad input).
  auto refusal = [this]<class R>(const ChannelMessage& m, const std::string& reason) {
    R reply;
    reply.status = lcm::kStatusRejected;
    reply.reason = reason;
    host_.channels().reply(m, messages::to_envelope(reply));
  };
  handlers.on<messages::InstantiateVnfRequest>(
      [this](const auto& r, const ChannelMessage& m) { on_instantiate(r, m); },
      [refusal](const ChannelMessage& m, const std::string& reason) {
        refusal.template operator()<messages::InstantiateVnfResponse>(m, reason);
      });
  handlers.on<messages::ScaleVnfRequest>(
      [this](const auto& r, const ChannelMessage& m) { on_scale(r, m); },
      [refusal](const ChannelMessage& m, const std::string& reason) {
        refusal.template operator()<messages::ScaleVnfResponse>(m, reason);
      });
  handlers.on<messages::HealVnfRequest>(
      [this](const auto& r, const ChannelMessage& m) { on_heal(r, m); },
      [refusal](const ChannelMessage& m, const std::string& reason) {
        refusal.template operator()<messages::HealVnfResponse>(m, reason);
      });
  handlers.on<messages::TerminateVnfRequest>(
      [this](const auto& r, const ChannelMessage& m) { on_terminate(r, m); },
      [refusal](const ChannelMessage& m, const std::string& reason) {
        refusal.template operator()<messages::TerminateVnfResponse>(m, reason);
      });
  handlers.on<messages::ChangeVnfConfigurationRequest>(
      [this](const auto& r, const ChannelMessage& m) { on_change_configuration(r, m); },
      [refusal](const ChannelMessage& m, const std::string& reason) {
        refusal.template operator()<messages::ChangeVnfConfigurationResponse>(m, reason);
      });
  // Answers to the VNFM's own requests.
  handlers.on<messages::GrantLifecycleOperationResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_grant(r, m); });
  handlers.on<messages::AllocateComputeResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_allocated(r, m); });
  handlers.on<messages::CreateOsContainerWorkloadResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_allocated(r, m); });
  handlers.on<messages::ReleaseComputeResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_released(r, m); });
  handlers.on<messages::DeleteOsContainerWorkloadResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_released(r, m); });
  // Resource changes (D11: the allocation is the subscription).
  handlers.on<messages::VirtualisedResourceChangeNotification>(
      [this](const auto& n, const ChannelMessage& m) {
        on_resource_change(n, m, lcm::kSourceVim);
      });
  handlers.on<messages::OsContainerWorkloadChangeNotification>(
      [this](const auto& n, const ChannelMessage& m) {
        on_resource_change(n, m, lcm::kSourceCism);
      });
}

// ---- Or-Vnfm requests ----

void ChainOperations::on_instantiate(const messages::InstantiateVnfRequest& request,
                                     const ChannelMessage& m) {
  Origin origin{.source = request.source.empty() ? lcm::kSourceNfvo : request.source,
                .corr = request.correlation.empty() ? request.request_id : request.correlation,
                .request = request.request_id,
                .ns = request.ns,
                .nfvo = m.peer.name};
  LcmRequest lcm_request;
  lcm_request.operation = LcmOperation::instantiate;
  lcm_request.vnf = request.vnf;
  lcm_request.vnfd = request.vnfd_id;
  lcm_request.vnfcs = request.vnfcs;
  std::optional<std::string> refusal;
  std::vector<sim::Diagnostic> problems;
  if (request.vnf.empty())
    refusal = "no vnf named";
  else if (request.vnfd_id.empty())
    refusal = "no vnfd_id";
  else if (shared_.running.count(request.vnf))
    refusal = "VNF " + request.vnf + " has an operation in progress";
  if (!refusal) {
    check_vnfd(request.vnfd_id, request.vnfd, "/vnfd", "vnfd: ", problems);
    if (!problems.empty()) refusal = problems.front().pointer + ": " + problems.front().message;
  }
  if (!refusal) {
    Vnfd vnfd = read_vnfd(request.vnfd_id, request.vnfd);
    refusal = check_instantiate(request, vnfd);
    if (!refusal) {
      lcm_request.flavour = resolve_flavour(vnfd, request.flavour);
      refusal = shared_.lcm.add_vnfd(std::move(vnfd));
    }
  }
  accept_or_refuse<messages::InstantiateVnfResponse>(m, request.request_id, lcm_request,
                                                     std::move(origin), refusal);
}

std::optional<std::string> ChainOperations::check_instantiate(
    const messages::InstantiateVnfRequest& request, const Vnfd& vnfd) const {
  if (!vnfd.flavour(request.flavour))
    return "unknown flavour " + request.flavour + " in VNFD " + request.vnfd_id;
  if (!good_package_verdict(request.package.verdict))
    return "package " + request.package.package + " integrity " + request.package.verdict;
  if (request.certificate_configuration) {
    const auto& configuration = *request.certificate_configuration;
    if (configuration.mode != vnfd.certificate_mode)
      return "certificate mode " + configuration.mode + " differs from the VNFD's " +
             vnfd.certificate_mode;
    if (configuration.identities)
      for (const auto& identity : *configuration.identities) {
        auto vnfc = vnfd.vnfcs.find(identity.vnfc);
        if (vnfc == vnfd.vnfcs.end())
          return "certificate configuration names VNFC " + identity.vnfc + " the VNFD lacks";
        const auto& templates = vnfc->second.identities;
        if (std::none_of(templates.begin(), templates.end(),
                         [&](const IdentityTemplate& t) { return t.name == identity.identity; }))
          return "certificate configuration names identity " + identity.identity + " VNFC " +
                 identity.vnfc + " lacks";
      }
  }
  if (vnfd.certificate_mode == lcm::kModeDelegation)
    return "certificate mode delegation is not built on the chain yet (direct only)";
  return shared_.bootstrap_problem(vnfd);
}

std::optional<std::string> ChainOperations::check_running_chain_vnf(const std::string& vnf) const {
  if (vnf.empty()) return "no vnf named";
  if (shared_.running.count(vnf)) return "VNF " + vnf + " has an operation in progress";
  const VnfInstance* instance = shared_.lcm.find(vnf);
  if (instance == nullptr) return "unknown VNF " + vnf;
  if (instance->state != VnfState::instantiated) return "VNF " + vnf + " is not instantiated";
  if (!nfvo_of_.count(vnf)) return "VNF " + vnf + " was not instantiated over Or-Vnfm";
  return std::nullopt;
}

void ChainOperations::on_scale(const messages::ScaleVnfRequest& request, const ChannelMessage& m) {
  Origin origin{.source = request.source.empty() ? lcm::kSourceNfvo : request.source,
                .corr = request.correlation.empty() ? request.request_id : request.correlation,
                .request = request.request_id,
                .nfvo = m.peer.name,
                .reason = request.reason.value_or("")};
  LcmRequest lcm_request;
  lcm_request.vnf = request.vnf;
  lcm_request.vnfc = request.aspect;
  lcm_request.count = request.steps;
  std::optional<std::string> refusal;
  if (request.type == lcm::kScaleOut)
    lcm_request.operation = LcmOperation::scale_out;
  else if (request.type == lcm::kScaleIn)
    lcm_request.operation = LcmOperation::scale_in;
  else
    refusal = "type must be SCALE_OUT or SCALE_IN";
  if (!refusal && request.steps < 1)
    refusal = "steps must be at least 1 (got " + std::to_string(request.steps) + ")";
  if (!refusal) refusal = check_running_chain_vnf(request.vnf);
  accept_or_refuse<messages::ScaleVnfResponse>(m, request.request_id, lcm_request,
                                               std::move(origin), refusal);
}

void ChainOperations::on_heal(const messages::HealVnfRequest& request, const ChannelMessage& m) {
  Origin origin{.source = request.source.empty() ? lcm::kSourceNfvo : request.source,
                .corr = request.correlation.empty() ? request.request_id : request.correlation,
                .request = request.request_id,
                .nfvo = m.peer.name,
                .reason = request.cause};
  LcmRequest lcm_request;
  lcm_request.operation = LcmOperation::heal;
  lcm_request.vnf = request.vnf;
  lcm_request.vnfcis = request.vnfcis;
  accept_or_refuse<messages::HealVnfResponse>(m, request.request_id, lcm_request, std::move(origin),
                                              check_running_chain_vnf(request.vnf));
}

void ChainOperations::on_terminate(const messages::TerminateVnfRequest& request,
                                   const ChannelMessage& m) {
  Origin origin{.source = request.source.empty() ? lcm::kSourceNfvo : request.source,
                .corr = request.correlation.empty() ? request.request_id : request.correlation,
                .request = request.request_id,
                .nfvo = m.peer.name,
                .reason = request.reason.value_or("")};
  LcmRequest lcm_request;
  lcm_request.operation = LcmOperation::terminate;
  lcm_request.vnf = request.vnf;
  std::optional<std::string> refusal;
  if (!request.termination_type.empty() && request.termination_type != lcm::kTerminationForceful &&
      request.termination_type != lcm::kTerminationGraceful)
    refusal = "termination_type must be FORCEFUL or GRACEFUL";
  if (!refusal) refusal = check_running_chain_vnf(request.vnf);
  accept_or_refuse<messages::TerminateVnfResponse>(m, request.request_id, lcm_request,
                                                   std::move(origin), refusal);
}

void ChainOperations::on_change_configuration(
    const messages::ChangeVnfConfigurationRequest& request, const ChannelMessage& m) {
  Origin origin{.source = request.source.empty() ? lcm::kSourceNfvo : request.source,
                .corr = request.correlation.empty() ? request.request_id : request.correlation,
                .request = request.request_id,
                .nfvo = m.peer.name};
  refuse<messages::ChangeVnfConfigurationResponse>(
      m, request.request_id, request.vnf, lcm::kChangeConfiguration, origin,
      "CHANGE_CONFIGURATION is not built yet (the delegation-mode stage, C.2.2.4.6)");
}

template <class R>
void ChainOperations::refuse(const ChannelMessage& m, const std::string& request_id,
                             const std::string& vnf, const std::string& operation,
                             const Origin& origin, const std::string& reason) {
  Origin refused = origin;
  refused.reason = reason;
  record(outcomes::kRejected, operation, vnf, "", "", refused);
  R reply;
  reply.request_id = request_id;
  reply.vnf = vnf;
  reply.status = lcm::kStatusRejected;
  reply.reason = reason;
  host_.channels().reply(m, messages::to_envelope(reply));
}

template <class R>
void ChainOperations::accept_or_refuse(const ChannelMessage& m, const std::string& request_id,
                                       const LcmRequest& request, Origin origin,
                                       const std::optional<std::string>& refusal) {
  const std::string operation(to_string(request.operation));
  if (refusal) {
    refuse<R>(m, request_id, request.vnf, operation, origin, *refusal);
    return;
  }
  auto planned = shared_.lcm.plan(request);
  if (auto* reason = std::get_if<std::string>(&planned)) {
    refuse<R>(m, request_id, request.vnf, operation, origin, *reason);
    return;
  }
  if (request.operation == LcmOperation::instantiate) nfvo_of_[request.vnf] = origin.nfvo;
  const std::string vnf = request.vnf;
  const std::string occurrence = start(std::get<LcmPlan>(std::move(planned)), std::move(origin));
  R reply;
  reply.request_id = request_id;
  reply.vnf = vnf;
  reply.status = lcm::kStatusAccepted;
  reply.occurrence = occurrence;
  host_.channels().reply(m, messages::to_envelope(reply));
  const Operation& op = operations_.at(vnf);
  notify(op, lcm::kStateStarting, {});
  request_grant(vnf);
}

// ---- the operation ----

std::string ChainOperations::start(LcmPlan plan, Origin origin) {
  const std::string vnf = plan.vnf;
  Operation op;
  op.occurrence = host_.actor_context().name() + "-op-" + std::to_string(shared_.next_occurrence++);
  op.plan = std::move(plan);
  op.origin = std::move(origin);
  shared_.running.insert(vnf);
  record(outcomes::kStarting, std::string(to_string(op.plan.operation)), vnf, op.plan.vnfd,
         op.occurrence, op.origin, [&](TraceDetail& d) {
           d.add(dk::kPlannedAdded, static_cast<long long>(op.plan.added.size()))
               .add(dk::kPlannedRemoved, static_cast<long long>(op.plan.removed.size()));
         });
  const std::string occurrence = op.occurrence;
  operations_[vnf] = std::move(op);
  return occurrence;
}

std::string ChainOperations::kind_of(const Vnfci& vnfci) const {
  auto known = resources_.find(vnfci.name);
  if (known != resources_.end()) return known->second.kind;
  return vnfci.descriptor != nullptr && vnfci.descriptor->deployment == kDeploymentContainer
             ? lcm::kResourceOsContainer
             : lcm::kResourceCompute;
}

void ChainOperations::request_grant(const std::string& vnf) {
  const Operation& op = operations_.at(vnf);
  messages::GrantLifecycleOperationRequest grant;
  grant.correlation = op.origin.corr;
  grant.source = op.origin.source;
  grant.vnf = vnf;
  grant.vnfd_id = op.plan.vnfd;
  grant.occurrence = op.occurrence;
  grant.operation = std::string(to_string(op.plan.operation));
  grant.automatic = op.origin.automatic;
  for (const Vnfci& v : op.plan.added) {
    messages::GrantResource r;
    r.id = v.name;
    r.kind = kind_of(v);
    r.vnfc = v.vnfc;
    if (v.descriptor != nullptr)
      r.capacity =
          messages::ResourceCapacity{v.descriptor->compute.vcpus, v.descriptor->compute.memory_mb};
    grant.add_resources.push_back(std::move(r));
  }
  for (const Vnfci& v : op.plan.removed) {
    auto known = resources_.find(v.name);
    if (known == resources_.end()) continue;  // already gone (REMOVED by its producer)
    messages::GrantResource r;
    r.id = v.name;
    r.kind = known->second.kind;
    r.vnfc = v.vnfc;
    r.resource = known->second.resource;
    grant.remove_resources.push_back(std::move(r));
  }
  decision(decisions::kVnfLcmGrant, outcomes::kRequested,
           TraceDetail()
               .add(dk::kVnf, vnf)
               .add(dk::kOperation, grant.operation)
               .add(dk::kOccurrence, op.occurrence)
               .add(dk::kCorr, op.origin.corr)
               .add(dk::kAutomatic, grant.automatic ? "true" : "false")
               .add(dk::kAdded, static_cast<long long>(grant.add_resources.size()))
               .add(dk::kRemoved, static_cast<long long>(grant.remove_resources.size())),
           op.origin.nfvo, rp::kOrVnfm);
  send_request(Pending{.vnf = vnf,
                       .step = Step::grant,
                       .peer = op.origin.nfvo,
                       .reference_point = rp::kOrVnfm,
                       .build = [grant](const std::string& id) {
                         auto copy = grant;
                         copy.request_id = id;
                         return messages::to_envelope(copy);
                       }});
}

void ChainOperations::on_grant(const messages::GrantLifecycleOperationResponse& response,
                               const ChannelMessage& m) {
  auto pending = take_reply(response.request_id, m, decisions::kVnfLcmGrant);
  if (!pending) return;
  auto it = operations_.find(pending->vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  TraceDetail detail;
  detail.add(dk::kVnf, pending->vnf)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kCorr, op.origin.corr)
      .add(dk::kRequest, response.request_id);
  if (response.status != lcm::kStatusGranted) {
    const std::string reason = "grant rejected: " + response.reason.value_or(response.status);
    decision(decisions::kVnfLcmGrant, outcomes::kRejected, detail.add(dk::kReason, reason),
             m.peer.name, m.reference_point);
    finish(pending->vnf, lcm::kStateFailed, reason);
    return;
  }
  op.grant = response.grant.value_or("");
  if (response.resources)
    for (const auto& r : *response.resources) op.granted[r.id] = r;
  for (const Vnfci& v : op.plan.added)
    if (!op.granted.count(v.name)) {
      const std::string reason = "grant names no VIM or CISM for " + v.name;
      decision(decisions::kVnfLcmGrant, outcomes::kRejected, detail.add(dk::kReason, reason),
               m.peer.name, m.reference_point);
      finish(pending->vnf, lcm::kStateFailed, reason);
      return;
    }
  decision(decisions::kVnfLcmGrant, outcomes::kGranted, detail.add(dk::kGrant, op.grant),
           m.peer.name, m.reference_point);
  record(outcomes::kProcessing, std::string(to_string(op.plan.operation)), pending->vnf,
         op.plan.vnfd, op.occurrence, op.origin,
         [&](TraceDetail& d) { d.add(dk::kGrant, op.grant); });
  notify(op, lcm::kStateProcessing, {});
  step(pending->vnf);
}

// Releases first (D8), then allocations, one at a time in plan (VNFCI) order.
void ChainOperations::step(const std::string& vnf) {
  Operation& op = operations_.at(vnf);
  while (op.next < op.plan.removed.size()) {
    const Vnfci& old = op.plan.removed[op.next];
    auto known = resources_.find(old.name);
    if (known == resources_.end()) {  // its producer removed it already
      op.released.push_back(old);
      ++op.next;
      continue;
    }
    const Resource& r = known->second;
    messages::ResourceReleaseRequest body;
    body.correlation = op.origin.corr;
    body.resource = r.resource;
    body.vnfci = old.name;
    const bool container = r.kind == lcm::kResourceOsContainer;
    send_request(Pending{.vnf = vnf,
                         .step = Step::release,
                         .vnfci = old.name,
                         .peer = r.producer,
                         .reference_point = container ? rp::kCismSi : rp::kViVnfm,
                         .build = [body, container](const std::string& id) {
                           if (container) {
                             messages::DeleteOsContainerWorkloadRequest request{body};
                             request.request_id = id;
                             return messages::to_envelope(request);
                           }
                           messages::ReleaseComputeRequest request{body};
                           request.request_id = id;
                           return messages::to_envelope(request);
                         }});
    return;
  }
  const std::size_t index = op.next - op.plan.removed.size();
  if (index >= op.plan.added.size()) {
    finish(vnf, lcm::kStateCompleted, "");
    return;
  }
  const Vnfci& vnfci = op.plan.added[index];
  const messages::GrantedResource& where = op.granted.at(vnfci.name);
  messages::ResourceAllocationRequest body;
  body.correlation = op.origin.corr;
  body.grant = op.grant;
  body.vnf = vnf;
  body.vnfc = vnfci.vnfc;
  body.vnfci = vnfci.name;
  if (vnfci.descriptor != nullptr) {
    body.capacity = {vnfci.descriptor->compute.vcpus, vnfci.descriptor->compute.memory_mb};
    if (!vnfci.descriptor->image.empty()) body.image = vnfci.descriptor->image;
  }
  body.zone = where.zone;
  body.user_data = shared_.vnfci_params(op.plan, vnfci);
  const bool container = kind_of(vnfci) == lcm::kResourceOsContainer;
  send_request(Pending{.vnf = vnf,
                       .step = Step::allocate,
                       .vnfci = vnfci.name,
                       .peer = where.vim,
                       .reference_point = container ? rp::kCismSi : rp::kViVnfm,
                       .build = [body, container](const std::string& id) {
                         if (container) {
                           messages::CreateOsContainerWorkloadRequest request{body};
                           request.request_id = id;
                           return messages::to_envelope(request);
                         }
                         messages::AllocateComputeRequest request{body};
                         request.request_id = id;
                         return messages::to_envelope(request);
                       }});
}

void ChainOperations::on_allocated(const messages::ResourceAllocationResponse& response,
                                   const ChannelMessage& m) {
  auto pending = take_reply(response.request_id, m, decisions::kVnfciResource);
  if (!pending) return;
  auto it = operations_.find(pending->vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  TraceDetail detail;
  detail.add(dk::kVnfci, pending->vnfci)
      .add(dk::kVnf, pending->vnf)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kCorr, op.origin.corr)
      .add(dk::kVim, m.peer.name);
  const std::size_t index = op.next - op.plan.removed.size();
  if (response.status != lcm::kStatusAllocated || !response.resource) {
    op.failure = "allocation of " + pending->vnfci +
                 " refused: " + response.reason.value_or(response.status);
    decision(decisions::kVnfciResource, outcomes::kRejected, detail.add(dk::kReason, op.failure),
             m.peer.name, m.reference_point);
    rollback(pending->vnf);
    return;
  }
  const Vnfci& vnfci = op.plan.added.at(index);
  resources_[vnfci.name] = Resource{.resource = *response.resource,
                                    .producer = m.peer.name,
                                    .kind = kind_of(vnfci),
                                    .host = response.host.value_or("")};
  decision(decisions::kVnfciResource, outcomes::kAllocated,
           detail.add(dk::kResource, *response.resource)
               .add(dk::kResourceKind, resources_[vnfci.name].kind)
               .add(dk::kHost, response.host.value_or("")),
           m.peer.name, m.reference_point);
  op.allocated.push_back(vnfci);
  ++op.next;
  step(pending->vnf);
}

void ChainOperations::on_released(const messages::ResourceReleaseResponse& response,
                                  const ChannelMessage& m) {
  auto pending = take_reply(response.request_id, m, decisions::kVnfciResource);
  if (!pending) return;
  auto it = operations_.find(pending->vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  const bool released = response.status == lcm::kStatusReleased;
  TraceDetail detail;
  detail.add(dk::kVnfci, pending->vnfci)
      .add(dk::kVnf, pending->vnf)
      .add(dk::kOccurrence, op.occurrence)
      .add(dk::kCorr, op.origin.corr)
      .add(dk::kVim, m.peer.name)
      .add(dk::kResource, response.resource);
  if (!released) detail.add(dk::kReason, response.reason.value_or(response.status));
  decision(decisions::kVnfciResource, released ? outcomes::kReleased : outcomes::kRejected, detail,
           m.peer.name, m.reference_point);
  if (released) resources_.erase(pending->vnfci);
  if (pending->step == Step::rollback_release) {
    rollback(pending->vnf);
    return;
  }
  const Vnfci& old = op.plan.removed.at(op.next);
  if (released)
    op.released.push_back(old);
  else
    op.not_released.push_back(old.name);
  ++op.next;
  step(pending->vnf);
}

void ChainOperations::on_given_up(Pending pending) {
  auto it = operations_.find(pending.vnf);
  if (it == operations_.end()) return;
  Operation& op = it->second;
  const std::string reason = "no answer from " + pending.peer;
  switch (pending.step) {
    case Step::grant:
      decision(decisions::kVnfLcmGrant, outcomes::kFailed,
               TraceDetail()
                   .add(dk::kVnf, pending.vnf)
                   .add(dk::kOccurrence, op.occurrence)
                   .add(dk::kReason, reason),
               pending.peer, pending.reference_point);
      finish(pending.vnf, lcm::kStateFailed, "grant request unanswered");
      return;
    case Step::allocate:
      op.failure = "allocation of " + pending.vnfci + " unanswered";
      rollback(pending.vnf);
      return;
    case Step::release:
      op.not_released.push_back(pending.vnfci);
      ++op.next;
      step(pending.vnf);
      return;
    case Step::rollback_release:
      rollback(pending.vnf);
      return;
  }
}

// Releases the operation's allocations, newest first, then ends ROLLED_BACK (D7).
void ChainOperations::rollback(const std::string& vnf) {
  Operation& op = operations_.at(vnf);
  while (!op.allocated.empty()) {
    Vnfci last = op.allocated.back();
    op.allocated.pop_back();
    auto known = resources_.find(last.name);
    if (known == resources_.end()) continue;
    const Resource& r = known->second;
    messages::ResourceReleaseRequest body;
    body.correlation = op.origin.corr;
    body.resource = r.resource;
    body.vnfci = last.name;
    const bool container = r.kind == lcm::kResourceOsContainer;
    send_request(Pending{.vnf = vnf,
                         .step = Step::rollback_release,
                         .vnfci = last.name,
                         .peer = r.producer,
                         .reference_point = container ? rp::kCismSi : rp::kViVnfm,
                         .build = [body, container](const std::string& id) {
                           if (container) {
                             messages::DeleteOsContainerWorkloadRequest request{body};
                             request.request_id = id;
                             return messages::to_envelope(request);
                           }
                           messages::ReleaseComputeRequest request{body};
                           request.request_id = id;
                           return messages::to_envelope(request);
                         }});
    return;
  }
  finish(vnf, lcm::kStateRolledBack, op.failure);
}

void ChainOperations::finish(const std::string& vnf, const std::string& state,
                             const std::string& reason) {
  Operation op = std::move(operations_.at(vnf));
  operations_.erase(vnf);
  const bool completed = state == lcm::kStateCompleted;
  // What happened: removed VNFCIs released (in every end state), added ones only when completed.
  LcmPlan done = op.plan;
  done.removed = op.released;
  done.added = completed ? op.allocated : std::vector<Vnfci>{};
  std::vector<messages::VnfciEntry> affected;
  for (const Vnfci& v : done.removed) affected.push_back(to_entry(v, lcm::kChangeRemoved));
  for (const Vnfci& v : done.added) affected.push_back(to_entry(v, lcm::kChangeAdded));
  const bool instantiate = op.plan.operation == LcmOperation::instantiate;
  if (completed || !instantiate) {
    if (state != lcm::kStateFailed || !done.removed.empty()) shared_.lcm.apply(done);
  } else if (state == lcm::kStateRolledBack) {
    // The instance is deleted; the names its allocations used are never given again.
    LcmPlan names = done;
    names.operation = LcmOperation::terminate;
    shared_.lcm.apply(names);
  }
  if (instantiate && !completed) nfvo_of_.erase(vnf);
  if (op.plan.operation == LcmOperation::terminate && completed) nfvo_of_.erase(vnf);
  std::string why = reason;
  if (completed && !op.not_released.empty()) {
    std::string names;
    for (const auto& n : op.not_released) names += (names.empty() ? "" : ",") + n;
    why = "not released: " + names;
  }
  Origin origin = op.origin;
  if (!why.empty()) origin.reason = why;
  record(outcome_of(state), std::string(to_string(op.plan.operation)), vnf, op.plan.vnfd,
         op.occurrence, origin, [&](TraceDetail& d) {
           d.add(dk::kAdded, static_cast<long long>(done.added.size()))
               .add(dk::kRemoved, static_cast<long long>(done.removed.size()));
           if (const VnfInstance* instance = shared_.lcm.find(vnf))
             d.add(dk::kVnfcis, static_cast<long long>(instance->size()));
           if (!op.grant.empty()) d.add(dk::kGrant, op.grant);
         });
  op.origin.reason = why;
  notify(op, state, std::move(affected), why);
  if (instantiate && completed)
    decision(decisions::kVnfActivated, outcomes::kStarted,
             TraceDetail()
                 .add(dk::kVnf, vnf)
                 .add(dk::kVnfd, op.plan.vnfd)
                 .add(dk::kOccurrence, op.occurrence)
                 .add(dk::kCorr, op.origin.corr)
                 .add(dk::kState, "INSTANTIATED"));
  shared_.running.erase(vnf);
  shared_.idle(vnf);
}

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
  if (removed && n.correlation) {
    origin.source = producer_source;
    origin.corr = *n.correlation;
  } else {
    origin.source = lcm::kSourceVnfmAutoHeal;
    origin.corr = host_.actor_context().name() + "-heal-" + std::to_string(next_heal_++);
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
    origin.reason = "replacement not allowed";
    op.origin = origin;
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
    origin.reason = *reason;
    record(outcomes::kRejected, operation, vnf, instance->vnfd, "", origin,
           [&](TraceDetail& d) { d.add(dk::kVnfci, vnfci); });
    return;
  }
  start(std::get<LcmPlan>(std::move(planned)), std::move(origin));
  notify(operations_.at(vnf), lcm::kStateStarting, {});
  request_grant(vnf);
}

// ---- requests to peers ----

void ChainOperations::send_request(Pending pending) {
  requests_.start(
      std::move(pending), policy_,
      [this](std::uint64_t id, const Pending& p, int /*attempt*/) {
        host_.channels().send(p.peer, ChannelKind::mutual, p.reference_point,
                              p.build(host_.actor_context().name() + "-req-" + std::to_string(id)));
      },
      [this](std::uint64_t /*id*/, Pending p) { on_given_up(std::move(p)); });
}

std::optional<ChainOperations::Pending> ChainOperations::take_reply(const std::string& request_id,
                                                                    const ChannelMessage& m,
                                                                    const std::string& what) {
  const std::string prefix = host_.actor_context().name() + "-req-";
  std::uint64_t id = 0;
  bool ok = request_id.size() > prefix.size() && request_id.compare(0, prefix.size(), prefix) == 0;
  if (ok) {
    for (std::size_t i = prefix.size(); i < request_id.size(); ++i) {
      const char c = request_id[i];
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      id = id * 10 + static_cast<std::uint64_t>(c - '0');
    }
  }
  auto reply = ok ? requests_.reply(id) : RequestTracker<Pending>::Reply{};
  if (reply.match != ReplyMatch::answer || !reply.pending || reply.pending->peer != m.peer.name) {
    decision(what, outcomes::kIgnored,
             TraceDetail()
                 .add(dk::kRequest, request_id)
                 .add(dk::kReason, std::string(to_string(reply.match)) + " reply"),
             m.peer.name, m.reference_point);
    return std::nullopt;
  }
  return std::move(reply.pending);
}

// ---- records and notifications ----

void ChainOperations::record(const std::string& outcome, const std::string& operation,
                             const std::string& vnf, const std::string& vnfd,
                             const std::string& occurrence, const Origin& origin,
                             const std::function<void(TraceDetail&)>& extra) {
  TraceDetail detail;
  detail.add(dk::kOperation, operation).add(dk::kVnf, vnf);
  if (!vnfd.empty()) detail.add(dk::kVnfd, vnfd);
  if (!occurrence.empty()) detail.add(dk::kOccurrence, occurrence);
  detail.add(dk::kSource, origin.source).add(dk::kCorr, origin.corr);
  if (!origin.request.empty()) detail.add(dk::kRequest, origin.request);
  if (!origin.ns.empty()) detail.add(dk::kNs, origin.ns);
  if (!origin.reason.empty()) detail.add(dk::kReason, origin.reason);
  if (extra) extra(detail);
  decision(decisions::kVnfLcmOperation, outcome, detail, origin.nfvo,
           origin.nfvo.empty() ? "" : rp::kOrVnfm);
}

void ChainOperations::notify(const Operation& op, const std::string& state,
                             std::vector<messages::VnfciEntry> affected,
                             const std::string& reason) {
  LccnSubscriptions::Notification n;
  n.vnf = op.plan.vnf;
  n.vnfd = op.plan.vnfd;
  n.operation = std::string(to_string(op.plan.operation));
  n.state = state;
  n.occurrence = op.occurrence;
  n.affected_vnfcs = std::move(affected);
  n.source = op.origin.source;
  n.correlation = op.origin.corr;
  if (!reason.empty()) n.reason = reason;
  shared_.subscriptions.notify(std::move(n));
}

void ChainOperations::decision(const std::string& operation, const std::string& outcome,
                               const TraceDetail& detail, const std::string& peer,
                               const std::string& reference_point) {
  host_.tracer()({.operation = operation,
                  .outcome = outcome,
                  .peer = peer,
                  .reference_point = reference_point,
                  .detail = detail});
}

}  // namespace ifa026::actors::vnfm
