// `ifa026 conform`: runs the conformance suite (the shipped scenarios or those given), evaluates
// every check, and writes results.jsonl, summary.json, junit.xml, summary.md and one trace per
// scenario into the output folder.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>

#include "actors/builtin_actors.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_files.hpp"
#include "cli/threads_option.hpp"
#include "cli/trace_options.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/ics.hpp"
#include "reports/conformance_outputs.hpp"
#include "reports/html_report.hpp"
#include "reports/output_folder.hpp"
#include "reports/report_inputs.hpp"
#include "reports/report_shell.hpp"
#include "reports/run_manifest.hpp"
#include "reports/run_metrics.hpp"
#include "reports/text_file.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kConformHelp =
    R"(Usage: ifa026 conform [--out DIR] [--ics FILE] [--threads N] [--trace LEVEL]
                      [--compress-trace] [SCENARIO|DIR...]

Runs the conformance suite: every scenario shipped under scenarios/ unless files or folders are
given, evaluates the checks of each requirement a scenario covers, and merges them into one
verdict per catalogue ID (TTCN-3 order none < pass < inconc < fail < error, plus not-applicable
and not-testable). A requirement without a check or a covering scenario stays none.

A folder (the shipped scenarios/ or one given) holds every *.json file below it except
schema.json, variants and their bases alike (docs/scenario-format.md), apart from the folders the
discovery rule leaves out, each noted on stderr with its reason: folders named scale/
(scenarios/scale/, runs of minutes to hours, see docs/performance.md) and live-ca/ (scenarios
whose CA is a real CMP server, docs/live-ca.md). Name a scale file (or the scale folder itself)
to include it, or run it alone with `ifa026 run scenarios/scale/direct-10k.json`.

--external ACTOR=COMMAND  (repeatable) the actor named ACTOR, or every actor of type T with
            type:T=COMMAND, is played by a separate process speaking the adapter protocol
            (docs/adapter-protocol.md): a real implementation under test, or one of ours,
            e.g. --external type:cmf="ifa026 actor serve cmf". Words split at spaces; a first
            word ifa026 is this program. A process that dies, hangs or speaks malformed
            protocol gives the verdict error for what the scenario covers.
--external-timeout D  wall-clock time such a process may take per request (default 10s)
--ics FILE  the implementation conformance statement: {"options": {"hsm": true, ...}}.
            Requirements needing an option it does not declare are not evaluated and are
            reported not-applicable, naming the option. conformance/ics/default.json declares
            what the built-in suite covers. Without --ics every requirement is applicable.
@THREADS_OPTION@@TRACE_OPTIONS@
Scenario names must be unique among the scenarios of one run (each names its trace file), and a
folder given that holds no scenario file is an error; both exit 2 before anything runs.

Writes into DIR (default: out), never outside it:
  results.jsonl   one line per check evaluation (id, scenario, verdict, reason, evidence)
  summary.json    one entry per catalogue ID, and counts
  junit.xml       one testcase per catalogue ID, for CI
  summary.md      counts per verdict and per annex, for people
  report.html     the HTML report for people: requirement matrix, evidence, sequence charts,
                  pictures and plots, one file that opens offline (docs/reports.md; `ifa026
                  report DIR` writes it again from the folder)
  traces/NAME.jsonl  the trace of each scenario run (.jsonl.zst with --compress-trace; none
                     with --trace none, the report then shows no sequence charts nor records)
  metrics/NAME.json  the run metrics of each scenario (docs/metrics.md), with the raw series the
                     report plots
  certificates/NAME.jsonl  each CA's own certificates and every certificate it issued and CRL it
                     published in the scenario (DER, base64), decoded by the report

Exit codes: 0 nothing failed, 1 some fail or inconc, 2 bad input, 3 harness error.
)";

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
}  // namespace

int conform_command(const Args& raw) {
  Arguments args(
      raw, {"--out", "--ics", "--external", "--external-timeout", kTraceOption, kThreadsOption},
      {"--help", "-h", kCompressTraceOption});
  if (args.flag("--help") || args.flag("-h")) {
    std::string help = kConformHelp;
    help.replace(help.find("@TRACE_OPTIONS@"), 15, kTraceOptionsHelp);
    help.replace(help.find("@THREADS_OPTION@"), 16, kThreadsOptionHelp);
    std::fputs(help.c_str(), stdout);
    return 0;
  }
  const unsigned threads = threads_option(args);
  const std::string out = args.value("--out").value_or("out");
  const TraceOptions trace = trace_options(args);
  const auto& catalogue = conformance::Catalogue::builtin();
  std::optional<conformance::Ics> ics;
  if (auto path = args.value("--ics")) {
    auto load = conformance::load_ics_file(*path);
    for (const auto& d : load.errors)
      std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
    if (!load.ics) return 2;
    ics = std::move(load.ics);
  }
  const auto registry = actors::builtin_registry();
  // The discovery rule's excluded folders (scale/) stay out of the suite unless named (see the
  // help text).
  int empty_folders = 0;
  const auto files = expand_scenario_paths(
      args.positional().empty() ? std::vector{scenarios_root()} : args.positional(),
      sim::FolderExclusions::apply, empty_folders);
  if (files.empty()) {
    std::fprintf(stderr, "ifa026 conform: no scenario files found\n");
    return 2;
  }
  // The catalogue's rules ("covers" names catalogue IDs, "expect" is well formed) and unique
  // scenario names across the run.
  auto set = load_scenario_set(files, registry);
  if (!set.invalid.empty() || empty_folders > 0) return 2;
  std::vector<sim::Scenario> scenarios = std::move(set.scenarios);
  apply_external_options(args.values("--external"), args.value("--external-timeout").value_or(""),
                         scenarios);
  if (ics) conformance::select_covers(*ics, catalogue, scenarios);

  // Every file goes through the output folder, which refuses names that would leave it.
  const reports::OutputFolder folder(out);
  conformance::CheckRegistry checks;
  conformance::register_builtin_checks(checks);
  conformance::Engine engine(catalogue, checks, registry);
  std::vector<std::unique_ptr<sim::JsonlTraceWriter>> writers;
  // The current scenario's metrics (replaced when the next simulation is built, after the
  // previous one is gone).
  std::unique_ptr<reports::RunMetrics> metrics;
  engine.on_simulation_built = [&](sim::Simulation& simulation) {
    simulation.set_threads(threads);
    // Names are unique in the run (load_scenario_set) and safe as file names (the schema).
    const std::string& name = simulation.scenario().name;
    if (auto writer = open_trace_writer(folder.path(trace_file_name("traces/" + name, trace)),
                                        simulation.epoch(), trace)) {
      writers.push_back(std::move(writer));
      simulation.trace().subscribe(*writers.back());
    }
    metrics = std::make_unique<reports::RunMetrics>();
    metrics->set_security_managers(reports::sm_security_managers(simulation.scenario()));
    simulation.trace().subscribe(*metrics);
  };
  // The report's inputs per scenario (reports/report_inputs.hpp).
  engine.on_simulation_finished = [&](sim::Simulation& simulation) {
    const std::string& name = simulation.scenario().name;
    const auto manifest = reports::make_manifest(simulation, version_string(), 0);
    reports::write_text_file(folder.path("metrics/" + name + ".json"),
                             reports::report_metrics_json(*metrics, manifest).dump(1) + "\n");
    reports::write_ca_artifacts(folder.path("certificates/" + name + ".jsonl"), simulation);
  };
  const reports::RunInfo info{version_string(), utc_now(),
                              std::filesystem::current_path().string()};
  const auto started = std::chrono::steady_clock::now();
  auto report = engine.run(scenarios);
  if (ics) conformance::apply_ics(*ics, catalogue, report);
  writers.clear();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  reports::write_results_jsonl(folder.path("results.jsonl"), report);
  reports::write_summary_json(folder.path("summary.json"), report, catalogue, info);
  reports::write_junit_xml(folder.path("junit.xml"), report, catalogue);
  reports::write_summary_markdown(folder.path("summary.md"), report, catalogue, info);
  const std::string html = reports::write_html_report(folder, reports::report_shell_html());

  const auto counts = report.counts();
  auto count = [&counts](conformance::Verdict v) {
    auto it = counts.find(v);
    return it == counts.end() ? std::size_t{0} : it->second;
  };
  using conformance::Verdict;
  std::printf("ifa026 conform: %zu scenarios, %zu checks evaluated, %.1f s\n",
              report.scenarios.size(), report.evaluations.size(), seconds);
  for (const auto& s : report.scenarios)
    if (!s.error.empty())
      std::printf("  scenario %s: harness error: %s\n", s.name.c_str(), s.error.c_str());
  std::printf(
      "%zu catalogue IDs: %zu pass, %zu fail, %zu inconc, %zu error, %zu none (uncovered), "
      "%zu not-testable, %zu not-applicable\n",
      report.requirements.size(), count(Verdict::pass), count(Verdict::fail),
      count(Verdict::inconc), count(Verdict::error), count(Verdict::none),
      count(Verdict::not_testable), count(Verdict::not_applicable));
  std::printf("reports: %s/summary.md %s/junit.xml %s/summary.json %s/results.jsonl %s\n",
              out.c_str(), out.c_str(), out.c_str(), out.c_str(), html.c_str());
  return report.exit_code();
}

}  // namespace ifa026::cli
