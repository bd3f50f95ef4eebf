// `ifa026 merge DIR... [--out FILE]`: the metrics.json of many run folders (a sweep's, or any
// `ifa026 run` outputs) as one CSV table, a row per run with its sweep parameters and seed
// (reports/run_table.hpp).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "reports/run_table.hpp"
#include "reports/text_file.hpp"
#include "sim/json_document.hpp"

namespace ifa026::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kMergeHelp = R"(Usage: ifa026 merge DIR... [--out FILE]

Collects the metrics.json of run folders into one CSV table (docs/research-guide.md, "Merge"): a
DIR holding metrics.json is one run; any other DIR stands for every folder below it that holds
one (a sweep's output folder gives all its runs). One row per run, sorted by folder; the columns
are `run` (the folder), the sweep's parameters from the run's params.json in the sweep's order,
`seed`, then every figure of metrics.json flattened to one column (names joined with '.', e.g.
reference_points.Sm-Nfvo.messages), sorted by name. A figure a run lacks is an empty cell.

  --out FILE  write the table to FILE instead of stdout

Exit codes: 0 merged, 2 bad input (a DIR missing or holding no metrics.json, a file not JSON).
)";

std::vector<fs::path> run_folders(const fs::path& dir) {
  std::vector<fs::path> out;
  if (fs::is_regular_file(dir / "metrics.json")) return {dir};
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it)
    if (it->is_regular_file() && it->path().filename() == "metrics.json")
      out.push_back(it->path().parent_path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int merge_command(const Args& raw) {
  Arguments args(raw, {"--out"}, {"--help", "-h"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kMergeHelp, stdout);
    return 0;
  }
  if (args.positional().empty()) throw UsageError("expected at least one run folder");
  std::vector<fs::path> folders;
  int bad = 0;
  for (const auto& given : args.positional()) {
    if (!fs::is_directory(given)) {
      std::fprintf(stderr, "%s: error: not a folder\n", given.c_str());
      ++bad;
      continue;
    }
    const auto found = run_folders(given);
    if (found.empty()) {
      std::fprintf(stderr, "%s: error: holds no metrics.json (no run of `ifa026 run`)\n",
                   given.c_str());
      ++bad;
    }
    folders.insert(folders.end(), found.begin(), found.end());
  }
  reports::RunTable table;
  for (const auto& folder : folders) {
    auto metrics = sim::JsonDocument::load((folder / "metrics.json").string());
    if (!metrics.ok()) {
      for (const auto& d : metrics.syntax_errors())
        std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
      ++bad;
      continue;
    }
    nlohmann::ordered_json params;
    if (const fs::path p = folder / "params.json"; fs::is_regular_file(p)) {
      auto doc = sim::JsonDocument::load(p.string());
      if (!doc.ok()) {
        for (const auto& d : doc.syntax_errors())
          std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
        ++bad;
        continue;
      }
      std::ifstream in(p);
      params = nlohmann::ordered_json::parse(in);  // again, keeping the sweep's order
    }
    table.add(folder.lexically_normal().string(), params, metrics.root());
  }
  if (bad > 0) return 2;
  const std::string csv = table.to_csv();
  if (auto out = args.value("--out")) {
    reports::write_text_file(*out, csv);
    std::fprintf(stderr, "wrote %zu runs to %s\n", table.rows(), out->c_str());
  } else {
    std::fputs(csv.c_str(), stdout);
  }
  return 0;
}

}  // namespace ifa026::cli
