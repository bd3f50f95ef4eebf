// The echo test actor (see echo_actor.hpp).
#include "actors/echo/echo_actor.hpp"

#include <map>

namespace ifa026::actors {
namespace {

using sim::Message;
using sim::RecordKind;
using sim::TraceRecord;

constexpr const char* kReferencePoint = "test";

class EchoActor final : public sim::Actor {
 public:
  EchoActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : Actor(context), reply_(spec.params.value("reply", true)) {}

  void on_command(const sim::Command& command) override {
    if (command.name != "ping") return Actor::on_command(command);
    const auto to = command.args.value("to", std::string());
    const auto size = command.args.value("size", std::uint64_t{64});
    Message m;
    m.to = to;
    m.reference_point = kReferencePoint;
    m.operation = "EchoRequest";
    m.payload.resize(size);
    // Fill the payload from the actor's own stream so byte patterns are reproducible.
    for (auto& b : m.payload) b = static_cast<std::uint8_t>(context().random().next_u64());
    const auto id = context().send(std::move(m));
    sent_at_[id] = context().now();
  }

  void on_message(const Message& message) override {
    if (message.operation == "EchoRequest") {
      if (!reply_) return;
      Message reply;
      reply.to = message.from;
      reply.reference_point = kReferencePoint;
      reply.operation = "EchoReply";
      reply.payload = message.payload;
      // The first 8 bytes of the reply's payload name the request it answers.
      const auto request = message.id;
      for (int i = 0; i < 8; ++i)
        reply.payload.insert(reply.payload.begin() + i,
                             static_cast<std::uint8_t>(request >> (8 * i)));
      context().send(std::move(reply));
      return;
    }
    if (message.operation == "EchoReply") {
      TraceRecord r;
      r.kind = RecordKind::decision;
      r.peer = message.from;
      r.reference_point = kReferencePoint;
      r.operation = "RoundTrip";
      std::uint64_t request = 0;
      for (std::size_t i = 0; i < 8 && i < message.payload.size(); ++i)
        request |= static_cast<std::uint64_t>(message.payload[i]) << (8 * i);
      auto it = sent_at_.find(request);
      if (it == sent_at_.end()) {
        r.outcome = "unmatched";
      } else {
        r.outcome = "ok";
        r.detail = "rtt=" + sim::format_duration(context().now() - it->second);
        sent_at_.erase(it);
      }
      context().trace(std::move(r));
      return;
    }
    TraceRecord r;
    r.kind = RecordKind::decision;
    r.peer = message.from;
    r.operation = message.operation;
    r.outcome = "rejected";
    r.detail = "echo does not understand this operation";
    context().trace(std::move(r));
  }

 private:
  bool reply_;
  std::map<std::uint64_t, sim::Time> sent_at_;
};

}  // namespace

void register_echo_actor(sim::ActorRegistry& registry) {
  sim::ActorType type;
  type.description = "generic test actor: ping/echo with round-trip times";
  type.create = [](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<EchoActor>(context, spec);
  };
  type.params = {{"reply", sim::ParamType::boolean, "answer EchoRequests", false, "true"}};
  type.commands = std::vector<sim::CommandRule>{
      {"ping",
       "send an EchoRequest; the reply's round trip is traced (RoundTrip)",
       {{"to", sim::ParamType::string, "the actor pinged", true},
        {"size", sim::ParamType::integer, "payload bytes", false, "64"}}},
  };
  type.check_params = [params = type.params](const nlohmann::json& p,
                                             std::vector<sim::Diagnostic>& out) {
    sim::check_params("echo", p, params, out);
  };
  registry.add("echo", std::move(type));
}

}  // namespace ifa026::actors
