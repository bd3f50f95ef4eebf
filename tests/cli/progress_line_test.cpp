// Tests for the run progress line's text (cli/progress_line.hpp): simulated time against the
// scenario's duration, enrolments, events and an estimate of the wall time left.
#include "cli/progress_line.hpp"

#include <gtest/gtest.h>

namespace ifa026::cli {
namespace {

TEST(RunProgressText, ShowsTheShareDoneEnrolmentsAndTheTimeLeft) {
  RunProgress p;
  p.now = sim::Time() + sim::Duration::days(73);
  p.duration = sim::Duration::days(365);
  p.events = 123456;
  p.events_per_second = 52000.4;
  p.enrolments = 2000;
  p.wall_seconds = 60;  // a fifth of the simulated year took a minute: four minutes to go
  EXPECT_EQ(run_progress_text(p),
            "simulated 73d / 365d (20.0 %), 2000 enrolments, 123456 events, 52000 events/s, "
            "about 4m left");
}

TEST(RunProgressText, LeavesOutWhatItCannotKnow) {
  RunProgress p;
  p.now = sim::Time() + sim::Duration::seconds(5);
  p.events = 10;
  p.events_per_second = 2;
  p.wall_seconds = 1;
  // No duration: no share and no estimate; no enrolment counter: none shown.
  EXPECT_EQ(run_progress_text(p), "simulated 5s, 10 events, 2 events/s");
  // Nothing simulated yet: no estimate.
  p.now = sim::Time();
  p.duration = sim::Duration::days(1);
  EXPECT_EQ(run_progress_text(p), "simulated 0s / 1d (0.0 %), 10 events, 2 events/s");
  // At the end: nothing left to estimate.
  p.now = sim::Time() + sim::Duration::days(1);
  EXPECT_EQ(run_progress_text(p), "simulated 1d / 1d (100.0 %), 10 events, 2 events/s");
}

}  // namespace
}  // namespace ifa026::cli
