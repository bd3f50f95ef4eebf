// The checks of the Annex C.4 flows (C.4.1.1 ... C.4.3.2.7), registered under their flow IDs:
// for every entity a flow concerns, its step records occur in table order #0..#N between the
// right actors, correlated per entity, and the flow's post-condition holds in the final state (or,
// for an entity expected to be refused, the rejection is recorded at the right step, the error
// reply went back and nothing was issued). The checks: registration_flow_check (C.4.x.1) and
// csr_flow_check (C.4.x.2.6/.7). docs/conformance.md describes them.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_flow_checks(CheckRegistry& registry);

}  // namespace ifa026::conformance
