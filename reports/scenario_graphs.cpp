// The topology and CA hierarchy pictures of a scenario (see scenario_graphs.hpp).
#include "reports/scenario_graphs.hpp"

#include <map>
#include <set>

#include "reports/graphviz_svg.hpp"

namespace ifa026::reports {

namespace {

std::string shape_of(const std::string& type) {
  if (type == "ca" || type == "cmf") return "box3d";
  if (type == "vnfci" || type.find(" ×") != std::string::npos) return "ellipse";
  if (type == "sm") return "doubleoctagon";
  if (type == "hsm" || type == "verifier") return "cylinder";
  return "component";
}

std::string human_bytes(std::uint64_t bytes) {
  if (bytes < 10'000) return std::to_string(bytes) + " B";
  if (bytes < 10'000'000) return std::to_string(bytes / 1000) + " kB";
  return std::to_string(bytes / 1'000'000) + " MB";
}

const char* kHead =
    "  graph [labelloc=t, fontname=Helvetica, rankdir=LR, nodesep=0.3, ranksep=0.8];\n"
    "  node [fontname=Helvetica, fontsize=11, style=filled, fillcolor=\"#eef3fb\"];\n"
    "  edge [fontname=Helvetica, fontsize=9, color=\"#555555\"];\n";

}  // namespace

std::string topology_dot(const std::vector<TopologyActor>& actors,
                         const std::vector<TopologyLink>& links, const std::string& title) {
  std::string dot = "digraph topology {\n";
  dot += kHead;
  dot += "  graph [label=" + dot_quoted("topology: " + title) + "];\n";
  std::set<std::string> named;
  for (const auto& a : actors) {
    if (!named.insert(a.name).second) continue;
    dot += "  " + dot_quoted(a.name) + " [label=" + dot_quoted(a.name + "\n" + a.type) +
           ", shape=" + shape_of(a.type) + "];\n";
  }
  for (const auto& l : links) {
    for (const auto* end : {&l.from, &l.to})
      if (named.insert(*end).second) dot += "  " + dot_quoted(*end) + " [shape=ellipse];\n";
    std::string label = (l.ref.empty() ? std::string("(no reference point)") : l.ref) + "\n" +
                        std::to_string(l.messages) + " msg, " + human_bytes(l.bytes);
    if (l.drops) label += "\n" + std::to_string(l.drops) + " dropped";
    dot += "  " + dot_quoted(l.from) + " -> " + dot_quoted(l.to) + " [label=" + dot_quoted(label) +
           (l.drops ? ", color=\"#c0392b\"" : "") + "];\n";
  }
  return dot + "}\n";
}

std::string ca_hierarchy_dot(const std::vector<CaHierarchyNode>& nodes, const std::string& title) {
  std::string dot = "digraph ca_hierarchy {\n";
  dot += kHead;
  dot += "  graph [rankdir=TB, label=" + dot_quoted("CA hierarchy: " + title) + "];\n";
  std::set<std::string> subjects;
  for (const auto& n : nodes) {
    if (!subjects.insert(n.subject).second) continue;
    std::string label = n.subject + "\n" + n.role + " CA (" + n.ca + ")";
    if (n.role == "issuing")
      label +=
          "\n" + std::to_string(n.issued) + " certificates, " + std::to_string(n.crls) + " CRLs";
    dot += "  " + dot_quoted(n.subject) + " [shape=box, label=" + dot_quoted(label) +
           (n.role == "root" ? ", fillcolor=\"#fdf2d0\"" : "") + "];\n";
  }
  for (const auto& n : nodes)
    if (n.issuer != n.subject && subjects.contains(n.issuer))
      dot +=
          "  " + dot_quoted(n.issuer) + " -> " + dot_quoted(n.subject) + " [label=\"issued\"];\n";
  return dot + "}\n";
}

}  // namespace ifa026::reports
