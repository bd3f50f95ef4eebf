// The progress line of long runs: when a run has lasted more than a second and stderr is a
// terminal, shows the simulated time reached and the event rate (or a caller's text: `ifa026
// load`), rewritten in place. With no terminal (CI, pipes) it prints nothing. Reads the wall
// clock, which model code never does.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sim/simulation.hpp"

namespace ifa026::cli {

class ProgressLine {
 public:
  explicit ProgressLine(std::string label);
  ~ProgressLine();
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
};

}  // namespace ifa026::cli
