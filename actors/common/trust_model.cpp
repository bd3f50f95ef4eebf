// The trust-domain graph, its run-time queries and the `trust_model` scenario rule (see
// trust_model.hpp and docs/trust-model.md).
#include "actors/common/trust_model.hpp"

#include <algorithm>
#include <functional>

#include "actors/messages/sm_vocabulary.hpp"
#include "sim/scenario.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::trust {
namespace {

using nlohmann::json;

const std::set<std::string> kManoTypes = {"nfvo", "vnfm", "vim", "wim", "cism", "cir"};
const std::set<std::string> kPurposes = {"tenant", "network", "mano", "security_management",
                                         "infrastructure"};

bool known_mode(const std::string& mode) {
  return mode == sm::kModePassive || mode == sm::kModeSemiActive || mode == sm::kModeFullyActive;
}

std::string text(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::set<std::string> strings(const json& object, const char* key) {
  std::set<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& s : *it)
    if (s.is_string()) out.insert(s.get<std::string>());
  return out;
}

// An `oversees` entry: "sm-x" or {"sm": "sm-x", ...}.
std::string oversees_target(const json& entry) {
  if (entry.is_string()) return entry.get<std::string>();
  return entry.is_object() ? text(entry, "sm") : std::string();
}

const std::map<std::string, std::string>& sm_binding_reference_points() {
  static const std::map<std::string, std::string> kRps = {
      {"nfvo", "Sc-Or"}, {"vnfm", "Sc-Vnfm"}, {"vim", "Sc-Vi"}};
  return kRps;
}

}  // namespace

const char* to_string(VertexKind kind) {
  switch (kind) {
    case VertexKind::domain:
      return "domain";
    case VertexKind::sm:
      return "sm";
    case VertexKind::mano_block:
      return "mano_block";
    case VertexKind::vnf:
      return "vnf";
    case VertexKind::support:
      return "support";
  }
  return "?";
}

const char* to_string(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::member_of:
      return "member_of";
    case EdgeKind::trust:
      return "trust";
    case EdgeKind::manages:
      return "manages";
    case EdgeKind::oversees:
      return "oversees";
    case EdgeKind::sm_peer:
      return "sm_peer";
    case EdgeKind::visible_to:
      return "visible_to";
    case EdgeKind::can_command:
      return "can_command";
  }
  return "?";
}

// ---- Building ----

Vertex TrustModel::add_vertex(VertexProps props) {
  return boost::add_vertex(std::move(props), graph_);
}

Vertex TrustModel::domain_vertex(const std::string& id) {
  auto it = domains_.find(id);
  if (it != domains_.end()) return it->second;
  VertexProps p;
  p.kind = VertexKind::domain;
  p.name = id;
  return domains_[id] = add_vertex(std::move(p));
}

Vertex TrustModel::entity_vertex(const std::string& name, VertexKind kind) {
  auto it = entities_.find(name);
  if (it != entities_.end()) {
    // A more specific kind learnt later (a domain member later found to be an SM) wins.
    if (graph_[it->second].kind == VertexKind::support) graph_[it->second].kind = kind;
    return it->second;
  }
  VertexProps p;
  p.kind = kind;
  p.name = name;
  return entities_[name] = add_vertex(std::move(p));
}

void TrustModel::add_edge(Vertex from, Vertex to, EdgeProps props) {
  // One membership per (entity, domain): a domain's `members` list and `member_of` may both say it.
  if (props.kind == EdgeKind::member_of)
    for (Edge e : out_edges(from, EdgeKind::member_of))
      if (boost::target(e, graph_) == to) return;
  boost::add_edge(from, to, std::move(props), graph_);
}

void TrustModel::read_section(const json& section) {
  if (!section.is_object()) return;
  declared_ = !section.empty();
  if (auto it = section.find("domains"); it != section.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& d = (*it)[i];
      if (!d.is_object()) continue;
      const std::string id = text(d, "id");
      if (id.empty()) continue;
      Vertex v = domain_vertex(id);
      graph_[v].purpose = text(d, "purpose");
      graph_[v].sensitive = d.value("sensitive", false) == true;
      graph_[v].pointer = "/trust_model/domains/" + std::to_string(i);
      if (graph_[v].sensitive) sensitive_managers_[id];
    }
  if (auto it = section.find("sms"); it != section.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& s = (*it)[i];
      if (!s.is_object() || text(s, "name").empty()) continue;
      Vertex v = entity_vertex(text(s, "name"), VertexKind::sm);
      graph_[v].pointer = "/trust_model/sms/" + std::to_string(i);
    }
  // Members after the SMs are known, so an SM listed as a member keeps its kind.
  if (auto it = section.find("domains"); it != section.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& d = (*it)[i];
      if (!d.is_object() || text(d, "id").empty()) continue;
      auto members = d.find("members");
      if (members == d.end() || !members->is_array()) continue;
      for (std::size_t k = 0; k < members->size(); ++k) {
        if (!(*members)[k].is_string()) continue;
        EdgeProps e;
        e.kind = EdgeKind::member_of;
        e.pointer = "/trust_model/domains/" + std::to_string(i) + "/members/" + std::to_string(k);
        add_edge(entity_vertex((*members)[k].get<std::string>(), VertexKind::support),
                 domain_vertex(text(d, "id")), std::move(e));
      }
    }
  if (auto it = section.find("sms"); it != section.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& s = (*it)[i];
      if (!s.is_object() || text(s, "name").empty()) continue;
      const std::string at = "/trust_model/sms/" + std::to_string(i);
      Vertex v = entity_vertex(text(s, "name"), VertexKind::sm);
      if (const std::string domain = text(s, "member_of"); !domain.empty()) {
        EdgeProps e;
        e.kind = EdgeKind::member_of;
        e.pointer = at + "/member_of";
        add_edge(v, domain_vertex(domain), std::move(e));
      }
      if (auto m = s.find("manages"); m != s.end() && m->is_object())
        for (const auto& [domain, mode] : m->items()) {
          if (!mode.is_string()) continue;
          EdgeProps e;
          e.kind = EdgeKind::manages;
          e.mode = mode.get<std::string>();
          e.pointer = at + "/manages/" + domain;
          add_edge(v, domain_vertex(domain), std::move(e));
        }
      if (auto o = s.find("oversees"); o != s.end() && o->is_array())
        for (std::size_t k = 0; k < o->size(); ++k) {
          const json& entry = (*o)[k];
          const std::string sub = oversees_target(entry);
          if (sub.empty()) continue;
          EdgeProps e;
          e.kind = EdgeKind::oversees;
          e.pointer = at + "/oversees/" + std::to_string(k);
          if (entry.is_object()) {
            e.may_terminate = entry.value("may_terminate", true) == true;
            e.may_overrule = entry.value("may_overrule", true) == true;
            e.receives_subordinate_events =
                entry.value("receives_subordinate_events", false) == true;
          }
          add_edge(v, entity_vertex(sub, VertexKind::sm), std::move(e));
        }
      if (auto p = s.find("peers"); p != s.end() && p->is_array())
        for (std::size_t k = 0; k < p->size(); ++k) {
          const json& entry = (*p)[k];
          if (!entry.is_object() || text(entry, "sm").empty()) continue;
          EdgeProps e;
          e.kind = EdgeKind::sm_peer;
          e.services = strings(entry, "services");
          e.pointer = at + "/peers/" + std::to_string(k);
          add_edge(v, entity_vertex(text(entry, "sm"), VertexKind::sm), e);
          EdgeProps c;  // a peer can be asked to act: a channel that can change its state
          c.kind = EdgeKind::can_command;
          c.reference_point = "Sm-Sm";
          c.pointer = e.pointer;
          add_edge(v, entity_vertex(text(entry, "sm"), VertexKind::sm), std::move(c));
        }
      for (const auto& other : strings(s, "visible_to")) {
        EdgeProps e;
        e.kind = EdgeKind::visible_to;
        e.pointer = at + "/visible_to";
        add_edge(v, entity_vertex(other, VertexKind::sm), std::move(e));
      }
    }
  if (auto it = section.find("trust"); it != section.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& t = (*it)[i];
      if (!t.is_object() || text(t, "from").empty() || text(t, "to").empty()) continue;
      EdgeProps e;
      e.kind = EdgeKind::trust;
      e.relationship = text(t, "relationship");
      e.services = strings(t, "services");
      e.pointer = "/trust_model/trust/" + std::to_string(i);
      const Vertex from = domain_vertex(text(t, "from"));
      const Vertex to = domain_vertex(text(t, "to"));
      add_edge(from, to, e);
      if (t.value("bidirectional", false) == true) add_edge(to, from, e);
    }
  if (auto it = section.find("channels"); it != section.end() && it->is_array())
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      if (!c.is_object() || text(c, "from").empty() || text(c, "to").empty()) continue;
      EdgeProps e;
      e.kind = EdgeKind::can_command;
      e.reference_point = text(c, "reference_point");
      e.pointer = "/trust_model/channels/" + std::to_string(i);
      add_edge(entity_vertex(text(c, "from"), VertexKind::support),
               entity_vertex(text(c, "to"), VertexKind::support), std::move(e));
    }
  if (auto m = section.find("sensitive_managers"); m != section.end() && m->is_object())
    for (const auto& [domain, list] : m->items())
      sensitive_managers_[domain] = strings(*m, domain.c_str());
}

TrustModel TrustModel::from_section(const json& section, const std::vector<VnfPlacement>& vnfs) {
  TrustModel model;
  model.read_section(section);
  for (const auto& p : vnfs) {
    Vertex v = model.entity_vertex(p.vnf, VertexKind::vnf);
    model.graph_[v].kind = VertexKind::vnf;
    if (model.graph_[v].pointer.empty()) model.graph_[v].pointer = p.pointer;
    EdgeProps e;
    e.kind = EdgeKind::member_of;
    e.pointer = p.pointer;
    model.add_edge(v, model.domain_vertex(p.domain), std::move(e));
  }
  return model;
}

std::vector<VnfPlacement> TrustModel::workload_placements(const sim::Scenario& scenario) {
  std::vector<VnfPlacement> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < scenario.workload.size(); ++i) {
    const auto& args = scenario.workload[i].args;
    auto vnfs = args.find("vnfs");
    if (vnfs == args.end() || !vnfs->is_array()) continue;
    const std::string ns_domain = text(args, "trust_domain");
    for (std::size_t k = 0; k < vnfs->size(); ++k) {
      const json& v = (*vnfs)[k];
      if (!v.is_object() || text(v, "vnf").empty() || !seen.insert(text(v, "vnf")).second) continue;
      VnfPlacement p;
      p.vnf = text(v, "vnf");
      p.domain = text(v, "trust_domain");
      if (p.domain.empty()) p.domain = ns_domain.empty() ? "default" : ns_domain;
      p.hidden_from = strings(v, "hidden_from");
      p.pointer = "/workload/" + std::to_string(i) + "/args/vnfs/" + std::to_string(k);
      out.push_back(std::move(p));
    }
  }
  return out;
}

TrustModel TrustModel::from_scenario(const sim::Scenario& scenario) {
  TrustModel model = from_section(scenario.trust_model, workload_placements(scenario));
  for (std::size_t i = 0; i < scenario.actors.size(); ++i) {
    const auto& a = scenario.actors[i];
    const VertexKind kind = a.type == "sm"                  ? VertexKind::sm
                            : kManoTypes.count(a.type) != 0 ? VertexKind::mano_block
                                                            : VertexKind::support;
    Vertex v = model.entity_vertex(a.name, kind);
    model.graph_[v].kind = kind;
    model.graph_[v].actor_type = a.type;
    model.graph_[v].pointer = "/actors/" + std::to_string(i);
    // An actor's own trust_domain is a membership when the model declares that domain.
    if (model.domains_.count(a.trust_domain) != 0) {
      EdgeProps e;
      e.kind = EdgeKind::member_of;
      e.pointer = "/actors/" + std::to_string(i) + "/trust_domain";
      model.add_edge(v, model.domains_.at(a.trust_domain), std::move(e));
    }
    if (kind != VertexKind::sm || !a.params.is_object()) continue;
    for (const auto& [param, rp] : sm_binding_reference_points()) {
      const std::string block = text(a.params, param.c_str());
      if (block.empty()) continue;
      EdgeProps e;
      e.kind = EdgeKind::can_command;
      e.reference_point = rp;
      e.pointer = "/actors/" + std::to_string(i) + "/params/" + param;
      model.add_edge(v, model.entity_vertex(block, VertexKind::mano_block), std::move(e));
    }
  }
  return model;
}

// ---- Looking up ----

std::optional<Vertex> TrustModel::vertex(const std::string& name) const {
  if (auto it = entities_.find(name); it != entities_.end()) return it->second;
  return domain(name);
}

std::optional<Vertex> TrustModel::domain(const std::string& id) const {
  auto it = domains_.find(id);
  if (it == domains_.end()) return std::nullopt;
  return it->second;
}

std::vector<Edge> TrustModel::out_edges(Vertex v, EdgeKind kind) const {
  std::vector<Edge> out;
  for (auto [it, end] = boost::out_edges(v, graph_); it != end; ++it)
    if (graph_[*it].kind == kind) out.push_back(*it);
  return out;
}

std::vector<Edge> TrustModel::in_edges(Vertex v, EdgeKind kind) const {
  std::vector<Edge> out;
  for (auto [it, end] = boost::in_edges(v, graph_); it != end; ++it)
    if (graph_[*it].kind == kind) out.push_back(*it);
  return out;
}

std::vector<std::string> TrustModel::names(VertexKind kind) const {
  std::vector<std::string> out;
  for (auto [it, end] = boost::vertices(graph_); it != end; ++it)
    if (graph_[*it].kind == kind) out.push_back(graph_[*it].name);
  return out;
}

// ---- Run-time queries ----

bool TrustModel::knows_sm(const std::string& sm) const {
  auto it = entities_.find(sm);
  return it != entities_.end() && graph_[it->second].kind == VertexKind::sm;
}

std::optional<std::string> TrustModel::mode(const std::string& sm,
                                            const std::string& domain) const {
  auto it = entities_.find(sm);
  if (it == entities_.end()) return std::nullopt;
  for (Edge e : out_edges(it->second, EdgeKind::manages))
    if (graph_[boost::target(e, graph_)].name == domain) return graph_[e].mode;
  return std::nullopt;
}

std::map<std::string, std::string> TrustModel::grants(const std::string& sm) const {
  std::map<std::string, std::string> out;
  auto it = entities_.find(sm);
  if (it == entities_.end()) return out;
  for (Edge e : out_edges(it->second, EdgeKind::manages))
    out.emplace(graph_[boost::target(e, graph_)].name, graph_[e].mode);
  return out;
}

std::vector<std::string> TrustModel::descendants(const std::string& sm) const {
  std::vector<std::string> out;
  auto it = entities_.find(sm);
  if (it == entities_.end()) return out;
  std::set<Vertex> seen = {it->second};
  std::vector<Vertex> stack = {it->second};
  while (!stack.empty()) {
    Vertex v = stack.back();
    stack.pop_back();
    auto subs = out_edges(v, EdgeKind::oversees);
    for (auto e = subs.rbegin(); e != subs.rend(); ++e) {
      Vertex sub = boost::target(*e, graph_);
      if (!seen.insert(sub).second) continue;  // a cycle the rule reports; never loop on it
      out.push_back(graph_[sub].name);
      stack.push_back(sub);
    }
  }
  return out;
}

std::vector<std::pair<Vertex, Edge>> TrustModel::masters_above(Vertex sub) const {
  std::vector<std::pair<Vertex, Edge>> out;  // (master, the oversees edge into the one below)
  std::set<Vertex> seen = {sub};
  for (Vertex v = sub;;) {
    auto masters = in_edges(v, EdgeKind::oversees);
    if (masters.empty()) break;
    v = boost::source(masters.front(), graph_);
    if (!seen.insert(v).second) break;  // a cycle the rule reports; never loop on it
    out.emplace_back(v, masters.front());
  }
  return out;
}

std::vector<std::string> TrustModel::ancestors(const std::string& sm) const {
  std::vector<std::string> out;
  auto it = entities_.find(sm);
  if (it == entities_.end()) return out;
  for (const auto& [master, edge] : masters_above(it->second)) out.push_back(graph_[master].name);
  return out;
}

int TrustModel::depth(const std::string& sm) const {
  return static_cast<int>(ancestors(sm).size());
}

std::string TrustModel::authority_via(const std::string& sm, const std::string& domain,
                                      bool overrule) const {
  // Walk up from every SM that manages `domain`: `sm` holds authority when it is an ancestor and
  // every oversees edge on the way allows the action. The answer names the sub-SM's direct master
  // chain entry point (the SM managing the domain).
  auto d = domains_.find(domain);
  if (d == domains_.end()) return "";
  for (Edge m : in_edges(d->second, EdgeKind::manages)) {
    Vertex manager = boost::source(m, graph_);
    if (graph_[manager].name == sm) continue;
    for (const auto& [master, edge] : masters_above(manager)) {
      if (!(overrule ? graph_[edge].may_overrule : graph_[edge].may_terminate)) break;
      if (graph_[master].name == sm) return graph_[manager].name;
    }
  }
  return "";
}

std::set<std::string> TrustModel::hierarchy_authority(const std::string& sm, bool overrule) const {
  std::set<std::string> out;
  const auto own = grants(sm);
  for (const auto& sub : descendants(sm))
    for (const auto& [domain, mode] : grants(sub))
      if (own.count(domain) == 0 && !authority_via(sm, domain, overrule).empty())
        out.insert(domain);
  return out;
}

bool TrustModel::visible(const std::string& sm, const std::string& other) const {
  if (sm == other) return true;
  for (const auto& d : descendants(sm))
    if (d == other) return true;
  auto o = entities_.find(other);
  if (o == entities_.end()) return false;
  for (Edge e : out_edges(o->second, EdgeKind::visible_to))
    if (graph_[boost::target(e, graph_)].name == sm) return true;
  return false;
}

std::vector<std::string> TrustModel::event_receiving_masters(const std::string& sm) const {
  std::vector<std::string> out;
  auto it = entities_.find(sm);
  if (it == entities_.end()) return out;
  for (const auto& [master, edge] : masters_above(it->second)) {
    if (!graph_[edge].receives_subordinate_events) break;
    out.push_back(graph_[master].name);
  }
  return out;
}

bool TrustModel::peers(const std::string& requester, const std::string& provider,
                       const std::string& service) const {
  auto r = entities_.find(requester);
  if (r == entities_.end()) return false;
  for (Edge e : out_edges(r->second, EdgeKind::sm_peer))
    if (graph_[boost::target(e, graph_)].name == provider &&
        (graph_[e].services.count(service) != 0 || graph_[e].services.count("*") != 0))
      return true;
  return false;
}

bool TrustModel::trusted(const std::string& from, const std::string& to,
                         const std::string& service) const {
  if (from == to) return true;
  auto f = domains_.find(from);
  if (f == domains_.end()) return false;
  for (Edge e : out_edges(f->second, EdgeKind::trust))
    if (graph_[boost::target(e, graph_)].name == to &&
        (service.empty() || graph_[e].services.count(service) != 0 ||
         graph_[e].services.count("*") != 0))
      return true;
  return false;
}

std::string TrustModel::relationship(const std::string& from, const std::string& to) const {
  auto f = domains_.find(from);
  if (f == domains_.end()) return "";
  for (Edge e : out_edges(f->second, EdgeKind::trust))
    if (graph_[boost::target(e, graph_)].name == to) return graph_[e].relationship;
  return "";
}

std::string TrustModel::domain_of(const std::string& entity) const {
  auto all = domains_of(entity);
  return all.empty() ? std::string() : all.front();
}

std::vector<std::string> TrustModel::domains_of(const std::string& entity) const {
  std::vector<std::string> out;
  auto it = entities_.find(entity);
  if (it == entities_.end()) return out;
  for (Edge e : out_edges(it->second, EdgeKind::member_of))
    out.push_back(graph_[boost::target(e, graph_)].name);
  return out;
}

bool TrustModel::sensitive(const std::string& domain) const {
  return sensitive_managers_.count(domain) != 0;
}

bool TrustModel::may_see(const std::string& sm, const std::string& domain) const {
  auto d = sensitive_managers_.find(domain);
  return d == sensitive_managers_.end() || d->second.count(sm) != 0;
}

const std::set<std::string>& TrustModel::sensitive_managers(const std::string& domain) const {
  static const std::set<std::string> kNone;
  auto d = sensitive_managers_.find(domain);
  return d == sensitive_managers_.end() ? kNone : d->second;
}

std::vector<std::set<std::string>> TrustModel::isolation_groups() const {
  // The trust view as an undirected graph of domains; its connected components are the groups.
  using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  std::vector<std::string> ids;
  std::map<Vertex, std::size_t> position;
  for (const auto& [id, v] : domains_) {
    position[v] = ids.size();
    ids.push_back(id);
  }
  Undirected u(ids.size());
  for (auto [it, end] = boost::edges(graph_); it != end; ++it)
    if (graph_[*it].kind == EdgeKind::trust)
      boost::add_edge(position.at(boost::source(*it, graph_)),
                      position.at(boost::target(*it, graph_)), u);
  std::vector<int> component(ids.size());
  const int count = ids.empty() ? 0 : boost::connected_components(u, component.data());
  std::vector<std::set<std::string>> groups(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < ids.size(); ++i)
    groups[static_cast<std::size_t>(component[i])].insert(ids[i]);
  return groups;
}

// ---- The scenario rule ----

void check_trust_model(const json& root, std::vector<sim::Diagnostic>& out) {
  if (!root.is_object() || !root.contains("trust_model")) return;
  const json& model = root["trust_model"];
  auto error = [&](const std::string& pointer, const std::string& message) {
    out.push_back({"", 0, 0, "/trust_model" + pointer, message});
  };
  auto unknown_key = [&](const std::string& pointer, const std::string& message) {
    out.push_back({"", 0, 0, "/trust_model" + pointer, message, true});
  };
  if (!model.is_object()) return error("", "trust_model must be an object");
  static const std::set<std::string> kKeys = {
      "domains", "trust", "sms", "channels", "sensitive_managers", "settings"};
  for (const auto& [key, value] : model.items())
    if (kKeys.count(key) == 0)
      unknown_key("/" + key, "unknown trust_model member \"" + key +
                                 "\" (expected domains, trust, sms, channels, "
                                 "sensitive_managers, settings)");
  // Domains first: every other part names them.
  std::map<std::string, std::string> purpose;  // domain -> purpose
  if (auto it = model.find("domains"); it != model.end()) {
    if (!it->is_array()) return error("/domains", "domains must be an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& d = (*it)[i];
      const std::string at = "/domains/" + std::to_string(i);
      if (!d.is_object() || text(d, "id").empty()) {
        error(at, "a domain needs a non-empty string \"id\"");
        continue;
      }
      for (const auto& [key, value] : d.items())
        if (key != "id" && key != "purpose" && key != "sensitive" && key != "members")
          unknown_key(at + "/" + key, "unknown domain member \"" + key +
                                          "\" (expected id, purpose, sensitive, members)");
      const auto id = text(d, "id");
      if (purpose.count(id) != 0) error(at + "/id", "domain \"" + id + "\" declared twice");
      purpose[id] = text(d, "purpose");
      if (d.contains("purpose") &&
          (!d["purpose"].is_string() || kPurposes.count(d["purpose"].get<std::string>()) == 0))
        error(at + "/purpose",
              "purpose must be one of tenant, network, mano, security_management, infrastructure");
      if (d.contains("sensitive") && !d["sensitive"].is_boolean())
        error(at + "/sensitive", "sensitive must be true or false");
      if (d.contains("members")) {
        if (!d["members"].is_array()) {
          error(at + "/members", "members must be an array of actor or VNF names");
        } else {
          for (std::size_t k = 0; k < d["members"].size(); ++k)
            if (!d["members"][k].is_string() || d["members"][k].get<std::string>().empty())
              error(at + "/members/" + std::to_string(k), "a member must be a non-empty name");
        }
      }
    }
  }
  auto declared_domain = [&](const std::string& pointer, const json& value, const char* what) {
    if (!value.is_string() || purpose.count(value.get<std::string>()) == 0) {
      error(pointer, std::string(what) + " must name a declared domain");
      return false;
    }
    return true;
  };
  // SMs: names, memberships, modes, then the relations between SMs.
  std::map<std::string, std::string> sm_at;  // name -> pointer
  const json* sms = nullptr;
  if (auto it = model.find("sms"); it != model.end()) {
    if (!it->is_array()) return error("/sms", "sms must be an array");
    sms = &*it;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& s = (*it)[i];
      const std::string at = "/sms/" + std::to_string(i);
      if (!s.is_object() || text(s, "name").empty()) {
        error(at, "an SM needs a non-empty string \"name\"");
        continue;
      }
      static const std::set<std::string> kSmKeys = {"name",     "member_of", "manages",
                                                    "oversees", "peers",     "visible_to"};
      for (const auto& [key, value] : s.items())
        if (kSmKeys.count(key) == 0)
          unknown_key(at + "/" + key,
                      "unknown SM member \"" + key +
                          "\" (expected name, member_of, manages, oversees, peers, visible_to)");
      const auto name = text(s, "name");
      if (!sm_at.emplace(name, at).second)
        error(at + "/name", "SM \"" + name + "\" declared twice");
      if (s.contains("member_of")) declared_domain(at + "/member_of", s["member_of"], "member_of");
      if (!s.contains("manages")) continue;
      if (!s["manages"].is_object()) {
        error(at + "/manages", "manages must map domain -> mode");
        continue;
      }
      for (const auto& [domain, mode] : s["manages"].items()) {
        const std::string here = at + "/manages/" + domain;
        if (purpose.count(domain) == 0)
          error(here, "SM \"" + name + "\" manages undeclared domain \"" + domain + "\"");
        if (!mode.is_string() || !known_mode(mode.get<std::string>()))
          error(here, "mode must be passive, semi_active or fully_active");
      }
    }
  }
  // An SM in two security-management domains (member_of and a domain's members, or two members
  // lists).
  if (auto it = model.find("domains"); it != model.end() && it->is_array()) {
    std::map<std::string, std::string> sm_domain;  // sm -> its security-management domain
    if (sms != nullptr)
      for (const auto& s : *sms)
        if (s.is_object() && !text(s, "member_of").empty() &&
            purpose[text(s, "member_of")] == "security_management")
          sm_domain[text(s, "name")] = text(s, "member_of");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& d = (*it)[i];
      if (!d.is_object() || purpose[text(d, "id")] != "security_management" ||
          !d.contains("members") || !d["members"].is_array())
        continue;
      for (std::size_t k = 0; k < d["members"].size(); ++k) {
        if (!d["members"][k].is_string()) continue;
        const auto member = d["members"][k].get<std::string>();
        if (sm_at.count(member) == 0) continue;
        auto [held, inserted] = sm_domain.emplace(member, text(d, "id"));
        if (!inserted && held->second != text(d, "id"))
          error("/domains/" + std::to_string(i) + "/members/" + std::to_string(k),
                "SM \"" + member + "\" is in two security-management domains (\"" + held->second +
                    "\" and \"" + text(d, "id") + "\")");
      }
    }
  }
  if (sms != nullptr) {
    std::map<std::string, std::string> master_of;  // sub -> master
    std::map<std::string, std::vector<std::string>> subs;
    for (std::size_t i = 0; i < sms->size(); ++i) {
      const json& s = (*sms)[i];
      if (!s.is_object() || text(s, "name").empty()) continue;
      const auto name = text(s, "name");
      const std::string at = "/sms/" + std::to_string(i);
      auto named_sm = [&](const std::string& pointer, const std::string& other) {
        if (sm_at.count(other) != 0) return true;
        error(pointer, "\"" + other + "\" is not a declared SM");
        return false;
      };
      if (s.contains("oversees")) {
        if (!s["oversees"].is_array()) {
          error(at + "/oversees", "oversees must be an array of SM names or {\"sm\": ...} objects");
        } else {
          for (std::size_t k = 0; k < s["oversees"].size(); ++k) {
            const json& entry = s["oversees"][k];
            const std::string here = at + "/oversees/" + std::to_string(k);
            const std::string sub = oversees_target(entry);
            if (sub.empty()) {
              error(here, "an oversees entry is an SM name or {\"sm\": NAME, ...}");
              continue;
            }
            if (entry.is_object())
              for (const auto& [key, value] : entry.items()) {
                if (key == "sm") continue;
                if (key != "receives_subordinate_events" && key != "may_terminate" &&
                    key != "may_overrule")
                  unknown_key(here + "/" + key,
                              "unknown oversees member \"" + key +
                                  "\" (expected sm, receives_subordinate_events, may_terminate, "
                                  "may_overrule)");
                else if (!value.is_boolean())
                  error(here + "/" + key, key + " must be true or false");
              }
            if (!named_sm(here, sub)) continue;
            if (sub == name) {
              error(here, "SM \"" + name + "\" cannot oversee itself");
              continue;
            }
            auto [held, inserted] = master_of.emplace(sub, name);
            if (!inserted)
              error(here, "SM \"" + sub + "\" already has master \"" + held->second +
                              "\" (a sub-SM has one master)");
            else
              subs[name].push_back(sub);
          }
        }
      }
      if (s.contains("peers")) {
        if (!s["peers"].is_array()) {
          error(at + "/peers", "peers must be an array of {\"sm\": NAME, \"services\": [...]}");
        } else {
          for (std::size_t k = 0; k < s["peers"].size(); ++k) {
            const json& p = s["peers"][k];
            const std::string here = at + "/peers/" + std::to_string(k);
            if (!p.is_object() || text(p, "sm").empty()) {
              error(here, "a peer is {\"sm\": NAME, \"services\": [...]}");
              continue;
            }
            named_sm(here + "/sm", text(p, "sm"));
            if (p.contains("services") &&
                (!p["services"].is_array() ||
                 std::any_of(p["services"].begin(), p["services"].end(),
                             [](const json& v) { return !v.is_string(); })))
              error(here + "/services", "services must be an array of service names");
          }
        }
      }
      if (s.contains("visible_to")) {
        if (!s["visible_to"].is_array()) {
          error(at + "/visible_to", "visible_to must be an array of SM names");
        } else {
          for (std::size_t k = 0; k < s["visible_to"].size(); ++k) {
            const json& v = s["visible_to"][k];
            if (!v.is_string())
              error(at + "/visible_to/" + std::to_string(k), "must be an SM name");
            else
              named_sm(at + "/visible_to/" + std::to_string(k), v.get<std::string>());
          }
        }
      }
    }
    // A cycle in `oversees`: with one master per SM, walking up from any SM either ends or
    // returns to it.
    std::set<std::string> reported;
    for (const auto& [sub, master] : master_of) {
      std::set<std::string> seen = {sub};
      for (std::string v = master;;) {
        if (v == sub) {
          if (reported.insert(sub).second)
            error(sm_at[sub] + "/oversees", "the oversees relation has a cycle through SM \"" +
                                                sub + "\" (a hierarchy must be a forest)");
          break;
        }
        auto up = master_of.find(v);
        if (up == master_of.end() || !seen.insert(v).second) break;
        v = up->second;
      }
    }
  }
  if (auto it = model.find("trust"); it != model.end()) {
    if (!it->is_array()) return error("/trust", "trust must be an array of relationships");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& t = (*it)[i];
      const std::string at = "/trust/" + std::to_string(i);
      if (!t.is_object()) {
        error(at, "a trust relationship is {\"from\", \"to\", \"relationship\", \"services\"}");
        continue;
      }
      for (const auto& [key, value] : t.items())
        if (key != "from" && key != "to" && key != "relationship" && key != "services" &&
            key != "bidirectional")
          unknown_key(at + "/" + key,
                      "unknown trust member \"" + key +
                          "\" (expected from, to, relationship, services, bidirectional)");
      if (!t.contains("from"))
        error(at, "a trust relationship needs \"from\"");
      else
        declared_domain(at + "/from", t["from"], "from");
      if (!t.contains("to"))
        error(at, "a trust relationship needs \"to\"");
      else
        declared_domain(at + "/to", t["to"], "to");
      if (t.contains("relationship") && !t["relationship"].is_string())
        error(at + "/relationship", "relationship must be a string id");
      if (t.contains("services") &&
          (!t["services"].is_array() || std::any_of(t["services"].begin(), t["services"].end(),
                                                    [](const json& v) { return !v.is_string(); })))
        error(at + "/services", "services must be an array of service names");
      if (t.contains("bidirectional") && !t["bidirectional"].is_boolean())
        error(at + "/bidirectional", "bidirectional must be true or false");
    }
  }
  if (auto it = model.find("channels"); it != model.end()) {
    if (!it->is_array()) return error("/channels", "channels must be an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& c = (*it)[i];
      const std::string at = "/channels/" + std::to_string(i);
      if (!c.is_object() || text(c, "from").empty() || text(c, "to").empty())
        error(at, "a channel is {\"from\": ACTOR, \"to\": ACTOR, \"reference_point\": RP}");
    }
  }
  if (auto it = model.find("sensitive_managers"); it != model.end()) {
    if (!it->is_object()) return error("/sensitive_managers", "must map domain -> [SM names]");
    for (const auto& [domain, list] : it->items()) {
      const std::string at = "/sensitive_managers/" + domain;
      if (purpose.count(domain) == 0) error(at, "undeclared domain \"" + domain + "\"");
      if (!list.is_array()) {
        error(at, "must be an array of SM names");
        continue;
      }
      for (std::size_t i = 0; i < list.size(); ++i)
        if (!list[i].is_string() || sm_at.count(list[i].get<std::string>()) == 0)
          error(at + "/" + std::to_string(i), "must name a declared SM");
    }
  }
  if (auto it = model.find("settings"); it != model.end()) {
    if (!it->is_object()) return error("/settings", "settings must be an object");
    for (const auto& [key, value] : it->items()) {
      const std::string at = "/settings/" + key;
      if (key != "objection_window" && key != "grant_timeout") {
        unknown_key(at, "unknown setting \"" + key + "\" (objection_window, grant_timeout)");
        continue;
      }
      if (!value.is_string() || !sim::parse_duration(value.get<std::string>()))
        error(at, key + " must be a duration such as \"2s\"");
    }
  }
}

}  // namespace ifa026::actors::trust
