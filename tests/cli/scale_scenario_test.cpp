// The scale scenario (scenarios/scale/direct-10k.json, docs/performance.md) without running it:
// it validates and has the shape the documentation states; and `ifa026 conform` leaves scale/
// folders out of the suite unless they are named.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tests/support/scenario_builder.hpp"
#include "tests/support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

ifa026::test::CommandResult ifa026_in(const std::string& env, const std::string& args) {
  return ifa026::test::run_command(std::string("cd '") + IFA026_SOURCE_DIR + "' && " + env + " '" +
                                       IFA026_BINARY + "' " + args + " </dev/null",
                                   " 2>&1");
}

const std::string kScaleFile = "scenarios/scale/direct-10k.json";

TEST(ScaleScenario, Validates) {
  auto r = ifa026_in("", "validate " + kScaleFile);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok (scale-direct-10k, 4 actors)"), std::string::npos) << r.output;
}

TEST(ScaleScenario, HasTheDocumentedShape) {
  const json s = json::parse(ifa026::test::read_file(fs::path(IFA026_SOURCE_DIR) / kScaleFile));
  EXPECT_EQ(s["duration"], "365d");
  json ca, cmf, vnfm;
  for (const auto& actor : s["actors"]) {
    if (actor["type"] == "ca") ca = actor;
    if (actor["type"] == "cmf") cmf = actor;
    if (actor["type"] == "vnfm") vnfm = actor;
  }
  ASSERT_TRUE(ca.is_object() && cmf.is_object() && vnfm.is_object());
  EXPECT_EQ(ca["params"]["validity"], "90d");
  // 90-day certificates renewed 10 days before expiry: every 80 days, four times in a year.
  EXPECT_EQ(cmf["params"]["direct_mode"]["renew_before"], "10d");
  const json& vnfd = vnfm["params"]["vnfds"]["vnfd-fw"]["vnfcs"]["fw-ctl"];
  EXPECT_EQ(vnfd["identities"].size(), 2u);

  long long vnfcis = 0;
  std::set<std::string> instantiated, terminated;
  for (const auto& command : s["workload"]) {
    if (command["command"] == "instantiate") {
      EXPECT_TRUE(instantiated.insert(command["args"]["vnf"].get<std::string>()).second);
      vnfcis += command["args"]["vnfcs"]["fw-ctl"].get<long long>();
    } else if (command["command"] == "terminate") {
      const auto vnf = command["args"]["vnf"].get<std::string>();
      EXPECT_TRUE(instantiated.count(vnf)) << vnf << " is terminated before it is instantiated";
      terminated.insert(vnf);
    }
  }
  EXPECT_EQ(vnfcis, 10000);
  EXPECT_EQ(instantiated.size(), 200u);
  EXPECT_EQ(terminated.size(), 10u);  // 5 % of the VNFs
}

// A folder with one small scenario and a scale/ folder holding a broken one: the suite skips the
// broken file (it would make conform exit 2 otherwise) unless the scale folder is named.
TEST(ScaleScenario, ConformSkipsScaleFoldersUnlessNamed) {
  ifa026::test::TempDir dir("ifa026-cli-scale");
  fs::create_directories(dir / "scenarios" / "scale");
  fs::copy_file(fs::path(IFA026_SOURCE_DIR) / "scenarios/schema.json",
                dir / "scenarios" / "schema.json");
  ifa026::test::ScenarioBuilder("ping")
      .duration("1s")
      .actor("a", "echo")
      .actor("b", "echo")
      .command("0s", "a", "ping", {{"to", "b"}})
      .write(dir / "scenarios" / "ping.json");
  std::ofstream(dir / "scenarios" / "scale" / "broken.json") << "{ not json";
  const std::string scenarios = (dir / "scenarios").string();

  // The shipped suite (here $IFA026_SCENARIOS) and a folder given on the command line.
  auto suite = ifa026_in("IFA026_SCENARIOS='" + scenarios + "'",
                         "conform --out '" + (dir / "out1").string() + "'");
  EXPECT_NE(suite.exit_code, 2) << suite.output;
  EXPECT_NE(suite.output.find("1 scenarios"), std::string::npos) << suite.output;
  auto folder =
      ifa026_in("", "conform --out '" + (dir / "out2").string() + "' '" + scenarios + "'");
  EXPECT_NE(folder.exit_code, 2) << folder.output;
  EXPECT_NE(folder.output.find("1 scenarios"), std::string::npos) << folder.output;

  // Named, the scale folder is run (and its broken file is reported).
  auto named =
      ifa026_in("", "conform --out '" + (dir / "out3").string() + "' '" + scenarios + "/scale'");
  EXPECT_EQ(named.exit_code, 2) << named.output;
  EXPECT_NE(named.output.find("broken.json"), std::string::npos) << named.output;
}

}  // namespace
