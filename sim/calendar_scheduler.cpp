// Calendar queue scheduler (see calendar_scheduler.hpp).
#include "sim/calendar_scheduler.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

namespace ifa026::sim {

namespace {
constexpr std::size_t kMinBuckets = 16;
constexpr std::size_t kSample = 32;  // earliest events used to estimate the day's length
}  // namespace

CalendarScheduler::CalendarScheduler() : buckets_(kMinBuckets), mask_(kMinBuckets - 1) {}

void CalendarScheduler::link(std::uint32_t slot) {
  const std::uint64_t key = nodes_[slot].key;
  Bucket& bucket = buckets_[day_of(key) & mask_];
  nodes_[slot].next = kNil;
  if (bucket.head == kNil) {
    bucket.head = bucket.tail = slot;
  } else if (nodes_[bucket.tail].key <= key) {  // the common case, and every same-time burst
    nodes_[bucket.tail].next = slot;
    bucket.tail = slot;
  } else if (key < nodes_[bucket.head].key) {
    nodes_[slot].next = bucket.head;
    bucket.head = slot;
  } else {
    std::uint32_t at = bucket.head;  // insert after the last entry with key <= this one
    while (nodes_[nodes_[at].next].key <= key) at = nodes_[at].next;
    nodes_[slot].next = nodes_[at].next;
    nodes_[at].next = slot;
  }
  ++queued_;
}

void CalendarScheduler::release(std::uint32_t slot) {
  Node& node = nodes_[slot];
  node.callback.reset();
  if (++node.generation == 0) node.generation = 1;  // 0 would be an invalid EventId
  free_slots_.push_back(slot);
}

EventId CalendarScheduler::insert(Time at, EventCallback callback) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(nodes_.size());
    nodes_.emplace_back();
  }
  Node& node = nodes_[slot];
  node.callback = std::move(callback);
  const std::uint64_t key = key_of(at);
  node.key = key;
  if (++live_ == 1 || day_of(key) < current_day_) current_day_ = day_of(key);
  link(slot);
  if (queued_ > 2 * buckets_.size()) resize(buckets_.size() * 2);
  return EventId{slot, nodes_[slot].generation};
}

bool CalendarScheduler::cancel(EventId id) {
  if (!id.valid() || id.slot >= nodes_.size()) return false;
  Node& node = nodes_[id.slot];
  if (node.generation != id.generation || !node.pending()) return false;
  node.callback.reset();
  --live_;
  // The entry stays linked until the walk meets it; shrink when the ring gets sparse.
  if (live_ < shrink_below_) resize(buckets_.size() / 2);
  return true;
}

bool CalendarScheduler::surface_next() {
  if (live_ == 0) {
    // Only cancelled entries may remain: drop them all.
    if (queued_ != 0) resize(buckets_.size());
    return false;
  }
  for (;;) {
    // Walk at most one year from the current day.
    for (std::size_t step = 0; step < buckets_.size(); ++step) {
      Bucket& bucket = buckets_[current_day_ & mask_];
      while (bucket.head != kNil && !nodes_[bucket.head].pending()) {
        const std::uint32_t dead = bucket.head;
        bucket.head = nodes_[dead].next;
        if (bucket.head == kNil) bucket.tail = kNil;
        --queued_;
        release(dead);
      }
      if (bucket.head != kNil && day_of(nodes_[bucket.head].key) <= current_day_) return true;
      ++current_day_;
    }
    // A whole year without an event due: jump to the earliest one (direct search).
    std::uint64_t earliest = ~std::uint64_t{0};
    for (const Bucket& bucket : buckets_)
      for (std::uint32_t at = bucket.head; at != kNil; at = nodes_[at].next)
        if (nodes_[at].pending()) {
          earliest = std::min(earliest, nodes_[at].key);
          break;  // sorted: the first live entry is the bucket's earliest
        }
    current_day_ = day_of(earliest);
  }
}

Time CalendarScheduler::next_time() {
  [[maybe_unused]] const bool found = surface_next();
  assert(found);
  return time_of(nodes_[buckets_[current_day_ & mask_].head].key);
}

PoppedEvent CalendarScheduler::pop_next() {
  [[maybe_unused]] const bool found = surface_next();
  assert(found);
  Bucket& bucket = buckets_[current_day_ & mask_];
  const std::uint32_t slot = bucket.head;
  bucket.head = nodes_[slot].next;
  if (bucket.head == kNil) bucket.tail = kNil;
  --queued_;
  PoppedEvent event{time_of(nodes_[slot].key), std::move(nodes_[slot].callback)};
  --live_;
  release(slot);
  if (live_ < shrink_below_) resize(buckets_.size() / 2);
  return event;
}

void CalendarScheduler::resize(std::size_t count) {
  count = std::max(count, kMinBuckets);
  // Collect the live entries in (time, insertion) order; drop the cancelled ones.
  // Equal keys share a bucket in insertion order, so a stable sort by key keeps them FIFO.
  std::vector<std::uint32_t> live;
  live.reserve(live_);
  for (Bucket& bucket : buckets_) {
    for (std::uint32_t at = bucket.head; at != kNil;) {
      const std::uint32_t next = nodes_[at].next;
      if (nodes_[at].pending())
        live.push_back(at);
      else
        release(at);
      at = next;
    }
    bucket = Bucket{};
  }
  std::stable_sort(live.begin(), live.end(), [this](std::uint32_t a, std::uint32_t b) {
    return nodes_[a].key < nodes_[b].key;
  });
  // A day of about three mean gaps between the earliest events, ignoring equal times; a power of
  // two so that finding a bucket is a shift.
  if (live.size() >= 2) {
    const std::size_t n = std::min(live.size(), kSample);
    const std::uint64_t span = nodes_[live[n - 1]].key - nodes_[live[0]].key;
    const std::uint64_t gap = span / (n - 1);
    const std::uint64_t day = std::max<std::uint64_t>(3 * gap, 1);
    shift_ = std::min(62, static_cast<int>(std::bit_width(day - 1)));
  }
  buckets_.assign(count, Bucket{});
  mask_ = count - 1;
  shrink_below_ = count > kMinBuckets ? count / 4 : 0;
  queued_ = 0;
  for (std::uint32_t slot : live) link(slot);
  if (!live.empty()) current_day_ = day_of(nodes_[live.front()].key);
}

}  // namespace ifa026::sim
