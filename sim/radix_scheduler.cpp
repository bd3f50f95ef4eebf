// Radix heap scheduler (see radix_scheduler.hpp).
#include "sim/radix_scheduler.hpp"

#include <bit>
#include <cassert>

namespace ifa026::sim {

void RadixScheduler::push(const Entry& e) {
  const std::uint64_t diff = e.key ^ last_;
  if (diff == 0) {
    current_.push_back(e);
    return;
  }
  const int level = (63 - std::countl_zero(diff)) / kDigitBits;
  const int digit = static_cast<int>((e.key >> (level * kDigitBits)) & (kDigits - 1));
  const int index = level * kDigits + digit;
  buckets_[index].push_back(e);
  occupied_[index / 64] |= std::uint64_t{1} << (index % 64);
  occupied_words_ |= std::uint64_t{1} << (index / 64);
}

int RadixScheduler::first_occupied() const {
  if (occupied_words_ == 0) return -1;
  const int word = std::countr_zero(occupied_words_);
  return word * 64 + std::countr_zero(occupied_[word]);
}

EventId RadixScheduler::insert(Time at, EventCallback callback) {
  const std::uint32_t slot = pool_.store(std::move(callback), next_sequence_++);
  const std::uint64_t key = key_of(at);
  if (key < last_) rebase(key);
  push(Entry{key, slot});
  return pool_.id_of(slot);
}

void RadixScheduler::rebase(std::uint64_t new_last) {
  // Gather the unread entries; equal keys share a bucket, so their relative order survives.
  std::vector<Entry> all(current_.begin() + static_cast<std::ptrdiff_t>(head_), current_.end());
  current_.clear();
  head_ = 0;
  for (auto& bucket : buckets_) {
    all.insert(all.end(), bucket.begin(), bucket.end());
    bucket.clear();
  }
  occupied_.fill(0);
  occupied_words_ = 0;
  last_ = new_last;
  for (const Entry& e : all) push(e);
}

bool RadixScheduler::surface_next() {
  for (;;) {
    while (head_ < current_.size() && !pool_.pending(current_[head_].slot))
      pool_.release(current_[head_++].slot);
    if (head_ < current_.size()) return true;
    current_.clear();
    head_ = 0;
    const int index = first_occupied();
    if (index < 0) return false;
    occupied_[index / 64] &= ~(std::uint64_t{1} << (index % 64));
    if (occupied_[index / 64] == 0) occupied_words_ &= ~(std::uint64_t{1} << (index / 64));
    auto& source = buckets_[index];
    if (index < kDigits) {
      // Level 0: one key per bucket, already in insertion order.
      last_ = source.front().key;
      current_.swap(source);
      continue;
    }
    // Above level 0: the smallest key becomes the reference and every entry of the bucket moves
    // to a lower level (or to current_). Cancelled entries move too and are dropped when they
    // surface, so this loop reads keys only, never the event pool.
    std::uint64_t min_key = ~std::uint64_t{0};
    for (const Entry& e : source) min_key = e.key < min_key ? e.key : min_key;
    last_ = min_key;
    std::vector<Entry> moving;
    moving.swap(source);
    for (const Entry& e : moving) push(e);
    moving.clear();
    source.swap(moving);  // keep the capacity for next time
  }
}

Time RadixScheduler::next_time() {
  [[maybe_unused]] const bool found = surface_next();
  assert(found);
  return time_of(current_[head_].key);
}

PoppedEvent RadixScheduler::pop_next() {
  [[maybe_unused]] const bool found = surface_next();
  assert(found);
  const Entry e = current_[head_++];
  const std::uint64_t sequence = pool_.sequence(e.slot);
  return PoppedEvent{time_of(e.key), sequence, pool_.take(e.slot)};
}

}  // namespace ifa026::sim
