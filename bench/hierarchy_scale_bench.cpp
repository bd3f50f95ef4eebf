// How a generated SM hierarchy run grows (docs/research-guide.md, "Scale"; issue 15): the scenario
// of `ifa026 generate hierarchy --sms N --fan-out 10 --domains-per-sm 1 --vnfs-per-domain 10
// --rate 10` (cli/hierarchy_generator.*) at N = 30 and N = 300 domains (one SM per domain, modes
// drawn from the default mix), run through the simulator and the real actors, every trace record
// written as JSON Lines. Items are the VNF LCM operations completed, counted from the trace; the
// budget (bench_main.cpp) is the cost per operation at 10x the domains over the cost at 1x, in the
// same process: near 1.0 is linear in operations, a cost growing with domains x SMs (a walk over
// every binding, reservation or resource per event) shows as a ratio well above 1. Each run checks
// that every instantiation completed and that the SMs received events; otherwise the benchmark
// reports an error instead of a figure.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "actors/builtin_actors.hpp"
#include "cli/hierarchy_generator.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"

namespace {

using ifa026::sim::RecordKind;
using ifa026::sim::Simulation;
using ifa026::sim::TraceRecord;

constexpr int kVnfsPerDomain = 10;

class HierarchyCounter final : public ifa026::sim::TraceSink {
 public:
  void on_record(const TraceRecord& r) override {
    if (r.kind != RecordKind::decision) return;
    if (r.operation == "VnfLcmOperation" && r.actor == "vnfm-1") {
      if (r.outcome == "completed") ++completed;
      if (r.outcome == "completed" && r.detail.find("operation=INSTANTIATE") != std::string::npos)
        ++instantiated;
      if (r.outcome == "failed" || r.outcome == "rejected") ++failed;
    } else if (r.operation == "SmEventRouted") {
      ++routed;
    }
  }
  std::uint64_t completed = 0;
  std::uint64_t instantiated = 0;
  std::uint64_t failed = 0;
  std::uint64_t routed = 0;
};

ifa026::sim::Scenario hierarchy_scenario(int domains, const ifa026::sim::ActorRegistry& registry) {
  ifa026::cli::HierarchyOptions o;
  o.sms = domains;
  o.fan_out = 10;
  o.domains_per_sm = 1;
  o.vnfs_per_domain = kVnfsPerDomain;
  o.rate = 10;
  const nlohmann::json root = ifa026::cli::generate_hierarchy(o);
  auto load = ifa026::sim::load_scenario_text(root["name"].get<std::string>() + ".json",
                                              root.dump(), registry);
  if (!load.scenario)
    throw std::runtime_error(
        "generated scenario does not load: " +
        (load.errors.empty() ? std::string("?") : load.errors.front().message));
  return std::move(*load.scenario);
}

void BM_Hierarchy_Run(benchmark::State& state) {
  const int domains = static_cast<int>(state.range(0));
  const ifa026::sim::ActorRegistry registry = ifa026::actors::builtin_registry();
  std::unique_ptr<ifa026::sim::Scenario> scenario;
  try {
    scenario = std::make_unique<ifa026::sim::Scenario>(hierarchy_scenario(domains, registry));
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const auto vnfs = static_cast<std::uint64_t>(domains * kVnfsPerDomain);
  std::uint64_t operations = 0;
  std::uint64_t events = 0;
  std::uint64_t routed = 0;
  for (auto _ : state) {
    Simulation simulation(*scenario, registry);
    ifa026::sim::JsonlTraceWriter writer("/dev/null", simulation.epoch());
    HierarchyCounter counter;
    simulation.trace().subscribe(writer);
    simulation.trace().subscribe(counter);
    simulation.run();
    if (counter.instantiated != vnfs || counter.failed != 0 || counter.routed < vnfs) {
      const std::string problem = "instantiated " + std::to_string(counter.instantiated) + " of " +
                                  std::to_string(vnfs) + ", failed " +
                                  std::to_string(counter.failed) + ", SM events routed " +
                                  std::to_string(counter.routed);
      state.SkipWithError(problem.c_str());
      break;
    }
    operations += counter.completed;
    events += simulation.events_processed();
    routed += counter.routed;
  }
  if (operations == 0) return;
  state.SetItemsProcessed(static_cast<std::int64_t>(operations));
  const auto ops = static_cast<double>(operations);
  state.counters["domains"] = domains;
  state.counters["events_per_op"] = static_cast<double>(events) / ops;
  state.counters["sm_events_per_op"] = static_cast<double>(routed) / ops;
}

}  // namespace

// 30 domains take about 1.5 s, 300 about 12 s on the 2-core VM: one iteration each.
BENCHMARK(BM_Hierarchy_Run)->Arg(30)->Arg(300)->Iterations(1)->Unit(benchmark::kMillisecond);
