// Checks of the clause 5.2 architecture requirements that the modelled flows show in part: the
// certificate management modes (5.2.3.1-a: the CMF completes a mode's flows; 5.2.3.1-b: each VNF
// is handled in one mode; 5.2.3.1-c: the VNFM takes part in a mode), automated certificate
// handling (5.2.1.1-a), the PKI behind every certificate (5.2.6-a) and the separation of CA and
// CMF (5.2.6-b). Only direct mode is modelled: each pass names the mode it saw and, for the
// partial ones, what the trace cannot show. Test descriptions (ETSI TST010 fields) are in the .cpp.
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_clause5_pki_checks(CheckRegistry& registry);

CheckResult check_cmf_completes_a_mode(const CheckContext& context);         // 5.2.3.1-a
CheckResult check_vnf_uses_one_mode(const CheckContext& context);            // 5.2.3.1-b
CheckResult check_vnfm_takes_part_in_a_mode(const CheckContext& context);    // 5.2.3.1-c
CheckResult check_automated_certificates(const CheckContext& context);       // 5.2.1.1-a
CheckResult check_certificates_chain_to_a_pki(const CheckContext& context);  // 5.2.6-a
CheckResult check_ca_and_cmf_separate(const CheckContext& context);          // 5.2.6-b

}  // namespace ifa026::conformance
