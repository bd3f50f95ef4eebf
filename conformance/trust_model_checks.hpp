// Design-time checks of the trust model (docs/trust-model.md "Design-time checks"; planning map
// §7.3, properties G1-G12): each reads the graph actors::trust::TrustModel::from_scenario builds
// (domains, SMs, MANO blocks, VNFs and their typed edges) and, where the property is about
// credentials or granted modes, the run's trace, and names the vertices and edges (with the JSON
// pointer of their declaration) that decide it. A scenario without a trust_model gets none.
#pragma once

#include <functional>
#include <string_view>

#include "actors/common/sm_authorization.hpp"
#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_trust_model_checks(CheckRegistry& registry);

CheckResult check_trust_placement(const CheckContext& context);         // G1  R1.1.10
CheckResult check_trust_mano_domain(const CheckContext& context);       // G2  R1.1.20
CheckResult check_trust_mano_membership(const CheckContext& context);   // G3  R1.1.30
CheckResult check_trust_declared(const CheckContext& context);          // G4  R1.1.40
CheckResult check_trust_sm_domain(const CheckContext& context);         // G5  R1.1.120
CheckResult check_trust_sm_membership(const CheckContext& context);     // G5  R1.1.130
CheckResult check_trust_hierarchy_forest(const CheckContext& context);  // G6  R2.1.50, 5.1.3-a
CheckResult check_trust_one_mode(const CheckContext& context);          // G7  R2.1.130, R2.1.140
CheckResult check_trust_one_instance(const CheckContext& context);      // G8  R2.1.60, 5.1.3-b
CheckResult check_trust_credentials(const CheckContext& context);       // G9  R1.1.70
CheckResult check_trust_sensitive(const CheckContext& context);         // G10 R2.1.100, 5.1.3-e
CheckResult check_trust_isolation(const CheckContext& context);         // G11 R1.1.50 (graph half)
CheckResult check_trust_least_privilege(const CheckContext& context);   // G12 R1.1.70

// G12 against a given permission table (the check uses actors::sm::permits; tests give a faulty
// one to show the comparison with the planning map's §6.2 rows can fail).
using PermitsFunction =
    std::function<actors::sm::Permission(std::string_view, std::string_view, std::string_view)>;
CheckResult check_trust_least_privilege_with(const CheckContext& context,
                                             const PermitsFunction& permits);

}  // namespace ifa026::conformance
