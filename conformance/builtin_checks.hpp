// Registers the checks shipped with ifa026 (one per requirement or flow they decide). The
// foundation ships none: flow and requirement checks arrive with the actors that produce the
// traces they read (issues 4 and 5). Until then every catalogue ID reports none (uncovered).
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_builtin_checks(CheckRegistry& registry);

}  // namespace ifa026::conformance
