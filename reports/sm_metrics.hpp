// Metrics of the Security Managers of a run (docs/metrics.md, docs/security-manager.md): per SM,
// the events MANO routed to it per trust domain, its grants (approved, rejected, timed out) and
// the delay they added to the operations they held, its authorizations, and the time from each
// termination it asked for to the VNF's termination completing (instruction to effect); over all
// SMs, the Semi-Active objection windows MANO held and the delay they added. Fed from the
// streaming trace by RunMetrics; memory is one small entry per SM, domain and pending termination.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reports/latency_summary.hpp"
#include "sim/trace.hpp"

namespace ifa026::reports {

struct SmSummary {
  std::string sm;
  std::map<std::string, std::uint64_t> events_by_domain;  // SmEventRouted
  std::uint64_t grants_approved = 0, grants_rejected = 0, grants_timed_out = 0;
  LatencySummary grant_wait;  // the delay each of its grant decisions added (waited=)
  std::uint64_t authorizations_granted = 0, authorizations_rejected = 0;
  LatencySummary instruction_to_effect;  // SmTerminationItem terminated -> TERMINATE completed
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

 private:
  struct PerSm {
    SmSummary summary;
    std::vector<std::int64_t> grant_waits, effects;
  };
  PerSm& of(const std::string& sm);

  std::map<std::string, PerSm> sms_;
  std::map<std::string, std::pair<std::string, std::int64_t>> terminations_;  // vnf -> sm, time
  std::uint64_t windows_closed_ = 0, windows_objected_ = 0;
  std::vector<std::int64_t> window_waits_;
};

}  // namespace ifa026::reports
