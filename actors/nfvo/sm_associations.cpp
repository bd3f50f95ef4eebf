// The NFVO's security associations between VNFs for Security Managers (see sm_service.hpp;
// docs/trust-model.md "SM peers and security associations"; R1.1.90, R1.1.100). An SM asks on
// Sc-Or (SecurityAssociationRequest); the NFVO authorizes it by the SM's mode in its endpoints'
// domains (sm::permits: Semi- or Fully-Active) and by the trust model
// (trust::decide_association: one domain, or a trust edge allowing cross_domain_sa with the named
// relationship), then orders the first VNFCI of each endpoint (Vnf-Sa,
// SecurityAssociationSetup): the first opens a mutual TLS 1.3 session to the second with the
// certificate it enrolled, the second accepts it from that VNFCI only; each end reports
// (SecurityAssociationResult) and MANO answers the SM (SecurityAssociationReport). Records:
// SecurityAssociation accepted / refused / established / failed (sm, sa_id, endpoints, domains,
// relationship, reason). An endpoint the SM may not see gets the answer of an unknown VNF.
#include <utility>

#include "actors/common/sm_peering.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/nfvo/sm_service.hpp"

namespace ifa026::actors::nfvo {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

namespace {

constexpr const char* kRoleClient = "client";
constexpr const char* kRoleServer = "server";
// How long the NFVO waits for both ends' results before it reports the association failed.
const sim::Duration kResultTimeout = sim::Duration::seconds(10);

std::string comma(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace

void SmService::on_association(const ChannelMessage& from, const m::SecurityAssociationRequest& r) {
  const auto op = m::SecurityAssociationRequest::kOperation;
  const SmBindingState* b = gateway_.binding(from, r.instance, op, r.request_id);
  if (b == nullptr) return;
  const std::string sm_name = b->sm;
  TraceDetail detail;
  detail.add(dk::kSm, sm_name)
      .add(dk::kRequest, r.request_id)
      .add(dk::kSaId, r.sa_id)
      .add(dk::kEndpoints, comma(r.endpoints));
  if (r.relationship) detail.add(dk::kRelationship, *r.relationship);
  auto refuse = [&](const std::string& reason) {
    TraceDetail d = detail;
    d.add(dk::kReason, reason);
    trace({.operation = decisions::kSecurityAssociation,
           .outcome = outcomes::kRefused,
           .peer = sm_name,
           .reference_point = rp::kScOr,
           .detail = d});
    gateway_.reply(from, m::to_envelope(m::SecurityAssociationReport{.instance = r.instance,
                                                                     .request_id = r.request_id,
                                                                     .sa_id = r.sa_id,
                                                                     .status = sm::kStatusRefused,
                                                                     .reason = reason}));
  };
  if (r.endpoints.size() != 2 || r.endpoints[0] == r.endpoints[1])
    return refuse("an association needs two different VNF instances");
  if (r.kind != "mutual_tls") return refuse("kind must be mutual_tls, not \"" + r.kind + "\"");
  if (r.sa_id.empty() || associations_.count(r.sa_id) != 0)
    return refuse("sa_id missing or already in use");
  // Each endpoint as this SM may see it; the mode check (an SmAuthorization) for its own ones.
  std::vector<trust::SaEndpoint> ends;
  for (const auto& vnf : r.endpoints) {
    trust::SaEndpoint end{.vnf = vnf};
    auto known = vnfs_.find(vnf);
    if (known != vnfs_.end() && known->second.state == "INSTANTIATED")
      end.domain = known->second.facts.trust_domain;
    const bool seen = end.domain && seen_by(sm_name, vnf) != nullptr;
    // The fault: any existing VNF counts as the SM's own.
    end.own = seen || (associate_foreign_ && end.domain);
    if (seen) {
      std::string reason;
      if (!gateway_.authorize(*b, op, "", *end.domain, vnf, reason)) return refuse(reason);
    }
    ends.push_back(end);
  }
  trust::SaDecision decision =
      trust::decide_association(gateway_.table().model(), ends[0], ends[1], r.relationship);
  // The fault: MANO sets up an association between two existing VNFs without the trust edge.
  if (!decision.granted && associate_untrusted_ && decision.reason == "no trust relationship" &&
      ends[0].domain && ends[1].domain && (ends[0].own || ends[1].own))
    decision = {.granted = true,
                .cross_domain = true,
                .relationship = r.relationship.value_or(""),
                .reason = ""};
  if (!decision.granted) return refuse(decision.reason);
  const std::string domains = *ends[0].domain + "," + *ends[1].domain;
  detail.add(dk::kDomains, domains);
  // The first VNFCI of each endpoint; the VNFCI itself says whether it holds a certificate.
  const auto& first = vnfs_.at(r.endpoints[0]).vnfcis;
  const auto& second = vnfs_.at(r.endpoints[1]).vnfcis;
  if (first.empty() || second.empty()) return refuse("an endpoint has no VNFC instance");
  PendingAssociation pending{
      .from = from,
      .request = r,
      .sm = sm_name,
      .ends = {{first.front(), r.endpoints[0]}, {second.front(), r.endpoints[1]}},
      .results = {},
      .relationship = decision.relationship,
      .domains = domains,
      .timer = {}};
  TraceDetail accepted = detail;
  accepted.add(dk::kVnfcis, first.front() + "," + second.front());
  trace({.operation = decisions::kSecurityAssociation,
         .outcome = outcomes::kAccepted,
         .peer = sm_name,
         .reference_point = rp::kScOr,
         .detail = accepted});
  gateway_.audit(sm_name, *ends[0].domain, decisions::kSecurityAssociation,
                 r.sa_id + " " + comma(r.endpoints));
  const std::string sa_id = r.sa_id;
  pending.timer = host_.schedule(kResultTimeout, "SecurityAssociationTimeout", [this, sa_id] {
    finish_association(sa_id, sm::kStatusFailed, "no result from both ends");
  });
  std::optional<std::string> relationship;
  if (!decision.relationship.empty()) relationship = decision.relationship;
  associations_.emplace(sa_id, std::move(pending));
  // The server first, so that it expects the client's session when it opens.
  host_.send_envelope(second.front(), rp::kVnfSa,
                      m::to_envelope(m::SecurityAssociationSetup{.sa_id = sa_id,
                                                                 .role = kRoleServer,
                                                                 .vnf = r.endpoints[1],
                                                                 .peer = first.front(),
                                                                 .peer_vnf = r.endpoints[0],
                                                                 .relationship = relationship}));
  host_.send_envelope(first.front(), rp::kVnfSa,
                      m::to_envelope(m::SecurityAssociationSetup{.sa_id = sa_id,
                                                                 .role = kRoleClient,
                                                                 .vnf = r.endpoints[0],
                                                                 .peer = second.front(),
                                                                 .peer_vnf = r.endpoints[1],
                                                                 .relationship = relationship}));
}

void SmService::on_association_result(const sim::Message& from,
                                      const m::SecurityAssociationResult& result) {
  auto it = associations_.find(result.sa_id);
  if (it == associations_.end() || it->second.ends.count(from.from) == 0 ||
      result.vnfci != from.from) {
    trace({.operation = decisions::kSecurityAssociation,
           .outcome = outcomes::kIgnored,
           .peer = from.from,
           .reference_point = rp::kVnfSa,
           .detail = TraceDetail()
                         .add(dk::kSaId, result.sa_id)
                         .add(dk::kReason, "answers no association of this VNFCI")});
    return;
  }
  it->second.results[from.from] = result;
  if (result.status != outcomes::kEstablished)
    return finish_association(result.sa_id, sm::kStatusFailed,
                              from.from + ": " + result.reason.value_or(result.status));
  if (it->second.results.size() == it->second.ends.size())
    finish_association(result.sa_id, outcomes::kEstablished, "");
}

void SmService::finish_association(const std::string& sa_id, const std::string& status,
                                   const std::string& reason) {
  auto it = associations_.find(sa_id);
  if (it == associations_.end()) return;
  PendingAssociation p = std::move(it->second);
  associations_.erase(it);
  host_.actor_context().withdraw(p.timer);
  std::vector<std::string> subjects;
  for (const auto& [vnfci, r] : p.results)
    if (r.peer_subject) subjects.push_back(*r.peer_subject);
  TraceDetail detail;
  detail.add(dk::kSm, p.sm)
      .add(dk::kRequest, p.request.request_id)
      .add(dk::kSaId, sa_id)
      .add(dk::kEndpoints, comma(p.request.endpoints))
      .add(dk::kDomains, p.domains);
  if (!p.relationship.empty()) detail.add(dk::kRelationship, p.relationship);
  if (!reason.empty()) detail.add(dk::kReason, reason);
  trace({.operation = decisions::kSecurityAssociation,
         .outcome = status,
         .peer = p.sm,
         .reference_point = rp::kScOr,
         .detail = detail});
  m::SecurityAssociationReport report{.instance = p.request.instance,
                                      .request_id = p.request.request_id,
                                      .sa_id = sa_id,
                                      .status = status,
                                      .peer_subjects = subjects};
  if (!reason.empty()) report.reason = reason;
  gateway_.reply(p.from, m::to_envelope(report));
}

}  // namespace ifa026::actors::nfvo
