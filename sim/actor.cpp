// Default behaviour shared by every actor.
#include "sim/actor.hpp"

namespace ifa026::sim {

void Actor::on_command(const Command& command) {
  TraceRecord r;
  r.kind = RecordKind::decision;
  r.operation = command.name;
  r.outcome = "unknown-command";
  r.detail = "actor does not implement command '" + command.name + "'";
  context_.trace(std::move(r));
}

const nlohmann::json& ActorContext::trust_model() const {
  static const nlohmann::json empty = nlohmann::json::object();
  return empty;
}

}  // namespace ifa026::sim
