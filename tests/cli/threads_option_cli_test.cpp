// Tests for `--threads N` on `ifa026 run`, `conform` and `fingerprints` (issue 21;
// cli/threads_option.hpp, docs/performance.md "Parallel execution"): the parallel run gives the
// sequential fingerprint and says what the threads did (stdout and the manifest's threads
// block), a zero lookahead runs on one thread and says why, and a bad value is a usage error.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_program.hpp"

namespace ifa026::cli::threads_option_test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using test::ifa026;

json manifest_of(const fs::path& dir) {
  return json::parse(test::read_file(dir / "manifest.json"));
}

TEST(ThreadsOption, RunOnTwoThreadsGivesTheSequentialFingerprintAndSaysWhatItDid) {
  const fs::path dir = test::fresh_temp_dir("ifa026-threads-run");
  const std::string scenario = "scenarios/annex-c/C.2.1.1.json";
  auto one = ifa026("run " + scenario + " --trace none --out " + (dir / "one").string());
  ASSERT_EQ(one.code, 0) << one.out;
  auto two =
      ifa026("run " + scenario + " --trace none --threads 2 --out " + (dir / "two").string());
  ASSERT_EQ(two.code, 0) << two.out;
  EXPECT_EQ(manifest_of(dir / "one")["trace_fingerprint"],
            manifest_of(dir / "two")["trace_fingerprint"]);
  EXPECT_EQ(manifest_of(dir / "one")["events_processed"],
            manifest_of(dir / "two")["events_processed"]);
  EXPECT_FALSE(manifest_of(dir / "one").contains("threads"));
  const json threads = manifest_of(dir / "two")["threads"];
  EXPECT_EQ(threads["threads"], 2);
  EXPECT_EQ(threads["parallel"], true);
  EXPECT_GT(threads["windows"].get<std::uint64_t>(), 0u);
  EXPECT_GE(threads["serial_fraction"].get<double>(), 0.0);
  EXPECT_LE(threads["serial_fraction"].get<double>(), 1.0);
  EXPECT_NE(two.out.find("threads 2: lookahead "), std::string::npos) << two.out;
  fs::remove_all(dir);
}

TEST(ThreadsOption, AZeroLookaheadRunsOnOneThreadAndSaysWhy) {
  const fs::path dir = test::fresh_temp_dir("ifa026-threads-zero");
  const fs::path scenario = dir / "lognormal.json";
  test::write_file(scenario, R"({
    "base": ")" + std::string(IFA026_SOURCE_DIR) +
                                 R"(/scenarios/annex-c/C.2.1.1.json",
    "patch": {"name": "lognormal", "network": {"default_latency":
      {"model": "lognormal", "mean": "20ms", "stddev": "10ms", "delay": null}}}})");
  auto run = ifa026("run " + scenario.string() + " --trace none --threads 2 --out " +
                    (dir / "out").string());
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_NE(run.out.find("threads 2 asked, ran on one: the least latency of a link is zero"),
            std::string::npos)
      << run.out;
  const json threads = manifest_of(dir / "out")["threads"];
  EXPECT_EQ(threads["parallel"], false);
  EXPECT_NE(threads["sequential_because"].get<std::string>().find("zero"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ThreadsOption, BadValuesAreUsageErrors) {
  for (const char* value : {"0", "-2", "two", "1025", ""}) {
    auto bad = ifa026(std::string("run scenarios/annex-c/C.2.1.1.json --trace none --threads '") +
                      value + "' --out /tmp/ifa026-threads-bad");
    EXPECT_EQ(bad.code, 2) << value << ": " << bad.out;
    EXPECT_NE(bad.out.find("--threads expects a number of threads from 1 to 1024"),
              std::string::npos)
        << bad.out;
  }
  auto conform = ifa026("conform --threads x --out /tmp/ifa026-threads-bad");
  EXPECT_EQ(conform.code, 2) << conform.out;
}

TEST(ThreadsOption, FingerprintsChecksTheParallelRunAgainstTheSequentialOnes) {
  auto run = ifa026("fingerprints --scheduler calendar --threads 3 scenarios/annex-c/C.2.1.1.json");
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_NE(run.out.find("under calendar, calendar on 3 threads: 1 agree, 0 failed"),
            std::string::npos)
      << run.out;
}

}  // namespace
}  // namespace ifa026::cli::threads_option_test
