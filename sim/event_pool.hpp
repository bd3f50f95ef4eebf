// Pooled storage for pending event callbacks, shared by the scheduler implementations: a slot
// per event, reused after the event runs or is cancelled, with a generation counter so a stale
// EventId can never cancel the slot's next occupant. Cancellation is lazy: the scheduler keeps
// its key and drops it when it surfaces.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/scheduler.hpp"

namespace ifa026::sim {

class EventPool {
 public:
  // Stores a callback; returns its slot.
  std::uint32_t store(EventCallback callback, std::uint64_t sequence) {
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
    node.sequence = sequence;
    node.pending = true;
    ++live_;
    return slot;
  }
  EventId id_of(std::uint32_t slot) const { return EventId{slot, nodes_[slot].generation}; }
  bool pending(std::uint32_t slot) const { return nodes_[slot].pending; }
  std::uint64_t sequence(std::uint32_t slot) const { return nodes_[slot].sequence; }
  std::size_t live() const { return live_; }

  // Marks a pending event cancelled; false when the id is stale, unknown or already done.
  bool cancel(EventId id) {
    if (!id.valid() || id.slot >= nodes_.size()) return false;
    Node& node = nodes_[id.slot];
    if (node.generation != id.generation || !node.pending) return false;
    node.pending = false;
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
  // Frees the slot of a cancelled event whose key the scheduler just dropped.
  void release(std::uint32_t slot) {
    Node& node = nodes_[slot];
    node.callback.reset();
    node.pending = false;
    if (++node.generation == 0) node.generation = 1;  // 0 would be an invalid EventId
    free_slots_.push_back(slot);
  }

 private:
  struct Node {
    EventCallback callback;
    std::uint64_t sequence = 0;
    std::uint32_t generation = 1;
    bool pending = false;
  };
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_ = 0;
};

}  // namespace ifa026::sim
