// The certificate lifecycle of the NFV-MANO entities (Nfvo.Sc.004, Vnfm.Sc.008, Vim.Sc.004,
// Wim/Cism/Cir.Sc.007): the check that an entity generates its key and sends its CSR, installs the
// verified certificate, renews it in time with a fresh key, acts on its removal, has it revoked
// through its CMF and watches its expiry; each part must show somewhere in the suite. The test
// description is in entity_lifecycle_check.cpp.
#pragma once

#include <array>
#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

// The parts of an entity's certificate lifecycle, each required for an entity of the kind
// somewhere in the suite (CheckRegistry::require_parts).
inline const std::array<std::string, 6> kLifecycleParts = {"CSR",     "enrolment",  "renewal",
                                                           "removal", "revocation", "monitoring"};

// Checks every entity of `type` in the scenario.
CheckResult check_certificate_lifecycle(const CheckContext& context, const std::string& type);

}  // namespace ifa026::conformance
