// The NFVO's gate of NS lifecycle requests on Security Manager readiness (issue 16; Annex A
// R1.3.210; docs/security-monitoring.md "Monitoring runs, probes and SLA windows"): with the
// parameter `require_sm_before_lcm` (the SMs that must be bound first) the NFVO refuses an NS
// instantiation while one of them holds no Sc-Or binding (SmReadiness not_ready, the request
// refused with reason "security management not ready: ..."); the first request that finds them all
// bound is recorded SmReadiness ready. Fault switch (sm_faults) lcm_before_sm: the refusal is
// traced but the request goes ahead.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/sm_gateway.hpp"

namespace ifa026::actors::nfvo {

// The refusal reason's fixed part (the checks and scenarios look for it).
inline constexpr const char* kSecurityManagementNotReady = "security management not ready";

class SmReadiness {
 public:
  SmReadiness(ManoEntityHost& host, const nlohmann::json& params, const SmGateway& gateway);

  static std::vector<ParamRule> param_rules();

  // "" when the NS lifecycle request about `ns` may go ahead, else the refusal reason.
  std::string refusal(const std::string& ns);

 private:
  ManoEntityHost& host_;
  const SmGateway& gateway_;
  std::vector<std::string> required_;
  bool lcm_before_sm_ = false;
  bool ready_recorded_ = false;
};

}  // namespace ifa026::actors::nfvo
