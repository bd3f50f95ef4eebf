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
// Every scenario file under `root` (recursively, *.json except schema.json), sorted.
std::vector<std::string> scenario_files(const std::string& root);
// Expands folders among `paths` into their scenario files; files stay as given.
std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths);

// Loads one file; prints each diagnostic to stderr. Returns nullopt on any error.
std::optional<sim::Scenario> load_and_report(const std::string& path,
                                             const sim::ActorRegistry& registry);

}  // namespace ifa026::cli
