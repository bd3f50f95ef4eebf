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

bool ProgressLine::due() const {
  if (!enabled_) return false;
  const auto t = Clock::now();
  return t - start_ >= std::chrono::seconds(1) && t - last_print_ >= std::chrono::milliseconds(250);
}

void ProgressLine::draw(const std::string& text) {
  std::fprintf(stderr, "\r\033[K%s: %s", label_.c_str(), text.c_str());
  std::fflush(stderr);
  shown_ = true;
  last_print_ = Clock::now();
}

void ProgressLine::update(sim::Time now, std::uint64_t events) {
  if (!due()) return;
  const double window = std::chrono::duration<double>(Clock::now() - last_print_).count();
  const double rate = static_cast<double>(events - events_at_last_) / window;
  char text[160];
  std::snprintf(text, sizeof text, "simulated %s, %llu events, %.0f events/s",
                sim::format_duration(now.since_epoch()).c_str(),
                static_cast<unsigned long long>(events), rate);
  draw(text);
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
