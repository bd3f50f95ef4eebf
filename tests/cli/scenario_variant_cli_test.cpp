// Scenario variants and the discovery rule through the ifa026 program: a variant's bad value is
// reported at its line in the variant (exit 2) by validate, run and conform; `validate --expand`
// prints the expanded scenario, a shipped one too; conform notes each folder it leaves out.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_program.hpp"
#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;

using ifa026::test::ifa026;

constexpr const char* kBase = R"({
  "name": "base",
  "epoch": "2026-01-01T00:00:00Z", "seed": 1, "duration": "1s",
  "actors": [{"name": "a", "type": "echo"}, {"name": "b", "type": "echo"}],
  "workload": [{"at": "0s", "actor": "a", "command": "ping", "args": {"to": "b"}}]
}
)";

TEST(ScenarioVariantCli, BadPatchValueIsReportedInTheVariantByEveryCommand) {
  ifa026::test::TempDir dir("ifa026-cli-variant");
  fs::create_directories(dir / "variants");
  ifa026::test::write_file(dir / "base.json", kBase);
  const fs::path variant = dir / "variants" / "bad.json";
  ifa026::test::write_file(variant, R"({
  "base": "../base.json",
  "patch": {"name": "bad",
    "actors": {"b": {"params": {"reply": 3}}}}
})");
  const std::string where = variant.string() + ":4:42: error: reply: expected true or false";
  for (const std::string& command :
       {"validate " + variant.string(),
        "run " + variant.string() + " --out " + (dir / "o1").string(),
        "conform --out " + (dir / "o2").string() + " " + variant.string()}) {
    auto r = ifa026(command);
    EXPECT_EQ(r.code, 2) << command << "\n" << r.out;
    EXPECT_NE(r.out.find(where), std::string::npos) << command << "\n" << r.out;
    EXPECT_NE(r.out.find("(at /patch/actors/b/params/reply)"), std::string::npos) << r.out;
  }
  // A missing base: located at "base" in the variant.
  ifa026::test::write_file(dir / "variants" / "lost.json",
                           "{\"patch\": {}, \"base\": \"../nowhere.json\"}");
  auto lost = ifa026("validate " + (dir / "variants" / "lost.json").string());
  EXPECT_EQ(lost.code, 2) << lost.out;
  EXPECT_NE(lost.out.find("lost.json:1:23: error: cannot read the base file"), std::string::npos)
      << lost.out;
}

TEST(ScenarioVariantCli, ValidateExpandPrintsTheExpandedScenario) {
  ifa026::test::TempDir dir("ifa026-cli-expand");
  ifa026::test::write_file(dir / "base.json", kBase);
  ifa026::test::write_file(
      dir / "v.json",
      R"({"base": "base.json", "patch": {"name": "v", "actors": {"b": {"trust_domain": "td"}}}})");
  auto r = ifa026("validate --expand " + (dir / "v.json").string(), /*with_stderr=*/false);
  ASSERT_EQ(r.code, 0) << r.out;
  auto expected = nlohmann::json::parse(kBase);
  expected["name"] = "v";
  expected["actors"][1]["trust_domain"] = "td";
  EXPECT_EQ(nlohmann::json::parse(r.out), expected) << r.out;
  EXPECT_EQ(
      ifa026("validate --expand " + (dir / "v.json").string() + " " + (dir / "base.json").string())
          .code,
      2);
}

// A shipped variant is its base (C.2.1.1) with the patch: the actors, their VNFDs and the workload
// of the base, one VNFCI parameter and the expectation changed. (That it keeps its verdicts is
// ShippedScenario's part, in tests/actors/flows.)
TEST(ScenarioVariantCli, AShippedVariantIsItsBaseWithThePatch) {
  auto r = ifa026("validate --expand scenarios/negative/direct-wrong-initial-credential.json",
                  /*with_stderr=*/false);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto expanded = nlohmann::json::parse(r.out);
  const auto base = nlohmann::json::parse(ifa026::test::read_file(
      fs::path(IFA026_SOURCE_DIR) / "scenarios" / "annex-c" / "C.2.1.1.json"));
  EXPECT_EQ(expanded["name"], "negative-direct-wrong-initial-credential");
  EXPECT_EQ(expanded["actors"].size(), base["actors"].size());
  EXPECT_EQ(expanded["actors"][3]["params"]["vnfci_params"]["wrong_secret"], true);
  EXPECT_EQ(expanded["actors"][3]["params"]["vnfds"], base["actors"][3]["params"]["vnfds"]);
  EXPECT_EQ(expanded["workload"], base["workload"]);
  EXPECT_FALSE(expanded["expect"]["direct"].contains("enrolled"));
}

TEST(ScenarioVariantCli, ConformNotesEachFolderItLeavesOut) {
  ifa026::test::TempDir dir("ifa026-cli-left-out");
  fs::create_directories(dir / "suite" / "scale");
  ifa026::test::write_file(dir / "suite" / "base.json", kBase);
  ifa026::test::write_file(dir / "suite" / "scale" / "huge.json", kBase);
  auto r = ifa026("conform --out " + (dir / "out").string() + " " + (dir / "suite").string());
  EXPECT_LE(r.code, 1) << r.out;
  EXPECT_NE(r.out.find((dir / "suite" / "scale").string() + ": note: left out: scale runs"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 scenarios"), std::string::npos) << r.out;
}

}  // namespace
