// The report model (docs/reports.md "The report model"): the JSON the HTML report's page reads,
// built from a conform output folder — summary.json, results.jsonl, traces/NAME.jsonl and, when
// present, metrics/NAME.json and certificates/NAME.jsonl (report_inputs.hpp). Traces are streamed
// line by line and only what the model shows is kept: the cited records and their context, a
// sample of the messages, per-link counts. What is sampled is said in the model's notes.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace ifa026::reports {

// An input file of the folder missing or malformed: `path()` names it.
class ReportInputError : public std::runtime_error {
 public:
  ReportInputError(std::string path, const std::string& what)
      : std::runtime_error(path + ": " + what), path_(std::move(path)) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The bounds that keep the model small enough for a browser (the 10k-VNFCI run included).
struct ReportLimits {
  std::size_t sequence_head = 1000;  // first messages kept per scenario
  std::size_t sequence_tail = 1000;  // last messages kept per scenario
  std::size_t latencies = 5000;      // enrolment latencies per scenario
  std::size_t queue_points = 500;    // points per queue series, and of the renewals series
  std::size_t certificates = 200;    // decoded objects per scenario
  int evidence_context = 3;          // records kept before and after each cited record
  std::size_t evidence_per_evaluation = 1000;  // cited records kept per evaluation (first by id)
};

// One scenario's pictures as Graphviz DOT (scenario_graphs.hpp), built from the folder as the
// report builds them: the topology with the message counts of its trace, and the CA hierarchy
// of its certificates file (empty when the run recorded no certificate). `ifa026 graph
// topology|ca` writes them. Throws ReportInputError when summary.json is missing or malformed or
// has no scenario of that name.
struct ScenarioPicturesDot {
  std::string topology;
  std::string ca_hierarchy;
};
ScenarioPicturesDot scenario_pictures_dot(const std::string& folder, const std::string& scenario,
                                          const ReportLimits& limits = {});

// Throws ReportInputError when summary.json or results.jsonl is missing or malformed; a missing
// trace, metrics or certificates file only leaves its parts out, with a note.
nlohmann::ordered_json build_report_model(const std::string& folder,
                                          const ReportLimits& limits = {});

}  // namespace ifa026::reports
