// The scenario discovery rule: *.json files except schema.json, excluded folders by name.
#include "sim/scenario_discovery.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

namespace ifa026::sim {

namespace {
namespace fs = std::filesystem;

constexpr std::array kExcluded{
    ExcludedScenarioFolder{
        "scale",
        "scale runs of minutes to hours each (docs/performance.md); name the file or the folder "
        "to run it"},
    ExcludedScenarioFolder{
        "live-ca",
        "scenarios whose CA is a real CMP server (ca-live): they need its URL and certificates, "
        "given at run time as a variant (docs/live-ca.md), and run on the wall clock"},
};
}  // namespace

std::span<const ExcludedScenarioFolder> excluded_scenario_folders() {
  return kExcluded;
}

std::string_view exclusion_reason(std::string_view folder_name) {
  for (const auto& e : kExcluded)
    if (e.name == folder_name) return e.reason;
  return {};
}

ScenarioDiscovery discover_scenario_files(const std::string& root, FolderExclusions exclusions) {
  ScenarioDiscovery out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (it->is_directory(ec)) {
      if (exclusions == FolderExclusions::apply &&
          !exclusion_reason(p.filename().string()).empty()) {
        out.excluded_folders.push_back(p.string());
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    if (p.extension() == ".json" && p.filename() != kScenarioSchemaFile)
      out.files.push_back(p.string());
  }
  std::sort(out.files.begin(), out.files.end());
  std::sort(out.excluded_folders.begin(), out.excluded_folders.end());
  return out;
}

}  // namespace ifa026::sim
