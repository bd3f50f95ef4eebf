// The ifa026 program as a user runs it: help, version, exit codes, outputs of run and conform.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/cli/cli_program.hpp"
#include "tests/support/scenario_builder.hpp"
#include "tests/support/test_support.hpp"

namespace cli_test {
namespace {

namespace fs = std::filesystem;

using ifa026::test::ifa026;

fs::path temp_dir(const std::string& name) {
  return ifa026::test::fresh_temp_dir("ifa026-cli-" + name);
}

std::string read(const fs::path& p) {
  return ifa026::test::read_file(p);
}

TEST(Cli, HelpAndVersion) {
  auto help = ifa026("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("conform"), std::string::npos);
  auto version = ifa026("--version");
  EXPECT_EQ(version.code, 0);
  EXPECT_NE(version.out.find("commit"), std::string::npos);
  for (const char* command : {"validate", "run", "list", "conform"}) {
    auto r = ifa026(std::string(command) + " --help");
    EXPECT_EQ(r.code, 0) << command;
    EXPECT_NE(r.out.find("Usage: ifa026 " + std::string(command)), std::string::npos) << command;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(ifa026("").code, 2);
  EXPECT_EQ(ifa026("frobnicate").code, 2);
  EXPECT_EQ(ifa026("run --bogus x").code, 2);
  EXPECT_EQ(ifa026("run").code, 2);
  EXPECT_EQ(ifa026("list things").code, 2);
  EXPECT_EQ(ifa026("run scenarios/smoke/echo-lossy-link.json --until 10parsecs").code, 2);
  EXPECT_EQ(ifa026("run scenarios/smoke/echo-lossy-link.json --seed -3").code, 2);
}

TEST(Cli, ValidateAcceptsTheShippedScenarios) {
  auto r = ifa026("validate scenarios");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("echo-lossy-link.json: ok"), std::string::npos);
}

TEST(Cli, ValidateReportsFileLineColumnAndExitsTwo) {
  auto dir = temp_dir("validate");
  std::ofstream(dir / "bad.json") << "{\n  \"name\": \"x\",\n  \"sede\": 1\n}\n";
  std::ofstream(dir / "empty.json") << "";
  auto r = ifa026("validate " + (dir / "bad.json").string() + " " + (dir / "empty.json").string() +
                  " /nonexistent.json");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find((dir / "bad.json").string() +
                       ":3:3: error: unknown key \"sede\" (did you mean \"seed\"?)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find((dir / "empty.json").string() + ":1:1: error:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/nonexistent.json: error: cannot read"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 of 3 file(s) invalid"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(Cli, RunWritesTraceAndManifest) {
  auto dir = temp_dir("run");
  auto r =
      ifa026("run scenarios/smoke/echo-lossy-link.json --seed 9 --until 20s --out " + dir.string());
  ASSERT_EQ(r.code, 0) << r.out;
  auto manifest = nlohmann::json::parse(read(dir / "manifest.json"));
  EXPECT_EQ(manifest["seed"], 9);
  EXPECT_EQ(manifest["simulated_end"]["duration"], "20s");
  EXPECT_GT(manifest["events_processed"].get<int>(), 0);
  EXPECT_EQ(manifest["trace_fingerprint"].get<std::string>().size(), 16u);
  EXPECT_TRUE(manifest["scenario"]["hash"].get<std::string>().starts_with("fnv1a64:"));
  EXPECT_NE(manifest["tool_version"].get<std::string>().find("commit"), std::string::npos);
  // Peak memory in bytes (not KiB), and shown on the command's last line.
  EXPECT_GT(manifest["peak_rss_bytes"].get<std::uint64_t>(), std::uint64_t{1} << 20);
  const std::string last_line = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  EXPECT_TRUE(last_line.starts_with("wall ")) << r.out;
  EXPECT_NE(last_line.find(" s, peak memory "), std::string::npos) << r.out;
  std::ifstream trace(dir / "trace.jsonl");
  std::string line;
  std::uint64_t lines = 0;
  while (std::getline(trace, line)) {
    EXPECT_FALSE(nlohmann::json::parse(line).is_discarded());
    ++lines;
  }
  EXPECT_EQ(lines, manifest["trace_records"].get<std::uint64_t>());
  // No terminal: no progress line.
  EXPECT_EQ(r.out.find("events/s"), std::string::npos);
  // Same seed again: same fingerprint.
  auto again = ifa026("run scenarios/smoke/echo-lossy-link.json --seed 9 --until 20s --out " +
                      dir.string() + "/2");
  ASSERT_EQ(again.code, 0);
  auto manifest2 = nlohmann::json::parse(read(dir / "2" / "manifest.json"));
  EXPECT_EQ(manifest["trace_fingerprint"], manifest2["trace_fingerprint"]);
  fs::remove_all(dir);
}

TEST(Cli, RunOfAnInvalidScenarioExitsTwo) {
  auto dir = temp_dir("run-bad");
  std::ofstream(dir / "bad.json") << "[1, 2";
  auto r = ifa026("run " + (dir / "bad.json").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("bad.json:1:6: error:"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(Cli, ListRequirementsAsJsonIsTheCatalogue) {
  auto r = ifa026("list requirements --json");
  ASSERT_EQ(r.code, 0);
  auto all = nlohmann::json::parse(r.out);
  EXPECT_GE(all.size(), 182u + 23u);
  auto filtered =
      nlohmann::json::parse(ifa026("list requirements --json --filter cmf.certlcm").out);
  EXPECT_EQ(filtered.size(), 15u);
  for (const auto& e : filtered) EXPECT_TRUE(e["id"].get<std::string>().starts_with("Cmf.CertLcm"));
}

TEST(Cli, ListScenarios) {
  auto r = ifa026("list scenarios --json --filter lossy");
  ASSERT_EQ(r.code, 0) << r.out;
  auto list = nlohmann::json::parse(r.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["name"], "smoke-echo-lossy-link");
  auto table = ifa026("list scenarios");
  EXPECT_NE(table.out.find("smoke-echo-fault-windows"), std::string::npos);
}

TEST(Cli, ConformWritesEveryReportAndNeverPassesWithoutAnObservation) {
  auto dir = temp_dir("conform");
  auto r = ifa026("conform --out " + dir.string());
  EXPECT_EQ(r.code, 0) << r.out;  // the built-in suite: nothing fails
  for (const char* f : {"results.jsonl", "summary.json", "junit.xml", "summary.md"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  auto summary = nlohmann::json::parse(read(dir / "summary.json"));
  EXPECT_GE(summary["requirements"].size(), 205u);
  // Every pass comes from a scenario and from a check evaluation with trace evidence.
  std::map<std::string, bool> evidenced_pass;
  std::istringstream results(read(dir / "results.jsonl"));
  for (std::string line; std::getline(results, line);) {
    auto e = nlohmann::json::parse(line);
    if (e["verdict"] == "pass" && e.contains("evidence") && !e["evidence"].empty())
      evidenced_pass[e["id"].get<std::string>()] = true;
    // A design-time check (conformance/trust_model_checks.hpp; its name says so) judges the
    // scenario's trust model: its reason names graph elements, not trace records.
    if (e["verdict"] == "pass" &&
        e["check"].get<std::string>().find("design time") != std::string::npos)
      evidenced_pass[e["id"].get<std::string>()] = true;
  }
  std::size_t passes = 0;
  for (const auto& entry : summary["requirements"]) {
    if (entry["verdict"] != "pass") continue;
    ++passes;
    const auto id = entry["id"].get<std::string>();
    EXPECT_FALSE(entry["scenarios"].empty()) << id << ": a pass needs a scenario";
    EXPECT_TRUE(evidenced_pass.count(id)) << id << ": a pass needs a check and trace evidence";
  }
  EXPECT_GT(passes, 0u);
  // Flows of Annex C.4 are among them.
  for (const auto& entry : summary["requirements"]) {
    if (entry["id"] == "C.4.1.2.6") {
      EXPECT_EQ(entry["verdict"], "pass");
    }
  }
  EXPECT_TRUE(fs::exists(dir / "traces" / "smoke-echo-lossy-link.jsonl"));
  EXPECT_NE(r.out.find("none (uncovered)"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Cli, ConformOnAnInvalidScenarioExitsTwo) {
  auto dir = temp_dir("conform-bad");
  ifa026::test::ScenarioBuilder("x")
      .duration("1s")
      .actor("a", "echo")
      .covers({"C.9.9.9"})
      .write(dir / "bad.json");
  auto r = ifa026("conform --out " + (dir / "out").string() + " " + (dir / "bad.json").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("not a requirement or flow ID"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cli_test
