// `--external` of `ifa026 run` and `ifa026 conform` (docs/adapter-protocol.md): the actor it names
// is played by the command given, the run's records say so, and a malformed option or one that
// matches no actor is a usage error.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_program.hpp"

namespace ifa026::test {
namespace {

TEST(CliExternal, RunWithTheCmfOutsideGivesTheSameFingerprintAndRecordsTheCommand) {
  TempDir inside("ext-in");
  TempDir outside("ext-out");
  auto r = ifa026("run scenarios/annex-c/C.4.2.1.json --out '" + inside.path().string() + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  r = ifa026("run scenarios/annex-c/C.4.2.1.json --out '" + outside.path().string() +
             "' --external 'cmf-1=ifa026 actor serve cmf'");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto in = nlohmann::json::parse(read_file(inside.path() / "manifest.json"));
  const auto out = nlohmann::json::parse(read_file(outside.path() / "manifest.json"));
  EXPECT_EQ(out["trace_fingerprint"], in["trace_fingerprint"]);
  EXPECT_FALSE(in.contains("external_actors"));
  EXPECT_EQ(out["external_actors"]["cmf-1"], "ifa026 actor serve cmf");
}

TEST(CliExternal, ConformRecordsExternalActorsPerScenarioAndJudgesABrokenOneError) {
  TempDir dir("ext-conform");
  const auto r = ifa026("conform --out '" + dir.path().string() +
                        "' --external type:cmf=false --external-timeout 2s "
                        "scenarios/annex-c/C.4.1.1.json");
  EXPECT_EQ(r.code, 3) << r.out;  // some verdict error
  const auto summary = nlohmann::json::parse(read_file(dir.path() / "summary.json"));
  ASSERT_EQ(summary["scenarios"].size(), 1u);
  EXPECT_EQ(summary["scenarios"][0]["external_actors"]["cmf-1"], "false");
  EXPECT_GT(summary["counts"]["error"].get<int>(), 0);
}

TEST(CliExternal, BadOptionsAreUsageErrors) {
  auto r = ifa026("run scenarios/annex-c/C.4.1.1.json --external nobody=cat");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("--external: no actor named nobody in the scenarios given"),
            std::string::npos)
      << r.out;
  r = ifa026("conform --external cmf-1 scenarios/annex-c/C.4.1.1.json");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("expected ACTOR=COMMAND or type:TYPE=COMMAND"), std::string::npos) << r.out;
  r = ifa026(
      "conform --external type:cmf=cat --external-timeout soon scenarios/annex-c/C.4.1.1.json");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("--external-timeout: expected a positive duration"), std::string::npos)
      << r.out;
}

TEST(CliExternal, ActorServeRefusesAnUnknownTypeAndABadFirstLine) {
  auto r = ifa026("actor serve no-such-type");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown actor type 'no-such-type'"), std::string::npos) << r.out;
  const CommandResult c = run_command(
      std::string("echo 'not json' | '") + IFA026_BINARY + "' actor serve cmf 2>/dev/null", "");
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.output.find("\"type\":\"error\""), std::string::npos) << c.output;
}

}  // namespace
}  // namespace ifa026::test
