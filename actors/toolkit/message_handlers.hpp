// Typed dispatch of envelopes by operation: an actor registers one handler per message struct
// (actors/messages/), the body is decoded before the handler runs, and a body that does not decode
// is refused in one place — a MalformedMessage record (handler_guard.hpp) and the refusal the
// registration names, which sends the protocol's error answer to the peer. No handler reads a body
// by key. `Incoming` is what a handler learns besides the message: the sim::Message of a plain
// message, or the ChannelMessage of one that came over a secure channel.
//
//   MessageHandlers<ChannelMessage> handlers(guard());
//   handlers.on<messages::RegisterEntityRequest>(
//       [this](const messages::RegisterEntityRequest& request, const ChannelMessage& from) {...},
//       [this](const ChannelMessage& from, const std::string& reason) { refuse(from, reason); });
//   ...
//   if (!handlers.dispatch(message.envelope, message, site)) reject_unsupported(message);
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "actors/common/envelope.hpp"
#include "actors/messages/codec.hpp"
#include "actors/toolkit/handler_guard.hpp"

namespace ifa026::actors {

template <class Incoming>
class MessageHandlers {
 public:
  // Sends the protocol's answer to a body that does not decode; `reason` names the field.
  using Refuse = std::function<void(const Incoming& incoming, const std::string& reason)>;

  explicit MessageHandlers(HandlerGuard& guard) : guard_(guard) {}
  MessageHandlers(const MessageHandlers&) = delete;
  MessageHandlers& operator=(const MessageHandlers&) = delete;

  // The handler of M's operation: handler(const M&, const Incoming&).
  template <messages::FixedOperationMessage M, class F>
  void on(F handler, Refuse refuse = {}) {
    add<M>(std::string(M::kOperation), std::move(handler), std::move(refuse));
  }
  // The handler of one operation of a family sharing M's body (M::accepts(operation)).
  template <messages::OperationFamilyMessage M, class F>
  void on(const std::string& operation, F handler, Refuse refuse = {}) {
    add<M>(operation, std::move(handler), std::move(refuse));
  }

  bool handles(std::string_view operation) const {
    return handlers_.find(operation) != handlers_.end();
  }

  // False when no handler is registered for the envelope's operation (nothing was done); true
  // when its handler ran or its body was refused as malformed. `site` names the message in the
  // records a refusal leaves.
  bool dispatch(const Envelope& envelope, const Incoming& incoming, const HandlerSite& site) {
    auto it = handlers_.find(envelope.operation);
    if (it == handlers_.end()) return false;
    it->second(envelope, incoming, site);
    return true;
  }

 private:
  using Entry = std::function<void(const Envelope&, const Incoming&, const HandlerSite& site)>;

  template <class M, class F>
  void add(std::string operation, F handler, Refuse refuse) {
    handlers_[std::move(operation)] =
        [this, handler = std::move(handler), refuse = std::move(refuse)](
            const Envelope& envelope, const Incoming& incoming, const HandlerSite& site) {
          auto decoded = messages::from_envelope<M>(envelope);
          if (!decoded) {
            guard_.malformed(site, "body does not decode: " + decoded.failure().text(),
                             refuse ? HandlerGuard::OnMalformed([&](const std::string& reason) {
                               refuse(incoming, reason);
                             })
                                    : HandlerGuard::OnMalformed());
            return;
          }
          handler(decoded.value(), incoming);
        };
  }

  HandlerGuard& guard_;
  std::map<std::string, Entry, std::less<>> handlers_;
};

}  // namespace ifa026::actors
