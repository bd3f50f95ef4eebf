// Checks of the audit trail (Annex A R1.3.260; issue 16, docs/security-monitoring.md "The audit
// trail"): the security-relevant actions the trace shows against the audit logs the MANO blocks
// and the SMs hold at the end of the run (actors/common/audit_log_source.hpp), and every stored
// chain verified with its partition's key. The test description is in audit_trail_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_audit_trail_checks(CheckRegistry& registry);

CheckResult check_audit_trail(const CheckContext& context);  // R1.3.260

}  // namespace ifa026::conformance
