// Verdict names and the TTCN-3 merge.
#include "conformance/verdict.hpp"

#include <array>

namespace ifa026::conformance {
namespace {
// Rank for merging; the two states outside TTCN-3 rank below none so they never win a merge.
int merge_rank(Verdict v) {
  switch (v) {
    case Verdict::not_applicable:
    case Verdict::not_testable:
      return -1;
    case Verdict::none:
      return 0;
    case Verdict::pass:
      return 1;
    case Verdict::inconc:
      return 2;
    case Verdict::fail:
      return 3;
    case Verdict::error:
      return 4;
  }
  return 0;
}
constexpr std::array<std::pair<Verdict, std::string_view>, 7> kNames{{
    {Verdict::none, "none"},
    {Verdict::pass, "pass"},
    {Verdict::inconc, "inconc"},
    {Verdict::fail, "fail"},
    {Verdict::error, "error"},
    {Verdict::not_applicable, "not-applicable"},
    {Verdict::not_testable, "not-testable"},
}};
}  // namespace

std::string_view to_string(Verdict v) {
  for (const auto& [verdict, name] : kNames)
    if (verdict == v) return name;
  return "none";
}

std::optional<Verdict> verdict_from_string(std::string_view text) {
  for (const auto& [verdict, name] : kNames)
    if (name == text) return verdict;
  return std::nullopt;
}

Outcome merge(const Outcome& current, const Outcome& next) {
  return merge_rank(next.verdict) > merge_rank(current.verdict) ? next : current;
}

}  // namespace ifa026::conformance
