// The check of the Annex C.4.x.1 registration flows (C.4.1.1, C.4.2.1, C.4.3.1): for every entity
// the flow concerns, the consumer's request, the CMF's decision and its response in table order,
// the FQDN registered and a CA selected, or an expected refusal recorded with its reason and
// answered. The test description is in registration_flow_check.cpp.
#pragma once

#include "conformance/check_registry.hpp"
#include "conformance/mano_roles.hpp"

namespace ifa026::conformance {

// One registration flow on one scenario's trace and final state.
CheckResult check_registration_flow(const CheckContext& context, const ManoFlow& flow);

}  // namespace ifa026::conformance
