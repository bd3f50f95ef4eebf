// The scenario rule that every ID a scenario lists in "covers" exists in the catalogue.
#pragma once

#include "conformance/catalogue.hpp"
#include "sim/scenario.hpp"

namespace ifa026::conformance {

sim::ScenarioRule covers_rule(const Catalogue& catalogue);

}  // namespace ifa026::conformance
