// Tests for OutputFolder: names stay inside the output folder, whatever the input says.
#include "reports/output_folder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/test_support.hpp"

namespace ifa026::reports {
namespace {

namespace fs = std::filesystem;

TEST(OutputFolder, JoinsSafeNamesAndCreatesTheirFolders) {
  const fs::path dir = test::fresh_temp_dir("ifa026-output-folder");
  const OutputFolder folder((dir / "out").string());
  EXPECT_TRUE(fs::is_directory(dir / "out"));
  const std::string path = folder.path("traces/smoke-echo.v2_x.jsonl");
  EXPECT_EQ(fs::path(path), dir / "out" / "traces" / "smoke-echo.v2_x.jsonl");
  EXPECT_TRUE(fs::is_directory(dir / "out" / "traces"));
  fs::remove_all(dir);
}

TEST(OutputFolder, RefusesNamesThatLeaveTheFolder) {
  const fs::path dir = test::fresh_temp_dir("ifa026-output-folder-bad");
  const OutputFolder folder((dir / "out").string());
  for (const char* bad : {"", "/etc/passwd", "..", "../x", "traces/../../x", "a/./b", "a//b", "a/",
                          "traces/..", "./x"})
    EXPECT_THROW(folder.path(bad), UnsafeOutputPath) << bad;
  EXPECT_THROW(folder.path(std::string("a\0b", 3)), UnsafeOutputPath);
  EXPECT_FALSE(fs::exists(dir / "x"));
  fs::remove_all(dir);
}

TEST(OutputFolder, RefusesASymbolicLinkOutOfTheFolder) {
  const fs::path dir = test::fresh_temp_dir("ifa026-output-folder-link");
  fs::create_directories(dir / "elsewhere");
  const OutputFolder folder((dir / "out").string());
  fs::create_directory_symlink(dir / "elsewhere", dir / "out" / "traces");
  EXPECT_THROW(folder.path("traces/x.jsonl"), UnsafeOutputPath);
  // A link that stays inside is fine.
  fs::create_directories(dir / "out" / "real");
  fs::create_directory_symlink(dir / "out" / "real", dir / "out" / "inside");
  EXPECT_NO_THROW(folder.path("inside/x.jsonl"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ifa026::reports
