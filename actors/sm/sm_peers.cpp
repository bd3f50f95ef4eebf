// The Security Manager's peering and security associations (see sm_extension.hpp;
// docs/trust-model.md "SM peers and security associations"): as a requester it asks a peer SM for a
// service on Sm-Sm over mutual TLS (command service_request; SmRequest sent / answered / refused);
// as a provider it decides each request by the trust model (trust::decide_peer_service: an sm_peer
// edge listing the service, a trust edge for a cross-domain service) and records
// SmPeerAuthorization granted / rejected before it answers. It asks MANO for security associations
// between VNFs (command associate, SecurityAssociationRequest on Sc-Or; the
// SecurityAssociationReport answers it). Nothing received on Sm-Sm is added to the SM's known
// identifiers: the peer's name comes from the SM's own configuration (the command), never from what
// another SM sends (R2.1.120).
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/sm_peering.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "actors/sm/sm_extension.hpp"

namespace ifa026::actors::sm {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

void SmExtension::register_peer_handlers() {
  auto& h = host_.request_handlers();
  h.on<m::SmServiceRequest>([this](const m::SmServiceRequest& r, const ChannelMessage& from) {
    on_service_request(from, r);
  });
  h.on<m::SmServiceResponse>([this](const m::SmServiceResponse& r, const ChannelMessage& from) {
    answered(from, r.request_id, r.status, r.reason);
  });
  h.on<m::SecurityAssociationReport>(
      [this](const m::SecurityAssociationReport& r, const ChannelMessage& from) {
        learn_peer(from);
        learn(r.instance);
        learn(r.sa_id);
        answered(from, r.request_id, r.status, r.reason);
      });
}

void SmExtension::service_request_command(const sim::Command& command) {
  const std::string op = operations::kSmServiceRequest;
  const std::string peer = string_param(command.args, "peer");
  const std::string service = string_param(command.args, "service");
  const std::string domain = string_param(command.args, "domain");
  auto refuse = [&](const std::string& reason) {
    host_.tracer()({.operation = decisions::kSmRequest,
                    .outcome = kStatusRefused,
                    .peer = peer,
                    .reference_point = rp::kSmSm,
                    .detail = TraceDetail()
                                  .add(dk::kSmOperation, op)
                                  .add(dk::kService, service)
                                  .add(dk::kReason, "not sent: " + reason)});
  };
  if (peer.empty() || peer == name()) return refuse("no peer SM named");
  if (!host_.can_authenticate()) return refuse("no certificate for mutual TLS yet");
  const std::string request_id = next_request_id();
  state_.requests[request_id] = SmSentRequest{
      .request_id = request_id, .operation = op, .block = peer, .state = outcomes::kSent};
  host_.tracer()({.operation = decisions::kSmRequest,
                  .outcome = outcomes::kSent,
                  .peer = peer,
                  .reference_point = rp::kSmSm,
                  .detail = TraceDetail()
                                .add(dk::kSmOperation, op)
                                .add(dk::kRequest, request_id)
                                .add(dk::kService, service)
                                .add(dk::kDomain, domain)});
  std::optional<std::string> payload;
  if (command.args.contains("payload")) payload = string_param(command.args, "payload");
  host_.channels().send(
      peer, ChannelKind::mutual, rp::kSmSm,
      m::to_envelope(m::SmServiceRequest{
          .request_id = request_id, .service = service, .domain = domain, .payload = payload}));
}

void SmExtension::on_service_request(const ChannelMessage& from, const m::SmServiceRequest& r) {
  const std::string requester = from.peer.name;
  trust::PeerDecision decision;
  if (from.peer.kind != ChannelKind::mutual || !from.peer.certificate ||
      from.reference_point != rp::kSmSm)
    decision = {false, "not on a mutual-TLS Sm-Sm session"};
  else {
    const trust::TrustModel model =
        trust::TrustModel::from_section(host_.actor_context().trust_model());
    decision = trust::decide_peer_service(model, requester, name(), r.service, r.domain);
  }
  if (settings_.serve_any_peer) decision = {true, ""};
  if (settings_.refuse_peers) decision = {false, "refusing every peer (fault refuse_peers)"};
  TraceDetail detail;
  detail.add(dk::kSm, name())
      .add(dk::kPeer, requester)
      .add(dk::kService, r.service)
      .add(dk::kDomain, r.domain)
      .add(dk::kRequest, r.request_id);
  if (!decision.granted) detail.add(dk::kReason, decision.reason);
  host_.tracer()({.operation = decisions::kSmPeerAuthorization,
                  .outcome = decision.granted ? outcomes::kGranted : outcomes::kRejected,
                  .peer = requester,
                  .reference_point = rp::kSmSm,
                  .detail = detail});
  m::SmServiceResponse answer{.request_id = r.request_id,
                              .status = decision.granted ? kStatusOk : kStatusRefused};
  if (decision.granted)
    answer.payload = r.service + " for " + r.domain;
  else
    answer.reason = decision.reason;
  host_.channels().reply(from, m::to_envelope(answer));
}

void SmExtension::associate_command(const sim::Command& command) {
  const std::string op = operations::kSecurityAssociationRequest;
  std::string block, instance;
  if (!address(command, op, settings_.nfvo, block, instance)) return;
  m::SecurityAssociationRequest request;
  request.instance = instance;
  request.request_id = next_request_id();
  request.sa_id = string_param(command.args, "sa_id");
  request.endpoints = string_list_param(command.args, "endpoints");
  if (command.args.contains("relationship"))
    request.relationship = string_param(command.args, "relationship");
  if (request.endpoints.size() != 2) {
    refuse_command(op, block, "an association has exactly two endpoints");
    return;
  }
  sent(request.request_id, op, block);
  send(block, request);
}

}  // namespace ifa026::actors::sm
