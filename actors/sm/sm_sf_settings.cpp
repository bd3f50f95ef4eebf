// The SM's security function parameters and commands (see sm_sf_settings.hpp).
#include "actors/sm/sm_sf_settings.hpp"

#include <algorithm>
#include <set>

#include "sim/param_rules.hpp"

namespace ifa026::actors::sm {

namespace {

using nlohmann::json;

bool string_list(const json& value) {
  return value.is_array() &&
         std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
}

}  // namespace

std::vector<ParamRule> sf_param_rules() {
  return {
      {"sf_managers", ParamType::string_list,
       "the EMs and ISMs (actor names) it asks for security functions on Sm-Sf (sf_discover)"},
      {"sf_policies", ParamType::array,
       "security function policies pushed once functions are discovered: [{id, domain, rules: "
       "[...], sf (one function only), via (its EM / ISM)}]; a function's own policy wins over "
       "its domain's"},
      {"sf_credentials", ParamType::boolean,
       "send each function an initial credential (SecurityFunctionConfiguration) before its "
       "first rules",
       false, "true"},
      {"sf_validation_delay", ParamType::duration,
       "after an NS deployment or scaling event, how long it waits for the operation's other "
       "events before it configures validation and runs a round",
       false, "2s"},
      {"sf_report_timeout", ParamType::duration,
       "how long a validation round waits for reports (then: missing)", false, "5s"},
  };
}

std::vector<CommandRule> sf_command_rules() {
  return {
      {"sf_discover",
       "ask the NFVO for its VSF catalogue and the EMs / ISMs for their functions "
       "(SmSecurityFunctionCatalogueQuery, SecurityFunctionCapabilityQuery; R1.2.40); the "
       "policies are pushed to what is discovered",
       {{"managers", ParamType::string_list, "the EMs / ISMs asked", false, "sf_managers"},
        {"catalogue", ParamType::boolean, "ask the NFVO too", false, "true"}}},
      {"sf_configure_rules",
       "send one function a rule table through its EM / ISM (SecurityRuleConfiguration)",
       {{"sf", ParamType::string, "the function", true},
        {"via", ParamType::string, "its EM / ISM", true},
        {"rules", ParamType::string_list, "the rules (set)"},
        {"policy_id", ParamType::string, "the policy id", false, "manual"},
        {"action", ParamType::string, "set or remove", false, "set"}}},
      {"sf_configure_credential",
       "send one function an initial credential through its EM / ISM "
       "(SecurityFunctionConfiguration; R1.2.140)",
       {{"sf", ParamType::string, "the function", true},
        {"via", ParamType::string, "its EM / ISM", true}}},
      {"sf_validate",
       "run a validation round over every function enforcing its policies (PolicyValidation)",
       {{"ns", ParamType::string, "the NS the round is for", false, "\"\""}}},
  };
}

void check_sf_params(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("sf_policies");
  if (it == params.end() || !it->is_array()) return;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& p = (*it)[i];
    const std::string at = "/sf_policies/" + std::to_string(i);
    if (!p.is_object()) {
      out.push_back({"", 0, 0, at, "sf_policies: each entry is an object {id, domain, rules}"});
      continue;
    }
    for (const char* key : {"id", "domain"}) {
      auto v = p.find(key);
      if (v == p.end() || !v->is_string() || v->get<std::string>().empty())
        out.push_back({"", 0, 0, at + "/" + key,
                       std::string("sf_policies: \"") + key + "\" must be a non-empty string"});
    }
    if (auto v = p.find("id");
        v != p.end() && v->is_string() && !ids.insert(v->get<std::string>()).second)
      out.push_back(
          {"", 0, 0, at + "/id", "sf_policies: " + v->get<std::string>() + " is declared twice"});
    if (auto v = p.find("rules"); v == p.end() || !string_list(*v))
      out.push_back({"", 0, 0, at + "/rules", "sf_policies: rules must be a list of strings"});
    for (const auto& [key, value] : p.items()) {
      const std::string kat = at + "/" + sim::escape_pointer_token(key);
      if (key == "sf" || key == "via") {
        if (!value.is_string())
          out.push_back({"", 0, 0, kat, "sf_policies: " + key + " must be a string"});
      } else if (key != "id" && key != "domain" && key != "rules") {
        out.push_back({"", 0, 0, kat,
                       "sf_policies: unknown member \"" + key + "\" (id, domain, rules, sf, via)"});
      }
    }
  }
}

SfSettings read_sf_settings(const json& params) {
  SfSettings s;
  s.managers = string_list_param(params, "sf_managers");
  if (auto it = params.find("sf_policies"); it != params.end() && it->is_array())
    for (const auto& p : *it) {
      if (!p.is_object()) continue;
      s.policies.push_back({.id = string_param(p, "id"),
                            .domain = string_param(p, "domain"),
                            .sf = string_param(p, "sf"),
                            .via = string_param(p, "via"),
                            .rules = string_list_param(p, "rules")});
    }
  s.credentials = bool_param(params, "sf_credentials", true);
  s.validation_delay = duration_param(params, "sf_validation_delay", s.validation_delay);
  s.report_timeout = duration_param(params, "sf_report_timeout", s.report_timeout);
  for (const auto& fault : string_list_param(params, "sm_faults")) {
    if (fault == "skip_capability_query") s.skip_capability_query = true;
    if (fault == "no_validation_after_scale") s.no_validation_after_scale = true;
    if (fault == "ignore_drift") s.ignore_drift = true;
    if (fault == "miss_plain_configuration") s.miss_plain_configuration = true;
  }
  return s;
}

}  // namespace ifa026::actors::sm
