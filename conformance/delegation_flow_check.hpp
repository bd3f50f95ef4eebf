// The flow check of the nine delegation-mode flows (C.2.2.1, C.2.2.2.6, C.2.2.2.7, C.2.2.3,
// C.2.2.4.6, C.2.2.4.7, C.3.2.1, C.3.2.2, C.3.2.3): per VNFCI identity of the flow, every row of
// the flow's step table (actors/messages/flow_steps.hpp) shown by its own record, by an actor of
// the row's role, citing the row, in table order, about that VNFCI identity, and the flow's
// post-condition; a refusal ends the walk (fail, or pass when the scenario's expect.delegation
// names it). docs/delegation-mode.md "Checks (as built)".
#pragma once

#include <string>
#include <vector>

#include "conformance/check_registry.hpp"
#include "conformance/delegation_trace.hpp"

namespace ifa026::conformance {

// One walk of a flow for one VNFCI identity: the record of each table row (nullptr where none),
// and how it ended.
struct DelegationWalk {
  std::string flow;
  std::string vnfci;
  std::string identity;          // "" for a registration of a whole VNFCI
  std::string vnfm;              // the VNFM that handles it ("" when no record names one)
  std::vector<const Rec*> rows;  // per table row, table order
  const Rec* refusal = nullptr;  // the refusal that ended it
  const Rec* result = nullptr;   // the post-condition's record (registered, stored, installed)
  const Rec* issued = nullptr;   // the CA's IssueCertificate of the certificate (CSR, install)
  std::string problem;           // "" when complete and the post-condition holds
  int attempts = 1;
  bool complete() const { return problem.empty() && refusal == nullptr && result != nullptr; }
};

// Every walk of `flow` in the trace (one per VNFCI identity; the last attempt of each).
std::vector<DelegationWalk> delegation_walks(const ManoView& mano, const DelegationRoles& roles,
                                             const std::string& flow);

CheckResult check_delegation_flow(const CheckContext& context, const std::string& flow);

void register_delegation_flow_checks(CheckRegistry& registry);

}  // namespace ifa026::conformance
