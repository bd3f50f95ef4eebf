// Checks of the three Security Manager modes (clause 5.1.2, Annex A R2.1.10-R2.1.40) on the
// MANO records of docs/security-manager.md: what MANO does for a Passive, a Semi-Active and a
// Fully-Active SM (events, waiting, grants, objections, refusals, executed requests), and the SM
// side of the modes (a Fully-Active SM answers its grant requests in time). Each check's test
// description is in sm_mode_checks.cpp.
#pragma once

#include <array>
#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_sm_mode_checks(CheckRegistry& registry);

// The modes 5.1.2-a needs shown somewhere in the suite (CheckRegistry::require_parts).
inline const std::array<std::string, 3> kSmModeParts = {"passive", "semi_active", "fully_active"};

CheckResult check_sm_passive(const CheckContext& context);           // R2.1.20
CheckResult check_sm_semi_active(const CheckContext& context);       // R2.1.30
CheckResult check_sm_fully_active(const CheckContext& context);      // R2.1.40
CheckResult check_sm_three_modes(const CheckContext& context);       // R2.1.10
CheckResult check_sm_modes_both_sides(const CheckContext& context);  // 5.1.2-a

}  // namespace ifa026::conformance
