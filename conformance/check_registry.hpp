// Checks keyed by requirement ID. A check reads one scenario's trace and final state and returns
// a verdict with its evidence (trace record IDs). A pass must come from an observation in the
// trace; a check that cannot decide returns inconc, a harness problem error.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "conformance/verdict.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"
#include "sim/trace.hpp"

namespace ifa026::conformance {

struct CheckContext {
  const sim::Scenario& scenario;
  const std::vector<sim::TraceRecord>& trace;
  sim::Simulation& simulation;  // final state
};

struct CheckResult {
  Verdict verdict = Verdict::none;
  std::string reason;
  std::vector<std::uint64_t> evidence;  // trace record IDs
};

using CheckFunction = std::function<CheckResult(const CheckContext&)>;

struct Check {
  std::string requirement_id;
  std::string name;  // what it checks, e.g. "steps in table order"
  CheckFunction run;
};

class CheckRegistry {
 public:
  void add(std::string requirement_id, std::string name, CheckFunction run);
  // The checks of one requirement (empty when it has none).
  const std::vector<Check>& for_requirement(const std::string& id) const;
  std::size_t size() const;

 private:
  std::map<std::string, std::vector<Check>> checks_;
};

}  // namespace ifa026::conformance
