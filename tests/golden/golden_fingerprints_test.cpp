// Golden regression, as ns-3's example traces and SimGrid's tesh files: every scenario the
// conformance suite runs (the one discovery rule, sim::discover_scenario_files, without scale/
// folders) is run under every scheduler and its trace fingerprint compared with the value stored in
// tests/golden/fingerprints.json. One test per scenario, so ctest spreads them over the cores.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "cli/scenario_files.hpp"
#include "reports/golden_fingerprints.hpp"
#include "sim/scheduler.hpp"
#include "tests/support/test_support.hpp"

namespace ifa026::reports {
namespace {

const std::string kScenarios = std::string(IFA026_SOURCE_DIR) + "/scenarios";
const std::string kGoldenFile = std::string(IFA026_SOURCE_DIR) + "/tests/golden/fingerprints.json";

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = actors::builtin_registry();
  return r;
}

const GoldenFingerprints& golden() {
  static const GoldenFingerprints g = read_golden_fingerprints(kGoldenFile);
  return g;
}

// The conformance suite's scenarios (what `ifa026 conform` runs by default).
std::vector<std::string> suite_files() {
  return sim::discover_scenario_files(kScenarios).files;
}

class GoldenFingerprint : public ::testing::TestWithParam<std::string> {};

// One test per scenario (ctest runs them side by side), each run under every scheduler, and
// on three threads (Simulation::set_threads: the parallel run must give the sequential trace).
TEST_P(GoldenFingerprint, IsTheStoredValueUnderEveryScheduler) {
  const std::string& file = GetParam();
  const auto scenario = cli::load_and_report(file, registry());
  ASSERT_TRUE(scenario.has_value()) << file << " does not load (diagnostics on stderr)";
  for (auto scheduler : sim::scheduler_kinds()) {
    const auto observed = run_fingerprint(*scenario, scheduler, registry());
    const std::string why = compare_with_golden(golden(), golden_key(file, kScenarios),
                                                scenario->seed, scheduler, observed);
    EXPECT_TRUE(why.empty()) << why;
  }
  const auto threaded = run_fingerprint(*scenario, "calendar", registry(), 3);
  const std::string why = compare_with_golden(golden(), golden_key(file, kScenarios),
                                              scenario->seed, "calendar on 3 threads", threaded);
  EXPECT_TRUE(why.empty()) << why;
}

INSTANTIATE_TEST_SUITE_P(Shipped, GoldenFingerprint, ::testing::ValuesIn(suite_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = golden_key(info.param, kScenarios);
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// The discovery finds the shipped folders (so an empty list cannot pass silently) and leaves the
// scale runs out, as the conformance suite does.
TEST(GoldenFile, CoversTheConformanceSuiteWithoutTheScaleRuns) {
  std::set<std::string> folders;
  for (const auto& file : suite_files()) {
    const std::string key = golden_key(file, kScenarios);
    folders.insert(key.substr(0, key.find('/')));
  }
  EXPECT_EQ(folders, (std::set<std::string>{"annex-c", "lifecycle", "negative", "security-manager",
                                            "security-monitoring", "smoke", "trust-domains"}));
  EXPECT_EQ(sim::scheduler_kinds().size(), 3u);
  for (auto kind : sim::scheduler_kinds()) {
    auto scheduler = sim::make_scheduler(kind);
    ASSERT_NE(scheduler, nullptr) << kind;
    EXPECT_EQ(scheduler->name(), kind);
  }
}

// Checked at run time, not when ctest listed the tests: a scenario added since the last build
// (ctest's list is made then) still fails here until its value is stored.
TEST(GoldenFile, HasAValueForEveryScenarioOfTheSuite) {
  for (const auto& file : suite_files()) {
    const auto scenario = cli::load_and_report(file, registry());
    ASSERT_TRUE(scenario.has_value()) << file << " does not load (diagnostics on stderr)";
    const auto key = golden_key(file, kScenarios);
    auto stored = golden().find(key);
    EXPECT_TRUE(stored != golden().end() && stored->second.contains(scenario->seed))
        << key << " (seed " << scenario->seed << ") has no stored fingerprint in " << kGoldenFile
        << "; " << kGoldenRegenerate;
  }
}

// A stored value whose scenario is no longer run is stale: the file is regenerated with the set.
TEST(GoldenFile, StoresNoScenarioTheSuiteDoesNotRun) {
  std::set<std::string> shipped;
  for (const auto& file : suite_files()) shipped.insert(golden_key(file, kScenarios));
  for (const auto& [key, seeds] : golden())
    EXPECT_TRUE(shipped.contains(key)) << key << " is stored in " << kGoldenFile
                                       << " but is not a shipped scenario; " << kGoldenRegenerate;
}

// The comparison itself: equal values pass; another fingerprint, another count, a missing seed or
// file each give a message naming both values and how to regenerate.
TEST(GoldenFile, ComparisonNamesWhatMovedAndHowToRegenerate) {
  const GoldenFingerprints stored = {{"annex-c/x.json", {{7, {"00112233aabbccdd", 10, 20}}}}};
  EXPECT_EQ(compare_with_golden(stored, "annex-c/x.json", 7, "heap", {"00112233aabbccdd", 10, 20}),
            "");
  const auto moved =
      compare_with_golden(stored, "annex-c/x.json", 7, "heap", {"ffffffffffffffff", 10, 20});
  EXPECT_NE(moved.find("annex-c/x.json (seed 7, scheduler heap)"), std::string::npos) << moved;
  EXPECT_NE(moved.find("ffffffffffffffff (10 events, 20 trace records)"), std::string::npos);
  EXPECT_NE(moved.find("stored value is 00112233aabbccdd"), std::string::npos) << moved;
  EXPECT_NE(moved.find("make golden"), std::string::npos) << moved;
  EXPECT_NE(compare_with_golden(stored, "annex-c/x.json", 7, "map", {"00112233aabbccdd", 11, 20}),
            "");
  for (const auto& missing :
       {compare_with_golden(stored, "annex-c/x.json", 8, "map", {"00112233aabbccdd", 10, 20}),
        compare_with_golden(stored, "annex-c/y.json", 7, "map", {"00112233aabbccdd", 10, 20})}) {
    EXPECT_NE(missing.find("has no stored fingerprint"), std::string::npos) << missing;
    EXPECT_NE(missing.find("fingerprints --write tests/golden/fingerprints.json"),
              std::string::npos)
        << missing;
  }
}

// The file reads back what was written, and a malformed entry is named by its JSON pointer.
TEST(GoldenFile, RoundTripsAndNamesAMalformedEntry) {
  test::TempDir dir("golden");
  const GoldenFingerprints values = {
      {"annex-c/a.json", {{1, {"0123456789abcdef", 5, 9}}, {42, {"fedcba9876543210", 6, 10}}}},
      {"smoke/b~c.json", {{0, {"0000000000000001", 1, 2}}}}};
  const auto path = (dir / "fingerprints.json").string();
  write_golden_fingerprints(path, values);
  EXPECT_EQ(read_golden_fingerprints(path), values);

  const auto bad = (dir / "bad.json").string();
  test::write_file(bad, R"({"scenarios": {"smoke/b~c.json": {"1": {"fingerprint": "ab"}}}})");
  try {
    read_golden_fingerprints(bad);
    ADD_FAILURE() << "a run without counts was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/scenarios/smoke~1b~0c.json/1"), std::string::npos)
        << e.what();
  }
}

// `ifa026 fingerprints --write` with a named scenario stores its value, the one the golden file
// holds, and keeps the file's other entries; a bad scheduler is a usage error.
TEST(FingerprintsCommand, WritesTheNamedScenarioAndKeepsTheOtherEntries) {
  test::TempDir dir("golden-cli");
  const auto path = (dir / "fingerprints.json").string();
  write_golden_fingerprints(path, {{"elsewhere/kept.json", {{3, {"0123456789abcdef", 1, 2}}}}});
  const std::string file = kScenarios + "/smoke/echo-fault-windows.json";
  const auto r = test::run_command(std::string(IFA026_BINARY) + " fingerprints --write '" + path +
                                   "' '" + file + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1 scenarios under calendar, heap, map: 1 agree"), std::string::npos)
      << r.output;
  const auto written = read_golden_fingerprints(path);
  ASSERT_TRUE(written.contains("elsewhere/kept.json"));
  ASSERT_TRUE(written.contains("smoke/echo-fault-windows.json")) << test::read_file(path);
  EXPECT_EQ(written.at("smoke/echo-fault-windows.json"),
            golden().at("smoke/echo-fault-windows.json"));

  const auto bad = test::run_command(std::string(IFA026_BINARY) + " fingerprints --scheduler fifo");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--scheduler expects calendar, heap or map"), std::string::npos)
      << bad.output;
}

}  // namespace
}  // namespace ifa026::reports
