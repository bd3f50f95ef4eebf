// Graphviz DOT text laid out and rendered to SVG in-process (see graphviz_svg.hpp).
#include "reports/graphviz_svg.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <stdexcept>

namespace ifa026::reports {

std::string dot_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";  // DOT's centred line break
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string render_svg(const std::string& dot) {
  std::unique_ptr<GVC_t, int (*)(GVC_t*)> gvc(gvContext(), gvFreeContext);
  if (!gvc) throw std::runtime_error("Graphviz: cannot create a context");
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(dot.c_str()), agclose);
  if (!graph) throw std::runtime_error("Graphviz cannot read the DOT text");
  if (gvLayout(gvc.get(), graph.get(), "dot") != 0)
    throw std::runtime_error("Graphviz: the dot layout is not available (libgvc plugins)");
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc.get(), graph.get(), "svg", &data, &length);
  std::string svg = rc == 0 && data ? std::string(data, length) : std::string();
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc.get(), graph.get());
  if (rc != 0) throw std::runtime_error("Graphviz: no SVG renderer (libgvc plugins)");
  return svg;
}

}  // namespace ifa026::reports

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer's default suppressions for a sanitizer build of any program linking this file:
// libgvc keeps its plugin tables, and fontconfig (which its SVG renderer loads) its caches, after
// gvFreeContext; we free everything the API hands us (render data, layout, graph, context).
// Measured with liblsan preloaded into the Release `ifa026 graph trust ... --format svg`: 63 KB in
// about 1,000 allocations, every one allocated inside libgvc or libfontconfig.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvc.so\nleak:libfontconfig.so\n";
}
#endif
