// A picture of a scenario's trust model (see trust_graph.hpp).
#include "reports/trust_graph.hpp"

#include "actors/common/boost_graph.hpp"
// GCC 12's false -Wmaybe-uninitialized inside Boost (see boost_graph.hpp) also in the writer.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#pragma GCC diagnostic pop

#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace ifa026::reports {

namespace {

namespace trust = actors::trust;

// Labels use DOT's "\\n" line break (write_graphviz_dp quotes but does not touch backslashes).
struct DrawNode {
  std::string id, label, shape, style;
};
struct DrawEdge {
  std::string label, style, color, ltail, lhead, dir = "forward";
};
using DrawGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, DrawNode, DrawEdge>;

std::string comma_joined(const std::set<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : ", ") + w;
  return s;
}

// A DOT ID in double quotes.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string cluster_of(const std::string& domain) {
  return "cluster_" + domain;
}

}  // namespace

std::string trust_graph_dot(const trust::TrustModel& model, const std::string& title) {
  const trust::TrustGraph& g = model.graph();
  DrawGraph d;
  std::map<trust::Vertex, DrawGraph::vertex_descriptor> drawn;
  std::map<std::string, std::vector<std::string>> members;  // domain -> node ids inside
  std::vector<std::string> domains;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    const trust::VertexProps& p = g[v];
    DrawNode n;
    if (p.kind == trust::VertexKind::domain) {
      n.id = "domain:" + p.name;
      n.label = p.name + (p.purpose.empty() ? "" : "\\n(" + p.purpose + ")") +
                (p.sensitive ? "\\nsensitive" : "");
      n.shape = "box";
      n.style = p.sensitive ? "filled,bold" : "filled";
      domains.push_back(p.name);
      members[p.name].push_back(n.id);
    } else {
      n.id = p.name;
      n.label = p.name;
      if (p.kind == trust::VertexKind::sm) {
        // The SM's mode in every domain it manages.
        for (const auto& [domain, mode] : model.grants(p.name))
          n.label += "\\n" + domain + ": " + mode;
        n.shape = "doubleoctagon";
        n.style = "solid";
      } else {
        n.shape = p.kind == trust::VertexKind::vnf          ? "ellipse"
                  : p.kind == trust::VertexKind::mano_block ? "component"
                                                            : "note";
        n.style = "solid";
      }
      // In its first domain's cluster; further memberships are named in the label.
      const auto in = model.domains_of(p.name);
      if (!in.empty()) members[in.front()].push_back(n.id);
      for (std::size_t i = 1; i < in.size(); ++i) n.label += "\\nalso in " + in[i];
    }
    drawn[v] = boost::add_vertex(n, d);
  }
  // A trust relationship held both ways is one edge with two arrowheads: the picture says it once,
  // and Graphviz 2.42 (Debian 12) corrupts its heap laying out two opposite labelled edges between
  // clusters (found on scenarios/trust/design-model.json; tests/reports RenderSvg).
  std::vector<std::tuple<trust::Vertex, trust::Vertex, DrawEdge>> edges;
  std::map<std::tuple<trust::Vertex, trust::Vertex, std::string>, std::size_t> trust_edge;
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const trust::EdgeProps& p = g[e];
    DrawEdge de;
    const auto from = boost::source(e, g), to = boost::target(e, g);
    if (p.kind == trust::EdgeKind::trust) {
      const std::string key = p.relationship + "\n" + comma_joined(p.services);
      if (const auto back = trust_edge.find({to, from, key}); back != trust_edge.end()) {
        std::get<DrawEdge>(edges[back->second]).dir = "both";
        continue;
      }
    }
    switch (p.kind) {
      case trust::EdgeKind::member_of:
        continue;  // drawn as the cluster
      case trust::EdgeKind::trust:
        de.style = "dashed";
        de.color = "darkgreen";
        de.label = "trust " + p.relationship +
                   (p.services.empty() ? "" : "\\n[" + comma_joined(p.services) + "]");
        de.ltail = cluster_of(g[from].name);
        de.lhead = cluster_of(g[to].name);
        break;
      case trust::EdgeKind::manages:
        de.style = "dotted";
        de.color = "blue";
        de.label = p.mode;
        break;
      case trust::EdgeKind::oversees:
        de.style = "bold";
        de.color = "black";
        de.label = std::string("oversees") + (p.may_terminate ? "" : "\\nno terminate") +
                   (p.may_overrule ? "" : "\\nno overrule") +
                   (p.receives_subordinate_events ? "\\nreceives events" : "");
        break;
      case trust::EdgeKind::sm_peer:
        de.style = "solid";
        de.color = "purple";
        de.label = "peer [" + comma_joined(p.services) + "]";
        break;
      case trust::EdgeKind::visible_to:
        de.style = "dashed";
        de.color = "gray";
        de.label = "visible to";
        break;
      case trust::EdgeKind::can_command:
        de.style = "solid";
        de.color = "gray";
        de.label = p.reference_point;
        break;
    }
    if (p.kind == trust::EdgeKind::trust)
      trust_edge[{from, to, p.relationship + "\n" + comma_joined(p.services)}] = edges.size();
    edges.emplace_back(from, to, std::move(de));
  }
  for (auto& [from, to, de] : edges) boost::add_edge(drawn.at(from), drawn.at(to), de, d);

  boost::dynamic_properties dp;
  dp.property("node_id", boost::get(&DrawNode::id, d));
  dp.property("label", boost::get(&DrawNode::label, d));
  dp.property("shape", boost::get(&DrawNode::shape, d));
  dp.property("style", boost::get(&DrawNode::style, d));
  dp.property("label", boost::get(&DrawEdge::label, d));
  dp.property("style", boost::get(&DrawEdge::style, d));
  dp.property("color", boost::get(&DrawEdge::color, d));
  dp.property("ltail", boost::get(&DrawEdge::ltail, d));
  dp.property("lhead", boost::get(&DrawEdge::lhead, d));
  dp.property("dir", boost::get(&DrawEdge::dir, d));
  std::ostringstream body;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
  boost::write_graphviz_dp(body, d, dp, "node_id");
#pragma GCC diagnostic pop

  // The graph attributes and one cluster per domain, inserted after the opening line: a node
  // named in a cluster is drawn inside it (its attributes come with its own statement below).
  std::string text = body.str();
  const auto open = text.find('{');
  if (open == std::string::npos) throw std::logic_error("write_graphviz_dp wrote no graph body");
  std::string head = "\ngraph [label=" + quoted("trust model: " + title) +
                     ", labelloc=t, compound=true, rankdir=TB, fontname=Helvetica];\n"
                     "node [fontname=Helvetica, fillcolor=lightyellow];\n"
                     "edge [fontname=Helvetica, fontsize=10];\n";
  for (const auto& domain : domains) {
    head += "subgraph " + quoted(cluster_of(domain)) + " {\n  label=" + quoted(domain) +
            "; style=rounded;\n";
    for (const auto& id : members[domain]) head += "  " + quoted(id) + ";\n";
    head += "}\n";
  }
  text.insert(open + 1, head);
  return text;
}

}  // namespace ifa026::reports
