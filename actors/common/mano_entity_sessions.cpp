// The MANO entity's access control and peer session checks (see mano_entity_sessions.hpp).
#include "actors/common/mano_entity_sessions.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/operation_error.hpp"
#include "actors/messages/operations.hpp"

namespace ifa026::actors {

namespace dk = detail_keys;

namespace {

constexpr const char* kSessionCheckTimer = "session-check";
constexpr std::size_t kNonceBytes = 16;

}  // namespace

ManoEntitySessions::ManoEntitySessions(ManoEntityState& state)
    : ManoEntityPart(state), checks_(state.context, kSessionCheckTimer) {}

void ManoEntitySessions::answer_session_check(const ChannelMessage& m,
                                              const messages::SessionCheckRequest& request) {
  messages::SessionCheckResponse response;
  response.nonce = request.nonce;
  channels_.reply(m, messages::to_envelope(response));
}

void ManoEntitySessions::refuse_session_check(const ChannelMessage& m, const std::string& reason) {
  messages::SessionCheckResponse refusal;
  refusal.status = "error";
  refusal.reason = reason;
  channels_.reply(m, messages::to_envelope(refusal));
}

// Wim/Cism/Cir.Sc.001: only a peer authenticated by a mutual certificate (chained to the trust
// anchor by the channel) and allowed by `access` (or a configuration relay) may send requests.
bool ManoEntitySessions::authorised(const ChannelMessage& m) {
  std::string reason;
  if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
    reason =
        "not authenticated by a certificate (channel " + std::string(to_string(m.peer.kind)) + ")";
  } else if (access_control_ && !allowed_peer(m.peer.name)) {
    reason = "peer not in access list";
  }
  if (reason.empty()) return true;
  trace_denial(m, reason);
  const std::string& operation = m.envelope.operation;
  if (operation == operations::kSessionCheckRequest)
    refuse_session_check(m, "access denied: " + reason);
  else
    channels_.reply(
        m, messages::to_envelope(messages::error_operation(operation),
                                 messages::OperationError{"error", "access denied: " + reason}));
  return false;
}

void ManoEntitySessions::trace_denial(const ChannelMessage& m, const std::string& reason) {
  trace({.operation = decisions::kAccessDenied,
         .outcome = outcomes::kRejected,
         .peer = m.peer.name,
         .reference_point = m.reference_point,
         .detail = TraceDetail()
                       .add(dk::kPeer, m.peer.name)
                       .add(dk::kOperation, m.envelope.operation)
                       .add(dk::kReason, reason)});
}

bool ManoEntitySessions::allowed_peer(const std::string& peer) const {
  if (std::find(access_.begin(), access_.end(), peer) != access_.end()) return true;
  return relays_.count(peer) > 0;
}

std::string ManoEntitySessions::cannot_authenticate() const {
  if (channels_.credentials().key && channels_.credentials().certificate) return "";
  // An HSM-held key of a type the TLS signer does not serve (CertificateInstalled says why).
  return hsm_.empty() || !state_.current ? "no certificate installed"
                                         : "the HSM-resident key cannot sign TLS handshakes";
}

// Session checks with `peers` (default: the `peers` parameter) over mutual TLS; a workload
// `check_peers` may name other peers ({"peers": [...]}) and, for negative scenarios, send them
// over a server_auth session that presents no certificate ({"channel": "server_auth"}).
void ManoEntitySessions::run_peer_checks(const json& args) {
  std::vector<std::string> peers = peers_;
  if (auto it = args.find("peers"); it != args.end() && it->is_array()) {
    peers.clear();
    for (const auto& p : *it)
      if (p.is_string()) peers.push_back(p.get<std::string>());
  }
  const ChannelKind channel = args.value("channel", std::string()) == "server_auth"
                                  ? ChannelKind::server_auth
                                  : ChannelKind::mutual;
  const RetryPolicy policy{
      .timeout = peer_retry_, .retries = static_cast<int>(peer_retries_), .backoff = 1};
  for (const auto& peer : peers) {
    // A new round replaces the peer's check in progress: its answers no longer count.
    if (auto previous = current_.find(peer); previous != current_.end())
      checks_.cancel(previous->second);
    current_[peer] = checks_.start(
        PeerCheck{.peer = peer, .channel = channel, .nonce = {}, .attempts = 0}, policy,
        [this](std::uint64_t id, const PeerCheck&, int) { attempt_session_check(id); },
        [this](std::uint64_t, PeerCheck check) {
          guarded(kSessionCheckTimer, [&] {
            trace({.operation = decisions::kSessionCheck,
                   .outcome = outcomes::kFailed,
                   .peer = check.peer,
                   .detail = TraceDetail()
                                 .add(dk::kPeer, check.peer)
                                 .add(dk::kAttempts, check.attempts)
                                 .add(dk::kReason, "no answer")});
          });
        });
  }
}

void ManoEntitySessions::attempt_session_check(std::uint64_t id) {
  guarded(kSessionCheckTimer, [&] {
    PeerCheck& check = *checks_.find(id);
    if (check.channel == ChannelKind::mutual) {
      if (const std::string reason = cannot_authenticate(); !reason.empty()) {
        trace({.operation = decisions::kSessionCheck,
               .outcome = outcomes::kSkipped,
               .peer = check.peer,
               .detail = TraceDetail().add(dk::kPeer, check.peer).add(dk::kReason, reason)});
        // Closes the check: no timer is set for this attempt, and nothing of the check is used
        // after this.
        checks_.cancel(id);
        return;
      }
    }
    ++check.attempts;
    check.nonce.resize(kNonceBytes);
    for (std::size_t i = 0; i < check.nonce.size(); i += 8) {
      const auto r = context().random().next_u64();
      for (std::size_t j = 0; j < 8; ++j)
        check.nonce[i + j] = static_cast<std::uint8_t>(r >> (8 * j));
    }
    std::string rp = reference_point_to(check.peer);
    if (rp.empty()) rp = "unspecified";
    channels_.send(check.peer, check.channel, rp,
                   messages::to_envelope(messages::SessionCheckRequest{.nonce = check.nonce}));
  });
}

void ManoEntitySessions::on_session_check_response(const ChannelMessage& m,
                                                   const messages::SessionCheckResponse& response) {
  auto current = current_.find(m.peer.name);
  PeerCheck* check = current == current_.end() ? nullptr : checks_.find(current->second);
  if (check == nullptr) {
    trace({.operation = operations::kSessionCheckResponse,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = TraceDetail().add(dk::kReason, "no session check pending")});
    return;
  }
  TraceDetail detail;
  detail.add(dk::kPeer, m.peer.name).add(dk::kChannel, to_string(m.peer.kind));
  if (m.peer.certificate) detail.add(dk::kPeerSubject, m.peer.certificate->subject().to_string());
  std::string outcome = outcomes::kOk;
  const std::string status = response.status.value_or("");
  if (status == "error" || status == outcomes::kRejected) {
    outcome = outcomes::kFailed;
    detail.add(dk::kReason, response.reason.value_or(status));
  } else if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
    outcome = outcomes::kFailed;
    detail.add(dk::kReason, "not a mutual TLS session");
  } else if (!response.nonce || *response.nonce != check->nonce) {
    // A stale answer to an earlier attempt: wait for the current one.
    trace({.operation = operations::kSessionCheckResponse,
           .outcome = outcomes::kRejected,
           .peer = m.peer.name,
           .reference_point = m.reference_point,
           .detail = TraceDetail().add(dk::kReason, "nonce does not match")});
    return;
  }
  detail.add(dk::kAttempts, check->attempts);
  checks_.reply(current->second);
  trace({.operation = decisions::kSessionCheck,
         .outcome = outcome,
         .peer = m.peer.name,
         .reference_point = m.reference_point,
         .detail = detail});
}

}  // namespace ifa026::actors
