// Faults as data: windows of simulated time in which an actor or a link is down, or a link tampers
// with what crosses it (one byte of every payload flipped, the one in the middle), duplicates it
// (every message arrives twice) or an attacker on it records it and replays it `delay` later;
// crashes (an actor ends at one instant, as a VM or container that dies; its spawner is told), or
// restarts `restart_after` later with what it kept on disk (sim/durable_store.hpp);
// and an actor's clock skew (its wall clock, what its certificate checks read, is `offset` off the
// scenario's for the whole run). The kernel
// consults the plan when it sends and delivers and carries out the crashes; model code never
// applies faults itself.
#pragma once

#include <string>
#include <vector>

#include "sim/time.hpp"

namespace ifa026::sim {

struct FaultWindow {
  enum class Kind { actor_down, link_down, tamper, crash, duplicate, replay, clock_skew };
  Kind kind = Kind::actor_down;
  std::string actor;                   // actor_down, crash, clock_skew
  std::string endpoint_a, endpoint_b;  // link_down and tamper, both directions
  Time start;                          // crash: the instant it happens
  Time end;                            // exclusive; crash: equal to start
  Duration delay;                      // replay: how long after the original the copy arrives
  Duration offset;                     // clock_skew: the actor's clock minus the scenario's
  Duration restart_after;              // crash: zero, or when the actor is built anew
  bool disk_lost = false;              // crash with restart: the actor's disk is gone too
  bool covers(Time t) const { return start <= t && t < end; }
};

std::string describe(const FaultWindow& window);

class FaultPlan {
 public:
  void add(FaultWindow window) { windows_.push_back(std::move(window)); }
  const std::vector<FaultWindow>& windows() const { return windows_; }
  bool actor_down(const std::string& actor, Time t) const;
  bool link_down(const std::string& from, const std::string& to, Time t) const;
  bool tampers(const std::string& from, const std::string& to, Time t) const;
  bool duplicates(const std::string& from, const std::string& to, Time t) const;
  // The replay window covering a message sent now on from -> to, or nullptr.
  const FaultWindow* replays(const std::string& from, const std::string& to, Time t) const;
  // Whether a crash of `actor` is followed by a restart.
  bool restarts(const std::string& actor) const;
  // The clock skew of `actor` (zero without one).
  Duration clock_skew(const std::string& actor) const;

 private:
  std::vector<FaultWindow> windows_;
};

}  // namespace ifa026::sim
