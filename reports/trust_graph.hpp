// A picture of a scenario's trust model (`ifa026 graph trust`, docs/trust-model.md "Graph"): the
// actors::trust::TrustModel drawn as Graphviz DOT with boost::write_graphviz_dp — each trust
// domain a cluster (`subgraph "cluster_<domain>"`) holding a box for the domain itself and its
// members, SMs labelled with their mode per managed domain, `oversees` edges bold, trust edges
// dashed with their relationship, `manages` edges dotted with the mode, peering, visibility and
// command channels thin — and that DOT laid out and rendered to SVG in-process by the Graphviz
// library (libgvc), so no `dot` program is needed.
#pragma once

#include <string>

#include "actors/common/trust_model.hpp"
#include "reports/graphviz_svg.hpp"  // render_svg

namespace ifa026::reports {

// The DOT text of the model (node ids: actor names; a domain's box is "domain:<id>").
std::string trust_graph_dot(const actors::trust::TrustModel& model, const std::string& title);

}  // namespace ifa026::reports
