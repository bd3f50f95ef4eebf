// The actor toolkit in real simulations: guarded entry points (malformed input vs internal error,
// the throw_in_handler fault), the request tracker's timeouts, back-off, late and duplicate
// replies, the Tracer's prefix, and one-line registration.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "actors/common/internal_error.hpp"
#include "actors/toolkit/actor_registration.hpp"
#include "actors/toolkit/nfv_actor.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors {
namespace {

// "probe": command "ask" {to, timeout_ms, retries} sends Ask messages through a RequestTracker
// (payload: the correlation id as text) and traces each Answer's match; command "crash" throws
// std::runtime_error, command "garble" throws pki::DecodeError. Param "answers": how many
// Answers it sends per Ask (0: silent), "delay_ms": how long it waits before answering. Args of
// "ask" for the order of a send and its timer: "send_timer" (each send sets a timer "SendWork" of
// the request's timeout, as a TLS handshake timeout would), "close_in_send" (the send cancels its
// own request).
class Probe final : public NfvActor {
 public:
  Probe(sim::ActorContext& context, const sim::ActorSpec& spec)
      : NfvActor(context, spec),
        answers_(spec.params.value("answers", 1)),
        delay_ms_(spec.params.value("delay_ms", 0)),
        asks_(context, "AskTimeout") {
    tracer().set_prefix([this] { return TraceDetail().add("probe", name()); });
  }

 private:
  // The end of the run (NfvActor::finish): one record, so tests see when and how often it runs.
  void finish() override { trace({.operation = "Finished", .outcome = "final"}); }

  void command(const sim::Command& command) override {
    if (command.name == "crash") throw std::runtime_error("probe crashed");
    if (command.name == "garble") throw pki::DecodeError("garbled input");
    if (command.name == "abandon") {  // e.g. the session the requests went on failed
      for (const auto& [id, peer] : asks_.cancel_all())
        trace({.operation = "AskAbandoned", .outcome = std::to_string(id), .peer = peer});
      return;
    }
    if (command.name != "ask") return NfvActor::command(command);
    const auto to = command.args.at("to").get<std::string>();
    RetryPolicy policy{.timeout = sim::Duration::milliseconds(command.args.value("timeout_ms", 0)),
                       .retries = command.args.value("retries", 0)};
    const bool send_timer = command.args.value("send_timer", false);
    const bool close_in_send = command.args.value("close_in_send", false);
    asks_.start(
        to, policy,
        [this, policy, send_timer, close_in_send](std::uint64_t id, const std::string& peer,
                                                  int attempt) {
          if (send_timer) schedule(policy.timeout, "SendWork", [] {});
          sim::Message m;
          m.to = peer;
          m.operation = "Ask";
          const auto text = std::to_string(id);
          m.payload.assign(text.begin(), text.end());
          context().send(std::move(m));
          trace({.operation = "AskSent", .outcome = std::to_string(attempt), .peer = peer});
          if (close_in_send) asks_.cancel(id);  // `peer` is not used after this
        },
        [this](std::uint64_t, std::string peer) {
          trace({.operation = "AskGivenUp", .outcome = "failed", .peer = peer});
        });
  }

  void receive(const sim::Message& message) override {
    if (message.operation == "Ask") {
      for (int i = 0; i < answers_; ++i)
        schedule(sim::Duration::milliseconds(delay_ms_), "AnswerDelay", [this, message] {
          sim::Message m;
          m.to = message.from;
          m.operation = "Answer";
          m.payload = message.payload;
          context().send(std::move(m));
        });
      return;
    }
    if (message.operation == "Answer") {
      const auto id = std::stoull(std::string(message.payload.begin(), message.payload.end()));
      const auto reply = asks_.reply(id);
      trace({.operation = "AnswerReceived",
             .outcome = std::string(to_string(reply.match)),
             .peer = message.from,
             .detail = TraceDetail().add("attempt", reply.attempt)});
    }
  }

  int answers_;
  int delay_ms_;
  RequestTracker<std::string> asks_;
};

void register_probe(sim::ActorRegistry& registry) {
  register_actor<Probe>(
      registry, "probe",
      {.description = "toolkit test actor",
       .params = {{"answers", sim::ParamType::integer, "answers per ask"},
                  {"delay_ms", sim::ParamType::integer, "answer delay"}},
       .commands = {{"ask",
                     "ask a peer",
                     {{"to", sim::ParamType::string, "peer", true},
                      {"timeout_ms", sim::ParamType::integer, "per attempt"},
                      {"retries", sim::ParamType::integer, "resends"},
                      {"send_timer", sim::ParamType::boolean, "send sets a timer"},
                      {"close_in_send", sim::ParamType::boolean, "send cancels its request"}}},
                    {"abandon", "close every open ask without an answer"},
                    {"crash", "throw an internal error"},
                    {"garble", "throw a decoding error"}}});
}

std::vector<sim::TraceRecord> run(const std::string& actors, const std::string& workload) {
  sim::ActorRegistry registry;
  register_probe(registry);
  auto load = sim::load_scenario_text(
      "toolkit.json",
      R"({"name": "toolkit", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "30s",
          "network": {"default_latency": {"model": "fixed", "delay": "10ms"}},
          "actors": )" +
          actors + R"(, "workload": )" + workload + "}",
      registry);
  for (const auto& d : load.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!load.scenario) throw std::runtime_error("scenario does not load");
  sim::TraceStore store;
  sim::Simulation simulation(*load.scenario, registry);
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

std::vector<const sim::TraceRecord*> with_operation(const std::vector<sim::TraceRecord>& records,
                                                    const std::string& operation) {
  std::vector<const sim::TraceRecord*> out;
  for (const auto& r : records)
    if (r.operation == operation) out.push_back(&r);
  return out;
}

constexpr const char* kTwo =
    R"([{"name": "a", "type": "probe"}, {"name": "b", "type": "probe", "params": %}])";

std::string two(const std::string& b_params) {
  std::string s = kTwo;
  s.replace(s.find('%'), 1, b_params);
  return s;
}

TEST(ActorToolkit, AThrowingHandlerIsAnInternalErrorNeverARefusal) {
  const auto records = run(R"([{"name": "a", "type": "probe"}])",
                           R"([{"at": "1s", "actor": "a", "command": "crash"}])");
  const auto crashes = with_operation(records, "crash");
  ASSERT_EQ(crashes.size(), 2u);  // the command record, then the guard's
  EXPECT_TRUE(is_internal_error(*crashes[1]));
  EXPECT_NE(crashes[1]->detail.find("probe crashed"), std::string::npos);
  EXPECT_NE(crashes[1]->detail.find("probe=a"), std::string::npos) << "the Tracer's prefix";
  for (const auto& r : records) EXPECT_NE(r.outcome, "rejected") << r.operation;
}

TEST(ActorToolkit, ADecodingErrorIsAMalformedMessageRefusalNotAnInternalError) {
  const auto records = run(R"([{"name": "a", "type": "probe"}])",
                           R"([{"at": "1s", "actor": "a", "command": "garble"}])");
  const auto malformed = with_operation(records, kMalformedMessage);
  ASSERT_EQ(malformed.size(), 1u);
  EXPECT_EQ(malformed[0]->outcome, "rejected");
  EXPECT_NE(malformed[0]->detail.find("operation=garble"), std::string::npos);
  EXPECT_NE(malformed[0]->detail.find("garbled input"), std::string::npos);
  for (const auto& r : records) EXPECT_FALSE(is_internal_error(r)) << r.operation;
}

TEST(ActorToolkit, TheThrowInHandlerFaultHitsOnlyTheNamedHandler) {
  const auto records =
      run(two(R"({"throw_in_handler": "Ask"})"),
          R"([{"at": "1s", "actor": "a", "command": "ask", "args": {"to": "b"}}])");
  const auto errors = with_operation(records, "Ask");
  bool internal = false;
  for (const auto* r : errors) internal = internal || (is_internal_error(*r) && r->actor == "b");
  EXPECT_TRUE(internal) << "b's Ask handler must fail with an internal error";
  EXPECT_TRUE(with_operation(records, "AnswerReceived").empty()) << "b never answered";
  // The same scenario without the fault: answered.
  const auto clean = run(two("{}"), R"([{"at": "1s", "actor": "a", "command": "ask",
                                         "args": {"to": "b"}}])");
  ASSERT_EQ(with_operation(clean, "AnswerReceived").size(), 1u);
  EXPECT_EQ(with_operation(clean, "AnswerReceived")[0]->outcome, "answer");
}

TEST(ActorToolkit, ThrowInHandlerStarFailsStartToo) {
  const auto records =
      run(R"([{"name": "a", "type": "probe", "params": {"throw_in_handler": "*"}}])", "[]");
  const auto starts = with_operation(records, "start");
  ASSERT_EQ(starts.size(), 1u);
  EXPECT_TRUE(is_internal_error(*starts[0]));
}

TEST(ActorToolkit, FinishRunsOnceForEveryActorAtTheEndOfTheRunAfterTheLastEvent) {
  const auto records = run(two("{}"), R"([{"at": "1s", "actor": "a", "command": "ask",
                                           "args": {"to": "b"}}])");
  const auto finished = with_operation(records, "Finished");
  ASSERT_EQ(finished.size(), 2u);
  EXPECT_EQ(finished[0]->actor, "a");
  EXPECT_EQ(finished[1]->actor, "b");
  for (const auto* r : finished) EXPECT_EQ(r->time.ns(), std::int64_t{30'000'000'000}) << r->actor;
  // They are the run's last records.
  ASSERT_GE(records.size(), 2u);
  EXPECT_EQ(records[records.size() - 1].operation, "Finished");
  EXPECT_EQ(records[records.size() - 2].operation, "Finished");
}

TEST(ActorToolkit, FinishRunsInsideTheGuard) {
  const auto records =
      run(R"([{"name": "a", "type": "probe", "params": {"throw_in_handler": "finish"}}])", "[]");
  const auto finishes = with_operation(records, "finish");
  ASSERT_EQ(finishes.size(), 1u);
  EXPECT_TRUE(is_internal_error(*finishes[0]));
  EXPECT_TRUE(with_operation(records, "Finished").empty());
}

TEST(ActorToolkit, UnansweredRequestsAreResentWithBackOffThenGivenUp) {
  const auto records = run(two(R"({"answers": 0})"),
                           R"([{"at": "1s", "actor": "a", "command": "ask",
                                "args": {"to": "b", "timeout_ms": 100, "retries": 3}}])");
  const auto sent = with_operation(records, "AskSent");
  ASSERT_EQ(sent.size(), 4u);
  // Waits of 100, 200 and 400 ms between attempts, then 800 ms before giving up.
  const std::vector<std::int64_t> at_ms = {1000, 1100, 1300, 1700};
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i]->time.ns() / 1'000'000, at_ms[i]) << i;
    EXPECT_EQ(sent[i]->outcome, std::to_string(i));
  }
  const auto given_up = with_operation(records, "AskGivenUp");
  ASSERT_EQ(given_up.size(), 1u);
  EXPECT_EQ(given_up[0]->time.ns() / 1'000'000, 2500);
}

TEST(ActorToolkit, AnAnswerAfterGivingUpIsLateAndASecondAnswerIsADuplicate) {
  // b answers after 150 ms (round trip 170 ms) against a 100 ms timeout without retries: late.
  const auto late = run(two(R"({"delay_ms": 150})"),
                        R"([{"at": "1s", "actor": "a", "command": "ask",
                             "args": {"to": "b", "timeout_ms": 100}}])");
  ASSERT_EQ(with_operation(late, "AnswerReceived").size(), 1u);
  EXPECT_EQ(with_operation(late, "AnswerReceived")[0]->outcome, "late");
  // b answers twice, in time: the first is the answer, the second a duplicate; no timer left.
  const auto twice = run(two(R"({"answers": 2})"),
                         R"([{"at": "1s", "actor": "a", "command": "ask",
                              "args": {"to": "b", "timeout_ms": 100, "retries": 2}}])");
  const auto received = with_operation(twice, "AnswerReceived");
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0]->outcome, "answer");
  EXPECT_EQ(received[1]->outcome, "duplicate");
  EXPECT_EQ(with_operation(twice, "AskSent").size(), 1u) << "answered: never resent";
  for (const auto& r : twice) EXPECT_NE(r.operation, "AskTimeout") << "the timer was cancelled";
}

TEST(ActorToolkit, WithoutATimeoutNoTimerIsSet) {
  const auto records = run(two("{}"), R"([{"at": "1s", "actor": "a", "command": "ask",
                                           "args": {"to": "b"}}])");
  for (const auto& r : records) EXPECT_NE(r.operation, "AskTimeout");
}

// A timer the send sets with the request's timeout fires before the request's own timeout at that
// instant (the tracker sends, then sets its timer): a resend never lands on work about to time out.
TEST(ActorToolkit, WhatASendSchedulesComesBeforeTheRequestsTimeoutAtTheSameInstant) {
  const auto records = run(two(R"({"answers": 0})"),
                           R"([{"at": "1s", "actor": "a", "command": "ask",
                                "args": {"to": "b", "timeout_ms": 100, "retries": 1,
                                         "send_timer": true}}])");
  std::vector<std::string> timers;
  for (const auto& r : records)
    if (r.kind == sim::RecordKind::timer && r.time.ns() == 1'100'000'000)
      timers.push_back(r.operation);
  EXPECT_EQ(timers, (std::vector<std::string>{"SendWork", "AskTimeout"}));
}

// A send that closes its own request leaves no timer and no give-up behind.
TEST(ActorToolkit, ASendThatClosesItsRequestSetsNoTimer) {
  const auto records = run(two(R"({"answers": 0})"),
                           R"([{"at": "1s", "actor": "a", "command": "ask",
                                "args": {"to": "b", "timeout_ms": 100, "retries": 2,
                                         "close_in_send": true}}])");
  EXPECT_EQ(with_operation(records, "AskSent").size(), 1u);
  EXPECT_TRUE(with_operation(records, "AskGivenUp").empty());
  for (const auto& r : records) EXPECT_NE(r.operation, "AskTimeout");
}

// cancel_all closes every open request at once (in id order, for the owner to fail each): no
// timer and no give-up remain, and the answers that still come are late.
TEST(ActorToolkit, CancelAllClosesEveryOpenRequestAndTheirAnswersAreLate) {
  const auto records = run(two(R"({"delay_ms": 150})"),
                           R"([{"at": "1s", "actor": "a", "command": "ask",
                                "args": {"to": "b", "timeout_ms": 1000, "retries": 2}},
                               {"at": "1010ms", "actor": "a", "command": "ask",
                                "args": {"to": "b", "timeout_ms": 1000}},
                               {"at": "1050ms", "actor": "a", "command": "abandon"}])");
  const auto abandoned = with_operation(records, "AskAbandoned");
  ASSERT_EQ(abandoned.size(), 2u);
  EXPECT_EQ(abandoned[0]->outcome, "1");
  EXPECT_EQ(abandoned[1]->outcome, "2");
  EXPECT_EQ(abandoned[0]->peer, "b");
  const auto received = with_operation(records, "AnswerReceived");
  ASSERT_EQ(received.size(), 2u);
  for (const auto* r : received) EXPECT_EQ(r->outcome, "late");
  EXPECT_TRUE(with_operation(records, "AskGivenUp").empty());
  EXPECT_EQ(with_operation(records, "AskSent").size(), 2u) << "never resent";
  for (const auto& r : records) EXPECT_NE(r.operation, "AskTimeout") << "no timer left";
}

TEST(ActorToolkit, RegistrationChecksParametersAndAddsTheToolkitsOwn) {
  sim::ActorRegistry registry;
  register_probe(registry);
  const auto* type = registry.find("probe");
  ASSERT_NE(type, nullptr);
  bool has_fault_param = false;
  for (const auto& p : type->params) has_fault_param |= p.name == "throw_in_handler";
  EXPECT_TRUE(has_fault_param);
  ASSERT_TRUE(type->commands.has_value());
  EXPECT_EQ(type->commands->size(), 4u);
  std::vector<sim::Diagnostic> out;
  type->check_params(nlohmann::json{{"answer", 1}}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("answers"), std::string::npos) << "did-you-mean";
  out.clear();
  type->check_params(nlohmann::json{{"answers", 1u}, {"throw_in_handler", "Ask"}}, out);
  for (const auto& d : out) ADD_FAILURE() << d.pointer << ": " << d.message;
}

TEST(ReplyMatch, Names) {
  EXPECT_EQ(to_string(ReplyMatch::answer), "answer");
  EXPECT_EQ(to_string(ReplyMatch::late), "late");
  EXPECT_EQ(to_string(ReplyMatch::duplicate), "duplicate");
  EXPECT_EQ(to_string(ReplyMatch::unknown), "unknown");
}

}  // namespace
}  // namespace ifa026::actors
