// The future event set: the small interface every scheduler implementation offers, in the manner
// of ns-3's Scheduler. Events are ordered by (time, insertion sequence), so events at equal times
// run first in, first out. The Simulation owns the clock; a scheduler only orders events.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "sim/small_function.hpp"
#include "sim/time.hpp"

namespace ifa026::sim {

using EventCallback = SmallFunction;

// Names a scheduled event so it can be cancelled; a default EventId names nothing.
struct EventId {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
  bool valid() const { return generation != 0; }
  bool operator==(const EventId&) const = default;
};

struct PoppedEvent {
  Time time;
  EventCallback callback;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Inserts an event; among events at equal times it runs after those inserted before it.
  virtual EventId insert(Time at, EventCallback callback) = 0;
  // Removes a pending event. Returns false when it already ran, was cancelled, or never existed.
  virtual bool cancel(EventId id) = 0;
  // Number of pending (not cancelled) events.
  virtual std::size_t size() const = 0;
  bool empty() const { return size() == 0; }
  // Time of the earliest pending event. Precondition: !empty().
  virtual Time next_time() = 0;
  // Removes and returns the earliest pending event. Precondition: !empty().
  virtual PoppedEvent pop_next() = 0;
  virtual std::string_view name() const = 0;
};

// The kinds shipped: "calendar" (the default, a calendar queue), "heap" (a 4-ary heap) and "map"
// (an ordered map, the obviously-correct reference). Null for other names.
std::unique_ptr<Scheduler> make_scheduler(std::string_view kind);
// Every name make_scheduler accepts, the default first: what a test runs "under every scheduler".
std::span<const std::string_view> scheduler_kinds();

}  // namespace ifa026::sim
