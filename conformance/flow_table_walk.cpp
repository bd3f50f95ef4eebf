// The pieces the Annex C.4 flow walkers share (see flow_table_walk.hpp).
#include "conformance/flow_table_walk.hpp"

#include <stdexcept>

namespace ifa026::conformance {

using sim::RecordKind;
using Rec = sim::TraceRecord;
using flows::FlowStep;

const Rec* first_unclaimed(const TraceQuery& q, const RecordFilter& f, const ClaimedRecords& claims,
                           std::uint64_t after, std::uint64_t before) {
  for (const auto* r : q.all(f)) {
    if (r->id <= after || (before != 0 && r->id >= before)) continue;
    if (!claims.taken(r)) return r;
  }
  return nullptr;
}

const Rec* last_unclaimed(const TraceQuery& q, const RecordFilter& f, const ClaimedRecords& claims,
                          std::uint64_t after, std::uint64_t before) {
  const Rec* found = nullptr;
  for (const auto* r : q.all(f)) {
    if (r->id <= after || (before != 0 && r->id >= before)) continue;
    if (!claims.taken(r)) found = r;
  }
  return found;
}

std::string step_label(const FlowStep& step) {
  return "#" + std::to_string(step.number);
}

std::string missing_send(const FlowStep& row, const std::string& from, const std::string& to,
                         const std::string& where) {
  return step_label(row) + " missing: no " + row.id + " send from " + from + " to " + to + " " +
         where;
}

// The filter for a step's own record: its kind, operation and step ID (actors and peers are
// added by the caller).
RecordFilter step_record(const FlowStep& step) {
  return RecordFilter{}.of_kind(step.kind).op(step.operation).at_step(step.id);
}

// The row of `flow` shown by the record of `kind` and `operation`; the table has it (the walkers
// below follow the C.4 tables' shape, checked by the conformance tests).
const FlowStep& table_row(const ManoFlow& flow, sim::RecordKind kind, const char* operation) {
  const auto* step = flows::step_with(flow.id, kind, operation);
  if (step == nullptr)
    throw std::logic_error(flow.id + " has no step shown by " + std::string(operation));
  return *step;
}

// Entities of the flow's type whose records or expectations tie them to this flow.
std::vector<std::string> concerned_entities(const ManoView& v, const ManoFlow& flow) {
  std::vector<std::string> out;
  for (const auto& entity : v.roles.entities_of(flow.entity_type)) {
    bool in_trace = false;
    bool in_other_variant = false;
    for (const auto& r : v.query.records()) {
      if (r.step.empty()) continue;
      const bool about = (r.kind == RecordKind::send && r.actor == entity) ||
                         (v.roles.is_cmf(r.actor) && detail_of(r, keys::kEntity) == entity);
      if (!about) continue;
      const auto* other = find_mano_flow(std::string(flows::flow_of_step(r.step)));
      if (flows::in_flow(r.step, flow.id))
        in_trace = true;
      else if (!flow.registration && other != nullptr && !other->registration)
        in_other_variant = true;
    }
    if (flow.registration) {
      // Registration concerns the entity when the CMF decided about it at this flow's step, or
      // when the scenario expects it to be registered or refused.
      bool expected = v.expect.expects_certified(entity);
      for (const auto& rj : v.expect.rejections_of(entity))
        if (rj.operation == decisions::kRegisterEntity) expected = true;
      if (in_trace || expected) out.push_back(entity);
      continue;
    }
    const bool variant = !v.roles.hsm_of(entity).empty() == flow.hsm;
    if (in_trace || (variant && !in_other_variant && v.expect.mentions(entity)))
      out.push_back(entity);
  }
  return out;
}

}  // namespace ifa026::conformance
