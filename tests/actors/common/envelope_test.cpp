// Envelope encoding: round trips, DER objects as CBOR byte strings, and malformed or mutated input
// refused with a reason instead of a throw or a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "actors/common/envelope.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::actors {
namespace {

using nlohmann::json;

Envelope sample() {
  Envelope envelope;
  envelope.operation = "CertificateSigningResponse";
  envelope.step = "C.4.1.2.6#6";
  envelope.body["status"] = "issued";
  envelope.body["count"] = 3;
  envelope.body["nested"] = {{"flag", true}, {"list", {1, 2, 3}}};
  set_bytes(envelope.body, "certificate", pki::Bytes{0x30, 0x82, 0x01, 0x00, 0xff, 0x00});
  set_bytes_list(envelope.body, "chain", {pki::Bytes{0x30, 0x01}, pki::Bytes{0x30, 0x02, 0x00}});
  return envelope;
}

TEST(Envelope, RoundTrip) {
  const Envelope original = sample();
  const pki::Bytes encoded = encode_envelope(original);
  std::string error;
  const auto decoded = decode_envelope(encoded, &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->operation, original.operation);
  EXPECT_EQ(decoded->step, original.step);
  EXPECT_EQ(decoded->body, original.body);
  EXPECT_EQ(get_string(decoded->body, "status"), "issued");
  EXPECT_EQ(encode_envelope(*decoded), encoded);
}

TEST(Envelope, EmptyStepIsLeftOutAndReadBackEmpty) {
  Envelope envelope;
  envelope.operation = "CrlPublication";
  const auto encoded = encode_envelope(envelope);
  const json document = json::from_cbor(encoded);
  EXPECT_FALSE(document.contains("step"));
  const auto decoded = decode_envelope(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->step, "");
  EXPECT_TRUE(decoded->body.is_object());
  EXPECT_TRUE(decoded->body.empty());
}

TEST(Envelope, BinaryFieldsAreCborByteStrings) {
  const Envelope original = sample();
  const auto encoded = encode_envelope(original);
  // On the wire: a byte string (major type 2), not an array of numbers or text.
  const json document = json::from_cbor(encoded);
  EXPECT_TRUE(document["body"]["certificate"].is_binary());
  const pki::Bytes der{0x30, 0x82, 0x01, 0x00, 0xff, 0x00};
  const std::vector<std::uint8_t> marker{0x46, 0x30, 0x82, 0x01, 0x00, 0xff, 0x00};  // bstr(6)
  EXPECT_NE(std::search(encoded.begin(), encoded.end(), marker.begin(), marker.end()),
            encoded.end());
  const auto decoded = decode_envelope(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(get_bytes(decoded->body, "certificate"), der);
  const auto chain = get_bytes_list(decoded->body, "chain");
  ASSERT_TRUE(chain);
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[1], (pki::Bytes{0x30, 0x02, 0x00}));
  // Wrong shapes read as absent.
  EXPECT_FALSE(get_bytes(decoded->body, "status"));
  EXPECT_FALSE(get_bytes(decoded->body, "missing"));
  EXPECT_FALSE(get_bytes_list(decoded->body, "certificate"));
  json mixed = json::object();
  mixed["chain"] = json::array({json::binary({1}), "text"});
  EXPECT_FALSE(get_bytes_list(mixed, "chain"));
  EXPECT_FALSE(get_bytes(json::array(), "x"));
  EXPECT_EQ(get_string(decoded->body, "count", "fallback"), "fallback");
  EXPECT_EQ(get_string(json("not an object"), "x", "fb"), "fb");
}

TEST(Envelope, LargeBinaryRoundTrips) {
  Envelope envelope;
  envelope.operation = "Big";
  pki::Bytes data(200 * 1024);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 31);
  set_bytes(envelope.body, "data", data);
  const auto decoded = decode_envelope(encode_envelope(envelope));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(get_bytes(decoded->body, "data"), data);
}

std::string reason_for(const pki::Bytes& bytes) {
  std::string error;
  EXPECT_FALSE(decode_envelope(bytes, &error));
  return error;
}

TEST(Envelope, MalformedInputIsRejectedWithAReason) {
  EXPECT_EQ(reason_for({}), "not a CBOR document");
  EXPECT_EQ(reason_for({0xff, 0x00}), "not a CBOR document");
  EXPECT_EQ(reason_for(json::to_cbor(json::array({1, 2}))), "envelope is not a map");
  EXPECT_EQ(reason_for(json::to_cbor(json{{"body", json::object()}})), "envelope has no operation");
  EXPECT_EQ(reason_for(json::to_cbor(json{{"operation", ""}, {"body", json::object()}})),
            "envelope has no operation");
  EXPECT_EQ(reason_for(json::to_cbor(json{{"operation", 7}, {"body", json::object()}})),
            "envelope has no operation");
  EXPECT_EQ(
      reason_for(json::to_cbor(json{{"operation", "X"}, {"step", 1}, {"body", json::object()}})),
      "envelope step is not a string");
  EXPECT_EQ(reason_for(json::to_cbor(json{{"operation", "X"}})), "envelope body is not a map");
  EXPECT_EQ(reason_for(json::to_cbor(json{{"operation", "X"}, {"body", json::array()}})),
            "envelope body is not a map");
  // Trailing bytes after a valid envelope.
  auto trailing = encode_envelope(sample());
  trailing.push_back(0x00);
  EXPECT_EQ(reason_for(trailing), "not a CBOR document");
  // Truncated.
  auto truncated = encode_envelope(sample());
  truncated.resize(truncated.size() / 2);
  EXPECT_EQ(reason_for(truncated), "not a CBOR document");
  // Without an error pointer: still just nullopt.
  EXPECT_FALSE(decode_envelope(pki::Bytes{0x01}));
}

TEST(Envelope, HostileShapesAreRejectedWithoutThrowing) {
  // Containers and strings declaring far more than the input holds.
  const pki::Bytes huge_array{0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
  const pki::Bytes huge_map{0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
  const pki::Bytes huge_string{0x7b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x41};
  std::string error;
  EXPECT_NO_THROW(EXPECT_FALSE(decode_envelope(huge_array, &error)));
  EXPECT_NO_THROW(EXPECT_FALSE(decode_envelope(huge_map, &error)));
  EXPECT_NO_THROW(EXPECT_FALSE(decode_envelope(huge_string, &error)));
  // Deep nesting: a million one-element arrays exhaust a recursive reader's stack (json::from_cbor
  // crashes on this).
  pki::Bytes deep(1'000'000, 0x81);
  deep.push_back(0x00);
  EXPECT_NO_THROW(EXPECT_FALSE(decode_envelope(deep, &error)));
  EXPECT_EQ(error, "not a CBOR document");
  // A tagged item (strict decoding refuses tags).
  EXPECT_FALSE(decode_envelope(pki::Bytes{0xc1, 0x00}, &error));
  // Moderate nesting inside a body is fine.
  Envelope nested;
  nested.operation = "Nested";
  json level = json::object();
  for (int i = 0; i < 20; ++i) level = json{{"inner", level}};
  nested.body["tree"] = level;
  const auto decoded = decode_envelope(encode_envelope(nested), &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->body, nested.body);
}

TEST(Envelope, ThousandRandomMutationsNeverCrash) {
  const auto original = encode_envelope(sample());
  std::mt19937 rng(2026);
  int accepted = 0;
  int rejected = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto mutated = test::mutate_structure(original, rng);
    std::string error;
    std::optional<Envelope> decoded;
    ASSERT_NO_THROW(decoded = decode_envelope(mutated, &error));
    if (decoded) {
      ++accepted;
      EXPECT_FALSE(decoded->operation.empty());
      EXPECT_TRUE(decoded->body.is_object());
      // Whatever decodes re-encodes and decodes again to the same thing.
      const auto encoded = encode_envelope(*decoded);
      const auto again = decode_envelope(encoded);
      ASSERT_TRUE(again);
      EXPECT_EQ(encode_envelope(*again), encoded);
    } else {
      ++rejected;
      EXPECT_FALSE(error.empty());
    }
  }
  EXPECT_GT(rejected, 500);  // most mutations break the structure
  EXPECT_EQ(accepted + rejected, 1000);
}

}  // namespace
}  // namespace ifa026::actors
