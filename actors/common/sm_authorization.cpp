// The SM authorization table and the mode permission table (see sm_authorization.hpp).
#include "actors/common/sm_authorization.hpp"

#include <algorithm>

#include "actors/messages/monitoring_vocabulary.hpp"
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
  // sNSD (issue 16): every mode may fetch a descriptor; only active modes onboard an sNSD.
  if (sm_operation == op::kSmDescriptorQuery) return {true, ""};
  const std::string m(mode);
  if (mode == kModePassive)
    return refuse("mode passive does not permit " + std::string(sm_operation));
  if (sm_operation == op::kSmLcmGrantResponse) {
    if (mode == kModeFullyActive) return {true, ""};
    return refuse("grant responses are for fully_active SMs, not " + m);
  }
  if (sm_operation == op::kSmSnsdOnboardRequest) return {true, ""};
  if (one_of(sm_operation, {op::kSmLcmObjection, op::kSmPackageIntegrityConfirmation,
                            op::kSmSecurityPolicyInstruction, op::kSmSecurityFunctionRequest,
                            op::kSecurityAssociationRequest}))
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
  table.model_ = std::make_shared<const trust::TrustModel>(trust::TrustModel::from_section(model));
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

}  // namespace ifa026::actors::sm
