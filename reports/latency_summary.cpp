// Summaries of simulated durations for the run metrics (see latency_summary.hpp).
#include "reports/latency_summary.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "reports/run_metrics.hpp"

namespace ifa026::reports {

std::int64_t nearest_rank_percentile(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  // p x n first: exact for integral p, so the division is exact whenever the rank is integral.
  const double n = static_cast<double>(sorted.size());
  auto rank = static_cast<std::size_t>(std::ceil(p * n / 100.0));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

LatencySummary summarise_latencies(std::vector<std::int64_t> values) {
  LatencySummary s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  long double sum = 0;
  for (auto v : values) sum += static_cast<long double>(v);
  auto ns = [](std::int64_t v) { return sim::Duration::nanoseconds(v); };
  s.count = values.size();
  s.min = ns(values.front());
  s.max = ns(values.back());
  s.mean = ns(std::llround(static_cast<double>(sum / static_cast<long double>(values.size()))));
  s.p50 = ns(nearest_rank_percentile(values, 50));
  s.p90 = ns(nearest_rank_percentile(values, 90));
  s.p99 = ns(nearest_rank_percentile(values, 99));
  return s;
}

nlohmann::ordered_json latency_to_json(const LatencySummary& summary) {
  nlohmann::ordered_json out = {{"count", summary.count}};
  if (summary.count == 0) return out;
  const std::pair<const char*, sim::Duration> values[] = {
      {"min", summary.min}, {"mean", summary.mean}, {"p50", summary.p50},
      {"p90", summary.p90}, {"p99", summary.p99},   {"max", summary.max}};
  for (const auto& [name, d] : values) {
    out[name] = compact_duration(d);
    out[std::string(name) + "_ns"] = d.ns();
  }
  return out;
}

}  // namespace ifa026::reports
