// The Security Manager's view of a scenario and its trace (see the header).
#include "conformance/sm_trace_view.hpp"

#include <cctype>

#include "actors/messages/lcm_vocabulary.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
namespace lcm = actors::lcm;

const std::set<std::string> kNoManagers;

std::string json_string(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

// The latest completed INSTANTIATE / TERMINATE of the VNF before `before` (0: the end).
const Rec* last_lifecycle_end(const SmTraceView& v, const std::string& vnf, std::uint64_t before) {
  const Rec* last = nullptr;
  for (const auto* r : v.lcm_operations(vnf, "", outcomes::kCompleted)) {
    if (before != 0 && r->id >= before) break;
    const auto op = detail_of(*r, keys::kOperation);
    if (op == lcm::kInstantiate || op == lcm::kTerminate) last = r;
  }
  return last;
}

}  // namespace

std::map<std::string, std::string> parse_grants(const std::string& text) {
  std::map<std::string, std::string> out;
  for (const auto& g : split_list(text)) {
    const auto colon = g.find(':');
    if (colon == std::string::npos) continue;
    out[g.substr(0, colon)] = g.substr(colon + 1);
  }
  return out;
}

std::map<std::string, std::string> parse_options(const std::string& text) {
  std::map<std::string, std::string> out;
  for (const auto& o : split_list(text)) {
    const auto eq = o.find('=');
    if (eq == std::string::npos)
      out[o] = "true";
    else
      out[o.substr(0, eq)] = o.substr(eq + 1);
  }
  return out;
}

bool contains_name(const std::string& text, const std::string& name) {
  if (name.empty()) return false;
  for (auto pos = text.find(name); pos != std::string::npos; pos = text.find(name, pos + 1)) {
    const bool left = pos == 0 || !name_char(text[pos - 1]);
    const auto end = pos + name.size();
    const bool right = end >= text.size() || !name_char(text[end]);
    if (left && right) return true;
  }
  return false;
}

bool filter_includes_vnfd(const std::string& filter) {
  const auto pos = filter.find("include_vnfd");
  if (pos == std::string::npos) return false;
  auto i = pos + std::string("include_vnfd").size();
  while (i < filter.size() &&
         (filter[i] == '"' || filter[i] == ' ' || filter[i] == '=' || filter[i] == ':'))
    ++i;
  return filter.compare(i, 4, "true") == 0;
}

bool filter_excludes_event(const std::string& filter, const std::string& event_type) {
  if (filter.find("event_types") == std::string::npos) return false;
  static const char* kTypes[] = {"VNF_INSTANTIATE", "VNF_MODIFY",       "VNF_TERMINATE",
                                 "NS_INSTANTIATE",  "NS_SCALE",         "NS_TERMINATE",
                                 "HOST_UPDATE",     "RESOURCE_ALLOCATE"};
  bool restricts = false;
  for (const char* t : kTypes)
    if (contains_name(filter, t)) restricts = true;
  return restricts && !contains_name(filter, event_type);
}

SmTraceView::SmTraceView(const CheckContext& c) : context(c), query(c.trace) {
  const auto& tm = c.scenario.trust_model;
  if (tm.is_object() && tm.contains("sms") && tm["sms"].is_array())
    for (const auto& s : tm["sms"])
      if (auto n = json_string(s, "name"); !n.empty()) sms_.insert(n);
  if (tm.is_object() && tm.contains("domains") && tm["domains"].is_array())
    for (const auto& d : tm["domains"])
      if (d.is_object() && d.value("sensitive", false)) sensitive_[json_string(d, "id")];
  if (tm.is_object() && tm.contains("sensitive_managers") && tm["sensitive_managers"].is_object())
    for (const auto& [domain, managers] : tm["sensitive_managers"].items()) {
      auto& set = sensitive_[domain];
      if (managers.is_array())
        for (const auto& m : managers)
          if (m.is_string()) set.insert(m.get<std::string>());
    }
  for (const auto& cmd : c.scenario.workload) {
    if (cmd.command != "instantiate_ns" || !cmd.args.is_object()) continue;
    const auto ns = json_string(cmd.args, "ns");
    auto ns_app = json_string(cmd.args, "oss_app_id");
    if (ns_app.empty()) ns_app = ns;
    ns_oss_app_ids_[ns] = ns_app;
    auto ns_domain = json_string(cmd.args, "trust_domain");
    if (ns_domain.empty()) ns_domain = "default";
    if (!cmd.args.contains("vnfs") || !cmd.args["vnfs"].is_array()) continue;
    for (const auto& v : cmd.args["vnfs"]) {
      const auto name = json_string(v, "vnf");
      if (name.empty()) continue;
      SmVnfFacts f;
      f.ns = ns;
      f.domain = json_string(v, "trust_domain");
      if (f.domain.empty()) f.domain = ns_domain;
      f.oss_app_id = json_string(v, "oss_app_id");
      f.package = json_string(v, "package");
      if (v.contains("hidden_from") && v["hidden_from"].is_array())
        for (const auto& h : v["hidden_from"])
          if (h.is_string()) f.hidden_from.insert(h.get<std::string>());
      vnfs_[name] = std::move(f);
    }
  }
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::decision) continue;
    if (r.operation == decisions::kSmBinding) {
      if (auto sm = detail_of(r, keys::kSm); !sm.empty()) sms_.insert(sm);
    } else if (r.operation == decisions::kSmBind) {
      sms_.insert(r.actor);
    } else if (r.operation == decisions::kSmEventRouted) {
      const auto vnf = detail_of(r, keys::kVnf);
      const auto domain = detail_of(r, keys::kDomain);
      if (!vnf.empty() && !domain.empty()) routed_domains_.emplace(vnf, domain);
    } else if (r.operation == decisions::kSmEventSuppressed &&
               detail_of(r, keys::kReason) == "hidden_from") {
      suppressed_hidden_.insert({detail_of(r, keys::kVnf), detail_of(r, keys::kSm)});
    }
  }
}

std::vector<const Rec*> SmTraceView::records(const std::string& operation,
                                             const std::string& outcome) const {
  return query.all(
      RecordFilter{}.of_kind(sim::RecordKind::decision).op(operation).with_outcome(outcome));
}

std::set<std::string> SmTraceView::ns_members(const std::string& ns) const {
  std::set<std::string> out;
  for (const auto& [name, f] : vnfs_)
    if (f.ns == ns) out.insert(name);
  return out;
}

std::string SmTraceView::ns_of(const std::string& vnf) const {
  auto it = vnfs_.find(vnf);
  return it == vnfs_.end() ? "" : it->second.ns;
}

std::string SmTraceView::domain_of(const std::string& vnf) const {
  if (auto it = vnfs_.find(vnf); it != vnfs_.end()) return it->second.domain;
  if (auto it = routed_domains_.find(vnf); it != routed_domains_.end()) return it->second;
  return "";
}

std::string SmTraceView::oss_app_id_of(const std::string& vnf) const {
  auto it = vnfs_.find(vnf);
  return it == vnfs_.end() ? "" : it->second.oss_app_id;
}

std::set<std::string> SmTraceView::oss_app_ids() const {
  std::set<std::string> out;
  for (const auto& [name, f] : vnfs_)
    if (!f.oss_app_id.empty()) out.insert(f.oss_app_id);
  for (const auto& [ns, id] : ns_oss_app_ids_) out.insert(id);
  return out;
}

bool SmTraceView::hidden(const std::string& vnf, const std::string& sm) const {
  if (suppressed_hidden_.contains({vnf, sm})) return true;
  auto it = vnfs_.find(vnf);
  return it != vnfs_.end() && it->second.hidden_from.contains(sm);
}

bool SmTraceView::sensitive(const std::string& domain) const {
  return sensitive_.contains(domain);
}

const std::set<std::string>& SmTraceView::sensitive_managers(const std::string& domain) const {
  auto it = sensitive_.find(domain);
  return it == sensitive_.end() ? kNoManagers : it->second;
}

bool SmTraceView::visible(const std::string& vnf, const std::string& sm) const {
  if (hidden(vnf, sm)) return false;
  const auto domain = domain_of(vnf);
  return !sensitive(domain) || sensitive_managers(domain).contains(sm);
}

std::map<std::string, std::string> SmTraceView::grants(const std::string& sm,
                                                       std::uint64_t before) const {
  std::map<std::string, const Rec*> latest;  // MANO block -> its latest SmBinding of the SM
  for (const auto* r : records(decisions::kSmBinding)) {
    if (before != 0 && r->id >= before) break;
    if (detail_of(*r, keys::kSm) == sm) latest[r->actor] = r;
  }
  std::map<std::string, std::string> out;
  for (const auto& [block, r] : latest) {
    if (r->outcome != outcomes::kBound && r->outcome != outcomes::kChanged) continue;
    for (const auto& [domain, mode] : parse_grants(detail_of(*r, keys::kGrants)))
      if (mode != "none" && !mode.empty()) out[domain] = mode;
  }
  return out;
}

std::string SmTraceView::mode_in(const std::string& sm, const std::string& domain,
                                 std::uint64_t before) const {
  const auto g = grants(sm, before);
  auto it = g.find(domain);
  return it == g.end() ? "" : it->second;
}

std::optional<std::string> SmTraceView::subscription_filter(const std::string& sm,
                                                            std::uint64_t before,
                                                            const std::string& block) const {
  std::optional<std::string> out;
  for (const auto* r : records(decisions::kSmSubscription, outcomes::kSubscribed)) {
    if (before != 0 && r->id >= before) break;
    if (detail_of(*r, keys::kSm) != sm) continue;
    if (!block.empty() && r->actor != block) continue;
    out = detail_of(*r, keys::kFilter);
  }
  if (!out && !block.empty()) return subscription_filter(sm, before);
  return out;
}

bool SmTraceView::instantiated(const std::string& vnf, std::uint64_t before) const {
  const auto* last = last_lifecycle_end(*this, vnf, before);
  return last != nullptr && detail_of(*last, keys::kOperation) == lcm::kInstantiate;
}

bool SmTraceView::existed_between(const std::string& vnf, sim::Time from, sim::Time to) const {
  bool up = false;  // instantiated at the instant walked to
  for (const auto* r : lcm_operations(vnf, "", outcomes::kCompleted)) {
    const auto op = detail_of(*r, keys::kOperation);
    if (op != lcm::kInstantiate && op != lcm::kTerminate) continue;
    if (r->time > to) break;
    if (op == lcm::kInstantiate) {
      if (r->time >= from) return true;
      up = true;
    } else {
      if (up && r->time >= from) return true;
      up = false;
    }
  }
  return up;
}

std::set<std::string> SmTraceView::known_vnfs() const {
  std::set<std::string> out;
  for (const auto& [name, f] : vnfs_) out.insert(name);
  for (const auto* r : records(decisions::kVnfLcmOperation))
    if (auto v = detail_of(*r, keys::kVnf); !v.empty() && has_detail(*r, keys::kSource))
      out.insert(v);
  return out;
}

std::vector<const Rec*> SmTraceView::lcm_operations(const std::string& vnf,
                                                    const std::string& operation,
                                                    const std::string& outcome) const {
  std::vector<const Rec*> out;
  for (const auto* r : records(decisions::kVnfLcmOperation, outcome)) {
    if (!has_detail(*r, keys::kSource) || detail_of(*r, keys::kVnf) != vnf) continue;
    if (!operation.empty() && detail_of(*r, keys::kOperation) != operation) continue;
    out.push_back(r);
  }
  return out;
}

}  // namespace ifa026::conformance
