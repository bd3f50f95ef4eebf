// Messages between a Security Manager and the security functions it manages (issue 16;
// docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF behind the ISM";
// Annex A R1.2.20, R1.2.40, R1.2.130, R1.2.140, R1.2.160): on Sm-Sf (ours, mutual TLS) between
// an SM and an element manager (EM: VSFs, VNF-embedded functions, PSF stubs) or the
// infrastructure security manager (ISM: ISF stubs) — capabilities, rule tables, initial
// credentials, validation reports — and on Sc-Or the SM's query of the NFVO's onboarded VSF
// packages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// ---- SM -> EM / ISM: capabilities ----

struct SecurityFunctionCapabilityQuery {
  static constexpr std::string_view kOperation = operations::kSecurityFunctionCapabilityQuery;
  std::string request_id = {};
  bool operator==(const SecurityFunctionCapabilityQuery&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
  }
};

// One function a manager holds.
struct SecurityFunctionInfo {
  std::string sf_id = {};
  std::string kind = {};  // VSF, PSF, ISF, VNF (a VNF-embedded function)
  std::string type = {};  // e.g. firewall, ips
  std::vector<std::string> capabilities = {};
  bool available = false;
  std::string domain = {};  // the trust domain it belongs to
  bool operator==(const SecurityFunctionInfo&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("sf_id", self.sf_id);
    f("kind", self.kind);
    f("type", self.type);
    f("capabilities", self.capabilities);
    f("available", self.available);
    f("domain", self.domain);
  }
};

// The functions of the manager's domains the asking SM manages (others are left out).
struct SecurityFunctionCapabilityResponse {
  static constexpr std::string_view kOperation = operations::kSecurityFunctionCapabilityResponse;
  std::string request_id = {};
  std::string manager = {};  // the EM or ISM
  std::vector<SecurityFunctionInfo> functions = {};
  bool operator==(const SecurityFunctionCapabilityResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("manager", self.manager);
    f("functions", self.functions);
  }
};

// ---- SM -> NFVO (Sc-Or): the VSF catalogue ----

struct SmSecurityFunctionCatalogueQuery {
  static constexpr std::string_view kOperation = operations::kSmSecurityFunctionCatalogueQuery;
  std::string instance = {};
  std::string request_id = {};
  bool operator==(const SmSecurityFunctionCatalogueQuery&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
  }
};

// One onboarded package a VSF can be instantiated from (the NFVO does not tell VSF packages from
// others: every onboarded package is listed).
struct SmVsfPackage {
  std::string package = {};
  std::string vnfd_id = {};
  std::string version = {};
  bool available = false;  // its integrity accepted at onboarding
  bool operator==(const SmVsfPackage&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("package", self.package);
    f("vnfd_id", self.vnfd_id);
    f("version", self.version);
    f("available", self.available);
  }
};

struct SmSecurityFunctionCatalogueResponse {
  static constexpr std::string_view kOperation = operations::kSmSecurityFunctionCatalogueResponse;
  std::string instance = {};
  std::string request_id = {};
  std::string status = {};  // ok, refused
  std::optional<std::string> reason = {};
  std::vector<SmVsfPackage> packages = {};
  bool operator==(const SmSecurityFunctionCatalogueResponse&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("instance", self.instance);
    f("request_id", self.request_id);
    f("status", self.status);
    f("reason", self.reason);
    f("packages", self.packages);
  }
};

// ---- SM -> EM / ISM: rules ----

// A function's whole rule table (`action` set) or its removal (`action` remove, `rules` empty);
// `rules_digest` is rules_digest(rules) as the SM computed it (actors/sfm/sf_rules.hpp).
struct SecurityRuleConfiguration {
  static constexpr std::string_view kOperation = operations::kSecurityRuleConfiguration;
  std::string request_id = {};
  std::string sf_id = {};
  std::string action = {};  // set, remove
  std::string policy_id = {};
  std::vector<std::string> rules = {};
  std::string rules_digest = {};
  bool operator==(const SecurityRuleConfiguration&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("sf_id", self.sf_id);
    f("action", self.action);
    f("policy_id", self.policy_id);
    f("rules", self.rules);
    f("rules_digest", self.rules_digest);
  }
};

// `status` applied / removed / access_denied / unknown_function / digest_mismatch; `rules_digest`
// the function's table digest after it.
struct SecurityRuleAck {
  static constexpr std::string_view kOperation = operations::kSecurityRuleAck;
  std::string request_id = {};
  std::string sf_id = {};
  std::string status = {};
  std::string rules_digest = {};
  std::optional<std::string> reason = {};
  // The channel kind the configuration reached the function over (mutual / plain; R1.3.150).
  std::optional<std::string> delivered_over = {};
  bool operator==(const SecurityRuleAck&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("sf_id", self.sf_id);
    f("status", self.status);
    f("rules_digest", self.rules_digest);
    f("reason", self.reason);
    f("delivered_over", self.delivered_over);
  }
};

// ---- SM -> EM / ISM: initial credential ----

// A secret the function keeps and later proves it holds (the HMAC of its validation reports).
struct SecurityFunctionConfiguration {
  static constexpr std::string_view kOperation = operations::kSecurityFunctionConfiguration;
  std::string request_id = {};
  std::string sf_id = {};
  pki::Bytes initial_credential = {};
  bool operator==(const SecurityFunctionConfiguration&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("sf_id", self.sf_id);
    f("initial_credential", self.initial_credential);
  }
};

// `status` stored / access_denied / unknown_function.
struct SecurityFunctionConfigurationAck {
  static constexpr std::string_view kOperation = operations::kSecurityFunctionConfigurationAck;
  std::string request_id = {};
  std::string sf_id = {};
  std::string status = {};
  std::optional<std::string> reason = {};
  // The channel kind the credential reached the function over (mutual / plain; R1.3.150).
  std::optional<std::string> delivered_over = {};
  bool operator==(const SecurityFunctionConfigurationAck&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("sf_id", self.sf_id);
    f("status", self.status);
    f("reason", self.reason);
    f("delivered_over", self.delivered_over);
  }
};

// ---- SM -> EM / ISM: validation ----

struct PolicyValidationRequest {
  static constexpr std::string_view kOperation = operations::kPolicyValidationRequest;
  std::string request_id = {};
  std::string sf_id = {};
  std::string expected_digest = {};  // the policy's
  pki::Bytes nonce = {};
  bool operator==(const PolicyValidationRequest&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("sf_id", self.sf_id);
    f("expected_digest", self.expected_digest);
    f("nonce", self.nonce);
  }
};

// The function's table digest, whether it matches the expected one, and (once the function holds
// an initial credential) report_mac(credential, ...) over the answer (sf_rules.hpp).
struct PolicyValidationReport {
  static constexpr std::string_view kOperation = operations::kPolicyValidationReport;
  std::string request_id = {};
  std::string sf_id = {};
  std::string rules_digest = {};
  bool matches = false;
  std::optional<pki::Bytes> mac = {};
  bool operator==(const PolicyValidationReport&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("request_id", self.request_id);
    f("sf_id", self.sf_id);
    f("rules_digest", self.rules_digest);
    f("matches", self.matches);
    f("mac", self.mac);
  }
};

}  // namespace ifa026::actors::messages
