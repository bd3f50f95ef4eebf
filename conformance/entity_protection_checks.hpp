// How WIM, CISM and CIR protect their interfaces (Wim/Cism/Cir.Sc.001-003): the checks that
// unauthenticated and unauthorised requests are refused, that a message altered in transit is
// detected and refused, and that application messages travel only inside established TLS
// sessions. The test descriptions are in entity_protection_checks.cpp.
#pragma once

#include <array>
#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

// The refusals access control (Wim.Sc.001 ...) must each show in the suite
// (CheckRegistry::require_parts).
inline const std::array<std::string, 2> kAccessParts = {"unauthenticated sender refused",
                                                        "unauthorised sender refused"};

// Each checks every entity of `type` ("wim", "cism", "cir") in the scenario.
CheckResult check_access_control(const CheckContext& context, const std::string& type);
CheckResult check_tamper_refused(const CheckContext& context, const std::string& type);
CheckResult check_confidentiality(const CheckContext& context, const std::string& type);

}  // namespace ifa026::conformance
