// `ifa026 graph trust|topology|ca ... --format dot|svg [--out FILE]`: the pictures of the HTML
// report as files for papers — the scenario's trust model (actors::trust::TrustModel::from_scenario
// drawn by reports/trust_graph.hpp), and the topology and CA hierarchy of one scenario of a
// conform output folder (reports/report_model.hpp scenario_pictures_dot).
#include <cstdio>

#include "actors/builtin_actors.hpp"
#include "actors/common/trust_model.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_files.hpp"
#include "reports/graphviz_svg.hpp"
#include "reports/report_model.hpp"
#include "reports/text_file.hpp"
#include "reports/trust_graph.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kGraphHelp =
    R"(Usage: ifa026 graph trust SCENARIO_FILE [--format dot|svg] [--out FILE]
       ifa026 graph topology DIR SCENARIO_NAME [--format dot|svg] [--out FILE]
       ifa026 graph ca DIR SCENARIO_NAME [--format dot|svg] [--out FILE]

The pictures of the HTML report (docs/reports.md, "Pictures") as files.

`trust` draws the scenario's trust model (docs/trust-model.md, "Graph"): each trust domain a cluster with
a box for the domain and its members inside, Security Managers labelled with their mode in each
domain they manage, `oversees` edges bold, trust edges dashed with their relationship, `manages`
edges dotted with the mode, peering (purple), visibility (gray, dashed) and command channels (gray).

`topology` and `ca` read DIR, the output folder of `ifa026 conform` (its summary.json, traces/ and
certificates/), and draw one of its scenarios: the actors and one edge per direction and
reference point labelled with its message and byte counts (actor types with more than 8 actors
folded into one node), or the CA hierarchy of the certificates the run issued.

  --format dot  Graphviz DOT text (default)
  --format svg  laid out and rendered by the Graphviz library in-process (no `dot` program)
  --out FILE    write to FILE instead of stdout

Exit codes: 0 drawn, 2 bad input (also: a folder without that scenario, a run that issued no
certificate for `ca`), 3 harness error (Graphviz without its dot layout).
)";
}  // namespace

int graph_command(const Args& raw) {
  Arguments args(raw, {"--format", "--out"}, {"--help", "-h"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kGraphHelp, stdout);
    return 0;
  }
  const auto& pos = args.positional();
  if (pos.empty() || (pos[0] != "trust" && pos[0] != "topology" && pos[0] != "ca"))
    throw UsageError(
        "expected `graph trust SCENARIO_FILE`, `graph topology DIR SCENARIO_NAME` or "
        "`graph ca DIR SCENARIO_NAME`");
  const std::string format = args.value("--format").value_or("dot");
  if (format != "dot" && format != "svg")
    throw UsageError("--format expects dot or svg, got '" + format + "'");
  std::string text;
  if (pos[0] == "trust") {
    if (pos.size() != 2) throw UsageError("expected exactly one scenario file after `trust`");
    const auto registry = actors::builtin_registry();
    auto scenario = load_and_report(pos[1], registry);
    if (!scenario) return 2;
    const auto model = actors::trust::TrustModel::from_scenario(*scenario);
    text = reports::trust_graph_dot(model, scenario->name);
  } else {
    if (pos.size() != 3)
      throw UsageError("expected a conform output folder and a scenario name after `" + pos[0] +
                       "`");
    reports::ScenarioPicturesDot pictures;
    try {
      pictures = reports::scenario_pictures_dot(pos[1], pos[2]);
    } catch (const reports::ReportInputError& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      return 2;
    }
    text = pos[0] == "topology" ? pictures.topology : pictures.ca_hierarchy;
    if (text.empty()) {
      std::fprintf(stderr,
                   "error: %s/certificates/%s.jsonl: the run recorded no certificate to draw a CA "
                   "hierarchy from\n",
                   pos[1].c_str(), pos[2].c_str());
      return 2;
    }
  }
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
