// Parallel execution (Simulation::set_threads, sim/window_runner.hpp): a run on N threads gives the
// sequential run's trace bit for bit, under every scheduler, with what makes it hard: actors that
// work before they send (the part that runs ahead), short timers inside the window, cancelled
// timers, spawns, retirements by the parent and by the child itself, crashes with and without a
// restart, an actor-down window (its messages dropped while the actor lives on), and jittery
// links. A zero lookahead runs sequentially and says so; a handler that
// throws ends the run with its exception, not a hang.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/toolkit/trace_event.hpp"
#include "sim/simulation.hpp"

namespace ifa026::sim::parallel_window_test {
namespace {

// Spends CPU on a message (the part a worker runs ahead), then traces, sends on to a peer it
// draws from its own random stream, and sometimes sets a short timer (inside the window) or
// cancels the one it set before. After `lifetime` messages a child retires itself.
class Busy final : public Actor {
 public:
  Busy(ActorContext& context, const ActorSpec& spec) : Actor(context) {
    for (const auto& peer : spec.params.value("peers", nlohmann::json::array()))
      peers_.push_back(peer.get<std::string>());
    work_ = spec.params.value("work", 2000);
    lifetime_ = spec.params.value("lifetime", 0);
    throw_at_ = spec.params.value("throw_at", 0);
  }
  void on_start() override {
    if (!peers_.empty()) pass_on("start");
  }
  void on_message(const Message& message) override {
    std::uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < work_; ++i)
      for (unsigned char c : message.payload) h = (h ^ c) * 1099511628211ULL + i;
    ++received_;
    if (throw_at_ > 0 && received_ == throw_at_) throw std::runtime_error("handler failed");
    context().trace(actors::to_record({.operation = "Worked",
                                       .outcome = "ok",
                                       .peer = message.from,
                                       .detail = "h=" + std::to_string(h % 1000)}));
    if (lifetime_ > 0 && received_ >= lifetime_) {
      context().retire(name());
      return;
    }
    const auto draw = context().random().uniform_int(0, 9);
    if (draw < 2) {
      // A timer inside the window (or at this very instant), which sends when it fires.
      timer_ = context().schedule(Duration::microseconds(draw * 300), "short",
                                  [this] { pass_on("timer"); });
      return;
    }
    if (draw == 2 && timer_.valid()) context().cancel(timer_);
    if (draw == 3) timer_ = context().schedule(Duration::milliseconds(5), "long", [] {});
    pass_on("message");
  }

 private:
  void pass_on(const std::string& why) {
    if (peers_.empty()) return;
    Message m;
    m.to = peers_[context().random().uniform_int(0, static_cast<std::int64_t>(peers_.size()) - 1)];
    m.operation = "Pass";
    m.payload.assign(why.begin(), why.end());
    m.payload.push_back(static_cast<std::uint8_t>(received_ & 0xff));
    context().send(std::move(m));
  }

  std::vector<std::string> peers_;
  int work_ = 0;
  int lifetime_ = 0;
  int throw_at_ = 0;
  int received_ = 0;
  EventId timer_;
};

// Spawns children (busy actors passing to the given peers) on a command and retires the oldest
// one on another.
class Spawner final : public Actor {
 public:
  Spawner(ActorContext& context, const ActorSpec& spec) : Actor(context), peers_(spec.params) {}
  void on_message(const Message&) override {}
  void on_command(const Command& command) override {
    if (command.name == "spawn") {
      for (int i = 0; i < 3; ++i) {
        ActorSpec child;
        child.name = name() + "-child-" + std::to_string(next_++);
        child.type = "busy";
        child.params = {{"peers", peers_.value("peers", nlohmann::json::array())},
                        {"work", 500},
                        {"lifetime", 4 + i}};
        if (context().spawn(child)) children_.push_back(child.name);
      }
    } else if (command.name == "cull" && !children_.empty()) {
      context().retire(children_.front());
      children_.erase(children_.begin());
    }
  }
  void on_child_ended(const std::string& child, const std::string& reason) override {
    context().trace(
        actors::to_record({.operation = "ChildEnded", .outcome = reason, .peer = child}));
  }

 private:
  nlohmann::json peers_;
  std::vector<std::string> children_;
  int next_ = 0;
};

ActorRegistry test_registry() {
  ActorRegistry registry = actors::builtin_registry();
  ActorType busy;
  busy.description = "works, then passes a message on";
  busy.create = [](ActorContext& context, const ActorSpec& spec) {
    return std::make_unique<Busy>(context, spec);
  };
  busy.check_params = [](const nlohmann::json&, std::vector<Diagnostic>&) {};
  registry.add("busy", busy);
  ActorType spawner;
  spawner.description = "spawns and retires busy children";
  spawner.create = [](ActorContext& context, const ActorSpec& spec) {
    return std::make_unique<Spawner>(context, spec);
  };
  spawner.check_params = [](const nlohmann::json&, std::vector<Diagnostic>&) {};
  registry.add("spawner", spawner);
  return registry;
}

// Eight busy actors passing messages around a ring of peers, a spawner adding and culling
// children, crashes with and without restart, on links of `latency`.
Scenario world(const ActorRegistry& registry, const std::string& latency,
               const std::string& extra_actor = "") {
  std::string actors;
  for (int i = 0; i < 8; ++i) {
    actors += R"({"name": "b)" + std::to_string(i) + R"(", "type": "busy", "params": {"peers": [)";
    for (int j = 1; j <= 3; ++j)
      actors += std::string(j > 1 ? ", " : "") + "\"b" + std::to_string((i + j * 3) % 8) + "\"";
    actors += "], \"work\": " + std::to_string(300 + 200 * i) + "}},\n";
  }
  const std::string text = R"({
    "name": "parallel", "epoch": "2026-01-01T00:00:00Z", "seed": 7, "duration": "3s",
    "network": {"default_latency": )" +
                           latency + R"(},
    "actors": [)" + actors +
                           extra_actor +
                           R"(
      {"name": "p", "type": "spawner", "params": {"peers": ["b0", "b3", "b5"]}}],
    "faults": [{"kind": "crash", "actor": "b6", "at": "1200ms"},
               {"kind": "actor-down", "actor": "b4", "start": "900ms", "end": "1300ms"},
               {"kind": "crash", "actor": "b2", "at": "700ms", "restart_after": "150ms"}],
    "workload": [{"at": "100ms", "actor": "p", "command": "spawn", "every": "400ms", "count": 5},
                 {"at": "350ms", "actor": "p", "command": "cull", "every": "500ms", "count": 4}]})";
  auto load = load_scenario_text("parallel.json", text, registry);
  EXPECT_TRUE(load.errors.empty()) << (load.errors.empty() ? "" : load.errors[0].message);
  return *load.scenario;
}

struct Outcome {
  std::string fingerprint;
  std::uint64_t events = 0;
  std::uint64_t records = 0;
  ParallelStats stats;
};

Outcome run(Scenario scenario, const ActorRegistry& registry, unsigned threads,
            std::string_view scheduler = "calendar") {
  scenario.scheduler = std::string(scheduler);
  Simulation simulation(scenario, registry);
  simulation.set_threads(threads);
  simulation.run();
  return {simulation.trace().fingerprint_hex(), simulation.events_processed(),
          simulation.trace().size(), simulation.parallel_stats()};
}

TEST(ParallelRun, GivesTheSequentialTraceUnderEverySchedulerAndThreadCount) {
  const auto registry = test_registry();
  std::uint64_t ahead = 0;
  for (const std::string latency : {R"({"model": "fixed", "delay": "1ms"})",
                                    R"({"model": "uniform", "min": "1ms", "max": "4ms"})"}) {
    const Scenario scenario = world(registry, latency);
    for (auto scheduler : scheduler_kinds()) {
      const Outcome one = run(scenario, registry, 1, scheduler);
      ASSERT_GT(one.records, 1000u) << "the world must be busy enough to mean something";
      for (unsigned threads : {2u, 3u, 4u}) {
        const Outcome many = run(scenario, registry, threads, scheduler);
        SCOPED_TRACE(latency + ", " + std::string(scheduler) + ", " + std::to_string(threads) +
                     " threads");
        EXPECT_EQ(many.fingerprint, one.fingerprint);
        EXPECT_EQ(many.events, one.events);
        EXPECT_EQ(many.records, one.records);
        EXPECT_TRUE(many.stats.parallel);
        EXPECT_GT(many.stats.windows, 10u);
        ahead += many.stats.ahead;
      }
    }
  }
  // Work really started ahead of its turn (the test would pass vacuously otherwise). How much
  // depends on how the threads were scheduled, so it is summed over the 18 runs.
  EXPECT_GT(ahead, 100u);
}

TEST(ParallelRun, AZeroLookaheadRunsSequentiallyAndSaysWhy) {
  const auto registry = test_registry();
  const Scenario scenario =
      world(registry, R"({"model": "lognormal", "mean": "2ms", "stddev": "1ms"})");
  const Outcome one = run(scenario, registry, 1);
  const Outcome two = run(scenario, registry, 2);
  EXPECT_EQ(two.fingerprint, one.fingerprint);
  EXPECT_FALSE(two.stats.parallel);
  EXPECT_EQ(two.stats.windows, 0u);
  EXPECT_NE(two.stats.sequential_why.find("least latency of a link is zero"), std::string::npos)
      << two.stats.sequential_why;
}

TEST(ParallelRun, OneZeroLatencyLinkIsEnoughToRunSequentially) {
  const auto registry = test_registry();
  Scenario scenario = world(registry, R"({"model": "fixed", "delay": "1ms"})");
  LinkSpec link;
  link.from = "b0";
  link.to = "b1";
  link.properties.latency = LatencyModel::fixed(Duration());
  scenario.links.push_back(link);
  const Outcome two = run(scenario, registry, 2);
  EXPECT_FALSE(two.stats.parallel);
  EXPECT_EQ(two.stats.lookahead, Duration());
}

TEST(ParallelRun, AHandlerThatThrowsEndsTheRunWithItsException) {
  const auto registry = test_registry();
  const Scenario scenario =
      world(registry, R"({"model": "fixed", "delay": "1ms"})",
            R"({"name": "thrower", "type": "busy", "params": {"peers": ["b1"], "throw_at": 1}},)"
            "\n");
  // Make someone send to the thrower: b1's peers do not include it, so give it a start message.
  Scenario with_sender = scenario;
  for (auto& actor : with_sender.actors)
    if (actor.name == "b4") actor.params["peers"] = {"thrower"};
  for (unsigned threads : {1u, 2u}) {
    Simulation simulation(with_sender, registry);
    simulation.set_threads(threads);
    EXPECT_THROW(simulation.run(), std::runtime_error) << threads << " threads";
  }
}

}  // namespace
}  // namespace ifa026::sim::parallel_window_test
