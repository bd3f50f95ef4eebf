// The OSS's NS lifecycle requests on Os-Ma-Nfvo (docs/lifecycle.md, "Sequences"): the workload
// commands instantiate_ns, scale_ns, heal_ns and terminate_ns become InstantiateNsRequest ... over
// the OSS's day-0 session with the NFVO (D2), each sent again with back-off until the NFVO answers
// (the NFVO answers a request id it has seen with its first answer), and the NFVO's answers and
// operation-occurrence notifications become the OSS's records.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::oss {

class NsRequests : public ActorPiece {
 public:
  // `nfvo`: where the requests go ("" when the OSS knows none); `next_request_id`: the OSS's
  // request ids (<oss>-req-N, D3), shared with its other Os-Ma-Nfvo requests.
  NsRequests(ActorToolkit toolkit, sim::ActorContext& context, SecureChannels& channels,
             std::string nfvo, std::function<std::string()> next_request_id);

  // The workload commands this piece takes, for the OSS's command table.
  static std::vector<CommandRule> command_rules();
  // True when `command` is one of them (it has been handled).
  bool on_command(const sim::Command& command);
  // An answer or notification from the NFVO: true when it is this piece's (then handled).
  bool on_message(const ChannelMessage& m);

 private:
  struct Pending {
    std::string command;  // instantiate_ns, ...
    std::string ns;
    Envelope envelope;  // resent as it is
  };
  template <class Request>
  void send(const std::string& command, Request request);
  void on_answer(const ChannelMessage& m, const messages::NsLcmAcknowledgement& answer);
  void on_notification(const ChannelMessage& m,
                       const messages::NsLcmOperationOccurrenceNotification& notification);
  void refuse_command(const std::string& command, const std::string& ns, const std::string& reason);

  SecureChannels& channels_;
  const std::string nfvo_;
  const std::function<std::string()> next_request_id_;
  RequestTracker<Pending> requests_;
  std::map<std::string, std::uint64_t> open_;  // request id -> the tracker's id
  MessageHandlers<ChannelMessage> answers_;
};

}  // namespace ifa026::actors::oss
