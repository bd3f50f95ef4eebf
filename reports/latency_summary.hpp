// A distribution of simulated durations as the metrics report it (count, min, mean, nearest-rank
// p50/p90/p99, max), and its metrics.json form: the enrolment latency and the LCM operation
// figures share it (docs/metrics.md).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/time.hpp"

namespace ifa026::reports {

struct LatencySummary {
  std::uint64_t count = 0;
  sim::Duration min, mean, p50, p90, p99, max;  // zero when count is 0
};

// The nearest-rank percentile (0 < p <= 100) of ascending `sorted` values: the value at rank
// ceil(p / 100 * n). 0 for an empty vector.
std::int64_t nearest_rank_percentile(const std::vector<std::int64_t>& sorted, double p);

// The summary of `values` (nanoseconds, any order).
LatencySummary summarise_latencies(std::vector<std::int64_t> values);

// {"count": n} and, when n > 0, each figure as compact text and as "<figure>_ns".
nlohmann::ordered_json latency_to_json(const LatencySummary& summary);

}  // namespace ifa026::reports
