// Structured trace calls (see trace_event.hpp).
#include "actors/toolkit/trace_event.hpp"

namespace ifa026::actors {

sim::TraceRecord to_record(TraceEvent&& event) {
  sim::TraceRecord r;
  r.kind = event.kind;
  r.operation = std::move(event.operation);
  r.outcome = std::move(event.outcome);
  r.peer = std::move(event.peer);
  r.reference_point = std::move(event.reference_point);
  r.step = std::move(event.step);
  r.detail = std::move(event.detail);
  r.bytes = event.bytes;
  return r;
}

std::string Tracer::with_prefix(std::string detail) const {
  if (!prefix_) return detail;
  std::string text = prefix_().str();
  if (text.empty()) return detail;
  if (!detail.empty()) text += "; " + detail;
  return text;
}

void Tracer::operator()(TraceEvent event) {
  event.detail = with_prefix(std::move(event.detail));
  context_.note(to_record(std::move(event)));
}

std::uint64_t Tracer::with_id(TraceEvent event) {
  event.detail = with_prefix(std::move(event.detail));
  return context_.trace(to_record(std::move(event)));
}

void Tracer::record(sim::TraceRecord record) {
  record.detail = with_prefix(std::move(record.detail));
  context_.note(std::move(record));
}

}  // namespace ifa026::actors
