// The Annex B.2-B.7 checks of the NFV-MANO entities (NFVO, VNFM, VIM, WIM, CISM, CIR), registered
// under each entity type's requirement IDs. The checks themselves, one concept a pair:
// entity_mutual_tls_check (mutual TLS with CMF-issued certificates), entity_lifecycle_check (the
// certificate lifecycle), entity_csr_checks (CSR from the OSS configuration, key attestation before
// the CSR) and entity_protection_checks (WIM/CISM/CIR access control, tamper detection,
// confidentiality).
#pragma once

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_entity_checks(CheckRegistry& registry);

}  // namespace ifa026::conformance
