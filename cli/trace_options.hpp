// The trace file options of `ifa026 run` and `ifa026 conform` (issue 21; docs/trace-format.md,
// "Trace volume"): `--trace all|decisions|none` (trace_level.hpp) and `--compress-trace` (zstd).
#pragma once

#include <memory>
#include <string>

#include "cli/arguments.hpp"
#include "sim/trace.hpp"
#include "sim/trace_level.hpp"

namespace ifa026::cli {

struct TraceOptions {
  sim::TraceLevel level = sim::TraceLevel::all;
  bool compressed = false;
};

// The two options' names, for Arguments, and their help text.
inline constexpr const char* kTraceOption = "--trace";
inline constexpr const char* kCompressTraceOption = "--compress-trace";
extern const char* const kTraceOptionsHelp;

// Read from parsed arguments; UsageError on a level that is not one.
TraceOptions trace_options(const Arguments& args);
// `stem` + ".jsonl", or + ".jsonl.zst" when compressed.
std::string trace_file_name(const std::string& stem, const TraceOptions& options);
// The writer of the trace file `path` at the options' level; null at level none (no file).
std::unique_ptr<sim::JsonlTraceWriter> open_trace_writer(const std::string& path, sim::Epoch epoch,
                                                         const TraceOptions& options);

}  // namespace ifa026::cli
