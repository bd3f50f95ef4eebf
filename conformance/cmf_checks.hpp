// Annex B.2 checks of the CMF (Cmf.CertLcm.001, 002, 004, 005, 007, 008 and the key-attestation
// requirements 009, 010, 012, 013, 014, 015) on the trace of the NFV-MANO certificate flows and
// the final state of the entities. Each check's test description is in cmf_checks.cpp.
#pragma once

#include <array>
#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_cmf_checks(CheckRegistry& registry);

// The certificate phases Cmf.CertLcm.001 names: each must be exercised somewhere in the suite
// (CheckRegistry::require_parts).
inline const std::array<std::string, 6> kCmfLifecycleParts = {
    "registration", "enrolment", "renewal", "removal", "revocation", "monitoring"};

CheckResult check_lifecycle_phases(const CheckContext& context);         // Cmf.CertLcm.001
CheckResult check_registration_first(const CheckContext& context);       // Cmf.CertLcm.002
CheckResult check_ca_selected(const CheckContext& context);              // Cmf.CertLcm.004
CheckResult check_csr_relayed(const CheckContext& context);              // Cmf.CertLcm.005
CheckResult check_chain_delivered(const CheckContext& context);          // Cmf.CertLcm.007
CheckResult check_initial_data_handed_out(const CheckContext& context);  // Cmf.CertLcm.008
// Cmf.CertLcm.009/010/012/013/014/015: attestation of `entity_type`'s keys checked per policy.
CheckResult check_attestation_per_policy(const CheckContext& context,
                                         const std::string& entity_type);

}  // namespace ifa026::conformance
