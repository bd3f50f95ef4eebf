// The adapter protocol's JSON forms (see adapter_protocol.hpp).
#include "actors/external/adapter_protocol.hpp"

#include "pki/base64.hpp"

namespace ifa026::actors::external {

namespace {

[[noreturn]] void fail(const std::string& pointer, std::string_view key, const std::string& why) {
  throw ProtocolError(pointer + "/" + std::string(key) + ": " + why);
}

void put_if(nlohmann::json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

std::string optional_string(const nlohmann::json& json, const std::string& pointer,
                            std::string_view key) {
  const auto it = json.find(key);
  if (it == json.end() || it->is_null()) return {};
  if (!it->is_string()) fail(pointer, key, "expected a string");
  return it->get<std::string>();
}

std::uint64_t optional_unsigned(const nlohmann::json& json, const std::string& pointer,
                                std::string_view key) {
  const auto it = json.find(key);
  if (it == json.end() || it->is_null()) return 0;
  if (!it->is_number_unsigned()) fail(pointer, key, "expected an integer >= 0");
  return it->get<std::uint64_t>();
}

void require_object(const nlohmann::json& json, const std::string& pointer) {
  if (!json.is_object())
    throw ProtocolError((pointer.empty() ? "/" : pointer) + ": expected an object");
}

}  // namespace

const nlohmann::json& member(const nlohmann::json& json, const std::string& pointer,
                             std::string_view key) {
  require_object(json, pointer);
  const auto it = json.find(key);
  if (it == json.end()) fail(pointer, key, "missing");
  return *it;
}

std::string string_member(const nlohmann::json& json, const std::string& pointer,
                          std::string_view key) {
  const auto& value = member(json, pointer, key);
  if (!value.is_string()) fail(pointer, key, "expected a string");
  return value.get<std::string>();
}

std::int64_t integer_member(const nlohmann::json& json, const std::string& pointer,
                            std::string_view key) {
  const auto& value = member(json, pointer, key);
  if (!value.is_number_integer()) fail(pointer, key, "expected an integer");
  return value.get<std::int64_t>();
}

nlohmann::json bytes_as_text(const nlohmann::json& value) {
  if (value.is_binary()) return {{"$bytes", pki::to_base64(value.get_binary())}};
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, member] : value.items()) out[key] = bytes_as_text(member);
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& member : value) out.push_back(bytes_as_text(member));
    return out;
  }
  return value;
}

nlohmann::json bytes_from_text(const nlohmann::json& value) {
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("$bytes") && value["$bytes"].is_string()) {
      if (auto bytes = pki::from_base64(value["$bytes"].get<std::string>()))
        return nlohmann::json::binary(std::move(*bytes));
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, member] : value.items()) out[key] = bytes_from_text(member);
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& member : value) out.push_back(bytes_from_text(member));
    return out;
  }
  return value;
}

nlohmann::json message_to_json(const sim::Message& message) {
  nlohmann::json out = nlohmann::json::object();
  if (message.id != 0) out["id"] = message.id;
  put_if(out, "from", message.from);
  out["to"] = message.to;
  put_if(out, "reference_point", message.reference_point);
  out["operation"] = message.operation;
  put_if(out, "step", message.step);
  out["payload"] = pki::to_base64(message.payload);
  return out;
}

sim::Message message_from_json(const nlohmann::json& json, const std::string& pointer) {
  require_object(json, pointer);
  sim::Message m;
  m.id = optional_unsigned(json, pointer, "id");
  m.from = optional_string(json, pointer, "from");
  m.to = string_member(json, pointer, "to");
  if (m.to.empty()) fail(pointer, "to", "empty");
  m.reference_point = optional_string(json, pointer, "reference_point");
  m.operation = string_member(json, pointer, "operation");
  m.step = optional_string(json, pointer, "step");
  const std::string payload = optional_string(json, pointer, "payload");
  auto bytes = pki::from_base64(payload);
  if (!bytes) fail(pointer, "payload", "not base64");
  m.payload = std::move(*bytes);
  return m;
}

nlohmann::json record_to_json(const sim::TraceRecord& record) {
  nlohmann::json out = nlohmann::json::object();
  out["kind"] = std::string(sim::to_string(record.kind));
  put_if(out, "peer", record.peer);
  put_if(out, "reference_point", record.reference_point);
  put_if(out, "operation", record.operation);
  put_if(out, "step", record.step);
  if (record.bytes != 0) out["bytes"] = record.bytes;
  if (record.message_id != 0) out["message_id"] = record.message_id;
  put_if(out, "outcome", record.outcome);
  put_if(out, "detail", record.detail);
  return out;
}

sim::TraceRecord record_from_json(const nlohmann::json& json, const std::string& pointer) {
  require_object(json, pointer);
  sim::TraceRecord r;
  const std::string kind = string_member(json, pointer, "kind");
  const auto parsed = sim::record_kind_from(kind);
  if (!parsed) fail(pointer, "kind", "unknown record kind '" + kind + "'");
  r.kind = *parsed;
  r.peer = optional_string(json, pointer, "peer");
  r.reference_point = optional_string(json, pointer, "reference_point");
  r.operation = optional_string(json, pointer, "operation");
  r.step = optional_string(json, pointer, "step");
  r.bytes = optional_unsigned(json, pointer, "bytes");
  r.message_id = optional_unsigned(json, pointer, "message_id");
  r.outcome = optional_string(json, pointer, "outcome");
  r.detail = optional_string(json, pointer, "detail");
  return r;
}

nlohmann::json spec_to_json(const sim::ActorSpec& spec) {
  return {{"name", spec.name},
          {"type", spec.type},
          {"trust_domain", spec.trust_domain},
          {"params", bytes_as_text(spec.params)}};
}

sim::ActorSpec spec_from_json(const nlohmann::json& json, const std::string& pointer) {
  sim::ActorSpec spec;
  spec.name = string_member(json, pointer, "name");
  spec.type = string_member(json, pointer, "type");
  const std::string domain = optional_string(json, pointer, "trust_domain");
  if (!domain.empty()) spec.trust_domain = domain;
  if (json.contains("params")) {
    if (!json["params"].is_object()) fail(pointer, "params", "expected an object");
    spec.params = bytes_from_text(json["params"]);
  }
  return spec;
}

nlohmann::json command_to_json(const sim::Command& command) {
  return {{"name", command.name},
          {"args", command.args.is_null() ? nlohmann::json::object() : bytes_as_text(command.args)},
          {"repetition", command.repetition}};
}

sim::Command command_from_json(const nlohmann::json& json, const std::string& pointer) {
  sim::Command c;
  c.name = string_member(json, pointer, "name");
  c.args = json.contains("args") ? bytes_from_text(json["args"]) : nlohmann::json::object();
  c.repetition = json.contains("repetition")
                     ? static_cast<int>(integer_member(json, pointer, "repetition"))
                     : 0;
  return c;
}

}  // namespace ifa026::actors::external
