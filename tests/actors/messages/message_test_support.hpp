// Shared checks of the typed-message tests: a struct's body is byte-identical (CBOR) to the body an
// actor builds by hand today, and the struct survives the trip through body, envelope and bytes.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "actors/common/envelope.hpp"
#include "actors/messages/codec.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages::testing {

// Deterministic test bytes (what they are does not matter to the codec: byte strings are opaque).
inline pki::Bytes bytes_of(const std::string& label) {
  return pki::sha256(
      pki::ByteView(reinterpret_cast<const std::uint8_t*>(label.data()), label.size()));
}

// `built_by_actor` is the body as the actor code builds it today; `message` the struct meant to
// replace it. Checks byte identity of body and envelope, the encoded size, and the round trips.
template <class M>
void expect_wire_identical(const M& message, const nlohmann::json& built_by_actor,
                           const std::string& operation, const std::string& step = "C.9.9#1") {
  const nlohmann::json body = to_body(message);
  EXPECT_EQ(body, built_by_actor);
  EXPECT_EQ(nlohmann::json::to_cbor(body), nlohmann::json::to_cbor(built_by_actor));

  // The body the actor builds decodes to the struct.
  auto decoded = from_body<M>(built_by_actor);
  ASSERT_TRUE(decoded.ok()) << decoded.failure().text();
  EXPECT_TRUE(*decoded == message);

  // Envelope bytes: the same as the actor's, and back again.
  Envelope envelope;
  if constexpr (FixedOperationMessage<M>) {
    EXPECT_EQ(std::string(M::kOperation), operation);
    envelope = to_envelope(message, step);
    EXPECT_EQ(encoded_size(message, step),
              encode_envelope(Envelope{operation, step, built_by_actor}).size());
  } else {
    envelope = to_envelope(operation, message, step);
  }
  const pki::Bytes wire = encode_envelope(envelope);
  EXPECT_EQ(wire, encode_envelope(Envelope{operation, step, built_by_actor}));
  std::string why;
  auto received = decode_envelope(wire, &why);
  ASSERT_TRUE(received) << why;
  EXPECT_EQ(received->step, step);
  auto again = from_envelope<M>(*received);
  ASSERT_TRUE(again.ok()) << again.failure().text();
  EXPECT_TRUE(*again == message);
}

}  // namespace ifa026::actors::messages::testing
