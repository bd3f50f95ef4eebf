// `ifa026 validate FILE...`: checks scenario files and prints every problem with its position.
#include <cstdio>

#include "actors/builtin_actors.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_files.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kHelp = R"(Usage: ifa026 validate FILE|DIR...

Checks scenario files against scenarios/schema.json and the semantic rules (unique actor names,
known actor types, links and faults naming known actors, catalogue IDs in "covers"). Every problem
is printed as FILE:LINE:COLUMN: error: MESSAGE (at JSON-POINTER).

Exit codes: 0 all files valid, 2 some file has errors.
)";
}  // namespace

int validate_command(const Args& raw) {
  Arguments args(raw, {}, {"--help", "-h", "--quiet"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (args.positional().empty()) throw UsageError("no scenario file given");
  const auto registry = actors::builtin_registry();
  int bad = 0;
  const auto files = expand_scenario_paths(args.positional());
  for (const auto& file : files) {
    auto scenario = load_and_report(file, registry);
    if (!scenario) {
      ++bad;
    } else if (!args.flag("--quiet")) {
      std::printf("%s: ok (%s, %zu actors)\n", file.c_str(), scenario->name.c_str(),
                  scenario->actors.size());
    }
  }
  if (bad > 0) {
    std::fprintf(stderr, "%d of %zu file(s) invalid\n", bad, files.size());
    return 2;
  }
  return 0;
}

}  // namespace ifa026::cli
