// Actors spawned and retired while the simulation runs (ActorContext::spawn/retire): children
// started after their spawner's handler, pings between parent and children, retirement (timers
// that never fire, messages and commands dropped with reason "retired", an actor retiring itself),
// rejected spawns with their reasons, determinism, and ten thousand spawned actors; the `crash`
// fault and the spawner's callback when a child ends other than by its own retire.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/actor_registry.hpp"
#include "sim/simulation.hpp"

namespace ifa026::sim::spawn_test {
namespace {

using nlohmann::json;

// What the test actors report back to the test besides the trace.
struct Counters {
  int parents_pinged = 0;                  // pings the parent received
  int children_destroyed = 0;              // child objects destroyed
  std::vector<std::string> spawn_results;  // "name:1" / "name:0" for each spawn the parent tried
  std::vector<bool> retire_results;
  bool self_retire_timer_refused = false;
  std::vector<std::string> children_ended;  // "name:reason@seconds" as the parent heard it
};

// The parent: spawns, retires and sends on workload commands; counts the pings of its children.
class Parent final : public Actor {
 public:
  Parent(ActorContext& context, const ActorSpec& spec, Counters& counters)
      : Actor(context),
        counters_(counters),
        spawn_on_start_(spec.params.value("spawn_on_start", 0)) {}

  void on_start() override {
    for (int i = 0; i < spawn_on_start_; ++i)
      spawn("early-" + std::to_string(i), "child", json::object());
  }

  void on_command(const Command& command) override {
    const auto& a = command.args;
    if (command.name == "spawn") {
      spawn(a.value("name", std::string()), a.value("type", std::string("child")),
            a.value("params", json::object()));
    } else if (command.name == "spawn_children") {
      const int count = a.value("count", 0);
      for (int i = 0; i < count; ++i) spawn("child-" + std::to_string(i), "child", json::object());
    } else if (command.name == "retire") {
      counters_.retire_results.push_back(context().retire(a.value("name", std::string())));
    } else if (command.name == "retire_children") {
      const int count = a.value("count", 0);
      for (int i = 0; i < count; ++i)
        counters_.retire_results.push_back(context().retire("child-" + std::to_string(i)));
    } else if (command.name == "send") {
      send(a.value("to", std::string()), a.value("operation", std::string("Ping")));
    } else if (command.name == "send_then_retire") {
      // The message is in flight when its addressee is retired: dropped on arrival.
      const auto to = a.value("to", std::string());
      send(to, "Ping");
      counters_.retire_results.push_back(context().retire(to));
    } else {
      Actor::on_command(command);
    }
  }

  void on_message(const Message& message) override {
    if (message.operation == "Ping") ++counters_.parents_pinged;
  }

  void on_child_ended(const std::string& name, const std::string& reason) override {
    counters_.children_ended.push_back(
        name + ":" + reason + "@" +
        std::to_string(context().now().since_epoch().ns() / 1'000'000'000));
  }

 private:
  void spawn(const std::string& name, const std::string& type, json params) {
    ActorSpec spec;
    spec.name = name;
    spec.type = type;
    spec.params = std::move(params);
    const bool ok = context().spawn(std::move(spec));
    counters_.spawn_results.push_back(name + (ok ? ":1" : ":0"));
  }
  void send(const std::string& to, const std::string& operation) {
    Message m;
    m.to = to;
    m.reference_point = "test";
    m.operation = operation;
    m.payload.assign(8, 0x2a);
    context().send(std::move(m));
  }

  Counters& counters_;
  int spawn_on_start_;
};

// A child: pings its parent on start, arms a "child-tick" timer 5 s later, answers "Ping" with
// "Pong" and retires itself when told to (then tries to go on, which the kernel refuses).
class Child final : public Actor {
 public:
  Child(ActorContext& context, const ActorSpec& spec, Counters& counters)
      : Actor(context),
        counters_(counters),
        parent_(spec.params.value("parent", std::string("parent"))),
        tick_(spec.params.value("tick", true)) {}
  ~Child() override { ++counters_.children_destroyed; }

  void on_start() override {
    send(parent_, "Ping");
    if (tick_) context().schedule(Duration::seconds(5), "child-tick", [] {});
  }

  void on_message(const Message& message) override {
    if (message.operation == "Ping") {
      send(message.from, "Pong");
    } else if (message.operation == "RetireYourself") {
      const bool ok = context().retire(name());
      TraceRecord r;
      r.kind = RecordKind::decision;
      r.operation = "SelfRetired";
      r.outcome = ok ? "ok" : "failed";
      context().trace(std::move(r));
      // Still on the stack after retiring: the context refuses further work, safely.
      send(parent_, "AfterRetire");
      counters_.self_retire_timer_refused =
          !context().schedule(Duration::seconds(1), "after-retire", [] {}).valid();
    }
  }

 private:
  void send(const std::string& to, const std::string& operation) {
    Message m;
    m.to = to;
    m.reference_point = "test";
    m.operation = operation;
    m.payload.assign(4, 0x01);
    context().send(std::move(m));
  }

  Counters& counters_;
  std::string parent_;
  bool tick_;
};

ActorRegistry family_registry(Counters& counters) {
  ActorRegistry registry;
  registry.add("parent", ActorType{"spawns children",
                                   [&counters](ActorContext& c, const ActorSpec& s) {
                                     return std::unique_ptr<Actor>(new Parent(c, s, counters));
                                   },
                                   {}});
  registry.add(
      "child",
      ActorType{"pings its parent",
                [&counters](ActorContext& c, const ActorSpec& s) {
                  return std::unique_ptr<Actor>(new Child(c, s, counters));
                },
                [](const json& params, std::vector<Diagnostic>& out) {
                  if (params.contains("tick") && !params["tick"].is_boolean())
                    out.push_back(Diagnostic{"", 0, 0, "/tick", "expected a boolean", false});
                }});
  return registry;
}

CommandSpec command(int at_seconds, std::string actor, std::string name,
                    json args = json::object()) {
  CommandSpec c;
  c.at = Duration::seconds(at_seconds);
  c.actor = std::move(actor);
  c.command = std::move(name);
  c.args = std::move(args);
  return c;
}

Scenario family_scenario(std::vector<CommandSpec> workload, json parent_params = json::object()) {
  Scenario s;
  s.name = "family";
  s.seed = 7;
  s.duration = Duration::seconds(60);
  s.actors.push_back(ActorSpec{"parent", "parent", "default", std::move(parent_params)});
  s.workload = std::move(workload);
  return s;
}

const TraceRecord* find(const std::vector<TraceRecord>& records, RecordKind kind,
                        const std::string& actor, const std::string& operation,
                        const std::string& peer = "") {
  for (const auto& r : records)
    if (r.kind == kind && r.actor == actor && r.operation == operation &&
        (peer.empty() || r.peer == peer))
      return &r;
  return nullptr;
}

std::size_t count(const std::vector<TraceRecord>& records, RecordKind kind,
                  const std::string& actor, const std::string& operation,
                  const std::string& outcome = "") {
  return static_cast<std::size_t>(std::count_if(records.begin(), records.end(), [&](const auto& r) {
    return r.kind == kind && r.actor == actor && r.operation == operation &&
           (outcome.empty() || r.outcome == outcome);
  }));
}

TEST(Spawn, ChildrenStartAfterTheSpawnersHandlerAndPingTheParent) {
  Counters counters;
  const auto registry = family_registry(counters);
  Simulation sim(family_scenario({command(1, "parent", "spawn_children", {{"count", 3}})}),
                 registry);
  TraceStore store;
  sim.trace().subscribe(store);
  sim.run();
  const auto& records = store.records();
  EXPECT_EQ(counters.spawn_results,
            (std::vector<std::string>{"child-0:1", "child-1:1", "child-2:1"}));
  EXPECT_EQ(count(records, RecordKind::decision, "parent", "SpawnActor", "ok"), 3u);
  const auto* spawned = find(records, RecordKind::decision, "parent", "SpawnActor", "child-2");
  ASSERT_NE(spawned, nullptr);
  EXPECT_EQ(spawned->detail, "name=child-2; type=child; trust_domain=default");
  EXPECT_EQ(spawned->time, Time::zero() + Duration::seconds(1));
  // on_start is an event of its own: every spawn record precedes the first child's ping, at the
  // same simulated time.
  const auto* first_ping = find(records, RecordKind::send, "child-0", "Ping");
  ASSERT_NE(first_ping, nullptr);
  EXPECT_GT(first_ping->id, spawned->id);
  EXPECT_EQ(first_ping->time, spawned->time);
  EXPECT_EQ(first_ping->peer, "parent");
  EXPECT_EQ(counters.parents_pinged, 3);
  EXPECT_EQ(count(records, RecordKind::receive, "parent", "Ping", "ok"), 3u);
  // Their timers fire, traced under their own names.
  EXPECT_EQ(count(records, RecordKind::timer, "child-1", "child-tick"), 1u);
  EXPECT_NE(sim.actor("child-1"), nullptr);
  EXPECT_EQ(sim.actors_created(), 4u);
  EXPECT_EQ(sim.actors_running(), 4u);
}

TEST(Spawn, AnActorMaySpawnInItsOnStart) {
  Counters counters;
  const auto registry = family_registry(counters);
  Simulation sim(family_scenario({}, {{"spawn_on_start", 2}}), registry);
  TraceStore store;
  sim.trace().subscribe(store);
  sim.run();
  EXPECT_EQ(count(store.records(), RecordKind::decision, "parent", "SpawnActor", "ok"), 2u);
  EXPECT_EQ(counters.parents_pinged, 2);
  EXPECT_NE(sim.actor("early-1"), nullptr);
}

TEST(Spawn, RetiredChildIsGoneItsTimersNeverFireAndMessagesToItAreDropped) {
  Counters counters;
  const auto registry = family_registry(counters);
  Simulation sim(family_scenario({
                     command(1, "parent", "spawn_children", {{"count", 3}}),
                     command(2, "parent", "retire", {{"name", "child-0"}}),
                     command(3, "parent", "send", {{"to", "child-0"}}),
                     command(3, "child-0", "anything"),
                     command(4, "parent", "send_then_retire", {{"to", "child-1"}}),
                     command(5, "parent", "retire", {{"name", "child-0"}}),
                     command(5, "parent", "send", {{"to", "child-2"}}),
                 }),
                 registry);
  TraceStore store;
  sim.trace().subscribe(store);
  sim.run_until(Time::zero() + Duration::milliseconds(2500));
  EXPECT_EQ(sim.actor("child-0"), nullptr);
  EXPECT_NE(sim.actor("child-1"), nullptr);
  EXPECT_EQ(counters.children_destroyed, 1);  // destroyed after the retiring event
  sim.run();
  const auto& records = store.records();
  const auto* retired = find(records, RecordKind::decision, "parent", "RetireActor", "child-0");
  ASSERT_NE(retired, nullptr);
  EXPECT_EQ(retired->outcome, "ok");
  // Sent to an already retired actor: the send, then a drop with reason "retired".
  std::vector<const TraceRecord*> to_child0;
  for (const auto& r : records)
    if (r.actor == "parent" && r.peer == "child-0" && r.operation == "Ping" &&
        r.kind != RecordKind::receive)
      to_child0.push_back(&r);
  ASSERT_EQ(to_child0.size(), 2u);
  EXPECT_EQ(to_child0[0]->kind, RecordKind::send);
  EXPECT_EQ(to_child0[1]->kind, RecordKind::drop);
  EXPECT_EQ(to_child0[1]->outcome, "retired");
  EXPECT_EQ(to_child0[1]->message_id, to_child0[0]->message_id);
  // A command to it is dropped.
  const auto* cmd = find(records, RecordKind::command, "child-0", "anything");
  ASSERT_NE(cmd, nullptr);
  EXPECT_EQ(cmd->outcome, "retired");
  // In flight when child-1 was retired: dropped on arrival, at child-1, reason "retired".
  const auto* late = find(records, RecordKind::drop, "child-1", "Ping");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->outcome, "retired");
  EXPECT_EQ(late->peer, "parent");
  EXPECT_EQ(count(records, RecordKind::receive, "child-1", "Ping"), 0u);
  // Their 5 s timers never fire; child-2's does, and child-2 still answers.
  EXPECT_EQ(count(records, RecordKind::timer, "child-0", "child-tick"), 0u);
  EXPECT_EQ(count(records, RecordKind::timer, "child-1", "child-tick"), 0u);
  EXPECT_EQ(count(records, RecordKind::timer, "child-2", "child-tick"), 1u);
  EXPECT_EQ(count(records, RecordKind::send, "child-2", "Pong"), 1u);
  // Retiring twice is refused and traced.
  EXPECT_EQ(counters.retire_results, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(count(records, RecordKind::decision, "parent", "RetireActor", "rejected"), 1u);
  for (const auto& r : records)
    if (r.operation == "RetireActor" && r.outcome == "rejected") {
      EXPECT_EQ(r.detail, "name=child-0; reason=already retired");
    }
  EXPECT_EQ(counters.children_destroyed, 2);
  EXPECT_EQ(sim.actors_running(), 2u);
  EXPECT_EQ(sim.actors_created(), 4u);
}

TEST(Spawn, AChildMayRetireItself) {
  Counters counters;
  const auto registry = family_registry(counters);
  Simulation sim(
      family_scenario({
          command(1, "parent", "spawn_children", {{"count", 2}}),
          command(2, "parent", "send", {{"to", "child-1"}, {"operation", "RetireYourself"}}),
          command(3, "parent", "send", {{"to", "child-1"}}),
      }),
      registry);
  TraceStore store;
  sim.trace().subscribe(store);
  sim.run();
  const auto& records = store.records();
  const auto* self = find(records, RecordKind::decision, "child-1", "RetireActor", "child-1");
  ASSERT_NE(self, nullptr);
  EXPECT_EQ(self->outcome, "ok");
  const auto* after = find(records, RecordKind::decision, "child-1", "SelfRetired");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->outcome, "ok");
  // What it tried after retiring: a send dropped as "sender-retired", a refused timer.
  const auto* late_send = find(records, RecordKind::drop, "child-1", "AfterRetire");
  ASSERT_NE(late_send, nullptr);
  EXPECT_EQ(late_send->outcome, "sender-retired");
  EXPECT_TRUE(counters.self_retire_timer_refused);
  EXPECT_EQ(count(records, RecordKind::timer, "child-1", "after-retire"), 0u);
  EXPECT_EQ(count(records, RecordKind::timer, "child-1", "child-tick"), 0u);
  EXPECT_EQ(counters.children_destroyed, 1);
  EXPECT_EQ(sim.actor("child-1"), nullptr);
  EXPECT_NE(sim.actor("child-0"), nullptr);
  const auto* dropped = find(records, RecordKind::drop, "parent", "Ping", "child-1");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->outcome, "retired");
}

TEST(Spawn, RejectedSpawnsAreTracedWithTheirReasons) {
  Counters counters;
  const auto registry = family_registry(counters);
  Simulation sim(family_scenario({
                     command(1, "parent", "spawn", {{"name", "a"}, {"type", "no-such-type"}}),
                     command(2, "parent", "spawn", {{"name", "b"}}),
                     command(3, "parent", "spawn", {{"name", "b"}}),
                     command(4, "parent", "spawn", {{"name", "parent"}}),
                     command(5, "parent", "spawn", {{"name", "c"}, {"params", {{"tick", "yes"}}}}),
                     command(6, "parent", "retire", {{"name", "b"}}),
                     command(7, "parent", "spawn", {{"name", "b"}}),
                     command(8, "parent", "spawn", {{"name", ""}}),
                 }),
                 registry);
  TraceStore store;
  sim.trace().subscribe(store);
  sim.run();
  EXPECT_EQ(counters.spawn_results,
            (std::vector<std::string>{"a:0", "b:1", "b:0", "parent:0", "c:0", "b:0", ":0"}));
  std::vector<std::string> details;
  for (const auto& r : store.records())
    if (r.kind == RecordKind::decision && r.operation == "SpawnActor" && r.outcome == "rejected") {
      EXPECT_EQ(r.actor, "parent");
      details.push_back(r.detail);
    }
  EXPECT_EQ(details, (std::vector<std::string>{
                         "name=a; type=no-such-type; reason=unknown type",
                         "name=b; type=child; reason=name in use",
                         "name=parent; type=child; reason=name in use",
                         "name=c; type=child; reason=bad params: params/tick expected a boolean",
                         "name=b; type=child; reason=name used by a retired actor",
                         "name=; type=child; reason=empty name",
                     }));
  EXPECT_EQ(sim.actor("a"), nullptr);
  EXPECT_EQ(sim.actor("c"), nullptr);
  EXPECT_EQ(sim.actors_created(), 2u);  // parent and b
}

TEST(Spawn, SameRunGivesTheSameTrace) {
  auto once = [] {
    Counters counters;
    const auto registry = family_registry(counters);
    Simulation sim(
        family_scenario({
            command(1, "parent", "spawn_children", {{"count", 20}}),
            command(2, "parent", "send", {{"to", "child-3"}, {"operation", "RetireYourself"}}),
            command(3, "parent", "retire_children", {{"count", 10}}),
        }),
        registry);
    sim.run();
    return std::make_pair(sim.trace().fingerprint_hex(), sim.trace().size());
  };
  const auto first = once();
  EXPECT_EQ(first, once());
  EXPECT_GT(first.second, 60u);
}

// Counts records without keeping them.
class CountingSink final : public TraceSink {
 public:
  void on_record(const TraceRecord& r) override {
    if (r.kind == RecordKind::decision && r.operation == "SpawnActor" && r.outcome == "ok")
      ++spawned;
    if (r.kind == RecordKind::decision && r.operation == "RetireActor" && r.outcome == "ok")
      ++retired;
    if (r.kind == RecordKind::timer) ++timers;
    if (r.kind == RecordKind::drop) ++drops;
  }
  std::size_t spawned = 0, retired = 0, timers = 0, drops = 0;
};

TEST(Spawn, TenThousandSpawnedActorsWork) {
  constexpr int kChildren = 10'000;
  Counters counters;
  const auto registry = family_registry(counters);
  Simulation sim(family_scenario({
                     command(1, "parent", "spawn_children", {{"count", kChildren}}),
                     command(10, "parent", "retire_children", {{"count", kChildren}}),
                     command(11, "parent", "send", {{"to", "child-9999"}}),
                 }),
                 registry);
  CountingSink sink;
  sim.trace().subscribe(sink);
  sim.run();
  EXPECT_EQ(sink.spawned, static_cast<std::size_t>(kChildren));
  EXPECT_EQ(counters.parents_pinged, kChildren);
  EXPECT_EQ(sink.timers, static_cast<std::size_t>(kChildren));  // each child's tick, before 10 s
  EXPECT_EQ(sink.retired, static_cast<std::size_t>(kChildren));
  EXPECT_EQ(counters.children_destroyed, kChildren);
  EXPECT_EQ(sink.drops, 1u);
  EXPECT_EQ(sim.actors_running(), 1u);
  EXPECT_EQ(sim.actors_created(), static_cast<std::size_t>(kChildren) + 1);
}

FaultWindow crash_at(const std::string& actor, int at_seconds) {
  FaultWindow w;
  w.kind = FaultWindow::Kind::crash;
  w.actor = actor;
  w.start = Time::zero() + Duration::seconds(at_seconds);
  w.end = w.start;
  return w;
}

TEST(Crash, EndsTheChildAndTellsItsSpawner) {
  Counters counters;
  const auto registry = family_registry(counters);
  Scenario scenario = family_scenario({command(1, "parent", "spawn_children", {{"count", 2}}),
                                       command(4, "parent", "send", {{"to", "child-0"}})});
  scenario.faults.push_back(crash_at("child-0", 3));
  Simulation sim(scenario, registry);
  TraceStore store;
  sim.trace().subscribe(store);
  sim.run();
  const auto& records = store.records();
  const auto* fault = find(records, RecordKind::fault, "kernel", "crash");
  ASSERT_NE(fault, nullptr);
  EXPECT_EQ(fault->outcome, "ok");
  EXPECT_EQ(fault->peer, "child-0");
  EXPECT_EQ(fault->time, Time::zero() + Duration::seconds(3));
  const auto* retired = find(records, RecordKind::decision, "kernel", "RetireActor");
  ASSERT_NE(retired, nullptr);
  EXPECT_EQ(retired->detail, "name=child-0; reason=crash");
  EXPECT_GT(retired->id, fault->id);
  // The spawner heard of it at the crash's time; the other child runs on.
  EXPECT_EQ(counters.children_ended, std::vector<std::string>{"child-0:crash@3"});
  EXPECT_EQ(sim.actor("child-0"), nullptr);
  EXPECT_NE(sim.actor("child-1"), nullptr);
  // Its 5 s timer (due at 6 s) never fires, and a message to it is dropped.
  EXPECT_EQ(count(records, RecordKind::timer, "child-0", "child-tick"), 0u);
  EXPECT_EQ(count(records, RecordKind::timer, "child-1", "child-tick"), 1u);
  const auto* dropped = find(records, RecordKind::drop, "parent", "Ping", "child-0");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->outcome, "retired");
}

TEST(Crash, OnlyAnEndTheSpawnerDidNotCauseIsReported) {
  Counters counters;
  const auto registry = family_registry(counters);
  Scenario scenario = family_scenario(
      {command(1, "parent", "spawn_children", {{"count", 2}}),
       command(2, "parent", "retire", {{"name", "child-0"}}),
       command(3, "parent", "send", {{"to", "child-1"}, {"operation", "RetireYourself"}})});
  // A crash of an actor that is gone, and of one that never was: traced, nothing else.
  scenario.faults.push_back(crash_at("child-0", 5));
  scenario.faults.push_back(crash_at("nobody", 5));
  Simulation sim(scenario, registry);
  TraceStore store;
  sim.trace().subscribe(store);
  sim.run();
  EXPECT_EQ(counters.children_ended, std::vector<std::string>{"child-1:retired@3"});
  const auto& records = store.records();
  EXPECT_EQ(count(records, RecordKind::fault, "kernel", "crash", "retired"), 1u);
  EXPECT_EQ(count(records, RecordKind::fault, "kernel", "crash", "unknown-actor"), 1u);
  EXPECT_EQ(count(records, RecordKind::decision, "kernel", "RetireActor"), 0u);
}

TEST(Crash, FaultsAreCheckedWithTheirPlaces) {
  const ActorRegistry registry = [] {
    static Counters counters;
    return family_registry(counters);
  }();
  auto load = [&](const std::string& faults) {
    return load_scenario_text(
        "crash.json",
        R"({"name": "c", "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "10s",
                                  "actors": [{"name": "parent", "type": "parent"}],
                                  "faults": )" +
            faults + "}",
        registry);
  };
  auto pointers = [](const ScenarioLoad& l) {
    std::vector<std::string> out;
    for (const auto& d : l.errors) out.push_back(d.pointer + " " + d.message);
    return out;
  };
  // A crash names an actor that may be spawned later: no name check.
  const auto good = load(R"([{"kind": "crash", "actor": "vnf-1-fw-1", "at": "2s"}])");
  ASSERT_TRUE(good.scenario.has_value()) << ::testing::PrintToString(pointers(good));
  ASSERT_EQ(good.scenario->faults.size(), 1u);
  EXPECT_EQ(good.scenario->faults[0].kind, FaultWindow::Kind::crash);
  EXPECT_EQ(good.scenario->faults[0].start, Time::zero() + Duration::seconds(2));
  EXPECT_EQ(describe(good.scenario->faults[0]), "actor vnf-1-fw-1 crash at 2s");
  EXPECT_EQ(pointers(load(R"([{"kind": "crash", "actor": "x"}])")),
            std::vector<std::string>{"/faults/0 fault \"crash\" needs \"at\""});
  EXPECT_EQ(pointers(load(R"([{"kind": "crash", "actor": "x", "at": "1s", "start": "1s"}])")),
            std::vector<std::string>{
                "/faults/0/start \"start\" does not apply to \"crash\" (use \"at\")"});
  EXPECT_EQ(pointers(load(R"([{"kind": "crash", "at": "1s"}])")),
            std::vector<std::string>{"/faults/0 fault \"crash\" needs \"actor\""});
  EXPECT_EQ(pointers(load(R"([{"kind": "actor-down", "actor": "parent", "end": "1s"}])")),
            std::vector<std::string>{"/faults/0 fault \"actor-down\" needs \"start\""});
  EXPECT_EQ(pointers(load(R"([{"kind": "crash", "actor": "x", "at": "-1s"}])")).size(), 1u);
}

}  // namespace
}  // namespace ifa026::sim::spawn_test
