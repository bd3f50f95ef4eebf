// The NFVO's NS descriptors and the sNSDs Security Managers make of them (docs/security-
// monitoring.md "The sNSD and VSFs over the NS lifecycle"; Annex A R1.2.50, R1.2.70, R1.2.80): the
// NSD catalogue (param `nsds`), the SM's descriptor query answered with the NSD and its digest
// (SmDescriptorServed), an sNSD accepted only from a Semi- or Fully-Active SM of the NSD's trust
// domain (SnsdOnboarded ok / refused, through the SM gateway's authorization), and what an NS
// instantiation of that NSD then deploys: the sNSD's VSFs on the links to the VNFs they protect
// (SnsdDeployment). Bindings, authorization and replies are the SM gateway's (sm_gateway.hpp).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/sm_gateway.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/messages/snsd.hpp"
#include "actors/nfvo/ns_lifecycle.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/message_handlers.hpp"

namespace ifa026::actors::nfvo {

class SnsdCatalogue : public ActorPiece {
 public:
  SnsdCatalogue(ManoEntityHost& host, const nlohmann::json& params, SmGateway& gateway);

  static std::vector<ParamRule> param_rules();
  static void check_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

  void serve(MessageHandlers<ChannelMessage>& handlers);

  // What an NS instantiation naming an NSD with an onboarded sNSD adds (none: deployed as asked):
  // one VSF VNF "<ns>-<vsf>-<protected VNF>" per protected VNF (the request's VNF of that
  // profile's VNFD), in the protected VNF's domain, and the protected VNFs held until the VSFs are
  // in place. SnsdDeployment started when used.
  std::optional<NsLifecycle::SecurityPlan> plan(const messages::InstantiateNsRequest& request);

 private:
  struct Onboarded {
    std::string snsd_id;
    std::string sm;
    nlohmann::json snsd;
  };
  void on_descriptor(const ChannelMessage& m, const messages::SmDescriptorQuery& q);
  void on_onboard(const ChannelMessage& m, const messages::SmSnsdOnboardRequest& r);

  ManoEntityHost& host_;
  SmGateway& gateway_;
  std::map<std::string, nlohmann::json> nsds_;  // by nsd_id
  std::map<std::string, Onboarded> snsds_;      // by base NSD id, the last one onboarded
  bool accept_any_ = false;                     // fault "accept_any_snsd"
  bool ignore_ = false;                         // fault "ignore_snsd"
  bool activate_before_vsf_ = false;            // fault "activate_before_vsf" (R1.3.160)
};

}  // namespace ifa026::actors::nfvo
