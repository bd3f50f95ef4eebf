// Every rule the conformance room adds to scenario loading, as one sim::ScenarioRule: "covers"
// names catalogue IDs (covers_rule), "expect" is well formed (expect_rule) and so is "trust_model"
// (actors/common/trust_model.hpp). The CLI loads scenarios with it.
#pragma once

#include "conformance/catalogue.hpp"
#include "sim/scenario.hpp"

namespace ifa026::conformance {

sim::ScenarioRule scenario_rules(const Catalogue& catalogue);

}  // namespace ifa026::conformance
