// The NFVO's Security Manager service on Sc-Or (docs/security-manager.md): it hosts the SM gateway
// (actors/common/sm_gateway.hpp) and adds what is the NFVO's own — its VNFs as SMs see them (trust
// domain, OSS ids, package integrity, NS membership, state, history), the LCM events it owns
// (VNF_INSTANTIATE, VNF_MODIFY of VNFCs, VNF_TERMINATE; D1 revised), the gate before every VNFM
// grant (so Fully-Active approval and Semi-Active objection hold instantiation, scale, heal and
// termination alike), SM-requested terminations with their options and the OSS notice, policy
// instructions, and the status, history and context queries. It is the NS lifecycle's observer
// (lifecycle_observer.hpp).
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/common/sm_gateway.hpp"
#include "actors/messages/sm_peer.hpp"
#include "actors/messages/sm_sf.hpp"
#include "actors/nfvo/lifecycle_observer.hpp"
#include "actors/nfvo/ns_lifecycle.hpp"
#include "actors/nfvo/ns_security_functions.hpp"
#include "actors/nfvo/snsd_catalogue.hpp"
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
  // NS_SCALE / NS_TERMINATE events to the SMs (sm_ns_events.cpp; issue 16, R1.2.110).
  void ns_operation_ended(const NsOperationEnd& end) override;

  const SmGateway& gateway() const { return gateway_; }

  // The package catalogue's quarantine, for quarantine_image_and_vnfd (R2.1.270): package, VNFD,
  // VNF, reason.
  using PackageQuarantine = std::function<void(const std::string&, const std::string&,
                                               const std::string&, const std::string&)>;
  void set_package_quarantine(PackageQuarantine quarantine) {
    quarantine_package_ = std::move(quarantine);
  }
  // ---- security function catalogue (sm_sf_catalogue.cpp; issue 16) ----
  // The onboarded packages, for SmSecurityFunctionCatalogueQuery.
  using PackageList = std::function<std::vector<messages::SmVsfPackage>()>;
  void set_package_list(PackageList list) { package_list_ = std::move(list); }

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
    std::string terminated_by;  // the SM whose termination request started (D3: source_sm)
    // R2.1.30: a Semi-Active SM's policy was applied to it; its instantiation held for one.
    bool policy_applied = false;
    struct PolicyWait {
      std::function<void(bool, const std::string&)> proceed;
      sim::Time since;
      sim::EventId timer;
    };
    std::optional<PolicyWait> policy_wait;
    std::vector<std::string> vnfcis;  // its VNFCIs in the order they were added (associations)
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

  // The options of an SM termination as the NFVO carries them out and passes them down (its
  // fault switches `drop_termination_options` / `drop_termination_option:<name>` leave them out).
  messages::SmTerminationOptions executed_options(
      const messages::SmTerminationOptions& asked) const;

  // This service's own fault switches (param `sm_faults`; the gateway reads the others).
  struct OptionFaults {
    bool drop_all = false;          // "drop_termination_options"
    std::set<std::string> dropped;  // "drop_termination_option:<name>"
    bool skip_policy_wait = false;  // "skip_policy_wait": no wait for a required policy
  };
  // The Semi-Active policy wait of a security_policy_required VNF (R2.1.30): the bound
  // Semi-Active SMs that may see it; hold its instantiation until one gives a policy (or the
  // grant timeout); release it when one is applied.
  std::vector<std::string> policy_sms(const VnfRecord& record) const;
  void hold_for_policy(const std::string& vnf, std::function<void(bool, const std::string&)> go);
  void policy_arrived(VnfRecord& record, const std::string& sm, const std::string& instruction);

  // ---- Security associations (sm_associations.cpp; docs/trust-model.md, R1.1.90, R1.1.100) ----
  void on_association(const ChannelMessage& m, const messages::SecurityAssociationRequest& r);
  void on_association_result(const sim::Message& from,
                             const messages::SecurityAssociationResult& result);
  void finish_association(const std::string& sa_id, const std::string& status,
                          const std::string& reason);
  struct PendingAssociation {
    ChannelMessage from;
    messages::SecurityAssociationRequest request;
    std::string sm;
    std::map<std::string, std::string> ends;                             // VNFCI -> its VNF
    std::map<std::string, messages::SecurityAssociationResult> results;  // by VNFCI
    std::string relationship;
    std::string domains;
    sim::EventId timer;
  };
  std::map<std::string, PendingAssociation> associations_;  // by sa_id
  bool associate_untrusted_ = false;  // fault "associate_untrusted": no trust edge needed
  bool associate_foreign_ = false;    // fault "associate_foreign": any VNF counts as the SM's

  ManoEntityHost& host_;
  NsLifecycle& lifecycle_;
  SmGateway gateway_;
  std::map<std::string, VnfRecord> vnfs_;
  OptionFaults option_faults_;
  PackageQuarantine quarantine_package_;
  NsSecurityFunctions functions_;
  // ---- security function catalogue (sm_sf_catalogue.cpp; issue 16) ----
  void on_sf_catalogue(const ChannelMessage& m,
                       const messages::SmSecurityFunctionCatalogueQuery& query);
  PackageList package_list_;
  bool vsf_not_executed_ = false;  // fault "vsf_not_executed": accepted, answered, not run
  SnsdCatalogue snsd_;             // NSDs and sNSDs (snsd_catalogue.hpp; issue 16)
};

}  // namespace ifa026::actors::nfvo
