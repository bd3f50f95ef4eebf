// The walk of one entity's CSR attempts through the table of an Annex C.4.x.2.6/.7 flow
// (tables C.4.x.2.6-1, C.4.x.2.7-2): for each registration check the CMF recorded for the entity,
// the records that show steps #0..#6 in table order between the entity, its CMF and a CA (with an
// HSM, the key generated and the CSR signed in it before #0), and where the attempt stopped: the
// certificate installed, a rejection answered with an error response, or what is missing or out
// of order. csr_flow_check judges the attempts.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "conformance/flow_table_walk.hpp"

namespace ifa026::conformance {

// The rows of a C.4.x.2 table, named by what the walker does with them.
struct CsrTable {
  explicit CsrTable(const ManoFlow& flow);
  const flows::FlowStep& request;     // entity -> CMF, the CSR
  const flows::FlowStep& check;       // CMF: the requester is registered
  const flows::FlowStep& validation;  // CMF: the CSR is valid
  const flows::FlowStep& relay;       // CMF -> CA
  const flows::FlowStep& issue;       // CA: issued
  const flows::FlowStep& reply;       // CA -> CMF
  const flows::FlowStep& response;    // CMF -> entity
  const flows::FlowStep& ca_failure;  // where the CMF records that its request to the CA failed
};

// One CSR attempt of an entity as far as the trace shows it.
struct CsrAttempt {
  std::map<int, const sim::TraceRecord*> step;  // table step -> the record that shows it
  const sim::TraceRecord* installed = nullptr;
  const sim::TraceRecord* rejection = nullptr;
  const flows::FlowStep* rejected_at = nullptr;
  const sim::TraceRecord* error_reply = nullptr;
  int reached = -1;     // highest step found in order
  std::string problem;  // "" when it completed or ended with an answered rejection

  // Row `row` shown by `record`, the furthest step so far.
  void reach(const flows::FlowStep& row, const sim::TraceRecord* record) {
    step[row.number] = record;
    reached = row.number;
  }
  bool complete() const { return problem.empty() && installed != nullptr; }
  bool answered_rejection() const { return problem.empty() && rejection != nullptr; }
  std::vector<std::uint64_t> evidence() const {
    std::vector<std::uint64_t> out;
    for (const auto& [n, r] : step)
      if (r != nullptr) out.push_back(r->id);
    for (const auto* r : {installed, rejection, error_reply})
      if (r != nullptr) out.push_back(r->id);
    return out;
  }
};

class CsrFlowWalker {
 public:
  CsrFlowWalker(const ManoView& view, const ManoFlow& flow, ClaimedRecords& claims)
      : v_(view), q_(view.query), flow_(flow), t_(flow), claims_(claims) {}

  // Every attempt of `entity` (one per registration check the CMF recorded).
  std::vector<CsrAttempt> attempts(const std::string& entity);

 private:
  // Records the rejection at step `at`, and the error response that must answer it.
  void reject(CsrAttempt& a, const sim::TraceRecord* record, const flows::FlowStep& at,
              const std::string& cmf, const std::string& entity);
  // The HSM-If exchanges of the .7 variant's first step: key generated and CSR signed in the
  // entity's HSM ("" when the trace shows them, else what is missing).
  std::string hsm_problem(const std::string& entity, const sim::TraceRecord& s0,
                          std::uint64_t after);
  // The attempt whose registration check is `r1`, after the previous attempt's (`previous`).
  CsrAttempt walk(const std::string& cmf, const std::string& entity, const sim::TraceRecord* r1,
                  std::uint64_t previous);

  const ManoView& v_;
  const TraceQuery& q_;
  const ManoFlow& flow_;
  const CsrTable t_;
  ClaimedRecords& claims_;
};

}  // namespace ifa026::conformance
