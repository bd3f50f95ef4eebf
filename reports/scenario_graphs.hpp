// The report's pictures of one scenario besides the trust model (reports/trust_graph.hpp), as
// Graphviz DOT (render them with render_svg, graphviz_svg.hpp): the topology (actors, and one
// edge per sender, receiver and reference point with its message count, bytes and drops) and the
// CA hierarchy (root -> issuing CA certificates, with what each CA actor issued).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ifa026::reports {

struct TopologyActor {
  std::string name, type;
};

struct TopologyLink {
  std::string from, to, ref;
  std::uint64_t messages = 0, bytes = 0, drops = 0;
};

std::string topology_dot(const std::vector<TopologyActor>& actors,
                         const std::vector<TopologyLink>& links, const std::string& title);

struct CaHierarchyNode {
  std::string subject, issuer;  // a self-signed root has subject == issuer
  std::string ca;               // the CA actor holding it
  std::string role;             // "root" or "issuing"
  std::uint64_t issued = 0;     // end-entity certificates issued under it (issuing CAs)
  std::uint64_t crls = 0;       // CRLs published (issuing CAs)
};

std::string ca_hierarchy_dot(const std::vector<CaHierarchyNode>& nodes, const std::string& title);

}  // namespace ifa026::reports
