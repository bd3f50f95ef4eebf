// Ordered-map reference scheduler (see map_scheduler.hpp). EventIds carry the insertion
// sequence split over slot (low 32 bits) and generation (high 32 bits, plus one).
#include "sim/map_scheduler.hpp"

#include <cassert>

namespace ifa026::sim {
namespace {
EventId id_of(std::uint64_t sequence) {
  return EventId{static_cast<std::uint32_t>(sequence),
                 static_cast<std::uint32_t>(sequence >> 32) + 1};
}
std::uint64_t sequence_of(EventId id) {
  return (static_cast<std::uint64_t>(id.generation - 1) << 32) | id.slot;
}
}  // namespace

EventId MapScheduler::insert(Time at, EventCallback callback) {
  std::uint64_t seq = next_sequence_++;
  Key key{at.ns(), seq};
  events_.emplace(key, std::move(callback));
  by_sequence_.emplace(seq, key);
  return id_of(seq);
}

bool MapScheduler::cancel(EventId id) {
  if (!id.valid()) return false;
  auto it = by_sequence_.find(sequence_of(id));
  if (it == by_sequence_.end()) return false;
  events_.erase(it->second);
  by_sequence_.erase(it);
  return true;
}

Time MapScheduler::next_time() {
  assert(!events_.empty());
  return Time::from_ns(events_.begin()->first.first);
}

PoppedEvent MapScheduler::pop_next() {
  assert(!events_.empty());
  auto it = events_.begin();
  PoppedEvent event{Time::from_ns(it->first.first), std::move(it->second)};
  by_sequence_.erase(it->first.second);
  events_.erase(it);
  return event;
}

}  // namespace ifa026::sim
