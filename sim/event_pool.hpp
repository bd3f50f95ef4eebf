// Pooled storage for pending events, shared by the scheduler implementations: one cache line per
// event holding its callback (empty once run or cancelled), a generation so a stale EventId can
// never cancel the slot's next occupant, and two fields a scheduler may use to thread its own
// structure through the pool (a sort key and a link). Cancellation is lazy: the scheduler keeps
// the event where it is and drops it when it surfaces.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/scheduler.hpp"

namespace ifa026::sim {

class EventPool {
 public:
  static constexpr std::uint32_t kNil = 0xffffffffu;

  struct alignas(64) Node {
    std::uint64_t key = 0;      // for the scheduler (e.g. the event's time)
    std::uint32_t next = kNil;  // for the scheduler (e.g. the next event of a bucket)
    std::uint32_t generation = 1;
    EventCallback callback;
    bool pending() const { return static_cast<bool>(callback); }
  };

  // Stores a callback (which must not be empty); returns its slot.
  std::uint32_t store(EventCallback&& callback) {
    std::uint32_t slot;
    if (free_head_ != kNil) {
      slot = free_head_;
      free_head_ = nodes_[slot].next;
    } else {
      slot = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
    }
    nodes_[slot].callback = std::move(callback);
    ++live_;
    return slot;
  }
  Node& node(std::uint32_t slot) { return nodes_[slot]; }
  const Node& node(std::uint32_t slot) const { return nodes_[slot]; }
  EventId id_of(std::uint32_t slot) const { return EventId{slot, nodes_[slot].generation}; }
  bool pending(std::uint32_t slot) const { return nodes_[slot].pending(); }
  std::size_t live() const { return live_; }

  // Marks a pending event cancelled; false when the id is stale, unknown or already done.
  bool cancel(EventId id) {
    if (!id.valid() || id.slot >= nodes_.size()) return false;
    Node& node = nodes_[id.slot];
    if (node.generation != id.generation || !node.pending()) return false;
    node.callback.reset();
    --live_;
    return true;
  }
  // Takes the callback of a pending event and frees its slot.
  EventCallback take(std::uint32_t slot) {
    EventCallback callback = std::move(nodes_[slot].callback);
    --live_;
    release(slot);
    return callback;
  }
  // Frees the slot of an event that ran or was cancelled and that the scheduler let go of.
  void release(std::uint32_t slot) {
    Node& node = nodes_[slot];
    node.callback.reset();
    if (++node.generation == 0) node.generation = 1;  // 0 would be an invalid EventId
    node.next = free_head_;
    free_head_ = slot;
  }

 private:
  std::vector<Node> nodes_;
  std::uint32_t free_head_ = kNil;  // free slots, linked through Node::next
  std::size_t live_ = 0;
};

}  // namespace ifa026::sim
