// The one encode/decode mechanism of the typed messages (docs/architecture.md, "Messages"): a
// message is a plain struct that lists its fields once, in a static `fields` visitor, and that list
// serves both directions:
//
//   struct CertificateRemoved {
//     static constexpr std::string_view kOperation = operations::kCertificateRemoved;
//     std::string serial;
//     std::string reason;
//     template <class Self, class Fields>
//     static void fields(Self& self, Fields& f) {
//       f("serial", self.serial);
//       f("reason", self.reason);
//     }
//   };
//
// to_body() writes the envelope body (nlohmann::json, CBOR on the wire, pki::Bytes as CBOR byte
// strings); from_body() reads one back and never throws: a body that does not fit gives a
// DecodeFailure naming the field by JSON pointer ("/chain/2: expected a byte string",
// "/entity: missing"). Field types: std::string, bool, integers, pki::Bytes, std::vector and
// std::map<std::string, T> of any field type, structs with their own `fields`, std::optional of
// any of these (the key is absent when empty; every other field is required), and nlohmann::json
// as an opaque escape hatch for bodies that really are free-form.
//
// Reading rules, the same for every message:
// - keys the struct does not list are ignored (a newer sender may add some);
// - a required field that is absent fails with "missing"; an optional field that is absent or
//   JSON null is empty;
// - integers must be integers (not floating point) and fit the field's type.
//
// A message names its operation either as `kOperation` (one operation per struct) or, for a family
// of operations that share one body (CMP carriers "ir", "ip", ...; generic "<operation>Error"
// replies), as `static bool accepts(std::string_view operation)`.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "actors/common/envelope.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// Why a body does not decode: the JSON pointer of the field inside the body ("" for the body or
// the envelope as a whole, e.g. an operation mismatch) and the reason.
struct DecodeFailure {
  std::string pointer;
  std::string reason;

  // "/chain/2: expected a byte string"; just the reason when the pointer is "".
  std::string text() const;
  bool operator==(const DecodeFailure&) const = default;
};

// A decoded message or the reason it could not be decoded.
template <class M>
class Decoded {
 public:
  Decoded(M value) : state_(std::move(value)) {}                  // NOLINT: implicit by design
  Decoded(DecodeFailure failure) : state_(std::move(failure)) {}  // NOLINT: implicit by design

  bool ok() const noexcept { return std::holds_alternative<M>(state_); }
  explicit operator bool() const noexcept { return ok(); }

  // Only when ok().
  M& value() & { return std::get<M>(state_); }
  const M& value() const& { return std::get<M>(state_); }
  M&& value() && { return std::get<M>(std::move(state_)); }
  M* operator->() { return &value(); }
  const M* operator->() const { return &value(); }
  M& operator*() & { return value(); }
  const M& operator*() const& { return value(); }

  // Only when !ok().
  const DecodeFailure& failure() const { return std::get<DecodeFailure>(state_); }

 private:
  std::variant<M, DecodeFailure> state_;
};

namespace codec_detail {

// RFC 6901 reference token of a key.
std::string pointer_token(std::string_view key);

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

template <class T>
struct IsStringMap : std::false_type {};
template <class T>
struct IsStringMap<std::map<std::string, T>> : std::true_type {};

template <class T>
inline constexpr bool kAlwaysFalse = false;

// A visitor that does nothing: only to recognise structs with a `fields` list.
struct FieldProbe {
  template <class T>
  void operator()(std::string_view, T&) {}
};

}  // namespace codec_detail

// A struct that lists its fields (a message, or a map nested in one).
template <class T>
concept FieldStruct = requires(T& value, codec_detail::FieldProbe& probe) {
  T::fields(value, probe);
};

// A message with one operation name.
template <class M>
concept FixedOperationMessage = FieldStruct<M> && requires {
  { M::kOperation } -> std::convertible_to<std::string_view>;
};

// A message body shared by a family of operations.
template <class M>
concept OperationFamilyMessage = FieldStruct<M> && requires(std::string_view operation) {
  { M::accepts(operation) } -> std::same_as<bool>;
};

namespace codec_detail {

template <class T>
nlohmann::json encode_value(const T& value);

// Writes each field into a JSON object.
class Encoder {
 public:
  explicit Encoder(nlohmann::json& object) : object_(object) {}

  template <class T>
  void operator()(std::string_view key, const T& value) {
    if constexpr (IsOptional<T>::value) {
      if (value) object_[std::string(key)] = encode_value(*value);
    } else {
      object_[std::string(key)] = encode_value(value);
    }
  }

 private:
  nlohmann::json& object_;
};

template <class T>
nlohmann::json encode_value(const T& value) {
  using nlohmann::json;
  if constexpr (std::is_same_v<T, json>) {
    return value;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return json(value);
  } else if constexpr (std::is_same_v<T, bool>) {
    return json(value);
  } else if constexpr (std::is_integral_v<T>) {
    return json(value);
  } else if constexpr (std::is_same_v<T, pki::Bytes>) {
    return json::binary(value);
  } else if constexpr (IsVector<T>::value) {
    static_assert(!IsOptional<typename T::value_type>::value, "no optional list elements");
    json out = json::array();
    for (const auto& element : value) out.push_back(encode_value(element));
    return out;
  } else if constexpr (IsStringMap<T>::value) {
    static_assert(!IsOptional<typename T::mapped_type>::value, "no optional map values");
    json out = json::object();
    for (const auto& [key, element] : value) out[key] = encode_value(element);
    return out;
  } else if constexpr (FieldStruct<T>) {
    json out = json::object();
    Encoder encoder(out);
    T::fields(value, encoder);
    return out;
  } else {
    static_assert(kAlwaysFalse<T>, "unsupported message field type");
  }
}

template <class T>
std::optional<DecodeFailure> decode_value(const nlohmann::json& in, T& out,
                                          const std::string& pointer);

// Reads each field from a JSON object; stops at the first failure.
class Decoder {
 public:
  Decoder(const nlohmann::json& object, const std::string& pointer)
      : object_(object), pointer_(pointer) {}

  template <class T>
  void operator()(std::string_view key, T& value) {
    if (failure_) return;
    const std::string where = pointer_ + "/" + pointer_token(key);
    const auto it = object_.find(std::string(key));
    if constexpr (IsOptional<T>::value) {
      value.reset();
      if (it == object_.end() || it->is_null()) return;
      typename T::value_type element{};
      failure_ = decode_value(*it, element, where);
      if (!failure_) value = std::move(element);
    } else {
      if (it == object_.end()) {
        failure_ = DecodeFailure{where, "missing"};
        return;
      }
      failure_ = decode_value(*it, value, where);
    }
  }

  std::optional<DecodeFailure> failure() && { return std::move(failure_); }

 private:
  const nlohmann::json& object_;
  const std::string& pointer_;
  std::optional<DecodeFailure> failure_;
};

template <class T>
std::optional<DecodeFailure> decode_integer(const nlohmann::json& in, T& out,
                                            const std::string& pointer) {
  if (!in.is_number_integer()) return DecodeFailure{pointer, "expected an integer"};
  if (in.is_number_unsigned()) {
    const auto value = in.get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
      return DecodeFailure{pointer, "integer out of range"};
    out = static_cast<T>(value);
    return std::nullopt;
  }
  const auto value = in.get<std::int64_t>();
  if constexpr (std::is_unsigned_v<T>) {
    if (value < 0) return DecodeFailure{pointer, "expected a non-negative integer"};
    if (static_cast<std::uint64_t>(value) > std::numeric_limits<T>::max())
      return DecodeFailure{pointer, "integer out of range"};
  } else {
    if (value < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
        value > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
      return DecodeFailure{pointer, "integer out of range"};
  }
  out = static_cast<T>(value);
  return std::nullopt;
}

template <class T>
std::optional<DecodeFailure> decode_value(const nlohmann::json& in, T& out,
                                          const std::string& pointer) {
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    out = in;
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!in.is_string()) return DecodeFailure{pointer, "expected a string"};
    out = in.get_ref<const std::string&>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!in.is_boolean()) return DecodeFailure{pointer, "expected a boolean"};
    out = in.get<bool>();
  } else if constexpr (std::is_integral_v<T>) {
    return decode_integer(in, out, pointer);
  } else if constexpr (std::is_same_v<T, pki::Bytes>) {
    if (!in.is_binary()) return DecodeFailure{pointer, "expected a byte string"};
    const auto& binary = in.get_binary();
    out.assign(binary.begin(), binary.end());
  } else if constexpr (IsVector<T>::value) {
    if (!in.is_array()) return DecodeFailure{pointer, "expected a list"};
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
      typename T::value_type element{};
      if (auto failure = decode_value(in[i], element, pointer + "/" + std::to_string(i)))
        return failure;
      out.push_back(std::move(element));
    }
  } else if constexpr (IsStringMap<T>::value) {
    if (!in.is_object()) return DecodeFailure{pointer, "expected a map"};
    out.clear();
    for (const auto& [key, value] : in.items()) {
      typename T::mapped_type element{};
      if (auto failure = decode_value(value, element, pointer + "/" + pointer_token(key)))
        return failure;
      out.emplace(key, std::move(element));
    }
  } else if constexpr (FieldStruct<T>) {
    if (!in.is_object()) return DecodeFailure{pointer, "expected a map"};
    Decoder decoder(in, pointer);
    T::fields(out, decoder);
    return std::move(decoder).failure();
  } else {
    static_assert(kAlwaysFalse<T>, "unsupported message field type");
  }
  return std::nullopt;
}

// Decode failures that are not about a body field.
DecodeFailure internal_failure(const char* what);
DecodeFailure operation_mismatch(std::string_view operation, std::string_view expected);

}  // namespace codec_detail

// The envelope body of `message`.
template <FieldStruct M>
nlohmann::json to_body(const M& message) {
  return codec_detail::encode_value(message);
}

// `body` as an M, or why not (never throws).
template <FieldStruct M>
Decoded<M> from_body(const nlohmann::json& body) {
  try {
    if (!body.is_object()) return DecodeFailure{"", "expected a map"};
    M message{};
    const std::string root;
    codec_detail::Decoder decoder(body, root);
    M::fields(message, decoder);
    if (auto failure = std::move(decoder).failure()) return *std::move(failure);
    return message;
  } catch (const std::exception& e) {
    return codec_detail::internal_failure(e.what());
  }
}

// The envelope of `message` (its own operation), at flow step `step` ("" outside Annex C flows).
template <FixedOperationMessage M>
Envelope to_envelope(const M& message, std::string step = "") {
  return Envelope{std::string(M::kOperation), std::move(step), to_body(message)};
}

// The envelope of a family message under `operation`, which the caller chooses among those the
// family accepts (e.g. the CMP body name of the DER it carries).
template <OperationFamilyMessage M>
Envelope to_envelope(std::string operation, const M& message, std::string step = "") {
  return Envelope{std::move(operation), std::move(step), to_body(message)};
}

// `envelope` as an M: its operation must be M's (or one M's family accepts), then its body decodes.
template <FieldStruct M>
requires FixedOperationMessage<M> || OperationFamilyMessage<M> Decoded<M> from_envelope(
    const Envelope& envelope) {
  if constexpr (FixedOperationMessage<M>) {
    if (envelope.operation != M::kOperation)
      return codec_detail::operation_mismatch(envelope.operation, M::kOperation);
  } else {
    if (!M::accepts(envelope.operation))
      return codec_detail::operation_mismatch(envelope.operation, "");
  }
  return from_body<M>(envelope.body);
}

// Bytes `message` takes on the wire as an envelope (what the network model charges).
template <FixedOperationMessage M>
std::size_t encoded_size(const M& message, std::string step = "") {
  return encode_envelope(to_envelope(message, std::move(step))).size();
}

}  // namespace ifa026::actors::messages
