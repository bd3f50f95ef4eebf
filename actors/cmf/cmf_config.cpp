// CMF parameters: rules, checks and the typed configuration (see cmf_config.hpp).
#include "actors/cmf/cmf_config.hpp"

#include <algorithm>

#include "actors/common/actor_params.hpp"
#include "pki/key.hpp"

namespace ifa026::actors::cmf {
namespace {

using nlohmann::json;

const std::vector<std::string>& default_key_policy() {
  static const std::vector<std::string> policy{"ec-p256", "ec-p384", "rsa-2048", "rsa-3072"};
  return policy;
}

std::optional<AttestationMode> attestation_mode(const std::string& text) {
  if (text == "none") return AttestationMode::none;
  if (text == "optional") return AttestationMode::optional;
  if (text == "required") return AttestationMode::required;
  return std::nullopt;
}

void check_direct_mode(const json& direct, std::vector<sim::Diagnostic>& out) {
  const std::string base = "/direct_mode";
  if (!direct.is_object()) return;  // the generic rule reported the type
  auto it = direct.find("vnfms");
  if (it == direct.end()) {
    out.push_back(
        {"", 0, 0, base, "direct_mode: \"vnfms\" (VNFM actors to subscribe to) is missing", false});
  } else if (!it->is_array() || it->empty() ||
             !std::all_of(it->begin(), it->end(), [](const json& v) {
               return v.is_string() && !v.get<std::string>().empty();
             })) {
    out.push_back(
        {"", 0, 0, base + "/vnfms", "vnfms: expected a non-empty list of VNFM actor names", false});
  }
  for (const auto& [key, value] : direct.items()) {
    const std::string pointer = base + "/" + key;
    if (key == "vnfms") continue;
    if (key == "ca" || key == "vnfci_day0_secret" || key == "verifier") {
      if (!value.is_string() || value.get<std::string>().empty())
        out.push_back({"", 0, 0, pointer, key + ": expected a non-empty string", false});
    } else if (key == "validity_hint" || key == "renew_before" || key == "expiry_alarm_threshold" ||
               key == "subscription_retry" || key == "attestation_retry" ||
               key == "attestation_max_age") {
      if (!good_duration(value))
        out.push_back({"", 0, 0, pointer, key + ": expected a duration such as \"30d\"", false});
    } else if (key == "registration_retries" || key == "attestation_retries") {
      if (!value.is_number_integer() || value.get<long long>() < 0)
        out.push_back({"", 0, 0, pointer, key + ": expected a non-negative integer", false});
    } else if (key == "credential") {
      if (!value.is_object()) {
        out.push_back({"", 0, 0, pointer, "credential: expected {one_use, lifetime}", false});
        continue;
      }
      for (const auto& [member, v] : value.items()) {
        const std::string p = pointer + "/" + member;
        if (member == "one_use") {
          if (!v.is_boolean())
            out.push_back({"", 0, 0, p, "one_use: expected true or false", false});
        } else if (member == "lifetime") {
          if (!good_duration(v) || sim::parse_duration(v.get<std::string>())->ns() == 0)
            out.push_back({"", 0, 0, p, "lifetime: expected a duration such as \"1d\"", false});
        } else {
          out.push_back({"", 0, 0, p,
                         "unknown member \"" + member + "\" of credential (one_use, lifetime)",
                         true});
        }
      }
    } else {
      out.push_back({"", 0, 0, pointer,
                     "unknown member \"" + key +
                         "\" of direct_mode (vnfms, ca, credential, validity_hint, renew_before, "
                         "vnfci_day0_secret, expiry_alarm_threshold, subscription_retry, "
                         "registration_retries, verifier, attestation_retries, attestation_retry, "
                         "attestation_max_age)",
                     true});
    }
  }
}

// Delegation mode (issue 17): the `delegation` object {delegates, ca, cas}.
void check_delegation(const json& delegation, std::vector<sim::Diagnostic>& out) {
  const std::string base = "/delegation";
  if (!delegation.is_object()) return;  // the generic rule reported the type
  for (const auto& [key, value] : delegation.items()) {
    const std::string pointer = base + "/" + key;
    if (key == "delegates") {
      if (!value.is_array() || !std::all_of(value.begin(), value.end(), [](const json& v) {
            return v.is_string() && !v.get<std::string>().empty();
          }))
        out.push_back({"", 0, 0, pointer, "delegates: expected a list of VNFM actor names", false});
    } else if (key == "ca") {
      if (!value.is_string() || value.get<std::string>().empty())
        out.push_back({"", 0, 0, pointer, "ca: expected a non-empty string", false});
    } else if (key == "cas") {
      if (!value.is_object()) {
        out.push_back({"", 0, 0, pointer, "cas: expected {\"vnfci\": ca, \"oam\": ca}", false});
        continue;
      }
      for (const auto& [type, ca] : value.items()) {
        const std::string p = pointer + "/" + type;
        if (type != "vnfci" && type != "oam")
          out.push_back(
              {"", 0, 0, p, "unknown certificate type \"" + type + "\" (vnfci, oam)", true});
        else if (!ca.is_string() || ca.get<std::string>().empty())
          out.push_back({"", 0, 0, p, type + ": expected a CA actor name", false});
      }
    } else {
      out.push_back({"", 0, 0, pointer,
                     "unknown member \"" + key + "\" of delegation (delegates, ca, cas)", true});
    }
  }
}

DirectModeConfig read_direct_mode(const json& direct, const std::string& default_ca) {
  DirectModeConfig d;
  d.vnfms = string_list_param(direct, "vnfms");
  d.ca = string_param(direct, "ca", default_ca);
  if (auto it = direct.find("credential"); it != direct.end() && it->is_object()) {
    d.credential_one_use = bool_param(*it, "one_use", true);
    d.credential_lifetime = duration_param(*it, "lifetime", d.credential_lifetime);
  }
  if (direct.contains("validity_hint"))
    d.validity_hint = duration_param(direct, "validity_hint", sim::Duration::days(90));
  d.renew_before = duration_param(direct, "renew_before", d.renew_before);
  if (auto it = direct.find("vnfci_day0_secret"); it != direct.end() && it->is_string())
    d.vnfci_day0_secret = it->get<std::string>();
  d.expiry_alarm_threshold = duration_param(direct, "expiry_alarm_threshold",
                                            sim::Duration::nanoseconds(d.renew_before.ns() / 2));
  d.subscription_retry = duration_param(direct, "subscription_retry", d.subscription_retry);
  if (d.subscription_retry <= sim::Duration()) d.subscription_retry = sim::Duration::seconds(10);
  d.registration_retries =
      static_cast<int>(std::clamp<long long>(int_param(direct, "registration_retries", 3), 0, 20));
  d.verifier = string_param(direct, "verifier");
  d.attestation_retries =
      static_cast<int>(std::clamp<long long>(int_param(direct, "attestation_retries", 4), 0, 20));
  d.attestation_retry = duration_param(direct, "attestation_retry", d.attestation_retry);
  if (d.attestation_retry <= sim::Duration())
    d.attestation_retry = sim::Duration::milliseconds(500);
  d.attestation_max_age = duration_param(direct, "attestation_max_age", d.attestation_max_age);
  if (d.attestation_max_age < sim::Duration::seconds(1))
    d.attestation_max_age = sim::Duration::hours(1);
  return d;
}

}  // namespace

std::string to_string(AttestationMode mode) {
  switch (mode) {
    case AttestationMode::none:
      return "none";
    case AttestationMode::optional:
      return "optional";
    case AttestationMode::required:
      return "required";
  }
  return "optional";
}

const std::string& CmfConfig::ca_for(const std::string& kind) const {
  auto it = cas.find(kind);
  return it != cas.end() ? it->second : ca;
}

pki::KeyAttestationPolicy CmfConfig::attestation_policy() const {
  pki::KeyAttestationPolicy policy;
  policy.minimum_level = attestation_min_level;
  if (attestation_max_age) policy.max_age_seconds = attestation_max_age->ns() / 1'000'000'000;
  return policy;
}

bool CmfConfig::key_type_allowed(const std::string& key_type) const {
  return std::find(key_policy.begin(), key_policy.end(), key_type) != key_policy.end();
}

const std::vector<ParamRule>& cmf_param_rules() {
  static const std::vector<ParamRule> rules{
      {"ca", ParamType::string, "the CA actor the CMF enrols at and forwards CSRs to", true},
      {"cas", ParamType::string_map, "CA actor per entity kind, overriding ca (CA selection)"},
      {"ra_reference", ParamType::string, "day-0 credential reference for the CMF's own ir"},
      {"ra_secret", ParamType::string, "day-0 credential secret for the CMF's own ir"},
      {"fqdn", ParamType::string, "the CMF's own FQDN", false, "<name>.cmf.invalid"},
      {"trusted_consumers", ParamType::string_list,
       "actors allowed to register entities and request revocation"},
      {"day0", ParamType::string_map, "day-0 secrets by peer actor"},
      {"allowed_domains", ParamType::string_list, "DNS suffixes registered FQDNs must end with"},
      {"initial_credential", ParamType::object,
       "{one_use: bool (true), lifetime: duration (7d)} of initial credentials"},
      {"key_policy", ParamType::string_list, "key types a CSR may carry"},
      {"key_attestation", ParamType::string, "none | optional | required"},
      {"hsm_vendor_roots_from", ParamType::string_list,
       "HSM actors whose vendor roots the CMF trusts for key attestation"},
      {"attestation_policy", ParamType::object,
       "{min_level: string, max_age: duration} for key-attestation statements"},
      {"processing", ParamType::duration_map, "processing times: validate (2ms), register (1ms)"},
      {"concurrency", ParamType::integer, "jobs processed at once", false, "4"},
      {"ca_timeout", ParamType::duration, "wait for each CA reply", false, "10s"},
      {"ca_retries", ParamType::integer,
       "resends of an unanswered CMP message (same bytes; each wait twice the previous one, at "
       "most 60s)",
       false, "3"},
      {"monitor_interval", ParamType::duration, "period of the expiry monitoring", false, "1d"},
      {"expiry_alarm_threshold", ParamType::duration,
       "alarm when a current certificate expires within this", false, "30d"},
      {"skip_registration_check", ParamType::boolean, "implementation fault: skip step #1"},
      {"skip_csr_validation", ParamType::boolean, "implementation fault: skip step #2"},
      {"skip_attestation_check", ParamType::boolean,
       "implementation fault: skip key-attestation verification"},
      {"skip_reconciliation", ParamType::boolean,
       "implementation fault: direct mode without the query of the VNFM's VNF instances after a "
       "confirmed LCM subscription"},
      {"throw_in_credential_mac", ParamType::boolean,
       "harness fault: computing the initial credential's MAC throws (an internal error)"},
      {"throw_in_attestation_check", ParamType::boolean,
       "harness fault: verifying a key-attestation statement throws (an internal error)"},
      {"direct_mode", ParamType::object,
       "VNFCI certificates in direct mode (C.2.1.1-C.2.1.3): {vnfms, ca, credential, "
       "validity_hint, renew_before, vnfci_day0_secret, expiry_alarm_threshold, "
       "subscription_retry, registration_retries, verifier, attestation_retries, "
       "attestation_retry, attestation_max_age}"},
      {"delegation", ParamType::object,
       "delegation mode (C.2.2.x, C.3.2.x): {delegates (VNFMs allowed to register as delegates; "
       "absent: every VNFM registered here), ca, cas {vnfci, oam}}"},
  };
  return rules;
}

void check_cmf_params(const json& params, std::vector<sim::Diagnostic>& out) {
  check_params("cmf", params, cmf_param_rules(), out);
  check_cmf_specifics(params, out);
}

void check_cmf_specifics(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto it = params.find("key_attestation"); it != params.end() && it->is_string()) {
    if (!attestation_mode(it->get<std::string>()))
      out.push_back({"", 0, 0, "/key_attestation",
                     "key_attestation: expected \"none\", \"optional\" or \"required\"", false});
  }
  if (auto it = params.find("key_policy"); it != params.end() && it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& e = (*it)[i];
      if (e.is_string() && !pki::key_type_from_string(e.get<std::string>()))
        out.push_back({"", 0, 0, "/key_policy/" + std::to_string(i),
                       "unknown key type (ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519)", false});
    }
  }
  if (auto it = params.find("initial_credential"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items()) {
      const std::string pointer = "/initial_credential/" + key;
      if (key == "one_use") {
        if (!value.is_boolean())
          out.push_back({"", 0, 0, pointer, "one_use: expected true or false", false});
      } else if (key == "lifetime") {
        if (!good_duration(value))
          out.push_back({"", 0, 0, pointer, "lifetime: expected a duration such as \"7d\"", false});
      } else {
        out.push_back({"", 0, 0, pointer,
                       "unknown member \"" + key + "\" of initial_credential (one_use, lifetime)",
                       true});
      }
    }
  }
  if (auto it = params.find("attestation_policy"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items()) {
      const std::string pointer = "/attestation_policy/" + key;
      if (key == "min_level") {
        if (!value.is_string() || !pki::security_level_rank(value.get<std::string>()))
          out.push_back(
              {"", 0, 0, pointer, "min_level: expected a level such as \"fips140-3-l3\"", false});
      } else if (key == "max_age") {
        if (!good_duration(value))
          out.push_back({"", 0, 0, pointer, "max_age: expected a duration such as \"1h\"", false});
      } else {
        out.push_back({"", 0, 0, pointer,
                       "unknown member \"" + key + "\" of attestation_policy (min_level, max_age)",
                       true});
      }
    }
  }
  if (auto it = params.find("direct_mode"); it != params.end()) check_direct_mode(*it, out);
  if (auto it = params.find("delegation"); it != params.end()) check_delegation(*it, out);
  if (auto it = params.find("processing"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items()) {
      if (key != "validate" && key != "register")
        out.push_back({"", 0, 0, "/processing/" + key,
                       "unknown processing time \"" + key + "\" (validate, register)", true});
    }
  }
}

CmfConfig read_cmf_config(const json& params, const std::string& name) {
  CmfConfig c;
  c.ca = string_param(params, "ca");
  c.cas = string_map_param(params, "cas");
  c.ra_reference = string_param(params, "ra_reference", name);
  c.ra_secret = string_param(params, "ra_secret");
  c.fqdn = string_param(params, "fqdn", name + ".cmf.invalid");
  c.trusted_consumers = string_list_param(params, "trusted_consumers");
  c.day0 = string_map_param(params, "day0");
  c.allowed_domains = string_list_param(params, "allowed_domains");
  if (auto it = params.find("initial_credential"); it != params.end() && it->is_object()) {
    c.credential_one_use = bool_param(*it, "one_use", true);
    c.credential_lifetime = duration_param(*it, "lifetime", c.credential_lifetime);
  }
  c.key_policy = params.contains("key_policy") ? string_list_param(params, "key_policy")
                                               : default_key_policy();
  c.key_attestation = attestation_mode(string_param(params, "key_attestation", "optional"))
                          .value_or(AttestationMode::optional);
  c.hsm_vendor_roots_from = string_list_param(params, "hsm_vendor_roots_from");
  if (auto it = params.find("attestation_policy"); it != params.end() && it->is_object()) {
    if (auto level = it->find("min_level"); level != it->end() && level->is_string())
      c.attestation_min_level = level->get<std::string>();
    if (it->contains("max_age"))
      c.attestation_max_age = duration_param(*it, "max_age", sim::Duration::days(1));
  }
  c.validate_time = duration_entry(params, "processing", "validate", c.validate_time);
  c.register_time = duration_entry(params, "processing", "register", c.register_time);
  c.concurrency =
      static_cast<std::size_t>(std::max<long long>(1, int_param(params, "concurrency", 4)));
  c.ca_timeout = duration_param(params, "ca_timeout", c.ca_timeout);
  c.ca_retries = static_cast<int>(std::min<long long>(int_param(params, "ca_retries", 3), 100));
  c.monitor_interval = duration_param(params, "monitor_interval", c.monitor_interval);
  c.expiry_alarm_threshold =
      duration_param(params, "expiry_alarm_threshold", c.expiry_alarm_threshold);
  c.skip_registration_check = bool_param(params, "skip_registration_check", false);
  c.skip_reconciliation = bool_param(params, "skip_reconciliation", false);
  c.skip_csr_validation = bool_param(params, "skip_csr_validation", false);
  c.skip_attestation_check = bool_param(params, "skip_attestation_check", false);
  c.throw_in_credential_mac = bool_param(params, "throw_in_credential_mac", false);
  c.throw_in_attestation_check = bool_param(params, "throw_in_attestation_check", false);
  if (auto it = params.find("direct_mode"); it != params.end() && it->is_object())
    c.direct_mode = read_direct_mode(*it, c.ca);
  return c;
}

}  // namespace ifa026::actors::cmf
