// The Security Managers as the trace shows them (see sm_trace.hpp).
#include "conformance/sm_trace.hpp"

#include <nlohmann/json.hpp>

#include "actors/messages/operations.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"

namespace ifa026::conformance {
namespace {

namespace sm = actors::sm;
using sim::RecordKind;

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::optional<sim::Duration> setting(const nlohmann::json& settings, const char* key) {
  if (!settings.is_object() || !settings.contains(key) || !settings[key].is_string())
    return std::nullopt;
  return sim::parse_duration(settings[key].get<std::string>());
}

}  // namespace

SmGrants parse_grants(std::string_view text) {
  SmGrants out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const auto item = trim(text.substr(start, end - start));
    if (!item.empty()) {
      const auto colon = item.find(':');
      if (colon == std::string::npos)
        out[item] = "";
      else
        out[trim(std::string_view(item).substr(0, colon))] =
            trim(std::string_view(item).substr(colon + 1));
    }
    start = end + 1;
  }
  return out;
}

std::string format_grants(const SmGrants& grants) {
  std::string out;
  for (const auto& [domain, mode] : grants) {
    if (!out.empty()) out += ",";
    out += domain + ":" + mode;
  }
  return out.empty() ? "(none)" : out;
}

std::optional<bool> sm_mode_permits(std::string_view mode, std::string_view op,
                                    std::string_view kind) {
  namespace o = actors::operations;
  const bool passive = mode == sm::kModePassive;
  const bool semi = mode == sm::kModeSemiActive;
  const bool fully = mode == sm::kModeFullyActive;
  const bool any = passive || semi || fully;
  // Bind, subscription, queries and the SM's own audit export: every mode.
  if (op == o::kSmBindRequest || op == o::kSmLcmSubscriptionRequest ||
      op == o::kSmNetworkStatusQuery || op == o::kSmLcmHistoryQuery || op == o::kSmContextQuery ||
      op == o::kSmAuditLogExportRequest)
    return any;
  // Objections, package confirmations and policy instructions: Semi- and Fully-Active (D6).
  if (op == o::kSmLcmObjection || op == o::kSmPackageIntegrityConfirmation ||
      op == o::kSmSecurityPolicyInstruction)
    return semi || fully;
  // A grant answer: Fully-Active only (MANO only asks those).
  if (op == o::kSmLcmGrantResponse) return fully;
  // Terminations and host retirements: `request` from Semi-Active up, `instruction` only from
  // Fully-Active.
  if (op == o::kSmTerminateVnfRequest || op == o::kSmHostRetirementRequest) {
    if (kind == sm::kKindInstruction) return fully;
    return semi || fully;
  }
  return std::nullopt;
}

SmTrustModel read_trust_model(const sim::Scenario& scenario) {
  SmTrustModel out;
  const auto& tm = scenario.trust_model;
  if (!tm.is_object() || tm.empty()) return out;
  out.declared = true;
  if (tm.contains("domains") && tm["domains"].is_array())
    for (const auto& d : tm["domains"])
      if (d.is_object() && d.contains("id") && d["id"].is_string())
        out.purpose[d["id"].get<std::string>()] = d.contains("purpose") && d["purpose"].is_string()
                                                      ? d["purpose"].get<std::string>()
                                                      : "";
  if (tm.contains("domains") && tm["domains"].is_array())
    for (const auto& d : tm["domains"])
      if (d.is_object() && d.value("sensitive", false) && d.contains("id") && d["id"].is_string())
        out.sensitive[d["id"].get<std::string>()];
  if (tm.contains("sensitive_managers") && tm["sensitive_managers"].is_object())
    for (const auto& [domain, list] : tm["sensitive_managers"].items())
      if (list.is_array())
        for (const auto& s : list)
          if (s.is_string()) out.sensitive[domain].insert(s.get<std::string>());
  if (tm.contains("sms") && tm["sms"].is_array())
    for (const auto& s : tm["sms"]) {
      if (!s.is_object() || !s.contains("name") || !s["name"].is_string()) continue;
      const auto name = s["name"].get<std::string>();
      auto& manages = out.manages[name];
      if (s.contains("manages") && s["manages"].is_object())
        for (const auto& [domain, mode] : s["manages"].items())
          if (mode.is_string()) manages[domain] = mode.get<std::string>();
      out.member_of[name] = s.contains("member_of") && s["member_of"].is_string()
                                ? s["member_of"].get<std::string>()
                                : "";
    }
  if (tm.contains("settings")) {
    if (auto w = setting(tm["settings"], "objection_window")) out.objection_window = *w;
    if (auto t = setting(tm["settings"], "grant_timeout")) out.grant_timeout = *t;
  }
  return out;
}

SmView::SmView(const CheckContext& c)
    : context(c), query(c.trace), trust(read_trust_model(c.scenario)) {
  for (const auto& r : c.trace) {
    if (r.kind != RecordKind::decision) continue;
    // A change for an SM not bound at that block (no instance, no grants) changes MANO's table
    // only: no binding state.
    if (r.operation == decisions::kSmBinding &&
        (r.outcome == outcomes::kBound ||
         (r.outcome == outcomes::kChanged && has_detail(r, keys::kInstance)))) {
      SmBindingState b{&r, r.actor, detail_of(r, keys::kSm), detail_of(r, keys::kInstance),
                       parse_grants(detail_of(r, keys::kGrants))};
      if (!b.instance.empty()) instance_owner_.try_emplace(b.instance, b.sm);
      bindings_.push_back(std::move(b));
    }
    if (r.operation == decisions::kSmEventRouted || r.operation == decisions::kSmAuthorization) {
      const auto domain = detail_of(r, keys::kDomain);
      const auto vnf = detail_of(r, keys::kVnf);
      if (!domain.empty() && !vnf.empty()) vnf_domain_.try_emplace(vnf, domain);
      const auto event = detail_of(r, keys::kEventId);
      if (r.operation == decisions::kSmEventRouted && !domain.empty() && !event.empty())
        event_domain_.try_emplace(event, domain);
    }
  }
}

const SmBindingState* SmView::binding_at(const std::string& block, const std::string& sm_name,
                                         std::uint64_t at) const {
  const SmBindingState* found = nullptr;
  for (const auto& b : bindings_) {
    if (at != 0 && b.record->id >= at) break;
    if (b.block == block && b.sm == sm_name) found = &b;
  }
  return found;
}

std::string SmView::mode_at(const std::string& block, const std::string& sm_name,
                            const std::string& domain, std::uint64_t at) const {
  const auto* b = binding_at(block, sm_name, at);
  if (b == nullptr) return "none";
  auto it = b->grants.find(domain);
  return it == b->grants.end() || it->second.empty() ? "none" : it->second;
}

std::string SmView::owner_of_instance(const std::string& instance) const {
  auto it = instance_owner_.find(instance);
  return it == instance_owner_.end() ? "" : it->second;
}

std::set<std::string> SmView::bound_sms() const {
  std::set<std::string> out;
  for (const auto& b : bindings_) out.insert(b.sm);
  return out;
}

std::set<std::string> SmView::modes_granted(const std::string& sm_name) const {
  std::set<std::string> out;
  for (const auto& b : bindings_)
    if (sm_name.empty() || b.sm == sm_name)
      for (const auto& [domain, mode] : b.grants) out.insert(mode);
  return out;
}

std::string SmView::domain_of_vnf(const std::string& vnf) const {
  auto it = vnf_domain_.find(vnf);
  return it == vnf_domain_.end() ? "" : it->second;
}

std::string SmView::domain_of_event(const std::string& event_id) const {
  auto it = event_domain_.find(event_id);
  return it == event_domain_.end() ? "" : it->second;
}

std::vector<const sim::TraceRecord*> SmView::records(const std::string& name,
                                                     const std::string& outcome) const {
  return query.all(RecordFilter{}.of_kind(RecordKind::decision).op(name).with_outcome(outcome));
}

std::vector<const sim::TraceRecord*> SmView::grant_decisions() const {
  std::vector<const sim::TraceRecord*> out;
  for (const auto* r : records(decisions::kGrantDecision))
    if (r->outcome == outcomes::kGranted || r->outcome == outcomes::kRejected) out.push_back(r);
  return out;
}

std::set<std::string> SmView::blocks_of(const std::string& sm_name) const {
  std::set<std::string> out;
  for (const auto& b : bindings_)
    if (b.sm == sm_name) out.insert(b.block);
  return out;
}

std::string SmView::domain_of(const sim::TraceRecord& r) const {
  auto d = detail_of(r, keys::kDomain);
  if (d.empty()) d = domain_of_event(detail_of(r, keys::kEventId));
  if (d.empty()) d = domain_of_vnf(detail_of(r, keys::kVnf));
  return d;
}

std::string SmView::mode_of(const sim::TraceRecord& r) const {
  return mode_at(r.actor, detail_of(r, keys::kSm), domain_of(r), r.id);
}

bool reason_blames_mode(const sim::TraceRecord& r) {
  return reason_contains(r, "mode") || reason_contains(r, "passive") || reason_contains(r, "needs");
}

std::string name_list(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

CheckResult result_or_none(const CheckOutcome& out, const std::string& why) {
  if (out.empty()) return {Verdict::none, why, {}};
  return out.result(why);
}

std::optional<sim::Duration> waited_of(const sim::TraceRecord& record) {
  const auto text = detail_of(record, keys::kWaited);
  if (text.empty()) return std::nullopt;
  return sim::parse_duration(text);
}

}  // namespace ifa026::conformance
