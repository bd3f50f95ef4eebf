// Scheduler benchmarks: the classic hold model (pop the earliest event, schedule a new one at
// now + exponential increment) with N pending events, on the default calendar queue (the
// kernel's), on the 4-ary heap and the map reference scheduler, and on a naive std::priority_queue
// of std::function as the baseline. Target (DESIGN §8): BM_Scheduler_Hold at least 3x
// BM_Scheduler_NaiveHold in items_per_second.
#include <benchmark/benchmark.h>

#include <functional>
#include <queue>
#include <vector>

#include "sim/calendar_scheduler.hpp"
#include "sim/heap_scheduler.hpp"
#include "sim/map_scheduler.hpp"
#include "sim/random.hpp"

namespace {

using ifa026::sim::Duration;
using ifa026::sim::RandomStream;
using ifa026::sim::Time;

constexpr double kMeanIncrementNs = 1'000'000.0;

// The work every event does in every variant: count itself.
struct Counter {
  std::uint64_t fired = 0;
};

template <typename SchedulerType>
void hold_model(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  SchedulerType scheduler;
  RandomStream random(1, "hold");
  Counter counter;
  Time now;
  for (std::size_t i = 0; i < pending; ++i)
    scheduler.insert(now + Duration::nanoseconds(
                               static_cast<std::int64_t>(random.exponential(kMeanIncrementNs))),
                     [&counter] { ++counter.fired; });
  for (auto _ : state) {
    auto event = scheduler.pop_next();
    now = event.time;
    event.callback();
    scheduler.insert(now + Duration::nanoseconds(
                               static_cast<std::int64_t>(random.exponential(kMeanIncrementNs))),
                     [&counter] { ++counter.fired; });
  }
  benchmark::DoNotOptimize(counter.fired);
  state.SetItemsProcessed(state.iterations());
}

void BM_Scheduler_Hold(benchmark::State& state) {
  hold_model<ifa026::sim::CalendarScheduler>(state);
}
void BM_Scheduler_HeapHold(benchmark::State& state) {
  hold_model<ifa026::sim::HeapScheduler>(state);
}
void BM_Scheduler_MapHold(benchmark::State& state) {
  hold_model<ifa026::sim::MapScheduler>(state);
}

// The baseline: what a first attempt would write.
void BM_Scheduler_NaiveHold(benchmark::State& state) {
  struct Event {
    std::int64_t time;
    std::uint64_t sequence;
    std::function<void()> callback;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
    }
  };
  const auto pending = static_cast<std::size_t>(state.range(0));
  std::priority_queue<Event, std::vector<Event>, Later> queue;
  RandomStream random(1, "hold");
  Counter counter;
  std::int64_t now = 0;
  std::uint64_t sequence = 0;
  for (std::size_t i = 0; i < pending; ++i)
    queue.push({now + static_cast<std::int64_t>(random.exponential(kMeanIncrementNs)), sequence++,
                [&counter] { ++counter.fired; }});
  for (auto _ : state) {
    Event event = queue.top();
    queue.pop();
    now = event.time;
    event.callback();
    queue.push({now + static_cast<std::int64_t>(random.exponential(kMeanIncrementNs)), sequence++,
                [&counter] { ++counter.fired; }});
  }
  benchmark::DoNotOptimize(counter.fired);
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_Scheduler_Hold)->Arg(10000);
BENCHMARK(BM_Scheduler_HeapHold)->Arg(10000);
BENCHMARK(BM_Scheduler_MapHold)->Arg(10000);
BENCHMARK(BM_Scheduler_NaiveHold)->Arg(10000);
