// Tests for the trace file options of `ifa026 run` and `ifa026 conform` (issue 21;
// cli/trace_options.hpp, docs/trace-format.md "Trace volume"): --trace decisions writes the
// decisions only, --trace none no file, --compress-trace a zstd file that the standard zstd tool
// and `ifa026 report` read; the fingerprint and the verdicts do not depend on either.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "reports/report_model.hpp"
#include "sim/trace_lines.hpp"
#include "tests/cli/cli_program.hpp"

namespace ifa026::cli::trace_options_test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using test::ifa026;

std::uint64_t lines_in(const fs::path& path) {
  sim::TraceLines in(path.string());
  EXPECT_TRUE(in.found()) << path;
  std::uint64_t n = 0;
  std::string line;
  while (in.next(line)) {
    EXPECT_EQ(line.find("\"kind\":\"send\""), std::string::npos) << line;
    ++n;
  }
  return n;
}

json manifest_of(const fs::path& dir) {
  return json::parse(test::read_file(dir / "manifest.json"));
}

TEST(TraceOptions, RunWritesTheDecisionsCompressedWithTheSameFingerprint) {
  const fs::path dir = test::fresh_temp_dir("ifa026-trace-options-run");
  const std::string scenario = "scenarios/annex-c/C.2.1.1.json";
  auto full = ifa026("run " + scenario + " --out " + (dir / "all").string());
  ASSERT_EQ(full.code, 0) << full.out;
  auto small = ifa026("run " + scenario + " --trace decisions --compress-trace --out " +
                      (dir / "small").string());
  ASSERT_EQ(small.code, 0) << small.out;
  EXPECT_NE(small.out.find("trace.jsonl.zst (trace decisions)"), std::string::npos) << small.out;
  EXPECT_FALSE(fs::exists(dir / "small" / "trace.jsonl"));
  const fs::path packed = dir / "small" / "trace.jsonl.zst";
  ASSERT_TRUE(fs::exists(packed));
  EXPECT_EQ(manifest_of(dir / "all")["trace_fingerprint"],
            manifest_of(dir / "small")["trace_fingerprint"]);
  const std::uint64_t records = manifest_of(dir / "all")["trace_records"];
  const std::uint64_t decisions = lines_in(packed);  // and no send record among them
  EXPECT_GT(decisions, 0u);
  EXPECT_LT(decisions, records);
  EXPECT_LT(fs::file_size(packed) * 10, fs::file_size(dir / "all" / "trace.jsonl"));
  // The standard tool reads it too.
  const auto zstd = test::run_command("zstdcat '" + packed.string() + "' | wc -l", "");
  ASSERT_EQ(zstd.exit_code, 0) << zstd.output;
  EXPECT_EQ(std::stoull(zstd.output), decisions);

  auto none = ifa026("run " + scenario + " --trace none --out " + (dir / "none").string());
  ASSERT_EQ(none.code, 0) << none.out;
  EXPECT_NE(none.out.find("no trace file (--trace none)"), std::string::npos) << none.out;
  EXPECT_FALSE(fs::exists(dir / "none" / "trace.jsonl"));
  EXPECT_FALSE(fs::exists(dir / "none" / "trace.jsonl.zst"));
  EXPECT_EQ(manifest_of(dir / "none")["trace_fingerprint"],
            manifest_of(dir / "all")["trace_fingerprint"]);

  auto bad = ifa026("run " + scenario + " --trace everything --out " + (dir / "bad").string());
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--trace expects all, decisions or none, got 'everything'"),
            std::string::npos)
      << bad.out;
  fs::remove_all(dir);
}

TEST(TraceOptions, ConformVerdictsDoNotDependOnTheTraceAndTheReportReadsItCompressed) {
  const fs::path dir = test::fresh_temp_dir("ifa026-trace-options-conform");
  const std::string scenarios = " scenarios/annex-c/C.2.1.1.json scenarios/annex-c/C.4.1.1.json";
  auto plain = ifa026("conform --out " + (dir / "plain").string() + scenarios);
  ASSERT_LE(plain.code, 1) << plain.out;
  auto packed = ifa026("conform --compress-trace --out " + (dir / "packed").string() + scenarios);
  ASSERT_LE(packed.code, 1) << packed.out;
  auto none = ifa026("conform --trace none --out " + (dir / "none").string() + scenarios);
  ASSERT_LE(none.code, 1) << none.out;
  const auto counts = [&](const char* run) {
    return json::parse(test::read_file(dir / run / "summary.json"))["counts"];
  };
  EXPECT_EQ(counts("plain"), counts("packed"));
  EXPECT_EQ(counts("plain"), counts("none"));
  EXPECT_TRUE(fs::exists(dir / "packed" / "traces" / "annex-c-C.2.1.1.jsonl.zst"));
  EXPECT_FALSE(fs::exists(dir / "none" / "traces" / "annex-c-C.2.1.1.jsonl"));
  // The report of the compressed run holds the same records as the plain one's.
  const json a = reports::build_report_model((dir / "plain").string());
  const json b = reports::build_report_model((dir / "packed").string());
  ASSERT_EQ(a["scenarios"].size(), b["scenarios"].size());
  for (std::size_t i = 0; i < a["scenarios"].size(); ++i) {
    EXPECT_GT(a["scenarios"][i]["records"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(a["scenarios"][i]["records"], b["scenarios"][i]["records"]);
  }
  const json c = reports::build_report_model((dir / "none").string());
  EXPECT_EQ(c["scenarios"][0]["records"], 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ifa026::cli::trace_options_test
