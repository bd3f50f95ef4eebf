// Reference scheduler: an ordered map keyed by (time, sequence). Slower than the heap but
// obviously correct; the scheduler test suite runs against both.
#pragma once

#include <map>
#include <unordered_map>
#include <utility>

#include "sim/scheduler.hpp"

namespace ifa026::sim {

class MapScheduler final : public Scheduler {
 public:
  EventId insert(Time at, EventCallback callback) override;
  bool cancel(EventId id) override;
  std::size_t size() const override { return events_.size(); }
  Time next_time() override;
  PoppedEvent pop_next() override;
  std::string_view name() const override { return "map"; }

 private:
  using Key = std::pair<std::int64_t, std::uint64_t>;
  std::map<Key, EventCallback> events_;
  std::unordered_map<std::uint64_t, Key> by_sequence_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace ifa026::sim
