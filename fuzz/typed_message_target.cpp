// The fuzz target of what actors send each other (fuzz_targets.hpp): the CBOR envelope
// (actors/common/envelope) and the body of every typed message (actors/messages/codec). A body
// either decodes or gives a DecodeFailure, never an exception; what decodes encodes again to a
// body that decodes to the same encoding, and an envelope that decodes encodes to one that does.
#include <nlohmann/json.hpp>
#include <string>

#include "actors/common/envelope.hpp"
#include "actors/messages/all_messages.hpp"
#include "fuzz/fuzz_targets.hpp"

namespace ifa026::fuzz {
namespace {

namespace messages = actors::messages;

template <class M>
void decode_as(const nlohmann::json& body) {
  const messages::Decoded<M> decoded = messages::from_body<M>(body);
  if (!decoded) {
    (void)decoded.failure().text();
    return;
  }
  const nlohmann::json again = messages::to_body(decoded.value());
  const messages::Decoded<M> twice = messages::from_body<M>(again);
  if (!twice) {
    contract_broken("typed_message", "a decoded body encodes to one that does not decode: " +
                                         twice.failure().text());
  }
  if (nlohmann::json::to_cbor(messages::to_body(twice.value())) != nlohmann::json::to_cbor(again)) {
    contract_broken("typed_message", "a body does not survive decode/encode unchanged");
  }
}

template <class... M>
void decode_as_each(const nlohmann::json& body, messages::MessageList<M...>) {
  (decode_as<M>(body), ...);
}

}  // namespace

void typed_message(const std::uint8_t* data, std::size_t size) {
  std::string error;
  const auto envelope = actors::decode_envelope(pki::ByteView(data, size), &error);
  if (!envelope) return;
  if (!actors::decode_envelope(actors::encode_envelope(*envelope))) {
    contract_broken("typed_message", "a decoded envelope encodes to one that does not decode");
  }
  // Every message type, not only the one the operation names: an actor that expects one type
  // reads whatever body arrives with that operation.
  decode_as_each(envelope->body, messages::AllMessages{});
  decode_as_each(envelope->body, messages::FamilyMessages{});
}

}  // namespace ifa026::fuzz
