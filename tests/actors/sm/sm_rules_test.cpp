// The Security Manager's rules (actors/sm/sm_rules.hpp): reading, first match wins, every `on`
// key matching and failing to match, delays, and the located diagnostics of bad rules.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/sm/sm_rules.hpp"

namespace ifa026::actors::sm::sm_rules_test {
namespace {

using nlohmann::json;

messages::SmLcmEvent instantiate_event() {
  messages::SmLcmEvent e;
  e.event_id = "ev-1";
  e.event_type = "VNF_INSTANTIATE";
  e.phase = "proposed";
  e.trust_domain = "td-a";
  e.source = "OSS";
  e.reason = "ns instantiation";
  e.oss_app_id = "app-1";
  e.vnf_instance_id = "vnf-db";
  e.operation = "INSTANTIATE";
  return e;
}

std::vector<sim::Diagnostic> problems(const json& rules) {
  std::vector<sim::Diagnostic> out;
  check_rules(json{{"rules", rules}}, out);
  return out;
}

std::string pointers(const std::vector<sim::Diagnostic>& out) {
  std::string text;
  for (const auto& d : out) text += d.pointer + " " + d.message + "\n";
  return text;
}

TEST(SmRules, FirstMatchWins) {
  const auto rules = read_rules(json::parse(R"({"rules": [
      {"on": {"event_type": "VNF_MODIFY"}, "do": "object"},
      {"on": {"event_type": "VNF_INSTANTIATE", "vnf": "vnf-db"}, "do": "reject", "reason": "no db"},
      {"on": {"event_type": "VNF_INSTANTIATE"}, "do": "approve"}]})"));
  ASSERT_EQ(rules.size(), 3u);
  auto event = instantiate_event();
  ASSERT_EQ(first_matching_rule(rules, event), std::optional<std::size_t>(1));
  EXPECT_EQ(rules[1].action, "reject");
  EXPECT_EQ(rules[1].reason, "no db");
  // Another VNF passes the second rule by and stops at the third.
  event.vnf_instance_id = "vnf-lb";
  EXPECT_EQ(first_matching_rule(rules, event), std::optional<std::size_t>(2));
  // An event no rule names.
  event.event_type = "NS_SCALE";
  EXPECT_EQ(first_matching_rule(rules, event), std::nullopt);
}

TEST(SmRules, EveryOnKeyMatchesItsFactAndOnlyIt) {
  const auto event = instantiate_event();
  messages::SmLcmEvent modify = instantiate_event();
  modify.event_type = "VNF_MODIFY";
  modify.change_kind = "vnfc";
  const std::map<std::string, std::pair<std::string, std::string>> cases = {
      {"event_type", {"VNF_INSTANTIATE", "VNF_TERMINATE"}},
      {"phase", {"proposed", "completed"}},
      {"vnf", {"vnf-db", "vnf-lb"}},
      {"source", {"OSS", "SECURITY_MANAGER"}},
      {"operation", {"INSTANTIATE", "HEAL"}},
      {"trust_domain", {"td-a", "td-b"}},
  };
  ASSERT_EQ(cases.size() + 1, rule_match_keys().size());
  for (const auto& [key, values] : cases) {
    SmRule yes{.on = {{key, values.first}}, .action = kActionApprove};
    SmRule no{.on = {{key, values.second}}, .action = kActionApprove};
    EXPECT_TRUE(rule_matches(yes, event)) << key;
    EXPECT_FALSE(rule_matches(no, event)) << key;
  }
  // change_kind: absent in an instantiation event, so never matches there.
  SmRule change{.on = {{"change_kind", "vnfc"}}, .action = kActionObject};
  EXPECT_FALSE(rule_matches(change, event));
  EXPECT_TRUE(rule_matches(change, modify));
  change.on["change_kind"] = "location";
  EXPECT_FALSE(rule_matches(change, modify));
  // Several keys: all must hold; no key: every event.
  SmRule both{.on = {{"vnf", "vnf-db"}, {"phase", "completed"}}, .action = kActionApprove};
  EXPECT_FALSE(rule_matches(both, event));
  EXPECT_TRUE(rule_matches(SmRule{.action = kActionIgnore}, event));
}

TEST(SmRules, ReadsDelayPolicyKindAndOptions) {
  const auto rules = read_rules(json::parse(R"({"rules": [
      {"on": {"phase": "proposed"}, "do": "approve_with_policy", "delay": "1.5s",
       "policy": {"policy_id": "p-1", "content": "deny-all-but-443"}},
      {"do": "terminate", "kind": "instruction",
       "options": {"replace_allowed": false, "host_disposition": "quarantine"}}]})"));
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].delay, sim::Duration::milliseconds(1500));
  ASSERT_TRUE(rules[0].policy);
  EXPECT_EQ(rules[0].policy->policy_id, "p-1");
  EXPECT_EQ(rules[0].policy->media_type, "text/plain");
  EXPECT_EQ(rules[1].delay, sim::Duration());
  EXPECT_EQ(rules[1].kind, "instruction");
  EXPECT_FALSE(rules[1].options.replace_allowed);
  EXPECT_TRUE(rules[1].options.other_recovery_allowed);
  EXPECT_EQ(rules[1].options.host_disposition, std::optional<std::string>("quarantine"));
  EXPECT_EQ(rules[1].reason, "rule 1");
  EXPECT_EQ(options_text(rules[1].options),
            "replace_allowed=false,quarantine_copy=false,other_recovery_allowed=true,"
            "host_disposition=quarantine");
}

TEST(SmRules, GoodRulesHaveNoProblems) {
  EXPECT_EQ(pointers(problems(json::parse(R"([
      {"on": {"event_type": "VNF_MODIFY", "change_kind": "vnfc"}, "do": "object", "delay": "500ms"},
      {"on": {"phase": "completed", "vnf": "vnf-lb"}, "do": "terminate", "kind": "instruction",
       "options": {"replace_allowed": false}},
      {"do": "policy", "policy": {"policy_id": "p", "content": "c", "media_type": "text/x"}}])"))),
            "");
}

TEST(SmRules, BadRulesAreLocated) {
  const auto out = problems(json::parse(R"([
      {"on": {"event_typ": "VNF_MODIFY"}, "do": "object"},
      {"on": {"phase": "later"}, "do": "approve"},
      {"do": "allow"},
      {"on": {}},
      {"do": "object", "delay": "soon"},
      {"do": "approve_with_policy"},
      {"do": "terminate", "kind": "order", "options": {"replace": true, "quarantine_copy": 1}},
      {"do": "approve", "kind": "request"},
      {"do": "reject", "whatever": 1},
      "approve"])"));
  const std::string text = pointers(out);
  for (const char* expected :
       {"/rules/0/on/event_typ rules: on: unknown fact", "/rules/1/on/phase rules: on: phase must",
        "/rules/2/do rules: do must be one of", "/rules/3 rules: needs do",
        "/rules/4/delay rules: delay", "/rules/5 rules: do approve_with_policy needs a policy",
        "/rules/6/kind rules: kind must be request or instruction",
        "/rules/6/options/replace rules: options: unknown option",
        "/rules/6/options/quarantine_copy rules: options: quarantine_copy must be true or false",
        "/rules/7/kind rules: kind is for terminate only",
        "/rules/8/whatever rules: unknown member", "/rules/9 rules: expected an object"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
}

}  // namespace
}  // namespace ifa026::actors::sm::sm_rules_test
