// Annex B.2-B.7 checks of the NFV-MANO entities (NFVO, VNFM, VIM, WIM, CISM, CIR) on the trace of
// the certificate flows and their final state: mutual TLS with CMF-issued certificates, the
// certificate lifecycle, CSRs built from the OSS-supplied configuration, key attestation supplied
// before the CSR, and for WIM/CISM/CIR access control, tamper detection and confidentiality.
// Each check's test description is in entity_checks.cpp.
#pragma once

#include <array>
#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

void register_entity_checks(CheckRegistry& registry);

// The parts of mutual TLS (Nfvo.Sc.001 ...): a session with CMF-issued certificates, and a peer
// certificate of an untrusted CA, an expired one and a revoked one each refused. Each must be
// observed for an entity of the kind somewhere in the suite (CheckRegistry::require_parts).
inline const std::array<std::string, 4> kMutualTlsParts = {
    "mutual session", "untrusted peer refused", "expired peer refused", "revoked peer refused"};
// The parts of an entity's certificate lifecycle (Nfvo.Sc.004 ...), required the same way.
inline const std::array<std::string, 6> kLifecycleParts = {"CSR",     "enrolment",  "renewal",
                                                           "removal", "revocation", "monitoring"};
// The refusals WIM, CISM and CIR access control (Wim.Sc.001 ...) must each show in the suite.
inline const std::array<std::string, 2> kAccessParts = {"unauthenticated sender refused",
                                                        "unauthorised sender refused"};

// Each checks every entity of `type` in the scenario.
CheckResult check_mutual_tls(const CheckContext& context, const std::string& type);
CheckResult check_certificate_lifecycle(const CheckContext& context, const std::string& type);
CheckResult check_configured_csr(const CheckContext& context, const std::string& type);
CheckResult check_attestation_supplied(const CheckContext& context, const std::string& type);
CheckResult check_access_control(const CheckContext& context, const std::string& type);
CheckResult check_tamper_refused(const CheckContext& context, const std::string& type);
CheckResult check_confidentiality(const CheckContext& context, const std::string& type);

}  // namespace ifa026::conformance
