// The adapter protocol's vocabulary (actors/external/adapter_protocol.hpp) and the process side
// (actors/external/actor_host.hpp) without a process: messages, records, specs and commands
// survive the trip, and every malformed line is answered with an error naming where it is wrong.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "actors/builtin_actors.hpp"
#include "actors/external/actor_host.hpp"
#include "actors/external/adapter_protocol.hpp"

namespace ifa026::actors::external {
namespace {

TEST(AdapterProtocol, MessageRoundTripsWithItsBytes) {
  sim::Message m;
  m.id = 42;
  m.from = "oss-1";
  m.to = "cmf-1";
  m.reference_point = "Os-Ma-Cmf";
  m.operation = "tls";
  m.step = "C.4.1.1#0";
  m.payload = {0xf0, 0x00, 0x16, 0x03, 0xff, 0x00};
  const auto back = message_from_json(message_to_json(m), "/message");
  EXPECT_EQ(back.id, 42u);
  EXPECT_EQ(back.from, "oss-1");
  EXPECT_EQ(back.to, "cmf-1");
  EXPECT_EQ(back.reference_point, "Os-Ma-Cmf");
  EXPECT_EQ(back.operation, "tls");
  EXPECT_EQ(back.step, "C.4.1.1#0");
  EXPECT_EQ(back.payload, m.payload);
}

TEST(AdapterProtocol, RecordRoundTripsAndUnknownKindIsNamed) {
  sim::TraceRecord r;
  r.kind = sim::RecordKind::crypto;
  r.peer = "ca-1";
  r.operation = "TlsHandshake";
  r.outcome = "failed";
  r.detail = "reason=bad certificate";
  r.message_id = 9;
  const auto json = record_to_json(r);
  const auto back = record_from_json(json, "/effects/0/trace");
  EXPECT_EQ(back.kind, sim::RecordKind::crypto);
  EXPECT_EQ(back.peer, "ca-1");
  EXPECT_EQ(back.outcome, "failed");
  EXPECT_EQ(back.detail, "reason=bad certificate");
  EXPECT_EQ(back.message_id, 9u);
  auto bad = json;
  bad["kind"] = "gossip";
  try {
    record_from_json(bad, "/effects/0/trace");
    FAIL() << "an unknown kind was accepted";
  } catch (const ProtocolError& e) {
    EXPECT_STREQ(e.what(), "/effects/0/trace/kind: unknown record kind 'gossip'");
  }
}

TEST(AdapterProtocol, ByteStringsInParamsAndArgsSurviveAsBase64) {
  sim::ActorSpec spec;
  spec.name = "vnf-1-fw-ctl-1";
  spec.type = "vnfci";
  spec.params = {{"secure_bootstrap",
                  {{"platform_key", nlohmann::json::binary({0x30, 0x81, 0x87, 0x02})},
                   {"list", nlohmann::json::array({nlohmann::json::binary({1}), 2})}}},
                 {"name", "x"}};
  const auto text = spec_to_json(spec).dump();  // JSON text: no binary in it
  EXPECT_NE(text.find(R"({"$bytes":"MIGHAg=="})"), std::string::npos) << text;
  const auto back = spec_from_json(nlohmann::json::parse(text), "/actor");
  EXPECT_EQ(back.params, spec.params);
  EXPECT_TRUE(back.params["secure_bootstrap"]["platform_key"].is_binary());
  sim::Command command{"register", {{"key", nlohmann::json::binary({9, 9})}}, 2};
  const auto c = command_from_json(nlohmann::json::parse(command_to_json(command).dump()), "/c");
  EXPECT_EQ(c.args, command.args);
  EXPECT_EQ(c.repetition, 2);
}

TEST(AdapterProtocol, MalformedMessagesNameTheField) {
  auto expect_error = [](nlohmann::json json, const std::string& expected) {
    try {
      message_from_json(json, "/effects/1/send");
      ADD_FAILURE() << "accepted " << json.dump();
    } catch (const ProtocolError& e) {
      EXPECT_EQ(std::string(e.what()), expected);
    }
  };
  expect_error({{"operation", "x"}, {"payload", ""}}, "/effects/1/send/to: missing");
  expect_error({{"to", "a"}, {"operation", 3}}, "/effects/1/send/operation: expected a string");
  expect_error({{"to", "a"}, {"operation", "x"}, {"payload", "***"}},
               "/effects/1/send/payload: not base64");
  expect_error(nlohmann::json::array(), "/effects/1/send: expected an object");
}

std::string hello_line(const std::string& type, const nlohmann::json& params) {
  return nlohmann::json{{"type", "hello"},
                        {"protocol", std::string(kProtocol)},
                        {"actor", {{"name", "echo-1"}, {"type", type}, {"params", params}}},
                        {"seed", 7},
                        {"epoch", "2026-01-01T00:00:00Z"},
                        {"epoch_unix_ns", 1767225600000000000LL}}
      .dump();
}

TEST(ActorHost, PlaysAnEchoActorAndReturnsItsSendsInOrder) {
  const auto registry = builtin_registry();
  ActorHost host(registry, "echo");
  const auto ready =
      nlohmann::json::parse(host.handle(hello_line("echo", nlohmann::json::object())));
  ASSERT_EQ(ready["type"], "ready") << ready.dump();
  EXPECT_EQ(ready["protocol"], std::string(kProtocol));
  ASSERT_EQ(
      nlohmann::json::parse(host.handle(R"({"type":"event","event":"start","now_ns":0})"))["type"],
      "effects");
  sim::Message ping;
  ping.id = 1;
  ping.from = "peer";
  ping.to = "echo-1";
  ping.operation = "EchoRequest";
  ping.payload = {1, 2, 3};
  const nlohmann::json request = {
      {"type", "event"}, {"event", "message"}, {"now_ns", 5}, {"message", message_to_json(ping)}};
  const auto answer = nlohmann::json::parse(host.handle(request.dump()));
  ASSERT_EQ(answer["type"], "effects") << answer.dump();
  bool sent_back = false;
  for (const auto& effect : answer["effects"])
    if (effect.contains("send")) {
      const auto m = message_from_json(effect["send"], "/send");
      sent_back = m.to == "peer";
    }
  EXPECT_TRUE(sent_back) << answer.dump();
  EXPECT_EQ(host.handle(R"({"type":"bye"})"), "");
  EXPECT_TRUE(host.done());
}

TEST(ActorHost, RefusesWhatItCannotPlayWithTheReason) {
  const auto registry = builtin_registry();
  {
    ActorHost host(registry, "cmf");
    const auto a = nlohmann::json::parse(host.handle(hello_line("echo", nlohmann::json::object())));
    EXPECT_EQ(a["type"], "error");
    EXPECT_EQ(a["reason"], "/actor/type: this process plays a cmf, not a echo");
  }
  {
    ActorHost host(registry, "");
    auto a =
        nlohmann::json::parse(host.handle(hello_line("no-such-type", nlohmann::json::object())));
    EXPECT_EQ(a["reason"], "/actor/type: unknown actor type 'no-such-type'");
    a = nlohmann::json::parse(host.handle(R"({"type":"event","event":"start","now_ns":0})"));
    EXPECT_EQ(a["reason"], "/type: an event before the hello");
    a = nlohmann::json::parse(host.handle("not json"));
    EXPECT_EQ(a["type"], "error");
    EXPECT_NE(a["reason"].get<std::string>().find("not a JSON request line"), std::string::npos);
  }
  {
    ActorHost host(registry, "");
    auto a = nlohmann::json::parse(host.handle(hello_line("echo", {{"no_such_param", 1}})));
    EXPECT_EQ(a["type"], "error");
    EXPECT_NE(a["reason"].get<std::string>().find("/actor/params/no_such_param"), std::string::npos)
        << a.dump();
  }
}

TEST(ActorHost, ServeLoopAnswersLineByLineAndStopsAtBye) {
  const auto registry = builtin_registry();
  std::istringstream in(hello_line("echo", nlohmann::json::object()) + "\n" +
                        R"({"type":"event","event":"start","now_ns":0})" + "\n" +
                        R"({"type":"bye"})" + "\n" +
                        R"({"type":"event","event":"finish","now_ns":1})" + "\n");
  std::ostringstream out;
  EXPECT_EQ(serve_actor(registry, "echo", in, out), 0);
  std::istringstream lines(out.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) ++count;
  EXPECT_EQ(count, 2) << out.str();  // ready, effects; nothing after bye
}

}  // namespace
}  // namespace ifa026::actors::external
