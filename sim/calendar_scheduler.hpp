// A calendar queue (R. Brown, 1988): pending events hang in a ring of buckets, each a "day" of
// simulated time, sorted within the bucket; popping walks the ring from the current day. With
// about one to two events per bucket and a day a few times the mean gap between events, both
// insertion and popping are O(1). The ring doubles or halves as the number of pending events
// changes, re-estimating the day's length from the earliest events. When a whole year is empty
// (only far-future events remain) a direct search jumps to the earliest. Each bucket keeps a tail,
// so bursts of events at one instant append in O(1), which also keeps them first in, first out.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/scheduler.hpp"

namespace ifa026::sim {

class CalendarScheduler final : public Scheduler {
 public:
  CalendarScheduler();
  EventId insert(Time at, EventCallback callback) override;
  bool cancel(EventId id) override;
  std::size_t size() const override { return live_; }
  Time next_time() override;
  PoppedEvent pop_next() override;
  std::string_view name() const override { return "calendar"; }

 private:
  static constexpr std::uint32_t kNil = 0xffffffffu;
  // One event, in one cache line: its key, the next event of its bucket, the generation that
  // makes stale EventIds harmless, and the callback (empty once run or cancelled).
  struct alignas(64) Node {
    std::uint64_t key = 0;  // time with the sign bit flipped: unsigned order is time order
    std::uint32_t next = kNil;
    std::uint32_t generation = 1;
    EventCallback callback;
    bool pending() const { return static_cast<bool>(callback); }
  };
  struct Bucket {
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
  };
  static std::uint64_t key_of(Time t) {
    return static_cast<std::uint64_t>(t.ns()) ^ (std::uint64_t{1} << 63);
  }
  static Time time_of(std::uint64_t key) {
    return Time::from_ns(static_cast<std::int64_t>(key ^ (std::uint64_t{1} << 63)));
  }
  void link(std::uint32_t slot);
  void release(std::uint32_t slot);
  // Finds the earliest live event, leaves it at the head of bucket current_, returns false when
  // nothing is pending. Drops cancelled events it meets.
  bool surface_next();
  void resize(std::size_t buckets);
  std::uint64_t day_of(std::uint64_t key) const { return key >> shift_; }

  std::vector<Bucket> buckets_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_ = 0;
  std::uint64_t mask_ = 0;         // buckets_.size() - 1
  int shift_ = 20;                 // a day lasts 2^shift_ ns
  std::uint64_t current_day_ = 0;  // day of the bucket the walk is at
  std::size_t queued_ = 0;         // entries in the ring, cancelled ones included
  std::size_t shrink_below_ = 0;   // live count under which the ring halves
};

}  // namespace ifa026::sim
