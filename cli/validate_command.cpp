// `ifa026 validate FILE...`: checks scenario files and prints every problem with its position.
#include <cstdio>

#include "actors/builtin_actors.hpp"
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/scenario_files.hpp"

namespace ifa026::cli {

namespace {
constexpr const char* kValidateHelp = R"(Usage: ifa026 validate [--expand] FILE|DIR...

Checks scenario files against scenarios/schema.json and the semantic rules (scenario names safe
as file names and unique among the files given, unique actor names, known actor types and their
parameters, workload commands and their arguments known to the addressed actor's type, links and
faults naming known actors, catalogue IDs in "covers"). Every problem is printed as
FILE:LINE:COLUMN: error: MESSAGE (at JSON-POINTER). A folder is searched for *.json files by
the discovery rule (every *.json but schema.json; scale/ folders are validated too); a folder
without any is an error.

A variant ({"base": FILE, "patch": {...}}, docs/scenario-format.md) is checked as the scenario it
expands to; a problem is reported where the offending value is written: in the variant's patch,
or in the base (saying which variant it was reached from). A missing base, a cycle of bases and a
patch that does not apply are located errors too.

--expand   with one valid FILE: print the scenario it expands to (JSON) instead of "ok"

Exit codes: 0 all files valid, 2 some file has errors (or a folder holds none).
)";
}  // namespace

int validate_command(const Args& raw) {
  Arguments args(raw, {}, {"--help", "-h", "--quiet", "--expand"});
  if (args.flag("--help") || args.flag("-h")) {
    std::fputs(kValidateHelp, stdout);
    return 0;
  }
  if (args.positional().empty()) throw UsageError("no scenario file given");
  const auto registry = actors::builtin_registry();
  int empty_folders = 0;
  const auto files =
      expand_scenario_paths(args.positional(), sim::FolderExclusions::ignore, empty_folders);
  const auto set = load_scenario_set(files, registry);
  if (args.flag("--expand")) {
    if (files.size() != 1) throw UsageError("--expand takes exactly one scenario file");
    if (!set.invalid.empty()) return 2;
    std::printf("%s\n", sim::expand_scenario_file(files[0]).root.dump(2).c_str());
    return 0;
  }
  if (!args.flag("--quiet"))
    for (const auto& scenario : set.scenarios)
      std::printf("%s: ok (%s, %zu actors)\n", scenario.file.c_str(), scenario.name.c_str(),
                  scenario.actors.size());
  if (!set.invalid.empty())
    std::fprintf(stderr, "%zu of %zu file(s) invalid\n", set.invalid.size(), files.size());
  return set.invalid.empty() && empty_folders == 0 ? 0 : 2;
}

}  // namespace ifa026::cli
