// The audit logs of a finished run as files (see audit_files.hpp).
#include "reports/audit_files.hpp"

#include <vector>

#include "actors/common/audit_file.hpp"
#include "actors/common/audit_log_source.hpp"
#include "reports/text_file.hpp"

namespace ifa026::reports {

std::size_t write_audit_files(const OutputFolder& folder, const sim::Scenario& scenario,
                              sim::Simulation& simulation) {
  std::size_t files = 0;
  std::vector<actors::AuditKey> keys;
  for (const auto& spec : scenario.actors) {
    const actors::AuditLog* log = actors::audit_log_of(simulation, spec.name);
    if (log == nullptr) continue;
    for (const auto& partition : log->partitions()) {
      const std::string name =
          "audit/" + spec.name + "/" + partition.sm + "__" + partition.domain + ".json";
      if (!is_safe_relative_path(name)) continue;  // names are the scenario's, checked before
      write_text_file(
          folder.path(name),
          actors::to_audit_file(actors::export_audit_file(*log, partition)).dump(2) + "\n");
      ++files;
    }
    for (auto& key : log->keys()) keys.push_back(std::move(key));
  }
  if (files > 0)
    write_text_file(folder.path("audit/keys.json"),
                    actors::to_audit_keys_file(keys).dump(2) + "\n");
  return files;
}

}  // namespace ifa026::reports
