// Messages of SM peering and security associations (docs/trust-model.md "SM peers and security
// associations"; Annex A R1.1.110, R1.1.90, R1.1.100): a Security Manager asks a peer SM for a
// security service on Sm-Sm (our reference point, mutual TLS between the two SMs), and asks MANO
// (the NFVO, Sc-Or) for a security association between two VNFs, which the VNFs' VNFCIs set up
// with a mutual TLS 1.3 handshake of their own certificates (Vnf-Vnf), ordered and reported on
// Vnf-Sa.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/operations.hpp"

namespace ifa026::actors::messages {

// ---- SM -> SM (Sm-Sm) ----

// A security service asked of a peer SM: `service` (e.g. "threat_intel"), about trust domain
// `domain`, with an opaque payload.
struct SmServiceRequest {
  static constexpr std::string_view kOperation = operations::kSmServiceRequest;
  std::string request_id = {};
  std::string service = {};
  std::string domain = {};
  std::optional<std::string> payload = {};
  bool operator==(const SmServiceRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("service", self.service);
    f("domain", self.domain);
    f("payload", self.payload);
  }
};

struct SmServiceResponse {
  static constexpr std::string_view kOperation = operations::kSmServiceResponse;
  std::string request_id = {};
  std::string status = {};  // ok, refused
  std::optional<std::string> reason = {};
  std::optional<std::string> payload = {};
  bool operator==(const SmServiceResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("status", self.status);
    f("reason", self.reason);
    f("payload", self.payload);
  }
};

// ---- SM -> NFVO (Sc-Or) ----

// A security association between two VNFs; `relationship` names the trust edge a cross-domain
// association relies on.
struct SecurityAssociationRequest {
  static constexpr std::string_view kOperation = operations::kSecurityAssociationRequest;
  std::string instance = {};
  std::string request_id = {};
  std::string sa_id = {};
  std::optional<std::string> relationship = {};
  std::vector<std::string> endpoints = {};  // two VNF instance ids
  std::string kind = "mutual_tls";
  bool operator==(const SecurityAssociationRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("sa_id", self.sa_id);
    f("relationship", self.relationship);
    f("endpoints", self.endpoints);
    f("kind", self.kind);
  }
};

struct SecurityAssociationReport {
  static constexpr std::string_view kOperation = operations::kSecurityAssociationReport;
  std::string instance = {};
  std::string request_id = {};
  std::string sa_id = {};
  std::string status = {};  // established, refused, failed
  std::optional<std::string> reason = {};
  std::vector<std::string> peer_subjects = {};  // the certificate subjects each end authenticated
  bool operator==(const SecurityAssociationReport&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("sa_id", self.sa_id);
    f("status", self.status);
    f("reason", self.reason);
    f("peer_subjects", self.peer_subjects);
  }
};

// ---- NFVO <-> VNFCI (Vnf-Sa) and VNFCI <-> VNFCI (Vnf-Vnf, inside mutual TLS) ----

// MANO orders one end of an authorized association: the client opens mutual TLS to `peer` (the
// other end's VNFCI), the server accepts it from `peer` only.
struct SecurityAssociationSetup {
  static constexpr std::string_view kOperation = operations::kSecurityAssociationSetup;
  std::string sa_id = {};
  std::string role = {};  // client, server
  std::string vnf = {};   // this end's VNF
  std::string peer = {};  // the other end's VNFCI
  std::string peer_vnf = {};
  std::optional<std::string> relationship = {};
  bool operator==(const SecurityAssociationSetup&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("sa_id", self.sa_id);
    f("role", self.role);
    f("vnf", self.vnf);
    f("peer", self.peer);
    f("peer_vnf", self.peer_vnf);
    f("relationship", self.relationship);
  }
};

// The first message of the association's session (client -> server) and its answer.
struct SecurityAssociationHello {
  static constexpr std::string_view kOperation = operations::kSecurityAssociationHello;
  std::string sa_id = {};
  bool operator==(const SecurityAssociationHello&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("sa_id", self.sa_id);
  }
};

struct SecurityAssociationAccept {
  static constexpr std::string_view kOperation = operations::kSecurityAssociationAccept;
  std::string sa_id = {};
  std::string status = {};                       // established, refused
  std::optional<std::string> peer_subject = {};  // the client certificate's subject the server saw
  std::optional<std::string> reason = {};
  bool operator==(const SecurityAssociationAccept&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("sa_id", self.sa_id);
    f("status", self.status);
    f("peer_subject", self.peer_subject);
    f("reason", self.reason);
  }
};

// What one end tells MANO once its part is done (or failed).
struct SecurityAssociationResult {
  static constexpr std::string_view kOperation = operations::kSecurityAssociationResult;
  std::string sa_id = {};
  std::string vnfci = {};
  std::string status = {};  // established, failed
  std::optional<std::string> peer_subject = {};
  std::optional<std::string> reason = {};
  bool operator==(const SecurityAssociationResult&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("sa_id", self.sa_id);
    f("vnfci", self.vnfci);
    f("status", self.status);
    f("peer_subject", self.peer_subject);
    f("reason", self.reason);
  }
};

}  // namespace ifa026::actors::messages
