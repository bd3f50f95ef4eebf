// Finding a MANO block's audit log in a finished run (see audit_log_source.hpp).
#include "actors/common/audit_log_source.hpp"

#include "actors/common/mano_entity.hpp"

namespace ifa026::actors {

const AuditLog* audit_log_of(sim::Simulation& simulation, const std::string& actor) {
  const auto* host = dynamic_cast<const ManoEntityHost*>(simulation.actor(actor));
  if (host == nullptr) return nullptr;
  const auto* source = dynamic_cast<const AuditLogSource*>(host->extension());
  return source == nullptr ? nullptr : &source->audit_log();
}

}  // namespace ifa026::actors
