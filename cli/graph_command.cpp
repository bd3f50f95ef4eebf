// `ifa026 graph trust SCENARIO --format dot|svg [--out FILE]`: the scenario's trust model
// (actors::trust::TrustModel::from_scenario) drawn by reports/trust_graph.hpp.
#include <cstdio>

#include "actors/builtin_actors.hpp"
#include "actors/common/trust_model.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_files.hpp"
#include "reports/text_file.hpp"
#include "reports/trust_graph.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kGraphHelp =
    R"(Usage: ifa026 graph trust SCENARIO [--format dot|svg] [--out FILE]

Draws the scenario's trust model (docs/trust-model.md, "Graph"): each trust domain a cluster with
a box for the domain and its members inside, Security Managers labelled with their mode in each
domain they manage, `oversees` edges bold, trust edges dashed with their relationship, `manages`
edges dotted with the mode, peering (purple), visibility (gray, dashed) and command channels (gray).

  --format dot  Graphviz DOT text (default)
  --format svg  laid out and rendered by the Graphviz library in-process (no `dot` program)
  --out FILE    write to FILE instead of stdout

Exit codes: 0 drawn, 2 bad input, 3 harness error (Graphviz without its dot layout).
)";
}  // namespace

int graph_command(const Args& raw) {
  Arguments args(raw, {"--format", "--out"}, {"--help", "-h"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kGraphHelp, stdout);
    return 0;
  }
  const auto& pos = args.positional();
  if (pos.empty() || pos[0] != "trust")
    throw UsageError("expected `graph trust SCENARIO` (the only graph so far)");
  if (pos.size() != 2) throw UsageError("expected exactly one scenario file after `trust`");
  const std::string format = args.value("--format").value_or("dot");
  if (format != "dot" && format != "svg")
    throw UsageError("--format expects dot or svg, got '" + format + "'");
  const auto registry = actors::builtin_registry();
  auto scenario = load_and_report(pos[1], registry);
  if (!scenario) return 2;
  const auto model = actors::trust::TrustModel::from_scenario(*scenario);
  std::string text = reports::trust_graph_dot(model, scenario->name);
  if (format == "svg") text = reports::render_svg(text);
  if (auto out = args.value("--out")) {
    reports::write_text_file(*out, text);
    std::fprintf(stderr, "wrote %s\n", out->c_str());
  } else {
    std::fputs(text.c_str(), stdout);
  }
  return 0;
}

}  // namespace ifa026::cli
