// Metrics per VNF LCM operation of the lifecycle chain (docs/lifecycle.md "Metrics per LCM
// operation", docs/metrics.md): for every VNF LCM operation occurrence the VNFM ran on the chain
// (its VnfLcmOperation records carry `source`; the workload-command shortcut's do not), how long
// it took from the request that started it to its end, and how that time splits into the grant,
// the allocations and the certificates of the VNFCIs it added; grouped by operation type. Fed from
// the streaming trace by RunMetrics; memory is one small entry per occurrence.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "reports/latency_summary.hpp"
#include "sim/trace.hpp"

namespace ifa026::reports {

struct LcmOperationSummary {
  std::string operation;  // INSTANTIATE, SCALE_OUT, SCALE_IN, HEAL, TERMINATE
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;       // ended FAILED (e.g. a refused grant)
  std::uint64_t rolled_back = 0;  // ended ROLLED_BACK (an allocation refused midway)
  std::uint64_t unfinished = 0;   // started, no end before the run ended
  // Over the completed occurrences only:
  LatencySummary duration;     // the NS request's receipt at the NFVO (else STARTING) -> COMPLETED
  LatencySummary grant;        // grant requested -> answered
  LatencySummary allocation;   // grant answered -> the last allocation answered (with allocations)
  LatencySummary certificate;  // first allocation -> last enrolment of an added VNFCI (with some)
  LatencySummary ready;        // start -> the later of COMPLETED and that last enrolment
};

class LcmOperationMetrics {
 public:
  void on_record(const sim::TraceRecord& record);
  // By operation type, in name order.
  std::vector<LcmOperationSummary> summaries() const;

 private:
  struct Occurrence {
    std::string operation;
    std::string end;  // completed, failed, rolled_back ("" while running)
    std::int64_t start = -1, grant_requested = -1, granted = -1, first_allocation = -1,
                 last_allocation = -1, completed = -1, last_certificate = -1;
  };
  void on_vnf_operation(const sim::TraceRecord& record);

  std::map<std::string, Occurrence> occurrences_;        // by VNFM occurrence id
  std::map<std::string, std::int64_t> ns_requests_;      // NS request receipt at the NFVO, by corr
  std::map<std::string, std::string> vnfci_occurrence_;  // the occurrence that allocated a VNFCI
};

}  // namespace ifa026::reports
