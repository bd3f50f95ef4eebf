// The Annex B requirements of delegation mode (map §7; docs/delegation-mode.md "Checks (as
// built)"), each judged from the delegation records of the trace: the CMF's delegate registry
// and delegated CSR relay (Cmf.CertLcm.003, .006, .011), the NFVO's part (Nfvo.Sc.006, .007), the
// delegate VNFM (Vnfm.Sc.003, .007, .010-.014, .017-.019), the VIM's installation and key
// handling (Vim.Sc.006, .007) and both modes (5.2.3.1-d, -e). The key-custody IDs (Vnfm.Sc.005,
// .006, Vim.Sc.008) are in key_custody_checks.*.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_delegation_annex_b_checks(CheckRegistry& registry);

}  // namespace ifa026::conformance
