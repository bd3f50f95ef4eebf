// What the Annex C.4 flow walkers share (csr_flow_walker, registration_flow_check): the rows of
// the step tables they follow (actors/messages/flow_steps.hpp), the filter for a row's own record,
// how a reason names a step ("#3"), the records already matched to one entity's walk (so that the
// walk of another entity does not take them too), and the entities a flow concerns.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "conformance/mano_roles.hpp"
#include "conformance/mano_trace.hpp"
#include "conformance/trace_query.hpp"

namespace ifa026::conformance {

// The records the walks of one flow check have matched to an entity: each belongs to one walk.
class ClaimedRecords {
 public:
  bool taken(const sim::TraceRecord* r) const { return r != nullptr && ids_.contains(r->id); }
  void take(const sim::TraceRecord* r) {
    if (r != nullptr) ids_.insert(r->id);
  }

 private:
  std::set<std::uint64_t> ids_;
};

// The first match of `f` with an id strictly between `after` and `before` (0: unbounded) that no
// walk has claimed, or nullptr.
const sim::TraceRecord* first_unclaimed(const TraceQuery& q, const RecordFilter& f,
                                        const ClaimedRecords& claims, std::uint64_t after,
                                        std::uint64_t before = 0);
// The last such match, or nullptr.
const sim::TraceRecord* last_unclaimed(const TraceQuery& q, const RecordFilter& f,
                                       const ClaimedRecords& claims, std::uint64_t after,
                                       std::uint64_t before);

// "#3": how reasons name a step of the flow being judged.
std::string step_label(const flows::FlowStep& step);
// How a reason says the send of `row` is not in the trace: "#3 missing: no C.4.1.2.6#3 send from
// cmf-1 to ca-1 <where>".
std::string missing_send(const flows::FlowStep& row, const std::string& from, const std::string& to,
                         const std::string& where);
// The filter for a step's own record: its kind, operation and step ID (the caller adds actors
// and peers).
RecordFilter step_record(const flows::FlowStep& step);
// The row of `flow` shown by the record of `kind` and `operation`. The walkers follow the C.4
// tables' shape (checked by the conformance tests), so the table has it; std::logic_error if not.
const flows::FlowStep& table_row(const ManoFlow& flow, sim::RecordKind kind, const char* operation);

// Entities of the flow's type whose records or expectations tie them to this flow.
std::vector<std::string> concerned_entities(const ManoView& view, const ManoFlow& flow);

}  // namespace ifa026::conformance
