// The echo test actor (see echo_actor.hpp), written on the actor toolkit: the smallest complete
// actor (docs/architecture.md, "How to write an actor").
#include "actors/echo/echo_actor.hpp"

#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/nfv_actor.hpp"
#include "actors/toolkit/request_tracker.hpp"

namespace ifa026::actors {
namespace {

constexpr const char* kReferencePoint = "test";
constexpr std::size_t kIdBytes = 8;  // the correlation id leads the request's payload

void put_id(std::vector<std::uint8_t>& payload, std::uint64_t id) {
  for (std::size_t i = 0; i < kIdBytes; ++i) payload[i] = static_cast<std::uint8_t>(id >> (8 * i));
}
std::uint64_t get_id(const std::vector<std::uint8_t>& payload) {
  std::uint64_t id = 0;
  for (std::size_t i = 0; i < kIdBytes && i < payload.size(); ++i)
    id |= static_cast<std::uint64_t>(payload[i]) << (8 * i);
  return id;
}

class EchoActor final : public NfvActor {
 public:
  EchoActor(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        reply_(spec.params.value("reply", true)),
        pings_(context, "EchoTimeout") {}

 private:
  void command(const sim::Command& command) override {
    if (command.name != "ping") return NfvActor::command(command);
    const auto to = command.args.value("to", std::string());
    const auto size = std::max(command.args.value("size", std::uint64_t{64}), kIdBytes);
    pings_.start(context().now(), {}, [&](std::uint64_t id, const sim::Time&, int) {
      sim::Message m;
      m.to = to;
      m.reference_point = kReferencePoint;
      m.operation = "EchoRequest";
      m.payload.resize(size);
      // Random bytes from the actor's own stream, so byte patterns are reproducible.
      for (auto& b : m.payload) b = static_cast<std::uint8_t>(context().random().next_u64());
      put_id(m.payload, id);
      context().post(std::move(m));
    });
  }

  void receive(const sim::Message& message) override {
    if (message.operation == "EchoRequest") {
      if (!reply_) return;
      // The reply repeats the request's correlation id in front of the echoed payload.
      sim::Message reply;
      reply.to = message.from;
      reply.reference_point = kReferencePoint;
      reply.operation = "EchoReply";
      reply.payload.assign(message.payload.begin(),
                           message.payload.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                         kIdBytes, message.payload.size())));
      reply.payload.insert(reply.payload.end(), message.payload.begin(), message.payload.end());
      context().post(std::move(reply));
      return;
    }
    if (message.operation == "EchoReply") {
      const auto reply = pings_.reply(get_id(message.payload));
      const bool ok = reply.match == ReplyMatch::answer;
      trace({.operation = "RoundTrip",
             .outcome = ok ? "ok" : "unmatched",
             .peer = message.from,
             .reference_point = kReferencePoint,
             .detail = ok ? "rtt=" + sim::format_duration(context().now() - *reply.pending)
                          : "match=" + std::string(to_string(reply.match))});
      return;
    }
    trace({.operation = message.operation,
           .outcome = "rejected",
           .peer = message.from,
           .detail = "echo does not understand this operation"});
  }

  bool reply_;
  RequestTracker<sim::Time> pings_;  // each ping's send time
};

}  // namespace

void register_echo_actor(sim::ActorRegistry& registry) {
  register_actor<EchoActor>(
      registry, "echo",
      {.description = "generic test actor: ping/echo with round-trip times",
       .params = {{"reply", sim::ParamType::boolean, "answer EchoRequests", false, "true"}},
       .commands = {
           {"ping",
            "send an EchoRequest; the reply's round trip is traced (RoundTrip)",
            {{"to", sim::ParamType::string, "the actor pinged", true},
             {"size", sim::ParamType::integer, "payload bytes (at least 8)", false, "64"}}}}});
}

}  // namespace ifa026::actors
