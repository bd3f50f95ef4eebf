// The scenario "expect" object: read into Expectations, and validated by the conformance rule
// with JSON pointers located to line and column (unknown keys with a suggestion, unknown actors,
// wrong types, contradictions).
#include <gtest/gtest.h>

#include "actors/builtin_actors.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/expectations.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"

namespace ifa026::conformance::expectations_test {
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
  auto l = load(R"({"certified": ["nfvo-1"], "not_certified": ["nfvo-1"],
    "rejections": [{"actor": "a", "operation": "CsrValidation", "entity": "nfvo-1",
                    "reason_contains": "MAC invalid"}]})");
  EXPECT_FALSE(l.scenario);
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_EQ(l.errors[0].pointer, "/expect/not_certified/0");
}

TEST(Expectations, DirectModeExpectationsNameSpawnedVnfcisAndRead) {
  auto l = load(R"({"direct": {"enrolled": ["vnf-1-fw-1"], "not_enrolled": ["vnf-1-fw-2"],
    "refusals": [{"vnfci": "vnf-1-fw-2", "actor": "ca-1", "operation": "IssueCertificate",
                  "reason_contains": "badPOP"}],
    "renewals": 3, "revoked": ["vnf-1-fw-1"],
    "renewal_refused": [{"vnfci": "vnf-1-fw-1", "actor": "ca-1", "reason_contains": "certRevoked"}]}})");
  for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  ASSERT_TRUE(l.scenario);
  auto e = Expectations::from_json(l.scenario->expect).direct;
  EXPECT_TRUE(e.expects_enrolled("vnf-1-fw-1"));
  EXPECT_TRUE(e.expects_not_enrolled("vnf-1-fw-2"));
  EXPECT_FALSE(e.expects_enrolled("vnf-1-fw-2"));
  ASSERT_EQ(e.refusals.size(), 1u);
  EXPECT_EQ(e.refusals[0].reason_contains, "badPOP");
  EXPECT_EQ(e.renewals, 3);
  EXPECT_EQ(e.revoked, std::vector<std::string>{"vnf-1-fw-1"});
  ASSERT_EQ(e.renewal_refused.size(), 1u);
  EXPECT_EQ(e.renewal_refused[0].vnfci, "vnf-1-fw-1");
  EXPECT_EQ(e.renewal_refused[0].actor, "ca-1");
  EXPECT_EQ(e.renewal_refused[0].reason_contains, "certRevoked");
  ASSERT_NE(e.renewal_refusal_of("vnf-1-fw-1"), nullptr);
  EXPECT_EQ(e.renewal_refusal_of("vnf-1-fw-2"), nullptr);
}

// A negative expectation that does not say which refusal it is about would pass with any refusal
// (a misconfigured CMF, a CA timeout, a harness fault): each one names it, or the scenario is bad
// input.
TEST(Expectations, NegativeExpectationsMustNameTheirRefusal) {
  auto l = load(R"({"not_certified": ["nfvo-1", "a"],
    "rejections": [{"actor": "a", "operation": "KeyAttestationVerification", "entity": "a",
                    "reason_contains": ""},
                   {"actor": "a", "operation": "CsrValidation"}],
    "direct": {"not_enrolled": ["vnf-1-fw-1", "vnf-1-fw-2"],
               "refusals": [{"vnfci": "vnf-1-fw-2", "actor": "ca-1",
                             "operation": "IssueCertificate"}],
               "renewal_refused": ["vnf-1-fw-3", {"vnfci": "vnf-1-fw-4"}]}})");
  EXPECT_FALSE(l.scenario);
  std::string all;
  for (const auto& d : l.errors) all += sim::format_diagnostic(d) + "\n";
  EXPECT_NE(all.find("\"reason_contains\" must not be empty: name the refusal this scenario is "
                     "about (at /expect/rejections/0/reason_contains)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("a rejection needs \"reason_contains\""), std::string::npos) << all;
  EXPECT_NE(all.find("(at /expect/rejections/1)"), std::string::npos) << all;
  EXPECT_NE(all.find("\"nfvo-1\" has no entry in \"rejections\""), std::string::npos) << all;
  EXPECT_NE(all.find("(at /expect/not_certified/0)"), std::string::npos) << all;
  EXPECT_EQ(all.find("(at /expect/not_certified/1)"), std::string::npos) << all;
  EXPECT_NE(all.find("\"vnf-1-fw-1\" has no entry in \"refusals\": name the refusal that stops "
                     "it ({vnfci, actor, operation, reason_contains}) (at "
                     "/expect/direct/not_enrolled/0)"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("(at /expect/direct/not_enrolled/1)"), std::string::npos) << all;
  EXPECT_NE(all.find("a VNFCI refusal needs \"reason_contains\" (a non-empty string) (at "
                     "/expect/direct/refusals/0)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("(at /expect/direct/renewal_refused/0)"), std::string::npos) << all;
  EXPECT_NE(all.find("a renewal refusal needs \"reason_contains\" (a non-empty string) (at "
                     "/expect/direct/renewal_refused/1)"),
            std::string::npos)
      << all;
}

TEST(Expectations, DirectModeProblemsAreReportedWithPointers) {
  auto l = load(R"({"direct": {"enroled": [], "enrolled": ["x", 4], "not_enrolled": ["x"],
    "refusals": [{"actor": "ca-1"}], "renewals": 0}})");
  EXPECT_FALSE(l.scenario);
  std::string all;
  for (const auto& d : l.errors) all += sim::format_diagnostic(d) + "\n";
  EXPECT_NE(all.find("unknown key \"enroled\" in \"direct\" (did you mean \"enrolled\"?)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("(at /expect/direct/enrolled/1)"), std::string::npos) << all;
  EXPECT_NE(all.find("\"x\" is also listed in \"enrolled\" (at /expect/direct/not_enrolled/0)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("a VNFCI refusal needs \"vnfci\""), std::string::npos) << all;
  EXPECT_NE(all.find("(at /expect/direct/renewals)"), std::string::npos) << all;
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
}  // namespace ifa026::conformance::expectations_test
