// The NFVO's NS lifecycle (docs/lifecycle.md, "Sequences"): NS instantiate, scale, heal and
// terminate asked by the OSS on Os-Ma-Nfvo, carried out as VNF LCM requests to the VNFMs on
// Or-Vnfm (the VNFs of one NS operation concurrently, D6), whose outcomes the NFVO takes from the
// VNFMs' LCM notifications (it subscribes as the CMF does, D18); the grants the VNFMs ask before
// they touch a resource (grant_policy.hpp); the rollback of an NS instantiation that did not
// complete (D7); and the NFVO's operation-occurrence notifications to the OSS that owns the NS
// (D9). Every NS operation has a deadline, so a VNFM that never answers ends it FAILED rather
// than holding the NS forever.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/or_vnfm.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/nfvo/grant_policy.hpp"
#include "actors/nfvo/lifecycle_observer.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/toolkit/request_tracker.hpp"

namespace ifa026::actors::nfvo {

// An onboarded package an NS request may use, found by the package catalogue, its integrity
// checked again at this moment.
struct ResolvedPackage {
  std::string package;
  nlohmann::json vnfd;
  messages::PackageIntegrity integrity;
  std::optional<pki::Bytes> signature;  // the vendor's CMS SignedData, when signed
};
// Finds the package for a VNFD id (and a package id when the request names one), its integrity
// checked again for the operation `corr`, or says why there is none usable (unknown, or its
// content no longer matches).
using PackageResolver = std::function<std::variant<ResolvedPackage, std::string>(
    const std::string& vnfd_id, const std::optional<std::string>& package,
    const std::string& corr)>;

struct NsLifecycleSettings {
  std::string vnfm;  // the VNFM of VNFs whose request names none
  GrantPolicySettings grants;
  sim::Duration operation_timeout = sim::Duration::seconds(600);
  RetryPolicy retry{.timeout = sim::Duration::seconds(2), .retries = 5};
};

// The NFVO parameters of the NS lifecycle, and how to read them.
std::vector<ParamRule> ns_lifecycle_param_rules();
void check_ns_lifecycle_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
NsLifecycleSettings ns_lifecycle_settings(const nlohmann::json& params);

class NsLifecycle : public ActorPiece {
 public:
  NsLifecycle(ManoEntityHost& host, NsLifecycleSettings settings, PackageResolver resolve);

  // The OSS's NS requests (over its day-0 session, D2).
  void serve_oss(MessageHandlers<ChannelMessage>& handlers);
  // The VNFMs' answers, notifications and grant requests (mutual TLS on Or-Vnfm).
  void serve_vnfms(MessageHandlers<ChannelMessage>& handlers);
  // The Security Manager service, told of VNFs and asked before every grant (none: no SM).
  void set_observer(LifecycleObserver* observer) { observer_ = observer; }
  // Issue 16 (sm_readiness.hpp): "" when an NS instantiation may start, else why not.
  void set_lcm_gate(std::function<std::string(const std::string& ns)> gate) {
    lcm_gate_ = std::move(gate);
  }
  // Terminates one VNF at a Security Manager's word (source SECURITY_MANAGER, forceful): an NS
  // operation of its own, which tells the OSS only when it ends. False (nothing started) when the
  // NFVO runs no such VNF.
  bool terminate_for_security_manager(
      const std::string& vnf, const std::string& reason,
      const std::optional<messages::SmTerminationOptions>& options = std::nullopt);

  // A VNF a Security Manager adds to a running NS (a VSF, R2.1.340), and how an NS operation
  // started at its word ended (true: COMPLETED; else the reason).
  struct AddedVnf {
    std::string vnf;
    std::string vnfd_id;
    std::optional<std::string> package;
    std::optional<std::string> flavour;  // absent: the VNFD's first flavour
    std::string trust_domain;
  };
  using SecurityManagerOperationEnded = std::function<void(bool ok, const std::string& reason)>;
  // Instantiates `vnf` in the running NS `ns` through its VNFM, as an NS instantiation does for
  // one VNF: an NS operation UPDATE of source SECURITY_MANAGER, started at once (D8) and told to
  // the OSS only when it ends; `ended` then. "" when started, else why not (nothing started).
  std::string add_vnf_for_security_manager(const std::string& ns, const AddedVnf& vnf,
                                           const std::string& reason,
                                           SecurityManagerOperationEnded ended);
  // terminate_for_security_manager, `ended` called when its NS operation ends.
  bool remove_vnf_for_security_manager(const std::string& vnf, const std::string& reason,
                                       SecurityManagerOperationEnded ended);
  // The NS a VNF belongs to ("" when none).
  std::string ns_of(const std::string& vnf) const;

  // ---- sNSD deployment (snsd_catalogue.hpp; issue 16) ----
  // What an NS instantiation adds for an sNSD onboarded for its NSD: VSF VNFs, instantiated in
  // the same NS operation before the VNFs they protect (`held`, sent once every VSF ended well).
  struct SecurityPlan {
    std::string descriptor;  // the sNSD id (the operation's records say descriptor=)
    std::vector<messages::NsVnfInstantiation> vsfs;
    std::set<std::string> held;
  };
  using SecurityPlanner =
      std::function<std::optional<SecurityPlan>(const messages::InstantiateNsRequest&)>;
  void set_security_planner(SecurityPlanner planner) { planner_ = std::move(planner); }

 private:
  struct NsVnf {
    std::string vnf;
    std::string oss_app_id;
    std::string vnfd_id;
    std::string vnfm;
    bool instantiated = false;
  };
  struct NsInstance {
    std::string ns;
    std::string oss;  // the owner, told of every NS operation
    std::string oss_app_id;
    std::vector<NsVnf> vnfs;
    bool instantiated = false;
    std::string busy;  // the occurrence running on it
  };
  // One VNF's share of an NS operation: the request to its VNFM and what became of it.
  struct VnfPart {
    std::string vnf;
    std::string vnfm;
    std::string operation;  // the VNF operation (INSTANTIATE, SCALE_OUT, ..., TERMINATE)
    std::string request_id;
    std::optional<std::string> vnf_occurrence;
    bool acknowledged = false;
    bool started = false;   // a notification of it arrived
    bool reported = false;  // a notification of its end arrived
    bool ended = false;
    bool ok = false;
    std::string reason;
  };
  struct NsOperation {
    std::string occurrence;
    std::string ns;
    std::string operation;  // INSTANTIATE, SCALE, HEAL, TERMINATE
    std::string correlation;
    std::string oss_request;
    std::string oss;
    std::string source = "OSS";  // lcm::kSource*: who asked for it
    std::size_t vnfs = 0;        // VNFs of the NS when it started
    std::vector<VnfPart> parts;
    bool processing_sent = false;
    bool rolling_back = false;
    std::string failure;
    sim::EventId deadline;
    SecurityManagerOperationEnded ended;      // an SM's operation: told how it ended
    std::string descriptor;                   // an sNSD's id when instantiated from one
    std::string nsd;                          // the NSD the OSS named
    std::vector<std::function<void()>> held;  // VNF requests sent once the VSF parts ended well
    std::string ns_oss_app_id;                // the NS's, for its NS events
    std::vector<std::string> added_vnfcis;    // VNFC instances its completed parts added
    std::vector<std::string> removed_vnfcis;  // and removed
    std::vector<std::string> added_vnfs;      // VNFs a scale added (R1.2.120)
    std::vector<std::string> removed_vnfs;    // and removed
  };
  // A VNF LCM request on its way to a VNFM (resent by the tracker until answered).
  struct PendingVnfRequest {
    std::string occurrence;
    std::string vnf;
    std::string vnfm;
    std::function<Envelope(const std::string& request_id)> build;
  };
  struct VnfmSubscription {
    bool subscribed = false;
    int attempts = 0;
    sim::EventId timer;
    std::vector<std::function<void()>> waiting;  // requests held until subscribed
  };

  // ---- Os-Ma-Nfvo ----
  void on_instantiate(const ChannelMessage& m, const messages::InstantiateNsRequest& asked);
  void on_scale(const ChannelMessage& m, const messages::ScaleNsRequest& request);
  void on_heal(const ChannelMessage& m, const messages::HealNsRequest& request);
  void on_terminate(const ChannelMessage& m, const messages::TerminateNsRequest& request);
  // Answers a request seen before with the answer it got then; true when it was one.
  bool answer_duplicate(const ChannelMessage& m, const std::string& request_id);
  template <class Response>
  void acknowledge(const ChannelMessage& m, const std::string& request_id, const std::string& ns,
                   const std::string& operation, const std::string& occurrence,
                   const std::string& rejection);
  // Checks common to scale, heal and terminate: the NS exists, is this OSS's and is idle.
  NsInstance* idle_ns(const ChannelMessage& m, const std::string& ns, std::string& reason);
  NsOperation& start_operation(const ChannelMessage& m, NsInstance& ns,
                               const std::string& operation, const std::string& request_id,
                               const std::string& descriptor = "", const std::string& nsd = "");
  // An NS operation a Security Manager asked for (not the OSS's): started at once (D8).
  NsOperation& start_security_manager_operation(const NsInstance& ns, const std::string& operation,
                                                std::size_t vnfs, const std::string& reason);
  // Why one VNF of an NS request does not fit its package ("" when it does).
  static std::string check_vnf(const messages::NsVnfInstantiation& vnf,
                               const ResolvedPackage& package);
  // Tells the observer of one VNF of `ns` and sends its InstantiateVnf as a part of `op`.
  void instantiate_vnf(NsOperation& op, const NsInstance& ns,
                       const messages::NsVnfInstantiation& vnf, const ResolvedPackage& package,
                       const std::vector<std::string>& members);
  void notify_oss(const NsOperation& op, const std::string& state,
                  std::vector<messages::AffectedVnf> affected = {});

  // ---- Or-Vnfm ----
  void subscribe(const std::string& vnfm);
  void when_subscribed(const std::string& vnfm, std::function<void()> then);
  void on_subscription_response(const ChannelMessage& m,
                                const messages::LccnSubscriptionResponse& response);
  // Sends one VNF request of `op` (a new part) through the tracker once subscribed.
  void send_vnf_request(NsOperation& op, VnfPart part,
                        std::function<Envelope(const std::string& request_id)> build);
  void on_acknowledgement(const ChannelMessage& m, const messages::VnfLcmAcknowledgement& ack);
  void on_vnf_notification(const ChannelMessage& m,
                           const messages::VnfLcmOperationOccurrenceNotification& notification);
  void on_grant(const ChannelMessage& m, const messages::GrantLifecycleOperationRequest& request);
  void answer_grant(const ChannelMessage& m,
                    const messages::GrantLifecycleOperationRequest& request,
                    const std::string& refusal);
  void part_ended(NsOperation& op, VnfPart& part, bool ok, const std::string& reason);
  void on_deadline(const std::string& occurrence);
  // Every part ended: completes, fails or rolls back the operation.
  void settle(NsOperation& op);
  void settle_update(NsOperation& op);
  void finish(std::string occurrence, std::string state, std::string reason,
              std::vector<messages::AffectedVnf> affected);
  void record(const NsOperation& op, const std::string& state, const std::string& reason = "");
  static std::string lower(std::string text);
  static bool end_state(const std::string& state);  // COMPLETED, FAILED or ROLLED_BACK

  ManoEntityHost& host_;
  NsLifecycleSettings settings_;
  PackageResolver resolve_;
  std::function<std::string(const std::string& ns)> lcm_gate_;
  GrantPolicy grants_;
  std::map<std::string, NsInstance> instances_;    // by NS name
  std::map<std::string, std::string> vnf_owner_;   // VNF name -> NS name
  std::map<std::string, NsOperation> operations_;  // running, by occurrence
  struct Answered {
    std::string ns;
    std::string status;
    Envelope envelope;
  };
  std::map<std::string, Answered> answered_;               // by OSS|request_id
  std::map<std::string, VnfmSubscription> subscriptions_;  // by VNFM
  RequestTracker<PendingVnfRequest> requests_;
  LifecycleObserver* observer_ = nullptr;
  SecurityPlanner planner_;
  std::set<std::string> held_grants_;  // VNFM|request_id of grants the observer holds
  std::uint64_t next_occurrence_ = 1;
  std::uint64_t next_notification_ = 1;
};

}  // namespace ifa026::actors::nfvo
