// What an NFV-MANO entity puts into its CSR: the check that it builds the CSR from the
// configuration the OSS supplied (Nfvo.Sc.005, Vnfm.Sc.009, Vim.Sc.005, Wim/Cism/Cir.Sc.008) and
// the check that an entity with an HSM supplies a key attestation the CMF verifies before it
// processes the CSR (Nfvo.Sc.009, Vnfm.Sc.016, Vim.Sc.010, Wim/Cism/Cir.Sc.010). The test
// descriptions are in entity_csr_checks.cpp.
#pragma once

#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

// Each checks every entity of `type` in the scenario.
CheckResult check_configured_csr(const CheckContext& context, const std::string& type);
CheckResult check_attestation_supplied(const CheckContext& context, const std::string& type);

}  // namespace ifa026::conformance
