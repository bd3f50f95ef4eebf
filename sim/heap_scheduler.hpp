// The default scheduler: a 4-ary min-heap of compact (time, sequence, slot) keys over a pool of
// event nodes holding the callbacks. Heap moves touch 24-byte keys only; callbacks never move
// until they run. Cancellation marks the node and the heap drops it lazily.
#pragma once

#include <vector>

#include "sim/scheduler.hpp"

namespace ifa026::sim {

class HeapScheduler final : public Scheduler {
 public:
  EventId insert(Time at, EventCallback callback) override;
  bool cancel(EventId id) override;
  std::size_t size() const override { return live_; }
  Time next_time() override;
  PoppedEvent pop_next() override;
  std::string_view name() const override { return "heap"; }

 private:
  struct Key {
    std::int64_t time;
    std::uint64_t sequence;
    std::uint32_t slot;
  };
  struct Node {
    EventCallback callback;
    std::uint32_t generation = 1;
    bool pending = false;
  };
  static bool before(const Key& a, const Key& b) {
    return a.time != b.time ? a.time < b.time : a.sequence < b.sequence;
  }
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void pop_heap_top();
  void drop_cancelled_top();
  std::uint32_t acquire_slot();
  void release_slot(std::uint32_t slot);

  std::vector<Key> heap_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t next_sequence_ = 0;
  std::size_t live_ = 0;
};

}  // namespace ifa026::sim
