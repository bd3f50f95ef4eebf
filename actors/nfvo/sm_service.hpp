// The NFVO's Security Manager service on Sc-Or (docs/security-manager.md): it hosts the SM gateway
// (actors/common/sm_gateway.hpp) and adds what is the NFVO's own — its VNFs as SMs see them (trust
// domain, OSS ids, package integrity, NS membership, state, history), the LCM events it owns
// (VNF_INSTANTIATE, VNF_MODIFY of VNFCs, VNF_TERMINATE; D1 revised), the gate before every VNFM
// grant (so Fully-Active approval and Semi-Active objection hold instantiation, scale, heal and
// termination alike), SM-requested terminations with their options and the OSS notice, policy
// instructions, and the status, history and context queries. It is the NS lifecycle's observer
// (lifecycle_observer.hpp).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/common/sm_gateway.hpp"
#include "actors/nfvo/lifecycle_observer.hpp"
#include "actors/nfvo/ns_lifecycle.hpp"
#include "actors/nfvo/ns_security_functions.hpp"
#include "actors/toolkit/actor_piece.hpp"

namespace ifa026::actors::nfvo {

class SmService final : public ActorPiece, public LifecycleObserver {
 public:
  SmService(ManoEntityHost& host, const nlohmann::json& params, NsLifecycle& lifecycle);

  // Sc-Or requests from SMs (bind, subscribe, grants, objections, audit export through the
  // gateway; terminations, policy, queries here).
  void serve(MessageHandlers<ChannelMessage>& handlers);
  // `set_sm_mode {sm, domain, mode}`; true when handled.
  bool on_command(const sim::Command& command);
  static std::vector<ParamRule> param_rules();
  static std::vector<CommandRule> command_rules();

  void vnf_created(const VnfFacts& facts) override;
  void gate(const messages::GrantLifecycleOperationRequest& request,
            std::function<void(bool proceed, const std::string& reason)> proceed) override;
  void vnf_notified(const messages::VnfLcmOperationOccurrenceNotification& n) override;

  const SmGateway& gateway() const { return gateway_; }

 private:
  struct VnfRecord {
    VnfFacts facts;
    std::string state = "NOT_INSTANTIATED";
    sim::Time existed_from;
    std::optional<sim::Time> existed_to;
    std::vector<messages::SmLcmEvent> events;              // every event MANO sent about it
    std::map<std::string, messages::SmLcmEvent> proposed;  // by VNFM occurrence
    std::optional<std::string> no_recovery;  // why later heals/re-creations are refused
    // An SM instruction's termination whose OSS notice goes out once it ran (R2.1.270).
    std::optional<std::pair<std::string, std::string>> notice_after;  // request id, reason
  };

  SmVnfView view(const VnfRecord& record) const;
  messages::SmLcmEvent event_for(const VnfRecord& record, const std::string& operation,
                                 const std::string& source, bool automatic) const;
  void on_terminate(const ChannelMessage& m, const messages::SmTerminateVnfRequest& request);
  void notice(const VnfRecord& record, const std::string& phase, const std::string& request_id,
              const std::string& reason);
  void on_policy(const ChannelMessage& m, const messages::SmSecurityPolicyInstruction& request);
  void on_status(const ChannelMessage& m, const messages::SmNetworkStatusQuery& query);
  void on_history(const ChannelMessage& m, const messages::SmLcmHistoryQuery& query);
  void on_context(const ChannelMessage& m, const messages::SmContextQuery& query);
  void on_host_retirement(const ChannelMessage& m,
                          const messages::SmHostRetirementRequest& request);
  // Security functions (R2.1.340): checked here, carried out by functions_.
  void on_security_function(const ChannelMessage& m,
                            const messages::SmSecurityFunctionRequest& request);
  // Why the SM may not ask about `vnf` ("" when it may): unknown, foreign or hidden VNFs all
  // answer "unknown VNF instance"; a mode refusal names the mode.
  std::string refusal_for(const SmBindingState& binding, const std::string& vnf,
                          std::string_view sm_operation);
  messages::SmVnfStatus status_of(const VnfRecord& record) const;
  // The VNF as the SM may see it: nullptr when unknown, outside its grants, hidden or sensitive.
  const VnfRecord* seen_by(const std::string& sm, const std::string& vnf) const;
  void query_record(const std::string& sm, const std::string& query, const std::string& domain,
                    const std::vector<std::string>& vnfs, const std::string& reason);

  ManoEntityHost& host_;
  NsLifecycle& lifecycle_;
  SmGateway gateway_;
  std::map<std::string, VnfRecord> vnfs_;
  NsSecurityFunctions functions_;
  bool vsf_not_executed_ = false;  // fault "vsf_not_executed": accepted, answered, not run
};

}  // namespace ifa026::actors::nfvo
