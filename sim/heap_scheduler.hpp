// A 4-ary min-heap of compact (time, sequence, slot) keys over pooled event callbacks. Heap moves
// touch 24-byte keys only; callbacks never move until they run. Accepts insertions at any time,
// including before events already popped.
#pragma once

#include <vector>

#include "sim/event_pool.hpp"
#include "sim/scheduler.hpp"

namespace ifa026::sim {

class HeapScheduler final : public Scheduler {
 public:
  EventId insert(Time at, EventCallback callback) override;
  bool cancel(EventId id) override { return pool_.cancel(id); }
  std::size_t size() const override { return pool_.live(); }
  Time next_time() override;
  PoppedEvent pop_next() override;
  std::string_view name() const override { return "heap"; }

 private:
  struct Key {
    std::int64_t time;
    std::uint64_t sequence;
    std::uint32_t slot;
  };
  static bool before(const Key& a, const Key& b) {
    return a.time != b.time ? a.time < b.time : a.sequence < b.sequence;
  }
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void pop_heap_top();
  void drop_cancelled_top();

  std::vector<Key> heap_;
  EventPool pool_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace ifa026::sim
