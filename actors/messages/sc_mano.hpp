// Messages of Sc-Or, Sc-Vnfm and Sc-Vi: a Security Manager (actors/sm/) and the MANO blocks that
// serve it (actors/common/sm_gateway.hpp in the NFVO, VNFM and VIM), docs/security-manager.md
// "Messages". Every one travels inside the mutual-TLS session of one interface instance
// (`instance`, "<sm>@<block>/<reference point>"), which MANO assigns at bind time; requests carry
// the SM's `request_id`. Values (modes, event types, phases, decisions, kinds) are in
// sm_vocabulary.hpp. VnfTerminationNotice is the NFVO's notice to the OSS on Os-Ma-Nfvo about a
// termination an SM asked for (R2.1.260).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// ---- Binding (SM -> block) and its changes (block -> SM) ----

// A mode MANO grants an SM in one trust domain (sm_vocabulary.hpp kMode*).
struct SmGrant {
  std::string domain;
  std::string mode;
  bool operator==(const SmGrant&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("domain", self.domain);
    f("mode", self.mode);
  }
};

struct SmBindRequest {
  static constexpr std::string_view kOperation = operations::kSmBindRequest;
  std::string request_id;
  std::string sm;
  std::vector<std::string> domains;  // the domains it asks to manage (empty: all it is granted)
  bool operator==(const SmBindRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("sm", self.sm);
    f("domains", self.domains);
  }
};

struct SmBindResponse {
  static constexpr std::string_view kOperation = operations::kSmBindResponse;
  std::string request_id;
  std::string status;  // bound, refused
  std::string instance;
  std::vector<SmGrant> grants;
  std::optional<std::string> reason;
  bool operator==(const SmBindResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("status", self.status);
    f("instance", self.instance);
    f("grants", self.grants);
    f("reason", self.reason);
  }
};

// MANO changed an SM's grants (a mode changed in one domain, or the binding was revoked).
struct SmBindingChanged {
  static constexpr std::string_view kOperation = operations::kSmBindingChanged;
  std::string instance;
  std::vector<SmGrant> grants;
  std::string reason;
  bool operator==(const SmBindingChanged&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("grants", self.grants);
    f("reason", self.reason);
  }
};

// ---- LCM events ----

struct SmEventFilter {
  std::vector<std::string> domains;      // empty: every granted domain
  std::vector<std::string> event_types;  // empty: every type
  bool include_vnfd = false;
  bool operator==(const SmEventFilter&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("domains", self.domains);
    f("event_types", self.event_types);
    f("include_vnfd", self.include_vnfd);
  }
};

struct SmLcmSubscriptionRequest {
  static constexpr std::string_view kOperation = operations::kSmLcmSubscriptionRequest;
  std::string request_id;
  std::string instance;
  SmEventFilter filter;
  bool operator==(const SmLcmSubscriptionRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("instance", self.instance);
    f("filter", self.filter);
  }
};

struct SmLcmSubscriptionResponse {
  static constexpr std::string_view kOperation = operations::kSmLcmSubscriptionResponse;
  std::string request_id;
  std::string status;  // subscribed, refused
  std::optional<std::string> subscription;
  std::optional<std::string> reason;
  bool operator==(const SmLcmSubscriptionResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("status", self.status);
    f("subscription", self.subscription);
    f("reason", self.reason);
  }
};

// What MANO found about a package (R2.1.210, R2.1.250): digest recomputed over the content,
// whether it is signed, MANO's own verdict, and the CMS signature when signed.
struct SmPackageIntegrity {
  std::string algorithm;  // sha-256
  std::string digest;     // hex
  bool signed_package = false;
  std::string mano_verdict;
  std::optional<pki::Bytes> signature;
  bool operator==(const SmPackageIntegrity&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("algorithm", self.algorithm);
    f("digest", self.digest);
    f("signed", self.signed_package);
    f("mano_verdict", self.mano_verdict);
    f("signature", self.signature);
  }
};

struct SmHostRef {
  std::string host_id;
  std::string location;
  bool operator==(const SmHostRef&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("host_id", self.host_id);
    f("location", self.location);
  }
};

// One LCM event (R2.1.150-240, R2.1.300, R1.2.110). Fields always present: event_id, event_type,
// phase, occurred_at, trust_domain, source, reason, oss_app_id and the VNF (or NS) it is about;
// the rest by event type (docs/security-manager.md, "Event content").
struct SmLcmEvent {
  std::string event_id;
  std::string event_type;
  std::string phase;
  std::string occurred_at;  // simulated time, "12.500s"
  std::string trust_domain;
  std::string source;  // lcm::kSource* (SECURITY_MANAGER when an SM caused it, D3)
  std::string reason;
  std::string oss_app_id;
  std::optional<std::string> vnf_instance_id;
  std::optional<std::string> ns_id;
  std::optional<std::string> operation;  // the LCM operation (INSTANTIATE, SCALE_OUT, ...)
  // VNF_INSTANTIATE
  std::optional<std::string> vnf_package_id;
  std::optional<std::string> vnfd_id;
  std::optional<nlohmann::json> vnfd;  // only when the subscription asked for it
  std::optional<SmPackageIntegrity> package_integrity;
  std::optional<std::string> requestor_ref;
  std::optional<std::vector<std::string>> connectivity;  // the NS's other VNFs it is linked to
  std::optional<std::string> group_ref;                  // the NS instance
  std::optional<std::vector<SmHostRef>> hosts;
  // VNF_MODIFY
  std::optional<std::string> change_kind;
  std::optional<nlohmann::json> change_details;  // {"added": [...], "removed": [...]}, ...
  // VNF_TERMINATE
  std::optional<std::string> termination_kind;
  // NS_SCALE
  std::optional<std::vector<std::string>> added;
  std::optional<std::vector<std::string>> removed;
  // The SM that caused the event (source SECURITY_MANAGER), only in the copies sent to that SM
  // and its ancestors in the hierarchy (D3); absent in every other copy.
  std::optional<std::string> source_sm;
  bool operator==(const SmLcmEvent&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("event_id", self.event_id);
    f("event_type", self.event_type);
    f("phase", self.phase);
    f("occurred_at", self.occurred_at);
    f("trust_domain", self.trust_domain);
    f("source", self.source);
    f("reason", self.reason);
    f("oss_app_id", self.oss_app_id);
    f("vnf_instance_id", self.vnf_instance_id);
    f("ns_id", self.ns_id);
    f("operation", self.operation);
    f("vnf_package_id", self.vnf_package_id);
    f("vnfd_id", self.vnfd_id);
    f("vnfd", self.vnfd);
    f("package_integrity", self.package_integrity);
    f("requestor_ref", self.requestor_ref);
    f("connectivity", self.connectivity);
    f("group_ref", self.group_ref);
    f("hosts", self.hosts);
    f("change_kind", self.change_kind);
    f("change_details", self.change_details);
    f("termination_kind", self.termination_kind);
    f("added", self.added);
    f("removed", self.removed);
    f("source_sm", self.source_sm);
  }
};

struct SmLcmEventNotification {
  static constexpr std::string_view kOperation = operations::kSmLcmEventNotification;
  std::string instance;
  std::string subscription;
  SmLcmEvent event;
  bool operator==(const SmLcmEventNotification&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("subscription", self.subscription);
    f("event", self.event);
  }
};

// ---- Fully-Active grants, Semi-Active objections, package confirmation ----

struct SmLcmGrantRequest {
  static constexpr std::string_view kOperation = operations::kSmLcmGrantRequest;
  std::string instance;
  std::string grant_id;
  SmLcmEvent event;      // phase proposed
  std::string deadline;  // simulated time by which MANO gives up ("42.000s")
  bool operator==(const SmLcmGrantRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("grant_id", self.grant_id);
    f("event", self.event);
    f("deadline", self.deadline);
  }
};

// A security policy (opaque to MANO: the spec leaves its content open).
struct SmPolicy {
  std::string policy_id;
  std::string media_type;
  std::string content;
  bool operator==(const SmPolicy&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("policy_id", self.policy_id);
    f("media_type", self.media_type);
    f("content", self.content);
  }
};

struct SmLcmGrantResponse {
  static constexpr std::string_view kOperation = operations::kSmLcmGrantResponse;
  std::string instance;
  std::string grant_id;
  std::string decision;  // approve, approve_with_policy, reject
  std::optional<SmPolicy> policy;
  std::optional<std::string> package_verdict;  // verified, failed (R2.1.250)
  std::optional<std::string> reason;
  bool operator==(const SmLcmGrantResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("grant_id", self.grant_id);
    f("decision", self.decision);
    f("policy", self.policy);
    f("package_verdict", self.package_verdict);
    f("reason", self.reason);
  }
};

// A Semi-Active SM objects to a proposed operation (inside the objection window it ends it).
struct SmLcmObjection {
  static constexpr std::string_view kOperation = operations::kSmLcmObjection;
  std::string instance;
  std::string event_id;
  std::string reason;
  bool operator==(const SmLcmObjection&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("event_id", self.event_id);
    f("reason", self.reason);
  }
};

struct SmPackageIntegrityConfirmation {
  static constexpr std::string_view kOperation = operations::kSmPackageIntegrityConfirmation;
  std::string instance;
  std::string event_id;
  std::string vnf_package_id;
  std::string verdict;  // verified, failed
  std::optional<std::string> reason;
  bool operator==(const SmPackageIntegrityConfirmation&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("event_id", self.event_id);
    f("vnf_package_id", self.vnf_package_id);
    f("verdict", self.verdict);
    f("reason", self.reason);
  }
};

// ---- Requests an SM makes (each answered; a refusal says why) ----

struct SmSecurityPolicyInstruction {
  static constexpr std::string_view kOperation = operations::kSmSecurityPolicyInstruction;
  std::string instance;
  std::string instruction_id;
  std::optional<std::string> event_id;  // set inside an event exchange, absent when unsolicited
  std::vector<std::string> vnf_instance_ids;
  SmPolicy policy;
  bool operator==(const SmSecurityPolicyInstruction&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("instruction_id", self.instruction_id);
    f("event_id", self.event_id);
    f("vnf_instance_ids", self.vnf_instance_ids);
    f("policy", self.policy);
  }
};

struct SmSecurityPolicyAck {
  static constexpr std::string_view kOperation = operations::kSmSecurityPolicyAck;
  std::string instance;
  std::string instruction_id;
  std::string status;  // applied, refused
  std::optional<std::string> reason;
  std::optional<std::string> policy_digest;
  bool operator==(const SmSecurityPolicyAck&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("instruction_id", self.instruction_id);
    f("status", self.status);
    f("reason", self.reason);
    f("policy_digest", self.policy_digest);
  }
};

// Termination options (R2.1.260: the first three; R2.1.270: all seven, instruction only).
struct SmTerminationOptions {
  bool replace_allowed = true;
  bool quarantine_copy = false;
  bool other_recovery_allowed = true;
  std::optional<bool> quarantine_image_and_vnfd;
  std::optional<std::string> host_disposition;  // release, quarantine
  std::optional<bool> terminate_cohosted;
  std::optional<bool> erase_secure_storage;
  bool operator==(const SmTerminationOptions&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("replace_allowed", self.replace_allowed);
    f("quarantine_copy", self.quarantine_copy);
    f("other_recovery_allowed", self.other_recovery_allowed);
    f("quarantine_image_and_vnfd", self.quarantine_image_and_vnfd);
    f("host_disposition", self.host_disposition);
    f("terminate_cohosted", self.terminate_cohosted);
    f("erase_secure_storage", self.erase_secure_storage);
  }
};

struct SmTerminateVnfRequest {
  static constexpr std::string_view kOperation = operations::kSmTerminateVnfRequest;
  std::string instance;
  std::string request_id;
  std::string kind;  // request, instruction
  std::vector<std::string> vnf_instance_ids;
  std::string reason;
  SmTerminationOptions options;
  bool operator==(const SmTerminateVnfRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("kind", self.kind);
    f("vnf_instance_ids", self.vnf_instance_ids);
    f("reason", self.reason);
    f("options", self.options);
  }
};

// The outcome for one listed item (a VNF, or a VNF on a retired host).
struct SmItemResult {
  std::string vnf_instance_id;
  std::string outcome;  // terminated, migrated, refused, unknown, failed
  std::optional<std::string> reason;
  bool operator==(const SmItemResult&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf_instance_id", self.vnf_instance_id);
    f("outcome", self.outcome);
    f("reason", self.reason);
  }
};

struct SmTerminateVnfResponse {
  static constexpr std::string_view kOperation = operations::kSmTerminateVnfResponse;
  std::string instance;
  std::string request_id;
  std::string status;  // accepted, partial, refused
  std::vector<SmItemResult> results;
  std::optional<std::string> reason;
  bool operator==(const SmTerminateVnfResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("results", self.results);
    f("reason", self.reason);
  }
};

struct SmHostRetirementRequest {
  static constexpr std::string_view kOperation = operations::kSmHostRetirementRequest;
  std::string instance;
  std::string request_id;
  std::string kind;  // request, instruction
  std::string host_id;
  std::string vnf_disposition;  // migrate, terminate
  bool quarantine_host = false;
  bool operator==(const SmHostRetirementRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("kind", self.kind);
    f("host_id", self.host_id);
    f("vnf_disposition", self.vnf_disposition);
    f("quarantine_host", self.quarantine_host);
  }
};

struct SmHostRetirementResponse {
  static constexpr std::string_view kOperation = operations::kSmHostRetirementResponse;
  std::string instance;
  std::string request_id;
  std::string status;  // accepted, refused
  std::vector<SmItemResult> results;
  std::optional<std::string> host_state;
  std::optional<std::string> reason;
  bool operator==(const SmHostRetirementResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("results", self.results);
    f("host_state", self.host_state);
    f("reason", self.reason);
  }
};

// ---- Queries (every mode) ----

struct SmVnfStatus {
  std::string vnf_instance_id;
  std::string oss_app_id;
  std::string vnfd_id;
  std::string ns_id;
  std::string state;
  std::string trust_domain;
  bool operator==(const SmVnfStatus&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf_instance_id", self.vnf_instance_id);
    f("oss_app_id", self.oss_app_id);
    f("vnfd_id", self.vnfd_id);
    f("ns_id", self.ns_id);
    f("state", self.state);
    f("trust_domain", self.trust_domain);
  }
};

struct SmNetworkStatusQuery {
  static constexpr std::string_view kOperation = operations::kSmNetworkStatusQuery;
  std::string instance;
  std::string request_id;
  std::string domain;
  bool operator==(const SmNetworkStatusQuery&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("domain", self.domain);
  }
};

struct SmNetworkStatusResponse {
  static constexpr std::string_view kOperation = operations::kSmNetworkStatusResponse;
  std::string instance;
  std::string request_id;
  std::string status;  // ok, refused
  std::string as_of;
  std::vector<SmVnfStatus> vnfs;
  std::optional<std::string> reason;
  bool operator==(const SmNetworkStatusResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("as_of", self.as_of);
    f("vnfs", self.vnfs);
    f("reason", self.reason);
  }
};

struct SmLcmHistoryQuery {
  static constexpr std::string_view kOperation = operations::kSmLcmHistoryQuery;
  std::string instance;
  std::string request_id;
  std::string from;  // simulated times ("0s", "120s")
  std::string to;
  bool operator==(const SmLcmHistoryQuery&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("from", self.from);
    f("to", self.to);
  }
};

struct SmVnfHistory {
  std::string vnf_instance_id;
  std::string oss_app_id;
  std::string trust_domain;
  std::string existed_from;
  std::optional<std::string> existed_to;
  std::vector<SmLcmEvent> events;
  bool operator==(const SmVnfHistory&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf_instance_id", self.vnf_instance_id);
    f("oss_app_id", self.oss_app_id);
    f("trust_domain", self.trust_domain);
    f("existed_from", self.existed_from);
    f("existed_to", self.existed_to);
    f("events", self.events);
  }
};

struct SmLcmHistoryResponse {
  static constexpr std::string_view kOperation = operations::kSmLcmHistoryResponse;
  std::string instance;
  std::string request_id;
  std::string status;
  std::vector<SmVnfHistory> vnfs;
  std::optional<std::string> reason;
  bool operator==(const SmLcmHistoryResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("vnfs", self.vnfs);
    f("reason", self.reason);
  }
};

// Context for interpreting an event (R2.1.240, R1.2.90): one of the three keys.
struct SmContextQuery {
  static constexpr std::string_view kOperation = operations::kSmContextQuery;
  std::string instance;
  std::string request_id;
  std::optional<std::string> event_id;
  std::optional<std::string> vnf_instance_id;
  std::optional<std::string> ns_id;
  bool operator==(const SmContextQuery&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("event_id", self.event_id);
    f("vnf_instance_id", self.vnf_instance_id);
    f("ns_id", self.ns_id);
  }
};

struct SmContextResponse {
  static constexpr std::string_view kOperation = operations::kSmContextResponse;
  std::string instance;
  std::string request_id;
  std::string status;
  std::optional<std::string> ns_id;
  std::vector<SmVnfStatus> vnfs;   // the NS's VNFs the SM may see
  std::vector<SmLcmEvent> events;  // the earlier events of the VNF(s)
  std::optional<std::string> reason;
  bool operator==(const SmContextResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("ns_id", self.ns_id);
    f("vnfs", self.vnfs);
    f("events", self.events);
    f("reason", self.reason);
  }
};

// ---- Audit log export (5.1.3-k): the records of one (SM, domain) partition ----

struct SmAuditRecord {
  long long seq = 0;
  long long time_us = 0;
  std::string block;
  std::string sm;
  std::string domain;
  std::string event;
  std::string detail;
  std::string prev_hash;
  std::string mac;
  bool operator==(const SmAuditRecord&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("seq", self.seq);
    f("time_us", self.time_us);
    f("block", self.block);
    f("sm", self.sm);
    f("domain", self.domain);
    f("event", self.event);
    f("detail", self.detail);
    f("prev_hash", self.prev_hash);
    f("mac", self.mac);
  }
};

struct SmAuditLogExportRequest {
  static constexpr std::string_view kOperation = operations::kSmAuditLogExportRequest;
  std::string instance;
  std::string request_id;
  std::string domain;
  std::string from;
  std::string to;
  bool operator==(const SmAuditLogExportRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("domain", self.domain);
    f("from", self.from);
    f("to", self.to);
  }
};

struct SmAuditLogExportResponse {
  static constexpr std::string_view kOperation = operations::kSmAuditLogExportResponse;
  std::string instance;
  std::string request_id;
  std::string status;
  std::vector<SmAuditRecord> records;
  std::optional<std::string> reason;
  bool operator==(const SmAuditLogExportResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("records", self.records);
    f("reason", self.reason);
  }
};

// The answer to any SM message MANO does not accept before it reaches its own handler: an
// unbound instance, an instance that is another SM's (R2.1.60), a mode that does not permit the
// operation (§6.2). `operation` names what was refused.
struct SmRequestRefused {
  static constexpr std::string_view kOperation = operations::kSmRequestRefused;
  std::string instance;
  std::string request_id;
  std::string operation;
  std::string reason;
  bool operator==(const SmRequestRefused&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("operation", self.operation);
    f("reason", self.reason);
  }
};

// ---- Security functions (R2.1.340; the map's message 11) ----

// The security function a request is about: the VSF's VNFD (and package, flavour) to
// instantiate, or the running VSF instance to modify or terminate.
struct SmVsfReference {
  std::optional<std::string> vnfd_id;
  std::optional<std::string> package;
  std::optional<std::string> flavour;
  std::optional<std::string> vsf_instance_id;  // modify, terminate
  bool operator==(const SmVsfReference&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfd_id", self.vnfd_id);
    f("package", self.package);
    f("flavour", self.flavour);
    f("vsf_instance_id", self.vsf_instance_id);
  }
};

// Where the VSF goes: on the virtual link between two VNF instances of an NS (`between`), or
// between two VNFCs of one VNF (`within`, `between_vnfcs`).
struct SmVsfPlacement {
  std::optional<std::string> ns_id;
  std::optional<std::vector<std::string>> between;
  std::optional<std::string> within;
  std::optional<std::vector<std::string>> between_vnfcs;
  bool operator==(const SmVsfPlacement&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("ns_id", self.ns_id);
    f("between", self.between);
    f("within", self.within);
    f("between_vnfcs", self.between_vnfcs);
  }
};

// A Semi- or Fully-Active SM asks MANO to instantiate, modify (new policy) or terminate a
// security function in a network service, inside an event exchange (`event_id`) or unsolicited.
struct SmSecurityFunctionRequest {
  static constexpr std::string_view kOperation = operations::kSmSecurityFunctionRequest;
  std::string instance;
  std::string request_id;
  std::string action;  // instantiate, modify, terminate
  SmVsfReference vsf;
  std::optional<SmVsfPlacement> placement;  // instantiate
  std::optional<SmPolicy> policy;           // instantiate (optional), modify
  std::optional<std::string> event_id;
  bool operator==(const SmSecurityFunctionRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("action", self.action);
    f("vsf", self.vsf);
    f("placement", self.placement);
    f("policy", self.policy);
    f("event_id", self.event_id);
  }
};

// The answer, once the request was carried out (or refused): `vsf_instance_id` names the VSF.
struct SmSecurityFunctionResponse {
  static constexpr std::string_view kOperation = operations::kSmSecurityFunctionResponse;
  std::string instance;
  std::string request_id;
  std::string status;  // completed, failed, refused
  std::optional<std::string> vsf_instance_id;
  std::optional<std::string> reason;
  bool operator==(const SmSecurityFunctionResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("vsf_instance_id", self.vsf_instance_id);
    f("reason", self.reason);
  }
};

// ---- NFVO -> OSS (Os-Ma-Nfvo) ----

// The NFVO tells the OSS that owns a VNF that an SM had it terminated: before the termination for
// a Semi-Active request (R2.1.260), after it for a Fully-Active instruction (R2.1.270).
struct VnfTerminationNotice {
  static constexpr std::string_view kOperation = operations::kVnfTerminationNotice;
  std::string vnf_instance_id;
  std::string oss_app_id;
  std::string ns;
  std::string origin;  // SECURITY_MANAGER
  std::string reason;
  std::string phase;  // before, after
  bool operator==(const VnfTerminationNotice&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf_instance_id", self.vnf_instance_id);
    f("oss_app_id", self.oss_app_id);
    f("ns", self.ns);
    f("origin", self.origin);
    f("reason", self.reason);
    f("phase", self.phase);
  }
};

// ---- SM hierarchies (5.1.3-a, R2.1.50, D4, D7; the map's message 12) ----

// A master SM overrules a sub-SM's pending decision: `target` is the grant id or event id of an
// operation MANO holds (a grant the sub-SM rejected or has not answered, or one it approved while
// the operation still waits); `action` cancel (the operation does not run) or replace (`decision`
// approve / reject takes the place of the sub-SMs' answers). Only along `oversees` edges allowing
// it (may_overrule), in any mode of the master.
struct SmOverruleRequest {
  static constexpr std::string_view kOperation = operations::kSmOverruleRequest;
  std::string instance;
  std::string request_id;
  std::string target;
  std::string action;                   // cancel, replace
  std::optional<std::string> decision;  // replace: approve, reject
  std::string reason;
  bool operator==(const SmOverruleRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("target", self.target);
    f("action", self.action);
    f("decision", self.decision);
    f("reason", self.reason);
  }
};

struct SmOverruleResponse {
  static constexpr std::string_view kOperation = operations::kSmOverruleResponse;
  std::string instance;
  std::string request_id;
  std::string status;  // applied, refused
  std::optional<std::string> reason;
  bool operator==(const SmOverruleResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("reason", self.reason);
  }
};

}  // namespace ifa026::actors::messages
