// The simulation object end to end with the echo actor: determinism and fingerprints, run-until,
// fault windows, drops to unknown or down actors, loss, timers, and independent simulations.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/toolkit/trace_event.hpp"
#include "sim/simulation.hpp"
#include "sim_test_support.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::sim::simulation_test {
namespace {

using testing::load_or_fail;

struct RunResult {
  std::string fingerprint;
  std::vector<TraceRecord> records;
  std::uint64_t events;
};

RunResult run(Scenario scenario) {
  const auto registry = actors::builtin_registry();
  Simulation simulation(scenario, registry);
  TraceStore store;
  simulation.trace().subscribe(store);
  auto stats = simulation.run();
  return {simulation.trace().fingerprint_hex(), store.records(), stats.events};
}

std::size_t count(const std::vector<TraceRecord>& records, RecordKind kind,
                  const std::string& outcome = "") {
  std::size_t n = 0;
  for (const auto& r : records)
    if (r.kind == kind && (outcome.empty() || r.outcome == outcome)) ++n;
  return n;
}

TEST(Simulation, SameScenarioAndSeedGiveTheSameTrace) {
  const auto registry = actors::builtin_registry();
  auto scenario = load_or_fail("scenarios/smoke/echo-lossy-link.json", registry);
  auto first = run(scenario);
  auto second = run(scenario);
  EXPECT_EQ(first.fingerprint, second.fingerprint);
  ASSERT_EQ(first.records.size(), second.records.size());
  for (std::size_t i = 0; i < first.records.size(); ++i) {
    EXPECT_EQ(first.records[i].time, second.records[i].time);
    EXPECT_EQ(first.records[i].detail, second.records[i].detail);
  }
}

TEST(Simulation, AnotherSeedGivesAnotherTrace) {
  const auto registry = actors::builtin_registry();
  auto scenario = load_or_fail("scenarios/smoke/echo-lossy-link.json", registry);
  auto first = run(scenario);
  scenario.seed += 1;
  auto second = run(scenario);
  EXPECT_NE(first.fingerprint, second.fingerprint);
}

TEST(Simulation, LossyLinkDropsAboutTheConfiguredShare) {
  const auto registry = actors::builtin_registry();
  auto result = run(load_or_fail("scenarios/smoke/echo-lossy-link.json", registry));
  // 200 requests on alice->bob (10% loss) and the replies on bob->alice (same link, both ways).
  const auto sent = count(result.records, RecordKind::send);
  const auto lost = count(result.records, RecordKind::drop, "loss");
  EXPECT_GT(sent, 300u);
  EXPECT_NEAR(static_cast<double>(lost) / static_cast<double>(sent), 0.1, 0.05);
  EXPECT_EQ(count(result.records, RecordKind::receive), sent - lost);
  // Every reply that arrives closes one round trip.
  std::size_t replies = 0;
  for (const auto& r : result.records)
    if (r.kind == RecordKind::receive && r.operation == "EchoReply") ++replies;
  EXPECT_GT(replies, 0u);
  EXPECT_EQ(count(result.records, RecordKind::decision, "ok"), replies);
}

TEST(Simulation, FaultWindowsDropAndAreTraced) {
  const auto registry = actors::builtin_registry();
  auto result = run(load_or_fail("scenarios/smoke/echo-fault-windows.json", registry));
  // The server is down in [5s, 8s): the pings sent at 5s, 6s, 7s are dropped on arrival.
  std::size_t down = 0, link = 0, unknown = 0;
  for (const auto& r : result.records) {
    if (r.kind != RecordKind::drop) continue;
    if (r.outcome == "actor-down") {
      ++down;
      EXPECT_EQ(r.actor, "server");
      EXPECT_GE(r.time, Time::zero() + Duration::seconds(5));
      EXPECT_LT(r.time, Time::zero() + Duration::seconds(8));
    } else if (r.outcome == "link-down") {
      ++link;
      EXPECT_GE(r.time, Time::zero() + Duration::seconds(10));
      EXPECT_LT(r.time, Time::zero() + Duration::seconds(12));
    } else if (r.outcome == "unknown-peer") {
      ++unknown;
      EXPECT_EQ(r.peer, "nobody");
    }
  }
  EXPECT_EQ(down, 3u);
  EXPECT_EQ(link, 2u);  // pings at 10.5s and 11.5s
  EXPECT_EQ(unknown, 1u);
  EXPECT_EQ(count(result.records, RecordKind::fault, "start"), 2u);
  EXPECT_EQ(count(result.records, RecordKind::fault, "end"), 2u);
  EXPECT_EQ(count(result.records, RecordKind::decision, "ok"), 15u - 3u + 15u - 2u);
}

TEST(Simulation, TamperWindowFlipsOneByteOfEveryPayloadOnTheLink) {
  const auto registry = actors::builtin_registry();
  auto result = run(test::ScenarioBuilder("tamper")
                        .seed(3)
                        .actor("a", "echo")
                        .actor("b", "echo")
                        .actor("c", "echo")
                        .tamper("a", "b", "2s", "4s")
                        .command("1s", "a", "ping", {{"to", "b"}})
                        .every("1s", 5)
                        .command("1s", "a", "ping", {{"to", "c"}})
                        .every("1s", 5)
                        .load(registry));
  std::size_t tampered = 0;
  for (std::size_t i = 0; i < result.records.size(); ++i) {
    const auto& r = result.records[i];
    if (r.kind != RecordKind::fault || r.outcome != "tampered") continue;
    ++tampered;
    // Only on a<->b, inside the window, right after the send it concerns.
    EXPECT_TRUE((r.actor == "a" && r.peer == "b") || (r.actor == "b" && r.peer == "a"));
    EXPECT_GE(r.time, Time::zero() + Duration::seconds(2));
    EXPECT_LT(r.time, Time::zero() + Duration::seconds(4));
    ASSERT_GT(i, 0u);
    EXPECT_EQ(result.records[i - 1].kind, RecordKind::send);
    EXPECT_EQ(result.records[i - 1].message_id, r.message_id);
  }
  // Pings at 2s and 3s to b, and b's replies sent at about the same instants: four messages.
  EXPECT_EQ(tampered, 4u);
}

TEST(Simulation, MessagesOnALinkArriveInTheOrderSent) {
  // Latencies drawn between 1 and 50 ms for messages sent 1 ms apart would overtake each other;
  // like TCP, the link keeps them in order (TLS sessions depend on it).
  const auto registry = actors::builtin_registry();
  auto result = run(test::ScenarioBuilder("order")
                        .seed(5)
                        .duration("2s")
                        .default_latency(test::uniform_latency("1ms", "50ms"))
                        .actor("a", "echo")
                        .actor("b", "echo", {{"reply", false}})
                        .command("0s", "a", "ping", {{"to", "b"}})
                        .every("1ms", 300)
                        .load(registry));
  std::uint64_t last = 0;
  std::size_t received = 0;
  for (const auto& r : result.records) {
    if (r.kind != RecordKind::receive) continue;
    EXPECT_GT(r.message_id, last) << "message " << r.message_id << " overtook " << last;
    last = r.message_id;
    ++received;
  }
  EXPECT_EQ(received, 300u);
}

// A duplicate window delivers every message on the link twice, right after each other; a replay
// window delivers each again `delay` later (the attacker's copy): same message id, traced as a
// fault next to the send. Outside the windows and on other links nothing changes.
TEST(Simulation, DuplicateAndReplayWindowsDeliverCopies) {
  const auto registry = actors::builtin_registry();
  auto load = load_scenario_text("copies.json", R"({
    "name": "copies", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "30s",
    "actors": [{"name": "a", "type": "echo"}, {"name": "b", "type": "echo", "params": {"reply": false}},
               {"name": "c", "type": "echo", "params": {"reply": false}}],
    "faults": [{"kind": "duplicate", "endpoints": ["a", "b"], "start": "2s", "end": "4s"},
               {"kind": "replay", "endpoints": ["a", "c"], "start": "2s", "end": "3s", "delay": "10s"}],
    "workload": [{"at": "1s", "actor": "a", "command": "ping", "args": {"to": "b"}, "every": "1s", "count": 5},
                 {"at": "1s", "actor": "a", "command": "ping", "args": {"to": "c"}, "every": "1s", "count": 5}]})",
                                 registry);
  ASSERT_TRUE(load.errors.empty()) << load.errors[0].message;
  auto result = run(*load.scenario);
  std::map<std::string, std::map<std::uint64_t, std::vector<Time>>> arrivals;  // peer -> id -> at
  for (const auto& r : result.records)
    if (r.kind == RecordKind::receive) arrivals[r.actor][r.message_id].push_back(r.time);
  // b: pings sent at 2s and 3s arrive twice at the same instant, the others once.
  std::size_t twice = 0;
  for (const auto& [id, at] : arrivals["b"]) {
    if (at.size() == 2) {
      ++twice;
      EXPECT_EQ(at[0], at[1]);
    } else {
      EXPECT_EQ(at.size(), 1u);
    }
  }
  EXPECT_EQ(twice, 2u);
  // c: the ping sent at 2s arrives again 10 s after it first did.
  std::size_t replayed = 0;
  for (const auto& [id, at] : arrivals["c"]) {
    if (at.size() == 1) continue;
    ++replayed;
    ASSERT_EQ(at.size(), 2u);
    EXPECT_EQ(at[1] - at[0], Duration::seconds(10));
  }
  EXPECT_EQ(replayed, 1u);
  EXPECT_EQ(count(result.records, RecordKind::fault, "duplicated"), 2u);
  EXPECT_EQ(count(result.records, RecordKind::fault, "replayed"), 1u);
}

// An actor whose clock is skewed reads the calendar `offset` off the scenario's epoch; simulated
// time (when its events run) is the same for everyone.
TEST(Simulation, ClockSkewShiftsOnlyThatActorsCalendar) {
  auto registry = actors::builtin_registry();
  class CalendarReader final : public Actor {
   public:
    using Actor::Actor;
    void on_start() override {
      context().trace(actors::to_record({.operation = "ReadClock",
                                         .outcome = "ok",
                                         .detail = context().epoch().format(context().now())}));
    }
    void on_message(const Message&) override {}
  };
  ActorType type;
  type.description = "traces its calendar at start";
  type.create = [](ActorContext& context, const ActorSpec&) {
    return std::make_unique<CalendarReader>(context);
  };
  type.check_params = [](const nlohmann::json&, std::vector<Diagnostic>&) {};
  registry.add("calendar-reader", type);
  auto load = load_scenario_text("skew.json", R"({
    "name": "skew", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
    "actors": [{"name": "late", "type": "calendar-reader"}, {"name": "early", "type": "calendar-reader"},
               {"name": "right", "type": "calendar-reader"}],
    "faults": [{"kind": "clock-skew", "actor": "late", "offset": "-10m"},
               {"kind": "clock-skew", "actor": "early", "offset": "+90s"}]})",
                                 registry);
  ASSERT_TRUE(load.errors.empty()) << load.errors[0].message;
  Simulation simulation(*load.scenario, registry);
  TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  std::map<std::string, std::string> read;
  for (const auto& r : store.records())
    if (r.operation == "ReadClock") read[r.actor] = r.detail;
  EXPECT_EQ(read["late"], "2025-12-31T23:50:00Z");
  EXPECT_EQ(read["early"], "2026-01-01T00:01:30Z");
  EXPECT_EQ(read["right"], "2026-01-01T00:00:00Z");
  std::size_t traced = 0;
  for (const auto& r : store.records())
    if (r.kind == RecordKind::fault && r.detail == "actor late clock 10m behind") ++traced;
  EXPECT_EQ(traced, 1u);
}

// A crash with restart_after: the object and its timers go at the crash, messages meanwhile are
// dropped as actor-down, and the kernel builds the actor anew later; what it wrote to its disk is
// there, what it held in memory is not.
TEST(Simulation, CrashWithRestartKeepsOnlyTheDisk) {
  auto registry = actors::builtin_registry();
  // Counts pings in memory and on disk; on start it traces what it found.
  class Counter final : public Actor {
   public:
    using Actor::Actor;
    void on_start() override {
      const std::string* kept = context().durable()->get("pings");
      context().trace(actors::to_record({.operation = "Started",
                                         .outcome = "ok",
                                         .detail = "disk=" + (kept ? *kept : std::string("none")) +
                                                   "; memory=" + std::to_string(in_memory_)}));
      context().schedule(Duration::seconds(100), "never-after-a-crash", [] {});
    }
    void on_message(const Message&) override {
      ++in_memory_;
      const std::string* kept = context().durable()->get("pings");
      context().durable()->put("pings", std::to_string((kept ? std::stoi(*kept) : 0) + 1));
    }

   private:
    int in_memory_ = 0;
  };
  ActorType type;
  type.description = "counts pings";
  type.create = [](ActorContext& context, const ActorSpec&) {
    return std::make_unique<Counter>(context);
  };
  type.check_params = [](const nlohmann::json&, std::vector<Diagnostic>&) {};
  registry.add("counter", type);
  const std::string text = R"({
    "name": "restart", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "20s",
    "actors": [{"name": "a", "type": "echo"}, {"name": "c", "type": "counter"}],
    "faults": [{"kind": "crash", "actor": "c", "at": "5500ms", "restart_after": "2s"}],
    "workload": [{"at": "1s", "actor": "a", "command": "ping", "args": {"to": "c"}, "every": "1s", "count": 10}]})";
  auto load = load_scenario_text("restart.json", text, registry);
  ASSERT_TRUE(load.errors.empty()) << load.errors[0].message;
  Simulation simulation(*load.scenario, registry);
  TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  std::vector<std::string> starts;
  std::size_t down = 0, restarts = 0, timers = 0;
  for (const auto& r : store.records()) {
    if (r.operation == "Started") starts.push_back(r.detail);
    if (r.kind == RecordKind::drop && r.outcome == "actor-down") ++down;
    if (r.operation == "RestartActor" && r.outcome == "ok") ++restarts;
    if (r.kind == RecordKind::timer && r.actor == "c") ++timers;
  }
  // Pings at 1..5 s counted (disk 5), those at 6 s and 7 s dropped while down (5.5 s to 7.5 s).
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_EQ(starts[0], "disk=none; memory=0");
  EXPECT_EQ(starts[1], "disk=5; memory=0");
  EXPECT_EQ(down, 2u);
  EXPECT_EQ(restarts, 1u);
  EXPECT_EQ(timers,
            0u);  // the first object's 100 s timer died with it; the second's is past the end
  EXPECT_EQ(simulation.actors_running(), 2u);  // the restarted counter runs
  // The same crash with the disk lost: the counter restarts as on its first day.
  std::string lost_text = text;
  lost_text.replace(lost_text.find(R"("restart_after": "2s")"), 21,
                    R"("restart_after": "2s", "disk": "lost")");
  auto lost = load_scenario_text("lost.json", lost_text, registry);
  ASSERT_TRUE(lost.errors.empty()) << lost.errors[0].message;
  Simulation amnesic(*lost.scenario, registry);
  TraceStore lost_store;
  amnesic.trace().subscribe(lost_store);
  amnesic.run();
  std::vector<std::string> lost_starts;
  for (const auto& r : lost_store.records())
    if (r.operation == "Started") lost_starts.push_back(r.detail);
  ASSERT_EQ(lost_starts.size(), 2u);
  EXPECT_EQ(lost_starts[1], "disk=none; memory=0");
  // A restart needs a crash to follow.
  auto bad = load_scenario_text("bad.json", R"({
    "name": "t", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
    "actors": [{"name": "a", "type": "echo"}, {"name": "b", "type": "echo"}],
    "faults": [{"kind": "link-down", "endpoints": ["a", "b"], "start": "0s", "end": "1s", "restart_after": "1s"}]})",
                                registry);
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].pointer, "/faults/0/restart_after");
  // A disk is lost only with a restart.
  auto no_restart = load_scenario_text("bad.json", R"({
    "name": "t", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
    "actors": [{"name": "a", "type": "echo"}],
    "faults": [{"kind": "crash", "actor": "a", "at": "0s", "disk": "lost"}]})",
                                       registry);
  ASSERT_EQ(no_restart.errors.size(), 1u);
  EXPECT_EQ(no_restart.errors[0].pointer, "/faults/0/disk");
}

TEST(Simulation, NewFaultKindsNeedTheirMembers) {
  const auto registry = actors::builtin_registry();
  auto load = load_scenario_text("bad.json", R"({
    "name": "t", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
    "actors": [{"name": "a", "type": "echo"}, {"name": "b", "type": "echo"}],
    "faults": [{"kind": "replay", "endpoints": ["a", "b"], "start": "0s", "end": "1s"},
               {"kind": "clock-skew", "actor": "a", "offset": "-1m", "start": "0s"},
               {"kind": "clock-skew", "actor": "a", "offset": "soon"}]})",
                                 registry);
  std::vector<std::string> messages;
  for (const auto& e : load.errors) messages.push_back(e.pointer + ": " + e.message);
  ASSERT_EQ(messages.size(), 3u) << ::testing::PrintToString(messages);
  EXPECT_NE(messages[0].find("/faults/0: fault \"replay\" needs \"delay\""), std::string::npos);
  EXPECT_NE(messages[1].find("/faults/1/start: \"start\" does not apply to \"clock-skew\""),
            std::string::npos);
  EXPECT_NE(messages[2].find("/faults/2/offset"), std::string::npos);
}

TEST(Simulation, TamperNeedsEndpoints) {
  const auto registry = actors::builtin_registry();
  auto load = load_scenario_text("tamper.json", R"({
    "name": "t", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
    "actors": [{"name": "a", "type": "echo"}],
    "faults": [{"kind": "tamper", "actor": "a", "start": "0s", "end": "1s"}]})",
                                 registry);
  ASSERT_EQ(load.errors.size(), 2u);
  EXPECT_NE(load.errors[0].message.find("\"tamper\" needs \"endpoints\""), std::string::npos);
  EXPECT_NE(load.errors[1].message.find("does not apply to \"tamper\""), std::string::npos);
}

TEST(Simulation, RunUntilStopsAtTheLimitAndResumes) {
  const auto registry = actors::builtin_registry();
  auto scenario = load_or_fail("scenarios/smoke/echo-lossy-link.json", registry);
  Simulation simulation(scenario, registry);
  TraceStore store;
  simulation.trace().subscribe(store);
  const Time limit = Time::zero() + Duration::seconds(5);
  auto first = simulation.run_until(limit);
  EXPECT_EQ(simulation.now(), limit);
  for (const auto& r : store.records()) EXPECT_LE(r.time, limit);
  EXPECT_GT(first.events, 0u);
  auto rest = simulation.run();
  EXPECT_EQ(simulation.now(), Time::zero() + scenario.duration);
  // Split or not, the run is the same.
  EXPECT_EQ(simulation.trace().fingerprint_hex(), run(scenario).fingerprint);
  EXPECT_EQ(first.events + rest.events, simulation.events_processed());
}

TEST(Simulation, StepRunsOneEventAtATime) {
  const auto registry = actors::builtin_registry();
  auto scenario = load_or_fail("scenarios/smoke/echo-lossy-link.json", registry);
  Simulation simulation(scenario, registry);
  std::uint64_t steps = 0;
  Time last;
  while (simulation.step()) {
    ++steps;
    EXPECT_GE(simulation.now(), last);
    last = simulation.now();
  }
  EXPECT_EQ(steps, simulation.events_processed());
  EXPECT_EQ(steps, run(scenario).events);
}

TEST(Simulation, ManySimulationsLiveSideBySide) {
  const auto registry = actors::builtin_registry();
  auto scenario = load_or_fail("scenarios/smoke/echo-lossy-link.json", registry);
  Simulation a(scenario, registry), b(scenario, registry);
  // Interleave their steps: neither may disturb the other.
  bool more = true;
  while (more) more = a.step() | b.step();
  EXPECT_EQ(a.trace().fingerprint(), b.trace().fingerprint());
  EXPECT_EQ(a.trace().fingerprint_hex(), run(scenario).fingerprint);
}

TEST(Simulation, TraceJsonLinesAreEachParseable) {
  const auto registry = actors::builtin_registry();
  auto scenario = load_or_fail("scenarios/smoke/echo-fault-windows.json", registry);
  const auto path = std::filesystem::temp_directory_path() / "ifa026-trace-test.jsonl";
  std::uint64_t records = 0;
  {
    Simulation simulation(scenario, registry);
    JsonlTraceWriter writer(path.string(), simulation.epoch());
    simulation.trace().subscribe(writer);
    simulation.run();
    records = simulation.trace().size();
  }
  std::ifstream in(path);
  std::string line;
  std::uint64_t n = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["id"].get<std::uint64_t>(), ++n);
    EXPECT_TRUE(j.contains("time"));
    EXPECT_TRUE(j.contains("kind"));
  }
  EXPECT_EQ(n, records);
  std::filesystem::remove(path);
}

TEST(Simulation, WriterOnAnUncreatableFileSaysWhere) {
  try {
    JsonlTraceWriter writer("/nonexistent-dir/x/trace.jsonl", Epoch{});
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/trace.jsonl"), std::string::npos);
  }
}

}  // namespace
}  // namespace ifa026::sim::simulation_test
