// Messages of Cm-Vnfm (docs/direct-mode.md): the CMF subscribes to a VNFM's VNF lifecycle
// management (LCM) notifications, receives them, and queries a VNF's VNFC instances (C.2.1.1 #0).
// Mutual TLS.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// Which notifications a subscriber wants (every list optional: absent = any). The VNFM refuses a
// filter member it does not know; decoded through this struct such a member is ignored instead
// (the codec's rule), so a converted VNFM must keep that check if it matters. No actor sends a
// filter today.
struct LccnFilter {
  std::optional<std::vector<std::string>> vnfs;
  std::optional<std::vector<std::string>> vnfds;
  std::optional<std::vector<std::string>> operations;  // INSTANTIATE, SCALE_OUT, ...
  std::optional<std::vector<std::string>> states;      // STARTING, COMPLETED, FAILED
  bool operator==(const LccnFilter&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfs", self.vnfs);
    f("vnfds", self.vnfds);
    f("operations", self.operations);
    f("states", self.states);
  }
};

// CMF -> VNFM (the CMF sends an empty body).
struct LccnSubscriptionRequest {
  static constexpr std::string_view kOperation = operations::kLccnSubscriptionRequest;
  std::optional<LccnFilter> filter;
  bool operator==(const LccnSubscriptionRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("filter", self.filter);
  }
};

// VNFM -> CMF: status "subscribed" with the subscription id, or "rejected" with a reason (the CMF
// also takes "ok" and "created" as success).
struct LccnSubscriptionResponse {
  static constexpr std::string_view kOperation = operations::kLccnSubscriptionResponse;
  std::string status;
  std::optional<std::string> reason;
  std::optional<std::string> subscription;
  bool operator==(const LccnSubscriptionResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("subscription", self.subscription);
  }
};

// One certificate identity a VNFC instance needs (from its VNFD, {vnf}/{vnfci} substituted).
struct VnfciIdentityDescription {
  std::string name;
  std::string usage;    // client, server, oam
  std::string subject;  // DN text
  std::vector<std::string> dns;
  bool operator==(const VnfciIdentityDescription&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("name", self.name);
    f("usage", self.usage);
    f("subject", self.subject);
    f("dns", self.dns);
  }
};

// The VNFC instance requires secure bootstrapping (C.2.1.2; with an HSM, C.2.1.3).
struct SecureBootstrapHint {
  bool attestation = true;
  std::optional<std::string> hsm;  // actor
  bool operator==(const SecureBootstrapHint&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("attestation", self.attestation);
    f("hsm", self.hsm);
  }
};

// A VNFC instance: in a notification's affected_vnfcs (with `change`) and in a query's vnfcis.
struct VnfciEntry {
  std::string vnfci;                  // actor name
  std::string vnfc;                   // VNFC id in the VNFD
  std::optional<std::string> change;  // ADDED, REMOVED (notifications only)
  // Always sent by the VNFM; a notification entry without it makes the CMF query the VNF (C.2.1.1
  // #0: asset data incomplete), so it stays optional.
  std::optional<std::vector<VnfciIdentityDescription>> identities;
  std::optional<SecureBootstrapHint> secure_bootstrap;
  bool operator==(const VnfciEntry&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfci", self.vnfci);
    f("vnfc", self.vnfc);
    f("change", self.change);
    f("identities", self.identities);
    f("secure_bootstrap", self.secure_bootstrap);
  }
};

// VNFM -> each subscriber whose filter matches, at the start (STARTING, no affected VNFCs) and the
// end (COMPLETED or FAILED) of each LCM operation occurrence. The same message is the VNF LCM
// notification of Or-Vnfm (docs/lifecycle.md): operations that came over the chain add PROCESSING
// (grant obtained) and ROLLED_BACK, and carry `source`, `correlation` and, when they end badly,
// `reason`; operations of the VNFM's workload commands leave those three out (their bodies stay
// as before).
struct VnfLcmOperationOccurrenceNotification {
  static constexpr std::string_view kOperation = operations::kVnfLcmOperationOccurrenceNotification;
  std::string vnf;
  std::string vnfd;
  std::string operation;   // INSTANTIATE, SCALE_OUT, SCALE_IN, HEAL, TERMINATE, ...
  std::string state;       // STARTING, PROCESSING, COMPLETED, FAILED, ROLLED_BACK
  std::string occurrence;  // "<vnfm>-op-N"
  std::vector<VnfciEntry> affected_vnfcs;
  std::string id;                          // "<vnfm>-notification-N"
  std::string subscription;                // the subscriber's subscription id
  std::optional<std::string> source;       // OSS, NFVO, VNFM_AUTO_HEAL, VIM, SECURITY_MANAGER
  std::optional<std::string> correlation;  // the originating request's id
  std::optional<std::string> reason;       // FAILED, ROLLED_BACK
  bool operator==(const VnfLcmOperationOccurrenceNotification&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
    f("vnfd", self.vnfd);
    f("operation", self.operation);
    f("state", self.state);
    f("occurrence", self.occurrence);
    f("affected_vnfcs", self.affected_vnfcs);
    f("id", self.id);
    f("subscription", self.subscription);
    f("source", self.source);
    f("correlation", self.correlation);
    f("reason", self.reason);
  }
};

// CMF -> VNFM: one VNF (a notification entry without identities, or the operator's query_vnf
// command); without `vnf` the VNFM answers every VNF (the CMF's reconciliation after each
// confirmed subscription, docs/direct-mode.md).
struct QueryVnfRequest {
  static constexpr std::string_view kOperation = operations::kQueryVnfRequest;
  std::optional<std::string> vnf;
  bool operator==(const QueryVnfRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
  }
};

// A VNF instance as the VNFM describes it.
struct VnfDescription {
  std::string vnf;
  std::string vnfd;
  std::string state;  // NOT_INSTANTIATED, INSTANTIATED
  std::vector<VnfciEntry> vnfcis;
  bool operator==(const VnfDescription&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
    f("vnfd", self.vnfd);
    f("state", self.state);
    f("vnfcis", self.vnfcis);
  }
};

// VNFM -> CMF, in one of three shapes: one VNF (status ok, vnf, vnfd, state, vnfcis), every VNF
// (status ok, vnfs) or a refusal (status rejected, reason, vnf).
struct QueryVnfResponse {
  static constexpr std::string_view kOperation = operations::kQueryVnfResponse;
  std::string status;  // ok, rejected
  std::optional<std::string> reason;
  std::optional<std::string> vnf;
  std::optional<std::string> vnfd;
  std::optional<std::string> state;
  std::optional<std::vector<VnfciEntry>> vnfcis;
  std::optional<std::vector<VnfDescription>> vnfs;
  bool operator==(const QueryVnfResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("vnf", self.vnf);
    f("vnfd", self.vnfd);
    f("state", self.state);
    f("vnfcis", self.vnfcis);
    f("vnfs", self.vnfs);
  }
};

// --- Delegation mode (C.2.2.1, C.3.2.1; docs/delegation-mode.md): a VNFM registers at the CMF as
// the delegate for VNFCI identities' certificates, over mutual TLS with its MANO certificate.

// One identity of a VNFCI the VNFM is delegate for (from the VNFD and the OSS's configuration).
struct DelegatedIdentity {
  std::string name;
  std::string usage;  // client, server, oam
  std::string subject;
  std::vector<std::string> dns;
  bool operator==(const DelegatedIdentity&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("name", self.name);
    f("usage", self.usage);
    f("subject", self.subject);
    f("dns", self.dns);
  }
};

struct DelegatedVnfci {
  std::string vnfci;
  std::vector<DelegatedIdentity> identities;
  bool operator==(const DelegatedVnfci&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfci", self.vnfci);
    f("identities", self.identities);
  }
};

// VNFM -> CMF (C.2.2.1 #0, C.3.2.1 #0): one certificate type per request; `instantiation` is the
// InstantiateVnfRequest (or scale / heal request) that made the VNFM plan these VNFCIs.
struct RegisterDelegateRequest {
  static constexpr std::string_view kOperation = operations::kRegisterDelegateRequest;
  std::string vnf;
  std::string certificate_type;  // vnfci, oam
  std::vector<DelegatedVnfci> vnfcis;
  std::string instantiation;
  bool operator==(const RegisterDelegateRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnf", self.vnf);
    f("certificate_type", self.certificate_type);
    f("vnfcis", self.vnfcis);
    f("instantiation", self.instantiation);
  }
};

// The state of one (VNFCI, identity) after a registration.
struct DelegateRegistrationState {
  std::string vnfci;
  std::string identity;
  std::string state;  // registered, rejected
  std::optional<std::string> reason;
  bool operator==(const DelegateRegistrationState&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfci", self.vnfci);
    f("identity", self.identity);
    f("state", self.state);
    f("reason", self.reason);
  }
};

// CMF -> VNFM (C.2.2.1 #2, C.3.2.1 #2).
struct RegisterDelegateResponse {
  static constexpr std::string_view kOperation = operations::kRegisterDelegateResponse;
  std::string status;  // registered, rejected
  std::string reason;
  std::string vnf;
  std::string certificate_type;
  std::optional<std::string> delegation;  // the CMF's id of this registration
  std::optional<std::string> ca;
  std::optional<std::vector<pki::Bytes>> trust_anchors;  // DER roots for the VNFCIs' chains
  std::vector<DelegateRegistrationState> registrations;
  std::optional<std::string> attestation_nonce;  // hex, for a key attestation (C.2.2.2.7)
  bool operator==(const RegisterDelegateResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("status", self.status);
    f("reason", self.reason);
    f("vnf", self.vnf);
    f("certificate_type", self.certificate_type);
    f("delegation", self.delegation);
    f("ca", self.ca);
    f("trust_anchors", self.trust_anchors);
    f("registrations", self.registrations);
    f("attestation_nonce", self.attestation_nonce);
  }
};

}  // namespace ifa026::actors::messages
