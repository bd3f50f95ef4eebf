// Messages of Ve-Vnfm-vnf, the VNF configuration interface between a delegate VNFM and its VNFC
// instances (C.2.2.4.6, C.2.2.4.7; docs/delegation-mode.md): after instantiation the VNFM puts a
// VNFCI identity's certificate, chain and private key into a running VNFCI, over mutual TLS between
// the VNFM's MANO certificate and the VNFCI's VNF OAM certificate; with an HSM it sends no private
// key but the HSM and the handles the VNFCI's attested HMEE fetches the keys with. The container
// variant (cism_si.hpp) carries the same bodies through the CISM.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/vi_vnfm.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// Where a VNFCI's HMEE fetches the private keys the VNFM had made in its HSM (C.2.2.4.7 #0).
struct HsmKeyLocation {
  std::string hsm;                             // the HSM actor
  pki::Bytes certificate;                      // the HSM's TLS certificate (DER) the HMEE must see
  std::map<std::string, std::string> handles;  // identity -> handle
  bool operator==(const HsmKeyLocation&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("hsm", self.hsm);
    f("certificate", self.certificate);
    f("handles", self.handles);
  }
};

// The body of a delegated configuration: credentials for one VNFCI. In the HSM variant each
// credential's `private_key` is empty and `hsm` says where the keys are.
struct CredentialConfigurationRequest {
  std::string request_id;
  std::string vnf;
  std::string vnfci;
  std::vector<DelegatedCredential> credentials;
  std::optional<HsmKeyLocation> hsm;
  bool operator==(const CredentialConfigurationRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("vnf", self.vnf);
    f("vnfci", self.vnfci);
    f("credentials", self.credentials);
    f("hsm", self.hsm);
  }
};

// The answer: per identity installed or failed (C.2.2.4.6 #2, C.2.2.4.7 #5).
struct CredentialConfigurationResponse {
  std::string request_id;
  std::string vnfci;
  std::string status;  // installed, failed, rejected
  std::optional<std::string> reason;
  std::vector<CredentialInstallStatus> install;
  bool operator==(const CredentialConfigurationResponse&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("vnfci", self.vnfci);
    f("status", self.status);
    f("reason", self.reason);
    f("install", self.install);
  }
};

// VNFM -> VNFCI (C.2.2.4.6 #0, C.2.2.4.7 #0).
struct SetConfigurationRequest : CredentialConfigurationRequest {
  static constexpr std::string_view kOperation = operations::kSetConfigurationRequest;
  bool operator==(const SetConfigurationRequest&) const = default;
};
// VNFCI -> VNFM (C.2.2.4.6 #2, C.2.2.4.7 #5).
struct SetConfigurationResponse : CredentialConfigurationResponse {
  static constexpr std::string_view kOperation = operations::kSetConfigurationResponse;
  bool operator==(const SetConfigurationResponse&) const = default;
};

}  // namespace ifa026::actors::messages
