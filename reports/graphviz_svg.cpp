// Graphviz DOT text laid out and rendered to SVG in-process (see graphviz_svg.hpp).
#include "reports/graphviz_svg.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>
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

namespace {

// One Graphviz context for the whole process, never freed. Freeing a context and creating
// another is not safe in Debian 12's Graphviz 2.42: gvFreeContext frees the font names of its
// text-size cache while the pango plugin keeps a pointer to the last one, and the next labelled
// graph reads freed memory (found as heap corruption after a few dozen pictures in one
// `ifa026 conform`). The context is reachable for the program's life, so LeakSanitizer does not
// count it. The mutex keeps the context to one picture at a time.
GVC_t* shared_context() {
  static GVC_t* const context = gvContext();
  if (!context) throw std::runtime_error("Graphviz: cannot create a context");
  return context;
}

std::mutex& context_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

std::string render_svg(const std::string& dot) {
  const std::lock_guard lock(context_mutex());
  GVC_t* gvc = shared_context();
  std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(dot.c_str()), agclose);
  if (!graph) throw std::runtime_error("Graphviz cannot read the DOT text");
  if (gvLayout(gvc, graph.get(), "dot") != 0)
    throw std::runtime_error("Graphviz: the dot layout is not available (libgvc plugins)");
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc, graph.get(), "svg", &data, &length);
  std::string svg = rc == 0 && data ? std::string(data, length) : std::string();
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, graph.get());
  if (rc != 0) throw std::runtime_error("Graphviz: no SVG renderer (libgvc plugins)");
  return svg;
}

}  // namespace ifa026::reports

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer's default suppressions for a sanitizer build of any program linking this file:
// libgvc keeps its plugin tables, and fontconfig (which its SVG renderer loads) its caches; we
// free everything the API hands us per picture (render data, layout, graph).
// Measured with liblsan preloaded into the Release `ifa026 graph trust ... --format svg`: 63 KB in
// about 1,000 allocations, every one allocated inside libgvc or libfontconfig.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvc.so\nleak:libfontconfig.so\n";
}
#endif
