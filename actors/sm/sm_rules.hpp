// The Security Manager's scripted rules (parameter `rules`, docs/security-manager.md "The SM
// actor"): each rule matches an LCM event by any of its facts (`on`: event_type, phase, vnf,
// source, operation, change_kind, trust_domain) and says what the SM does (`do`), after an
// optional `delay`. The first rule that matches wins. Reading, checking (located diagnostics) and
// matching live here, apart from the actor, so they are tested alone.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/messages/decisions.hpp"
#include "actors/messages/sc_mano.hpp"
#include "sim/diagnostic.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::sm {

// --- What a rule does (`do`).
inline constexpr const char* kActionApprove = outcomes::kApprove;
inline constexpr const char* kActionApproveWithPolicy = outcomes::kApproveWithPolicy;
inline constexpr const char* kActionReject = outcomes::kReject;
inline constexpr const char* kActionObject = outcomes::kObject;
inline constexpr const char* kActionPolicy = outcomes::kPolicy;
inline constexpr const char* kActionTerminate = outcomes::kTerminate;
inline constexpr const char* kActionIgnore = outcomes::kIgnore;
inline constexpr const char* kActionInsertVsf = outcomes::kInsertVsf;
inline constexpr const char* kActionOverruleApprove = outcomes::kOverruleApprove;
inline constexpr const char* kActionOverruleCancel = outcomes::kOverruleCancel;

// --- `default_decision`: the answer to a grant request no rule matches; `none` never answers
// (the MANO side's grant timeout).
inline constexpr const char* kDefaultNone = "none";

// The keys of `on`, in the order documentation lists them.
const std::vector<std::string>& rule_match_keys();
// The actions of `do`.
const std::vector<std::string>& rule_actions();

struct SmRule {
  std::map<std::string, std::string> on = {};  // fact -> value; empty: every event
  std::string action = {};
  sim::Duration delay = {};  // zero: at once
  std::string reason = {};   // for reject, object, terminate (default: "rule <index>")
  std::optional<messages::SmPolicy> policy = {};     // approve_with_policy, policy
  std::string kind = {};                             // terminate: request (default) or instruction
  messages::SmTerminationOptions options = {};       // terminate
  std::optional<messages::SmVsfReference> vsf = {};  // insert_vsf: the VSF's VNFD
  std::vector<std::string> between = {};             // insert_vsf: the link's two VNFs
};

// The facts of `event` a rule can match (absent facts are left out): vnf is the VNF instance id.
std::map<std::string, std::string> event_facts(const messages::SmLcmEvent& event);

// True when every `on` entry of `rule` equals the event's fact (an absent fact never matches).
bool rule_matches(const SmRule& rule, const messages::SmLcmEvent& event);

// The index of the first rule that matches, or none.
std::optional<std::size_t> first_matching_rule(const std::vector<SmRule>& rules,
                                               const messages::SmLcmEvent& event);

// The rules of `params` (already checked: check_rules). Missing defaults filled in.
std::vector<SmRule> read_rules(const nlohmann::json& params);

// A diagnostic per problem of `params`'s `rules`, pointers relative to params
// ("/rules/2/on/phase").
void check_rules(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

// Problems of a termination `options` object (unknown members, wrong types), pointers relative to
// `pointer`; shared by the rules and the terminate_vnf command.
void check_termination_options(const nlohmann::json& options, const std::string& pointer,
                               std::vector<sim::Diagnostic>& out);
// The options of a checked object (defaults for absent members).
messages::SmTerminationOptions read_termination_options(const nlohmann::json& options);

// Text of options for records: "replace_allowed=false,quarantine_copy=true,...".
std::string options_text(const messages::SmTerminationOptions& options);

}  // namespace ifa026::actors::sm
