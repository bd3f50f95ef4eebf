// Checks keyed by requirement ID. A check reads one scenario's trace and final state and returns
// a verdict with its evidence (trace record IDs). A pass must come from an observation in the
// trace; a check that cannot decide returns inconc, a harness problem error.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
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
  // Parts of the requirement this evaluation saw done correctly (e.g. "renewal"), for a
  // requirement with suite parts (CheckRegistry::require_parts); the engine unites them over the
  // scenarios of the run.
  std::set<std::string> observed = {};
};

// A result without a verdict (Verdict::none): the scenario gives the check nothing to judge, for
// the `reason` given.
inline CheckResult no_verdict(std::string reason) {
  return {Verdict::none, std::move(reason), {}};
}

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

  // Suite parts: a requirement that names several parts (a lifecycle: CSR, enrolment, renewal,
  // ...) passes only when every part is reported observed (CheckResult::observed) by some
  // evaluation in the run; a part no scenario showed turns the pass into inconc naming it.
  void require_parts(const std::string& requirement_id, std::vector<std::string> parts);
  // The suite parts of a requirement (empty when it has none).
  const std::vector<std::string>& required_parts(const std::string& id) const;

 private:
  std::map<std::string, std::vector<Check>> checks_;
  std::map<std::string, std::vector<std::string>> parts_;
};

}  // namespace ifa026::conformance
