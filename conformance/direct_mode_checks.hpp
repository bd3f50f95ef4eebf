// Checks of the direct-mode flows for VNFCI and VNF OAM certificates (Annex C.2.1.1-C.2.1.4,
// C.3.1): for every VNFCI the CMF discovered and every identity it created, the table's steps in
// order between the right actors, and the post-condition (the identity holds a certificate for
// its registered subject that chains to its trust anchor); expected refusals recorded by the
// refusing actor with nothing issued; renewals by kur with the current, valid certificate.
// docs/conformance.md describes them.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_direct_mode_checks(CheckRegistry& registry);

CheckResult check_direct_enrolment_flow(const CheckContext& context, const std::string& flow_id);
CheckResult check_oam_flow(const CheckContext& context);
CheckResult check_direct_renewal_flow(const CheckContext& context);

}  // namespace ifa026::conformance
