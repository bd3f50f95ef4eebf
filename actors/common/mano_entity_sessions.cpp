// The MANO entity's access control and peer session checks (see mano_entity_sessions.hpp).
#include "actors/common/mano_entity_sessions.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors {

ManoEntitySessions::ManoEntitySessions(ManoEntityState& state) : ManoEntityPart(state) {}

void ManoEntitySessions::answer_session_check(const ChannelMessage& m) {
  Envelope reply{operations::kSessionCheckResponse, "", json::object()};
  auto nonce = get_bytes(m.envelope.body, "nonce");
  if (!nonce) {
    reply.body["status"] = "error";
    reply.body["reason"] = "no nonce";
  } else {
    set_bytes(reply.body, "nonce", *nonce);
  }
  channels_.reply(m, std::move(reply));
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
  TraceDetail detail;
  detail.add("peer", m.peer.name).add("operation", m.envelope.operation).add("reason", reason);
  record(RecordKind::decision, "AccessDenied", "rejected", detail, m.peer.name, m.reference_point);
  Envelope reply{m.envelope.operation == operations::kSessionCheckRequest
                     ? operations::kSessionCheckResponse
                     : m.envelope.operation + "Error",
                 "", json::object()};
  reply.body["status"] = "error";
  reply.body["reason"] = "access denied: " + reason;
  channels_.reply(m, std::move(reply));
  return false;
}

bool ManoEntitySessions::allowed_peer(const std::string& peer) const {
  if (std::find(access_.begin(), access_.end(), peer) != access_.end()) return true;
  return relays_.count(peer) > 0;
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
  for (const auto& peer : peers) {
    auto& check = checks_[peer];
    if (check.timer.valid()) context().cancel(check.timer);
    check = PeerCheck{check.generation + 1, 0, {}, false, {}, channel};
    attempt_session_check(peer, check.generation);
  }
}

void ManoEntitySessions::attempt_session_check(const std::string& peer, std::uint64_t generation) {
  auto& check = checks_[peer];
  if (check.generation != generation || check.answered) return;
  if (check.channel == ChannelKind::mutual &&
      (!channels_.credentials().key || !channels_.credentials().certificate)) {
    decision("SessionCheck", "skipped",
             TraceDetail()
                 .add("peer", peer)
                 .add("reason", hsm_.empty() ? "no certificate installed"
                                             : "HSM-resident key cannot authenticate TLS (model)"),
             peer);
    return;
  }
  ++check.attempts;
  check.nonce.resize(16);
  for (std::size_t i = 0; i < check.nonce.size(); i += 8) {
    const auto r = context().random().next_u64();
    for (std::size_t j = 0; j < 8; ++j)
      check.nonce[i + j] = static_cast<std::uint8_t>(r >> (8 * j));
  }
  json body = json::object();
  set_bytes(body, "nonce", check.nonce);
  std::string rp = reference_point_to(peer);
  if (rp.empty()) rp = "unspecified";
  channels_.send(peer, check.channel, rp, Envelope{operations::kSessionCheckRequest, "", body});
  check.timer = context().schedule(peer_retry_, "session-check", [this, peer, generation] {
    guarded([&] {
      auto& c = checks_[peer];
      if (c.generation != generation || c.answered) return;
      c.timer = {};
      if (c.attempts > peer_retries_) {
        decision(
            "SessionCheck", "failed",
            TraceDetail().add("peer", peer).add("attempts", c.attempts).add("reason", "no answer"),
            peer);
        c.answered = true;
        return;
      }
      attempt_session_check(peer, generation);
    });
  });
}

void ManoEntitySessions::on_session_check_response(const ChannelMessage& m) {
  auto it = checks_.find(m.peer.name);
  if (it == checks_.end() || it->second.answered) {
    record(RecordKind::decision, operations::kSessionCheckResponse, "rejected",
           TraceDetail().add("reason", "no session check pending"), m.peer.name, m.reference_point);
    return;
  }
  auto& check = it->second;
  const std::string status = get_string(m.envelope.body, "status");
  auto nonce = get_bytes(m.envelope.body, "nonce");
  TraceDetail detail;
  detail.add("peer", m.peer.name).add("channel", to_string(m.peer.kind));
  if (m.peer.certificate) detail.add("peer_subject", m.peer.certificate->subject().to_string());
  std::string outcome = "ok";
  if (status == "error" || status == "rejected") {
    outcome = "failed";
    detail.add("reason", get_string(m.envelope.body, "reason", status));
  } else if (m.peer.kind != ChannelKind::mutual || !m.peer.certificate) {
    outcome = "failed";
    detail.add("reason", "not a mutual TLS session");
  } else if (!nonce || *nonce != check.nonce) {
    // A stale answer to an earlier attempt: wait for the current one.
    record(RecordKind::decision, operations::kSessionCheckResponse, "rejected",
           TraceDetail().add("reason", "nonce does not match"), m.peer.name, m.reference_point);
    return;
  }
  check.answered = true;
  if (check.timer.valid()) context().cancel(check.timer);
  check.timer = {};
  detail.add("attempts", check.attempts);
  record(RecordKind::decision, "SessionCheck", outcome, detail, m.peer.name, m.reference_point);
}

}  // namespace ifa026::actors
