// The trust model of a scenario as a graph (docs/trust-model.md; Annex A R1.1, clause 5.1.3): trust
// domains, Security Managers, MANO blocks, VNFs and support actors as vertices of a
// boost::adjacency_list, and their relations as typed edges (membership, trust between domains, an
// SM's mode in a domain, the `oversees` hierarchy, SM peering, opt-in visibility, management
// channels). Built from the scenario's `trust_model` section (and, for the design-time checks, the
// VNF placements of the workload and the actors' own `trust_domain`); asked by MANO's SM
// authorization at run time (mode, authority, may_command, applicable SMs, visible) and checked at
// design time by conformance/trust_model_checks.*. The section's scenario rule, with located
// errors, is check_trust_model.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/common/boost_graph.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::sim {
struct Scenario;
}

namespace ifa026::actors::trust {

enum class VertexKind {
  domain,      // a trust domain
  sm,          // a Security Manager
  mano_block,  // NFVO, VNFM, VIM, WIM, CISM, CIR
  vnf,         // a VNF (VSFs included) placed by the workload or listed as a domain member
  support,     // any other actor a domain lists (CMF, CA, OSS, collectors, ...)
};
const char* to_string(VertexKind kind);

enum class EdgeKind {
  member_of,    // entity -> domain
  trust,        // domain -> domain (one per direction): a declared trust relationship
  manages,      // sm -> domain, with the SM's mode there
  oversees,     // master sm -> sub sm
  sm_peer,      // sm -> sm: the target serves the source the listed services
  visible_to,   // sm -> sm: the source's identity may be shown to the target
  can_command,  // entity -> entity: a channel that can change the target's state
};
const char* to_string(EdgeKind kind);

struct VertexProps {
  VertexKind kind = VertexKind::support;
  std::string name;        // domain id or actor name
  std::string purpose;     // domain: tenant, network, mano, security_management, infrastructure
  bool sensitive = false;  // domain: holds NFV-SEC 012 sensitive components
  std::string actor_type;  // actors: the scenario's actor type ("" when not an actor there)
  std::string pointer;     // JSON pointer of the declaration ("" when derived)
};

struct EdgeProps {
  EdgeKind kind = EdgeKind::member_of;
  std::string mode;                // manages
  std::string relationship;        // trust: the relationship id cross-domain requests name
  std::set<std::string> services;  // trust, sm_peer: e.g. "cross_domain_sa", "telemetry"
  bool may_terminate = true;       // oversees
  bool may_overrule = true;        // oversees
  bool receives_subordinate_events = false;  // oversees (D7)
  std::string reference_point;               // can_command
  std::string pointer;                       // JSON pointer of the declaration ("" when derived)
};

using TrustGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProps, EdgeProps>;
using Vertex = TrustGraph::vertex_descriptor;
using Edge = TrustGraph::edge_descriptor;

// Where a VNF is placed and whom it is hidden from (the OSS's instantiate_ns `vnfs[]`).
struct VnfPlacement {
  std::string vnf;
  std::string domain;
  std::set<std::string> hidden_from;
  std::string pointer;
};

class TrustModel {
 public:
  TrustModel() = default;
  // From a `trust_model` section (lenient: what cannot be read is left out; check_trust_model
  // reports it). `vnfs` adds VNF vertices with their membership.
  static TrustModel from_section(const nlohmann::json& section,
                                 const std::vector<VnfPlacement>& vnfs = {});
  // From a whole scenario: the section, the actors (their `trust_domain` and the blocks an SM
  // binds to, which give can_command edges) and the workload's VNF placements.
  static TrustModel from_scenario(const sim::Scenario& scenario);
  // The VNF placements a workload's commands name (args.vnfs[] with `vnf`, `trust_domain`,
  // `hidden_from`; default domain "default").
  static std::vector<VnfPlacement> workload_placements(const sim::Scenario& scenario);

  const TrustGraph& graph() const { return graph_; }
  bool declared() const { return declared_; }
  // An actor or VNF by name, else a domain by id.
  std::optional<Vertex> vertex(const std::string& name) const;
  std::optional<Vertex> domain(const std::string& id) const;
  // Edges of one kind leaving / entering a vertex, in insertion order.
  std::vector<Edge> out_edges(Vertex v, EdgeKind kind) const;
  std::vector<Edge> in_edges(Vertex v, EdgeKind kind) const;
  // Names of every vertex of a kind, in insertion order.
  std::vector<std::string> names(VertexKind kind) const;

  // ---- Run-time queries ----
  bool knows_sm(const std::string& sm) const;
  // The mode `sm` holds in `domain` (the manages edge), if any.
  std::optional<std::string> mode(const std::string& sm, const std::string& domain) const;
  // Domain -> mode of every domain `sm` manages.
  std::map<std::string, std::string> grants(const std::string& sm) const;
  // The SMs `sm` oversees, directly or below them (depth-first, each once).
  std::vector<std::string> descendants(const std::string& sm) const;
  // The masters above `sm`, nearest first.
  std::vector<std::string> ancestors(const std::string& sm) const;
  // 0 for an SM no one oversees, 1 for its subs, ...
  int depth(const std::string& sm) const;
  // Domains where `sm` may terminate (or overrule) by hierarchy: those its descendants manage
  // along `oversees` edges allowing it (`may_terminate` / `may_overrule`), minus its own.
  std::set<std::string> hierarchy_authority(const std::string& sm, bool overrule = false) const;
  // The master through which `sm` holds hierarchy authority in `domain` ("" none).
  std::string authority_via(const std::string& sm, const std::string& domain,
                            bool overrule = false) const;
  // Whether `sm` may learn `other`'s identity: itself, a descendant, or a visible_to edge
  // other -> sm (D10: invisible otherwise).
  bool visible(const std::string& sm, const std::string& other) const;
  // Masters above `sm` that receive its domains' events (receives_subordinate_events on every
  // oversees edge on the way).
  std::vector<std::string> event_receiving_masters(const std::string& sm) const;
  // Whether `provider` serves `service` to `requester` (an sm_peer edge requester -> provider
  // listing it, or listing "*").
  bool peers(const std::string& requester, const std::string& provider,
             const std::string& service) const;
  // Whether a trust edge from -> to allows `service` ("" any service); true inside one domain.
  bool trusted(const std::string& from, const std::string& to,
               const std::string& service = "") const;
  // The trust relationship id of the edge from -> to ("" none).
  std::string relationship(const std::string& from, const std::string& to) const;
  // The domain an entity is a member of (the first membership; "" none).
  std::string domain_of(const std::string& entity) const;
  std::vector<std::string> domains_of(const std::string& entity) const;
  bool sensitive(const std::string& domain) const;
  // Whether `sm` may see VNFs of `domain` at all (a sensitive domain: its designated managers).
  bool may_see(const std::string& sm, const std::string& domain) const;
  const std::set<std::string>& sensitive_managers(const std::string& domain) const;
  // Domains reachable from each other through trust edges (either direction), as groups: a
  // compromise in one group must not reach another (R1.1.50).
  std::vector<std::set<std::string>> isolation_groups() const;

 private:
  Vertex add_vertex(VertexProps props);
  Vertex domain_vertex(const std::string& id);
  Vertex entity_vertex(const std::string& name, VertexKind kind);
  void add_edge(Vertex from, Vertex to, EdgeProps props);
  void read_section(const nlohmann::json& section);
  // The masters above `sub` along oversees edges, nearest first, each with the edge into the SM
  // below it (stops at a cycle).
  std::vector<std::pair<Vertex, Edge>> masters_above(Vertex sub) const;

  TrustGraph graph_;
  std::map<std::string, Vertex> domains_;   // domain id -> vertex
  std::map<std::string, Vertex> entities_;  // actor / VNF name -> vertex
  std::map<std::string, std::set<std::string>> sensitive_managers_;
  bool declared_ = false;
};

// The scenario rule for `trust_model` (registered by conformance::scenario_rules): shape, known
// modes and purposes, every name a domain, SM or relation uses is declared, SM names unique, each
// SM in at most one security-management domain, the `oversees` relation a forest (no cycle, one
// master per SM), peers and visible_to naming SMs, trust edges naming declared domains, durations
// valid. Diagnostics carry the JSON pointer (located by the loader).
void check_trust_model(const nlohmann::json& root, std::vector<sim::Diagnostic>& out);

}  // namespace ifa026::actors::trust
