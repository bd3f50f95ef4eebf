// Fault `rogue_instantiate` (issue 16, R1.3.110/R1.3.180; docs/security-monitoring.md "Detections
// and remedies"): the VNFM's workload command that instantiates a VNF no NFVO or OSS asked for —
// it allocates computes for the VNF's VNFCIs straight at a VIM on Vi-Vnfm, with no grant, and
// tells no one. What a monitoring SM must notice from the VIM's RESOURCE_ALLOCATE events.
#pragma once

#include <cstdint>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::vnfm {

class RogueInstantiation {
 public:
  explicit RogueInstantiation(ManoEntityHost& host) : host_(host) {}

  // The command's rule, for the VNFM kind's command table.
  static CommandRule command_rule();
  // Handles `rogue_instantiate` (true), anything else false.
  bool on_command(const sim::Command& command);

 private:
  ManoEntityHost& host_;
  std::uint64_t next_ = 1;
};

}  // namespace ifa026::actors::vnfm
