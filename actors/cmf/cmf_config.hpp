// The CMF's parameters (docs/mano-certificates.md): their rules for the scenario checker, the
// checks the generic rules cannot make (enumerations, nested objects), and the typed
// configuration the actor reads once when it is built.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "pki/key_attestation.hpp"
#include "sim/diagnostic.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::cmf {

enum class AttestationMode { none, optional, required };

// Direct mode for VNFCI certificates (docs/direct-mode.md, C.2.1.1): the `direct_mode` object.
struct DirectModeConfig {
  std::vector<std::string> vnfms;  // VNFMs to subscribe to on Cm-Vnfm (mutual TLS)
  std::string ca;                  // CA of VNFCI identities (default: the CMF's `ca`)
  bool credential_one_use = true;  // initial credentials registered at the CA
  sim::Duration credential_lifetime = sim::Duration::days(1);
  std::optional<sim::Duration> validity_hint;            // passed to the VNFCI in its configuration
  sim::Duration renew_before = sim::Duration::days(30);  // C.2.1.4 #0, in the configuration
  // The day-0 secret of every VNFCI channel unless `day0` names one for that VNFCI.
  std::optional<std::string> vnfci_day0_secret;
  // ExpiryAlarm for a VNFCI certificate expiring within this (default: renew_before / 2).
  sim::Duration expiry_alarm_threshold = sim::Duration::days(15);
  // First wait before subscribing again (doubles up to 8x) while a VNFM does not answer.
  sim::Duration subscription_retry = sim::Duration::seconds(10);
  // Further attempts, with back-off ca_timeout x 2^n, of what did not get through: a fresh
  // registration of an identity the CA did not answer (after ca_retries resends), the VNFCI's
  // configuration when its day-0 session failed, an unanswered rr.
  int registration_retries = 3;
  // Secure bootstrapping (C.2.1.2, C.2.1.3): the attestation service the CMF asks as Relying
  // Party (its day-0 secret is in the CMF's `day0`), how often and how long it waits for a result
  // (first wait attestation_retry, doubling), and the oldest appraisal it accepts.
  std::string verifier;
  int attestation_retries = 4;
  sim::Duration attestation_retry = sim::Duration::milliseconds(500);
  sim::Duration attestation_max_age = sim::Duration::hours(1);
};

struct CmfConfig {
  std::string ca;                          // the CA actor by default
  std::map<std::string, std::string> cas;  // entity kind -> CA actor (CA selection)
  std::string ra_reference;                // day-0 credential for the CMF's own ir
  std::string ra_secret;
  std::string fqdn;  // the CMF's own FQDN
  std::vector<std::string> trusted_consumers;
  std::map<std::string, std::string> day0;  // day-0 secrets by peer
  std::vector<std::string> allowed_domains;
  bool credential_one_use = true;
  sim::Duration credential_lifetime = sim::Duration::days(7);
  std::vector<std::string> key_policy;
  AttestationMode key_attestation = AttestationMode::optional;
  std::vector<std::string> hsm_vendor_roots_from;
  std::optional<std::string> attestation_min_level;
  std::optional<sim::Duration> attestation_max_age;
  sim::Duration validate_time = sim::Duration::milliseconds(2);
  sim::Duration register_time = sim::Duration::milliseconds(1);
  std::size_t concurrency = 4;
  sim::Duration ca_timeout = sim::Duration::seconds(10);
  int ca_retries = 3;  // resends, waits doubling up to 60 s (docs/cmp-reliability.md)
  sim::Duration monitor_interval = sim::Duration::days(1);
  sim::Duration expiry_alarm_threshold = sim::Duration::days(30);
  // Implementation faults for the conformance tests: the check is skipped silently.
  bool skip_registration_check = false;
  bool skip_csr_validation = false;
  bool skip_attestation_check = false;
  // Direct mode: no query of the VNFM's VNF instances after a confirmed LCM subscription, so a
  // VNFCI instantiated before the subscription is never discovered.
  bool skip_reconciliation = false;
  // Harness faults for the conformance tests: the computation throws (an internal error, which
  // must end as the verdict error, never as the refusal a negative scenario expects).
  bool throw_in_credential_mac = false;
  bool throw_in_attestation_check = false;
  std::optional<DirectModeConfig> direct_mode;  // absent: no direct mode

  // The CA that serves entities of `kind` (CA selection).
  const std::string& ca_for(const std::string& kind) const;
  // The relying party's policy for key-attestation statements.
  pki::KeyAttestationPolicy attestation_policy() const;
  bool key_type_allowed(const std::string& key_type) const;
};

const std::vector<ParamRule>& cmf_param_rules();
// The generic rules plus the CMF's own (enumerations, nested objects, known key types).
void check_cmf_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// The CMF's own checks only (what the table cannot say; ActorTypeInfo::check).
void check_cmf_specifics(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// Reads checked parameters; `name` is the actor's name (default FQDN).
CmfConfig read_cmf_config(const nlohmann::json& params, const std::string& name);

std::string to_string(AttestationMode mode);

}  // namespace ifa026::actors::cmf
