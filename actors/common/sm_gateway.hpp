// The MANO side of a Security Manager interface (Sc-Or in the NFVO; Sc-Vnfm, Sc-Vi in the VNFM and
// VIM), one component for every block (docs/security-manager.md, "The MANO side"): it binds SMs to
// interface instances ("<sm>@<block>/<rp>", one per SM and block, each on the SM's own mutual-TLS
// session, R2.1.60/70), authorizes every SM request by the mode the shared table gives the SM in
// the domain concerned (sm_authorization.hpp), routes LCM events only to the SMs of the event's
// domain that may see the VNF and subscribed to it (R2.1.80, R2.1.100, R2.1.200), and gates an
// operation before it runs: Fully-Active grants (wait for all, fail-safe on timeout, D4) and the
// Semi-Active objection window (D2). The block keeps what is its own (its VNFs, how a termination
// runs, what a query answers) and calls in here. Every decision is traced (records in
// docs/security-manager.md) and appended to the block's audit log, partitioned per SM and domain.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "actors/common/audit_keeping.hpp"
#include "actors/common/audit_log.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/sm_authorization.hpp"
#include "actors/messages/sc_mano.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/message_handlers.hpp"

namespace ifa026::actors {

// One bound SM at this block.
struct SmBindingState {
  std::string sm;
  std::string instance;
  std::map<std::string, std::string> grants;  // domain -> mode
  bool subscribed = false;
  std::string subscription;
  messages::SmEventFilter filter;
};

// What the gateway needs to know about the VNF an event or request is about.
struct SmVnfView {
  std::string vnf;
  std::string domain;
  std::set<std::string> hidden_from;  // SMs the VNF's events are hidden from (R2.1.200)
};

// Misbehaviour a scenario can switch on in a block's gateway (param `sm_faults`), so that each SM
// check is shown able to fail: see docs/security-manager.md "Fault switches".
struct SmGatewayFaults {
  std::set<std::string> dropped_items;  // "drop_event_field:<item>": items left out of events
  bool ignore_objections = false;       // "ignore_objection": an objection in the window is late
  bool skip_grants = false;             // "skip_grant": Fully-Active SMs are not waited for
  bool route_everywhere = false;        // "route_all": events to every bound SM
  bool accept_passive = false;          // "accept_passive": mode refusals become grants
  bool leak_sm_identity = false;        // "leak_sm": an SM-caused event names the SM
  bool late_notice = false;             // "late_notice": the OSS is told after, not before
  bool share_instances = false;         // "share_instance": any SM may use any instance
  bool reveal_foreign = false;          // "reveal_foreign": another domain's VNF answered refused
  bool status_all_domains = false;      // "status_all_domains": status lists every domain
  bool history_live_only = false;       // "history_live_only": terminated VNFs left out
  // "unpublished_event:<type>": no notification of that event type (grant requests still carry it)
  std::set<std::string> unpublished_types;
  bool unaudited_events = false;       // "unaudited_events": routed events not in the audit log
  bool one_mode_per_sm = false;        // "one_mode_per_sm": an SM's most active mode everywhere
  bool replace_grants = false;         // "replace_grants": a mode change drops the other domains
  bool mode_per_domain = false;        // "mode_per_domain": a mode change hits every SM there
  bool context_vnf_only = false;       // "context_vnf_only": a context answer lists its VNF only
  bool first_item_only = false;        // "first_item_only": a termination acts on its first id
  bool unsolicited_unapplied = false;  // "unsolicited_policy_unapplied": acked, never applied
  // SM hierarchies (issue 15, docs/trust-model.md "Hierarchies"):
  bool no_hierarchy = false;          // "no_hierarchy": masters refused outside own domains
  bool hierarchy_everywhere = false;  // "hierarchy_everywhere": basis=hierarchy for any domain
  bool ignore_overrule = false;       // "ignore_overrule": an overrule answered, not acted on
  bool leak_master = false;           // "leak_master": source_sm kept in every copy of an event
  // Isolation and separation (issue 15, docs/trust-model.md "Isolation and separation").
  bool obey_foreign = false;       // "obey_foreign": acts on an SM's word about any domain
  bool one_sm_per_domain = false;  // "one_sm_per_domain": a domain's events to its first SM only
  std::string sm_traffic_on;       // "sm_traffic_on:<rp>": SM messages sent labelled <rp>
  // Audit keys from an auditor (issue 16, R1.3.270): params audit_key_source, audit_faults.
  AuditKeySettings audit_keys;
};
SmGatewayFaults sm_gateway_faults(const nlohmann::json& params);
// The parameter rule of `sm_faults` (for the hosting block's ParamRule table).
ParamRule sm_faults_param_rule();

class SmGateway : public ActorPiece {
 public:
  // Whether to run an operation the gateway held: `proceed` false with the reason when an SM
  // rejected, objected or did not answer in time; `policy` when a Fully-Active SM approved with
  // one.
  using Decision = std::function<void(bool proceed, const std::string& reason,
                                      const std::optional<messages::SmPolicy>& policy)>;

  SmGateway(ManoEntityHost& host, std::string reference_point, SmGatewayFaults faults = {});

  // Registers bind, subscription, grant responses, objections and audit export.
  void serve(MessageHandlers<ChannelMessage>& handlers);

  // The binding of the SM that sent `m` naming `instance`; nullptr after refusing it
  // (SmRequestRefused, SmAuthorization rejected) when the instance is unbound or another SM's.
  const SmBindingState* binding(const ChannelMessage& m, const std::string& instance,
                                std::string_view sm_operation, const std::string& request_id);
  // Authorizes one request of a bound SM about `domain` (and `vnf`, when one): one
  // SmAuthorization record; false with `reason` when refused.
  bool authorize(const SmBindingState& binding, std::string_view sm_operation,
                 const std::string& kind, const std::string& domain, const std::string& vnf,
                 std::string& reason);
  // Whether `sm` may see the VNF at all: a grant for its domain, not hidden from it, and a
  // designated manager when the domain is sensitive.
  bool visible(const std::string& sm, const SmVnfView& vnf) const;
  // Whether `sm` may act on the VNF by hierarchy (D7): the VNF's domain is in its termination
  // authority over its descendants, not hidden from it, and not a sensitive domain it is not
  // designated for. A termination's executor asks visible() || by_hierarchy().
  bool by_hierarchy(const std::string& sm, const SmVnfView& vnf) const;
  // Whether `sm` gets the VNF's events as a master with receives_subordinate_events (D7): it holds
  // no grant in the domain, a descendant that manages it passes them up.
  bool receives_for(const std::string& sm, const SmVnfView& vnf) const;

  // Sends a completed / failed event to every SM that may see the VNF and subscribed to it.
  void publish(messages::SmLcmEvent event, const SmVnfView& vnf);
  // Holds an operation for the SMs of the VNF's domain (the event's phase becomes `proposed`).
  void gate(messages::SmLcmEvent event, const SmVnfView& vnf, Decision then);

  std::string next_event_id();
  std::string now_text() const;
  // "set_sm_mode {sm, domain, mode}" (mode "none" revokes): SmBinding changed, and the SM told.
  bool set_mode(const std::string& sm, const std::string& domain, const std::string& mode,
                std::string& reason);
  // Appends to the (sm, domain) partition of this block's audit log (the key provisioned on first
  // use, AuditKeyProvisioned).
  void audit(const std::string& sm, const std::string& domain, const std::string& event,
             const std::string& detail);

  const sm::AuthorizationTable& table() const { return table_; }
  const std::map<std::string, SmBindingState>& bindings() const { return bindings_; }
  const AuditLog& audit_log() const { return audit_; }
  AuditLog& audit_log() { return audit_; }
  const SmGatewayFaults& faults() const { return faults_; }
  const std::string& reference_point() const { return reference_point_; }
  void reply(const ChannelMessage& m, Envelope envelope);
  void send_to(const std::string& sm, Envelope envelope);

 private:
  struct Pending {
    std::string event_id;
    messages::SmLcmEvent event;
    SmVnfView vnf;
    std::set<std::string> waiting;                 // Fully-Active SMs that have not approved
    std::map<std::string, std::string> held;       // sub-SM -> its rejection, held for a master
    std::map<std::string, std::string> grant_ids;  // sm -> grant id
    bool window_open = false;
    sim::Time started;
    sim::EventId grant_timer;
    sim::EventId resend_timer;
    std::map<std::string, Envelope> requests;  // sm -> its grant request, sent again if lost
    sim::EventId window_timer;
    std::optional<messages::SmPolicy> policy;
    Decision then;
  };
  struct KnownEvent {
    std::string domain;
    std::string vnf;
  };

  void on_bind(const ChannelMessage& m, const messages::SmBindRequest& request);
  void on_subscribe(const ChannelMessage& m, const messages::SmLcmSubscriptionRequest& request);
  void on_grant_response(const ChannelMessage& m, const messages::SmLcmGrantResponse& response);
  void on_objection(const ChannelMessage& m, const messages::SmLcmObjection& objection);
  void on_package_confirmation(const ChannelMessage& m,
                               const messages::SmPackageIntegrityConfirmation& confirmation);
  void on_audit_export(const ChannelMessage& m, const messages::SmAuditLogExportRequest& request);
  void on_overrule(const ChannelMessage& m, const messages::SmOverruleRequest& request);
  // The sub-SM through which `sm` holds hierarchy authority in `domain` ("" none; the fault
  // switches no_hierarchy and hierarchy_everywhere apply here).
  std::string hierarchy_via(const std::string& sm, const std::string& domain, bool overrule) const;
  // A bound master that may overrule `sub` in `domain` and learns of its decisions (D4): a
  // rejection by `sub` is then held for it until the grant deadline.
  bool overrulable(const std::string& sub, const std::string& domain) const;
  // The held rejections become final (the deadline came, or a master cancelled).
  void reject_held(const std::string& event_id);
  void objection(const SmBindingState& binding, const std::string& event_id,
                 const std::string& reason);
  void route(const SmBindingState& binding, messages::SmLcmEvent event,
             const std::string& grant_id = "");
  bool matches(const SmBindingState& binding, const messages::SmLcmEvent& event) const;
  void decide(const std::string& event_id, bool proceed, const std::string& reason);
  void maybe_proceed(const std::string& event_id);
  // Sends the grant request again to every SM that has not answered (a lost request or answer),
  // every quarter of the grant timeout until the deadline.
  void resend_grants(const std::string& event_id);
  void refuse(const ChannelMessage& m, const std::string& instance, std::string_view operation,
              const std::string& request_id, const std::string& reason);
  std::string instance_for(const std::string& sm) const;
  // The mode `b` holds in `domain` ("" none); fault one_mode_per_sm: its most active anywhere.
  std::string mode_for(const SmBindingState& b, const std::string& domain) const;
  bool set_one_mode(const std::string& sm, const std::string& domain, const std::string& mode,
                    std::string& reason);
  // The bindings an event of `domain` may go to, in SM name order: those holding a grant there and
  // the masters receiving its events (every binding under the faults route_all, obey_foreign and
  // one_sm_per_domain), from the index below, so routing an event costs the SMs of its domain, not
  // every bound SM (docs/research-guide.md, "Scale").
  std::vector<const SmBindingState*> bound_in(const std::string& domain) const;
  // The bound or unbound masters above the domain's managers that receive its events (D7).
  const std::set<std::string>& event_masters(const std::string& domain) const;
  // Every change of a binding's grants calls this to keep sms_by_domain_ right.
  void reindex(const std::string& sm);

  ManoEntityHost& host_;
  std::string reference_point_;
  SmGatewayFaults faults_;
  sm::AuthorizationTable table_;
  std::map<std::string, SmBindingState> bindings_;  // by SM
  // domain -> the bound SMs holding a grant there; sm -> the domains it is indexed under.
  std::map<std::string, std::set<std::string>> sms_by_domain_;
  std::map<std::string, std::set<std::string>> indexed_domains_;
  SmBindingState borrowed_;                       // fault share_instance: another SM's
  std::map<std::string, std::string> instances_;  // instance -> SM
  std::map<std::string, Pending> pending_;        // by event id
  std::map<std::string, std::string> grants_;     // grant id -> event id
  std::map<std::string, KnownEvent> events_;      // every event sent, by id
  // domain -> masters above its managers that receive their events (D7), computed on first use.
  mutable std::map<std::string, std::set<std::string>> event_masters_;
  AuditLog audit_;
  AuditKeeping audit_keeping_;  // the partitions' keys: drawn, or from an auditor (issue 16)
  std::uint64_t next_event_ = 1;
  std::uint64_t next_grant_ = 1;
  std::uint64_t next_subscription_ = 1;
};

// Lowercase hex SHA-256 of a policy's content (the `policy_digest` detail and ack).
std::string policy_digest(const messages::SmPolicy& policy);

// The information items present in an event body, comma separated (the `items` detail).
std::string event_items(const messages::SmLcmEvent& event);

}  // namespace ifa026::actors
