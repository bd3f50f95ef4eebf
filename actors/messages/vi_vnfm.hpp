// Messages of Vi-Vnfm (docs/lifecycle.md; IFA 006's virtualised compute resource management,
// direct resource management mode): the VNFM asks the VIM to allocate, release and migrate the
// compute resource of one VNFC instance, and the VIM tells the VNFM when one of them changed (a
// crash, a migration, a release it did itself, e.g. on host retirement). The VIM, not the VNFM,
// creates and retires the VNFCI actor. Mutual TLS. The bodies are shared with CISM-SI's container
// workloads (cism_si.hpp), which name them differently. Sent by the VNFM, served by the VIM
// (actors/vim/resource_producer.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// Resources one VNFC instance needs (its VNFD's `compute`), and what a host offers.
struct ResourceCapacity {
  long long vcpus = 0;
  long long memory_mb = 0;
  bool operator==(const ResourceCapacity&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vcpus", self.vcpus);
    f("memory_mb", self.memory_mb);
  }
};

// Delegation mode (C.2.2.3, C.3.2.3): one identity's credentials the VIM or CISM puts into the VNFC
// instance it creates, then deletes (Vim.Sc.008).
struct DelegatedCredential {
  std::string identity;
  std::string certification_type;  // vnfci, oam
  pki::Bytes certificate;          // DER
  std::vector<pki::Bytes> chain;   // DER, issuer first
  pki::Bytes private_key;          // PKCS#8 DER
  std::vector<pki::Bytes> trust_anchors;
  bool operator==(const DelegatedCredential&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("identity", self.identity);
    f("certification_type", self.certification_type);
    f("certificate", self.certificate);
    f("chain", self.chain);
    f("private_key", self.private_key);
    f("trust_anchors", self.trust_anchors);
  }
};

// What became of one delegated credential (C.2.2.3 #3).
struct CredentialInstallStatus {
  std::string identity;
  std::string status;                 // installed, failed
  std::optional<std::string> serial;  // hex, when installed
  std::optional<std::string> reason;
  // DER of the certificate the virtualised resource reports holding for this identity, gathered
  // by the VIM or CISM from the VNFCI's report and forwarded to the VNFM (Vim.Vrm.010).
  std::optional<pki::Bytes> certificate = {};
  bool operator==(const CredentialInstallStatus&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("identity", self.identity);
    f("status", self.status);
    f("serial", self.serial);
    f("reason", self.reason);
    f("certificate", self.certificate);
  }
};

// The request to create one VNFC instance's resource (a VM or an OS container). The VIM/CISM traces
// its placement decision (host, location) before it allocates, then creates the VNFCI actor named
// `vnfci` with `user_data` as its parameters (the config drive / cloud-init of a real VIM:
// free-form, since it is whatever the VNFCI type reads). `zone` is the grant's location constraint.
struct ResourceAllocationRequest {
  std::string request_id;
  std::string correlation;
  std::string grant;  // the grant id that allowed it
  std::string vnf;
  std::string vnfc;
  std::string vnfci;
  ResourceCapacity capacity;
  std::optional<std::string> image;
  std::optional<std::string> zone;
  nlohmann::json user_data;
  std::optional<std::vector<DelegatedCredential>> credentials;  // delegation mode only
  // The VNF's trust domain and the SMs its events are hidden from (from the NFVO through the
  // VNFM), so that the VIM routes Sc-Vi events as the NFVO does (docs/security-manager.md).
  std::optional<std::string> trust_domain;
  std::optional<std::vector<std::string>> hidden_from;
  std::optional<std::string> reservation;  // a placement reserved before the grant (D12)
  // The OSS's application id of the VNF, sent with trust_domain: the VIM's Sc-Vi events carry it
  // (R2.1.300).
  std::optional<std::string> oss_app_id;
  bool operator==(const ResourceAllocationRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("grant", self.grant);
    f("vnf", self.vnf);
    f("vnfc", self.vnfc);
    f("vnfci", self.vnfci);
    f("capacity", self.capacity);
    f("image", self.image);
    f("zone", self.zone);
    f("user_data", self.user_data);
    f("credentials", self.credentials);
    f("trust_domain", self.trust_domain);
    f("hidden_from", self.hidden_from);
    f("reservation", self.reservation);
    f("oss_app_id", self.oss_app_id);
  }
};

// The answer: allocated (resource id, host, location; install results in delegation mode) or
// rejected with the reason (no in-service host with capacity in the zone, unauthorized peer, a
// VNFCI name already in use, ...). Nothing is left allocated after a rejection.
struct ResourceAllocationResponse {
  std::string request_id;
  std::string vnfci;
  std::string status;  // allocated, rejected
  std::optional<std::string> reason;
  std::optional<std::string> resource;  // "<vim>-compute-N" / "<cism>-workload-N"
  std::optional<std::string> host;
  std::optional<std::string> location;
  std::optional<std::vector<CredentialInstallStatus>> install;
  bool operator==(const ResourceAllocationResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("vnfci", self.vnfci);
    f("status", self.status);
    f("reason", self.reason);
    f("resource", self.resource);
    f("host", self.host);
    f("location", self.location);
    f("install", self.install);
  }
};

// The request to release one resource (the VNFCI actor is retired with it).
struct ResourceReleaseRequest {
  std::string request_id;
  std::string correlation;
  std::string resource;
  std::string vnfci;
  // What a Security Manager's termination instruction asks of the release (R2.1.260/270): keep a
  // quarantined copy, erase the storage the VNFCI used, release or quarantine the host afterwards,
  // terminate the other VNFs on the host.
  std::optional<bool> quarantine_copy;
  std::optional<bool> erase_secure_storage;
  std::optional<std::string> host_disposition;  // release, quarantine
  std::optional<bool> terminate_cohosted;
  bool operator==(const ResourceReleaseRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("resource", self.resource);
    f("vnfci", self.vnfci);
    f("quarantine_copy", self.quarantine_copy);
    f("erase_secure_storage", self.erase_secure_storage);
    f("host_disposition", self.host_disposition);
    f("terminate_cohosted", self.terminate_cohosted);
  }
};

// The answer: released, or rejected (unknown resource, not this consumer's).
struct ResourceReleaseResponse {
  std::string request_id;
  std::string resource;
  std::string status;  // released, rejected
  std::optional<std::string> reason;
  bool operator==(const ResourceReleaseResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("resource", self.resource);
    f("status", self.status);
    f("reason", self.reason);
  }
};

// Resource producer -> the consumer that allocated the resource (no subscription: the allocation
// is the subscription, docs/lifecycle.md D11): FAULT (the workload crashed; the VNFCI actor is
// gone), MIGRATED (moved to `to_host`), REMOVED (released by the producer itself, e.g. its host
// was retired or quarantined and no other host could take it). `correlation` names the producer's
// own operation (a host retirement) when there is one.
struct ResourceChangeNotification {
  std::string id;  // "<vim>-resource-notification-N"
  std::string resource;
  std::string vnf;
  std::string vnfci;
  std::string change;  // FAULT, MIGRATED, REMOVED
  std::string host;    // where it was
  std::optional<std::string> to_host;
  std::optional<std::string> location;
  std::string reason;
  std::optional<std::string> correlation;
  // Set when a Security Manager caused the change (host retirement, terminate_cohosted):
  // cause SECURITY_MANAGER, and whether the consumer may recover (heal) what was removed.
  std::optional<std::string> cause;
  std::optional<bool> recovery_allowed;
  bool operator==(const ResourceChangeNotification&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("id", self.id);
    f("resource", self.resource);
    f("vnf", self.vnf);
    f("vnfci", self.vnfci);
    f("change", self.change);
    f("host", self.host);
    f("to_host", self.to_host);
    f("location", self.location);
    f("reason", self.reason);
    f("correlation", self.correlation);
    f("cause", self.cause);
    f("recovery_allowed", self.recovery_allowed);
  }
};

// VNFM -> VIM: create the VM of one VNFC instance (C.2.2.3 #0 and C.3.2.3 #0 carry `credentials`).
struct AllocateComputeRequest : ResourceAllocationRequest {
  static constexpr std::string_view kOperation = operations::kAllocateComputeRequest;
  bool operator==(const AllocateComputeRequest&) const = default;
};
// VIM -> VNFM (C.2.2.3 #3).
struct AllocateComputeResponse : ResourceAllocationResponse {
  static constexpr std::string_view kOperation = operations::kAllocateComputeResponse;
  bool operator==(const AllocateComputeResponse&) const = default;
};
// VNFM -> VIM, on scale in, heal (the replaced instance) and terminate.
struct ReleaseComputeRequest : ResourceReleaseRequest {
  static constexpr std::string_view kOperation = operations::kReleaseComputeRequest;
  bool operator==(const ReleaseComputeRequest&) const = default;
};
// VIM -> VNFM.
struct ReleaseComputeResponse : ResourceReleaseResponse {
  static constexpr std::string_view kOperation = operations::kReleaseComputeResponse;
  bool operator==(const ReleaseComputeResponse&) const = default;
};

// VNFM -> VIM: move a VM to another in-service host (`to_host`, or the VIM's choice). The VNFCI
// keeps its name, keys and certificates (a live migration).
struct MigrateComputeRequest {
  static constexpr std::string_view kOperation = operations::kMigrateComputeRequest;
  std::string request_id;
  std::string correlation;
  std::string resource;
  std::string vnfci;
  std::optional<std::string> to_host;
  std::optional<std::string> reason;
  bool operator==(const MigrateComputeRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("resource", self.resource);
    f("vnfci", self.vnfci);
    f("to_host", self.to_host);
    f("reason", self.reason);
  }
};

// VIM -> VNFM: migrated (from_host, to_host) or rejected (no host with capacity, unknown resource).
struct MigrateComputeResponse {
  static constexpr std::string_view kOperation = operations::kMigrateComputeResponse;
  std::string request_id;
  std::string resource;
  std::string status;  // migrated, rejected
  std::optional<std::string> reason;
  std::optional<std::string> from_host;
  std::optional<std::string> to_host;
  bool operator==(const MigrateComputeResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("resource", self.resource);
    f("status", self.status);
    f("reason", self.reason);
    f("from_host", self.from_host);
    f("to_host", self.to_host);
  }
};

// VIM -> the VNFM that allocated the VM.
struct VirtualisedResourceChangeNotification : ResourceChangeNotification {
  static constexpr std::string_view kOperation = operations::kVirtualisedResourceChangeNotification;
  bool operator==(const VirtualisedResourceChangeNotification&) const = default;
};

// ---- Placement reserved before the grant (D12; IFA 006's compute reservation, simplified) ----
// The VNFM asks the VIM (or CISM) to reserve capacity for each resource an operation will add,
// before it asks the NFVO for the grant: the producer places each one by its rule at once and
// holds the capacity on that host under a reservation id until an allocation names it, the
// consumer releases it, or `reservation_timeout` passes (ReservationExpired). The grant request
// then carries each reservation with its host and location (the intended hosts of the
// VNF_INSTANTIATE event), and the allocation names the reservation (ResourceAllocationRequest::
// reservation), which puts it on that host.

// One resource to reserve for.
struct ReservationItem {
  std::string vnfci;
  std::string vnfc;
  ResourceCapacity capacity;
  std::optional<std::string> zone;
  bool operator==(const ReservationItem&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfci", self.vnfci);
    f("vnfc", self.vnfc);
    f("capacity", self.capacity);
    f("zone", self.zone);
  }
};

struct ResourceReservationRequest {
  std::string request_id;
  std::string correlation;
  std::string vnf;
  std::vector<ReservationItem> items;
  bool operator==(const ResourceReservationRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("vnf", self.vnf);
    f("items", self.items);
  }
};

// What became of one item: reserved (id, host, location) or rejected (no in-service host with
// capacity, bad item). Items are placed one after the other, each seeing the capacity the
// earlier ones took.
struct ReservedPlacement {
  std::string vnfci;
  std::string status;  // reserved, rejected
  std::optional<std::string> reason;
  std::optional<std::string> reservation;  // "<vim>-reservation-N"
  std::optional<std::string> host;
  std::optional<std::string> location;
  bool operator==(const ReservedPlacement&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("vnfci", self.vnfci);
    f("status", self.status);
    f("reason", self.reason);
    f("reservation", self.reservation);
    f("host", self.host);
    f("location", self.location);
  }
};

// status answered (each item says its own outcome) or rejected (the request as a whole: a body
// that does not decode, an unauthorised peer).
struct ResourceReservationResponse {
  std::string request_id;
  std::string status;  // answered, rejected
  std::optional<std::string> reason;
  std::vector<ReservedPlacement> items;
  bool operator==(const ResourceReservationResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("status", self.status);
    f("reason", self.reason);
    f("items", self.items);
  }
};

// The consumer gives back reservations it will not use (grant rejected, operation failed).
struct ReservationReleaseRequest {
  std::string request_id;
  std::string correlation;
  std::vector<std::string> reservations;
  bool operator==(const ReservationReleaseRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("reservations", self.reservations);
  }
};

// released (every one named) or rejected with the reason (some unknown, expired or another
// consumer's); `released` lists those given back either way.
struct ReservationReleaseResponse {
  std::string request_id;
  std::string status;  // released, rejected
  std::optional<std::string> reason;
  std::vector<std::string> released;
  bool operator==(const ReservationReleaseResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("status", self.status);
    f("reason", self.reason);
    f("released", self.released);
  }
};

// VNFM -> VIM, before the grant of an operation that adds computes.
struct ComputeReservationRequest : ResourceReservationRequest {
  static constexpr std::string_view kOperation = operations::kComputeReservationRequest;
  bool operator==(const ComputeReservationRequest&) const = default;
};
// VIM -> VNFM.
struct ComputeReservationResponse : ResourceReservationResponse {
  static constexpr std::string_view kOperation = operations::kComputeReservationResponse;
  bool operator==(const ComputeReservationResponse&) const = default;
};
// VNFM -> VIM: reservations it will not use.
struct ComputeReservationReleaseRequest : ReservationReleaseRequest {
  static constexpr std::string_view kOperation = operations::kComputeReservationReleaseRequest;
  bool operator==(const ComputeReservationReleaseRequest&) const = default;
};
// VIM -> VNFM.
struct ComputeReservationReleaseResponse : ReservationReleaseResponse {
  static constexpr std::string_view kOperation = operations::kComputeReservationReleaseResponse;
  bool operator==(const ComputeReservationReleaseResponse&) const = default;
};

}  // namespace ifa026::actors::messages
