// Writers for the outputs of `ifa026 conform`: results.jsonl (one line per check evaluation),
// summary.json (one entry per catalogue ID, with counts), junit.xml (one testcase per catalogue
// ID) and summary.md (counts per verdict and per annex, for people).
#pragma once

#include <string>

#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"

namespace ifa026::reports {

// Facts about the run shown in the outputs' headers.
struct RunInfo {
  std::string tool_version;  // e.g. "0.1.0 (abc123)"
  std::string started_utc;   // wall-clock start of the conform run, for people only
  // The run's working directory (absolute): the scenario files' relative paths are relative to
  // it, so `ifa026 report DIR` finds them from anywhere. "" leaves it out of summary.json.
  std::string working_directory = {};
};

// Each throws std::runtime_error naming the path when it cannot be written.
void write_results_jsonl(const std::string& path, const conformance::ConformanceReport& report);
void write_summary_json(const std::string& path, const conformance::ConformanceReport& report,
                        const conformance::Catalogue& catalogue, const RunInfo& info);
void write_junit_xml(const std::string& path, const conformance::ConformanceReport& report,
                     const conformance::Catalogue& catalogue);
void write_summary_markdown(const std::string& path, const conformance::ConformanceReport& report,
                            const conformance::Catalogue& catalogue, const RunInfo& info);

}  // namespace ifa026::reports
