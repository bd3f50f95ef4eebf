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

#include "sim/event_pool.hpp"
#include "sim/scheduler.hpp"

namespace ifa026::sim {

class CalendarScheduler final : public Scheduler {
 public:
  CalendarScheduler();
  EventId insert(Time at, EventCallback callback) override;
  bool cancel(EventId id) override;
  std::size_t size() const override { return pool_.live(); }
  Time next_time() override;
  PoppedEvent pop_next() override;
  std::string_view name() const override { return "calendar"; }

 private:
  static constexpr std::uint32_t kNil = EventPool::kNil;
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
  std::uint64_t key(std::uint32_t slot) const;
  std::uint32_t& next(std::uint32_t slot);
  void link(std::uint32_t slot);
  std::uint32_t unlink_head(Bucket& bucket);
  // Finds the earliest live event, leaves it at the head of bucket current_, returns false when
  // nothing is pending. Drops cancelled events it meets.
  bool surface_next();
  void resize(std::size_t buckets);
  std::uint64_t day_of(std::uint64_t key) const { return key >> shift_; }

  std::vector<Bucket> buckets_;
  EventPool pool_;          // each node's key is the event's time key, its next the bucket link
  std::uint64_t mask_ = 0;  // buckets_.size() - 1
  int shift_ = 20;          // a day lasts 2^shift_ ns
  std::uint64_t current_day_ = 0;  // day of the bucket the walk is at
  std::size_t queued_ = 0;         // entries in the ring, cancelled ones included
  std::size_t shrink_below_ = 0;   // live count under which the ring halves
};

}  // namespace ifa026::sim
