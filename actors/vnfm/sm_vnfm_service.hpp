// The VNFM's Security Manager service on Sc-Vnfm (docs/security-manager.md, "The VNFM's service
// on Sc-Vnfm"): it hosts the SM gateway (actors/common/sm_gateway.hpp; bind, subscription, audit
// export) with reference point Sc-Vnfm and publishes what only the VNFM knows: a VNFCI of one of
// its VNFs crashed and will not be healed (its VNFD allows no auto-heal), reported as VNF_TERMINATE
// with termination_kind `crashed` (R2.1.170) to the SMs of the VNF's domain that may see it. A
// crash the VNFM heals needs no event of its own: the NFVO's VNF_MODIFY of the heal says why.
// Requests (terminations, policy, queries, VSFs) are the NFVO's on Sc-Or (D1 revised): here they
// are not served, so the gateway answers them with the interface's error.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/common/sm_gateway.hpp"
#include "actors/toolkit/actor_piece.hpp"

namespace ifa026::actors::vnfm {

class SmVnfmService final : public ActorPiece {
 public:
  SmVnfmService(ManoEntityHost& host, const nlohmann::json& params);

  // Sc-Vnfm requests from SMs: bind, subscription and audit export through the gateway.
  void serve(MessageHandlers<ChannelMessage>& handlers);
  static std::vector<ParamRule> param_rules();

  // A VNFCI of `vnf` crashed and will not be healed: VNF_TERMINATE, termination_kind crashed,
  // with the producer that detected it as the source.
  void crashed(const std::string& vnf, const std::string& vnfci, const std::string& detected_by,
               const std::string& reason, const std::string& trust_domain,
               const std::set<std::string>& hidden_from, const std::string& oss_app_id);

  const SmGateway& gateway() const { return gateway_; }

 private:
  SmGateway gateway_;
  bool skip_crash_event_ = false;  // fault "skip_crash_event": an unhealed crash is not reported
};

}  // namespace ifa026::actors::vnfm
