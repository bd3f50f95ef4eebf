// Metrics of the Security Managers of a run (docs/metrics.md, docs/security-manager.md): per SM,
// the events MANO routed to it per trust domain, its grants (approved, rejected, timed out) and
// the delay they added to the operations they held, its authorizations, and the time from each
// termination it asked for to the VNF's termination completing (instruction to effect); over all
// SMs, the Semi-Active objection windows MANO held and the delay they added. With the SMs of the
// scenario given (set_security_managers: name -> depth in the `oversees` hierarchy,
// TrustModel::depth), also per SM the messages it sent and received per reference point, the time
// from its SmTerminateVnfRequest send to the termination's effect, and its refused cross-domain
// requests; and per LCM operation the delay SMs added to it, by mode (Fully-Active grant wait,
// Semi-Active objection wait) and by the deciding SM's depth. Fed from the streaming trace by
// RunMetrics; memory is one small entry per SM, domain, operation, depth and pending termination
// plus one 8-byte sample per grant, window and termination.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reports/latency_summary.hpp"
#include "sim/trace.hpp"

namespace ifa026::reports {

struct SmMessageCount {
  std::uint64_t sent = 0, received = 0;
};

struct SmSummary {
  std::string sm;
  int depth = 0;  // in the `oversees` hierarchy (0: no master), from set_security_managers
  std::map<std::string, std::uint64_t> events_by_domain;  // SmEventRouted
  std::uint64_t grants_approved = 0, grants_rejected = 0, grants_timed_out = 0;
  LatencySummary grant_wait;  // the delay each of its grant decisions added (waited=)
  std::uint64_t authorizations_granted = 0, authorizations_rejected = 0;
  LatencySummary instruction_to_effect;  // SmTerminationItem terminated -> TERMINATE completed
  // The SM's SmTerminateVnfRequest send (its latest before MANO accepted the item) -> TERMINATE
  // completed: the instruction's whole propagation from the SM to the effect.
  LatencySummary instruction_propagation;
  // send records by the SM (sent) and to it (received), per reference point
  std::map<std::string, SmMessageCount> messages_by_reference_point;
  // SmAuthorization rejected because the domain is not one the SM manages (or may see), by domain
  std::map<std::string, std::uint64_t> refused_cross_domain;
};

// The delay SMs added to one LCM operation type (the `operation=` of the SM records).
struct SmOperationDelay {
  std::string operation;
  LatencySummary grant_wait;                              // fully_active: SmGrantDecision waited=
  std::map<int, LatencySummary> grant_wait_by_depth;      // by the deciding SM's depth
  LatencySummary objection_wait;                          // semi_active: SmObjectionWindow waited=
  std::map<int, LatencySummary> objection_wait_by_depth;  // objected windows (closed: no SM)
};

struct ObjectionWindowSummary {
  std::uint64_t closed = 0, objected = 0;
  LatencySummary wait;  // how long each window held its operation
};

class SmMetrics {
 public:
  void on_record(const sim::TraceRecord& record);
  // By SM name; empty when no SM took part.
  std::vector<SmSummary> summaries() const;
  ObjectionWindowSummary objection_windows() const;
  // Name -> depth of every SM of the scenario; without it no messages are counted.
  void set_security_managers(std::map<std::string, int> depths);
  // By LCM operation type; empty when no SM held an operation.
  std::vector<SmOperationDelay> operation_delays() const;

 private:
  struct PerSm {
    SmSummary summary;
    std::vector<std::int64_t> grant_waits, effects, propagations;
    std::int64_t last_instruction_sent = -1;
  };
  struct PerOperation {
    std::vector<std::int64_t> grant_waits, objection_waits;
    std::map<int, std::vector<std::int64_t>> grant_by_depth, objection_by_depth;
  };
  int depth_of(const std::string& sm) const;
  void on_send(const sim::TraceRecord& record);
  std::map<std::string, int> depths_;
  std::map<std::string, PerOperation> operations_;
  std::map<std::string, std::int64_t> sent_at_;  // vnf -> the instruction's send time
  PerSm& of(const std::string& sm);

  std::map<std::string, PerSm> sms_;
  std::map<std::string, std::pair<std::string, std::int64_t>> terminations_;  // vnf -> sm, time
  std::uint64_t windows_closed_ = 0, windows_objected_ = 0;
  std::vector<std::int64_t> window_waits_;
};

}  // namespace ifa026::reports
