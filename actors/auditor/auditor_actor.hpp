// Registers the `auditor` actor type: an audit collector (issue 16; docs/security-monitoring.md
// "The audit trail"; Annex A R1.3.270, R1.3.280). A MANO-style entity for its certificate (the OSS
// registers and configures it at the CMF like a Security Manager); once it holds one it delivers to
// each keeper of an audit log it is given (NFVO, VNFM, VIM, SM) that keeper's audit key, drawn from
// its seeded random stream, over mutual TLS (AuditKeyDelivery), and notes their acknowledgements;
// it then verifies and stores the records the keepers transfer to it (AuditLogTransfer, R1.3.280)
// under keys derived from each session's TLS exporter.
#pragma once

#include "sim/actor_registry.hpp"

namespace ifa026::actors {

void register_auditor_actor(sim::ActorRegistry& registry);

}  // namespace ifa026::actors
