// The SM authorization table, the mode permission table and the `trust_model` scenario rule (see
// sm_authorization.hpp).
#include "actors/common/sm_authorization.hpp"

#include <algorithm>

#include "actors/messages/operations.hpp"
#include "actors/messages/sm_vocabulary.hpp"

namespace ifa026::actors::sm {
namespace {

using nlohmann::json;
namespace op = operations;

bool one_of(std::string_view value, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

bool known_mode(std::string_view mode) {
  return one_of(mode, {kModePassive, kModeSemiActive, kModeFullyActive});
}

}  // namespace

Permission permits(std::string_view mode, std::string_view sm_operation, std::string_view kind) {
  auto refuse = [&](const std::string& why) { return Permission{false, why}; };
  if (!known_mode(mode)) return refuse("no mode in this domain");
  // Every mode: bind, subscribe, ask, and export its own audit partition (D6).
  if (one_of(sm_operation,
             {op::kSmBindRequest, op::kSmLcmSubscriptionRequest, op::kSmNetworkStatusQuery,
              op::kSmLcmHistoryQuery, op::kSmContextQuery, op::kSmAuditLogExportRequest}))
    return {true, ""};
  const std::string m(mode);
  if (mode == kModePassive)
    return refuse("mode passive does not permit " + std::string(sm_operation));
  if (sm_operation == op::kSmLcmGrantResponse) {
    if (mode == kModeFullyActive) return {true, ""};
    return refuse("grant responses are for fully_active SMs, not " + m);
  }
  if (one_of(sm_operation, {op::kSmLcmObjection, op::kSmPackageIntegrityConfirmation,
                            op::kSmSecurityPolicyInstruction, op::kSmSecurityFunctionRequest}))
    return {true, ""};
  if (one_of(sm_operation, {op::kSmTerminateVnfRequest, op::kSmHostRetirementRequest})) {
    if (kind == kKindRequest) return {true, ""};
    if (kind == kKindInstruction) {
      if (mode == kModeFullyActive) return {true, ""};
      return refuse("kind instruction needs fully_active, the SM is " + m);
    }
    return refuse("kind must be request or instruction, not \"" + std::string(kind) + "\"");
  }
  return refuse("no SM may send " + std::string(sm_operation));
}

AuthorizationTable AuthorizationTable::from_trust_model(const json& model) {
  AuthorizationTable table;
  if (!model.is_object()) return table;
  if (auto sms = model.find("sms"); sms != model.end() && sms->is_array())
    for (const auto& s : *sms) {
      if (!s.is_object() || !s.contains("name") || !s["name"].is_string()) continue;
      auto& modes = table.modes_[s["name"].get<std::string>()];
      if (auto manages = s.find("manages"); manages != s.end() && manages->is_object())
        for (const auto& [domain, mode] : manages->items())
          if (mode.is_string()) modes[domain] = mode.get<std::string>();
    }
  if (auto domains = model.find("domains"); domains != model.end() && domains->is_array())
    for (const auto& d : *domains)
      if (d.is_object() && d.value("sensitive", false) && d.contains("id") && d["id"].is_string())
        table.sensitive_[d["id"].get<std::string>()];
  if (auto managers = model.find("sensitive_managers");
      managers != model.end() && managers->is_object())
    for (const auto& [domain, list] : managers->items())
      if (list.is_array())
        for (const auto& sm : list)
          if (sm.is_string()) table.sensitive_[domain].insert(sm.get<std::string>());
  if (auto settings = model.find("settings"); settings != model.end() && settings->is_object()) {
    auto duration = [&](const char* key, sim::Duration fallback) {
      auto it = settings->find(key);
      if (it == settings->end() || !it->is_string()) return fallback;
      return sim::parse_duration(it->get<std::string>()).value_or(fallback);
    };
    table.settings_.objection_window =
        duration("objection_window", table.settings_.objection_window);
    table.settings_.grant_timeout = duration("grant_timeout", table.settings_.grant_timeout);
  }
  return table;
}

std::optional<std::string> AuthorizationTable::mode(const std::string& sm,
                                                    const std::string& domain) const {
  auto s = modes_.find(sm);
  if (s == modes_.end()) return std::nullopt;
  auto d = s->second.find(domain);
  if (d == s->second.end()) return std::nullopt;
  return d->second;
}

std::map<std::string, std::string> AuthorizationTable::grants(const std::string& sm) const {
  auto s = modes_.find(sm);
  return s == modes_.end() ? std::map<std::string, std::string>{} : s->second;
}

bool AuthorizationTable::set_mode(const std::string& sm, const std::string& domain,
                                  const std::optional<std::string>& mode) {
  auto s = modes_.find(sm);
  if (s == modes_.end() || (mode && !known_mode(*mode))) return false;
  if (mode)
    s->second[domain] = *mode;
  else
    s->second.erase(domain);
  return true;
}

bool AuthorizationTable::may_see(const std::string& sm, const std::string& domain) const {
  auto d = sensitive_.find(domain);
  return d == sensitive_.end() || d->second.count(sm) != 0;
}

std::string grants_text(const std::map<std::string, std::string>& grants) {
  std::string text;
  for (const auto& [domain, mode] : grants) text += (text.empty() ? "" : ",") + domain + ":" + mode;
  return text;
}

void check_trust_model(const json& root, std::vector<sim::Diagnostic>& out) {
  if (!root.is_object() || !root.contains("trust_model")) return;
  const json& model = root["trust_model"];
  auto error = [&](const std::string& pointer, const std::string& message) {
    out.push_back({"", 0, 0, "/trust_model" + pointer, message});
  };
  if (!model.is_object()) return error("", "trust_model must be an object");
  static const std::set<std::string> kKeys = {"domains", "sms", "sensitive_managers", "settings"};
  for (const auto& [key, value] : model.items())
    if (kKeys.count(key) == 0)
      out.push_back({"", 0, 0, "/trust_model/" + key,
                     "unknown trust_model member \"" + key +
                         "\" (expected domains, sms, sensitive_managers, settings)",
                     true});
  std::set<std::string> domains;
  if (auto it = model.find("domains"); it != model.end()) {
    if (!it->is_array()) return error("/domains", "domains must be an array");
    static const std::set<std::string> kPurposes = {"tenant", "network", "mano",
                                                    "security_management", "infrastructure"};
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& d = (*it)[i];
      const std::string at = "/domains/" + std::to_string(i);
      if (!d.is_object() || !d.contains("id") || !d["id"].is_string() ||
          d["id"].get<std::string>().empty()) {
        error(at, "a domain needs a non-empty string \"id\"");
        continue;
      }
      const auto id = d["id"].get<std::string>();
      if (!domains.insert(id).second) error(at + "/id", "domain \"" + id + "\" declared twice");
      if (d.contains("purpose") &&
          (!d["purpose"].is_string() || kPurposes.count(d["purpose"].get<std::string>()) == 0))
        error(at + "/purpose",
              "purpose must be one of tenant, network, mano, security_management, infrastructure");
      if (d.contains("sensitive") && !d["sensitive"].is_boolean())
        error(at + "/sensitive", "sensitive must be true or false");
    }
  }
  std::set<std::string> sms;
  if (auto it = model.find("sms"); it != model.end()) {
    if (!it->is_array()) return error("/sms", "sms must be an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& s = (*it)[i];
      const std::string at = "/sms/" + std::to_string(i);
      if (!s.is_object() || !s.contains("name") || !s["name"].is_string() ||
          s["name"].get<std::string>().empty()) {
        error(at, "an SM needs a non-empty string \"name\"");
        continue;
      }
      const auto name = s["name"].get<std::string>();
      if (!sms.insert(name).second) error(at + "/name", "SM \"" + name + "\" declared twice");
      if (s.contains("member_of") &&
          (!s["member_of"].is_string() || domains.count(s["member_of"].get<std::string>()) == 0))
        error(at + "/member_of", "member_of must name a declared domain");
      if (!s.contains("manages")) continue;
      if (!s["manages"].is_object()) {
        error(at + "/manages", "manages must map domain -> mode");
        continue;
      }
      for (const auto& [domain, mode] : s["manages"].items()) {
        const std::string here = at + "/manages/" + domain;
        if (domains.count(domain) == 0)
          error(here, "SM \"" + name + "\" manages undeclared domain \"" + domain + "\"");
        if (!mode.is_string() || !known_mode(mode.get<std::string>()))
          error(here, "mode must be passive, semi_active or fully_active");
      }
    }
  }
  if (auto it = model.find("sensitive_managers"); it != model.end()) {
    if (!it->is_object()) return error("/sensitive_managers", "must map domain -> [SM names]");
    for (const auto& [domain, list] : it->items()) {
      const std::string at = "/sensitive_managers/" + domain;
      if (domains.count(domain) == 0) error(at, "undeclared domain \"" + domain + "\"");
      if (!list.is_array()) {
        error(at, "must be an array of SM names");
        continue;
      }
      for (std::size_t i = 0; i < list.size(); ++i)
        if (!list[i].is_string() || sms.count(list[i].get<std::string>()) == 0)
          error(at + "/" + std::to_string(i), "must name a declared SM");
    }
  }
  if (auto it = model.find("settings"); it != model.end()) {
    if (!it->is_object()) return error("/settings", "settings must be an object");
    for (const auto& [key, value] : it->items()) {
      const std::string at = "/settings/" + key;
      if (key != "objection_window" && key != "grant_timeout") {
        out.push_back({"", 0, 0, "/trust_model" + at,
                       "unknown setting \"" + key + "\" (objection_window, grant_timeout)", true});
        continue;
      }
      if (!value.is_string() || !sim::parse_duration(value.get<std::string>()))
        error(at, key + " must be a duration such as \"2s\"");
    }
  }
}

}  // namespace ifa026::actors::sm
