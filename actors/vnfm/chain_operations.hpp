// The VNFM's side of the NS/VNF lifecycle chain (docs/lifecycle.md, slice 4): the VNF LCM requests
// of the NFVO on Or-Vnfm (instantiate, scale, heal, terminate; change configuration is refused),
// each answered at once and then run as an operation occurrence — STARTING, a grant asked of the
// NFVO, PROCESSING, the resources released then allocated one at a time in VNFCI order through the
// VIM (Vi-Vnfm, VNFC deployment "vm") or the CISM (CISM-SI, "container"), COMPLETED; a refused
// grant ends FAILED with nothing touched, an allocation refused midway releases what the operation
// allocated and ends ROLLED_BACK (D7). The VIM's and CISM's resource change notifications are
// followed: MIGRATED moves the VNFCI, FAULT and REMOVED start an auto-heal (a HEAL operation with a
// grant marked automatic) when the VNFD allows it.
//
// It shares the workload-command shortcut's state (vnfm::VnfLcm plans and applies both paths'
// operations, the LCM notification subscriptions, the occurrence counter and the set of VNFs with
// an operation running), so a query or the CMF sees one set of VNFs. The chain's VnfLcmOperation
// records and notifications carry source, correlation and reason; the shortcut's stay as they were.
// Implemented in chain_requests.cpp (Or-Vnfm requests), chain_operations.cpp (the operation) and
// chain_auto_heal.cpp (resource changes).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/or_vnfm.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "actors/vnfm/lccn_subscriptions.hpp"
#include "actors/vnfm/vnf_lcm.hpp"

namespace ifa026::actors::vnfm {

class DelegationManager;           // delegation_manager.hpp (issue 17)
struct DelegatedCredentialRecord;  // delegated_credentials.hpp (issue 17)

// What the VNFM's two LCM paths share (owned by the VNFM's lifecycle extension).
struct SharedLifecycle {
  VnfLcm& lcm;
  LccnSubscriptions& subscriptions;
  std::uint64_t& next_occurrence;  // "<vnfm>-op-N"
  std::set<std::string>& running;  // VNFs with an operation running (either path)
  // The VNFCI's actor parameters (the shortcut's spawn parameters), which the chain puts in
  // `user_data` of the allocation.
  std::function<nlohmann::json(const LcmPlan&, const Vnfci&)> vnfci_params;
  // Why the VNFM cannot serve this VNFD's secure bootstrapping (no hardware root), or nullopt.
  std::function<std::optional<std::string>(const Vnfd&)> bootstrap_problem;
  // An operation on the VNF ended: start the workload commands that wait for it.
  std::function<void(const std::string& vnf)> idle;
  // A VNFCI of a chain VNF crashed (FAULT, detected by `detected_by`: VIM or CISM) and will not
  // be healed (its VNFD allows no auto-heal): the VNFM's Sc-Vnfm service reports the VNF crashed.
  std::function<void(const std::string& vnf, const std::string& vnfci,
                     const std::string& detected_by, const std::string& reason)>
      unhealed_crash = {};
  // Delegation mode (issue 17): the VNFM's delegation manager (null: delegation VNFs refused).
  DelegationManager* delegation = nullptr;
};

class ChainOperations {
 public:
  // Registers the Or-Vnfm, Vi-Vnfm and CISM-SI handlers on the host's request handlers.
  ChainOperations(ManoEntityHost& host, SharedLifecycle shared, RetryPolicy requests);
  ChainOperations(const ChainOperations&) = delete;
  ChainOperations& operator=(const ChainOperations&) = delete;

  // The VNF has no operation running any more: starts an auto-heal that waited for it.
  void resume(const std::string& vnf);

  // The VNF as Security Managers see it (from InstantiateVnfRequest when the NFVO names a trust
  // domain), copied into every allocation so that the VIM's Sc-Vi events reach the right SMs.
  struct SecurityView {
    std::optional<std::string> trust_domain;
    std::optional<std::vector<std::string>> hidden_from;
    std::string oss_app_id;
  };
  // Of a chain VNF whose NFVO named its trust domain; nullptr otherwise.
  const SecurityView* security_view(const std::string& vnf) const {
    auto it = security_view_.find(vnf);
    return it == security_view_.end() ? nullptr : &it->second;
  }
  // Issue 16 (software_update.hpp): the NFVO that instantiated a chain VNF ("" for none), and a
  // taker of grant answers to requests the chain did not send (true when taken).
  std::string nfvo_of(const std::string& vnf) const {
    auto it = nfvo_of_.find(vnf);
    return it == nfvo_of_.end() ? std::string() : it->second;
  }
  std::function<bool(const messages::GrantLifecycleOperationResponse&, const ChannelMessage&)>
      other_grants;

  // Issue 17 (delegated_lifecycle.hpp): delegation mode's hooks, unset without a delegation
  // manager. `after_allocations` runs once an operation's allocations are done, before it
  // completes: true when it holds the operation, which then goes on with `done` (COMPLETED, or
  // rolled back with the reason); `vnfd` is the operation's VNFD id (the VNF instance is not in
  // the catalogue's VnfLcm before an instantiation completes). `released` runs when a VNFCI's
  // resource was released or was gone already (scale in, heal, terminate, rollback; `reason` says
  // which).
  struct AddedResource {
    std::string vnfci;
    std::string producer;  // the VIM or CISM
    std::string kind;      // COMPUTE, OS_CONTAINER
  };
  struct DelegationHooks {
    std::function<bool(const std::string& vnf, const std::string& vnfd,
                       const std::vector<AddedResource>& added,
                       std::function<void(bool ok, const std::string& reason)> done)>
        after_allocations;
    std::function<void(const std::string& vnf, const std::string& vnfci, const std::string& reason)>
        released;
  };
  DelegationHooks delegation;

 private:
  // Where one VNFCI's resource is (kept from its allocation to its release).
  struct Resource {
    std::string resource = {};  // the VIM's / CISM's id
    std::string producer = {};  // the VIM or CISM actor
    std::string kind = {};      // COMPUTE, OS_CONTAINER
    std::string host = {};
    bool failed = false;  // FAULT or REMOVED reported
  };
  // Who started an operation and why (docs/lifecycle.md, "The LCM operation record").
  struct Origin {
    std::string source = {};
    std::string corr = {};
    std::string request = {};  // this hop's request id ("" for an auto-heal)
    std::string ns = {};
    std::string nfvo = {};  // the NFVO that grants
    std::string reason = {};
    bool automatic = false;
    // A Security Manager's termination options, copied into each release (R2.1.260/270).
    std::optional<messages::SmTerminationOptions> security_options = {};
    // An auto-heal of a crash: the producer that detected it (VIM, CISM); "" otherwise.
    std::string crash_detected_by = {};
  };
  struct Operation {
    LcmPlan plan;
    Origin origin;
    std::string occurrence;
    std::string grant;
    std::map<std::string, messages::GrantedResource> granted;  // by VNFCI
    std::size_t next = 0;          // step over plan.removed then plan.added
    std::vector<Vnfci> released;   // of plan.removed, released (or already gone)
    std::vector<Vnfci> allocated;  // of plan.added, in order
    std::vector<std::string> not_released;
    std::string failure;  // why an allocation was refused (rolling back)
    // Placement reserved before the grant (D12; chain_reservations.cpp).
    bool reservations_asked = false;
    std::vector<std::string> reserve_at;                          // producers still to ask
    std::map<std::string, messages::ReservedPlacement> reserved;  // by VNFCI
    std::map<std::string, std::string> reserved_by;               // VNFCI -> producer
    std::set<std::string> reservations_used;  // VNFCIs whose allocation named the reservation
    bool delegation_asked = false;            // delegation.after_allocations ran (issue 17)
  };
  enum class Step { grant, allocate, release, rollback_release, reserve, release_reservations };
  struct Pending {
    std::string vnf = {};
    Step step = Step::grant;
    std::string vnfci = {};
    std::string peer = {};
    std::string reference_point = {};
    std::function<Envelope(const std::string& request_id)> build = {};
    std::string reservations = {};  // release_reservations: the ids, comma separated
  };

  // Or-Vnfm requests.
  template <class Request>
  static Origin origin_of(const Request& request, const ChannelMessage& m);
  void on_instantiate(const messages::InstantiateVnfRequest& request, const ChannelMessage& m);
  void on_scale(const messages::ScaleVnfRequest& request, const ChannelMessage& m);
  void on_heal(const messages::HealVnfRequest& request, const ChannelMessage& m);
  void on_terminate(const messages::TerminateVnfRequest& request, const ChannelMessage& m);
  void on_change_configuration(const messages::ChangeVnfConfigurationRequest& request,
                               const ChannelMessage& m);
  // Plans `request` for the VNF and starts it, or refuses: replies with R either way.
  template <class R>
  void accept_or_refuse(const ChannelMessage& m, const std::string& request_id,
                        const LcmRequest& request, Origin origin,
                        const std::optional<std::string>& refusal);
  template <class R>
  void refuse(const ChannelMessage& m, const std::string& request_id, const std::string& vnf,
              const std::string& operation, const Origin& origin, const std::string& reason);
  static Vnfd with_identity_overrides(Vnfd vnfd, const messages::VnfCertificateConfiguration& c);
  std::optional<std::string> check_instantiate(const messages::InstantiateVnfRequest& request,
                                               const Vnfd& vnfd) const;
  // Why an operation on `vnf` (other than instantiate) cannot run now, or nullopt.
  std::optional<std::string> check_running_chain_vnf(const std::string& vnf) const;

  // The operation's steps.
  std::string start(LcmPlan plan, Origin origin);  // STARTING record; returns the occurrence
  void request_grant(const std::string& vnf);
  void on_grant(const messages::GrantLifecycleOperationResponse& response, const ChannelMessage& m);
  void step(const std::string& vnf);
  void rollback(const std::string& vnf);
  void finish(std::string vnf, const std::string& state, std::string reason);
  void on_allocated(const messages::ResourceAllocationResponse& response, const ChannelMessage& m);
  void on_released(const messages::ResourceReleaseResponse& response, const ChannelMessage& m);
  void on_given_up(Pending pending);
  // Issue 17: the delegation hooks' answer for the operation `occurrence` of `vnf`.
  void delegated_installed(const std::string& vnf, const std::string& occurrence, bool ok,
                           const std::string& reason);
  void tell_released(const std::string& vnf, const std::string& vnfci, const std::string& reason);

  // Placement reserved before the grant (chain_reservations.cpp): true when a reservation
  // request went out (request_grant() runs again on its answer), false when there is nothing
  // (more) to reserve.
  bool reserve(const std::string& vnf);
  void on_reserved(const messages::ResourceReservationResponse& response, const ChannelMessage& m);
  void on_reservations_released(const messages::ReservationReleaseResponse& response,
                                const ChannelMessage& m);
  // Gives back the reservations the operation did not name in an allocation.
  void release_unused_reservations(const std::string& vnf);
  // The producer of resources of `kind` for `vnf` (the NFVO's vim_connections), or "".
  std::string producer_for(const std::string& vnf, const std::string& kind) const;

  // --- Delegation mode (issue 17; chain_delegation.cpp, docs/delegation-mode.md).
  // True when the VNF's VNFD says certificate_mode delegation.
  bool delegation_vnf(const std::string& vnf) const;
  // Between the grant and the allocations: the delegate registration and CSRs of the VNFCIs the
  // operation adds, then step() (or FAILED with the reason, nothing allocated).
  void enrol_delegated(const std::string& vnf);
  // The credentials (OAM always, VNFCI ones when installed at instantiation) and the user_data
  // keys of a delegated VNFCI, put into its allocation request; returns the step the request
  // cites (C.2.2.3#0 with VNFCI credentials, C.3.2.3#0 with OAM ones only, "" with none).
  std::string add_delegated_credentials(const std::string& vnf, const Vnfci& vnfci,
                                        const std::string& peer, bool container,
                                        messages::ResourceAllocationRequest& body);
  // The allocation's `install` (C.2.2.3 #3 / C.3.2.3 #3) to the delegation manager.
  void delegated_install_result(const std::string& vnf, const std::string& vnfci,
                                const messages::ResourceAllocationResponse& response);
  // Vim.Vrm.010: the resource's certificate forwarded by the VIM/CISM against the issued one.
  void check_resource_credentials(const DelegatedCredentialRecord& r,
                                  const messages::CredentialInstallStatus& status,
                                  const std::string& step);

  // Resource changes (VIM, CISM) and auto-heal.
  void on_resource_change(const messages::ResourceChangeNotification& n, const ChannelMessage& m,
                          const char* producer_source);
  void auto_heal(const std::string& vnf, const std::string& vnfci, Origin origin);
  // A Security Manager removed a compute of `vnf` with no recovery allowed: the whole VNF is
  // terminated (source SECURITY_MANAGER).
  void terminate_removed(const std::string& vnf, Origin origin);

  // Requests to peers (one tracker: request ids "<vnfm>-req-N").
  void send_request(Pending pending);
  void send_release(const std::string& vnf, const std::string& vnfci, const Resource& r,
                    const std::string& corr, Step step);
  std::optional<Pending> take_reply(const std::string& request_id, const ChannelMessage& m,
                                    const std::string& what);

  // Records and notifications.
  void record(const std::string& outcome, const std::string& operation, const std::string& vnf,
              const std::string& vnfd, const std::string& occurrence, const Origin& origin,
              const std::function<void(TraceDetail&)>& extra = {});
  void notify(const Operation& op, const std::string& state,
              std::vector<messages::VnfciEntry> affected, const std::string& reason = "");
  void decision(const std::string& operation, const std::string& outcome, const TraceDetail& detail,
                const std::string& peer = "", const std::string& reference_point = "");
  std::string kind_of(const Vnfci& vnfci) const;

  ManoEntityHost& host_;
  SharedLifecycle shared_;
  const RetryPolicy policy_;
  RequestTracker<Pending> requests_;
  std::map<std::string, Operation> operations_;  // running, by VNF
  std::map<std::string, Resource> resources_;    // by VNFCI
  std::map<std::string, std::string> nfvo_of_;   // chain VNFs: the NFVO that asked
  // Chain VNFs: the producer of each resource kind (InstantiateVnfRequest::vim_connections).
  std::map<std::string, std::map<std::string, std::string>> producers_of_;
  std::map<std::string, std::deque<std::pair<std::string, Origin>>> heals_waiting_;  // by VNF
  std::map<std::string, SecurityView> security_view_;                                // by VNF
  std::uint64_t next_heal_ = 1;
};

}  // namespace ifa026::actors::vnfm
