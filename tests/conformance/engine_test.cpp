// The verdict engine on real runs of the echo scenario: checks reading the trace can pass, fail
// and error; a requirement without a check or covering scenario stays none; not-observable
// requirements are not-testable; a harness fault is error, never fail.
#include <gtest/gtest.h>

#include "actors/builtin_actors.hpp"
#include "actors/common/internal_error.hpp"
#include "conformance/engine.hpp"
#include "sim/scenario.hpp"

namespace ifa026::conformance {
namespace {

using nlohmann::json;

json entry(const std::string& id, const std::string& testability = "observable") {
  return {{"id", id},
          {"clause", "A.1"},
          {"kind", "requirement"},
          {"modality", "shall"},
          {"subject", "SM"},
          {"summary", "test entry"},
          {"testability", testability},
          {"testability_reason", "test"}};
}

class EngineTest : public ::testing::Test {
 protected:
  sim::ActorRegistry actors = actors::builtin_registry();
  Catalogue catalogue = Catalogue::from_json(
      json::array({entry("T.pass"), entry("T.fail"), entry("T.nocheck"), entry("T.uncovered"),
                   entry("T.hidden", "not-observable"), entry("T.throws")}));
  CheckRegistry checks;

  sim::Scenario scenario(std::vector<std::string> covers) {
    auto load = sim::load_scenario_file(
        std::string(IFA026_SOURCE_DIR) + "/scenarios/smoke/echo-lossy-link.json", actors);
    EXPECT_TRUE(load.scenario);
    load.scenario->covers = std::move(covers);
    return *load.scenario;
  }

  void SetUp() override {
    // Pass only when the trace shows a completed round trip; evidence is its record.
    checks.add("T.pass", "a round trip completes", [](const CheckContext& c) {
      for (const auto& r : c.trace)
        if (r.operation == "RoundTrip" && r.outcome == "ok")
          return CheckResult{Verdict::pass, "round trip observed", {r.id}};
      return CheckResult{Verdict::fail, "no round trip", {}};
    });
    // Fails when any message was lost: the lossy scenario loses some.
    checks.add("T.fail", "no message is lost", [](const CheckContext& c) {
      for (const auto& r : c.trace)
        if (r.kind == sim::RecordKind::drop) return CheckResult{Verdict::fail, "a drop", {r.id}};
      return CheckResult{Verdict::pass, "no drop", {}};
    });
    checks.add("T.uncovered", "never run", [](const CheckContext&) {
      return CheckResult{Verdict::pass, "should not be evaluated", {}};
    });
    checks.add("T.throws", "throws",
               [](const CheckContext&) -> CheckResult { throw std::runtime_error("boom"); });
    checks.add("T.hidden", "would pass", [](const CheckContext&) {
      return CheckResult{Verdict::pass, "", {}};
    });
  }

  const RequirementResult& find(const ConformanceReport& report, const std::string& id) {
    for (const auto& r : report.requirements)
      if (r.id == id) return r;
    throw std::runtime_error("no " + id);
  }
};

TEST_F(EngineTest, VerdictsComeFromTheTrace) {
  Engine engine(catalogue, checks, actors);
  auto report = engine.run({scenario({"T.pass", "T.fail", "T.nocheck", "T.throws", "T.hidden"})});
  ASSERT_EQ(report.requirements.size(), 6u);
  EXPECT_EQ(find(report, "T.pass").verdict, Verdict::pass);
  EXPECT_EQ(find(report, "T.fail").verdict, Verdict::fail);
  EXPECT_EQ(find(report, "T.nocheck").verdict, Verdict::none);
  EXPECT_EQ(find(report, "T.uncovered").verdict, Verdict::none);
  EXPECT_NE(find(report, "T.uncovered").reason.find("no scenario"), std::string::npos);
  EXPECT_EQ(find(report, "T.throws").verdict, Verdict::error);
  EXPECT_EQ(find(report, "T.hidden").verdict, Verdict::not_testable);
  EXPECT_EQ(report.exit_code(), 3);
  // Evidence points at real trace records.
  for (const auto& e : report.evaluations)
    if (e.requirement_id == "T.pass") {
      ASSERT_EQ(e.evidence.size(), 1u);
      EXPECT_GT(e.evidence[0], 0u);
    }
  EXPECT_EQ(report.scenarios.size(), 1u);
  EXPECT_EQ(report.scenarios[0].fingerprint.size(), 16u);
}

TEST_F(EngineTest, TheSameCheckFailsWhenTheTraceChanges) {
  // Without loss the "no message is lost" check passes: it observes, it does not assume.
  auto s = scenario({"T.fail"});
  for (auto& link : s.links) link.properties.loss = 0;
  Engine engine(catalogue, checks, actors);
  auto report = engine.run({s});
  EXPECT_EQ(find(report, "T.fail").verdict, Verdict::pass);
  EXPECT_EQ(report.exit_code(), 0);
}

TEST_F(EngineTest, MergesAcrossScenariosKeepingTheWorst) {
  auto lossless = scenario({"T.fail"});
  lossless.name = "lossless";
  for (auto& link : lossless.links) link.properties.loss = 0;
  Engine engine(catalogue, checks, actors);
  auto report = engine.run({lossless, scenario({"T.fail"})});
  const auto& r = find(report, "T.fail");
  EXPECT_EQ(r.verdict, Verdict::fail);
  EXPECT_EQ(r.scenarios.size(), 2u);
  EXPECT_EQ(report.exit_code(), 1);
}

TEST_F(EngineTest, AHarnessFaultIsErrorNeverFail) {
  auto s = scenario({"T.pass"});
  s.scheduler = "no-such-scheduler";  // the simulation cannot be built
  Engine engine(catalogue, checks, actors);
  auto report = engine.run({s});
  EXPECT_EQ(find(report, "T.pass").verdict, Verdict::error);
  EXPECT_FALSE(report.scenarios[0].error.empty());
  EXPECT_EQ(report.exit_code(), 3);
}

// An actor's internal error anywhere in a run makes every requirement the scenario covers error,
// whatever its checks would say (the pass and the fail alike), citing the record.
TEST_F(EngineTest, AnInternalErrorInTheRunIsErrorForEveryCoveredRequirement) {
  Engine engine(catalogue, checks, actors);
  std::uint64_t injected = 0;
  engine.on_simulation_built = [&](sim::Simulation& simulation) {
    auto record = actors::internal_error_record("Echo", "b", "", "injected fault");
    record.actor = "a";
    injected = simulation.trace().emit(std::move(record));
  };
  auto report = engine.run({scenario({"T.pass", "T.fail"})});
  for (const char* id : {"T.pass", "T.fail"}) {
    const auto& r = find(report, id);
    EXPECT_EQ(r.verdict, Verdict::error) << id << ": " << r.reason;
    EXPECT_NE(r.reason.find("a at Echo (#" + std::to_string(injected) +
                            "): internal error: injected fault"),
              std::string::npos)
        << r.reason;
  }
  for (const auto& e : report.evaluations)
    EXPECT_EQ(e.evidence, std::vector<std::uint64_t>{injected}) << e.requirement_id;
  EXPECT_EQ(report.exit_code(), 3);
}

}  // namespace
}  // namespace ifa026::conformance
