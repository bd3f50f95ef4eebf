// Envelope encoding (see envelope.hpp).
#include "actors/common/envelope.hpp"

namespace ifa026::actors {

using nlohmann::json;

namespace {

// Envelopes nest a few levels (body -> chain -> DER); deeper input is refused before the
// (recursive) CBOR reader could exhaust the stack.
constexpr std::size_t kMaxDepth = 64;

// nlohmann's DOM builder with a nesting limit.
class BoundedDomBuilder {
 public:
  explicit BoundedDomBuilder(json& result) : dom_(result, /*allow_exceptions=*/false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(json::number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(json::number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    return dom_.number_float(value, text);
  }
  bool string(json::string_t& value) { return dom_.string(value); }
  bool binary(json::binary_t& value) { return dom_.binary(value); }
  bool start_object(std::size_t size) { return ++depth_ <= kMaxDepth && dom_.start_object(size); }
  bool key(json::string_t& value) { return dom_.key(value); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t size) { return ++depth_ <= kMaxDepth && dom_.start_array(size); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& error) {
    return dom_.parse_error(position, token, error);
  }

 private:
  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::size_t depth_ = 0;
};

}  // namespace

sim::Message envelope_message(const std::string& to, const std::string& reference_point,
                              const Envelope& envelope) {
  sim::Message m;
  m.to = to;
  m.reference_point = reference_point;
  m.operation = envelope.operation;
  m.step = envelope.step;
  m.payload = encode_envelope(envelope);
  return m;
}

pki::Bytes encode_envelope(const Envelope& envelope) {
  json document = json::object();
  document["operation"] = envelope.operation;
  if (!envelope.step.empty()) document["step"] = envelope.step;
  document["body"] = envelope.body;
  return json::to_cbor(document);
}

std::optional<Envelope> decode_envelope(pki::ByteView bytes, std::string* error) {
  auto fail = [error](std::string why) -> std::optional<Envelope> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  json document;
  bool parsed = false;
  try {
    // Not json::from_cbor: it recurses without bound (a megabyte of nested arrays overflows the
    // stack); and some of its size checks throw even when asked not to.
    BoundedDomBuilder builder(document);
    parsed = json::sax_parse(bytes.begin(), bytes.end(), &builder, json::input_format_t::cbor,
                             /*strict=*/true);
  } catch (const std::exception&) {
    parsed = false;
  }
  if (!parsed || document.is_discarded()) return fail("not a CBOR document");
  if (!document.is_object()) return fail("envelope is not a map");
  auto operation = document.find("operation");
  if (operation == document.end() || !operation->is_string() ||
      operation->get_ref<const std::string&>().empty())
    return fail("envelope has no operation");
  Envelope envelope;
  envelope.operation = operation->get<std::string>();
  if (auto step = document.find("step"); step != document.end()) {
    if (!step->is_string()) return fail("envelope step is not a string");
    envelope.step = step->get<std::string>();
  }
  auto body = document.find("body");
  if (body == document.end() || !body->is_object()) return fail("envelope body is not a map");
  envelope.body = std::move(*body);
  return envelope;
}

void set_bytes(json& body, const std::string& key, pki::ByteView bytes) {
  body[key] = json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

std::optional<pki::Bytes> get_bytes(const json& body, const std::string& key) {
  if (!body.is_object()) return std::nullopt;
  auto it = body.find(key);
  if (it == body.end() || !it->is_binary()) return std::nullopt;
  const auto& binary = it->get_binary();
  return pki::Bytes(binary.begin(), binary.end());
}

void set_bytes_list(json& body, const std::string& key, const std::vector<pki::Bytes>& list) {
  json array = json::array();
  for (const auto& bytes : list) array.push_back(json::binary(bytes));
  body[key] = std::move(array);
}

std::optional<std::vector<pki::Bytes>> get_bytes_list(const json& body, const std::string& key) {
  if (!body.is_object()) return std::nullopt;
  auto it = body.find(key);
  if (it == body.end() || !it->is_array()) return std::nullopt;
  std::vector<pki::Bytes> list;
  for (const auto& element : *it) {
    if (!element.is_binary()) return std::nullopt;
    list.emplace_back(element.get_binary().begin(), element.get_binary().end());
  }
  return list;
}

std::string get_string(const json& body, const std::string& key, const std::string& fallback) {
  if (!body.is_object()) return fallback;
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

}  // namespace ifa026::actors
