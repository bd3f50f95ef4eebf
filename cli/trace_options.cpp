// The trace file options of `ifa026 run` and `ifa026 conform` (see trace_options.hpp).
#include "cli/trace_options.hpp"

namespace ifa026::cli {

const char* const kTraceOptionsHelp =
    R"(  --trace LEVEL     what the trace file holds: all (default), decisions (decision, crypto,
                    command, fault and log records: no messages, drops or timers) or none (no
                    file); the fingerprint, metrics and verdicts see every record whatever the level
  --compress-trace  write the trace compressed with zstd (.jsonl.zst); ifa026 report and graph,
                    and zstdcat, read it
)";

TraceOptions trace_options(const Arguments& args) {
  TraceOptions options;
  if (auto level = args.value(kTraceOption)) {
    auto parsed = sim::trace_level_from(*level);
    if (!parsed) throw UsageError("--trace expects all, decisions or none, got '" + *level + "'");
    options.level = *parsed;
  }
  options.compressed = args.flag(kCompressTraceOption);
  return options;
}

std::string trace_file_name(const std::string& stem, const TraceOptions& options) {
  return stem + (options.compressed ? ".jsonl.zst" : ".jsonl");
}

std::unique_ptr<sim::JsonlTraceWriter> open_trace_writer(const std::string& path, sim::Epoch epoch,
                                                         const TraceOptions& options) {
  if (options.level == sim::TraceLevel::none) return nullptr;
  std::function<bool(sim::RecordKind)> only;
  if (options.level != sim::TraceLevel::all)
    only = [level = options.level](sim::RecordKind kind) { return sim::keeps(level, kind); };
  return std::make_unique<sim::JsonlTraceWriter>(path, epoch, std::move(only));
}

}  // namespace ifa026::cli
