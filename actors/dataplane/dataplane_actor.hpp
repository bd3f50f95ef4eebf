// The data-plane probe stub, actor type `dataplane` (issue 16; docs/security-monitoring.md
// "Monitoring runs, probes and SLA windows"; Annex A R1.3.30, R1.3.50): user-plane echo traffic
// from a probe client through an inline (active) monitor to a server and back, with a passive
// monitor (a tap) getting copies. One type, four roles (param `role`):
//
// - client: command `probe` sends ProbeEchos to `next`; each ends in ProbeResult success (with its
//   round trip), timeout (no answer within `timeout`) or error (an error answer).
// - inline: in the path; inspects each probe (and each in-band MonitoringPoll of an SM) in its
//   inspection queue (`inspection` per item, one at a time) and forwards only what it inspected
//   (ProbeForwarded inspected). Down (command monitor_down) it fails safe: FailSafe deny, nothing
//   forwarded. Fault `fail_open`: down, it forwards uninspected (ProbeForwarded unfiltered).
// - passive: off the path; gets a ProbeCopy of each probe from the hops naming it in `mirror_to`
//   (ProbeTapped copied). Down it fails silently: ProbeTapped missed, nothing else. Fault
//   `fail_loud`: down, it answers each copy with an error ProbeEchoReply to the client.
// - server: answers each ProbeEcho back along its path.
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_dataplane_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
