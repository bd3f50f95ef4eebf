// The OSS's NS lifecycle requests on Os-Ma-Nfvo (docs/lifecycle.md, "Sequences"): the workload
// commands instantiate_ns, scale_ns, heal_ns and terminate_ns become InstantiateNsRequest ... over
// the OSS's day-0 session with the NFVO (D2), each sent again with back-off until the NFVO answers
// (the NFVO answers a request id it has seen with its first answer), and the NFVO's answers and
// operation-occurrence notifications become the OSS's records.
#pragma once

#include <cstdint>
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
  NsRequests(ActorToolkit toolkit, sim::ActorContext& context, SecureChannels& channels,
             std::string nfvo);

  // The workload commands this piece takes, for the OSS's command table.
  static std::vector<CommandRule> command_rules();
  // True when `command` is one of them (it has been handled).
  bool on_command(const sim::Command& command);
  // The NFVO's answers and notifications.
  void serve(MessageHandlers<ChannelMessage>& handlers);
  const std::string& nfvo() const { return nfvo_; }

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

  sim::ActorContext& context_;
  SecureChannels& channels_;
  const std::string nfvo_;
  RequestTracker<Pending> requests_;
};

}  // namespace ifa026::actors::oss
