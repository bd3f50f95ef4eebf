// The scenario "expect" object: read into Expectations, and validated by the conformance rule
// with JSON pointers located to line and column (unknown keys with a suggestion, unknown actors,
// wrong types, contradictions).
#include <gtest/gtest.h>

#include "actors/builtin_actors.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/expectations.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"

namespace ifa026::conformance {
namespace {

using nlohmann::json;

std::string scenario_text(const std::string& expect) {
  return R"({
  "name": "expect-test",
  "epoch": "2026-01-01T00:00:00Z",
  "seed": 1,
  "duration": "1s",
  "actors": [{"name": "a", "type": "echo"}, {"name": "nfvo-1", "type": "echo"}],
  "covers": ["C.4.1.1"],
  "expect": )" +
         expect + "\n}\n";
}

sim::ScenarioLoad load(const std::string& expect) {
  static const auto registry = actors::builtin_registry();
  return sim::load_scenario_text("expect.json", scenario_text(expect), registry,
                                 scenario_rules(Catalogue::builtin()));
}

TEST(Expectations, AWellFormedExpectLoadsAndReads) {
  auto l = load(R"({"certified": ["nfvo-1"], "not_certified": ["a"],
    "rejections": [{"actor": "a", "operation": "RegistrationCheck", "entity": "a",
                    "reason_contains": "not registered", "step": "C.4.1.2.6#1"}],
    "renewals": {"nfvo-1": 2}, "removed": ["nfvo-1"], "sessions": [["a", "nfvo-1"]],
    "access_denied": [{"actor": "a", "peer": "nfvo-1"}]})");
  for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  ASSERT_TRUE(l.scenario);
  auto e = Expectations::from_json(l.scenario->expect);
  EXPECT_TRUE(e.expects_certified("nfvo-1"));
  EXPECT_TRUE(e.expects_not_certified("a"));
  ASSERT_EQ(e.rejections.size(), 1u);
  EXPECT_EQ(e.rejections[0].reason_contains, "not registered");
  EXPECT_EQ(e.rejections_of("a").size(), 1u);
  EXPECT_EQ(e.renewals.at("nfvo-1"), 2);
  ASSERT_EQ(e.sessions.size(), 1u);
  EXPECT_EQ(e.sessions[0].second, "nfvo-1");
  ASSERT_EQ(e.access_denied.size(), 1u);
  EXPECT_TRUE(e.mentions("a"));
}

TEST(Expectations, ProblemsAreReportedWithPointersAndPositions) {
  auto l = load(R"({
    "certifed": ["nfvo-1"],
    "certified": ["nfvo-2"],
    "not_certified": ["nfvo-1", 3],
    "rejections": [{"actor": "a", "reason": "x"}],
    "renewals": {"nfvo-1": 0, "ghost": 1},
    "sessions": [["a"]]
  })");
  EXPECT_FALSE(l.scenario);
  std::string all;
  for (const auto& d : l.errors) all += sim::format_diagnostic(d) + "\n";
  EXPECT_NE(all.find("expect.json:9:5: error: unknown key \"certifed\" in \"expect\" (did you mean "
                     "\"certified\"?)"),
            std::string::npos)
      << all;
  EXPECT_NE(
      all.find("unknown actor \"nfvo-2\" (did you mean \"nfvo-1\"?) (at /expect/certified/0)"),
      std::string::npos)
      << all;
  EXPECT_NE(all.find("(at /expect/not_certified/1)"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown key \"reason\" in a rejection"), std::string::npos) << all;
  EXPECT_NE(all.find("a rejection needs \"operation\""), std::string::npos) << all;
  EXPECT_NE(all.find("(at /expect/renewals/nfvo-1)"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown actor \"ghost\""), std::string::npos) << all;
  EXPECT_NE(all.find("(at /expect/sessions/0)"), std::string::npos) << all;
}

TEST(Expectations, AnEntityCannotBeBothCertifiedAndNot) {
  auto l = load(R"({"certified": ["nfvo-1"], "not_certified": ["nfvo-1"]})");
  EXPECT_FALSE(l.scenario);
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_EQ(l.errors[0].pointer, "/expect/not_certified/0");
}

TEST(Expectations, TheRuleAlsoKeepsTheCoversCheck) {
  static const auto registry = actors::builtin_registry();
  auto text = scenario_text("{}");
  text.replace(text.find("C.4.1.1"), 7, "C.9.9.9");
  auto l =
      sim::load_scenario_text("covers.json", text, registry, scenario_rules(Catalogue::builtin()));
  EXPECT_FALSE(l.scenario);
  ASSERT_FALSE(l.errors.empty());
  EXPECT_NE(l.errors[0].message.find("not a requirement or flow ID"), std::string::npos);
}

}  // namespace
}  // namespace ifa026::conformance
