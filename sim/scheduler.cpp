// Scheduler factory: picks an implementation by name.
#include "sim/scheduler.hpp"

#include "sim/calendar_scheduler.hpp"
#include "sim/heap_scheduler.hpp"
#include "sim/map_scheduler.hpp"

namespace ifa026::sim {

std::unique_ptr<Scheduler> make_scheduler(std::string_view kind) {
  if (kind == "calendar") return std::make_unique<CalendarScheduler>();
  if (kind == "heap") return std::make_unique<HeapScheduler>();
  if (kind == "map") return std::make_unique<MapScheduler>();
  return nullptr;
}

std::span<const std::string_view> scheduler_kinds() {
  static constexpr std::string_view kinds[] = {"calendar", "heap", "map"};
  return kinds;
}

}  // namespace ifa026::sim
