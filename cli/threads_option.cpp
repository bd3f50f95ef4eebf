// `--threads N`: parsing, help text and the summary line.
#include "cli/threads_option.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace ifa026::cli {

const char* const kThreadsOptionHelp =
    R"(  --threads N       run events of different actors on N worker threads ("all": one per
                    core); the trace is the one-thread trace, bit for bit. A scenario whose
                    least link latency is zero runs on one thread and says so
                    (docs/performance.md, "Parallel execution")
)";

unsigned threads_option(const Arguments& args) {
  const auto value = args.value(kThreadsOption);
  if (!value) return 1;
  if (*value == "all") {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
  }
  char* end = nullptr;
  errno = 0;
  const unsigned long n = std::strtoul(value->c_str(), &end, 10);
  if (value->empty() || *end != '\0' || errno != 0 || (*value)[0] == '-' || n == 0 || n > 1024)
    throw UsageError("--threads expects a number of threads from 1 to 1024 or \"all\", got '" +
                     *value + "'");
  return static_cast<unsigned>(n);
}

std::string describe_threads(const sim::ParallelStats& stats) {
  if (stats.threads <= 1) return {};
  char line[512];
  if (!stats.parallel) {
    std::snprintf(line, sizeof line, "threads %u asked, ran on one: %s\n", stats.threads,
                  stats.sequential_why.c_str());
    return line;
  }
  const double held = stats.turn_seconds + stats.ahead_seconds;
  std::snprintf(
      line, sizeof line,
      "threads %u: lookahead %s, %llu windows, %llu events started ahead of their turn, "
      "%llu in their turn only; serial fraction %.2f (%.1f s with the kernel held, "
      "%.1f s ahead)\n",
      stats.threads, sim::format_duration(stats.lookahead).c_str(),
      static_cast<unsigned long long>(stats.windows), static_cast<unsigned long long>(stats.ahead),
      static_cast<unsigned long long>(stats.at_cursor), held > 0 ? stats.turn_seconds / held : 1.0,
      stats.turn_seconds, stats.ahead_seconds);
  return line;
}

}  // namespace ifa026::cli
