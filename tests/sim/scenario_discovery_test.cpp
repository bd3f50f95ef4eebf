// The scenario discovery rule (sim/scenario_discovery.hpp): which files of a folder are
// scenarios, which folders are left out and why, and that no folder under the shipped scenarios/
// is skipped silently: each one holds a discovered scenario or is excluded with a reason.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario_discovery.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::sim {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> relative(const std::vector<std::string>& paths, const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(fs::path(p).lexically_relative(root).generic_string());
  return out;
}

// The folders under `root` that hold no discovered scenario (at any depth) and are not inside an
// excluded folder: the ones the rule would skip without saying so.
std::vector<std::string> silently_skipped(const fs::path& root) {
  const auto found = discover_scenario_files(root.string());
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    if (!it->is_directory()) continue;
    if (!exclusion_reason(it->path().filename().string()).empty()) {
      it.disable_recursion_pending();
      continue;
    }
    const std::string prefix = it->path().string() + "/";
    const bool holds = std::any_of(found.files.begin(), found.files.end(),
                                   [&](const std::string& f) { return f.starts_with(prefix); });
    if (!holds) out.push_back(it->path().lexically_relative(root).generic_string());
  }
  return out;
}

TEST(ScenarioDiscovery, EveryFolderUnderScenariosIsSearchedOrExcluded) {
  const fs::path root = fs::path(IFA026_SOURCE_DIR) / "scenarios";
  EXPECT_EQ(silently_skipped(root), std::vector<std::string>{});
  const auto found = discover_scenario_files(root.string());
  const auto files = relative(found.files, root);
  // Plain scenarios, variants and the files used as bases are all discovered.
  for (const char* f : {"annex-c/C.2.1.1.json", "negative/direct-wrong-trust-anchor.json",
                        "negative/forged-attestation.json", "smoke/echo-lossy-link.json"})
    EXPECT_NE(std::find(files.begin(), files.end(), f), files.end()) << f;
  EXPECT_EQ(std::find(files.begin(), files.end(), "schema.json"), files.end());
  EXPECT_EQ(relative(found.excluded_folders, root), (std::vector<std::string>{"live-ca", "scale"}));
  for (const auto& e : excluded_scenario_folders()) EXPECT_FALSE(e.reason.empty()) << e.name;
}

// The check above fails for a folder whose files the rule does not take (here only a README and
// a YAML file), and passes once the folder is excluded by name or holds a scenario.
TEST(ScenarioDiscovery, AFolderWithoutScenariosIsReportedUnlessExcluded) {
  test::TempDir dir("ifa026-discovery-check");
  fs::create_directories(dir / "suite");
  fs::create_directories(dir / "notes");
  fs::create_directories(dir / "scale" / "inner");
  test::write_file(dir / "suite" / "a.json", "{}");
  test::write_file(dir / "notes" / "README.md", "text");
  test::write_file(dir / "notes" / "b.yaml", "x: 1");
  EXPECT_EQ(silently_skipped(dir.path()), std::vector<std::string>{"notes"});
  test::write_file(dir / "notes" / "c.json", "{}");
  EXPECT_EQ(silently_skipped(dir.path()), std::vector<std::string>{});
}

TEST(ScenarioDiscovery, TakesJsonFilesButTheSchemaAndLeavesExcludedFoldersOut) {
  test::TempDir dir("ifa026-discovery");
  for (const char* folder : {"a/deeper", "scale", "b/scale", "new"})
    fs::create_directories(dir / folder);
  for (const char* file : {"schema.json", "top.json", "a/x.json", "a/deeper/y.json", "a/notes.txt",
                           "scale/big.json", "b/scale/c.json", "b/z.json", "new/n.json"})
    test::write_file(dir / file, "{}");

  const auto found = discover_scenario_files(dir.path().string());
  EXPECT_EQ(relative(found.files, dir.path()),
            (std::vector<std::string>{"a/deeper/y.json", "a/x.json", "b/z.json", "new/n.json",
                                      "top.json"}));
  EXPECT_EQ(relative(found.excluded_folders, dir.path()),
            (std::vector<std::string>{"b/scale", "scale"}));

  const auto all = discover_scenario_files(dir.path().string(), FolderExclusions::ignore);
  EXPECT_EQ(all.files.size(), 7u);
  EXPECT_TRUE(all.excluded_folders.empty());

  // Named itself, an excluded folder is searched.
  const auto named = discover_scenario_files((dir / "scale").string());
  EXPECT_EQ(relative(named.files, dir.path()), std::vector<std::string>{"scale/big.json"});

  EXPECT_TRUE(discover_scenario_files((dir / "missing").string()).files.empty());
  EXPECT_FALSE(exclusion_reason("scale").empty());
  EXPECT_TRUE(exclusion_reason("annex-c").empty());
}

}  // namespace
}  // namespace ifa026::sim
