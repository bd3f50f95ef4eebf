// Checks of the Annex C.4 flows (C.4.1.1 ... C.4.3.2.7): for every entity a flow concerns, its
// step records occur in table order #0..#N between the right actors, correlated per entity, and
// the flow's post-condition holds in the final state (or, for an entity expected to be refused,
// the rejection is recorded at the right step, the error reply went back and nothing was
// issued). docs/conformance.md describes them.
#pragma once

#include "conformance/check_registry.hpp"
#include "conformance/mano_roles.hpp"

namespace ifa026::conformance {

void register_flow_checks(CheckRegistry& registry);

// One flow on one scenario's trace and final state.
CheckResult check_registration_flow(const CheckContext& context, const ManoFlow& flow);
CheckResult check_csr_flow(const CheckContext& context, const ManoFlow& flow);

}  // namespace ifa026::conformance
