// Run-time checks of isolation between trust domains and of the separation of Security Manager
// traffic (Annex A R1.1.50, R1.1.60, R1.1.80, R1.1.160; docs/trust-model.md "Isolation and
// separation"), read from the trace and the scenario's trust model (actors::trust::TrustModel): a
// compromised SM's requests about domains of another isolation group are refused and change nothing
// there; several SMs of one domain are all bound and all get its events; an SM's policy reaches its
// own domain's functions only; every SM message travels on an
// SM reference point in a session carrying SM operations only. The design-time half of R1.1.50
// (graph property G11) is conformance/trust_model_checks.*.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_isolation_checks(CheckRegistry& registry);

CheckResult check_compromise_isolation(const CheckContext& context);   // R1.1.50 (run time)
CheckResult check_sms_per_domain(const CheckContext& context);         // R1.1.60
CheckResult check_sm_traffic_separation(const CheckContext& context);  // R1.1.160
CheckResult check_domain_policy(const CheckContext& context);          // R1.1.80

}  // namespace ifa026::conformance
