// How much of the trace a run writes (see trace_level.hpp).
#include "sim/trace_level.hpp"

namespace ifa026::sim {

std::string_view to_string(TraceLevel level) {
  switch (level) {
    case TraceLevel::all:
      return "all";
    case TraceLevel::decisions:
      return "decisions";
    case TraceLevel::none:
      return "none";
  }
  return "all";
}

std::optional<TraceLevel> trace_level_from(std::string_view text) {
  for (TraceLevel level : {TraceLevel::all, TraceLevel::decisions, TraceLevel::none})
    if (text == to_string(level)) return level;
  return std::nullopt;
}

bool keeps(TraceLevel level, RecordKind kind) {
  switch (level) {
    case TraceLevel::all:
      return true;
    case TraceLevel::none:
      return false;
    case TraceLevel::decisions:
      return kind != RecordKind::send && kind != RecordKind::receive && kind != RecordKind::drop &&
             kind != RecordKind::timer;
  }
  return true;
}

}  // namespace ifa026::sim
