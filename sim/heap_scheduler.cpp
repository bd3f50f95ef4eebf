// 4-ary heap scheduler over the event pool, with lazy cancellation (see heap_scheduler.hpp).
#include "sim/heap_scheduler.hpp"

#include <cassert>
#include <utility>

namespace ifa026::sim {

EventId HeapScheduler::insert(Time at, EventCallback callback) {
  const std::uint64_t sequence = next_sequence_++;
  const std::uint32_t slot = pool_.store(std::move(callback));
  heap_.push_back(Key{at.ns(), sequence, slot});
  sift_up(heap_.size() - 1);
  return pool_.id_of(slot);
}

void HeapScheduler::drop_cancelled_top() {
  while (!heap_.empty() && !pool_.pending(heap_.front().slot)) {
    std::uint32_t slot = heap_.front().slot;
    pop_heap_top();
    pool_.release(slot);
  }
}

Time HeapScheduler::next_time() {
  drop_cancelled_top();
  assert(!heap_.empty());
  return Time::from_ns(heap_.front().time);
}

PoppedEvent HeapScheduler::pop_next() {
  drop_cancelled_top();
  assert(!heap_.empty());
  Key top = heap_.front();
  pop_heap_top();
  return PoppedEvent{Time::from_ns(top.time), pool_.take(top.slot)};
}

void HeapScheduler::pop_heap_top() {
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
}

void HeapScheduler::sift_up(std::size_t i) {
  Key key = heap_[i];
  while (i > 0) {
    std::size_t parent = (i - 1) / 4;
    if (!before(key, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = key;
}

void HeapScheduler::sift_down(std::size_t i) {
  const std::size_t n = heap_.size();
  Key key = heap_[i];
  for (;;) {
    std::size_t first = 4 * i + 1;
    if (first >= n) break;
    std::size_t best = first;
    std::size_t last = first + 4 < n ? first + 4 : n;
    for (std::size_t c = first + 1; c < last; ++c)
      if (before(heap_[c], heap_[best])) best = c;
    if (!before(heap_[best], key)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = key;
}

}  // namespace ifa026::sim
