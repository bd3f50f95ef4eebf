// Finding and loading scenario files for the CLI: where the shipped scenarios live, the folders
// given expanded by the one discovery rule (sim/scenario_discovery.hpp), and loading with the
// catalogue's "covers" rule, printing every diagnostic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_discovery.hpp"

namespace ifa026::cli {

// The shipped scenarios folder: $IFA026_SCENARIOS if set, else ./scenarios when it exists, else
// the checkout the program was built from.
std::string scenarios_root();
// Expands folders among `paths` into their scenario files by the discovery rule
// (sim::discover_scenario_files, its excluded folders left out when `exclusions` says so; a
// left-out folder is noted on stderr with its reason); files stay as given. A folder holding no
// scenario file is bad input: "DIR: error: ..." is printed to stderr and counted in
// `empty_folders`.
std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths,
                                               sim::FolderExclusions exclusions,
                                               int& empty_folders);

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

// `--external ACTOR=COMMAND` of run and conform (docs/adapter-protocol.md): in every scenario, the
// actor named ACTOR, or every actor of type T for "type:T", is played by COMMAND (words split at
// spaces; a first word "ifa026" is this program), answering each request within `timeout` (a
// duration text; empty: the protocol's default). Throws UsageError for a malformed option or one
// that matches no actor of any scenario. Returns how many actors it gave to a process.
std::size_t apply_external_options(const std::vector<std::string>& options,
                                   const std::string& timeout,
                                   std::vector<sim::Scenario>& scenarios);

}  // namespace ifa026::cli
