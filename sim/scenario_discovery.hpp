// Which files under a folder of scenarios are scenarios: the one rule shared by `ifa026 conform`
// (its default suite, the shipped scenarios, and folders given to it), `ifa026 validate`,
// `ifa026 list scenarios` and the tests that run every shipped scenario. Every *.json file is a
// scenario, plain or a variant (a file used as a base is a runnable scenario too, and runs), except
// schema.json; every folder is entered except those the rule excludes by name, each with its
// reason. A new folder is therefore never skipped silently: it is searched, or it is listed here.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ifa026::sim {

struct ExcludedScenarioFolder {
  std::string_view name;    // excluded wherever a folder of this name is met below the root
  std::string_view reason;  // for people: why, and how to run it anyway
};

// The folders suites leave out (scale/ and live-ca/).
std::span<const ExcludedScenarioFolder> excluded_scenario_folders();
// Why folders of this name are left out, or "" when they are searched.
std::string_view exclusion_reason(std::string_view folder_name);

// The JSON file beside the scenarios that is not one.
inline constexpr std::string_view kScenarioSchemaFile = "schema.json";

enum class FolderExclusions { apply, ignore };

struct ScenarioDiscovery {
  std::vector<std::string> files;             // the scenario files, sorted
  std::vector<std::string> excluded_folders;  // the folders left out, sorted
};

// Every scenario file under the folder `root`, recursively. With FolderExclusions::apply, excluded
// folders below `root` are not entered (`root` itself is always searched: naming an excluded
// folder runs what it holds). A missing or unreadable root gives nothing.
ScenarioDiscovery discover_scenario_files(const std::string& root,
                                          FolderExclusions exclusions = FolderExclusions::apply);

}  // namespace ifa026::sim
