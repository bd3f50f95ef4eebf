// The verdict engine: runs scenarios, evaluates the checks of every requirement a scenario covers
// against its trace, and merges the evaluations into one verdict per catalogue ID. A requirement
// no simulation can observe is not-testable; one without a check, or without a scenario that
// covers it, stays none (uncovered) with the reason (uncovered_reason.hpp) — never pass; a pass of
// a partial requirement names what it did not observe. A scenario whose trace holds an actor's
// internal error (outcome "internal-error") is a harness fault: every requirement it covers gets
// the verdict error from it, whatever its checks would say.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "conformance/catalogue.hpp"
#include "conformance/check_registry.hpp"
#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::conformance {

// One check evaluated on one scenario.
struct Evaluation {
  std::string requirement_id;
  std::string check;
  std::string scenario;
  Verdict verdict = Verdict::none;
  std::string reason;
  std::vector<std::uint64_t> evidence;
};

struct RequirementResult {
  std::string id;
  Verdict verdict = Verdict::none;
  std::string reason;
  std::vector<std::string> scenarios;  // scenarios that evaluated it
};

struct ScenarioRun {
  std::string name;
  std::string file;
  std::uint64_t seed = 0;
  std::uint64_t events = 0;
  std::uint64_t trace_records = 0;
  std::string fingerprint;
  std::string error;              // harness fault, if the run could not complete
  bool wall_clock_epoch = false;  // "epoch": "now" (a live CA): the fingerprint is not reproducible
};

struct ConformanceReport {
  std::vector<ScenarioRun> scenarios;
  std::vector<Evaluation> evaluations;
  std::vector<RequirementResult> requirements;  // one per catalogue ID, catalogue order
  std::map<Verdict, std::size_t> counts() const;
  // 0 nothing failed, 1 some fail or inconc, 3 some error (DESIGN §7).
  int exit_code() const;
};

class Engine {
 public:
  Engine(const Catalogue& catalogue, const CheckRegistry& checks, const sim::ActorRegistry& actors)
      : catalogue_(catalogue), checks_(checks), actors_(actors) {}

  // Optional: called after each scenario's simulation is built, before it runs (trace sinks).
  std::function<void(sim::Simulation&)> on_simulation_built;
  // Optional: called after each scenario's simulation has run, before its checks (the state the
  // actors end with: e.g. the certificates a CA issued). Not called when the run threw.
  std::function<void(sim::Simulation&)> on_simulation_finished;

  ConformanceReport run(const std::vector<sim::Scenario>& scenarios) const;

 private:
  const Catalogue& catalogue_;
  const CheckRegistry& checks_;
  const sim::ActorRegistry& actors_;
};

}  // namespace ifa026::conformance
