// Merging a check's observations into one result (see check_outcome.hpp).
#include "conformance/check_outcome.hpp"

#include <algorithm>

namespace ifa026::conformance {
namespace {

int outcome_rank(Verdict v) {
  switch (v) {
    case Verdict::pass:
      return 1;
    case Verdict::inconc:
      return 2;
    case Verdict::fail:
      return 3;
    case Verdict::error:
      return 4;
    default:
      return 0;
  }
}

}  // namespace

void CheckOutcome::add(Verdict verdict, std::string reason, std::vector<std::uint64_t> evidence) {
  observations_.push_back({verdict, std::move(reason)});
  for (auto id : evidence) cite(id);
}

void CheckOutcome::cite(std::uint64_t record_id) {
  if (record_id == 0) return;
  if (std::find(evidence_.begin(), evidence_.end(), record_id) == evidence_.end())
    evidence_.push_back(record_id);
}

Verdict CheckOutcome::worst() const {
  Verdict w = Verdict::none;
  for (const auto& o : observations_)
    if (outcome_rank(o.verdict) > outcome_rank(w)) w = o.verdict;
  return w;
}

CheckResult CheckOutcome::result(const std::string& when_empty) const {
  CheckResult r;
  r.observed = observed_;
  if (observations_.empty()) {
    r.verdict = Verdict::inconc;
    r.reason = when_empty;
    return r;
  }
  r.verdict = worst();
  std::size_t others = 0;
  std::vector<std::string> seen;  // the same observation twice is told once
  for (const auto& o : observations_) {
    if (o.verdict != r.verdict) {
      ++others;
      continue;
    }
    if (std::find(seen.begin(), seen.end(), o.reason) != seen.end()) continue;
    seen.push_back(o.reason);
    if (!r.reason.empty()) r.reason += "; ";
    r.reason += o.reason;
  }
  if (others > 0 && r.verdict != Verdict::pass)
    r.reason += " (" + std::to_string(others) + " other observation(s) at a better verdict)";
  r.evidence = evidence_;
  std::sort(r.evidence.begin(), r.evidence.end());
  return r;
}

std::string joined_names(const std::set<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace ifa026::conformance
