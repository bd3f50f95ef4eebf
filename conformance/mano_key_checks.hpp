// Annex B checks of how an NFV-MANO entity (NFVO, VNFM, VIM, WIM, CISM, CIR) treats the key pair
// of its own certificate: it generates the pair itself from an SP 800-90A DRBG and never receives
// it (Nfvo/Vnfm/Vim.Sc.002, Wim/Cism/Cir.Sc.005), keeps it in its HSM where every use happens
// (Nfvo.Sc.003, Vnfm.Sc.004, Vim.Sc.003, Wim/Cism/Cir.Sc.006), and has a key attestation statement
// for it that the CMF verifies (Nfvo.Sc.008, Vnfm.Sc.015, Vim.Sc.009, Wim/Cism/Cir.Sc.009). All
// three are partial: each pass says what the trace cannot show. Test descriptions are in the .cpp.
#pragma once

#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_mano_key_checks(CheckRegistry& registry);

// Each checks every entity of `type` ("nfvo", "vnfm", ...) in the scenario.
CheckResult check_own_key_generation(const CheckContext& context, const std::string& type);
CheckResult check_key_kept_in_hsm(const CheckContext& context, const std::string& type);
CheckResult check_key_attestation_mechanism(const CheckContext& context, const std::string& type);

}  // namespace ifa026::conformance
