// How much of the trace a run writes to its trace file (`--trace all|decisions|none`, issue 21;
// docs/trace-format.md): every record; the decisions (decision, crypto, command, fault and log
// records: what actors judged and what the kernel did to them, without the message traffic and
// timers); or no file at all. Only the file changes: the fingerprint, the metrics and the checks
// see every record whatever the level.
#pragma once

#include <optional>
#include <string_view>

#include "sim/trace.hpp"

namespace ifa026::sim {

enum class TraceLevel { all, decisions, none };

// "all", "decisions", "none".
std::string_view to_string(TraceLevel level);
// The level `text` names, or nullopt.
std::optional<TraceLevel> trace_level_from(std::string_view text);
// Whether a record of `kind` is written at `level`.
bool keeps(TraceLevel level, RecordKind kind);

}  // namespace ifa026::sim
