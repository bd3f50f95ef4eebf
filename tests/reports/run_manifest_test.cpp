// Tests for the run manifest (reports/run_manifest.hpp): what make_manifest takes from a finished
// simulation, the peak memory in bytes, and the JSON form's fields.
#include "reports/run_manifest.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "sim/actor_registry.hpp"

namespace ifa026::reports {
namespace {

TEST(RunManifest, PeakMemoryIsInBytesAndGrowsWithWhatTheProcessTouched) {
  const std::uint64_t before = peak_rss_bytes();
  EXPECT_GT(before, 1u << 20);  // any process running gtest holds more than a MiB
  // Touch 96 MiB page by page, so the resident set must reach it (ru_maxrss counts KiB: a
  // forgotten conversion would show some 98,000 here).
  constexpr std::size_t kSize = std::size_t{96} << 20;
  auto block = std::make_unique<unsigned char[]>(kSize);
  std::memset(block.get(), 0x5a, kSize);
  volatile unsigned sum = 0;
  for (std::size_t i = 0; i < kSize; i += 4096) sum = sum + block[i];
  EXPECT_EQ(sum, 0x5au * (kSize / 4096));
  const std::uint64_t after = peak_rss_bytes();
  EXPECT_GE(after, before);
  EXPECT_GE(after, kSize);
  EXPECT_LT(after, std::uint64_t{64} << 30);
}

TEST(RunManifest, TakesTheRunsFactsAndShowsPeakMemoryInJson) {
  sim::Scenario scenario;
  scenario.name = "empty";
  scenario.file = "empty.json";
  scenario.file_hash = 0x0123456789abcdefULL;
  scenario.seed = 42;
  scenario.duration = sim::Duration::seconds(3);
  const sim::ActorRegistry registry;
  sim::Simulation simulation(scenario, registry);
  simulation.run();
  const RunManifest m = make_manifest(simulation, "test 1.0 (commit x)", 1.5);
  EXPECT_EQ(m.scenario_name, "empty");
  EXPECT_EQ(m.seed, 42u);
  EXPECT_EQ(m.end, sim::Time::zero() + sim::Duration::seconds(3));
  EXPECT_EQ(m.wall_seconds, 1.5);
  EXPECT_GT(m.peak_rss_bytes, 1u << 20);
  EXPECT_LE(m.peak_rss_bytes, peak_rss_bytes());
  const auto j = to_json(m);
  EXPECT_EQ(j["peak_rss_bytes"].get<std::uint64_t>(), m.peak_rss_bytes);
  EXPECT_EQ(j["wall_seconds"].get<double>(), 1.5);
  EXPECT_EQ(j["scenario"]["hash"], "fnv1a64:0123456789abcdef");
  EXPECT_EQ(j["simulated_end"]["duration"], "3s");
}

}  // namespace
}  // namespace ifa026::reports
