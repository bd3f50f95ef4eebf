// A VNFCI's security associations (see vnfci_associations.hpp).
#include "actors/vnfci/vnfci_associations.hpp"

#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::vnfci {

namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

namespace {
constexpr const char* kRoleClient = "client";
constexpr const char* kNotOrdered = "no association ordered with this VNFCI";
}  // namespace

VnfciAssociations::VnfciAssociations(VnfciState& state)
    : ActorPiece(state.toolkit),
      state_(state),
      channels_(
          state.context, state.toolkit.guard,
          [this](const ChannelMessage& m) { on_channel_message(m); },
          [this](const std::string& peer, ChannelKind, const std::string& failure,
                 const std::vector<Envelope>&) { on_failure(peer, failure); }),
      plain_(state.toolkit.guard),
      channel_handlers_(state.toolkit.guard) {
  channel_handlers_.on<m::SecurityAssociationHello>(
      [this](const m::SecurityAssociationHello& h, const ChannelMessage& from) {
        on_hello(from, h);
      });
  channel_handlers_.on<m::SecurityAssociationAccept>(
      [this](const m::SecurityAssociationAccept& a, const ChannelMessage& from) {
        on_accept(from, a);
      });
  plain_.on<m::SecurityAssociationSetup>([this](const m::SecurityAssociationSetup& s,
                                                const sim::Message& from) { on_setup(from, s); });
}

bool VnfciAssociations::handle(const sim::Message& message) {
  if (message.reference_point == rp::kVnfVnf) return channels_.handle(message);
  if (message.reference_point != rp::kVnfSa) return false;
  std::string error;
  auto envelope = decode_envelope(message.payload, &error);
  if (!envelope ||
      !plain_.dispatch(*envelope, message,
                       {.operation = envelope ? envelope->operation : message.operation,
                        .peer = message.from,
                        .reference_point = message.reference_point}))
    trace({.operation = message.operation.empty() ? decisions::kMessage : message.operation,
           .outcome = outcomes::kRejected,
           .peer = message.from,
           .reference_point = message.reference_point,
           .detail = TraceDetail().add(dk::kReason, envelope ? "unsupported operation"
                                                             : "undecodable envelope: " + error)});
  return true;
}

bool VnfciAssociations::load_credentials(std::string& why) {
  if (load_identity_credentials(state_, channels_.credentials())) return true;
  why = "no identity holds a certificate";
  return false;
}

void VnfciAssociations::on_setup(const sim::Message& from, const m::SecurityAssociationSetup& s) {
  Association& a = associations_[s.sa_id];
  a = Association{.setup = s, .manager = from.from, .done = false};
  std::string why;
  if (!load_credentials(why)) return finish(a, outcomes::kFailed, "", why);
  if (s.role == kRoleClient) send_hello(s);
}

void VnfciAssociations::send_hello(const m::SecurityAssociationSetup& s) {
  channels_.send(s.peer, ChannelKind::mutual, rp::kVnfVnf,
                 m::to_envelope(m::SecurityAssociationHello{.sa_id = s.sa_id}));
}

bool VnfciAssociations::retry_hello(Association& a, const std::string& reason) {
  if (a.setup.role != kRoleClient || a.attempts >= kHelloAttempts) return false;
  const sim::Duration wait = sim::Duration::seconds(1) * (std::int64_t{1} << (a.attempts - 1));
  ++a.attempts;
  trace({.operation = decisions::kSecurityAssociation,
         .outcome = outcomes::kRetry,
         .peer = a.setup.peer,
         .reference_point = rp::kVnfVnf,
         .detail = TraceDetail()
                       .add(dk::kSaId, a.setup.sa_id)
                       .add(dk::kReason, reason)
                       .add("attempt", std::to_string(a.attempts))
                       .add("after", sim::format_duration(wait))});
  schedule(wait, "sa-hello-retry", [this, id = a.setup.sa_id] {
    auto it = associations_.find(id);
    if (it != associations_.end() && !it->second.done) send_hello(it->second.setup);
  });
  return true;
}

namespace {
std::string subject_of(const ChannelMessage& msg) {
  return msg.peer.certificate ? msg.peer.certificate->subject().to_string() : std::string();
}
}  // namespace

void VnfciAssociations::on_channel_message(const ChannelMessage& msg) {
  if (channel_handlers_.dispatch(msg.envelope, msg,
                                 {.operation = msg.envelope.operation,
                                  .peer = msg.peer.name,
                                  .reference_point = msg.reference_point}))
    return;
  trace({.operation = msg.envelope.operation,
         .outcome = outcomes::kRejected,
         .peer = msg.peer.name,
         .reference_point = msg.reference_point,
         .detail = TraceDetail().add(dk::kReason, "unsupported operation")});
}

void VnfciAssociations::on_hello(const ChannelMessage& msg, const m::SecurityAssociationHello& h) {
  const std::string subject = subject_of(msg);
  auto it = associations_.find(h.sa_id);
  m::SecurityAssociationAccept accept{.sa_id = h.sa_id};
  if (it == associations_.end() || it->second.done || it->second.setup.role == kRoleClient ||
      it->second.setup.peer != msg.peer.name || msg.peer.kind != ChannelKind::mutual ||
      subject.empty()) {
    accept.status = outcomes::kRefused;
    accept.reason = kNotOrdered;
    trace({.operation = decisions::kSecurityAssociation,
           .outcome = outcomes::kRefused,
           .peer = msg.peer.name,
           .reference_point = rp::kVnfVnf,
           .detail = TraceDetail().add(dk::kSaId, h.sa_id).add(dk::kReason, *accept.reason)});
  } else {
    accept.status = outcomes::kEstablished;
    accept.peer_subject = subject;
    finish(it->second, outcomes::kEstablished, subject, "");
  }
  channels_.reply(msg, m::to_envelope(accept));
}

void VnfciAssociations::on_accept(const ChannelMessage& msg,
                                  const m::SecurityAssociationAccept& accept) {
  const std::string subject = subject_of(msg);
  auto it = associations_.find(accept.sa_id);
  if (it == associations_.end() || it->second.done || it->second.setup.peer != msg.peer.name)
    return;
  if (accept.status == outcomes::kEstablished && !subject.empty())
    finish(it->second, outcomes::kEstablished, subject, "");
  else if (accept.reason != kNotOrdered || !retry_hello(it->second, *accept.reason))
    finish(it->second, outcomes::kFailed, subject,
           "the peer refused: " + accept.reason.value_or(accept.status));
}

void VnfciAssociations::on_failure(const std::string& peer, const std::string& failure) {
  for (auto& [id, a] : associations_)
    if (!a.done && a.setup.peer == peer && !retry_hello(a, "TLS: " + failure))
      finish(a, outcomes::kFailed, "", "TLS: " + failure);
}

void VnfciAssociations::finish(Association& a, const std::string& status,
                               const std::string& peer_subject, const std::string& reason) {
  a.done = true;
  TraceDetail detail;
  detail.add(dk::kSaId, a.setup.sa_id)
      .add(dk::kVnf, a.setup.vnf)
      .add(dk::kPeer, a.setup.peer)
      .add(dk::kPeerVnf, a.setup.peer_vnf)
      .add(dk::kRole, a.setup.role);
  if (a.setup.relationship) detail.add(dk::kRelationship, *a.setup.relationship);
  if (!peer_subject.empty()) detail.add(dk::kPeerSubject, peer_subject);
  if (!reason.empty()) detail.add(dk::kReason, reason);
  trace({.operation = decisions::kSecurityAssociation,
         .outcome = status,
         .peer = a.setup.peer,
         .reference_point = rp::kVnfVnf,
         .detail = detail});
  m::SecurityAssociationResult result{
      .sa_id = a.setup.sa_id, .vnfci = state_.context.name(), .status = status};
  if (!peer_subject.empty()) result.peer_subject = peer_subject;
  if (!reason.empty()) result.reason = reason;
  state_.context.post(
      sim::Message{.from = state_.context.name(),
                   .to = a.manager,
                   .reference_point = rp::kVnfSa,
                   .operation = std::string(m::SecurityAssociationResult::kOperation),
                   .step = {},
                   .payload = encode_envelope(m::to_envelope(result))});
}

}  // namespace ifa026::actors::vnfci
