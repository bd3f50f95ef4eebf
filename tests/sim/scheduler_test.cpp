// One suite run against every scheduler implementation (as ns-3 does): ordering by time,
// first-in first-out ties, cancellation, and agreement with each other on random workloads.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "sim/random.hpp"
#include "sim/scheduler.hpp"

namespace ifa026::sim {
namespace {

class SchedulerTest : public ::testing::TestWithParam<const char*> {
 protected:
  std::unique_ptr<Scheduler> scheduler = make_scheduler(GetParam());
  std::vector<int> ran;
  EventId add(std::int64_t t, int tag) {
    return scheduler->insert(Time::from_ns(t), [this, tag] { ran.push_back(tag); });
  }
  void drain() {
    while (!scheduler->empty()) scheduler->pop_next().callback();
  }
};

TEST_P(SchedulerTest, KnowsItsName) {
  ASSERT_NE(scheduler, nullptr);
  EXPECT_EQ(scheduler->name(), GetParam());
}

TEST_P(SchedulerTest, PopsInTimeOrder) {
  add(30, 3);
  add(10, 1);
  add(20, 2);
  EXPECT_EQ(scheduler->size(), 3u);
  EXPECT_EQ(scheduler->next_time(), Time::from_ns(10));
  drain();
  EXPECT_EQ(ran, (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(scheduler->empty());
}

TEST_P(SchedulerTest, EqualTimesRunFirstInFirstOut) {
  for (int i = 0; i < 100; ++i) add(5, i);
  add(1, -1);
  drain();
  ASSERT_EQ(ran.size(), 101u);
  EXPECT_EQ(ran.front(), -1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(ran[i + 1], i);
}

TEST_P(SchedulerTest, PopReportsTheEventsTime) {
  add(9, 1);
  add(7, 0);
  auto first = scheduler->pop_next();
  EXPECT_EQ(first.time, Time::from_ns(7));
  first.callback();
  EXPECT_EQ(ran, (std::vector<int>{0}));
  EXPECT_EQ(scheduler->next_time(), Time::from_ns(9));
}

TEST_P(SchedulerTest, CancelRemovesOnlyThatEvent) {
  add(1, 1);
  EventId victim = add(2, 2);
  add(3, 3);
  EXPECT_TRUE(scheduler->cancel(victim));
  EXPECT_FALSE(scheduler->cancel(victim)) << "second cancel of the same event";
  EXPECT_EQ(scheduler->size(), 2u);
  drain();
  EXPECT_EQ(ran, (std::vector<int>{1, 3}));
}

TEST_P(SchedulerTest, CancelOfHeadMovesNextTime) {
  EventId head = add(1, 1);
  add(9, 9);
  EXPECT_TRUE(scheduler->cancel(head));
  EXPECT_EQ(scheduler->next_time(), Time::from_ns(9));
}

TEST_P(SchedulerTest, CancelAfterRunOrOfInvalidIdFails) {
  EventId id = add(1, 1);
  scheduler->pop_next().callback();
  EXPECT_FALSE(scheduler->cancel(id));
  EXPECT_FALSE(scheduler->cancel(EventId{}));
  EXPECT_FALSE(scheduler->cancel(EventId{12345, 7}));
}

TEST_P(SchedulerTest, StaleIdDoesNotCancelAReusedSlot) {
  EventId old = add(1, 1);
  scheduler->pop_next().callback();
  add(2, 2);  // may reuse the old slot
  EXPECT_FALSE(scheduler->cancel(old));
  EXPECT_EQ(scheduler->size(), 1u);
}

TEST_P(SchedulerTest, AgreesWithTheReferenceOnARandomWorkload) {
  auto reference = make_scheduler("map");
  std::vector<int> expected;
  RandomStream random(7, "workload");
  std::vector<EventId> mine, theirs;
  for (int i = 0; i < 5000; ++i) {
    const auto t = random.uniform_int(0, 500);  // many equal times
    mine.push_back(add(t, i));
    theirs.push_back(
        reference->insert(Time::from_ns(t), [&expected, i] { expected.push_back(i); }));
    if (random.bernoulli(0.2)) {
      const auto k = static_cast<std::size_t>(random.uniform_int(0, i));
      EXPECT_EQ(scheduler->cancel(mine[k]), reference->cancel(theirs[k]));
    }
    if (random.bernoulli(0.3) && !scheduler->empty()) {
      ASSERT_FALSE(reference->empty());
      scheduler->pop_next().callback();
      reference->pop_next().callback();
    }
  }
  drain();
  while (!reference->empty()) reference->pop_next().callback();
  EXPECT_EQ(ran, expected);
}

TEST_P(SchedulerTest, AgreesWithTheReferenceOnBurstsAndFarFutureEvents) {
  // What simulations do: bursts at one instant, network delays of milliseconds, certificate
  // timers months away, cancellations, and a clock that only moves forward.
  auto reference = make_scheduler("map");
  std::vector<int> expected;
  RandomStream random(11, "skewed");
  std::vector<EventId> mine, theirs;
  std::int64_t now = 0;
  int tag = 0;
  auto add_both = [&](std::int64_t t) {
    const int i = tag++;
    mine.push_back(add(t, i));
    theirs.push_back(
        reference->insert(Time::from_ns(t), [&expected, i] { expected.push_back(i); }));
  };
  for (int round = 0; round < 200; ++round) {
    const int burst = static_cast<int>(random.uniform_int(0, 300));
    for (int k = 0; k < burst; ++k) add_both(now);                                   // same instant
    for (int k = 0; k < 20; ++k) add_both(now + random.uniform_int(1, 50'000'000));  // ms
    if (random.bernoulli(0.3))
      add_both(now + Duration::days(90).ns() + random.uniform_int(0, 1000));
    for (int k = 0; k < 5; ++k) {
      const auto victim = static_cast<std::size_t>(random.uniform_int(0, tag - 1));
      EXPECT_EQ(scheduler->cancel(mine[victim]), reference->cancel(theirs[victim]));
    }
    const int pops = static_cast<int>(random.uniform_int(0, burst + 40));
    for (int k = 0; k < pops && !scheduler->empty(); ++k) {
      ASSERT_EQ(scheduler->next_time(), reference->next_time());
      auto a = scheduler->pop_next();
      auto b = reference->pop_next();
      ASSERT_EQ(a.time, b.time);
      now = a.time.ns();
      a.callback();
      b.callback();
    }
    ASSERT_EQ(scheduler->size(), reference->size());
  }
  drain();
  while (!reference->empty()) reference->pop_next().callback();
  EXPECT_EQ(ran, expected);
}

TEST_P(SchedulerTest, AgreesWithTheReferenceOnTheHoldModel) {
  // The benchmark's pattern: a steady population that grows, holds and shrinks, so the calendar
  // resizes both ways, gathers days holding later years' events and meets cancelled ones.
  auto reference = make_scheduler("map");
  std::vector<int> expected;
  RandomStream random(13, "hold");
  std::int64_t now = 0;
  int tag = 0;
  std::vector<EventId> mine, theirs;
  auto add_both = [&] {
    const int i = tag++;
    const std::int64_t t = now + static_cast<std::int64_t>(random.exponential(1e6));
    mine.push_back(add(t, i));
    theirs.push_back(
        reference->insert(Time::from_ns(t), [&expected, i] { expected.push_back(i); }));
  };
  auto pop_both = [&] {
    auto a = scheduler->pop_next();
    auto b = reference->pop_next();
    ASSERT_EQ(a.time, b.time);
    now = a.time.ns();
    a.callback();
    b.callback();
  };
  for (int i = 0; i < 20000; ++i) add_both();
  for (int i = 0; i < 60000; ++i) {
    pop_both();
    if (i < 40000) add_both();
    if (i % 7 == 0) {
      const auto victim = static_cast<std::size_t>(random.uniform_int(0, tag - 1));
      EXPECT_EQ(scheduler->cancel(mine[victim]), reference->cancel(theirs[victim]));
    }
    if (scheduler->empty()) break;
  }
  ASSERT_EQ(scheduler->size(), reference->size());
  drain();
  while (!reference->empty()) reference->pop_next().callback();
  EXPECT_EQ(ran, expected);
}

INSTANTIATE_TEST_SUITE_P(AllImplementations, SchedulerTest,
                         ::testing::Values("calendar", "heap", "map"),
                         [](const auto& info) { return std::string(info.param); });

TEST(SchedulerFactory, UnknownKindGivesNull) {
  EXPECT_EQ(make_scheduler("splay"), nullptr);
}

}  // namespace
}  // namespace ifa026::sim
