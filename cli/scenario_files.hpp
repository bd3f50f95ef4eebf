// Finding and loading scenario files for the CLI: where the shipped scenarios live, which files
// a folder holds, and loading with the catalogue's "covers" rule, printing every diagnostic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"

namespace ifa026::cli {

// The shipped scenarios folder: $IFA026_SCENARIOS if set, else ./scenarios when it exists, else
// the checkout the program was built from.
std::string scenarios_root();
// Folders of this name (scenarios/scale/) hold long scale runs (docs/performance.md): minutes to
// hours each, so the conformance suite leaves them out when it expands a folder.
inline constexpr const char* kScaleFolder = "scale";

// Every scenario file under `root` (recursively, *.json except schema.json), sorted. With
// `skip_scale`, folders named kScaleFolder below `root` are not entered (`root` itself may be
// one: naming a scale folder runs what it holds).
std::vector<std::string> scenario_files(const std::string& root, bool skip_scale = false);
// Expands folders among `paths` into their scenario files (scenario_files with `skip_scale`);
// files stay as given. A folder holding no scenario file is bad input: "DIR: error: ..." is
// printed to stderr and counted in `empty_folders`.
std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths,
                                               bool skip_scale, int& empty_folders);

// Loads one file; prints each diagnostic to stderr. Returns nullopt on any error.
std::optional<sim::Scenario> load_and_report(const std::string& path,
                                             const sim::ActorRegistry& registry);

// The scenarios of one validate or conform run, loaded with the catalogue's rules and a rule
// across files: scenario names are unique in the run (their traces and reports are named after
// them), a repeated one is reported at its "/name" with the file that has it first.
struct ScenarioSet {
  std::vector<sim::Scenario> scenarios;  // the files that loaded, in order
  std::vector<std::string> invalid;      // files with errors (printed to stderr)
};
ScenarioSet load_scenario_set(const std::vector<std::string>& files,
                              const sim::ActorRegistry& registry);

}  // namespace ifa026::cli
