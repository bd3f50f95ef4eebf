// `ifa026 conform --ics FILE` as a user runs it: requirements outside the declared options are
// not evaluated and are reported not-applicable with the option named; a bad ICS file, or a bad
// "expect" in a scenario, exits 2 with FILE:LINE:COLUMN.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_program.hpp"
#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using ifa026::test::ifa026;

const json* requirement(const json& summary, const std::string& id) {
  for (const auto& e : summary["requirements"])
    if (e["id"] == id) return &e;
  return nullptr;
}

TEST(ConformIcs, TheDefaultIcsMarksWhatTheSuiteDoesNotCoverNotApplicable) {
  ifa026::test::TempDir dir("ifa026-cli-ics");
  auto r = ifa026("conform --ics conformance/ics/default.json --out " + dir.path().string() +
                  " scenarios/annex-c/C.4.1.2.6.json");
  // One scenario alone: a requirement with suite parts it does not show (the NFVO's renewal,
  // removal, ...) stays inconc, and only such a one (docs/conformance.md, suite parts).
  ASSERT_LE(r.code, 1) << r.out;
  auto summary = json::parse(ifa026::test::read_file(dir / "summary.json"));
  for (const auto& e : summary["requirements"])
    if (e["verdict"] != "pass" && e["verdict"] != "none" && e["verdict"] != "not-applicable" &&
        e["verdict"] != "not-testable") {
      EXPECT_EQ(e["verdict"], "inconc") << e["id"];
      EXPECT_EQ(e["reason"].get<std::string>().rfind("(suite): ", 0), 0u) << e["reason"];
    }
  const auto* flow = requirement(summary, "C.4.1.2.6");
  ASSERT_NE(flow, nullptr);
  EXPECT_EQ((*flow)["verdict"], "pass");
  // The built-in actors model every option (the VIM gathering the credentials of virtualised
  // resources was the last, issue 17): the default ICS makes nothing not applicable.
  const auto* resources = requirement(summary, "Vim.Vrm.010");
  ASSERT_NE(resources, nullptr);
  EXPECT_EQ((*resources)["verdict"], "none") << (*resources)["reason"];
  for (const auto& e : summary["requirements"])
    EXPECT_NE(e["verdict"], "not-applicable") << e["id"] << ": " << e["reason"];
}

TEST(ConformIcs, ARequirementOutsideTheIcsIsNotEvaluated) {
  ifa026::test::TempDir dir("ifa026-cli-ics-nohsm");
  ifa026::test::write_file(dir / "no-hsm.json",
                           R"({"options": {"mano-certificates": true, "key-attestation": true}})");
  auto r = ifa026("conform --ics " + (dir / "no-hsm.json").string() + " --out " +
                  (dir / "out").string() + " scenarios/annex-c/C.4.1.2.7.json");
  ASSERT_EQ(r.code, 0) << r.out;
  auto summary = json::parse(ifa026::test::read_file(dir / "out" / "summary.json"));
  EXPECT_EQ((*requirement(summary, "C.4.1.2.7"))["verdict"], "not-applicable");
  EXPECT_EQ((*requirement(summary, "Cmf.CertLcm.009"))["verdict"], "pass");
  const auto results = ifa026::test::read_file(dir / "out" / "results.jsonl");
  EXPECT_EQ(results.find("\"C.4.1.2.7\""), std::string::npos) << results;
  EXPECT_NE(results.find("\"Cmf.CertLcm.009\""), std::string::npos);
}

TEST(ConformIcs, ABadIcsFileExitsTwoWithItsPosition) {
  ifa026::test::TempDir dir("ifa026-cli-ics-bad");
  ifa026::test::write_file(dir / "bad.json", "{\n  \"options\": {\n    \"hsn\": true\n  }\n}\n");
  auto r = ifa026("conform --ics " + (dir / "bad.json").string() + " --out " +
                  (dir / "out").string() + " scenarios/annex-c/C.4.1.2.6.json");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find((dir / "bad.json").string() +
                       ":3:5: error: unknown option \"hsn\" (did you mean \"hsm\"?)"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir / "out" / "summary.json"));

  ifa026::test::write_file(dir / "syntax.json", "{\"options\": {\"hsm\": yes}}");
  auto s = ifa026("conform --ics " + (dir / "syntax.json").string() + " --out " +
                  (dir / "out").string() + " scenarios/annex-c/C.4.1.2.6.json");
  EXPECT_EQ(s.code, 2);
  EXPECT_NE(s.out.find((dir / "syntax.json").string() + ":1:"), std::string::npos) << s.out;
  EXPECT_EQ(ifa026("conform --ics").code, 2);
}

TEST(ConformIcs, ABadExpectInAScenarioExitsTwoWithItsPosition) {
  ifa026::test::TempDir dir("ifa026-cli-expect");
  ifa026::test::write_file(
      dir / "s.json",
      "{\"name\": \"x\", \"epoch\": \"2026-01-01T00:00:00Z\", \"seed\": 1, \"duration\": \"1s\",\n"
      " \"actors\": [{\"name\": \"a\", \"type\": \"echo\"}],\n"
      " \"expect\": {\"certified\": [\"b\"]}}\n");
  auto r = ifa026("conform --out " + (dir / "out").string() + " " + (dir / "s.json").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find((dir / "s.json").string() + ":3:27: error: unknown actor \"b\""),
            std::string::npos)
      << r.out;
}

}  // namespace
