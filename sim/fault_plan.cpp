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
      return "actor " + w.actor + " crash at " + format_duration(w.start.since_epoch());
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
bool link_window(const std::vector<FaultWindow>& windows, FaultWindow::Kind kind,
                 const std::string& from, const std::string& to, Time t) {
  for (const auto& w : windows) {
    if (w.kind != kind || !w.covers(t)) continue;
    if ((w.endpoint_a == from && w.endpoint_b == to) ||
        (w.endpoint_a == to && w.endpoint_b == from))
      return true;
  }
  return false;
}
}  // namespace

bool FaultPlan::link_down(const std::string& from, const std::string& to, Time t) const {
  return link_window(windows_, FaultWindow::Kind::link_down, from, to, t);
}

bool FaultPlan::tampers(const std::string& from, const std::string& to, Time t) const {
  return link_window(windows_, FaultWindow::Kind::tamper, from, to, t);
}

}  // namespace ifa026::sim
