// The VNFM's Or-Vnfm requests: handler registration, the checks and refusals of each request
// (docs/lifecycle.md, "Bad input"), the answer and the start of the operation (see
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

namespace rp = reference_points;

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
  handlers.on<messages::ComputeReservationResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_reserved(r, m); });
  handlers.on<messages::OsContainerWorkloadReservationResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_reserved(r, m); });
  handlers.on<messages::ComputeReservationReleaseResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_reservations_released(r, m); });
  handlers.on<messages::OsContainerWorkloadReservationReleaseResponse>(
      [this](const auto& r, const ChannelMessage& m) { on_reservations_released(r, m); });
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

// `vnfd` with each identity the configuration names replaced: the subject from its fields (CN, O,
// C, ST, L; {vnf} and {vnfci} as in the VNFD's templates), the SANs when it gives any, and the
// certification type (an OAM certificate is used for OAM).
Vnfd ChainOperations::with_identity_overrides(Vnfd vnfd,
                                              const messages::VnfCertificateConfiguration& c) {
  for (const auto& o : *c.identities) {
    auto vnfc = vnfd.vnfcs.find(o.vnfc);
    if (vnfc == vnfd.vnfcs.end()) continue;  // refused by check_instantiate
    for (auto& t : vnfc->second.identities) {
      if (t.name != o.identity) continue;
      std::string subject = "CN=" + o.subject.common_name;
      const std::pair<const char*, const std::optional<std::string>*> parts[] = {
          {"O", &o.subject.organization},
          {"C", &o.subject.country},
          {"ST", &o.subject.state},
          {"L", &o.subject.locality}};
      for (const auto& [attribute, value] : parts)
        if (*value) subject += std::string(",") + attribute + "=" + **value;
      t.subject = std::move(subject);
      if (!o.san_dns.empty()) t.dns = o.san_dns;
      if (!o.certification_type.empty()) {
        t.certification_type = o.certification_type;
        if (o.certification_type == lcm::kCertificationOam) t.usage = "oam";
      }
    }
  }
  return vnfd;
}

// Who asked: the request's source (absent: the NFVO) and correlation (absent: its own id).
template <class Request>
ChainOperations::Origin ChainOperations::origin_of(const Request& request,
                                                   const ChannelMessage& m) {
  Origin origin;
  origin.source = request.source.empty() ? lcm::kSourceNfvo : request.source;
  origin.corr = request.correlation.empty() ? request.request_id : request.correlation;
  origin.request = request.request_id;
  origin.nfvo = m.peer.name;
  return origin;
}

void ChainOperations::on_instantiate(const messages::InstantiateVnfRequest& request,
                                     const ChannelMessage& m) {
  Origin origin = origin_of(request, m);
  origin.ns = request.ns;
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
      if (request.certificate_configuration && request.certificate_configuration->identities &&
          !request.certificate_configuration->identities->empty()) {
        // The OSS's identities (Nfvo.Sc.006/007) override the VNFD's for this VNF only: the VNF
        // runs from a descriptor of its own, "<vnfd>@<vnf>".
        vnfd = with_identity_overrides(std::move(vnfd), *request.certificate_configuration);
        vnfd.id = request.vnfd_id + "@" + request.vnf;
        lcm_request.vnfd = vnfd.id;
      }
      refusal = shared_.lcm.add_vnfd(std::move(vnfd));
    }
  }
  if (!refusal && request.vim_connections) producers_of_[request.vnf] = *request.vim_connections;
  if (!refusal && request.trust_domain)
    security_view_[request.vnf] = {request.trust_domain, request.hidden_from, request.oss_app_id};
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
  if (vnfd.certificate_mode == lcm::kModeDelegation && shared_.delegation == nullptr)
    return "certificate mode delegation: this VNFM has no delegation manager";
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
  Origin origin = origin_of(request, m);
  origin.reason = request.reason.value_or("");
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
  Origin origin = origin_of(request, m);
  origin.reason = request.cause;
  LcmRequest lcm_request;
  lcm_request.operation = LcmOperation::heal;
  lcm_request.vnf = request.vnf;
  lcm_request.vnfcis = request.vnfcis;
  accept_or_refuse<messages::HealVnfResponse>(m, request.request_id, lcm_request, std::move(origin),
                                              check_running_chain_vnf(request.vnf));
}

void ChainOperations::on_terminate(const messages::TerminateVnfRequest& request,
                                   const ChannelMessage& m) {
  Origin origin = origin_of(request, m);
  origin.reason = request.reason.value_or("");
  origin.security_options = request.security_options;
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
  Origin origin = origin_of(request, m);
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

}  // namespace ifa026::actors::vnfm
