// How the report room finds a MANO block's audit log in a finished run: a block's extension that
// keeps one (the NFVO's Security Manager service) implements AuditLogSource, and audit_log_of
// reaches it through the MANO entity host (docs/audit-log.md, "The files of a run").
#pragma once

#include <string>

#include "actors/common/audit_log.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors {

class AuditLogSource {
 public:
  virtual ~AuditLogSource() = default;
  virtual const AuditLog& audit_log() const = 0;
};

// The audit log the actor named `actor` keeps, or nullptr (no such actor, or it keeps none).
const AuditLog* audit_log_of(sim::Simulation& simulation, const std::string& actor);

}  // namespace ifa026::actors
