// The `--threads N` option of `ifa026 run` and `ifa026 conform` (issue 21; docs/performance.md,
// "Parallel execution"): how many worker threads run a scenario's events (Simulation::set_threads),
// and the line that says what they did.
#pragma once

#include <string>

#include "cli/arguments.hpp"
#include "sim/simulation.hpp"

namespace ifa026::cli {

inline constexpr const char* kThreadsOption = "--threads";
extern const char* const kThreadsOptionHelp;

// 1 when absent; a positive integer, or "all" (the machine's cores). UsageError otherwise.
unsigned threads_option(const Arguments& args);
// One line for people: the threads, or why the run was sequential. Empty for one thread.
std::string describe_threads(const sim::ParallelStats& stats);

}  // namespace ifa026::cli
