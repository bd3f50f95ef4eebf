// Queries over the fault windows of a scenario.
#include "sim/fault_plan.hpp"

namespace ifa026::sim {

std::string describe(const FaultWindow& w) {
  std::string what;
  switch (w.kind) {
    case FaultWindow::Kind::actor_down:
      what = "actor " + w.actor + " down";
      break;
    case FaultWindow::Kind::link_down:
      what = "link " + w.endpoint_a + "<->" + w.endpoint_b + " down";
      break;
    case FaultWindow::Kind::tamper:
      what = "link " + w.endpoint_a + "<->" + w.endpoint_b + " tampering";
      break;
    case FaultWindow::Kind::crash:
      return "actor " + w.actor + " crash at " + format_duration(w.start.since_epoch()) +
             (w.restart_after > Duration()
                  ? ", restart " + format_duration(w.restart_after) + " later" +
                        (w.disk_lost ? " with its disk lost" : "")
                  : std::string());
    case FaultWindow::Kind::duplicate:
      what = "link " + w.endpoint_a + "<->" + w.endpoint_b + " duplicating";
      break;
    case FaultWindow::Kind::replay:
      what = "link " + w.endpoint_a + "<->" + w.endpoint_b + " replayed " +
             format_duration(w.delay) + " later";
      break;
    case FaultWindow::Kind::clock_skew: {
      const bool behind = w.offset < Duration();
      return "actor " + w.actor + " clock " +
             format_duration(behind ? Duration() - w.offset : w.offset) +
             (behind ? " behind" : " ahead");
    }
  }
  return what + " [" + format_duration(w.start.since_epoch()) + ", " +
         format_duration(w.end.since_epoch()) + ")";
}

bool FaultPlan::actor_down(const std::string& actor, Time t) const {
  for (const auto& w : windows_)
    if (w.kind == FaultWindow::Kind::actor_down && w.actor == actor && w.covers(t)) return true;
  return false;
}

namespace {
const FaultWindow* link_window(const std::vector<FaultWindow>& windows, FaultWindow::Kind kind,
                               const std::string& from, const std::string& to, Time t) {
  for (const auto& w : windows) {
    if (w.kind != kind || !w.covers(t)) continue;
    if ((w.endpoint_a == from && w.endpoint_b == to) ||
        (w.endpoint_a == to && w.endpoint_b == from))
      return &w;
  }
  return nullptr;
}
}  // namespace

bool FaultPlan::link_down(const std::string& from, const std::string& to, Time t) const {
  return link_window(windows_, FaultWindow::Kind::link_down, from, to, t) != nullptr;
}

bool FaultPlan::tampers(const std::string& from, const std::string& to, Time t) const {
  return link_window(windows_, FaultWindow::Kind::tamper, from, to, t) != nullptr;
}

bool FaultPlan::duplicates(const std::string& from, const std::string& to, Time t) const {
  return link_window(windows_, FaultWindow::Kind::duplicate, from, to, t) != nullptr;
}

const FaultWindow* FaultPlan::replays(const std::string& from, const std::string& to,
                                      Time t) const {
  return link_window(windows_, FaultWindow::Kind::replay, from, to, t);
}

bool FaultPlan::restarts(const std::string& actor) const {
  for (const auto& w : windows_)
    if (w.kind == FaultWindow::Kind::crash && w.actor == actor && w.restart_after > Duration())
      return true;
  return false;
}

Duration FaultPlan::clock_skew(const std::string& actor) const {
  for (const auto& w : windows_)
    if (w.kind == FaultWindow::Kind::clock_skew && w.actor == actor) return w.offset;
  return Duration();
}

}  // namespace ifa026::sim
