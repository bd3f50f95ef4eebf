// One CSV table over many runs (`ifa026 merge`, docs/research-guide.md "Merge"): a row per run
// folder, the columns `run`, the sweep's parameters (from the run's params.json, in the sweep's
// order), `seed`, then every figure of the run's metrics.json flattened to one column each, sorted
// by name, so the same runs always give the same table. Runs lacking a column leave it empty.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace ifa026::reports {

// metrics.json flattened to (column, value) pairs: object members joined with '.'; an array of
// objects keyed by each element's "name" (reference points), else its "actor/queue", else its
// index; arrays of scalars or arrays (the queue series) and the text form of a duration that has
// a `_ns` sibling ("p50" beside "p50_ns") are left out; "seed" is left out (a column of its own).
// Values: numbers as JSON writes them, booleans true/false, strings as they are.
std::vector<std::pair<std::string, std::string>> flatten_metrics(const nlohmann::json& metrics);

class RunTable {
 public:
  // `params` is the run's params.json ({"parameters": {...}, "seed": N}) or null; without it the
  // seed is metrics.json's.
  void add(std::string run, const nlohmann::ordered_json& params, const nlohmann::json& metrics);
  std::size_t rows() const { return rows_.size(); }
  // The header line then one line per run, in the order added; fields quoted as in RFC 4180.
  std::string to_csv() const;

 private:
  struct Row {
    std::string run;
    std::vector<std::pair<std::string, std::string>> params, metrics;
    std::string seed;
  };
  std::vector<Row> rows_;
};

}  // namespace ifa026::reports
