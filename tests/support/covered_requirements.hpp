// What "every requirement a scenario covers passes" means, in one place for the tests that judge
// shipped scenarios (tests/actors/flows: as shipped; tests/robustness: under other network
// conditions and seeds): every check of a covered ID passes with trace evidence on the scenario
// alone; a requirement with suite parts (CheckRegistry::require_parts) may stay inconc by its
// suite step only; a design-time or deployment-only check may say none.
#pragma once

#include <string>
#include <vector>

#include "conformance/check_registry.hpp"
#include "conformance/engine.hpp"
#include "sim/scenario.hpp"

namespace ifa026::test {

// The problems of `report` (one scenario's run) against that rule; empty when it holds. Each
// names the ID and the check's reason.
std::vector<std::string> covered_requirement_problems(const conformance::ConformanceReport& report,
                                                      const sim::Scenario& scenario,
                                                      const conformance::CheckRegistry& checks);

}  // namespace ifa026::test
