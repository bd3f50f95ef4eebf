// `ifa026 fingerprints`: runs scenarios under every scheduler, checks that the trace fingerprints
// agree, prints them, and with --write stores them as the golden file tests/golden checks.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_files.hpp"
#include "cli/threads_option.hpp"
#include "reports/golden_fingerprints.hpp"
#include "sim/scheduler.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kFingerprintsHelp =
    R"(Usage: ifa026 fingerprints [--write FILE] [--scheduler KIND] [--threads N] [SCENARIO|DIR...]

Runs each scenario to its end under every scheduler (calendar, heap, map), checks that they give
the same trace fingerprint, event count and trace record count, and prints one line per scenario:
file, seed, fingerprint, events, trace records. Without SCENARIO or DIR it runs the conformance
suite's scenarios: everything under scenarios/ except scale/ and live-ca/ folders, as
`ifa026 conform` does. A scenario whose epoch is "now" (the wall clock) is skipped: its
fingerprint is not reproducible.
Files are named relative to the scenarios folder (scenarios/ or $IFA026_SCENARIOS).

  --write FILE      store the results in FILE, the golden file (tests/golden/fingerprints.json,
                    see docs/testing.md). When scenarios are named, the other entries of FILE
                    are kept; without them FILE is rewritten with the shipped set alone. Nothing
                    is written when a run fails or the schedulers disagree.
  --scheduler KIND  run under this scheduler only (calendar, heap or map)
  --threads N       also run each scenario on N threads (under the first scheduler) and check
                    that it agrees with the sequential runs (docs/performance.md)

Exit codes: 0 ok, 2 bad input, 3 a run failed or the schedulers disagree.
)";
}  // namespace

int fingerprints_command(const Args& raw) {
  Arguments args(raw, {"--write", "--scheduler", kThreadsOption}, {"--help", "-h"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kFingerprintsHelp, stdout);
    return 0;
  }
  std::vector<std::string> kinds(sim::scheduler_kinds().begin(), sim::scheduler_kinds().end());
  if (auto kind = args.value("--scheduler")) {
    if (!sim::make_scheduler(*kind))
      throw UsageError("--scheduler expects calendar, heap or map, got '" + *kind + "'");
    kinds = {*kind};
  }
  // With --threads N, each scenario also runs on N threads (under the first scheduler): the
  // parallel run must agree with the sequential ones.
  const unsigned threads = threads_option(args);
  std::vector<std::pair<std::string, unsigned>> runs_of;
  for (const auto& kind : kinds) runs_of.emplace_back(kind, 1u);
  if (threads > 1) runs_of.emplace_back(kinds.front(), threads);
  std::vector<std::string> labels;
  for (const auto& [kind, n] : runs_of)
    labels.push_back(n == 1 ? kind : kind + " on " + std::to_string(n) + " threads");
  const auto write = args.value("--write");
  const std::string root = scenarios_root();
  int empty_folders = 0;
  const auto files =
      args.positional().empty()
          ? sim::discover_scenario_files(root).files
          : expand_scenario_paths(args.positional(), sim::FolderExclusions::apply, empty_folders);
  if (files.empty()) {
    std::fprintf(stderr, "ifa026 fingerprints: no scenario files found\n");
    return 2;
  }
  const auto registry = actors::builtin_registry();
  auto set = load_scenario_set(files, registry);
  if (!set.invalid.empty() || empty_folders > 0) return 2;

  reports::GoldenFingerprints results;
  int faults = 0;
  for (const auto& scenario : set.scenarios) {
    const std::string key = reports::golden_key(scenario.file, root);
    if (scenario.wall_clock_epoch) {
      std::fprintf(stderr,
                   "%s: skipped: its epoch is the wall clock (\"now\"), so its fingerprint is "
                   "not reproducible\n",
                   key.c_str());
      continue;
    }
    std::vector<reports::RunFingerprint> runs;
    try {
      for (const auto& [kind, n] : runs_of)
        runs.push_back(reports::run_fingerprint(scenario, kind, registry, n));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: error: the run failed under scheduler %s: %s\n", key.c_str(),
                   labels[runs.size()].c_str(), e.what());
      ++faults;
      continue;
    }
    bool agree = true;
    for (std::size_t i = 1; i < runs.size(); ++i) agree = agree && runs[i] == runs[0];
    if (!agree) {
      std::string each;
      for (std::size_t i = 0; i < runs.size(); ++i)
        each += std::string(i == 0 ? "" : ", ") + labels[i] + " " + runs[i].fingerprint + " (" +
                std::to_string(runs[i].events) + " events, " +
                std::to_string(runs[i].trace_records) + " records)";
      std::fprintf(stderr, "%s: error: the schedulers disagree: %s\n", key.c_str(), each.c_str());
      ++faults;
      continue;
    }
    std::printf("%-48s seed %-6llu %s %8llu events %8llu records\n", key.c_str(),
                static_cast<unsigned long long>(scenario.seed), runs[0].fingerprint.c_str(),
                static_cast<unsigned long long>(runs[0].events),
                static_cast<unsigned long long>(runs[0].trace_records));
    results[key][scenario.seed] = runs[0];
  }
  std::string under;
  for (const auto& label : labels) under += (under.empty() ? "" : ", ") + label;
  std::printf("%zu scenarios under %s: %zu agree, %d failed\n", set.scenarios.size(), under.c_str(),
              results.size(), faults);
  if (faults > 0) return 3;
  if (write) {
    reports::GoldenFingerprints stored;
    // Named scenarios update their entries; the whole shipped set replaces the file.
    if (!args.positional().empty() && std::filesystem::exists(*write))
      stored = reports::read_golden_fingerprints(*write);
    for (auto& [key, seeds] : results) stored[key] = std::move(seeds);
    reports::write_golden_fingerprints(*write, stored);
    std::printf("wrote %s (%zu scenarios)\n", write->c_str(), stored.size());
  }
  return 0;
}

}  // namespace ifa026::cli
