// The adapter protocol's vocabulary (docs/adapter-protocol.md): how a message, a trace record, an
// actor's spec and a workload command travel as JSON between the harness and a process that plays
// an actor, and how each is read back with a precise complaint when it does not fit. Both sides
// (ExternalActor in the harness, ActorHost in `ifa026 actor serve`) use these functions.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/actor.hpp"
#include "sim/actor_spec.hpp"
#include "sim/message.hpp"
#include "sim/trace.hpp"

namespace ifa026::actors::external {

// The protocol name and version every hello carries and every ready answers with.
inline constexpr std::string_view kProtocol = "ifa026-actor/1";

// A line of the protocol that does not fit it: `what` names the JSON pointer of the problem
// ("/effects/3/send/payload: not base64").
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// {"id", "from", "to", "reference_point", "operation", "step", "payload": base64}.
nlohmann::json message_to_json(const sim::Message& message);
// The fields above, `id` and `from` optional (a send names neither: the harness sets both).
sim::Message message_from_json(const nlohmann::json& json, const std::string& pointer);

// {"kind", "peer", "reference_point", "operation", "step", "bytes", "message_id", "outcome",
// "detail"}, empty fields left out; time, actor and id are the harness's to set.
nlohmann::json record_to_json(const sim::TraceRecord& record);
sim::TraceRecord record_from_json(const nlohmann::json& json, const std::string& pointer);

// JSON values of ours may hold byte strings (nlohmann binary, e.g. a key in a spawned VNFCI's
// params), which JSON text cannot: they travel as {"$bytes": base64} and are read back as binary.
nlohmann::json bytes_as_text(const nlohmann::json& value);
nlohmann::json bytes_from_text(const nlohmann::json& value);

// {"name", "type", "trust_domain", "params"} (never `external`: a hosted actor is itself).
nlohmann::json spec_to_json(const sim::ActorSpec& spec);
sim::ActorSpec spec_from_json(const nlohmann::json& json, const std::string& pointer);

// {"name", "args", "repetition"}.
nlohmann::json command_to_json(const sim::Command& command);
sim::Command command_from_json(const nlohmann::json& json, const std::string& pointer);

// Field readers shared by both sides: the member `key` of object `json` at `pointer`, of the
// type asked, or ProtocolError ("<pointer>/<key>: missing" / "expected a string").
const nlohmann::json& member(const nlohmann::json& json, const std::string& pointer,
                             std::string_view key);
std::string string_member(const nlohmann::json& json, const std::string& pointer,
                          std::string_view key);
std::int64_t integer_member(const nlohmann::json& json, const std::string& pointer,
                            std::string_view key);

}  // namespace ifa026::actors::external
