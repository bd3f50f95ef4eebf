// Registers the checks shipped with ifa026: the Annex C.4 flow checks (flow_checks), the Annex
// B.2 CMF checks (cmf_checks), the Annex B.2-B.7 entity checks (entity_checks), their key-pair
// checks (mano_key_checks) and the direct-mode checks. A catalogue ID without a check reports none
// (uncovered).
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_builtin_checks(CheckRegistry& registry);

}  // namespace ifa026::conformance
