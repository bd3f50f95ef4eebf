// The progress line of long runs: when a run has lasted more than a second and stderr is a
// terminal, shows the simulated time reached against the scenario's duration, the enrolments
// done, the event rate and an estimate of the wall time left (or a caller's text: `ifa026 load`),
// rewritten in place. With no terminal (CI, pipes) it prints nothing. Reads the wall clock, which
// model code never does.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sim/simulation.hpp"

namespace ifa026::cli {

// What a run's progress line shows, from these figures (run_progress_text).
struct RunProgress {
  sim::Time now;                            // simulated time reached
  sim::Duration duration;                   // the scenario's; zero: unknown
  std::uint64_t events = 0;                 // events executed so far
  double events_per_second = 0;             // over the last redraw interval
  std::optional<std::uint64_t> enrolments;  // certificates installed by enrolment so far
  double wall_seconds = 0;                  // since the run started
};
// "simulated 30d / 365d (8.2 %), 1234 enrolments, 52000 events/s, about 4m12s left". The time
// left assumes the rest of the simulated time costs what the part done did (wall per simulated
// second); it is left out until some simulated time has passed.
std::string run_progress_text(const RunProgress& progress);

class ProgressLine {
 public:
  explicit ProgressLine(std::string label);
  ~ProgressLine();
  // The scenario's duration and a count of the enrolments done (e.g. from reports::RunMetrics),
  // shown by update() from then on.
  void set_run(sim::Duration duration, std::function<std::uint64_t()> enrolments);
  // Suitable as a sim::ProgressCallback.
  void update(sim::Time now, std::uint64_t events);
  // Shows "LABEL: TEXT", under the same rules; `text` is called only when the line is redrawn.
  template <typename Text>
  void show(Text&& text) {
    if (due()) draw(text());
  }
  // Clears the line if one was shown.
  void finish();
  double elapsed_seconds() const;

 private:
  using Clock = std::chrono::steady_clock;
  bool due() const;
  void draw(const std::string& text);
  std::string label_;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_;
  Clock::time_point last_print_;
  std::uint64_t events_at_last_ = 0;
  sim::Duration duration_;
  std::function<std::uint64_t()> enrolments_;
};

}  // namespace ifa026::cli
