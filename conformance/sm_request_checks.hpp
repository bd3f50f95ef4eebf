// Checks of what Security Managers ask MANO and how MANO answers (Annex A R2.1.90-R2.1.120,
// R2.1.250-R2.1.360 and the clause 5.1.3 entries they pair with): terminations, host
// retirement, policy instructions, package confirmations, queries, invisibility and audit
// export. They read the MANO side's SmTermination / SmTerminationItem / SmAuthorization /
// VnfTerminationNotice / SmHostRetirement / SecurityPolicyApplied / SmQuery / SmAuditExport
// records and the SM side's SmPackageVerification (docs/security-manager.md "Trace records")
// against the VNFM's and the VIM's records and the scenario (sm_trace_view.hpp). Each check's
// test description is in sm_request_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_sm_request_checks(CheckRegistry& registry);

CheckResult check_sm_foreign_domain_refused(const CheckContext& context);       // R2.1.90, 5.1.3-d
CheckResult check_sm_sensitive_domains(const CheckContext& context);            // R2.1.100, 5.1.3-e
CheckResult check_sm_invisibility(const CheckContext& context);                 // R2.1.120, 5.1.3-h
CheckResult check_sm_package_integrity(const CheckContext& context);            // R2.1.250
CheckResult check_sm_termination_request(const CheckContext& context);          // R2.1.260
CheckResult check_sm_termination_instruction(const CheckContext& context);      // R2.1.270
CheckResult check_sm_termination_list(const CheckContext& context);             // R2.1.280
CheckResult check_sm_termination_items(const CheckContext& context);            // R2.1.290
CheckResult check_sm_policy_instructions(const CheckContext& context);          // R2.1.310
CheckResult check_sm_host_retirement_request(const CheckContext& context);      // R2.1.320
CheckResult check_sm_host_retirement_instruction(const CheckContext& context);  // R2.1.330
CheckResult check_sm_security_functions(const CheckContext& context);           // R2.1.340
CheckResult check_sm_status_query(const CheckContext& context);                 // R2.1.350
CheckResult check_sm_history_query(const CheckContext& context);                // R2.1.360
CheckResult check_sm_audit_export(const CheckContext& context);                 // 5.1.3-k

}  // namespace ifa026::conformance
