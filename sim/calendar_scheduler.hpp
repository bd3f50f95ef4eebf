// A calendar queue (R. Brown, 1988) with unsorted days and a sorted "today", in the manner of the
// ladder queue (Tang, Goh and Thng, 2005). Pending events hang in a ring of buckets, each a "day"
// of simulated time; an insertion only prepends to its day's list, touching no other event. When
// the walk reaches a day, that day's events (and only those: later years stay in the bucket) move
// into a small sorted array, "today", from which popping is sequential. Events inserted into the
// day being consumed go straight into today at their place. The ring doubles or halves as the
// number of pending events changes, re-estimating the day's length from the earliest events; when a
// whole year is empty a direct search jumps to the earliest event.
//
// First in, first out among equal times: equal times share a day, a day's list is newest first,
// and today is built from it by a reversal and a stable sort, then appended at the back only.
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
  struct Entry {  // an event of today: its time key and its slot
    std::uint64_t key;
    std::uint32_t slot;
  };
  static std::uint64_t key_of(Time t) {
    return static_cast<std::uint64_t>(t.ns()) ^ (std::uint64_t{1} << 63);
  }
  static Time time_of(std::uint64_t key) {
    return Time::from_ns(static_cast<std::int64_t>(key ^ (std::uint64_t{1} << 63)));
  }
  std::uint64_t day_of(std::uint64_t key) const { return key >> shift_; }
  std::uint32_t& next(std::uint32_t slot) { return pool_.node(slot).next; }
  void prepend(std::uint32_t slot);
  void insert_today(std::uint64_t key, std::uint32_t slot);
  // Moves the events of current_day_ out of its bucket into today (which must be empty).
  void gather_today();
  // Leaves the earliest live event at today_[today_head_]; false when nothing is pending.
  bool surface_next();
  void resize(std::size_t buckets);

  std::vector<std::uint32_t> buckets_;  // head of each day's list, newest first
  std::vector<Entry> today_;            // events of day <= current_day_, sorted by (key, arrival)
  std::size_t today_head_ = 0;          // today_[0, today_head_) were popped already
  std::vector<Entry> scratch_;          // reused by gather_today
  EventPool pool_;          // each node's key is the event's time key, its next the bucket link
  std::uint64_t mask_ = 0;  // buckets_.size() - 1
  int shift_ = 20;          // a day lasts 2^shift_ ns
  std::uint64_t current_day_ = 0;  // every event in a bucket is of a later day
  std::size_t in_buckets_ = 0;     // entries in the ring, cancelled ones included
  std::size_t shrink_below_ = 0;   // live count under which the ring halves
};

}  // namespace ifa026::sim
