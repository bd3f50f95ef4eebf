// What the CMF test harnesses share (cmf_test_support.hpp for the MANO flows,
// direct_mode_test_support.hpp for direct mode): the CA and CMF their worlds start from, running a
// built scenario with a registry of real and test actors while keeping the simulation (for its
// actors) and the trace, and finding trace records and their detail values.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/trace_detail.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "tests/support/scenario_builder.hpp"

namespace ifa026::actors::cmf_runs {

// One run: the simulation (kept for its actors) and its trace.
struct Run {
  sim::ActorRegistry registry;
  std::unique_ptr<sim::Simulation> simulation;
  sim::TraceStore store;

  const std::vector<sim::TraceRecord>& records() const { return store.records(); }
  template <typename T>
  T& actor(const std::string& name) {
    auto* a = dynamic_cast<T*>(simulation->actor(name));
    if (a == nullptr) throw std::runtime_error("no actor " + name);
    return *a;
  }
};

// Loads the built scenario with `registry` (a load error throws, naming every problem) and runs
// it to the end.
inline std::unique_ptr<Run> run(const test::ScenarioBuilder& scenario,
                                sim::ActorRegistry registry) {
  auto run = std::make_unique<Run>();
  run->registry = std::move(registry);
  run->simulation = std::make_unique<sim::Simulation>(scenario.load(run->registry), run->registry);
  run->simulation->trace().subscribe(run->store);
  run->simulation->run();
  return run;
}

// The start of both CMF worlds: the CA `ca` and the CMF `cmf` (RA credential cmf-ra, FQDN
// cmf.example.net) on 2 ms links.
inline test::ScenarioBuilder ca_and_cmf(const std::string& name, std::uint64_t seed,
                                        const std::string& duration) {
  test::ScenarioBuilder b(name);
  b.seed(seed).duration(duration).latency("2ms").add_ca("ca").add_cmf(
      "cmf", test::CmfSetup()
                 .ca("ca")
                 .ra("cmf-ra", "ra secret of the cmf")
                 .params({{"fqdn", "cmf.example.net"}}));
  return b;
}

// Records of `actor` with this operation (and outcome, when given).
inline std::vector<sim::TraceRecord> find(const std::vector<sim::TraceRecord>& records,
                                          const std::string& actor, const std::string& operation,
                                          const std::string& outcome = "") {
  std::vector<sim::TraceRecord> out;
  for (const auto& r : records)
    if (r.actor == actor && r.operation == operation && (outcome.empty() || r.outcome == outcome))
      out.push_back(r);
  return out;
}

inline std::string detail(const sim::TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

}  // namespace ifa026::actors::cmf_runs
