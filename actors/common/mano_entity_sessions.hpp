// The MANO entity's peer sessions: access control of requests (Wim/Cism/Cir.Sc.001: a peer
// authenticated by a mutual certificate and allowed by `access` or a configuration relay), the
// answer to a peer's SessionCheckRequest, and its own session checks with peers over mutual TLS
// (a fresh nonce per attempt, retried every peer_retry up to peer_retries times by a
// RequestTracker; SessionCheck ok / failed / skipped).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "actors/common/mano_entity_part.hpp"
#include "actors/messages/session_check.hpp"
#include "actors/toolkit/request_tracker.hpp"

namespace ifa026::actors {

class ManoEntitySessions : public ManoEntityPart {
 public:
  explicit ManoEntitySessions(ManoEntityState& state);

  // True when `m` may be handled; otherwise AccessDenied is traced and answered.
  bool authorised(const ChannelMessage& m);
  bool allowed_peer(const std::string& peer) const;
  // Traces an AccessDenied of `m` (the peer, its operation and why).
  void trace_denial(const ChannelMessage& m, const std::string& reason);
  // Answers an authorised SessionCheckRequest.
  void answer_session_check(const ChannelMessage& m, const messages::SessionCheckRequest& request);
  // Answers a SessionCheckRequest whose body does not decode (`reason`) with a refusal.
  void refuse_session_check(const ChannelMessage& m, const std::string& reason);
  // Session checks with `peers` (default: the `peers` parameter) over mutual TLS; a workload
  // `check_peers` may name other peers ({"peers": [...]}) and, for negative scenarios, send them
  // over a server_auth session that presents no certificate ({"channel": "server_auth"}).
  void run_peer_checks(const json& args = json::object());
  void on_session_check_response(const ChannelMessage& m,
                                 const messages::SessionCheckResponse& response);

 private:
  // One session check in progress (the tracker holds it while it is open).
  struct PeerCheck {
    std::string peer;
    ChannelKind channel = ChannelKind::mutual;
    pki::Bytes nonce;  // of the current attempt
    long long attempts = 0;
  };

  // An attempt of check `id`: a fresh nonce over the check's channel (skipped, and the check
  // closed, when a mutual session has no certificate to present).
  void attempt_session_check(std::uint64_t id);
  // The reason a mutual session cannot be opened now, "" when it can.
  std::string cannot_authenticate() const;

  RequestTracker<PeerCheck> checks_;
  std::map<std::string, std::uint64_t> current_;  // the latest check of each peer
};

}  // namespace ifa026::actors
