// The EM's and the ISM's service to Security Managers on Sm-Sf (see sf_manager.hpp).
#include "actors/sfm/sf_manager.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "actors/sfm/sf_access.hpp"
#include "actors/sfm/sf_rules.hpp"

namespace ifa026::actors::sf {

namespace {

using nlohmann::json;
namespace dk = detail_keys;
namespace m = messages;
namespace rp = reference_points;

constexpr const char* kActionSet = "set";
constexpr const char* kActionRemove = "remove";
constexpr const char* kStatusApplied = "applied";
constexpr const char* kStatusRemoved = "removed";
constexpr const char* kStatusStored = "stored";
constexpr const char* kStatusDenied = "access_denied";
constexpr const char* kStatusUnknown = "unknown_function";
constexpr const char* kStatusDigestMismatch = "digest_mismatch";

const std::vector<std::string>& kinds_of(const std::string& manager_kind) {
  static const std::vector<std::string> em = {"VSF", "PSF", "VNF"};
  static const std::vector<std::string> ism = {"ISF"};
  return manager_kind == "ism" ? ism : em;
}

bool string_list(const json& value) {
  return value.is_array() &&
         std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
}

}  // namespace

std::vector<ParamRule> manager_param_rules(const std::string& kind) {
  const std::string kinds = comma_list(kinds_of(kind));
  return {
      {"functions", ParamType::array,
       "the security functions it manages: [{id, kind: " + kinds +
           ", domain (trust domain), type, capabilities: [...], available (true), rules: [...] "
           "(initial table)}]"},
      {"sf_faults", ParamType::string_list,
       "fault switches, to show checks fail: accept_foreign_sm (applies any sender's "
       "configuration), ack_without_apply (acknowledges rules without applying them), "
       "report_stale_digest (reports the configured digest, not the table's), ignore_credential "
       "(throws the initial credential away), plain_configuration (accepts configurations as if "
       "delivered over an unprotected channel; R1.3.150)"},
  };
}

std::vector<CommandRule> manager_command_rules() {
  return {{"rule_drift",
           "fault: change one function's rule table behind its SM's back (SecurityRuleDrift; "
           "R1.2.160, R1.3.120)",
           {{"sf", ParamType::string, "the function", true},
            {"rule", ParamType::string, "the rule appended", false, "allow any any"}}}};
}

void check_manager_params(const std::string& kind, const json& params,
                          std::vector<sim::Diagnostic>& out) {
  auto it = params.find("functions");
  if (it == params.end() || !it->is_array()) return;
  const auto& kinds = kinds_of(kind);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& f = (*it)[i];
    const std::string at = "/functions/" + std::to_string(i);
    if (!f.is_object()) {
      out.push_back({"", 0, 0, at, "functions: each entry is an object {id, kind, domain, ...}"});
      continue;
    }
    for (const char* key : {"id", "kind", "domain"}) {
      auto v = f.find(key);
      if (v == f.end() || !v->is_string() || v->get<std::string>().empty())
        out.push_back({"", 0, 0, at + "/" + key,
                       std::string("functions: \"") + key + "\" must be a non-empty string"});
    }
    if (auto v = f.find("id");
        v != f.end() && v->is_string() && !ids.insert(v->get<std::string>()).second)
      out.push_back(
          {"", 0, 0, at + "/id", "functions: " + v->get<std::string>() + " is declared twice"});
    if (auto v = f.find("kind");
        v != f.end() && v->is_string() &&
        std::find(kinds.begin(), kinds.end(), v->get<std::string>()) == kinds.end())
      out.push_back({"", 0, 0, at + "/kind",
                     "functions: kind \"" + v->get<std::string>() + "\" is not one of " +
                         comma_list(kinds) + " for an actor of type " + kind});
    for (const auto& [key, value] : f.items()) {
      const std::string kat = at + "/" + sim::escape_pointer_token(key);
      if (key == "capabilities" || key == "rules") {
        if (!string_list(value))
          out.push_back({"", 0, 0, kat, "functions: " + key + " must be a list of strings"});
      } else if (key == "available") {
        if (!value.is_boolean())
          out.push_back({"", 0, 0, kat, "functions: available must be true or false"});
      } else if (key == "type") {
        if (!value.is_string()) out.push_back({"", 0, 0, kat, "functions: type must be a string"});
      } else if (key != "id" && key != "kind" && key != "domain") {
        out.push_back({"", 0, 0, kat,
                       "functions: unknown member \"" + key +
                           "\" (id, kind, domain, type, capabilities, available, rules)"});
      }
    }
  }
}

SfManager::SfManager(ManoEntityHost& host, const sim::ActorSpec& spec)
    : host_(host),
      table_(sm::AuthorizationTable::from_trust_model(host.actor_context().trust_model())) {
  for (const auto& fault : string_list_param(spec.params, "sf_faults")) {
    if (fault == "accept_foreign_sm") faults_.accept_foreign_sm = true;
    if (fault == "ack_without_apply") faults_.ack_without_apply = true;
    if (fault == "report_stale_digest") faults_.report_stale_digest = true;
    if (fault == "ignore_credential") faults_.ignore_credential = true;
    if (fault == "plain_configuration") faults_.plain_configuration = true;
  }
  if (auto it = spec.params.find("functions"); it != spec.params.end() && it->is_array())
    for (const auto& f : *it) {
      if (!f.is_object()) continue;
      ManagedFunction mf;
      mf.info.sf_id = string_param(f, "id");
      mf.info.kind = string_param(f, "kind");
      mf.info.domain = string_param(f, "domain");
      mf.info.type = string_param(f, "type");
      mf.info.capabilities = string_list_param(f, "capabilities");
      mf.info.available = bool_param(f, "available", true);
      mf.rules = string_list_param(f, "rules");
      mf.configured_digest = rules_digest(mf.rules);
      if (!mf.info.sf_id.empty()) functions_[mf.info.sf_id] = std::move(mf);
    }
  auto& h = host_.request_handlers();
  h.on<m::SecurityFunctionCapabilityQuery>(
      [this](const m::SecurityFunctionCapabilityQuery& q, const ChannelMessage& from) {
        on_capabilities(from, q);
      });
  h.on<m::SecurityRuleConfiguration>([this](const m::SecurityRuleConfiguration& r,
                                            const ChannelMessage& from) { on_rules(from, r); });
  h.on<m::SecurityFunctionConfiguration>(
      [this](const m::SecurityFunctionConfiguration& r, const ChannelMessage& from) {
        on_configuration(from, r);
      });
  h.on<m::PolicyValidationRequest>([this](const m::PolicyValidationRequest& r,
                                          const ChannelMessage& from) { on_validation(from, r); });
}

bool SfManager::on_command(const sim::Command& command) {
  if (command.name != "rule_drift") return false;
  drift_command(command);
  return true;
}

void SfManager::on_capabilities(const ChannelMessage& from,
                                const m::SecurityFunctionCapabilityQuery& q) {
  // Only the functions of domains the asking SM manages (none for a sender that is no SM).
  m::SecurityFunctionCapabilityResponse answer{.request_id = q.request_id,
                                               .manager = host_.actor_context().name()};
  for (const auto& [id, f] : functions_)
    if (table_.mode(from.peer.name, f.info.domain) && table_.may_see(from.peer.name, f.info.domain))
      answer.functions.push_back(f.info);
  host_.channels().reply(from, m::to_envelope(answer));
}

ManagedFunction* SfManager::configurable(const ChannelMessage& from, const std::string& sf_id,
                                         std::string_view operation, std::string& status,
                                         std::string& reason) {
  auto it = functions_.find(sf_id);
  if (it == functions_.end()) {
    status = kStatusUnknown;
    reason = "no function " + sf_id + " here";
    return nullptr;
  }
  const ManagedFunction& f = it->second;
  const bool mutual = from.peer.kind == ChannelKind::mutual && from.peer.certificate.has_value();
  AccessDecision decision = decide_configuration(table_, from.peer.name, mutual, f.info.domain);
  if (!decision.granted && faults_.accept_foreign_sm) decision = {true, ""};
  TraceDetail detail;
  detail.add(dk::kSm, from.peer.name)
      .add(dk::kSf, f.info.sf_id)
      .add(dk::kDomain, f.info.domain)
      .add(dk::kChannel, std::string(to_string(from.peer.kind)))
      .add(dk::kSmOperation, operation);
  if (!decision.granted) detail.add(dk::kReason, decision.reason);
  host_.tracer()({.operation = decisions::kSecurityFunctionAccess,
                  .outcome = decision.granted ? outcomes::kGranted : outcomes::kDenied,
                  .peer = from.peer.name,
                  .reference_point = rp::kSmSf,
                  .detail = detail});
  if (decision.granted) return &it->second;
  status = kStatusDenied;
  reason = decision.reason;
  return nullptr;
}

void SfManager::on_rules(const ChannelMessage& from, const m::SecurityRuleConfiguration& r) {
  m::SecurityRuleAck ack{.request_id = r.request_id, .sf_id = r.sf_id};
  std::string reason;
  ManagedFunction* found =
      configurable(from, r.sf_id, m::SecurityRuleConfiguration::kOperation, ack.status, reason);
  if (found == nullptr) {
    ack.reason = reason;
    return host_.channels().reply(from, m::to_envelope(ack));
  }
  ManagedFunction& f = *found;
  const bool remove = r.action == kActionRemove;
  if (!remove && r.action != kActionSet) {
    ack.status = kStatusDigestMismatch;
    ack.reason = "action must be set or remove";
    return host_.channels().reply(from, m::to_envelope(ack));
  }
  const std::vector<std::string> wanted = remove ? std::vector<std::string>{} : r.rules;
  if (rules_digest(wanted) != r.rules_digest) {
    ack.status = kStatusDigestMismatch;
    ack.reason = "rules_digest is not the digest of the rules sent";
    ack.rules_digest = rules_digest(f.rules);
    return host_.channels().reply(from, m::to_envelope(ack));
  }
  f.configured_digest = r.rules_digest;
  if (!faults_.ack_without_apply) {
    f.rules = wanted;
    host_.tracer()({.operation = decisions::kSecurityRulesApplied,
                    .outcome = remove ? outcomes::kRemovedResource : outcomes::kApplied,
                    .peer = from.peer.name,
                    .reference_point = rp::kSmSf,
                    .detail = TraceDetail()
                                  .add(dk::kSm, from.peer.name)
                                  .add(dk::kSf, f.info.sf_id)
                                  .add(dk::kDomain, f.info.domain)
                                  .add(dk::kPolicy, r.policy_id)
                                  .add(dk::kDigest, rules_digest(f.rules))
                                  .add(dk::kRequest, r.request_id)
                                  .add(dk::kDeliveredOver, delivered_over(from))});
  }
  ack.status = remove ? kStatusRemoved : kStatusApplied;
  ack.delivered_over = delivered_over(from);
  // The fault acknowledges what it was asked, not what the table holds.
  ack.rules_digest = faults_.ack_without_apply ? r.rules_digest : rules_digest(f.rules);
  host_.channels().reply(from, m::to_envelope(ack));
}

void SfManager::on_configuration(const ChannelMessage& from,
                                 const m::SecurityFunctionConfiguration& r) {
  m::SecurityFunctionConfigurationAck ack{.request_id = r.request_id, .sf_id = r.sf_id};
  std::string reason;
  ManagedFunction* found =
      configurable(from, r.sf_id, m::SecurityFunctionConfiguration::kOperation, ack.status, reason);
  if (found == nullptr) {
    ack.reason = reason;
    return host_.channels().reply(from, m::to_envelope(ack));
  }
  ManagedFunction& f = *found;
  if (r.initial_credential.size() < 16) {
    ack.status = kStatusDenied;
    ack.reason = "an initial credential has at least 16 bytes";
    return host_.channels().reply(from, m::to_envelope(ack));
  }
  // The fault keeps a credential of its own instead of the SM's.
  f.credential = faults_.ignore_credential ? pki::random_bytes(32) : r.initial_credential;
  host_.tracer()({.operation = decisions::kConfigurationStored,
                  .outcome = outcomes::kStored,
                  .peer = from.peer.name,
                  .reference_point = rp::kSmSf,
                  .detail = TraceDetail()
                                .add(dk::kSm, from.peer.name)
                                .add(dk::kSf, f.info.sf_id)
                                .add(dk::kChannel, std::string(to_string(from.peer.kind)))
                                .add(dk::kRequest, r.request_id)
                                .add(dk::kDeliveredOver, delivered_over(from))});
  ack.status = kStatusStored;
  ack.delivered_over = delivered_over(from);
  host_.channels().reply(from, m::to_envelope(ack));
}

void SfManager::on_validation(const ChannelMessage& from, const m::PolicyValidationRequest& r) {
  m::PolicyValidationReport report{.request_id = r.request_id, .sf_id = r.sf_id};
  auto it = functions_.find(r.sf_id);
  // A report only to an SM that manages the function's domain; others get an empty digest.
  if (it != functions_.end() && table_.mode(from.peer.name, it->second.info.domain)) {
    const ManagedFunction& f = it->second;
    report.rules_digest = faults_.report_stale_digest ? f.configured_digest : rules_digest(f.rules);
    report.matches = report.rules_digest == r.expected_digest;
    if (f.credential)
      report.mac =
          report_mac(*f.credential, f.info.sf_id, r.request_id, r.nonce, report.rules_digest);
  }
  host_.channels().reply(from, m::to_envelope(report));
}

std::string SfManager::delivered_over(const ChannelMessage& from) const {
  if (faults_.plain_configuration) return detail_values::kDeliveredPlain;
  return std::string(to_string(from.peer.kind));
}

void SfManager::drift_command(const sim::Command& command) {
  const std::string sf = string_param(command.args, "sf");
  auto it = functions_.find(sf);
  TraceDetail detail;
  detail.add(dk::kSf, sf);
  if (it == functions_.end()) {
    host_.tracer()({.operation = decisions::kSecurityRuleDrift,
                    .outcome = outcomes::kRejected,
                    .detail = detail.add(dk::kReason, "no such function")});
    return;
  }
  it->second.rules.push_back(string_param(command.args, "rule", "allow any any"));
  host_.tracer()({.operation = decisions::kSecurityRuleDrift,
                  .outcome = outcomes::kInjected,
                  .detail = detail.add(dk::kDomain, it->second.info.domain)
                                .add(dk::kDigest, rules_digest(it->second.rules))});
}

}  // namespace ifa026::actors::sf
