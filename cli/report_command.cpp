// `ifa026 report DIR [--out FILE]`: writes the HTML report of an existing conform output folder
// (reports/html_report.hpp; `ifa026 conform` writes the same file at the end of every run).
#include <cstdio>
#include <filesystem>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "reports/html_report.hpp"
#include "reports/report_shell.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kReportHelp = R"(Usage: ifa026 report DIR [--out FILE]

Writes DIR/report.html from the output folder of an earlier `ifa026 conform` (which writes it at
the end of every run too): one self-contained HTML file that opens from disk with no network
access — the requirement matrix with filters, each requirement's evaluations and evidence
records with decoded certificates, and per scenario the sequence chart, the topology, the trust
model and CA hierarchy pictures and the metrics plots (docs/reports.md).

It reads DIR/summary.json, DIR/results.jsonl and DIR/traces/NAME.jsonl, and when present
DIR/metrics/NAME.json and DIR/certificates/NAME.jsonl; the scenario files named in summary.json,
when still there, for descriptions, actor types and the trust model. Large runs are sampled (the
page says what): at most 2,000 messages per sequence chart, 5,000 enrolment latencies, 500 points
per queue series and 200 decoded certificates per scenario.

  --out FILE  write the report to FILE instead of DIR/report.html

Exit codes: 0 written, 2 DIR, its summary.json or its results.jsonl missing or malformed (the
path is named), 3 harness error.
)";
}  // namespace

int report_command(const Args& raw) {
  Arguments args(raw, {"--out"}, {"--help", "-h"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kReportHelp, stdout);
    return 0;
  }
  if (args.positional().size() != 1) throw UsageError("expected exactly one conform output folder");
  const std::string dir = args.positional()[0];
  if (!std::filesystem::is_directory(dir)) {
    std::fprintf(stderr, "ifa026 report: %s: no such folder\n", dir.c_str());
    return 2;
  }
  try {
    const reports::OutputFolder folder(dir);
    const std::string path = reports::write_html_report(folder, reports::report_shell_html(),
                                                        args.value("--out").value_or(""));
    std::printf("report: %s\n", path.c_str());
    return 0;
  } catch (const reports::ReportInputError& e) {
    std::fprintf(stderr, "ifa026 report: %s\n", e.what());
    return 2;
  }
}

}  // namespace ifa026::cli
