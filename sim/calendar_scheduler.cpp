// Calendar queue scheduler (see calendar_scheduler.hpp).
#include "sim/calendar_scheduler.hpp"

#include <algorithm>
#include <bit>
#include <cassert>

namespace ifa026::sim {

namespace {
constexpr std::size_t kMinBuckets = 16;
constexpr std::size_t kSample = 32;  // earliest events used to estimate the day's length
constexpr std::size_t kInsertionSortMax = 32;

bool earlier(const auto& a, const auto& b) {
  return a.key < b.key;
}

// Stable sort by key; insertion sort for the usual few events of a day (no allocation), the
// library's merge sort for a crowded one.
template <typename EntryType>
void stable_sort_by_key(EntryType* first, EntryType* last) {
  if (static_cast<std::size_t>(last - first) > kInsertionSortMax) {
    std::stable_sort(first, last,
                     [](const EntryType& a, const EntryType& b) { return earlier(a, b); });
    return;
  }
  for (EntryType* i = first + 1; i < last; ++i) {
    const EntryType value = *i;
    EntryType* j = i;
    for (; j > first && value.key < (j - 1)->key; --j) *j = *(j - 1);
    *j = value;
  }
}
}  // namespace

CalendarScheduler::CalendarScheduler() : buckets_(kMinBuckets, kNil), mask_(kMinBuckets - 1) {}

void CalendarScheduler::prepend(std::uint32_t slot) {
  std::uint32_t& head = buckets_[day_of(pool_.node(slot).key) & mask_];
  next(slot) = head;
  head = slot;
  ++in_buckets_;
}

void CalendarScheduler::insert_today(std::uint64_t key, std::uint32_t slot) {
  if (today_head_ == today_.size() || today_.back().key <= key) {  // the usual case
    today_.push_back({key, slot});
    return;
  }
  // After every entry of an equal or earlier key: first in, first out.
  auto at =
      std::upper_bound(today_.begin() + static_cast<std::ptrdiff_t>(today_head_), today_.end(), key,
                       [](std::uint64_t k, const Entry& e) { return k < e.key; });
  today_.insert(at, Entry{key, slot});
}

EventId CalendarScheduler::insert(Time at, EventCallback callback) {
  const std::uint32_t slot = pool_.store(std::move(callback));
  const std::uint64_t k = key_of(at);
  pool_.node(slot).key = k;
  if (day_of(k) <= current_day_) {
    insert_today(k, slot);
  } else {
    prepend(slot);
    if (in_buckets_ > 2 * buckets_.size()) resize(buckets_.size() * 2);
  }
  return pool_.id_of(slot);
}

bool CalendarScheduler::cancel(EventId id) {
  if (!pool_.cancel(id)) return false;
  // The entry stays where it is until the walk meets it; shrink when the ring gets sparse.
  if (pool_.live() < shrink_below_) resize(buckets_.size() / 2);
  return true;
}

void CalendarScheduler::gather_today() {
  today_.clear();
  today_head_ = 0;
  std::uint32_t* link = &buckets_[current_day_ & mask_];
  while (*link != kNil) {
    const std::uint32_t slot = *link;
    const std::uint64_t k = pool_.node(slot).key;
    if (!pool_.pending(slot)) {  // cancelled: drop it
      *link = next(slot);
      pool_.release(slot);
      --in_buckets_;
    } else if (day_of(k) == current_day_) {
      *link = next(slot);
      today_.push_back({k, slot});
      --in_buckets_;
    } else {  // a later year's event stays
      link = &next(slot);
    }
  }
  // The list was newest first; reversed, a stable sort keeps equal times in arrival order.
  std::reverse(today_.begin(), today_.end());
  stable_sort_by_key(today_.data(), today_.data() + today_.size());
  // After a burst, do not keep a burst's worth of room for every quieter day that follows.
  constexpr std::size_t kKeep = 256;
  if (today_.capacity() > 4 * std::max(today_.size(), kKeep)) today_.shrink_to_fit();
  if (scratch_.capacity() > 4 * std::max(today_.size(), kKeep)) {
    scratch_.clear();
    scratch_.shrink_to_fit();
  }
}

bool CalendarScheduler::surface_next() {
  for (;;) {
    while (today_head_ < today_.size()) {
      if (pool_.pending(today_[today_head_].slot)) return true;
      pool_.release(today_[today_head_++].slot);  // cancelled
    }
    if (in_buckets_ == 0) {
      today_.clear();
      today_head_ = 0;
      return false;
    }
    // Walk at most one year from the day after the current one.
    for (std::size_t step = 0; step < buckets_.size(); ++step) {
      ++current_day_;
      if (buckets_[current_day_ & mask_] != kNil) {
        gather_today();
        if (!today_.empty()) break;
      }
    }
    if (today_.empty()) {
      // A whole year without an event due: jump to the earliest one (direct search).
      std::uint64_t earliest = ~std::uint64_t{0};
      for (std::uint32_t head : buckets_)
        for (std::uint32_t at = head; at != kNil; at = next(at))
          earliest = std::min(earliest, pool_.node(at).key);
      current_day_ = day_of(earliest);
      gather_today();  // may find only cancelled entries; the loop then goes on
    }
  }
}

Time CalendarScheduler::next_time() {
  [[maybe_unused]] const bool found = surface_next();
  assert(found);
  return time_of(today_[today_head_].key);
}

PoppedEvent CalendarScheduler::pop_next() {
  // Fast path: today's next entry is live.
  if (today_head_ == today_.size() || !pool_.pending(today_[today_head_].slot)) {
    [[maybe_unused]] const bool found = surface_next();
    assert(found);
  }
  const Entry entry = today_[today_head_++];
  PoppedEvent event{time_of(entry.key), pool_.take(entry.slot)};
  if (pool_.live() < shrink_below_) resize(buckets_.size() / 2);
  return event;
}

void CalendarScheduler::resize(std::size_t count) {
  count = std::max(count, kMinBuckets);
  // Collect the live entries, dropping cancelled ones: today's first (already in order), then each
  // bucket's oldest first, so that prepending them again leaves every day newest first.
  std::vector<Entry> live;
  live.reserve(pool_.live());
  for (std::size_t i = today_head_; i < today_.size(); ++i) {
    if (pool_.pending(today_[i].slot))
      live.push_back(today_[i]);
    else
      pool_.release(today_[i].slot);
  }
  today_.clear();
  today_head_ = 0;
  for (std::uint32_t& head : buckets_) {
    const std::size_t first = live.size();
    for (std::uint32_t at = head; at != kNil;) {
      const std::uint32_t following = next(at);
      if (pool_.pending(at))
        live.push_back({pool_.node(at).key, at});
      else
        pool_.release(at);
      at = following;
    }
    std::reverse(live.begin() + static_cast<std::ptrdiff_t>(first), live.end());
    head = kNil;
  }
  in_buckets_ = 0;
  // A day of about four mean gaps between the earliest events (measured best for the hold model:
  // fewer days to walk and gather, few enough events per day to sort by insertion); a power of two
  // so that finding a bucket is a shift.
  std::uint64_t earliest = ~std::uint64_t{0};
  if (!live.empty()) {
    std::vector<std::uint64_t> keys(live.size());
    std::transform(live.begin(), live.end(), keys.begin(), [](const Entry& e) { return e.key; });
    const std::size_t n = std::min(keys.size(), kSample);
    std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n), keys.end());
    earliest = keys.front();
    if (n >= 2) {
      const std::uint64_t gap = (keys[n - 1] - keys[0]) / (n - 1);
      const std::uint64_t day = std::max<std::uint64_t>(4 * gap, 1);
      shift_ = std::min(62, static_cast<int>(std::bit_width(day - 1)));
    }
  }
  buckets_.assign(count, kNil);
  mask_ = count - 1;
  shrink_below_ = count > kMinBuckets ? count / 4 : 0;
  if (live.empty()) return;
  for (const Entry& e : live) prepend(e.slot);
  current_day_ = day_of(earliest);
  gather_today();
}

}  // namespace ifa026::sim
