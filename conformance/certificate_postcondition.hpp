// Post-conditions on the final state of an entity that enrols (actors::CertificateHolder): it
// holds a certificate that chains, through the chain it was delivered, to one of its trust
// anchors at the final simulated time, whose SAN dNSName is the registered FQDN; and every chain
// it was delivered ends at a self-signed root among its anchors.
#pragma once

#include <string>
#include <vector>

#include "actors/common/certificate_holder.hpp"
#include "pki/certificate.hpp"
#include "sim/simulation.hpp"

namespace ifa026::conformance {

struct HolderCheck {
  bool ok = false;
  std::string reason;  // what is wrong, or what was verified
  std::string serial;  // of the current certificate, when there is one
  // False when the entity's certificate state cannot be read at all (it is played by a separate
  // process, docs/adapter-protocol.md, or enrols nothing): a check can then not conclude fail.
  bool observable = true;
};

// The entity's CertificateHolder view, or nullptr (no such actor, or it does not enrol).
const actors::CertificateHolder* holder_of(sim::Simulation& simulation, const std::string& name);
// The final simulated time as a calendar instant.
pki::Instant final_instant(const sim::Simulation& simulation);

// The current certificate of `entity` verified at the final simulated time against its trust
// anchors with SAN dNSName `fqdn`.
HolderCheck check_current_certificate(sim::Simulation& simulation, const std::string& entity,
                                      const std::string& fqdn);
// "" when `held`'s chain links leaf -> ... -> a self-signed root that is one of `anchors`,
// else what is wrong.
std::string chain_problem(const actors::HeldCertificate& held,
                          const std::vector<pki::Certificate>& anchors);
// Serials compare without case and leading zeros ("0A1b" == "a1B").
bool same_serial(const std::string& a, const std::string& b);

}  // namespace ifa026::conformance
