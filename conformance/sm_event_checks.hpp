// Checks of the LCM events MANO routes to Security Managers (Annex A R2.1.150-R2.1.240,
// R2.1.300): which SM gets which event, what each event says and carries, hidden VNFs, and the
// context query. They read the MANO side's SmEventRouted / SmEventSuppressed / SmSubscription /
// SmBinding / SmQuery records (docs/security-manager.md "Trace records") against the VNFM's
// VnfLcmOperation records, the VIM's records and the scenario (sm_trace_view.hpp). Each check's
// test description is in sm_event_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_sm_event_checks(CheckRegistry& registry);

CheckResult check_sm_instantiate_events(const CheckContext& context);  // R2.1.150
CheckResult check_sm_modify_events(const CheckContext& context);       // R2.1.160
CheckResult check_sm_terminate_events(const CheckContext& context);    // R2.1.170
CheckResult check_sm_event_source(const CheckContext& context);        // R2.1.180
CheckResult check_sm_event_reason(const CheckContext& context);        // R2.1.190
CheckResult check_sm_hidden_vnfs(const CheckContext& context);         // R2.1.200
CheckResult check_sm_instantiate_items(const CheckContext& context);   // R2.1.210
CheckResult check_sm_modify_items(const CheckContext& context);        // R2.1.220
CheckResult check_sm_terminate_items(const CheckContext& context);     // R2.1.230
CheckResult check_sm_context_query(const CheckContext& context);       // R2.1.240
CheckResult check_sm_oss_app_id(const CheckContext& context);          // R2.1.300

}  // namespace ifa026::conformance
