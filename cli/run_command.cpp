// `ifa026 run FILE`: runs one scenario, writing trace.jsonl, manifest.json and the run metrics
// (metrics.json, metrics.csv).
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "actors/builtin_actors.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/progress_line.hpp"
#include "cli/scenario_files.hpp"
#include "cli/threads_option.hpp"
#include "cli/trace_options.hpp"
#include "reports/audit_files.hpp"
#include "reports/output_folder.hpp"
#include "reports/run_manifest.hpp"
#include "reports/run_metrics.hpp"
#include "sim/simulation.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kRunHelp =
    R"(Usage: ifa026 run FILE [--seed N] [--until DURATION] [--out DIR] [--threads N]
                      [--trace LEVEL] [--compress-trace] [--external ACTOR=COMMAND]...

Runs one scenario and writes DIR/trace.jsonl (one trace record per line; DIR/trace.jsonl.zst
with --compress-trace, none with --trace none), DIR/manifest.json
(tool version, scenario hash, seed, events processed, simulated end time, trace fingerprint,
wall-clock seconds and peak memory) and
the run metrics DIR/metrics.json and DIR/metrics.csv (messages, bytes and drops per reference
point, enrolment latency percentiles in simulated time, enrolments, renewals, revocations,
issuances, rejections, work-queue lengths over time; for a scenario with VNFCIs the Annex D
comparison of certificate modes, also printed; see docs/metrics.md).

  --seed N          override the scenario's seed
  --until DURATION  stop at this simulated time instead of the scenario's duration
                    ("90d", "1h30m", "250ms" or ISO-8601 "PT1H")
  --out DIR         output folder (default: out/run/<scenario name>)
@THREADS_OPTION@@TRACE_OPTIONS@  --external ACTOR=COMMAND  (repeatable) a separate process plays the actor named ACTOR (or every
                    actor of type T: type:T=COMMAND) over the adapter protocol
                    (docs/adapter-protocol.md; see ifa026 conform --help)
  --external-timeout D  wall-clock time such a process may take per request (default 10s)

Exit codes: 0 ran, 2 bad input, 3 harness error.
)";
}  // namespace

int run_command(const Args& raw) {
  Arguments args(raw,
                 {"--seed", "--until", "--out", "--external", "--external-timeout", kTraceOption,
                  kThreadsOption},
                 {"--help", "-h", kCompressTraceOption});
  if (args.flag("--help") || args.flag("-h")) {
    std::string help = kRunHelp;
    help.replace(help.find("@TRACE_OPTIONS@"), 15, kTraceOptionsHelp);
    help.replace(help.find("@THREADS_OPTION@"), 16, kThreadsOptionHelp);
    std::fputs(help.c_str(), stdout);
    return 0;
  }
  const unsigned threads = threads_option(args);
  const TraceOptions trace = trace_options(args);
  if (args.positional().size() != 1) throw UsageError("expected exactly one scenario file");
  const auto registry = actors::builtin_registry();
  auto scenario = load_and_report(args.positional()[0], registry);
  if (!scenario) return 2;
  if (auto seed = args.value("--seed")) {
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(seed->c_str(), &end, 10);
    if (seed->empty() || *end != '\0' || errno != 0 || (*seed)[0] == '-')
      throw UsageError("--seed expects a non-negative integer, got '" + *seed + "'");
    scenario->seed = v;
  }
  if (auto until = args.value("--until")) {
    auto d = sim::parse_duration(*until);
    if (!d || d->ns() < 0)
      throw UsageError("--until expects a duration such as 90d, 1h30m, 250ms or PT1H, got '" +
                       *until + "'");
    scenario->duration = *d;
  }
  {
    std::vector<sim::Scenario> one{std::move(*scenario)};
    apply_external_options(args.values("--external"), args.value("--external-timeout").value_or(""),
                           one);
    scenario = std::move(one.front());
  }
  // Every file goes through the output folder, which refuses names that would leave it.
  // (The default out/run/NAME is made only when --out is not given.)
  const auto out_option = args.value("--out");
  const reports::OutputFolder folder(
      out_option ? *out_option : reports::OutputFolder("out/run").path(scenario->name));
  const std::string& out = folder.root();

  sim::Simulation simulation(*scenario, registry);
  simulation.set_threads(threads);
  const std::string trace_file = trace_file_name("trace", trace);
  const auto writer = open_trace_writer(folder.path(trace_file), simulation.epoch(), trace);
  if (writer) simulation.trace().subscribe(*writer);
  reports::RunMetrics metrics;
  metrics.set_security_managers(reports::sm_security_managers(*scenario));
  simulation.trace().subscribe(metrics);
  ProgressLine progress(scenario->name);
  progress.set_run(scenario->duration, [&metrics] { return metrics.counts().enrolments; });
  simulation.run(
      [&progress](sim::Time now, std::uint64_t events) { progress.update(now, events); });
  progress.finish();
  if (writer) writer->flush();
  auto manifest = reports::make_manifest(simulation, version_string(), progress.elapsed_seconds());
  reports::write_run_manifest(folder.path("manifest.json"), manifest);
  reports::write_run_metrics(folder.path("metrics.json"), folder.path("metrics.csv"), metrics,
                             manifest);
  std::printf("%s: %llu events, %llu trace records, simulated %s (until %s), fingerprint %s\n",
              scenario->name.c_str(), static_cast<unsigned long long>(manifest.events),
              static_cast<unsigned long long>(manifest.trace_records),
              sim::format_duration(manifest.end.since_epoch()).c_str(), manifest.end_utc.c_str(),
              manifest.fingerprint.c_str());
  if (writer)
    std::printf("wrote %s/%s (trace %s), ", out.c_str(), trace_file.c_str(),
                std::string(sim::to_string(trace.level)).c_str());
  else
    std::printf("wrote no trace file (--trace none), ");
  std::printf("%s/manifest.json, %s/metrics.json and %s/metrics.csv\n", out.c_str(), out.c_str(),
              out.c_str());
  if (metrics.mode_comparison().any())  // Annex D measured (issue 17)
    std::fputs(metrics.mode_comparison().table().c_str(), stdout);
  if (const std::size_t audit = reports::write_audit_files(folder, *scenario, simulation))
    std::printf("wrote %zu audit log file(s) and their keys under %s/audit/\n", audit, out.c_str());
  std::fputs(describe_threads(manifest.parallel).c_str(), stdout);
  std::printf("wall %.2f s, peak memory %.1f MiB\n", manifest.wall_seconds,
              static_cast<double>(manifest.peak_rss_bytes) / (1024.0 * 1024.0));
  return 0;
}

}  // namespace ifa026::cli
