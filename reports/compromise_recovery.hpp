// How long a deployment takes to recover from a CA key compromise (issue 20; docs/metrics.md,
// docs/robustness.md "CA key compromise"): from the CA's CaKeyCompromise record, every identity
// (MANO entity, VNFCI identity) that held a certificate then must install a certificate by a new
// enrolment; its recovery time is that installation's time minus the compromise's. The run has
// recovered when every such identity has. Fed from the streaming trace by RunMetrics; memory is
// one entry per identity holding a certificate at the compromise.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reports/latency_summary.hpp"
#include "sim/time.hpp"

namespace ifa026::reports {

struct CompromiseRecoverySummary {
  sim::Time compromised_at;              // the first CaKeyCompromise
  std::uint64_t affected = 0;            // identities holding a certificate then
  std::uint64_t recovered = 0;           // of them, enrolled again since
  std::vector<std::string> unrecovered;  // the others, sorted
  LatencySummary recovery;               // per recovered identity
  // The last identity's recovery time (the deployment's), when every one recovered.
  std::optional<sim::Duration> deployment;
};

class CompromiseRecovery {
 public:
  // The CA's key was compromised at `at`; `holding` are the identities holding a certificate.
  void on_compromise(sim::Time at, const std::vector<std::string>& holding);
  // `identity` installed a certificate by an enrolment (not a renewal) at `at`.
  void on_enrolled(std::string_view identity, sim::Time at);

  bool any() const { return compromised_at_.has_value(); }
  CompromiseRecoverySummary summary() const;
  // {"compromised_at", "affected", "recovered", "unrecovered", "recovery", "deployment"}.
  nlohmann::ordered_json to_json() const;

 private:
  std::optional<sim::Time> compromised_at_;
  std::set<std::string, std::less<>> waiting_;
  std::map<std::string, sim::Time> recovered_;
};

}  // namespace ifa026::reports
