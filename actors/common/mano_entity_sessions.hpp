// The MANO entity's peer sessions: access control of requests (Wim/Cism/Cir.Sc.001: a peer
// authenticated by a mutual certificate and allowed by `access` or a configuration relay), the
// answer to a peer's SessionCheckRequest, and its own session checks with peers over mutual TLS
// (nonce, retries, SessionCheck ok / failed / skipped).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "actors/common/mano_entity_part.hpp"

namespace ifa026::actors {

class ManoEntitySessions : public ManoEntityPart {
 public:
  explicit ManoEntitySessions(ManoEntityState& state);

  // True when `m` may be handled; otherwise AccessDenied is traced and answered.
  bool authorised(const ChannelMessage& m);
  bool allowed_peer(const std::string& peer) const;
  // Answers an authorised SessionCheckRequest.
  void answer_session_check(const ChannelMessage& m);
  // Session checks with `peers` (default: the `peers` parameter) over mutual TLS; a workload
  // `check_peers` may name other peers ({"peers": [...]}) and, for negative scenarios, send them
  // over a server_auth session that presents no certificate ({"channel": "server_auth"}).
  void run_peer_checks(const json& args = json::object());
  void on_session_check_response(const ChannelMessage& m);

 private:
  struct PeerCheck {
    std::uint64_t generation = 0;
    long long attempts = 0;
    pki::Bytes nonce;
    bool answered = false;
    sim::EventId timer;
    ChannelKind channel = ChannelKind::mutual;
  };

  void attempt_session_check(const std::string& peer, std::uint64_t generation);

  std::map<std::string, PeerCheck> checks_;
};

}  // namespace ifa026::actors
