// Messages of Or-Vnfm (docs/lifecycle.md; IFA 007's VNF lifecycle management and grant interfaces,
// simplified as the D-decisions there say): the NFVO asks the VNFM to instantiate, scale, heal,
// terminate and reconfigure a VNF; the VNFM asks the NFVO for a grant before it touches any
// resource of an operation (the hook where a Fully-Active Security Manager will sit). The VNF LCM
// operation-occurrence notifications on Or-Vnfm are Cm-Vnfm's (cm_vnfm.hpp): one
// VnfLcmOperationOccurrenceNotification for every subscriber, the NFVO subscribing as the CMF does.
// Mutual TLS. Sent and served by actors/nfvo/ns_lifecycle* and actors/vnfm/chain_*.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/os_ma_nfvo.hpp"
#include "actors/messages/sc_mano.hpp"
#include "actors/messages/vi_vnfm.hpp"

namespace ifa026::actors::messages {

// ---- VNF LCM requests (NFVO -> VNFM) ----

// Instantiate one VNF (IFA 007's create-VNF-identifier and instantiate in one request). The NFVO
// hands over the VNFD of the onboarded package and what it found about the package, so the VNFM
// needs no descriptor of its own on the chain (its `vnfds` parameter stays for the workload-command
// shortcut). `request_id` is the NFVO's; `correlation` and `source` come from the NS operation.
struct InstantiateVnfRequest {
  static constexpr std::string_view kOperation = operations::kInstantiateVnfRequest;
  std::string request_id;
  std::string correlation;
  std::string source;  // OSS, NFVO, SECURITY_MANAGER
  std::string vnf;
  std::string ns;
  std::string oss_app_id;
  std::string vnfd_id;
  nlohmann::json vnfd;  // the package's VNFD (VnfPackageContent::vnfd)
  PackageIntegrity package;
  std::string flavour;
  std::optional<std::map<std::string, long long>> vnfcs;  // instances per VNFC
  std::optional<VnfCertificateConfiguration> certificate_configuration;
  // The VNF's trust domain and the SMs its events are hidden from (R2.1.200), passed on to the
  // VIM so that Sc-Vi events reach the same SMs as the NFVO's.
  std::optional<std::string> trust_domain;
  std::optional<std::vector<std::string>> hidden_from;
  // The producer of each resource kind (COMPUTE: the VIM, OS_CONTAINER: the CISM), as SOL003's
  // vimConnectionInfo: where the VNFM reserves placement before the grant (D12).
  std::optional<std::map<std::string, std::string>> vim_connections;
  bool operator==(const InstantiateVnfRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("source", self.source);
    f("vnf", self.vnf);
    f("ns", self.ns);
    f("oss_app_id", self.oss_app_id);
    f("vnfd_id", self.vnfd_id);
    f("vnfd", self.vnfd);
    f("package", self.package);
    f("flavour", self.flavour);
    f("vnfcs", self.vnfcs);
    f("certificate_configuration", self.certificate_configuration);
    f("trust_domain", self.trust_domain);
    f("hidden_from", self.hidden_from);
    f("vim_connections", self.vim_connections);
  }
};

// Scale one VNF by `steps` instances of the VNFC `aspect` (docs/lifecycle.md D5). `steps` is
// signed: zero or less is refused by the VNFM with the interface's error, as is a scale in below
// the flavour's minimum.
struct ScaleVnfRequest {
  static constexpr std::string_view kOperation = operations::kScaleVnfRequest;
  std::string request_id;
  std::string correlation;
  std::string source;
  std::string vnf;
  std::string type;  // SCALE_OUT, SCALE_IN
  std::string aspect;
  long long steps = 1;
  std::optional<std::string> reason;
  bool operator==(const ScaleVnfRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("source", self.source);
    f("vnf", self.vnf);
    f("type", self.type);
    f("aspect", self.aspect);
    f("steps", self.steps);
    f("reason", self.reason);
  }
};

// Heal one VNF: each named VNFC instance (empty: every one) is replaced by a new one with a new
// name (Vnfm.Sc.013); the old one's certificates are revoked as superseded.
struct HealVnfRequest {
  static constexpr std::string_view kOperation = operations::kHealVnfRequest;
  std::string request_id;
  std::string correlation;
  std::string source;
  std::string vnf;
  std::vector<std::string> vnfcis;
  std::string cause;
  bool operator==(const HealVnfRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("source", self.source);
    f("vnf", self.vnf);
    f("vnfcis", self.vnfcis);
    f("cause", self.cause);
  }
};

// Terminate one VNF: every VNFC instance's resource is released, the VNF instance is deleted (IFA
// 007's terminate and delete-VNF-identifier in one request).
struct TerminateVnfRequest {
  static constexpr std::string_view kOperation = operations::kTerminateVnfRequest;
  std::string request_id;
  std::string correlation;
  std::string source;
  std::string vnf;
  std::string termination_type;  // FORCEFUL, GRACEFUL
  std::optional<std::string> reason;
  // A Security Manager's termination options (R2.1.260/270), carried down to the VIM's release.
  std::optional<SmTerminationOptions> security_options;
  bool operator==(const TerminateVnfRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("source", self.source);
    f("vnf", self.vnf);
    f("termination_type", self.termination_type);
    f("reason", self.reason);
    f("security_options", self.security_options);
  }
};

// Change the configuration of a running VNF (of the named VNFC instances; absent: all):
// configuration values by name, and in delegation mode a new certificate configuration, which the
// VNFM applies by C.2.2.4.6 (SetConfigurationRequest on Ve-Vnfm-vnf, a later slice).
struct ChangeVnfConfigurationRequest {
  static constexpr std::string_view kOperation = operations::kChangeVnfConfigurationRequest;
  std::string request_id;
  std::string correlation;
  std::string source;
  std::string vnf;
  std::optional<std::vector<std::string>> vnfcis;
  std::map<std::string, std::string> configuration;
  std::optional<VnfCertificateConfiguration> certificate_configuration;
  bool operator==(const ChangeVnfConfigurationRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("source", self.source);
    f("vnf", self.vnf);
    f("vnfcis", self.vnfcis);
    f("configuration", self.configuration);
    f("certificate_configuration", self.certificate_configuration);
  }
};

// The VNFM's immediate answer to a VNF LCM request: accepted with the occurrence it started (its
// states follow as VnfLcmOperationOccurrenceNotification), or rejected with the reason (unknown VNF
// or flavour, a VNFD that does not check, VNF in the wrong state, scale below zero or the minimum,
// certificate mode other than the VNFD's). The five responses share this body.
struct VnfLcmAcknowledgement {
  std::string request_id;
  std::string vnf;
  std::string status;  // accepted, rejected
  std::optional<std::string> occurrence;
  std::optional<std::string> reason;
  bool operator==(const VnfLcmAcknowledgement&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("vnf", self.vnf);
    f("status", self.status);
    f("occurrence", self.occurrence);
    f("reason", self.reason);
  }
};

// VNFM -> NFVO, the answers of the five VNF requests.
struct InstantiateVnfResponse : VnfLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kInstantiateVnfResponse;
  bool operator==(const InstantiateVnfResponse&) const = default;
};
struct ScaleVnfResponse : VnfLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kScaleVnfResponse;
  bool operator==(const ScaleVnfResponse&) const = default;
};
struct HealVnfResponse : VnfLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kHealVnfResponse;
  bool operator==(const HealVnfResponse&) const = default;
};
struct TerminateVnfResponse : VnfLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kTerminateVnfResponse;
  bool operator==(const TerminateVnfResponse&) const = default;
};
struct ChangeVnfConfigurationResponse : VnfLcmAcknowledgement {
  static constexpr std::string_view kOperation = operations::kChangeVnfConfigurationResponse;
  bool operator==(const ChangeVnfConfigurationResponse&) const = default;
};

// ---- Grants (VNFM -> NFVO) ----

// One resource an operation adds (id = the VNFCI name it will carry, capacity from the VNFD) or
// removes (id = the VNFCI name, `resource` = its VIM/CISM resource id).
struct GrantResource {
  std::string id;
  std::string kind;  // COMPUTE, OS_CONTAINER
  std::string vnfc;
  std::optional<ResourceCapacity> capacity;  // added resources
  std::optional<std::string> resource;       // removed resources
  // Where the VIM reserved an added resource before the grant (D12: the intended host and its
  // location, which the NFVO puts into the VNF_INSTANTIATE event).
  std::optional<std::string> reservation;
  std::optional<std::string> host;
  std::optional<std::string> location;
  bool operator==(const GrantResource&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("id", self.id);
    f("kind", self.kind);
    f("vnfc", self.vnfc);
    f("capacity", self.capacity);
    f("resource", self.resource);
    f("reservation", self.reservation);
    f("host", self.host);
    f("location", self.location);
  }
};

// Asked after STARTING and before any resource is touched, for every operation whatever its
// source (auto-heal: `automatic` true). Nothing is allocated or released without a grant.
struct GrantLifecycleOperationRequest {
  static constexpr std::string_view kOperation = operations::kGrantLifecycleOperationRequest;
  std::string request_id;
  std::string correlation;
  std::string source;
  std::string vnf;
  std::string vnfd_id;
  std::string occurrence;
  std::string operation;  // INSTANTIATE, SCALE_OUT, SCALE_IN, HEAL, TERMINATE, CHANGE_CONFIGURATION
  bool automatic = false;
  std::vector<GrantResource> add_resources;
  std::vector<GrantResource> remove_resources;
  bool operator==(const GrantLifecycleOperationRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("correlation", self.correlation);
    f("source", self.source);
    f("vnf", self.vnf);
    f("vnfd_id", self.vnfd_id);
    f("occurrence", self.occurrence);
    f("operation", self.operation);
    f("automatic", self.automatic);
    f("add_resources", self.add_resources);
    f("remove_resources", self.remove_resources);
  }
};

// Where the NFVO lets one added resource go: the VIM or CISM actor, and optionally a zone
// (location) the producer must place it in.
struct GrantedResource {
  std::string id;    // as in the request
  std::string vim;   // the VIM or CISM actor
  std::string kind;  // COMPUTE, OS_CONTAINER
  std::optional<std::string> zone;
  bool operator==(const GrantedResource&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("id", self.id);
    f("vim", self.vim);
    f("kind", self.kind);
    f("zone", self.zone);
  }
};

// NFVO -> VNFM: granted (grant id, where each added resource goes) or rejected with the reason
// (quota, policy, later a Fully-Active SM's rejection); a rejected operation ends FAILED with
// nothing created.
struct GrantLifecycleOperationResponse {
  static constexpr std::string_view kOperation = operations::kGrantLifecycleOperationResponse;
  std::string request_id;
  std::string status;  // granted, rejected
  std::optional<std::string> reason;
  std::optional<std::string> grant;  // "<nfvo>-grant-N"
  std::optional<std::vector<GrantedResource>> resources;
  bool operator==(const GrantLifecycleOperationResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("status", self.status);
    f("reason", self.reason);
    f("grant", self.grant);
    f("resources", self.resources);
  }
};

}  // namespace ifa026::actors::messages
