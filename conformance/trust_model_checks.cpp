// The design-time checks G1-G12 on the trust-model graph (see trust_model_checks.hpp). Test
// descriptions follow ETSI TST010's fields.
#include "conformance/trust_model_checks.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <vector>

#include "actors/common/trust_model.hpp"
#include "actors/messages/operations.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/sm_trace.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

using actors::trust::Edge;
using actors::trust::EdgeKind;
using actors::trust::TrustGraph;
using actors::trust::TrustModel;
using actors::trust::Vertex;
using actors::trust::VertexKind;
namespace sm = actors::sm;

// The detail key a cross-domain request names its trust relationship by (R1.1.40's run-time
// echo); the SM peering helper adds it to detail_keys.hpp.
constexpr const char* kRelationshipKey = "relationship";

const std::set<std::string> kManoSupportTypes = {"cmf", "ca"};

CheckResult no_model() {
  return {Verdict::none,
          "the scenario declares no trust_model: the design-time property cannot be judged",
          {}};
}

// Names, at most `max`, then how many more.
std::string capped_list(const std::vector<std::string>& items, std::size_t max = 8) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max; ++i) out += (i == 0 ? "" : ", ") + items[i];
  if (items.size() > max) out += " and " + std::to_string(items.size() - max) + " more";
  return out;
}

std::string at(const std::string& pointer) {
  return pointer.empty() ? "" : " [" + pointer + "]";
}

// The graph seen through a model: names, kinds, memberships, edge texts.
struct TrustGraphView {
  explicit TrustGraphView(const TrustModel& m) : model(m), g(m.graph()) {}
  const TrustModel& model;
  const TrustGraph& g;

  const std::string& name(Vertex v) const { return g[v].name; }
  bool declared_domain(Vertex d) const {
    return g[d].kind == VertexKind::domain && !g[d].pointer.empty();
  }
  // "td-a (tenant)" or "default (undeclared)".
  std::string domain_text(Vertex d) const {
    if (!declared_domain(d)) return g[d].name + " (undeclared)";
    return g[d].name + " (" + (g[d].purpose.empty() ? "no purpose" : g[d].purpose) + ")";
  }
  std::string entity_text(Vertex v) const {
    const auto& p = g[v];
    const std::string type = p.actor_type.empty() ? actors::trust::to_string(p.kind) : p.actor_type;
    return p.name + " (" + type + ")";
  }
  // "vnf-db member_of td-a (tenant) [/workload/7/args/vnfs/2]".
  std::string edge_text(Edge e) const {
    const Vertex s = boost::source(e, g), t = boost::target(e, g);
    const auto& p = g[e];
    std::string out = name(s) + " " + actors::trust::to_string(p.kind) + " ";
    out += g[t].kind == VertexKind::domain ? domain_text(t) : name(t);
    if (p.kind == EdgeKind::manages) out += " as " + p.mode;
    if (p.kind == EdgeKind::can_command && !p.reference_point.empty())
      out += " on " + p.reference_point;
    if (p.kind == EdgeKind::trust && !p.relationship.empty())
      out += " (relationship " + p.relationship + ")";
    return out + at(p.pointer);
  }
  // Several edges' texts, listed.
  std::string edges_text(const std::vector<Edge>& edges) const {
    std::vector<std::string> texts;
    for (Edge e : edges) texts.push_back(edge_text(e));
    return capped_list(texts);
  }
  std::vector<Vertex> vertices(VertexKind kind) const {
    std::vector<Vertex> out;
    for (auto [it, end] = boost::vertices(g); it != end; ++it)
      if (g[*it].kind == kind) out.push_back(*it);
    return out;
  }
  std::vector<Edge> edges(EdgeKind kind) const {
    std::vector<Edge> out;
    for (auto [it, end] = boost::edges(g); it != end; ++it)
      if (g[*it].kind == kind) out.push_back(*it);
    return out;
  }
  std::vector<Edge> memberships(Vertex v) const { return model.out_edges(v, EdgeKind::member_of); }
  std::vector<Vertex> domains(Vertex v) const {
    std::vector<Vertex> out;
    for (Edge e : memberships(v)) out.push_back(boost::target(e, g));
    return out;
  }
  std::vector<Vertex> domains_of_purpose(const std::string& purpose) const {
    std::vector<Vertex> out;
    for (Vertex d : vertices(VertexKind::domain))
      if (declared_domain(d) && g[d].purpose == purpose) out.push_back(d);
    return out;
  }
};

// Predicates for boost::filtered_graph views of the graph.
struct EdgeOfKind {
  const TrustGraph* g = nullptr;
  EdgeKind kind = EdgeKind::member_of;
  bool operator()(Edge e) const { return (*g)[e].kind == kind; }
};
struct NotManoBlock {
  const TrustGraph* g = nullptr;
  bool operator()(Vertex v) const { return (*g)[v].kind != VertexKind::mano_block; }
};

// Judges "members of these domains are only of these kinds": the members, or fails.
std::vector<std::string> judge_members(const TrustGraphView& v, Vertex domain,
                                       const std::function<bool(Vertex)>& allowed,
                                       const std::string& expected, CheckOutcome& out) {
  std::vector<std::string> members;
  for (Edge e : v.model.in_edges(domain, EdgeKind::member_of)) {
    const Vertex m = boost::source(e, v.g);
    if (allowed(m))
      members.push_back(v.name(m));
    else
      out.fail(v.domain_text(domain) + " holds " + v.entity_text(m) + ", not " + expected + ": " +
               v.edge_text(e));
  }
  return members;
}

}  // namespace

// ID            R1.1.10 (G1 placement)
// Objective     VNFs are placed in distinct trust domains: in the model every VNF (placed by the
//               workload's instantiate_ns vnfs[] or listed as a domain member) is a member of
//               exactly one declared tenant or network domain, and at least two such domains hold
//               VNFs. Run-time echo: every SmEventRouted record names for its VNF the domain the
//               model gives it.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.10
// Applicability ICS "trust-model"
// Verdict       pass naming each domain and its VNFs; fail naming a VNF in no domain or in two, or
//               an event naming another domain; inconc when one domain holds every VNF; none
//               without a trust_model or without a VNF.
CheckResult check_trust_placement(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  const auto vnfs = v.vertices(VertexKind::vnf);
  if (vnfs.empty()) return {Verdict::none, "the model places no VNF", {}};
  CheckOutcome out;
  std::map<std::string, std::vector<std::string>> placed;  // domain -> VNFs
  std::string example;
  for (Vertex vnf : vnfs) {
    std::vector<Edge> tenant, other;
    for (Edge e : v.memberships(vnf)) {
      const Vertex d = boost::target(e, v.g);
      const bool workload =
          v.declared_domain(d) && (v.g[d].purpose == "tenant" || v.g[d].purpose == "network");
      (workload ? tenant : other).push_back(e);
    }
    std::vector<std::string> others;
    for (Edge e : other) others.push_back(v.edge_text(e));
    if (tenant.empty()) {
      out.fail(v.name(vnf) + " is in no declared tenant or network domain" +
               (others.empty() ? "" : " (" + capped_list(others) + ")"));
    } else if (tenant.size() > 1 || !other.empty()) {
      out.fail(v.name(vnf) + " is in several domains: " + v.edges_text(tenant) +
               (others.empty() ? "" : ", " + capped_list(others)));
    } else {
      placed[v.name(boost::target(tenant.front(), v.g))].push_back(v.name(vnf));
      if (example.empty()) example = v.edge_text(tenant.front());
    }
  }
  // Run-time echo: the events MANO routed name the model's domain of the VNF.
  for (const auto& r : context.trace) {
    if (r.operation != decisions::kSmEventRouted) continue;
    const auto vnf = detail_of(r, keys::kVnf);
    const auto domain = detail_of(r, keys::kDomain);
    if (vnf.empty() || domain.empty()) continue;
    const auto expected = model.domain_of(vnf);
    if (expected.empty()) continue;
    if (domain != expected)
      out.fail("an event about " + vnf + " names domain " + domain + ", the model places it in " +
                   expected + " (" + describe(r) + ")",
               {r.id});
    else
      out.cite(r.id);
  }
  if (out.worst() != Verdict::fail) {
    std::string summary;
    for (const auto& [domain, names] : placed)
      summary += (summary.empty() ? "" : "; ") + domain + ": " + capped_list(names);
    if (placed.size() < 2)
      out.inconc("every VNF is in one domain (" + summary +
                 "): placement in distinct domains is not shown");
    else
      out.pass(std::to_string(vnfs.size()) + " VNF(s) each in one tenant/network domain, " +
               std::to_string(placed.size()) + " domains populated: " + summary + " (e.g. " +
               example + ")");
  }
  return out.result("");
}

// ID            R1.1.20 (G2 MANO domain)
// Objective     At least one trust domain is reserved for NFV-MANO: a declared domain of purpose
//               mano, whose members are MANO blocks (NFVO, VNFM, VIM, WIM, CISM, CIR) or MANO-side
//               support (CMF, CA) only.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.20
// Applicability ICS "trust-model"
// Verdict       pass naming the mano domain(s) and members; fail when there is none or one holds
//               a VNF, an SM or another actor; inconc when no mano domain lists a member; none
//               without a trust_model.
CheckResult check_trust_mano_domain(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  CheckOutcome out;
  const auto mano = v.domains_of_purpose("mano");
  if (mano.empty()) {
    std::vector<std::string> all;
    for (Vertex d : v.vertices(VertexKind::domain))
      if (v.declared_domain(d)) all.push_back(v.domain_text(d));
    out.fail("no domain of purpose mano is declared (domains: " +
             (all.empty() ? std::string("none") : capped_list(all)) + ")");
    return out.result("");
  }
  std::vector<std::string> summary;
  bool any_member = false;
  for (Vertex d : mano) {
    const auto members = judge_members(
        v, d,
        [&](Vertex m) {
          return v.g[m].kind == VertexKind::mano_block ||
                 (v.g[m].kind == VertexKind::support &&
                  kManoSupportTypes.count(v.g[m].actor_type) != 0);
        },
        "a MANO block or MANO-side support (cmf, ca)", out);
    any_member = any_member || !members.empty();
    summary.push_back(v.domain_text(d) + at(v.g[d].pointer) + ": " +
                      (members.empty() ? std::string("no member") : capped_list(members)));
  }
  if (out.worst() == Verdict::fail) return out.result("");
  if (!any_member)
    out.inconc("mano domain(s) declared but none lists a member: " + capped_list(summary));
  else
    out.pass("reserved for MANO: " + capped_list(summary));
  return out.result("");
}

// ID            R1.1.30 (G3 MANO membership)
// Objective     Each MANO functional block (every nfvo, vnfm, vim, wim, cism, cir actor, and each
//               block an SM binds to) is a member of one or more domains, all of purpose mano
//               (a mano domain's `members`, or the actor's own trust_domain).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.30
// Applicability ICS "trust-model"
// Verdict       pass naming each block's memberships; fail naming a block in no domain or in a
//               domain of another purpose; none without a trust_model or a MANO block.
CheckResult check_trust_mano_membership(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  const auto blocks = v.vertices(VertexKind::mano_block);
  if (blocks.empty()) return {Verdict::none, "the scenario has no MANO block", {}};
  CheckOutcome out;
  std::vector<std::string> summary;
  for (Vertex b : blocks) {
    const auto edges = v.memberships(b);
    if (edges.empty()) {
      out.fail(v.entity_text(b) + " is a member of no domain");
      continue;
    }
    std::vector<std::string> domains;
    for (Edge e : edges) {
      const Vertex d = boost::target(e, v.g);
      if (!v.declared_domain(d) || v.g[d].purpose != "mano")
        out.fail(v.entity_text(b) + " is in a domain not reserved for MANO: " + v.edge_text(e));
      else
        domains.push_back(v.name(d));
    }
    summary.push_back(v.name(b) + " in " + capped_list(domains));
  }
  if (out.worst() != Verdict::fail)
    out.pass(std::to_string(blocks.size()) +
             " MANO block(s), each only in mano domains: " + capped_list(summary, 12));
  return out.result("");
}

// ID            R1.1.40 (G4 declared trust)
// Objective     Trust relationships between domains are declared explicitly and every
//               cross-domain interaction the model declares lies on one: each service of an
//               sm_peer edge between SMs of different domains has a trust edge from the
//               requester's domain to the provider's allowing it; each can_command edge between
//               entities of different domains (channels, Sm-Sm) has a trust edge from the
//               commander's domain to the target's allowing its reference point; every trust edge
//               carries a relationship id. SM -> MANO Sc-* channels are judged by MANO's own
//               authorization (the SM's manages edges), not by trust edges. Run-time echo: every
//               `relationship` a trace record names is the id of a declared trust edge.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.40
// Applicability ICS "trust-model"
// Verdict       pass naming the trust edges and the interactions on them; fail naming the
//               interaction without one, a trust edge without id or an unknown relationship in the
//               trace; inconc when an endpoint has no domain; none without a trust_model or
//               without any trust edge or cross-domain interaction.
CheckResult check_trust_declared(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  CheckOutcome out;
  std::vector<std::string> on_trust;
  // Whether some domain of `a` trusts some domain of `b` for `service`: the edge's text.
  auto trust_for = [&](Vertex a, Vertex b, const std::string& service) -> std::string {
    for (Vertex da : v.domains(a))
      for (Edge t : model.out_edges(da, EdgeKind::trust)) {
        const Vertex db = boost::target(t, v.g);
        const auto doms = v.domains(b);
        if (std::find(doms.begin(), doms.end(), db) == doms.end()) continue;
        const auto& s = v.g[t].services;
        if (s.count(service) != 0 || s.count("*") != 0) return v.edge_text(t);
      }
    return "";
  };
  auto cross = [&](Vertex a, Vertex b, Edge e) -> std::optional<bool> {
    const auto da = v.domains(a), db = v.domains(b);
    if (da.empty() || db.empty()) {
      out.inconc(
          (da.empty() ? v.name(a) : v.name(b)) +
          " is in no domain: whether this crosses domains cannot be told: " + v.edge_text(e));
      return std::nullopt;
    }
    for (Vertex d : da)
      if (std::find(db.begin(), db.end(), d) != db.end()) return false;
    return true;
  };
  for (Edge e : v.edges(EdgeKind::sm_peer)) {
    const Vertex a = boost::source(e, v.g), b = boost::target(e, v.g);
    const auto crosses = cross(a, b, e);
    if (!crosses || !*crosses) continue;
    for (const auto& service : v.g[e].services) {
      const auto trust = trust_for(a, b, service);
      if (trust.empty())
        out.fail(v.name(a) + " may ask " + v.name(b) + " for " + service +
                 " across domains with no trust edge allowing it: " + v.edge_text(e));
      else
        on_trust.push_back(v.name(a) + " asks " + v.name(b) + " for " + service + " on " + trust);
    }
  }
  for (Edge e : v.edges(EdgeKind::can_command)) {
    const Vertex a = boost::source(e, v.g), b = boost::target(e, v.g);
    if (v.g[b].kind == VertexKind::mano_block) continue;  // MANO authorizes (manages edges)
    // A peer's Sm-Sm channel is judged with the peer's services above.
    if (boost::edge(a, b, v.g).second) {
      bool peer = false;
      for (Edge p : model.out_edges(a, EdgeKind::sm_peer))
        peer = peer || boost::target(p, v.g) == b;
      if (peer && v.g[e].reference_point == "Sm-Sm") continue;
    }
    const auto crosses = cross(a, b, e);
    if (!crosses || !*crosses) continue;
    const auto trust = trust_for(a, b, v.g[e].reference_point);
    if (trust.empty())
      out.fail("a cross-domain channel with no trust edge allowing " + v.g[e].reference_point +
               ": " + v.edge_text(e));
    else
      on_trust.push_back(v.edge_text(e) + " on " + trust);
  }
  std::set<std::string> relationships;
  std::vector<std::string> trust_edges;
  for (Edge t : v.edges(EdgeKind::trust)) {
    trust_edges.push_back(v.edge_text(t));
    if (v.g[t].relationship.empty())
      out.fail("a trust edge without a relationship id (cross-domain requests cannot name it): " +
               v.edge_text(t));
    else
      relationships.insert(v.g[t].relationship);
  }
  // Run-time echo.
  std::vector<std::string> named;
  for (const auto& r : context.trace) {
    const auto relationship = detail_of(r, kRelationshipKey);
    if (relationship.empty()) continue;
    if (relationships.count(relationship) == 0) {
      out.fail("a record names relationship " + relationship + ", which no trust edge declares (" +
                   describe(r) + ")",
               {r.id});
    } else {
      out.cite(r.id);
      if (named.size() < 4) named.push_back(relationship + " (#" + std::to_string(r.id) + ")");
    }
  }
  if (out.worst() != Verdict::pass && !out.empty()) return out.result("");
  if (trust_edges.empty() && on_trust.empty())
    return {Verdict::none, "the model declares no trust edge and no cross-domain interaction", {}};
  out.pass(
      std::to_string(trust_edges.size()) + " trust edge(s): " + capped_list(trust_edges) +
      (on_trust.empty() ? "; no cross-domain interaction declared"
                        : "; cross-domain interactions on them: " + capped_list(on_trust)) +
      (named.empty() ? "" : "; the trace names declared relationships: " + capped_list(named)));
  return out.result("");
}

// ID            R1.1.120 (G5, SM domains)
// Objective     At least one trust domain is dedicated to security management: a declared
//               domain of purpose security_management whose members are SMs only.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.120
// Applicability ICS "trust-model"
// Verdict       pass naming the domains and their SMs; fail when there is none or one holds
//               another entity; inconc when none has a member; none without a trust_model.
CheckResult check_trust_sm_domain(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  CheckOutcome out;
  const auto domains = v.domains_of_purpose("security_management");
  if (domains.empty()) {
    out.fail("no domain of purpose security_management is declared");
    return out.result("");
  }
  std::vector<std::string> summary;
  bool any_member = false;
  for (Vertex d : domains) {
    const auto members = judge_members(
        v, d, [&](Vertex m) { return v.g[m].kind == VertexKind::sm; }, "an SM", out);
    any_member = any_member || !members.empty();
    summary.push_back(v.name(d) + ": " +
                      (members.empty() ? std::string("no member") : capped_list(members)));
  }
  if (out.worst() == Verdict::fail) return out.result("");
  if (!any_member)
    out.inconc("security_management domain(s) declared but none holds an SM: " +
               capped_list(summary));
  else
    out.pass("dedicated to security management: " + capped_list(summary));
  return out.result("");
}

// ID            R1.1.130 (G5, SM membership)
// Objective     Each SM belongs to exactly one security-management domain: one member_of edge,
//               to a domain of purpose security_management, and no other SM in it (D11).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.130
// Applicability ICS "trust-model"
// Verdict       pass naming each SM's domain; fail naming an SM in no domain, in several, in one
//               of another purpose, or sharing its domain; none without a trust_model or an SM.
CheckResult check_trust_sm_membership(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  const auto sms = v.vertices(VertexKind::sm);
  if (sms.empty()) return {Verdict::none, "the model has no SM", {}};
  CheckOutcome out;
  std::map<std::string, std::vector<std::string>> sms_in;
  std::vector<std::string> summary;
  for (Vertex s : sms) {
    const auto edges = v.memberships(s);
    if (edges.empty()) {
      out.fail(v.name(s) + " is a member of no domain");
      continue;
    }
    if (edges.size() > 1) {
      out.fail(v.name(s) + " is in " + std::to_string(edges.size()) +
               " domains: " + v.edges_text(edges));
      continue;
    }
    const Vertex d = boost::target(edges.front(), v.g);
    if (!v.declared_domain(d) || v.g[d].purpose != "security_management") {
      out.fail(v.name(s) +
               " is not in a security-management domain: " + v.edge_text(edges.front()));
      continue;
    }
    sms_in[v.name(d)].push_back(v.name(s));
    summary.push_back(v.edge_text(edges.front()));
  }
  for (const auto& [domain, names] : sms_in)
    if (names.size() > 1)
      out.fail("SMs " + capped_list(names) + " share the security-management domain " + domain +
               " (one SM per domain, D11)");
  if (out.worst() != Verdict::fail)
    out.pass(std::to_string(sms.size()) + " SM(s), each alone in its own security-management " +
             "domain: " + capped_list(summary));
  return out.result("");
}

// ID            R2.1.50, 5.1.3-a (G6, the graph half)
// Objective     The SM hierarchy is a forest: on the view of oversees edges
//               (boost::filtered_graph) boost::topological_sort finds no cycle and every SM has at
//               most one master (in-degree <= 1).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.50; clause 5.1.3
// Applicability ICS "sm-hierarchy"
// Verdict       pass naming the oversees edges; fail naming the cycle or the SM with two masters;
//               none without a trust_model or without an oversees edge.
CheckResult check_trust_hierarchy_forest(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  const auto oversees = v.edges(EdgeKind::oversees);
  if (oversees.empty())
    return {Verdict::none, "the model has no oversees edge: no SM hierarchy to judge", {}};
  CheckOutcome out;
  const EdgeOfKind only{&v.g, EdgeKind::oversees};
  boost::filtered_graph<TrustGraph, EdgeOfKind> view(v.g, only);
  for (Vertex s : v.vertices(VertexKind::sm))
    if (boost::in_degree(s, view) > 1) {
      std::vector<std::string> masters;
      for (auto [it, end] = boost::in_edges(s, view); it != end; ++it)
        masters.push_back(v.edge_text(*it));
      out.fail(v.name(s) + " has " + std::to_string(masters.size()) +
               " masters (one at most): " + capped_list(masters));
    }
  std::vector<Vertex> order;
  try {
    boost::topological_sort(view, std::back_inserter(order));
  } catch (const boost::not_a_dag&) {
    // Name a cycle: walk up from an overseen SM until a vertex repeats.
    for (Edge e : oversees) {
      std::vector<Vertex> path = {boost::target(e, v.g)};
      for (Vertex x = boost::source(e, v.g);;) {
        auto hit = std::find(path.begin(), path.end(), x);
        if (hit != path.end()) {
          std::string text;
          for (auto it = path.rbegin(); it != path.rend(); ++it) text += v.name(*it) + " <- ";
          out.fail("the oversees edges have a cycle: " + text + v.name(*hit) + " (" +
                   v.edge_text(e) + ")");
          break;
        }
        path.push_back(x);
        const auto up = model.in_edges(x, EdgeKind::oversees);
        if (up.empty()) break;
        x = boost::source(up.front(), v.g);
      }
      if (out.worst() == Verdict::fail) break;
    }
    if (out.worst() != Verdict::fail) out.fail("the oversees edges are not acyclic");
  }
  if (out.worst() != Verdict::fail) {
    std::vector<std::string> edges;
    for (Edge e : oversees) edges.push_back(v.edge_text(e));
    out.pass("the oversees edges form a forest (acyclic, one master per SM): " +
             capped_list(edges));
  }
  return out.result("");
}

// ID            R2.1.130, R2.1.140 (G7, the graph half)
// Objective     One SM holds one mode per domain: at most one manages edge per (SM, domain),
//               each with a known mode.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.130, R2.1.140
// Applicability ICS "security-management"
// Verdict       pass naming the (SM, domain, mode) triples; fail naming parallel manages edges or
//               an unknown mode; none without a trust_model or a manages edge.
CheckResult check_trust_one_mode(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  const auto manages = v.edges(EdgeKind::manages);
  if (manages.empty()) return {Verdict::none, "the model has no manages edge", {}};
  CheckOutcome out;
  std::map<std::pair<Vertex, Vertex>, std::vector<Edge>> by_pair;
  for (Edge e : manages) by_pair[{boost::source(e, v.g), boost::target(e, v.g)}].push_back(e);
  std::vector<std::string> summary;
  for (const auto& [pair, edges] : by_pair) {
    if (edges.size() > 1) {
      out.fail(v.name(pair.first) + " has " + std::to_string(edges.size()) + " manages edges to " +
               v.name(pair.second) + " (one mode per domain): " + v.edges_text(edges));
      continue;
    }
    const auto& mode = v.g[edges.front()].mode;
    if (mode != sm::kModePassive && mode != sm::kModeSemiActive && mode != sm::kModeFullyActive)
      out.fail("an unknown mode: " + v.edge_text(edges.front()));
    else
      summary.push_back(v.name(pair.first) + " " + v.name(pair.second) + " " + mode);
  }
  if (out.worst() != Verdict::fail)
    out.pass(std::to_string(summary.size()) +
             " (SM, domain) pair(s), one mode each: " + capped_list(summary, 12));
  return out.result("");
}

// ID            R2.1.60, 5.1.3-b (G8, the graph half)
// Objective     One interface instance per (SM, MANO block, reference point): at most one
//               can_command edge from an SM to a MANO block on each Sc-* reference point (the
//               SM's nfvo / vnfm / vim parameters and the model's channels).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.60; clause 5.1.3
// Applicability ICS "security-management"
// Verdict       pass naming the instances; fail naming a duplicate; none without a trust_model or
//               without an SM -> MANO channel.
CheckResult check_trust_one_instance(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  std::map<std::string, std::vector<Edge>> by_instance;  // <sm>@<block>/<rp>
  for (Edge e : v.edges(EdgeKind::can_command)) {
    const Vertex a = boost::source(e, v.g), b = boost::target(e, v.g);
    if (v.g[a].kind != VertexKind::sm || v.g[b].kind != VertexKind::mano_block) continue;
    by_instance[v.name(a) + "@" + v.name(b) + "/" + v.g[e].reference_point].push_back(e);
  }
  if (by_instance.empty()) return {Verdict::none, "the model has no SM -> MANO channel", {}};
  CheckOutcome out;
  std::vector<std::string> instances;
  for (const auto& [instance, edges] : by_instance) {
    instances.push_back(instance);
    if (edges.size() > 1) {
      out.fail("instance " + instance + " declared " + std::to_string(edges.size()) +
               " times: " + v.edges_text(edges));
    }
  }
  if (out.worst() != Verdict::fail)
    out.pass(std::to_string(instances.size()) + " SM interface instance(s), one per (SM, block, " +
             "reference point): " + capped_list(instances, 12));
  return out.result("");
}

// ID            R1.1.70 (G9 credentials, and the SMs' channels)
// Objective     Security management and MANO keep their mechanisms apart: no key (GenerateKey
//               spki_sha256) or certificate (CertificateInstalled serial, a TlsHandshake's
//               peer_serial) is used by an SM and a MANO block, or by two SMs; and every channel
//               the model gives an SM (can_command) is on an Sc-* or Sm-* reference point.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.70
// Applicability ICS "trust-model"
// Verdict       pass naming each SM's and block's credentials; fail naming the shared credential
//               with its records, or an SM channel on another reference point; none without a
//               trust_model or when the trace shows no SM credential.
CheckResult check_trust_credentials(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  std::map<std::string, std::string> role;  // actor -> "SM" / "MANO"
  for (const auto& a : context.scenario.actors) {
    auto vx = model.vertex(a.name);
    if (!vx) continue;
    if (v.g[*vx].kind == VertexKind::sm) role[a.name] = "SM";
    if (v.g[*vx].kind == VertexKind::mano_block) role[a.name] = "MANO";
  }
  // credential -> holder -> first record.
  std::map<std::string, std::map<std::string, std::uint64_t>> holders;
  auto hold = [&](const std::string& actor, const std::string& credential, std::uint64_t id) {
    if (actor.empty() || credential.empty() || role.count(actor) == 0) return;
    holders[credential].try_emplace(actor, id);
  };
  for (const auto& r : context.trace) {
    if (r.outcome != outcomes::kOk) continue;
    if (r.operation == decisions::kGenerateKey && r.kind == sim::RecordKind::decision)
      hold(r.actor, "key spki_sha256=" + detail_of(r, keys::kSpkiSha256), r.id);
    else if (r.operation == decisions::kCertificateInstalled)
      hold(r.actor, "certificate serial " + detail_of(r, keys::kSerial), r.id);
    else if (r.operation == decisions::kTlsHandshake && r.kind == sim::RecordKind::crypto)
      hold(r.peer, "certificate serial " + detail_of(r, keys::kPeerSerial), r.id);
  }
  // Empty values made "key spki_sha256=" / "certificate serial ": drop them.
  for (auto it = holders.begin(); it != holders.end();)
    it = (it->first.back() == '=' || it->first.back() == ' ') ? holders.erase(it) : std::next(it);
  CheckOutcome out;
  std::map<std::string, std::size_t> per_actor;
  bool sm_seen = false;
  for (const auto& [credential, who] : holders) {
    std::set<std::string> sms, blocks;
    std::vector<std::uint64_t> ids;
    for (const auto& [actor, id] : who) {
      (role[actor] == "SM" ? sms : blocks).insert(actor);
      ids.push_back(id);
      ++per_actor[actor];
    }
    sm_seen = sm_seen || !sms.empty();
    if (sms.empty() || who.size() < 2) {
      for (auto id : ids) out.cite(id);
      continue;
    }
    std::set<std::string> all = sms;
    all.insert(blocks.begin(), blocks.end());
    out.fail(name_list(all) + " use the same " + credential.substr(0, 40) +
                 (credential.size() > 40 ? "..." : "") +
                 (blocks.empty() ? " (two SMs)" : " (an SM and a MANO block)"),
             ids);
  }
  for (Vertex s : v.vertices(VertexKind::sm))
    for (Edge e : model.out_edges(s, EdgeKind::can_command)) {
      const auto& rp = v.g[e].reference_point;
      if (rp.rfind("Sc-", 0) != 0 && rp.rfind("Sm-", 0) != 0)
        out.fail("an SM channel outside the SM reference points (Sc-*, Sm-*): " + v.edge_text(e));
    }
  if (!sm_seen && out.worst() != Verdict::fail)
    return {Verdict::none, "the trace shows no SM key or certificate", {}};
  if (out.worst() != Verdict::fail) {
    std::vector<std::string> summary;
    for (const auto& [actor, n] : per_actor)
      summary.push_back(actor + " (" + role[actor] + ", " + std::to_string(n) + ")");
    out.pass(std::to_string(holders.size()) + " key(s) and certificate(s), none shared between " +
             "an SM and a MANO block or two SMs; SM channels on Sc-*/Sm-* only; holders: " +
             capped_list(summary, 12));
  }
  return out.result("");
}

// ID            R2.1.100, 5.1.3-e (G10, the graph half)
// Objective     Every designated manager of a sensitive domain (sensitive_managers) manages it:
//               a manages edge from the SM to that domain.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.100; clause 5.1.3
// Applicability ICS "security-management"
// Verdict       pass naming each sensitive domain and its managers' modes; fail naming a
//               designated SM that does not manage the domain; none without a trust_model or a
//               sensitive domain.
CheckResult check_trust_sensitive(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  CheckOutcome out;
  std::vector<std::string> summary;
  for (Vertex d : v.vertices(VertexKind::domain)) {
    if (!model.sensitive(v.name(d))) continue;
    const auto& managers = model.sensitive_managers(v.name(d));
    std::vector<std::string> held;
    for (const auto& m : managers) {
      const auto mode = model.mode(m, v.name(d));
      if (!mode)
        out.fail(m + " is a designated manager of the sensitive domain " + v.name(d) +
                 " but has no manages edge to it (/trust_model/sensitive_managers/" + v.name(d) +
                 ")");
      else
        held.push_back(m + " " + *mode);
    }
    summary.push_back(
        v.name(d) + ": " +
        (held.empty() ? std::string("no designated manager (no SM sees it)") : capped_list(held)));
  }
  if (summary.empty()) return {Verdict::none, "the model has no sensitive domain", {}};
  if (out.worst() != Verdict::fail)
    out.pass("sensitive domains managed by their designated SMs: " + capped_list(summary));
  return out.result("");
}

// ID            R1.1.50 (G11, the graph half)
// Objective     No channel lets one isolation group command another outside MANO: on the
//               can_command view without MANO blocks (boost::filtered_graph with an edge and a
//               vertex predicate), boost::breadth_first_search from each entity that can command
//               reaches no member of another isolation group (domains joined by trust edges,
//               TrustModel::isolation_groups).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.50
// Applicability ICS "trust-model"
// Verdict       pass naming the groups and the channels examined; fail naming the path; none
//               without a trust_model or with fewer than two populated isolation groups.
CheckResult check_trust_isolation(const CheckContext& context) {
  const auto model = TrustModel::from_scenario(context.scenario);
  if (!model.declared()) return no_model();
  TrustGraphView v(model);
  const auto groups = model.isolation_groups();
  std::map<std::string, std::size_t> group_of;  // domain -> group
  for (std::size_t i = 0; i < groups.size(); ++i)
    for (const auto& d : groups[i]) group_of[d] = i;
  auto groups_of = [&](Vertex x) {
    std::set<std::size_t> out;
    for (Vertex d : v.domains(x))
      if (auto it = group_of.find(v.name(d)); it != group_of.end()) out.insert(it->second);
    return out;
  };
  std::set<std::size_t> populated;
  for (auto [it, end] = boost::vertices(v.g); it != end; ++it)
    if (v.g[*it].kind != VertexKind::domain)
      for (auto gi : groups_of(*it)) populated.insert(gi);
  if (populated.size() < 2)
    return {Verdict::none, "fewer than two populated isolation groups: nothing to keep apart", {}};
  using View2 = boost::filtered_graph<TrustGraph, EdgeOfKind, NotManoBlock>;
  View2 view(v.g, EdgeOfKind{&v.g, EdgeKind::can_command}, NotManoBlock{&v.g});
  CheckOutcome out;
  std::size_t channels = 0;
  for (auto [it, end] = boost::edges(view); it != end; ++it) ++channels;
  const auto n = boost::num_vertices(v.g);
  for (auto [it, end] = boost::vertices(view); it != end; ++it) {
    const Vertex s = *it;
    const auto from = groups_of(s);
    if (from.empty() || boost::out_degree(s, view) == 0) continue;
    std::vector<Vertex> pred(n);
    for (std::size_t i = 0; i < n; ++i) pred[i] = i;
    boost::breadth_first_search(
        view, s,
        boost::visitor(boost::make_bfs_visitor(boost::record_predecessors(
            boost::make_iterator_property_map(pred.begin(), boost::get(boost::vertex_index, view)),
            boost::on_tree_edge()))));
    for (Vertex t = 0; t < n; ++t) {
      if (t == s || pred[t] == t) continue;  // not reached
      const auto to = groups_of(t);
      bool shared = false;
      for (auto gi : to) shared = shared || from.count(gi) != 0;
      if (to.empty() || shared) continue;
      std::string path = v.name(t);
      for (Vertex x = t; x != s; x = pred[x]) {
        std::string rp;
        for (Edge e : model.out_edges(pred[x], EdgeKind::can_command))
          if (boost::target(e, v.g) == x) rp = v.g[e].reference_point;
        path = v.name(pred[x]) + " -" + rp + "-> " + path;
      }
      std::vector<std::string> fd, td;
      for (Vertex d : v.domains(s)) fd.push_back(v.name(d));
      for (Vertex d : v.domains(t)) td.push_back(v.name(d));
      out.fail(v.name(s) + " (" + capped_list(fd) + ") can command " + v.name(t) + " (" +
               capped_list(td) +
               "), a domain without a trust path to its own, outside MANO: " + path);
    }
  }
  if (out.worst() != Verdict::fail) {
    std::vector<std::string> summary;
    for (auto gi : populated) {
      std::vector<std::string> ds(groups[gi].begin(), groups[gi].end());
      summary.push_back("{" + capped_list(ds, 6) + "}");
    }
    out.pass(std::to_string(populated.size()) + " isolation groups " + capped_list(summary) + "; " +
             std::to_string(channels) +
             " channel(s) outside MANO examined, none reaching another group");
  }
  return out.result("");
}

namespace {

// The planning map's §6.2 rows: what an SM holding each mode may send ("op" or "op kind").
const std::map<std::string, std::set<std::string>>& mode_rows() {
  namespace op = actors::operations;
  static const std::map<std::string, std::set<std::string>> kRows = [] {
    const std::set<std::string> passive = {op::kSmBindRequest,        op::kSmLcmSubscriptionRequest,
                                           op::kSmNetworkStatusQuery, op::kSmLcmHistoryQuery,
                                           op::kSmContextQuery,       op::kSmAuditLogExportRequest};
    std::set<std::string> semi = passive;
    for (const std::string& s :
         {std::string(op::kSmLcmObjection), std::string(op::kSmPackageIntegrityConfirmation),
          std::string(op::kSmSecurityPolicyInstruction),
          std::string(op::kSmSecurityFunctionRequest),
          std::string(op::kSmTerminateVnfRequest) + " request",
          std::string(op::kSmHostRetirementRequest) + " request"})
      semi.insert(s);
    std::set<std::string> fully = semi;
    for (const std::string& s : {std::string(op::kSmLcmGrantResponse),
                                 std::string(op::kSmTerminateVnfRequest) + " instruction",
                                 std::string(op::kSmHostRetirementRequest) + " instruction"})
      fully.insert(s);
    return std::map<std::string, std::set<std::string>>{
        {sm::kModePassive, passive}, {sm::kModeSemiActive, semi}, {sm::kModeFullyActive, fully}};
  }();
  return kRows;
}

// The set `permits` allows a mode, over every SM operation and kind.
std::set<std::string> permitted_set(const PermitsFunction& permits, const std::string& mode) {
  namespace op = actors::operations;
  std::set<std::string> out;
  for (const char* o :
       {op::kSmBindRequest, op::kSmLcmSubscriptionRequest, op::kSmNetworkStatusQuery,
        op::kSmLcmHistoryQuery, op::kSmContextQuery, op::kSmAuditLogExportRequest,
        op::kSmLcmObjection, op::kSmPackageIntegrityConfirmation, op::kSmLcmGrantResponse,
        op::kSmSecurityPolicyInstruction, op::kSmSecurityFunctionRequest})
    if (permits(mode, o, "").allowed) out.insert(o);
  for (const char* o : {op::kSmTerminateVnfRequest, op::kSmHostRetirementRequest})
    for (const char* kind : {sm::kKindRequest, sm::kKindInstruction})
      if (permits(mode, o, kind).allowed) out.insert(std::string(o) + " " + kind);
  return out;
}

std::vector<std::string> difference(const std::set<std::string>& a,
                                    const std::set<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

// ID            R1.1.70 (G12 least privilege)
// Objective     Each bound SM interface instance holds exactly its mode's privileges: for every
//               (domain, mode) an SmBinding grants, the set actors::sm::permits allows is that
//               mode's row of the planning map's §6.2 table (no more, no less), and every
//               SmAuthorization granted on the instance (own basis) is inside that row.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.70
// Applicability ICS "trust-model"
// Verdict       pass naming the instances and grants; fail naming the operation beyond (or
//               missing from) a row, or a grant outside it; none when no SM was bound.
CheckResult check_trust_least_privilege(const CheckContext& context) {
  return check_trust_least_privilege_with(context, sm::permits);
}

CheckResult check_trust_least_privilege_with(const CheckContext& context,
                                             const PermitsFunction& permits) {
  CheckOutcome out;
  std::vector<std::string> summary;
  std::set<std::string> judged_modes;
  for (const auto& r : context.trace) {
    if (r.operation != decisions::kSmBinding ||
        (r.outcome != outcomes::kBound && r.outcome != outcomes::kChanged))
      continue;
    const auto instance = detail_of(r, keys::kInstance);
    const auto grants = detail_of(r, keys::kGrants);
    std::vector<std::string> held;
    std::size_t start = 0;
    while (start < grants.size()) {
      auto end = grants.find(',', start);
      if (end == std::string::npos) end = grants.size();
      const auto item = grants.substr(start, end - start);
      start = end + 1;
      const auto colon = item.find(':');
      if (colon == std::string::npos) continue;
      const auto domain = item.substr(0, colon), mode = item.substr(colon + 1);
      auto row = mode_rows().find(mode);
      if (row == mode_rows().end()) {
        out.fail(instance + " granted an unknown mode " + mode + " in " + domain + " (" +
                     describe(r) + ")",
                 {r.id});
        continue;
      }
      const auto permitted = permitted_set(permits, mode);
      const auto extra = difference(permitted, row->second);
      const auto missing = difference(row->second, permitted);
      if (!extra.empty())
        out.fail(instance + " (" + mode + " in " + domain + ") may send " + capped_list(extra) +
                     ", beyond the " + mode + " row (" + describe(r) + ")",
                 {r.id});
      if (!missing.empty())
        out.fail(instance + " (" + mode + " in " + domain + ") may not send " +
                     capped_list(missing) + ", which the " + mode + " row allows (" + describe(r) +
                     ")",
                 {r.id});
      if (extra.empty() && missing.empty()) {
        out.cite(r.id);
        judged_modes.insert(mode);
        held.push_back(domain + " " + mode + " (" + std::to_string(permitted.size()) + " ops)");
      }
    }
    if (!held.empty()) summary.push_back(instance + ": " + capped_list(held));
  }
  if (summary.empty() && out.empty()) return {Verdict::none, "no SM was bound", {}};
  // Grants on an instance stay inside the row of the mode they name.
  std::size_t granted = 0;
  for (const auto& r : context.trace) {
    if (r.operation != decisions::kSmAuthorization || r.outcome != outcomes::kGranted) continue;
    if (detail_of(r, keys::kBasis) == "hierarchy") continue;  // authority by hierarchy (D7)
    const auto mode = detail_of(r, keys::kMode);
    const auto op = detail_of(r, keys::kSmOperation);
    const auto kind = detail_of(r, keys::kKind);
    auto row = mode_rows().find(mode);
    if (row == mode_rows().end() || op.empty()) continue;
    const bool has_kind = op == actors::operations::kSmTerminateVnfRequest ||
                          op == actors::operations::kSmHostRetirementRequest;
    const auto key = has_kind ? op + " " + kind : op;
    if (row->second.count(key) == 0) {
      out.fail(key + " granted to " + detail_of(r, keys::kSm) + " on " +
                   detail_of(r, keys::kInstance) + " though its mode " + mode +
                   " does not allow it (" + describe(r) + ")",
               {r.id});
    } else {
      out.cite(r.id);
      ++granted;
    }
  }
  if (out.worst() != Verdict::fail)
    out.pass(std::to_string(summary.size()) + " binding(s), each instance permitted exactly its " +
             "mode's row (" +
             capped_list(std::vector<std::string>(judged_modes.begin(), judged_modes.end())) +
             "): " + capped_list(summary, 6) + "; " + std::to_string(granted) +
             " granted authorization(s) inside their rows");
  return out.result("");
}

void register_trust_model_checks(CheckRegistry& registry) {
  registry.add("R1.1.10", "each VNF in one tenant domain, two domains populated (G1, design time)",
               check_trust_placement);
  registry.add("R1.1.20", "a domain reserved for MANO (G2, design time)", check_trust_mano_domain);
  registry.add("R1.1.30", "each MANO block only in MANO domains (G3, design time)",
               check_trust_mano_membership);
  registry.add("R1.1.40", "cross-domain interactions on declared trust edges (G4, design time)",
               check_trust_declared);
  registry.add("R1.1.50", "no channel outside MANO between isolation groups (G11, design time)",
               check_trust_isolation);
  registry.add("R1.1.70", "SM and MANO credentials and channels apart (G9)",
               check_trust_credentials);
  registry.add("R1.1.70", "each instance permitted exactly its mode's row (G12)",
               check_trust_least_privilege);
  registry.add("R1.1.120", "a domain dedicated to security management (G5, design time)",
               check_trust_sm_domain);
  registry.add("R1.1.130", "each SM alone in one security-management domain (G5, design time)",
               check_trust_sm_membership);
  for (const char* id : {"R2.1.50", "5.1.3-a"})
    registry.add(id, "the oversees hierarchy is a forest (G6, design time)",
                 check_trust_hierarchy_forest);
  for (const char* id : {"R2.1.130", "R2.1.140"})
    registry.add(id, "one manages edge per SM and domain (G7, design time)", check_trust_one_mode);
  for (const char* id : {"R2.1.60", "5.1.3-b"})
    registry.add(id, "one instance per SM, block and reference point (G8, design time)",
                 check_trust_one_instance);
  for (const char* id : {"R2.1.100", "5.1.3-e"})
    registry.add(id, "designated managers manage their sensitive domain (G10, design time)",
                 check_trust_sensitive);
}

}  // namespace ifa026::conformance
