// Tests for trace files (issue 21; docs/trace-format.md, "Trace volume"): the JSON Lines writer
// plain and zstd-compressed (sim/trace.hpp), the record kinds each --trace level keeps
// (sim/trace_level.hpp) and the reader that takes both forms (sim/trace_lines.hpp), including a
// compressed file cut short as a killed run leaves it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "sim/trace.hpp"
#include "sim/trace_level.hpp"
#include "sim/trace_lines.hpp"

namespace ifa026::sim::trace_file_test {
namespace {

namespace fs = std::filesystem;

fs::path temp_path(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "ifa026-trace-file-test";
  fs::create_directories(dir);
  return dir / name;
}

const Epoch kEpoch(*parse_utc("2026-01-01T00:00:00Z"));

// `n` records, every kind in turn, with text that compresses as traces do.
std::vector<TraceRecord> records(std::size_t n) {
  std::vector<TraceRecord> out;
  for (std::size_t i = 0; i < n; ++i) {
    TraceRecord r;
    r.id = i + 1;
    r.time = Time::zero() + Duration::milliseconds(static_cast<std::int64_t>(i));
    r.kind = static_cast<RecordKind>(i % 9);
    r.actor = "vnfci-" + std::to_string(i % 50);
    r.peer = "ca-1";
    r.operation = "IssueCertificate";
    r.outcome = "ok";
    r.detail = "serial=" + std::to_string(i * 7919) + "; subject=CN=vnfci.example.net,O=Operator";
    out.push_back(r);
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& path, std::string* error = nullptr) {
  TraceLines in(path);
  EXPECT_TRUE(in.found()) << path;
  std::vector<std::string> out;
  std::string line;
  while (in.next(line)) out.push_back(line);
  if (error != nullptr) *error = in.error();
  return out;
}

std::vector<std::string> written(const std::string& path, const std::vector<TraceRecord>& rs,
                                 std::function<bool(RecordKind)> only = nullptr) {
  {
    JsonlTraceWriter writer(path, kEpoch, std::move(only));
    for (const auto& r : rs) writer.on_record(r);
  }
  return lines_of(path);
}

TEST(TraceFile, CompressedReadsBackTheSameLinesAndIsSmaller) {
  const auto rs = records(50000);  // several 1 MiB frames
  const std::string plain = temp_path("t.jsonl").string();
  const std::string packed = temp_path("t.jsonl.zst").string();
  const auto a = written(plain, rs);
  const auto b = written(packed, rs);
  ASSERT_EQ(a.size(), rs.size());
  EXPECT_EQ(a, b);
  std::string expected;
  append_json(expected, rs[123], kEpoch);
  EXPECT_EQ(b[123], expected);
  EXPECT_LT(fs::file_size(packed) * 5, fs::file_size(plain))
      << fs::file_size(packed) << " vs " << fs::file_size(plain);
  // Not mistaken for plain text: the compressed file does not start with '{'.
  std::ifstream raw(packed, std::ios::binary);
  EXPECT_NE(raw.get(), '{');
}

TEST(TraceFile, ACompressedFileCutShortYieldsTheWholeLinesBeforeTheCut) {
  const auto rs = records(50000);
  const std::string packed = temp_path("cut.jsonl.zst").string();
  const auto all = written(packed, rs);
  // Cut in the middle of the last frame, as a run killed before its last flush leaves it.
  const auto size = fs::file_size(packed);
  fs::resize_file(packed, size - 100);
  std::string error;
  const auto cut = lines_of(packed, &error);
  EXPECT_EQ(error, "");
  ASSERT_GT(cut.size(), 0u);
  EXPECT_LT(cut.size(), all.size());
  for (std::size_t i = 0; i < cut.size(); ++i) ASSERT_EQ(cut[i], all[i]) << i;
  // Corrupt data stops the reading with a reason instead.
  std::fstream f(packed, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(0);
  f.write("garbage!", 8);
  f.close();
  lines_of(packed, &error);
  EXPECT_NE(error.find("zstd"), std::string::npos);
}

TEST(TraceFile, DecisionsLevelKeepsWhatActorsJudgedWithoutTheTraffic) {
  for (int k = 0; k < 9; ++k) {
    const auto kind = static_cast<RecordKind>(k);
    const bool traffic = kind == RecordKind::send || kind == RecordKind::receive ||
                         kind == RecordKind::drop || kind == RecordKind::timer;
    EXPECT_EQ(keeps(TraceLevel::decisions, kind), !traffic) << to_string(kind);
    EXPECT_TRUE(keeps(TraceLevel::all, kind));
    EXPECT_FALSE(keeps(TraceLevel::none, kind));
  }
  const auto rs = records(90);
  const auto kept = written(temp_path("d.jsonl").string(), rs,
                            [](RecordKind kind) { return keeps(TraceLevel::decisions, kind); });
  EXPECT_EQ(kept.size(), 50u);  // 5 of every 9 kinds
  for (const auto& line : kept) EXPECT_EQ(line.find("\"kind\":\"send\""), std::string::npos);
  EXPECT_EQ(trace_level_from("decisions"), TraceLevel::decisions);
  EXPECT_EQ(trace_level_from("everything"), std::nullopt);
}

TEST(TraceFile, FindsThePlainOrTheCompressedFile) {
  const fs::path dir = temp_path("find");
  fs::create_directories(dir);
  const std::string stem = (dir / "run").string();
  fs::remove(stem + ".jsonl");
  fs::remove(stem + ".jsonl.zst");
  EXPECT_EQ(find_trace_file(stem), "");
  EXPECT_FALSE(TraceLines(stem + ".jsonl").found());
  std::ofstream(stem + ".jsonl.zst").put('x');
  EXPECT_EQ(find_trace_file(stem), stem + ".jsonl.zst");
  std::ofstream(stem + ".jsonl") << "{}\n";
  EXPECT_EQ(find_trace_file(stem), stem + ".jsonl");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ifa026::sim::trace_file_test
