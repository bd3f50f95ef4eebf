// Graphviz through its library (libgvc): DOT text laid out with the dot layout and rendered as
// SVG in-process, so no `dot` program is needed. Used by every picture (trust model, topology, CA
// hierarchy; docs/reports.md "Pictures").
#pragma once

#include <string>

namespace ifa026::reports {

// Lays `dot` out with Graphviz's dot layout and renders it as SVG. Throws std::runtime_error
// when Graphviz cannot read the text or has no dot layout / SVG renderer plugin.
std::string render_svg(const std::string& dot);

// `text` as a DOT ID in double quotes (quotes and backslashes escaped, a newline as DOT's \\n).
std::string dot_quoted(const std::string& text);

}  // namespace ifa026::reports
