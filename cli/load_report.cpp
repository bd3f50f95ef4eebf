// Summaries of `ifa026 load` runs, as text and JSON (see load_report.hpp).
#include "cli/load_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace ifa026::cli {

namespace {

// `value` to `digits` decimals (the nearest double, so JSON prints it short).
double rounded(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

nlohmann::json latency_json(const LatencySummary& l) {
  return {{"p50", rounded(l.p50 * 1000, 3)},   {"p90", rounded(l.p90 * 1000, 3)},
          {"p99", rounded(l.p99 * 1000, 3)},   {"max", rounded(l.max * 1000, 3)},
          {"mean", rounded(l.mean * 1000, 3)}, {"samples", l.samples}};
}

std::string decimal(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

std::string latency_text(const LatencySummary& l) {
  return "p50 " + decimal("%.1f", l.p50 * 1000) + " ms, p90 " + decimal("%.1f", l.p90 * 1000) +
         " ms, p99 " + decimal("%.1f", l.p99 * 1000) + " ms, max " + decimal("%.1f", l.max * 1000) +
         " ms";
}

std::string errors_text(const std::map<std::string, std::uint64_t>& errors,
                        const std::map<std::string, std::string>& examples,
                        const std::string& prefix) {
  if (errors.empty()) return "none\n";
  std::string out = "\n";
  for (const auto& [group, n] : errors) {
    out += "    " + std::to_string(n) + " " + group;
    auto example = examples.find(prefix + group);
    if (example != examples.end() && !example->second.empty()) {
      std::string detail = example->second;
      if (detail.size() > 300) detail = detail.substr(0, 297) + "...";
      out += " (e.g. " + detail + ")";
    }
    out += "\n";
  }
  return out;
}

}  // namespace

LatencySummary latency_summary(std::vector<double>& seconds) {
  LatencySummary l;
  l.samples = seconds.size();
  if (seconds.empty()) return l;
  std::sort(seconds.begin(), seconds.end());
  auto rank = [&](double p) {
    const auto n = static_cast<double>(seconds.size());
    const auto index = static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100 * n))) - 1;
    return seconds[std::min(index, seconds.size() - 1)];
  };
  l.p50 = rank(50);
  l.p90 = rank(90);
  l.p99 = rank(99);
  l.max = seconds.back();
  l.mean = std::accumulate(seconds.begin(), seconds.end(), 0.0) / static_cast<double>(l.samples);
  return l;
}

LoadSummary summarize(const LoadResult& result) {
  LoadSummary s;
  std::vector<double> done;
  std::vector<double> failed;
  for (const LoadSample& sample : result.samples) {
    if (sample.group.empty()) {
      done.push_back(sample.seconds);
    } else {
      failed.push_back(sample.seconds);
      ++s.errors[sample.group];
    }
  }
  s.done = done.size();
  s.failed = failed.size();
  s.latency = latency_summary(done);
  s.failed_latency = latency_summary(failed);
  s.elapsed_seconds = result.elapsed_seconds;
  if (result.elapsed_seconds > 0) {
    s.ops_per_second = static_cast<double>(s.done) / result.elapsed_seconds;
    s.attempts_per_second = static_cast<double>(s.done + s.failed) / result.elapsed_seconds;
  }
  return s;
}

std::string to_text(const LoadHeader& header, const LoadResult& result, const LoadSummary& s) {
  std::string out = "load: " + header.what + "\n";
  if (result.keygen_seconds > 0.0005) {
    out += "  keys pregenerated in " + decimal("%.2f", result.keygen_seconds) + " s\n";
  }
  if (result.setup_done + result.setup_failed > 0) {
    out += "  setup (untimed): " + std::to_string(result.setup_done) + " enrolments done, " +
           std::to_string(result.setup_failed) + " failed in " +
           decimal("%.2f", result.setup_seconds) + " s\n";
    if (result.setup_failed > 0) {
      out += "  setup errors: " + errors_text(result.setup_errors, result.examples, "setup: ");
      out += "  the timed operations were not run: each needs a certificate from the setup\n";
      return out;
    }
  }
  out += "  operations: " + std::to_string(s.done) + " done, " + std::to_string(s.failed) +
         " failed in " + decimal("%.2f", s.elapsed_seconds) +
         " s: " + decimal("%.1f", s.ops_per_second) + " operations/s" +
         (s.failed > 0 ? " (" + decimal("%.1f", s.attempts_per_second) + " attempts/s)" : "") +
         "\n";
  if (s.latency.samples > 0) out += "  latency (done): " + latency_text(s.latency) + "\n";
  if (s.failed_latency.samples > 0) {
    out += "  latency (failed): " + latency_text(s.failed_latency) + "\n";
  }
  if (result.max_lag_seconds > 0) {
    out +=
        "  largest start lag behind the rate: " + decimal("%.1f", result.max_lag_seconds * 1000) +
        " ms\n";
  }
  out += "  errors: " + errors_text(s.errors, result.examples, "");
  return out;
}

nlohmann::json to_json(const LoadHeader& header, const LoadResult& result, const LoadSummary& s) {
  nlohmann::json j = header.settings;
  j["done"] = s.done;
  j["failed"] = s.failed;
  j["elapsed_s"] = rounded(s.elapsed_seconds, 4);
  j["ops_per_s"] = rounded(s.ops_per_second, 2);
  j["attempts_per_s"] = rounded(s.attempts_per_second, 2);
  j["latency_ms"] = latency_json(s.latency);
  if (s.failed_latency.samples > 0) j["failed_latency_ms"] = latency_json(s.failed_latency);
  j["errors"] = nlohmann::json::object();
  for (const auto& [group, n] : s.errors) j["errors"][group] = n;
  j["error_examples"] = nlohmann::json::object();
  for (const auto& [group, detail] : result.examples) j["error_examples"][group] = detail;
  j["keygen_s"] = rounded(result.keygen_seconds, 4);
  nlohmann::json setup = {{"done", result.setup_done},
                          {"failed", result.setup_failed},
                          {"seconds", rounded(result.setup_seconds, 4)},
                          {"errors", nlohmann::json::object()}};
  for (const auto& [group, n] : result.setup_errors) setup["errors"][group] = n;
  j["setup"] = setup;
  if (result.max_lag_seconds > 0) j["max_start_lag_ms"] = rounded(result.max_lag_seconds * 1000, 3);
  return j;
}

}  // namespace ifa026::cli
