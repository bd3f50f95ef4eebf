// Messages of NFVI-Inject, ours (docs/delegation-mode.md): the VIM or CISM puts the credentials of
// an allocation (C.2.2.3, C.3.2.3) or of a container configuration (C.2.2.4.6, container variant)
// into the VNFC instance it runs — a config drive or a secret mount in a real NFVI, so not a
// network reference point and no TLS — and the VNFCI reports what it installed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/delegation_vocabulary.hpp"
#include "actors/messages/vi_vnfm.hpp"

namespace ifa026::actors::messages {

// VIM / CISM -> VNFCI (C.2.2.3 #1).
struct InjectCredentialsRequest {
  static constexpr std::string_view kOperation = operations::kInjectCredentialsRequest;
  std::string request_id;  // the allocation's or configuration's request
  std::string vnfci;
  std::string resource;  // the compute or workload it runs in
  std::vector<DelegatedCredential> credentials;
  bool operator==(const InjectCredentialsRequest&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("vnfci", self.vnfci);
    f("resource", self.resource);
    f("credentials", self.credentials);
  }
};

// VNFCI -> VIM / CISM (C.2.2.3 #2): per identity installed or failed.
struct InjectCredentialsReport {
  static constexpr std::string_view kOperation = operations::kInjectCredentialsReport;
  std::string request_id;
  std::string vnfci;
  std::string status;  // installed, failed
  std::optional<std::string> reason;
  std::vector<CredentialInstallStatus> install;
  bool operator==(const InjectCredentialsReport&) const = default;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("vnfci", self.vnfci);
    f("status", self.status);
    f("reason", self.reason);
    f("install", self.install);
  }
};

}  // namespace ifa026::actors::messages
