// Verdicts in TTCN-3 order (none < pass < inconc < fail < error) with the merge rule: a merge
// only gets worse, and keeps the first reason given at the worst level. not-applicable (outside
// the ICS) and not-testable (no simulation can observe it) are states of their own that never
// outrank a verdict from a check.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ifa026::conformance {

enum class Verdict { none, pass, inconc, fail, error, not_applicable, not_testable };

std::string_view to_string(Verdict v);
std::optional<Verdict> verdict_from_string(std::string_view text);

struct Outcome {
  Verdict verdict = Verdict::none;
  std::string reason;
};

// The merge of `current` and `next` (see above).
Outcome merge(const Outcome& current, const Outcome& next);

}  // namespace ifa026::conformance
