// Terminal progress line for long runs (see progress_line.hpp).
#include "cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>

namespace ifa026::cli {

ProgressLine::ProgressLine(std::string label)
    : label_(std::move(label)),
      enabled_(::isatty(STDERR_FILENO) == 1),
      start_(Clock::now()),
      last_print_(start_) {}

ProgressLine::~ProgressLine() {
  finish();
}

double ProgressLine::elapsed_seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void ProgressLine::update(sim::Time now, std::uint64_t events) {
  if (!enabled_) return;
  const auto t = Clock::now();
  if (t - start_ < std::chrono::seconds(1) || t - last_print_ < std::chrono::milliseconds(250))
    return;
  const double window = std::chrono::duration<double>(t - last_print_).count();
  const double rate = static_cast<double>(events - events_at_last_) / window;
  std::fprintf(stderr, "\r\033[K%s: simulated %s, %llu events, %.0f events/s", label_.c_str(),
               sim::format_duration(now.since_epoch()).c_str(),
               static_cast<unsigned long long>(events), rate);
  std::fflush(stderr);
  shown_ = true;
  last_print_ = t;
  events_at_last_ = events;
}

void ProgressLine::finish() {
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }
}

}  // namespace ifa026::cli
