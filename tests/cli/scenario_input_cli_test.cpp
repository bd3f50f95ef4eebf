// Scenario input a new user gets wrong, through the ifa026 program: scenario names that are not
// safe file names (they name the trace files), the same name twice in one run, and folders
// without scenarios. Each is bad input (exit 2) with a located message, and nothing is written
// outside the output folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/cli/cli_program.hpp"
#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;

using ifa026::test::ifa026;

// A minimal valid scenario named `name` (the name is on line 2, its value at column 11).
void write_scenario(const fs::path& file, const std::string& name) {
  std::ofstream(file) << "{\n  \"name\": \"" << name << "\",\n"
                      << R"(  "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
  "actors": [{"name": "a", "type": "echo"}]
}
)";
}

TEST(ScenarioInputCli, NameThatClimbsOutOfTheOutputFolderIsRefused) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-escape");
  const fs::path out = dir / "a" / "b" / "out";
  write_scenario(dir / "escape.json", "../../escaped");
  auto r = ifa026("conform --out " + out.string() + " " + (dir / "escape.json").string());
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find((dir / "escape.json").string() +
                       ":2:11: error: \"../../escaped\" does not match the pattern"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(at /name)"), std::string::npos) << r.out;
  // Where out/traces/../../escaped.jsonl would have gone, and anywhere else under dir.
  EXPECT_FALSE(fs::exists(dir / "a" / "b" / "escaped.jsonl"));
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().find("escaped"), std::string::npos) << entry.path();
  fs::remove_all(dir);
}

TEST(ScenarioInputCli, NameWithSlashAndSpaceIsBadInputNotAHarnessError) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-slash");
  write_scenario(dir / "slash.json", "a/b c");
  auto validate = ifa026("validate " + (dir / "slash.json").string());
  EXPECT_EQ(validate.code, 2) << validate.out;
  EXPECT_NE(validate.out.find((dir / "slash.json").string() + ":2:11: error: \"a/b c\""),
            std::string::npos)
      << validate.out;
  auto run = ifa026("run " + (dir / "slash.json").string() + " --out " + (dir / "out").string());
  EXPECT_EQ(run.code, 2) << run.out;
  auto conform =
      ifa026("conform --out " + (dir / "out").string() + " " + (dir / "slash.json").string());
  EXPECT_EQ(conform.code, 2) << conform.out;
  // Too long, or hidden (leading dot): also refused.
  write_scenario(dir / "long.json", std::string(65, 'x'));
  write_scenario(dir / "dot.json", ".hidden");
  auto more =
      ifa026("validate " + (dir / "long.json").string() + " " + (dir / "dot.json").string());
  EXPECT_EQ(more.code, 2) << more.out;
  EXPECT_NE(more.out.find("long.json:2:11: error: must be at most 64 characters long, found 65"),
            std::string::npos)
      << more.out;
  EXPECT_NE(more.out.find("dot.json:2:11: error: \".hidden\" does not match"), std::string::npos)
      << more.out;
  fs::remove_all(dir);
}

TEST(ScenarioInputCli, RunDefaultOutputFolderIsNamedAfterTheScenario) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-run-default");
  write_scenario(dir / "ok.json", "input-test.run_1");
  const std::string cmd = "cd '" + dir.string() + "' && '" + IFA026_BINARY + "' run ok.json 2>&1";
  auto r = ifa026::test::run_command(cmd, "");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "run" / "input-test.run_1" / "trace.jsonl"));
  fs::remove_all(dir);
}

// With --out, run writes there and nowhere else: no default out/run folder appears beside it.
TEST(ScenarioInputCli, RunWithAnOutputFolderCreatesNoDefaultFolder) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-run-out");
  write_scenario(dir / "ok.json", "input-test-out");
  const std::string cmd =
      "cd '" + dir.string() + "' && '" + IFA026_BINARY + "' run ok.json --out mine 2>&1";
  auto r = ifa026::test::run_command(cmd, "");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "mine" / "trace.jsonl"));
  EXPECT_FALSE(fs::exists(dir / "out")) << "run --out mine also created out/";
  fs::remove_all(dir);
}

TEST(ScenarioInputCli, DuplicateScenarioNamesInOneRunAreLocatedErrors) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-duplicate");
  write_scenario(dir / "one.json", "same");
  write_scenario(dir / "two.json", "same");
  auto validate = ifa026("validate " + dir.string());
  EXPECT_EQ(validate.code, 2) << validate.out;
  EXPECT_NE(validate.out.find((dir / "two.json").string() +
                              ":2:11: error: duplicate scenario name \"same\" (first in " +
                              (dir / "one.json").string() + ")"),
            std::string::npos)
      << validate.out;
  auto conform = ifa026("conform --out " + (dir / "out").string() + " " + dir.string());
  EXPECT_EQ(conform.code, 2) << conform.out;
  EXPECT_NE(conform.out.find("duplicate scenario name"), std::string::npos) << conform.out;
  EXPECT_FALSE(fs::exists(dir / "out" / "traces"));
  fs::remove_all(dir);
}

TEST(ScenarioInputCli, FolderWithoutScenariosIsAnError) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-empty");
  fs::create_directories(dir / "empty");
  std::ofstream(dir / "empty" / "notes.txt") << "not a scenario\n";
  auto validate = ifa026("validate " + (dir / "empty").string());
  EXPECT_EQ(validate.code, 2) << validate.out;
  EXPECT_NE(validate.out.find((dir / "empty").string() + ": error: no scenario files"),
            std::string::npos)
      << validate.out;
  // Also next to a valid file: the empty folder is still reported.
  write_scenario(dir / "ok.json", "ok");
  auto both = ifa026("validate " + (dir / "ok.json").string() + " " + (dir / "empty").string());
  EXPECT_EQ(both.code, 2) << both.out;
  auto conform = ifa026("conform --out " + (dir / "out").string() + " " +
                        (dir / "ok.json").string() + " " + (dir / "empty").string());
  EXPECT_EQ(conform.code, 2) << conform.out;
  fs::remove_all(dir);
}

TEST(ScenarioInputCli, ValidateChecksWorkloadCommandsArgumentsAndVnfdNames) {
  const fs::path dir = ifa026::test::fresh_temp_dir("ifa026-cli-commands");
  std::string text = ifa026::test::read_file(fs::path(IFA026_SOURCE_DIR) / "scenarios" / "annex-c" /
                                             "C.2.1.1.json");
  auto swap = [&text](const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
  };
  swap(R"("command": "register")", R"("command": "registr")");
  swap(R"("vnfd": "vnfd-fw")", R"("vnfd": "vnfd-wf")");
  swap(R"("vnf": "vnf-1")", R"("vfn": "vnf-1")");
  std::ofstream(dir / "typos.json") << text;
  auto r = ifa026("validate " + (dir / "typos.json").string());
  EXPECT_EQ(r.code, 2) << r.out;
  const std::string file = (dir / "typos.json").string();
  EXPECT_NE(r.out.find(file + ":121:18: error: actor \"oss-1\" (oss) has no command \"registr\" "
                              "(did you mean \"register\"?)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(file + ":132:17: error: vnfd: \"vnfd-wf\" is not in the vnfds of actor "
                              "\"vnfm-1\" (did you mean \"vnfd-fw\"?)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(file + ":131:9: error: unknown argument \"vfn\" for instantiate (did you "
                              "mean \"vnf\"?)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("instantiate needs argument \"vnf\""), std::string::npos) << r.out;
  fs::remove_all(dir);
}

}  // namespace
