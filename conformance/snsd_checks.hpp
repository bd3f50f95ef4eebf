// Checks of the sNSD and of VSFs over the NS lifecycle (Annex A R1.2.50-R1.2.170, R1.3.160;
// docs/security- monitoring.md "The sNSD and VSFs over the NS lifecycle"): the sNSD the SM builds
// from an NSD (SnsdCreated against the NFVO's SmDescriptorServed), its design-time rules, its
// onboarding at the NFVO (SnsdOnboarded against the SM's mode), the NS deployed from it
// (NsLcmOperation descriptor=, SnsdDeployment, the VNFM's VnfLcmOperation and VnfActivated), and an
// NS without an sNSD protected afterwards (SmQuery context, SmSecurityFunction, NsTopologyUpdated).
// Each check's test description is in snsd_checks.cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_snsd_checks(CheckRegistry& registry);

CheckResult check_snsd_extends_nsd(const CheckContext& context);         // R1.2.50
CheckResult check_snsd_design(const CheckContext& context);              // R1.2.60
CheckResult check_snsd_onboarding(const CheckContext& context);          // R1.2.70
CheckResult check_snsd_deployment(const CheckContext& context);          // R1.2.80
CheckResult check_context_before_policy(const CheckContext& context);    // R1.2.90
CheckResult check_vsf_for_unprotected_ns(const CheckContext& context);   // R1.2.100
CheckResult check_scale_vsfs(const CheckContext& context);               // R1.2.120
CheckResult check_activation_after_policy(const CheckContext& context);  // R1.3.160

}  // namespace ifa026::conformance
