// Queries over the fault windows of a scenario.
#include "sim/fault_plan.hpp"

namespace ifa026::sim {

std::string describe(const FaultWindow& w) {
  std::string what = w.kind == FaultWindow::Kind::actor_down
                         ? "actor " + w.actor + " down"
                         : "link " + w.endpoint_a + "<->" + w.endpoint_b + " down";
  return what + " [" + format_duration(w.start.since_epoch()) + ", " +
         format_duration(w.end.since_epoch()) + ")";
}

bool FaultPlan::actor_down(const std::string& actor, Time t) const {
  for (const auto& w : windows_)
    if (w.kind == FaultWindow::Kind::actor_down && w.actor == actor && w.covers(t)) return true;
  return false;
}

bool FaultPlan::link_down(const std::string& from, const std::string& to, Time t) const {
  for (const auto& w : windows_) {
    if (w.kind != FaultWindow::Kind::link_down || !w.covers(t)) continue;
    if ((w.endpoint_a == from && w.endpoint_b == to) ||
        (w.endpoint_a == to && w.endpoint_b == from))
      return true;
  }
  return false;
}

}  // namespace ifa026::sim
