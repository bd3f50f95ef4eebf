// The summary of an `ifa026 load` run (or of --floor): operations done and failed, operations a
// second, latency percentiles, failures counted by group (PKIFailureInfo names, "transport", ...)
// with an example of each; as lines for people or as one JSON object.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/load_run.hpp"

namespace ifa026::cli {

struct LatencySummary {
  std::uint64_t samples = 0;
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  double max = 0;
  double mean = 0;  // seconds, all of them
};

struct LoadSummary {
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  double elapsed_seconds = 0;
  double ops_per_second = 0;                    // done / elapsed
  double attempts_per_second = 0;               // (done + failed) / elapsed
  LatencySummary latency;                       // of the operations done
  LatencySummary failed_latency;                // of the failed ones
  std::map<std::string, std::uint64_t> errors;  // failure group -> operations
};

LoadSummary summarize(const LoadResult& result);

// Nearest-rank percentiles of `seconds` (sorted in place).
LatencySummary latency_summary(std::vector<double>& seconds);

// What was run, for the report's first line and the JSON's settings.
struct LoadHeader {
  std::string what;         // "ir against http://127.0.0.1:8080/pkix/", "floor"
  nlohmann::json settings;  // merged into the JSON object
};

std::string to_text(const LoadHeader& header, const LoadResult& result, const LoadSummary& s);
nlohmann::json to_json(const LoadHeader& header, const LoadResult& result, const LoadSummary& s);

}  // namespace ifa026::cli
