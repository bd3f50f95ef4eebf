// The work queue in a real simulation: jobs beyond the concurrency limit wait first in, first out,
// so their completions are spread over simulated time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "actors/common/work_queue.hpp"
#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors {
namespace {

struct Completion {
  sim::Time time;
  std::string label;
};

struct Observed {
  std::vector<Completion> completions;
  std::size_t peak_waiting = 0;
  std::size_t waiting_after_submit = 0;
  std::size_t running_after_submit = 0;
  std::size_t concurrency = 0;
  bool ran_inside_command = false;
};

// params: "concurrency". Command "load" {jobs, service (ms), chain}: submits `jobs` jobs at once;
// with "chain", each completion submits one more job of the same service (up to `chain` extra).
class WorkerActor final : public sim::Actor {
 public:
  WorkerActor(sim::ActorContext& context, const sim::ActorSpec& spec, Observed& observed)
      : Actor(context),
        observed_(observed),
        queue_(context, spec.params.value("concurrency", std::size_t{1}),
               spec.params.value("name", std::string())) {
    observed_.concurrency = queue_.concurrency();
  }

  void on_command(const sim::Command& command) override {
    if (command.name != "load") return Actor::on_command(command);
    const int jobs = command.args.value("jobs", 1);
    service_ = sim::Duration::milliseconds(command.args.value("service", 10));
    chain_ = command.args.value("chain", 0);
    in_command_ = true;
    for (int i = 0; i < jobs; ++i) submit("job" + std::to_string(next_++));
    in_command_ = false;
    observed_.waiting_after_submit = queue_.waiting();
    observed_.running_after_submit = queue_.running();
  }

  void on_message(const sim::Message&) override {}

 private:
  void submit(const std::string& label) {
    queue_.submit(service_, label, [this, label] {
      if (in_command_) observed_.ran_inside_command = true;
      observed_.completions.push_back({context().now(), label});
      observed_.peak_waiting = queue_.peak_waiting();
      if (chain_ > 0) {
        --chain_;
        submit("job" + std::to_string(next_++));
      }
    });
  }

  Observed& observed_;
  WorkQueue queue_;
  sim::Duration service_;
  int chain_ = 0;
  int next_ = 0;
  bool in_command_ = false;
};

// One worker `w` with these parameters, given the command "load" with `args` at 0 s; 1 s long.
std::vector<sim::TraceRecord> run(Observed& observed, const nlohmann::json& params,
                                  const nlohmann::json& args) {
  sim::ActorRegistry registry;
  sim::ActorType type;
  type.description = "work queue test actor";
  type.create = [&observed](sim::ActorContext& context, const sim::ActorSpec& spec) {
    return std::make_unique<WorkerActor>(context, spec, observed);
  };
  type.check_params = [](const nlohmann::json&, std::vector<sim::Diagnostic>&) {};
  registry.add("worker", std::move(type));
  const sim::Scenario scenario = test::ScenarioBuilder("work")
                                     .duration("1s")
                                     .actor("w", "worker", params)
                                     .command("0s", "w", "load", args)
                                     .load(registry);
  sim::TraceStore store;
  {
    sim::Simulation simulation(scenario, registry);
    simulation.trace().subscribe(store);
    simulation.run();
  }
  return store.records();
}

std::vector<std::int64_t> times_ms(const Observed& observed) {
  std::vector<std::int64_t> out;
  for (const auto& c : observed.completions) out.push_back(c.time.ns() / 1'000'000);
  return out;
}

std::vector<std::string> labels(const Observed& observed) {
  std::vector<std::string> out;
  for (const auto& c : observed.completions) out.push_back(c.label);
  return out;
}

TEST(WorkQueue, ConcurrencyTwoFiveJobsOfTenMilliseconds) {
  Observed observed;
  const auto records = run(observed, {{"concurrency", 2}}, {{"jobs", 5}, {"service", 10}});
  EXPECT_EQ(observed.concurrency, 2u);
  EXPECT_EQ(observed.running_after_submit, 2u);
  EXPECT_EQ(observed.waiting_after_submit, 3u);
  EXPECT_EQ(times_ms(observed), (std::vector<std::int64_t>{10, 10, 20, 20, 30}));
  // First in, first out.
  EXPECT_EQ(labels(observed), (std::vector<std::string>{"job0", "job1", "job2", "job3", "job4"}));
  EXPECT_EQ(observed.peak_waiting, 3u);
  // Each job's timer is traced under its label.
  std::vector<std::string> timers;
  for (const auto& r : records)
    if (r.kind == sim::RecordKind::timer) timers.push_back(r.operation + r.detail);
  EXPECT_EQ(timers.size(), 5u);
}

TEST(WorkQueue, NamedQueueTracesEveryChangeOfOccupancy) {
  Observed observed;
  const auto records =
      run(observed, {{"concurrency", 2}, {"name", "sign"}}, {{"jobs", 5}, {"service", 10}});
  std::vector<std::string> occupancy;
  for (const auto& r : records)
    if (r.kind == sim::RecordKind::log && r.operation == "WorkQueue")
      occupancy.push_back(std::to_string(r.time.ns() / 1'000'000) + ":" + r.detail);
  EXPECT_EQ(occupancy, (std::vector<std::string>{
                           "0:queue=sign; running=1; waiting=0",
                           "0:queue=sign; running=2; waiting=0",
                           "0:queue=sign; running=2; waiting=1",
                           "0:queue=sign; running=2; waiting=2",
                           "0:queue=sign; running=2; waiting=3",
                           "10:queue=sign; running=2; waiting=2",
                           "10:queue=sign; running=2; waiting=1",
                           "20:queue=sign; running=2; waiting=0",
                           "20:queue=sign; running=1; waiting=0",
                           "30:queue=sign; running=0; waiting=0",
                       }));
  // An unnamed queue traces none.
  Observed quiet;
  for (const auto& r : run(quiet, {{"concurrency", 2}}, {{"jobs", 5}, {"service", 10}}))
    EXPECT_NE(r.operation, "WorkQueue");
}

TEST(WorkQueue, ConcurrencyZeroIsOne) {
  Observed observed;
  run(observed, {{"concurrency", 0}}, {{"jobs", 3}, {"service", 4}});
  EXPECT_EQ(observed.concurrency, 1u);
  EXPECT_EQ(times_ms(observed), (std::vector<std::int64_t>{4, 8, 12}));
  EXPECT_EQ(observed.peak_waiting, 2u);
}

TEST(WorkQueue, ZeroServiceRunsAfterTheCurrentEvent) {
  Observed observed;
  run(observed, {{"concurrency", 1}}, {{"jobs", 2}, {"service", 0}});
  EXPECT_FALSE(observed.ran_inside_command);
  EXPECT_EQ(times_ms(observed), (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(observed.waiting_after_submit, 1u);
}

TEST(WorkQueue, WorkSubmittedFromACompletionQueuesBehindTheWaitingJobs) {
  Observed observed;
  run(observed, {{"concurrency", 1}}, {{"jobs", 2}, {"service", 5}, {"chain", 2}});
  // job0 completes at 5 and submits job2, which waits behind job1.
  EXPECT_EQ(labels(observed), (std::vector<std::string>{"job0", "job1", "job2", "job3"}));
  EXPECT_EQ(times_ms(observed), (std::vector<std::int64_t>{5, 10, 15, 20}));
  EXPECT_EQ(observed.peak_waiting, 1u);
}

}  // namespace
}  // namespace ifa026::actors
