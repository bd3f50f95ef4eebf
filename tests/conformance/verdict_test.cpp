// TTCN-3 verdict order and merge: only worse, first reason kept at the worst level, and the two
// states outside TTCN-3 never outrank a check's verdict.
#include <gtest/gtest.h>

#include "conformance/verdict.hpp"

namespace ifa026::conformance {
namespace {

TEST(Verdict, MergeOnlyGetsWorse) {
  const Verdict order[] = {Verdict::none, Verdict::pass, Verdict::inconc, Verdict::fail,
                           Verdict::error};
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 5; ++j) {
      auto m = merge({order[i], "a"}, {order[j], "b"});
      EXPECT_EQ(m.verdict, order[std::max(i, j)]) << i << "," << j;
    }
}

TEST(Verdict, KeepsTheFirstReasonAtTheWorstLevel) {
  Outcome o;
  o = merge(o, {Verdict::pass, "p1"});
  o = merge(o, {Verdict::fail, "first failure"});
  o = merge(o, {Verdict::fail, "second failure"});
  o = merge(o, {Verdict::inconc, "later inconc"});
  EXPECT_EQ(o.verdict, Verdict::fail);
  EXPECT_EQ(o.reason, "first failure");
}

TEST(Verdict, NotApplicableAndNotTestableNeverWinAMerge) {
  EXPECT_EQ(merge({Verdict::pass, ""}, {Verdict::not_testable, ""}).verdict, Verdict::pass);
  EXPECT_EQ(merge({Verdict::none, ""}, {Verdict::not_applicable, ""}).verdict, Verdict::none);
  EXPECT_EQ(merge({Verdict::not_applicable, ""}, {Verdict::pass, ""}).verdict, Verdict::pass);
}

TEST(Verdict, NamesRoundTrip) {
  for (auto v : {Verdict::none, Verdict::pass, Verdict::inconc, Verdict::fail, Verdict::error,
                 Verdict::not_applicable, Verdict::not_testable})
    EXPECT_EQ(verdict_from_string(to_string(v)), v);
  EXPECT_EQ(to_string(Verdict::not_applicable), "not-applicable");
  EXPECT_FALSE(verdict_from_string("passed"));
}

}  // namespace
}  // namespace ifa026::conformance
