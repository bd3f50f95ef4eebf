// Internal-error trace records (see internal_error.hpp).
#include "actors/common/internal_error.hpp"

#include "actors/common/trace_detail.hpp"

namespace ifa026::actors {

sim::TraceRecord internal_error_record(std::string operation, std::string peer, std::string step,
                                       std::string_view what, std::string reference_point) {
  sim::TraceRecord r;
  r.kind = sim::RecordKind::decision;
  r.peer = std::move(peer);
  r.reference_point = std::move(reference_point);
  r.operation = std::move(operation);
  r.step = std::move(step);
  r.outcome = std::string(kInternalErrorOutcome);
  r.detail = TraceDetail().add("reason", "internal error: " + std::string(what));
  return r;
}

bool is_internal_error(const sim::TraceRecord& record) {
  return record.outcome == kInternalErrorOutcome;
}

}  // namespace ifa026::actors
