// The check of the Annex C.4.x.2.6/.7 CSR flows (C.4.1.2.6 ... C.4.3.2.7): for every entity the
// flow concerns, its attempts walked through the step table (csr_flow_walker) and judged against
// what the scenario expects: the certificate held at the end, or the expected rejection recorded
// at the right step and answered, with nothing issued. The test description is in
// csr_flow_check.cpp.
#pragma once

#include "conformance/check_registry.hpp"
#include "conformance/mano_roles.hpp"

namespace ifa026::conformance {

// One CSR flow on one scenario's trace and final state.
CheckResult check_csr_flow(const CheckContext& context, const ManoFlow& flow);

}  // namespace ifa026::conformance
