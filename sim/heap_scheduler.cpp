// 4-ary heap scheduler with pooled event nodes and lazy cancellation (see heap_scheduler.hpp).
#include "sim/heap_scheduler.hpp"

#include <cassert>
#include <utility>

namespace ifa026::sim {

std::uint32_t HeapScheduler::acquire_slot() {
  if (!free_slots_.empty()) {
    std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  nodes_.emplace_back();
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

void HeapScheduler::release_slot(std::uint32_t slot) {
  Node& node = nodes_[slot];
  node.callback.reset();
  node.pending = false;
  // Generation 0 means "invalid EventId", so skip it on wrap-around.
  if (++node.generation == 0) node.generation = 1;
  free_slots_.push_back(slot);
}

EventId HeapScheduler::insert(Time at, EventCallback callback) {
  std::uint32_t slot = acquire_slot();
  Node& node = nodes_[slot];
  node.callback = std::move(callback);
  node.pending = true;
  heap_.push_back(Key{at.ns(), next_sequence_++, slot});
  sift_up(heap_.size() - 1);
  ++live_;
  return EventId{slot, node.generation};
}

bool HeapScheduler::cancel(EventId id) {
  if (!id.valid() || id.slot >= nodes_.size()) return false;
  Node& node = nodes_[id.slot];
  if (node.generation != id.generation || !node.pending) return false;
  node.pending = false;
  node.callback.reset();
  --live_;
  return true;
}

void HeapScheduler::drop_cancelled_top() {
  while (!heap_.empty() && !nodes_[heap_.front().slot].pending) {
    std::uint32_t slot = heap_.front().slot;
    pop_heap_top();
    release_slot(slot);
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
  PoppedEvent event{Time::from_ns(top.time), top.sequence, std::move(nodes_[top.slot].callback)};
  release_slot(top.slot);
  --live_;
  return event;
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
