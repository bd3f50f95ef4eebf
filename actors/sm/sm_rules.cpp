// The Security Manager's scripted rules (see sm_rules.hpp).
#include "actors/sm/sm_rules.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors::sm {

namespace {

using nlohmann::json;

const std::vector<std::string>& option_keys() {
  static const std::vector<std::string> keys = {
      "replace_allowed",           "quarantine_copy",  "other_recovery_allowed",
      "quarantine_image_and_vnfd", "host_disposition", "terminate_cohosted",
      "erase_secure_storage"};
  return keys;
}

// The values a fact may take, when it has a closed set ("" for free text).
const std::vector<std::string>* closed_values(const std::string& key) {
  static const std::vector<std::string> event_types = {kEventVnfInstantiate, kEventVnfModify,
                                                       kEventVnfTerminate,   kEventNsInstantiate,
                                                       kEventNsScale,        kEventNsTerminate};
  static const std::vector<std::string> phases = {kPhaseProposed, kPhaseCompleted, kPhaseFailed};
  static const std::vector<std::string> changes = {kChangeVnfc, kChangeConfiguration,
                                                   kChangeLocation, kChangeSoftwareImage};
  if (key == "event_type") return &event_types;
  if (key == "phase") return &phases;
  if (key == "change_kind") return &changes;
  return nullptr;
}

bool contains(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

void check_policy(const json& policy, const std::string& pointer,
                  std::vector<sim::Diagnostic>& out) {
  if (!policy.is_object()) {
    out.push_back({"", 0, 0, pointer, "policy: expected {policy_id, content, media_type}"});
    return;
  }
  for (const auto& [key, value] : policy.items()) {
    if (key != "policy_id" && key != "content" && key != "media_type") {
      out.push_back({"", 0, 0, pointer + "/" + sim::escape_pointer_token(key),
                     "policy: unknown member \"" + key + "\" (policy_id, content, media_type)",
                     true});
    } else if (!value.is_string()) {
      out.push_back({"", 0, 0, pointer + "/" + key, "policy: " + key + " must be a string"});
    }
  }
  for (const char* required : {"policy_id", "content"})
    if (!policy.contains(required))
      out.push_back({"", 0, 0, pointer, std::string("policy: needs ") + required});
}

messages::SmPolicy read_policy(const json& policy) {
  messages::SmPolicy p;
  p.policy_id = string_param(policy, "policy_id");
  p.content = string_param(policy, "content");
  p.media_type = string_param(policy, "media_type", "text/plain");
  return p;
}

void check_rule(const json& rule, const std::string& pointer, std::vector<sim::Diagnostic>& out) {
  auto problem = [&](const std::string& where, const std::string& message, bool at_key = false) {
    out.push_back({"", 0, 0, pointer + where, "rules: " + message, at_key});
  };
  if (!rule.is_object()) {
    problem("", "expected an object {on, do, delay, reason, policy, kind, options}");
    return;
  }
  static const std::vector<std::string> members = {"on",   "do",      "delay", "reason", "policy",
                                                   "kind", "options", "vsf",   "between"};
  for (const auto& [key, value] : rule.items())
    if (!contains(members, key))
      problem("/" + sim::escape_pointer_token(key),
              "unknown member \"" + key + "\" (" + comma_list(members, ", ") + ")", true);
  if (auto on = rule.find("on"); on != rule.end()) {
    if (!on->is_object()) {
      problem("/on", "on: expected an object of event facts (" +
                         comma_list(rule_match_keys(), ", ") + ")");
    } else {
      for (const auto& [key, value] : on->items()) {
        const std::string where = "/on/" + sim::escape_pointer_token(key);
        if (!contains(rule_match_keys(), key)) {
          problem(where,
                  "on: unknown fact \"" + key + "\" (" + comma_list(rule_match_keys(), ", ") + ")",
                  true);
        } else if (!value.is_string()) {
          problem(where, "on: " + key + " must be a string");
        } else if (const auto* allowed = closed_values(key);
                   allowed != nullptr && !contains(*allowed, value.get<std::string>())) {
          problem(where, "on: " + key + " must be one of " + comma_list(*allowed, ", "));
        }
      }
    }
  }
  std::string action;
  if (auto d = rule.find("do"); d == rule.end()) {
    problem("", "needs do (" + comma_list(rule_actions(), ", ") + ")");
  } else if (!d->is_string() || !contains(rule_actions(), d->get<std::string>())) {
    problem("/do", "do must be one of " + comma_list(rule_actions(), ", "));
  } else {
    action = d->get<std::string>();
  }
  if (auto delay = rule.find("delay"); delay != rule.end() && !sim::good_duration(*delay))
    problem("/delay", "delay must be a duration such as \"500ms\"");
  if (auto reason = rule.find("reason"); reason != rule.end() && !reason->is_string())
    problem("/reason", "reason must be a string");
  const bool wants_policy = action == kActionApproveWithPolicy || action == kActionPolicy;
  const bool insert_vsf = action == kActionInsertVsf;
  if (auto policy = rule.find("policy"); policy != rule.end()) {
    if (!wants_policy && !insert_vsf && !action.empty())
      problem("/policy", "policy is for approve_with_policy, policy and insert_vsf only", true);
    check_policy(*policy, pointer + "/policy", out);
  } else if (wants_policy) {
    problem("", "do " + action + " needs a policy {policy_id, content}");
  }
  if (auto vsf = rule.find("vsf"); vsf != rule.end()) {
    if (!insert_vsf && !action.empty()) problem("/vsf", "vsf is for insert_vsf only", true);
    if (!vsf->is_object() || !vsf->contains("vnfd_id") || !(*vsf)["vnfd_id"].is_string())
      problem("/vsf", "vsf: expected {vnfd_id, package, flavour}");
    else if (!messages::from_body<messages::SmVsfReference>(*vsf))
      problem("/vsf",
              "vsf: " + messages::from_body<messages::SmVsfReference>(*vsf).failure().text());
  } else if (insert_vsf) {
    problem("", "do insert_vsf needs a vsf {vnfd_id}");
  }
  if (auto between = rule.find("between"); between != rule.end()) {
    if (!insert_vsf && !action.empty()) problem("/between", "between is for insert_vsf only", true);
    if (!between->is_array() || between->size() != 2 || !(*between)[0].is_string() ||
        !(*between)[1].is_string())
      problem("/between", "between: expected two VNF instance ids");
  } else if (insert_vsf) {
    problem("", "do insert_vsf needs between [a, b]");
  }
  const bool terminate = action == kActionTerminate;
  if (auto kind = rule.find("kind"); kind != rule.end()) {
    if (!terminate && !action.empty()) problem("/kind", "kind is for terminate only", true);
    if (!kind->is_string() ||
        (kind->get<std::string>() != kKindRequest && kind->get<std::string>() != kKindInstruction))
      problem("/kind", "kind must be request or instruction");
  }
  if (auto options = rule.find("options"); options != rule.end()) {
    if (!terminate && !action.empty()) problem("/options", "options are for terminate only", true);
    std::vector<sim::Diagnostic> found;
    check_termination_options(*options, pointer + "/options", found);
    for (auto& d : found) {
      d.message = "rules: " + d.message;
      out.push_back(std::move(d));
    }
  }
}

}  // namespace

const std::vector<std::string>& rule_match_keys() {
  static const std::vector<std::string> keys = {
      "event_type", "phase", "vnf", "source", "operation", "change_kind", "trust_domain"};
  return keys;
}

const std::vector<std::string>& rule_actions() {
  static const std::vector<std::string> actions = {
      kActionApprove,         kActionApproveWithPolicy, kActionReject, kActionObject,
      kActionPolicy,          kActionTerminate,         kActionIgnore, kActionInsertVsf,
      kActionOverruleApprove, kActionOverruleCancel};
  return actions;
}

std::map<std::string, std::string> event_facts(const messages::SmLcmEvent& event) {
  std::map<std::string, std::string> facts = {{"event_type", event.event_type},
                                              {"phase", event.phase},
                                              {"source", event.source},
                                              {"trust_domain", event.trust_domain}};
  if (event.vnf_instance_id) facts["vnf"] = *event.vnf_instance_id;
  if (event.operation) facts["operation"] = *event.operation;
  if (event.change_kind) facts["change_kind"] = *event.change_kind;
  return facts;
}

bool rule_matches(const SmRule& rule, const messages::SmLcmEvent& event) {
  const std::map<std::string, std::string> facts = event_facts(event);
  for (const auto& [key, value] : rule.on) {
    auto it = facts.find(key);
    if (it == facts.end() || it->second != value) return false;
  }
  return true;
}

std::optional<std::size_t> first_matching_rule(const std::vector<SmRule>& rules,
                                               const messages::SmLcmEvent& event) {
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rule_matches(rules[i], event)) return i;
  return std::nullopt;
}

std::vector<SmRule> read_rules(const json& params) {
  std::vector<SmRule> rules;
  auto it = params.find("rules");
  if (it == params.end() || !it->is_array()) return rules;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& r = (*it)[i];
    if (!r.is_object()) continue;
    SmRule rule;
    if (auto on = r.find("on"); on != r.end() && on->is_object())
      for (const auto& [key, value] : on->items())
        if (value.is_string()) rule.on[key] = value.get<std::string>();
    rule.action = string_param(r, "do", kActionIgnore);
    rule.delay = duration_param(r, "delay", sim::Duration());
    rule.reason = string_param(r, "reason", "rule " + std::to_string(i));
    if (auto policy = r.find("policy"); policy != r.end() && policy->is_object())
      rule.policy = read_policy(*policy);
    rule.kind = string_param(r, "kind", kKindRequest);
    if (auto options = r.find("options"); options != r.end())
      rule.options = read_termination_options(*options);
    if (auto vsf = r.find("vsf"); vsf != r.end())
      if (auto ref = messages::from_body<messages::SmVsfReference>(*vsf)) rule.vsf = *ref;
    rule.between = string_list_param(r, "between");
    rules.push_back(std::move(rule));
  }
  return rules;
}

void check_rules(const json& params, std::vector<sim::Diagnostic>& out) {
  auto it = params.find("rules");
  if (it == params.end()) return;
  if (!it->is_array()) return;  // the table's type check reports it
  for (std::size_t i = 0; i < it->size(); ++i)
    check_rule((*it)[i], "/rules/" + std::to_string(i), out);
}

void check_termination_options(const json& options, const std::string& pointer,
                               std::vector<sim::Diagnostic>& out) {
  if (!options.is_object()) {
    out.push_back({"", 0, 0, pointer,
                   "options: expected an object (" + comma_list(option_keys(), ", ") + ")"});
    return;
  }
  for (const auto& [key, value] : options.items()) {
    const std::string where = pointer + "/" + sim::escape_pointer_token(key);
    if (!contains(option_keys(), key)) {
      out.push_back(
          {"", 0, 0, where,
           "options: unknown option \"" + key + "\" (" + comma_list(option_keys(), ", ") + ")",
           true});
    } else if (key == "host_disposition") {
      if (!value.is_string() ||
          (value.get<std::string>() != "release" && value.get<std::string>() != "quarantine"))
        out.push_back({"", 0, 0, where, "options: host_disposition must be release or quarantine"});
    } else if (!value.is_boolean()) {
      out.push_back({"", 0, 0, where, "options: " + key + " must be true or false"});
    }
  }
}

messages::SmTerminationOptions read_termination_options(const json& options) {
  messages::SmTerminationOptions o;
  if (!options.is_object()) return o;
  auto flag = [&](const char* key, bool fallback) {
    auto it = options.find(key);
    return it != options.end() && it->is_boolean() ? it->get<bool>() : fallback;
  };
  auto optional_flag = [&](const char* key) -> std::optional<bool> {
    auto it = options.find(key);
    if (it == options.end() || !it->is_boolean()) return std::nullopt;
    return it->get<bool>();
  };
  o.replace_allowed = flag("replace_allowed", o.replace_allowed);
  o.quarantine_copy = flag("quarantine_copy", o.quarantine_copy);
  o.other_recovery_allowed = flag("other_recovery_allowed", o.other_recovery_allowed);
  o.quarantine_image_and_vnfd = optional_flag("quarantine_image_and_vnfd");
  if (auto it = options.find("host_disposition"); it != options.end() && it->is_string())
    o.host_disposition = it->get<std::string>();
  o.terminate_cohosted = optional_flag("terminate_cohosted");
  o.erase_secure_storage = optional_flag("erase_secure_storage");
  return o;
}

std::string options_text(const messages::SmTerminationOptions& o) {
  auto b = [](bool v) { return v ? std::string("true") : std::string("false"); };
  std::string text = "replace_allowed=" + b(o.replace_allowed) +
                     ",quarantine_copy=" + b(o.quarantine_copy) +
                     ",other_recovery_allowed=" + b(o.other_recovery_allowed);
  if (o.quarantine_image_and_vnfd)
    text += ",quarantine_image_and_vnfd=" + b(*o.quarantine_image_and_vnfd);
  if (o.host_disposition) text += ",host_disposition=" + *o.host_disposition;
  if (o.terminate_cohosted) text += ",terminate_cohosted=" + b(*o.terminate_cohosted);
  if (o.erase_secure_storage) text += ",erase_secure_storage=" + b(*o.erase_secure_storage);
  return text;
}

}  // namespace ifa026::actors::sm
