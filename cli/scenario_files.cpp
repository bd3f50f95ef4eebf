// Scenario paths and loading with diagnostics for the CLI.
#include "cli/scenario_files.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/arguments.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/scenario_rules.hpp"

namespace ifa026::cli {

namespace fs = std::filesystem;

std::string scenarios_root() {
  if (const char* env = std::getenv("IFA026_SCENARIOS"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  if (fs::is_directory("scenarios", ec) && fs::exists("scenarios/schema.json", ec))
    return "scenarios";
  return std::string(IFA026_SOURCE_DIR) + "/scenarios";
}

std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths,
                                               sim::FolderExclusions exclusions,
                                               int& empty_folders) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    auto found = sim::discover_scenario_files(p, exclusions);
    for (const auto& folder : found.excluded_folders) {
      const auto reason = sim::exclusion_reason(fs::path(folder).filename().string());
      std::fprintf(stderr, "%s: note: left out: %.*s\n", folder.c_str(),
                   static_cast<int>(reason.size()), reason.data());
    }
    if (found.files.empty()) {
      std::fprintf(stderr, "%s: error: no scenario files (*.json) in this folder%s\n", p.c_str(),
                   found.excluded_folders.empty() ? "" : " outside the folders left out");
      ++empty_folders;
    }
    out.insert(out.end(), found.files.begin(), found.files.end());
  }
  return out;
}

std::optional<sim::Scenario> load_and_report(const std::string& path,
                                             const sim::ActorRegistry& registry) {
  auto load = sim::load_scenario_file(
      path, registry, conformance::scenario_rules(conformance::Catalogue::builtin()));
  for (const auto& d : load.errors) std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
  return std::move(load.scenario);
}

ScenarioSet load_scenario_set(const std::vector<std::string>& files,
                              const sim::ActorRegistry& registry) {
  ScenarioSet set;
  const auto catalogue_rules = conformance::scenario_rules(conformance::Catalogue::builtin());
  std::map<std::string, std::string> first_file;  // scenario name -> file that has it first
  std::string current;
  const sim::ScenarioRule rules = [&](const nlohmann::json& root,
                                      std::vector<sim::Diagnostic>& out) {
    catalogue_rules(root, out);
    if (!root.is_object() || !root.contains("name") || !root["name"].is_string()) return;
    const auto name = root["name"].get<std::string>();
    auto [it, inserted] = first_file.emplace(name, current);
    if (!inserted)
      out.push_back({"", 0, 0, "/name",
                     "duplicate scenario name \"" + name + "\" (first in " + it->second +
                         "); names must be unique in one run, its traces are named after them",
                     false});
  };
  for (const auto& file : files) {
    current = file;
    auto load = sim::load_scenario_file(file, registry, rules);
    for (const auto& d : load.errors)
      std::fprintf(stderr, "%s\n", sim::format_diagnostic(d).c_str());
    if (load.scenario)
      set.scenarios.push_back(std::move(*load.scenario));
    else
      set.invalid.push_back(file);
  }
  return set;
}

std::size_t apply_external_options(const std::vector<std::string>& options,
                                   const std::string& timeout,
                                   std::vector<sim::Scenario>& scenarios) {
  if (!timeout.empty()) {
    const auto d = sim::parse_duration(timeout);
    if (!d || d->ns() <= 0)
      throw UsageError("--external-timeout: expected a positive duration, got '" + timeout + "'");
  }
  std::size_t replaced = 0;
  for (const auto& option : options) {
    const auto eq = option.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == option.size())
      throw UsageError("--external: expected ACTOR=COMMAND or type:TYPE=COMMAND, got '" + option +
                       "'");
    const std::string who = option.substr(0, eq);
    nlohmann::json command = nlohmann::json::array();
    std::istringstream words(option.substr(eq + 1));
    for (std::string word; words >> word;) command.push_back(word);
    if (command.empty()) throw UsageError("--external " + who + ": empty command");
    nlohmann::json external = {{"command", command}};
    if (!timeout.empty()) external["timeout"] = timeout;
    const bool by_type = who.starts_with("type:");
    const std::string key = by_type ? who.substr(5) : who;
    std::size_t matched = 0;
    for (auto& scenario : scenarios)
      for (auto& actor : scenario.actors)
        if ((by_type ? actor.type : actor.name) == key) {
          actor.external = external;
          ++matched;
        }
    if (matched == 0)
      throw UsageError("--external: no actor " + std::string(by_type ? "of type " : "named ") +
                       key + " in the scenarios given");
    replaced += matched;
  }
  return replaced;
}

}  // namespace ifa026::cli
