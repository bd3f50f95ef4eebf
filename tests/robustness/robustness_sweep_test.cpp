// The robustness sweep (docs/robustness.md): every shipped scenario (the discovery rule of
// `ifa026 conform`) under a grid of network conditions -- latency fixed 2 ms, uniform 1-80 ms or
// lognormal mean 40 ms / sd 25 ms, each with loss 0, 1 % or 3 % -- and several seeds, judged by
// the rule the shipped scenarios are judged by as shipped (tests/support/covered_requirements.hpp):
// flows pass, negative scenarios keep their refusals. One test per grid cell (label slow); seeds
// per cell from IFA026_ROBUSTNESS_SEEDS (default 1: `make test`; 10 for the full sweep by hand:
//   IFA026_ROBUSTNESS_SEEDS=10 build/bin/robustness_tests --gtest_filter='*lognormal*'
// and so on, the binary itself: a cell at 10 seeds takes about two minutes, more on a busy
// machine, and ctest gives each test at most 600 s).
// Only the scenario's default link changes; links a scenario sets itself keep their properties.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_discovery.hpp"
#include "tests/support/covered_requirements.hpp"

namespace ifa026::robustness_sweep_test {
namespace {

namespace fs = std::filesystem;
using sim::Duration;
using sim::LatencyModel;

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = actors::builtin_registry();
  return r;
}

const conformance::CheckRegistry& checks() {
  static const conformance::CheckRegistry c = [] {
    conformance::CheckRegistry r;
    conformance::register_builtin_checks(r);
    return r;
  }();
  return c;
}

struct Cell {
  std::string name;
  LatencyModel latency;
  double loss;
};

std::vector<Cell> grid() {
  const std::vector<std::pair<std::string, LatencyModel>> latencies = {
      {"fixed_2ms", LatencyModel::fixed(Duration::milliseconds(2))},
      {"uniform_1_80ms",
       LatencyModel::uniform(Duration::milliseconds(1), Duration::milliseconds(80))},
      {"lognormal_40ms_sd25ms",
       LatencyModel::lognormal(Duration::milliseconds(40), Duration::milliseconds(25))}};
  std::vector<Cell> cells;
  for (const auto& [name, latency] : latencies)
    for (const auto& [loss_name, loss] : std::vector<std::pair<std::string, double>>{
             {"loss0", 0.0}, {"loss1pct", 0.01}, {"loss3pct", 0.03}})
      cells.push_back({name + "_" + loss_name, latency, loss});
  return cells;
}

void PrintTo(const Cell& cell, std::ostream* out) {
  *out << cell.name;
}

int seeds_per_cell() {
  const char* text = std::getenv("IFA026_ROBUSTNESS_SEEDS");
  const int n = text != nullptr ? std::atoi(text) : 1;
  return n > 0 ? n : 1;
}

std::vector<sim::Scenario> shipped() {
  const fs::path root = fs::path(IFA026_SOURCE_DIR) / "scenarios";
  std::vector<sim::Scenario> out;
  for (const auto& file : sim::discover_scenario_files(root.string()).files) {
    auto l = sim::load_scenario_file(
        file, registry(), conformance::scenario_rules(conformance::Catalogue::builtin()));
    for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
    if (l.scenario) out.push_back(std::move(*l.scenario));
  }
  return out;
}

class RobustnessSweep : public ::testing::TestWithParam<Cell> {};

TEST_P(RobustnessSweep, EveryShippedScenarioHolds) {
  const Cell& cell = GetParam();
  const auto scenarios = shipped();
  ASSERT_GT(scenarios.size(), 50u);
  const int seeds = seeds_per_cell();
  const auto started = std::chrono::steady_clock::now();
  conformance::Engine engine(conformance::Catalogue::builtin(), checks(), registry());
  std::size_t runs = 0, failed = 0;
  for (int k = 0; k < seeds; ++k) {
    for (sim::Scenario scenario : scenarios) {
      scenario.default_link.latency = cell.latency;
      scenario.default_link.loss = cell.loss;
      scenario.seed += static_cast<std::uint64_t>(k);
      const auto report = engine.run({scenario});
      ++runs;
      const auto problems = test::covered_requirement_problems(report, scenario, checks());
      if (problems.empty()) continue;
      ++failed;
      std::string text;
      for (const auto& p : problems) text += "\n    " + p.substr(0, 400);
      ADD_FAILURE() << scenario.name << " (seed " << scenario.seed << ", " << cell.name
                    << "):" << text;
    }
  }
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  std::cout << "robustness " << cell.name << ": " << scenarios.size() << " scenarios x " << seeds
            << " seed(s) = " << runs << " runs, " << failed << " failed, " << seconds.count()
            << " s\n";
}

INSTANTIATE_TEST_SUITE_P(Grid, RobustnessSweep, ::testing::ValuesIn(grid()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace ifa026::robustness_sweep_test
