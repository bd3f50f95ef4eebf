// How long a deployment takes to recover from a CA key compromise (see compromise_recovery.hpp).
#include "reports/compromise_recovery.hpp"

#include <algorithm>

#include "reports/run_metrics.hpp"

namespace ifa026::reports {

void CompromiseRecovery::on_compromise(sim::Time at, const std::vector<std::string>& holding) {
  if (compromised_at_) return;  // the first compromise starts the clock
  compromised_at_ = at;
  waiting_.insert(holding.begin(), holding.end());
}

void CompromiseRecovery::on_enrolled(std::string_view identity, sim::Time at) {
  if (!compromised_at_) return;
  auto it = waiting_.find(identity);
  if (it == waiting_.end()) return;
  recovered_.emplace(*it, at);
  waiting_.erase(it);
}

CompromiseRecoverySummary CompromiseRecovery::summary() const {
  CompromiseRecoverySummary s;
  if (!compromised_at_) return s;
  s.compromised_at = *compromised_at_;
  s.recovered = recovered_.size();
  s.affected = s.recovered + waiting_.size();
  s.unrecovered.assign(waiting_.begin(), waiting_.end());
  std::vector<std::int64_t> times;
  for (const auto& [identity, at] : recovered_) times.push_back((at - *compromised_at_).ns());
  s.recovery = summarise_latencies(times);
  if (waiting_.empty() && !times.empty())
    s.deployment = sim::Duration::nanoseconds(*std::max_element(times.begin(), times.end()));
  return s;
}

nlohmann::ordered_json CompromiseRecovery::to_json() const {
  const CompromiseRecoverySummary s = summary();
  nlohmann::ordered_json doc;
  doc["compromised_at"] = compact_duration(s.compromised_at.since_epoch());
  doc["affected"] = s.affected;
  doc["recovered"] = s.recovered;
  doc["unrecovered"] = s.unrecovered;
  doc["recovery"] = latency_to_json(s.recovery);
  if (s.deployment) {
    doc["deployment"] = compact_duration(*s.deployment);
    doc["deployment_ns"] = s.deployment->ns();
  } else {
    doc["deployment"] = nullptr;
  }
  return doc;
}

}  // namespace ifa026::reports
