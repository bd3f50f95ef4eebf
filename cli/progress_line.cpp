// Terminal progress line for long runs (see progress_line.hpp).
#include "cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <utility>

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

std::string run_progress_text(const RunProgress& p) {
  std::string text = "simulated " + sim::format_duration(p.now.since_epoch());
  const bool known = p.duration > sim::Duration();
  char buffer[96];
  if (known) {
    std::snprintf(buffer, sizeof buffer, " / %s (%.1f %%)",
                  sim::format_duration(p.duration).c_str(),
                  100.0 * p.now.since_epoch().to_seconds() / p.duration.to_seconds());
    text += buffer;
  }
  if (p.enrolments) text += ", " + std::to_string(*p.enrolments) + " enrolments";
  std::snprintf(buffer, sizeof buffer, ", %llu events, %.0f events/s",
                static_cast<unsigned long long>(p.events), p.events_per_second);
  text += buffer;
  const double done = p.now.since_epoch().to_seconds();
  if (known && done > 0 && p.now.since_epoch() < p.duration) {
    const double left = p.wall_seconds * (p.duration.to_seconds() - done) / done;
    const auto whole = static_cast<std::int64_t>(left + 0.5);
    text += ", about " + sim::format_duration(sim::Duration::seconds(whole)) + " left";
  }
  return text;
}

void ProgressLine::set_run(sim::Duration duration, std::function<std::uint64_t()> enrolments) {
  duration_ = duration;
  enrolments_ = std::move(enrolments);
}

void ProgressLine::update(sim::Time now, std::uint64_t events) {
  if (!due()) return;
  const double window = std::chrono::duration<double>(Clock::now() - last_print_).count();
  RunProgress progress;
  progress.now = now;
  progress.duration = duration_;
  progress.events = events;
  progress.events_per_second = static_cast<double>(events - events_at_last_) / window;
  if (enrolments_) progress.enrolments = enrolments_();
  progress.wall_seconds = elapsed_seconds();
  draw(run_progress_text(progress));
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
