// The Security Manager's behaviour on top of the MANO entity that holds its certificate (type
// `sm`, sm_actor.hpp; docs/security-manager.md "The SM actor"): binding to each configured MANO
// block over mutual TLS once the certificate is installed (sm_binding.cpp), the events and grant
// requests and the rules that answer them (sm_events.cpp), and the workload requests and their
// answers (sm_commands.cpp). One class, split by concept over those sources; internal to
// actors/sm/.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/common/audit_keeping.hpp"
#include "actors/common/audit_log_source.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/telemetry_collector.hpp"
#include "actors/common/telemetry_store.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/sc_mano.hpp"
#include "actors/messages/sm_peer.hpp"
#include "actors/messages/sm_sf.hpp"
#include "actors/messages/snsd.hpp"
#include "actors/sm/sm_settings.hpp"
#include "actors/sm/sm_state.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "pki/bytes.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::sm {

// What sm_state() reads through the entity's extension.
class SmStateSource {
 public:
  virtual ~SmStateSource() = default;
  virtual const SmState& state() const = 0;
};

class SmExtension final : public ManoEntityExtension,
                          public SmStateSource,
                          public AuditLogSource,
                          public telemetry::TelemetryStoreSource {  // issue 16
 public:
  SmExtension(ManoEntityHost& host, const sim::ActorSpec& spec);

  const SmState& state() const override { return state_; }
  // The SM's own audit log (detections and remedies, sm_detection.cpp; issue 16).
  const AuditLog& audit_log() const override { return audit_; }

  void on_start() override;
  void on_certificate_changed() override;
  bool on_command(const sim::Command& command) override;
  void on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) override;

 private:
  // ---- shared (sm_binding.cpp) ----
  const std::string& name() const { return host_.actor_context().name(); }
  std::string next_request_id();
  std::string reference_point_of(const std::string& block) const;
  // The instance the SM holds with `block` ("" when not bound).
  std::string instance_with(const std::string& block) const;
  template <class M>
  void send(const std::string& block, const M& message) {
    host_.channels().send(block, ChannelKind::mutual, reference_point_of(block),
                          messages::to_envelope(message));
  }
  // Notes every identifier a received message carries (learn_* below) and the TLS peer's.
  void learn(const std::string& identifier);
  void learn_peer(const ChannelMessage& m);
  void learn_event(const messages::SmLcmEvent& event);
  void learn_status(const messages::SmVnfStatus& status);
  void register_handlers();

  // ---- binding (sm_binding.cpp) ----
  void start_binding();
  void send_bind(std::uint64_t id, const std::string& block, int attempt);
  void on_bind_response(const ChannelMessage& m, const messages::SmBindResponse& response);
  void on_bind_error(const ChannelMessage& m, const std::string& reason);
  void on_binding_changed(const ChannelMessage& m, const messages::SmBindingChanged& changed);
  void subscribe(const std::string& block);
  void on_subscription(const ChannelMessage& m, const messages::SmLcmSubscriptionResponse& r);
  void trace_bind(const std::string& outcome, const SmBlockBinding& binding);

  // ---- events and grants (sm_events.cpp) ----
  void on_notification(const ChannelMessage& m, const messages::SmLcmEventNotification& n);
  void on_grant_request(const ChannelMessage& m, const messages::SmLcmGrantRequest& g);
  // The event received: recorded, kept, its package checked when asked; returns its index.
  std::size_t receive_event(const ChannelMessage& m, const std::string& instance,
                            const messages::SmLcmEvent& event,
                            const std::optional<std::string>& grant_id);
  // SmPackageVerification of a proposed event's package (none when not asked or not applicable).
  std::optional<std::string> verify_package(const messages::SmLcmEvent& event);
  struct Action {
    std::string block = {};
    std::string instance = {};
    messages::SmLcmEvent event = {};
    std::optional<std::string> grant_id = {};
    std::optional<std::string> package_verdict = {};
    std::string package_reason = {};
    std::optional<std::size_t> rule = {};  // none: the default decision of a grant request
  };
  void act(const Action& action);
  void answer_grant(const Action& action, const std::string& decision,
                    const std::optional<messages::SmPolicy>& policy, const std::string& reason);
  // Sends SmTerminateVnfRequest to `block`; returns its request id.
  std::string request_termination(const std::string& block, const std::string& instance,
                                  const std::string& kind, const std::vector<std::string>& vnfs,
                                  const std::string& reason,
                                  const messages::SmTerminationOptions& o);
  void instruct_policy(const std::string& block, const std::string& instance,
                       const std::vector<std::string>& vnfs, const messages::SmPolicy& policy,
                       const std::optional<std::string>& event_id);
  // Sends `request` (its request id filled in) to `block` (R2.1.340).
  void request_security_function(const std::string& block,
                                 messages::SmSecurityFunctionRequest request);

  // ---- workload requests and answers (sm_commands.cpp) ----
  // The block a command addresses (argument `block`, else `fallback`) and the instance it names
  // (argument `instance`, else the binding's); false (and SmRequest refused) when there is none.
  bool address(const sim::Command& command, const std::string& operation,
               const std::string& fallback, std::string& block, std::string& instance);
  void refuse_command(const std::string& operation, const std::string& block,
                      const std::string& reason);
  void sent(const std::string& request_id, const std::string& operation, const std::string& block);
  void answered(const ChannelMessage& m, const std::string& request_id, const std::string& status,
                const std::optional<std::string>& reason);
  void on_refused(const ChannelMessage& m, const messages::SmRequestRefused& refused);
  // Checks the links of an exported audit chain (the SM holds no MAC key): SmAuditVerification.
  void verify_export(const ChannelMessage& m, const messages::SmAuditLogExportResponse& answer);
  void on_error(const ChannelMessage& m, const std::string& operation, const std::string& reason);
  void terminate_command(const sim::Command& command);
  // A master's SmOverruleRequest (issue 15): `target` a grant or event id held by `block`.
  void overrule_command(const sim::Command& command);
  void request_overrule(const std::string& block, const std::string& instance,
                        const std::string& target, const std::string& action,
                        const std::optional<std::string>& decision, const std::string& reason);
  void retire_host_command(const sim::Command& command);
  void policy_command(const sim::Command& command);
  void query_status_command(const sim::Command& command);
  void query_history_command(const sim::Command& command);
  void query_context_command(const sim::Command& command);
  void export_audit_command(const sim::Command& command);
  void security_function_command(const sim::Command& command);
  // ---- a compromised SM (sm_compromise.cpp) ----
  void compromise_command(const sim::Command& command);

  // ---- SM peering and security associations (sm_peers.cpp; docs/trust-model.md) ----
  void service_request_command(const sim::Command& command);
  void associate_command(const sim::Command& command);
  // The provider's side of Sm-Sm: SmPeerAuthorization and the answer.
  void on_service_request(const ChannelMessage& m, const messages::SmServiceRequest& r);
  void register_peer_handlers();

  // ---- telemetry (sm_telemetry.cpp; issue 16) ----
 public:
  const telemetry::TelemetryStore* telemetry_store() const override;

 private:
  // The SM as a telemetry collector (with telemetry_store_key) and exploit detector.
  void start_telemetry(const nlohmann::json& params);
  void telemetry_command(const sim::Command& command);
  void on_telemetry(const ChannelMessage& m, const messages::TelemetryReport& report);
  // SecurityDetection kind=exploit for a record past the bound, then the remedy by the SM's mode
  // in the VNF's domain (Remediation requested / instructed / alerted).
  void detect_exploit(const ChannelMessage& m, const nlohmann::json& record);
  // The SM's mode in the trust domain of `vnf` (learnt from its events), "" when unknown.
  std::string mode_for_vnf(const std::string& vnf) const;
  std::unique_ptr<telemetry::TelemetryCollector> telemetry_;
  double exploit_cpu_pct_ = 90;
  bool ignore_exploit_ = false;
  std::set<std::string> exploited_vnfs_;  // detected once each
  // ---- security functions (sm_security_functions.cpp; issue 16) ----
  void register_sf_handlers();
  // True when the command is one of sf_discover, sf_configure_rules, sf_configure_credential,
  // sf_validate (then handled).
  bool sf_command(const sim::Command& command);
  // A received LCM event: NS deployment / scaling completions configure validation.
  void sf_on_event(const messages::SmLcmEvent& event);
  void sf_discover(const std::vector<std::string>& managers, bool catalogue);
  void on_sf_catalogue(const ChannelMessage& m,
                       const messages::SmSecurityFunctionCatalogueResponse& r);
  void on_sf_capabilities(const ChannelMessage& m,
                          const messages::SecurityFunctionCapabilityResponse& r);
  void on_sf_rule_ack(const ChannelMessage& m, const messages::SecurityRuleAck& ack);
  void on_sf_configuration_ack(const ChannelMessage& m,
                               const messages::SecurityFunctionConfigurationAck& ack);
  void on_sf_report(const ChannelMessage& m, const messages::PolicyValidationReport& r);
  // The policy for a function of `domain` (its own first, then its domain's), or null.
  const SfPolicy* sf_policy_for(const std::string& sf, const std::string& domain) const;
  // Whether a binding grants the SM `domain`.
  bool sf_manages(const std::string& domain) const;
  void sf_push_credential(const std::string& sf, const std::string& via);
  void sf_push_rules(const std::string& sf, const std::string& via, const std::string& policy,
                     const std::vector<std::string>& rules, const std::string& action,
                     bool remediation);
  void sf_start_round(const std::string& ns, const std::string& trigger, bool remediation);
  void sf_finish_round(std::uint64_t round);
  struct SfKnown {
    std::string via = {};
    std::string kind = {};
    std::string domain = {};
    bool available = false;
  };
  struct SfEnforced {
    std::string via = {};
    std::string policy = {};
    std::string digest = {};
    std::vector<std::string> rules = {};
    bool acknowledged = false;
    std::optional<pki::Bytes> credential = {};  // once stored
  };
  // What an SfPending pushed, and the `action` of a rule push (or of its remedy).
  static constexpr const char* kWhatRules = "rules";
  static constexpr const char* kWhatCredential = "credential";
  static constexpr const char* kWhatReport = "report";
  static constexpr const char* kActionSet = "set";
  static constexpr const char* kActionReapply = "reapply_rules";
  struct SfPending {
    std::string what = {};  // kWhatRules, kWhatCredential, kWhatReport
    std::string sf = {};
    std::string via = {};
    std::vector<std::string> rules = {};  // rules: what was sent
    std::string policy = {};
    std::string digest = {};
    std::string action = {};
    std::optional<pki::Bytes> secret = {};  // credential: what was sent; report: the nonce
    std::uint64_t round = 0;
    bool remediation = false;
  };
  struct SfRound {
    std::string ns = {};
    std::string trigger = {};
    bool remediation = false;
    std::set<std::string> waiting = {};
    std::vector<std::string> functions = {};
    std::vector<std::string> violations = {};
    bool finished = false;
  };
  std::map<std::string, SfKnown> sf_known_;        // by sf id
  std::map<std::string, SfEnforced> sf_enforced_;  // by sf id
  std::map<std::string, SfPending> sf_pending_;    // by request id
  std::map<std::uint64_t, SfRound> sf_rounds_;
  std::uint64_t sf_next_round_ = 1;
  std::set<std::string> sf_remediating_;  // sfs whose rules were pushed again, not yet acked
  std::string sf_remediation_ns_;
  struct SfNsTrigger {
    std::string trigger = {};
    std::string event_id = {};
    std::string vnf = {};  // the last event's VNF
  };
  std::map<std::string, SfNsTrigger> sf_ns_pending_;     // by NS, until its delay passed
  std::map<std::string, std::string> sf_ns_generation_;  // NS -> the event its timer waits for
  // ---- unprotected configuration (sm_plain_config.cpp; issue 16, R1.3.150) ----
  // The delivered_over of an acknowledged configuration as the SM records it on its acknowledged
  // SecurityRulePush / SecurityFunctionCredential ("" under fault miss_plain_configuration).
  std::string sf_delivery_seen(const std::optional<std::string>& delivered_over) const;
  // After an acknowledged configuration delivered over plain: SecurityDetection
  // kind=unprotected_configuration, then, for an SM Semi/Fully-Active in the function's domain,
  // the configuration pushed again over mutual TLS once per function and kind (Remediation
  // reapply_rules / renew_credential); a Passive SM, or a second plain delivery, alerts only.
  void sf_check_delivery(const SfPending& p, const std::string& request_id,
                         const std::optional<std::string>& delivered_over);
  std::set<std::string> sf_plain_remedied_;  // "what|sf" configurations pushed again
  // ---- monitoring (sm_monitoring.cpp; issue 16) ----
  // Monitoring runs (R1.3.240), the on/off windows (R1.3.50), the topology view (R1.3.170) and
  // the policy loaded before binding (R1.3.210); docs/security-monitoring.md "Monitoring runs,
  // probes and SLA windows".
  void start_monitoring();  // on_start: SmPolicyLoaded, the continuous timer
  void monitor_command(const sim::Command& command);
  void monitoring_switch_command(const sim::Command& command);
  void schedule_monitoring_tick();
  // One run: MonitoringRun started, then the query whose answer it observes (SmRequest answered).
  void monitoring_run(const std::string& trigger, const std::string& event_id,
                      const std::optional<std::string>& vnf);
  // receive_event: an event-triggered run when the event is of a configured kind, and the
  // topology view kept up to date (TopologyUpdated).
  void watch_event(const messages::SmLcmEvent& event);
  void topology_updated(const messages::SmLcmEvent& event, const std::string& change,
                        TraceDetail detail);
  SmMonitoringSettings monitoring_;
  bool monitoring_on_ = false;
  bool monitoring_started_ = false;
  std::uint64_t monitoring_generation_ = 0;           // a switch off cancels the pending tick
  std::map<std::string, std::string> topology_host_;  // VNFCI -> host (as the SM knows it)
  std::map<std::string, std::string> topology_vnf_;   // VNFCI -> VNF
  std::map<std::string, std::string> topology_ns_;    // VNF -> NS
  // ---- detection (sm_detection.cpp; issue 16) ----
  // What the SM notices in an event it received (SecurityDetection): a package its own check
  // failed, and, for a VIM's RESOURCE_ALLOCATE, the reconciliation with the NFVO's
  // VNF_INSTANTIATE events after `detection_window`.
  void detect(const std::string& block, const std::string& instance,
              const messages::SmLcmEvent& event, const std::optional<std::string>& package_verdict);
  void reconcile(const std::string& block, const std::string& instance,
                 const messages::SmLcmEvent& event);
  // Remediation of an unauthorized deployment: terminate (Semi-Active request, Fully-Active
  // instruction) at the block that reported it, or alert only (Passive).
  void remediate(const std::string& block, const std::string& instance,
                 const messages::SmLcmEvent& event);
  // The SM's mode in `domain` as `block` granted it ("" none).
  std::string mode_at(const std::string& block, const std::string& domain) const;
  std::set<std::string> reconciling_;  // VNFs whose allocations are being reconciled or were
  // Appends to the SM's own audit log, partition (this SM, `domain`); the partition's key drawn
  // from the SM's seeded stream on first use (AuditKeyProvisioned). Fault skip_audit: nothing.
  void audit(const std::string& domain, const std::string& event, const std::string& detail);
  AuditLog audit_{""};  // made the SM's own on first use (see audit())

  // ---- updates (sm_update.cpp; issue 16, R1.3.220) ----
  // Judges a software image update (VNF_MODIFY software_image) or host firmware update
  // (HOST_UPDATE) against `update_policy` (SecurityDetection authorized / detected
  // unauthorized_update); true when it answered the action's grant request with a rejection.
  bool judge_update(const Action& action);
  // ---- sNSD (sm_snsd.cpp; issue 16) ----
  void design_snsd_command(const sim::Command& command);
  void on_descriptor(const ChannelMessage& m, const messages::SmDescriptorResponse& r);
  void register_snsd_handlers();
  struct SnsdDesign {
    std::string nsd;
    std::string snsd_id;
    nlohmann::json security;
  };
  std::map<std::string, SnsdDesign> snsd_designs_;  // by descriptor query request id
  // The VSFs the SM put into each NS (by sNSD or request), learnt from the VSFs' VNF_INSTANTIATE
  // events; dropped (SmNsPolicyDropped) when the NS_TERMINATE event comes (R1.2.170).
  void track_ns_lifecycle(const messages::SmLcmEvent& event);
  std::set<std::string> vsf_vnfds_;                       // VNFDs of its VSFs
  std::map<std::string, std::set<std::string>> ns_vsfs_;  // NS -> its VSFs

  // ---- VSFs following an NS scale (sm_scale_vsf.cpp; issue 16) ----
  // Learns each VNF's VNFD and NS from its events; on an NS_SCALE completed event asks for a VSF
  // (settings_.protect) for each added VNF and terminates the VSF of each removed one (R1.2.120).
  void follow_ns_scale(const std::string& block, const messages::SmLcmEvent& event);
  void scale_vsf_answered(const messages::SmSecurityFunctionResponse& r);
  struct ScaleVnf {
    std::string vnfd;
    std::string ns;
    std::string domain;
  };
  std::map<std::string, ScaleVnf> scale_vnfs_;         // VNF -> what its events said
  std::map<std::string, std::string> scale_requests_;  // VSF request id -> protected VNF
  std::map<std::string, std::string> scale_vsf_of_;    // protected VNF -> its VSF

  ManoEntityHost& host_;
  const SmSettings settings_;
  SmState state_;
  std::uint64_t next_request_ = 1;
  RequestTracker<std::string> binds_;                 // pending: the block
  std::map<std::string, std::uint64_t> bind_ids_;     // request id -> tracker id
  std::map<std::string, std::string> bind_requests_;  // block -> its bind request id
  std::map<std::string, std::string> error_ops_;      // "<op>Error" -> op, for the handlers

  // ---- audit keys (audit_keeping.hpp, used by sm_detection.cpp's audit(); issue 16) ----
  // The SM's own audit log's keys: drawn, or derived from an auditor's delivered key
  // (R1.3.270).
  AuditKeeping audit_keeping_;
};

}  // namespace ifa026::actors::sm
