// The audit logs of a finished run as files (docs/audit-log.md, "The files of a run"): every MANO
// block's log, one file per (SM, trust domain) partition in OUT/audit/<block>/<sm>__<domain>.json
// (format ifa026-audit/1), and the partitions' keys in OUT/audit/keys.json (ifa026-audit-keys/1),
// so that `ifa026 audit verify FILE --keys OUT/audit/keys.json` checks what the run kept.
#pragma once

#include <cstddef>

#include "reports/output_folder.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::reports {

// Writes the files; returns the number of partition files (0: no block kept an audit log, and
// nothing is written).
std::size_t write_audit_files(const OutputFolder& folder, const sim::Scenario& scenario,
                              sim::Simulation& simulation);

}  // namespace ifa026::reports
