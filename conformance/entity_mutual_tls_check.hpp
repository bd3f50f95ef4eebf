// Mutual TLS of the NFV-MANO entities (Nfvo.Sc.001, Vnfm.Sc.001, Vim.Sc.001, Wim/Cism/Cir.Sc.004):
// the check that every mutual session an entity completes uses the certificate its CMF issued to it
// and a peer certificate a CMF of the scenario issued, valid and not revoked, and that the suite
// shows bad peer certificates refused. The test description is in entity_mutual_tls_check.cpp.
#pragma once

#include <array>
#include <string>

#include "conformance/check_registry.hpp"

namespace ifa026::conformance {

// The parts of mutual TLS: a session with CMF-issued certificates, and a peer certificate of an
// untrusted CA, an expired one and a revoked one each refused. Each must be observed for an entity
// of the kind somewhere in the suite (CheckRegistry::require_parts).
inline const std::array<std::string, 4> kMutualTlsParts = {
    "mutual session", "untrusted peer refused", "expired peer refused", "revoked peer refused"};

// Checks every entity of `type` in the scenario.
CheckResult check_mutual_tls(const CheckContext& context, const std::string& type);

}  // namespace ifa026::conformance
