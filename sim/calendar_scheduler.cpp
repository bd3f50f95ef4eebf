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

std::uint64_t CalendarScheduler::key(std::uint32_t slot) const {
  return pool_.node(slot).key;
}

std::uint32_t& CalendarScheduler::next(std::uint32_t slot) {
  return pool_.node(slot).next;
}

void CalendarScheduler::link(std::uint32_t slot) {
  const std::uint64_t k = key(slot);
  Bucket& bucket = buckets_[day_of(k) & mask_];
  next(slot) = kNil;
  if (bucket.head == kNil) {
    bucket.head = bucket.tail = slot;
  } else if (key(bucket.tail) <= k) {  // the common case, and every same-time burst
    next(bucket.tail) = slot;
    bucket.tail = slot;
  } else if (k < key(bucket.head)) {
    next(slot) = bucket.head;
    bucket.head = slot;
  } else {
    std::uint32_t at = bucket.head;  // insert after the last entry with key <= this one
    while (key(next(at)) <= k) at = next(at);
    next(slot) = next(at);
    next(at) = slot;
  }
  ++queued_;
}

std::uint32_t CalendarScheduler::unlink_head(Bucket& bucket) {
  const std::uint32_t slot = bucket.head;
  bucket.head = next(slot);
  if (bucket.head == kNil) bucket.tail = kNil;
  --queued_;
  return slot;
}

EventId CalendarScheduler::insert(Time at, EventCallback callback) {
  const std::uint32_t slot = pool_.store(std::move(callback));
  const std::uint64_t k = key_of(at);
  pool_.node(slot).key = k;
  if (pool_.live() == 1 || day_of(k) < current_day_) current_day_ = day_of(k);
  link(slot);
  if (queued_ > 2 * buckets_.size()) resize(buckets_.size() * 2);
  return pool_.id_of(slot);
}

bool CalendarScheduler::cancel(EventId id) {
  if (!pool_.cancel(id)) return false;
  // The entry stays linked until the walk meets it; shrink when the ring gets sparse.
  if (pool_.live() < shrink_below_) resize(buckets_.size() / 2);
  return true;
}

bool CalendarScheduler::surface_next() {
  if (pool_.live() == 0) {
    if (queued_ != 0) resize(buckets_.size());  // only cancelled entries remain: drop them
    return false;
  }
  for (;;) {
    // Walk at most one year from the current day.
    for (std::size_t step = 0; step < buckets_.size(); ++step) {
      Bucket& bucket = buckets_[current_day_ & mask_];
      while (bucket.head != kNil && !pool_.pending(bucket.head)) pool_.release(unlink_head(bucket));
      if (bucket.head != kNil && day_of(key(bucket.head)) <= current_day_) return true;
      ++current_day_;
    }
    // A whole year without an event due: jump to the earliest one (direct search).
    std::uint64_t earliest = ~std::uint64_t{0};
    for (const Bucket& bucket : buckets_)
      for (std::uint32_t at = bucket.head; at != kNil; at = next(at))
        if (pool_.pending(at)) {
          earliest = std::min(earliest, key(at));
          break;  // sorted: the first live entry is the bucket's earliest
        }
    current_day_ = day_of(earliest);
  }
}

Time CalendarScheduler::next_time() {
  [[maybe_unused]] const bool found = surface_next();
  assert(found);
  return time_of(key(buckets_[current_day_ & mask_].head));
}

PoppedEvent CalendarScheduler::pop_next() {
  [[maybe_unused]] const bool found = surface_next();
  assert(found);
  const std::uint32_t slot = unlink_head(buckets_[current_day_ & mask_]);
  PoppedEvent event{time_of(key(slot)), pool_.take(slot)};
  if (pool_.live() < shrink_below_) resize(buckets_.size() / 2);
  return event;
}

void CalendarScheduler::resize(std::size_t count) {
  count = std::max(count, kMinBuckets);
  // Collect the live entries; drop the cancelled ones. Equal keys share a bucket in insertion
  // order, so a stable sort by key keeps them first in, first out.
  std::vector<std::uint32_t> live;
  live.reserve(pool_.live());
  for (Bucket& bucket : buckets_) {
    for (std::uint32_t at = bucket.head; at != kNil;) {
      const std::uint32_t following = next(at);
      if (pool_.pending(at))
        live.push_back(at);
      else
        pool_.release(at);
      at = following;
    }
    bucket = Bucket{};
  }
  std::stable_sort(live.begin(), live.end(),
                   [this](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  // A day of about three mean gaps between the earliest events; a power of two so that finding
  // a bucket is a shift.
  if (live.size() >= 2) {
    const std::size_t n = std::min(live.size(), kSample);
    const std::uint64_t gap = (key(live[n - 1]) - key(live[0])) / (n - 1);
    const std::uint64_t day = std::max<std::uint64_t>(3 * gap, 1);
    shift_ = std::min(62, static_cast<int>(std::bit_width(day - 1)));
  }
  buckets_.assign(count, Bucket{});
  mask_ = count - 1;
  shrink_below_ = count > kMinBuckets ? count / 4 : 0;
  queued_ = 0;
  for (std::uint32_t slot : live) link(slot);
  if (!live.empty()) current_day_ = day_of(key(live.front()));
}

}  // namespace ifa026::sim
