// Actors played by separate processes (actors/external/external_actor.hpp,
// docs/adapter-protocol.md): our CMF as `ifa026 actor serve cmf` runs the whole C.4 and C.2.1
// suites with the same trace fingerprints and verdicts as inside, and a process that crashes,
// hangs, speaks something else or cannot be started gives the verdict error, in bounded time,
// without stopping the run.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/builtin_actors.hpp"
#include "actors/common/internal_error.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors::external {
namespace {

namespace fs = std::filesystem;
using conformance::Verdict;

const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = builtin_registry();
  return r;
}

const conformance::CheckRegistry& checks() {
  static const conformance::CheckRegistry c = [] {
    conformance::CheckRegistry r;
    conformance::register_builtin_checks(r);
    return r;
  }();
  return c;
}

sim::Scenario load(const fs::path& file) {
  auto l = sim::load_scenario_file(file.string(), registry(),
                                   conformance::scenario_rules(conformance::Catalogue::builtin()));
  for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!l.scenario) throw std::runtime_error("cannot load " + file.string());
  return *l.scenario;
}

fs::path annex_c() {
  return fs::path(IFA026_SOURCE_DIR) / "scenarios" / "annex-c";
}

// Every actor of `type` played by `command` (answers within `timeout`).
std::size_t make_external(sim::Scenario& s, const std::string& type,
                          std::vector<std::string> command, const std::string& timeout = "10s") {
  std::size_t n = 0;
  for (auto& a : s.actors)
    if (a.type == type) {
      a.external = {{"command", command}, {"timeout", timeout}};
      ++n;
    }
  return n;
}

struct Records : sim::TraceSink {
  std::vector<sim::TraceRecord> all;
  void on_record(const sim::TraceRecord& r) override { all.push_back(r); }
};

struct RunResult {
  conformance::ConformanceReport report;
  std::vector<sim::TraceRecord> records;
  double seconds = 0;
};

RunResult run(const std::vector<sim::Scenario>& scenarios) {
  conformance::Engine engine(conformance::Catalogue::builtin(), checks(), registry());
  Records records;
  engine.on_simulation_built = [&](sim::Simulation& simulation) {
    simulation.trace().subscribe(records);
  };
  const auto started = std::chrono::steady_clock::now();
  RunResult r{engine.run(scenarios), {}, 0};
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.records = std::move(records.all);
  return r;
}

// Every evaluation's verdict, by scenario, requirement and check.
std::map<std::string, Verdict> verdicts(const conformance::ConformanceReport& report) {
  std::map<std::string, Verdict> out;
  for (const auto& e : report.evaluations)
    out[e.scenario + " " + e.requirement_id + " " + e.check] = e.verdict;
  return out;
}

std::vector<std::string> suite_files() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(annex_c())) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("C.4.") || name.starts_with("C.2.1.")) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ExternalActor, CmfAsAProcessRunsTheC4AndC21SuitesWithTheSameTraceAndVerdicts) {
  const auto files = suite_files();
  ASSERT_GE(files.size(), 14u);
  std::vector<sim::Scenario> inside;
  std::vector<sim::Scenario> outside;
  std::vector<std::string> played;
  for (const auto& file : files) {
    sim::Scenario scenario = load(annex_c() / file);
    // A CMF that crashes and restarts from its disk (C.2.1.4-cmf-restart) is left out: an
    // external actor has no disk the harness keeps (docs/adapter-protocol.md, "Crashes").
    const bool restarts_cmf =
        std::any_of(scenario.faults.begin(), scenario.faults.end(), [](const sim::FaultWindow& f) {
          return f.kind == sim::FaultWindow::Kind::crash && f.restart_after > sim::Duration() &&
                 f.actor.starts_with("cmf");
        });
    if (restarts_cmf) continue;
    played.push_back(file);
    inside.push_back(std::move(scenario));
    outside.push_back(inside.back());
    ASSERT_GT(make_external(outside.back(), "cmf", {IFA026_BINARY, "actor", "serve", "cmf"}), 0u)
        << file;
  }
  const RunResult in = run(inside);
  const RunResult out = run(outside);
  ASSERT_EQ(out.report.scenarios.size(), played.size());
  for (std::size_t i = 0; i < played.size(); ++i) {
    SCOPED_TRACE(played[i]);
    EXPECT_EQ(out.report.scenarios[i].error, "");
    // Nothing lost, reordered or changed on the way through the process.
    EXPECT_EQ(out.report.scenarios[i].fingerprint, in.report.scenarios[i].fingerprint);
    EXPECT_EQ(out.report.scenarios[i].trace_records, in.report.scenarios[i].trace_records);
  }
  for (const auto& r : out.records)
    EXPECT_FALSE(is_internal_error(r)) << r.actor << " " << r.operation << " " << r.detail;
  EXPECT_EQ(verdicts(out.report), verdicts(in.report));
  // And the suites pass with the CMF outside: no requirement they cover fails or errs, and the
  // only inconc are the suite-wide rules whose other parts (renewal, revocation ...) the lifecycle
  // scenarios outside these two suites observe.
  std::size_t passed = 0;
  for (const auto& req : out.report.requirements) {
    const bool suite_wide_inconc =
        req.verdict == Verdict::inconc && req.reason.starts_with("(suite)");
    EXPECT_TRUE(req.verdict == Verdict::pass || req.verdict == Verdict::none ||
                req.verdict == Verdict::not_testable || suite_wide_inconc)
        << req.id << ": " << conformance::to_string(req.verdict) << ": " << req.reason;
    if (req.verdict == Verdict::pass) ++passed;
  }
  EXPECT_GE(passed, 20u);
  for (std::size_t i = 0; i < in.report.requirements.size(); ++i)
    EXPECT_EQ(out.report.requirements[i].verdict, in.report.requirements[i].verdict)
        << in.report.requirements[i].id;
}

TEST(ExternalActor, EveryActorTypeAsAProcessGivesTheSameTrace) {
  // Each type of these scenarios in turn outside (the VNFM spawning and retiring VNFCIs with keys
  // in their parameters, the HSM, the verifier, the CA, the OSS, the NFVO, the CMF ...).
  for (const char* file : {"C.2.1.3.json", "C.4.2.2.7.json", "delegation-lifecycle.json"}) {
    const sim::Scenario inside = load(annex_c() / file);
    const RunResult in = run({inside});
    std::set<std::string> types;
    for (const auto& a : inside.actors) types.insert(a.type);
    EXPECT_GE(types.size(), 5u) << file;
    for (const auto& type : types) {
      SCOPED_TRACE(std::string(file) + " with the " + type + " outside");
      sim::Scenario outside = inside;
      make_external(outside, type, {IFA026_BINARY, "actor", "serve", type});
      const RunResult out = run({outside});
      EXPECT_EQ(out.report.scenarios[0].error, "");
      EXPECT_EQ(out.report.scenarios[0].fingerprint, in.report.scenarios[0].fingerprint);
      // The same verdicts, except that a check reading the actor's end state in memory (the
      // certificate an entity holds, a CA's hierarchy) cannot see into the process: it may only
      // fall from pass to inconc, never to fail or error.
      const auto want = verdicts(in.report);
      for (const auto& [key, verdict] : verdicts(out.report)) {
        ASSERT_TRUE(want.contains(key)) << key;
        if (verdict != want.at(key)) {
          EXPECT_TRUE(want.at(key) == Verdict::pass && verdict == Verdict::inconc)
              << key << ": " << conformance::to_string(want.at(key)) << " inside, "
              << conformance::to_string(verdict) << " outside";
        }
      }
    }
  }
}

// The CMF of C.4.1.1 played by `command`: what the run says.
RunResult broken_cmf(std::vector<std::string> command, const std::string& timeout = "1s") {
  sim::Scenario s = load(annex_c() / "C.4.1.1.json");
  make_external(s, "cmf", std::move(command), timeout);
  return run({s});
}

// The reason of the run's internal-error record (empty when none) — there must be at most one.
std::string internal_error_reason(const RunResult& r) {
  std::string reason;
  int count = 0;
  for (const auto& rec : r.records)
    if (is_internal_error(rec)) {
      reason = rec.detail;
      ++count;
    }
  EXPECT_LE(count, 1);
  return reason;
}

void expect_error_verdicts(const RunResult& r) {
  ASSERT_FALSE(r.report.evaluations.empty());
  for (const auto& e : r.report.evaluations)
    if (e.scenario == "annex-c-C.4.1.1") {  // (suite-wide rules have no scenario)
      EXPECT_EQ(e.verdict, Verdict::error)
          << e.requirement_id << " " << e.check << ": " << e.reason;
    }
  // The run went on: the other actors still act after the external one was given up.
  bool after = false;
  bool seen = false;
  for (const auto& rec : r.records) {
    if (is_internal_error(rec)) {
      seen = true;
    } else if (seen && rec.actor != "cmf-1" && rec.kind == sim::RecordKind::send) {
      after = true;
    }
  }
  EXPECT_TRUE(after);
  // Bounded: one timeout (1 s) and the kill grace, not the scenario's duration or a hang.
  EXPECT_LT(r.seconds, 30.0);
}

const std::string kReady = R"(echo '{"type":"ready","protocol":"ifa026-actor/1"}')";

TEST(ExternalActor, AProcessThatDiesGivesErrorNamingHowItEnded) {
  const RunResult r = broken_cmf({"/bin/sh", "-c", "read l; " + kReady + "; read l; exit 3"});
  EXPECT_NE(internal_error_reason(r).find(
                "the process ended (exit status 3) without answering the start request"),
            std::string::npos)
      << internal_error_reason(r);
  expect_error_verdicts(r);
}

TEST(ExternalActor, AProcessKilledByASignalGivesError) {
  const RunResult r =
      broken_cmf({"/bin/sh", "-c", "read l; " + kReady + "; read l; kill -SEGV $$"});
  EXPECT_NE(internal_error_reason(r).find("killed by signal 11"), std::string::npos)
      << internal_error_reason(r);
  expect_error_verdicts(r);
}

TEST(ExternalActor, AProcessThatHangsGivesErrorAfterItsTimeout) {
  const RunResult r = broken_cmf({"/bin/sh", "-c", "read l; " + kReady + "; exec sleep 60"});
  EXPECT_NE(internal_error_reason(r).find("did not answer the start request within 1s"),
            std::string::npos)
      << internal_error_reason(r);
  expect_error_verdicts(r);
}

TEST(ExternalActor, AProcessThatNeverAnswersTheHelloGivesError) {
  const RunResult r = broken_cmf({"/bin/sh", "-c", "exec sleep 60"});
  EXPECT_NE(internal_error_reason(r).find("did not answer the hello request within 1s"),
            std::string::npos)
      << internal_error_reason(r);
  expect_error_verdicts(r);
}

TEST(ExternalActor, MalformedProtocolGivesErrorNamingTheProblem) {
  const RunResult not_json =
      broken_cmf({"/bin/sh", "-c", "read l; echo 'hello there'; exec sleep 60"});
  EXPECT_NE(
      internal_error_reason(not_json).find("malformed protocol: not a JSON line: hello there"),
      std::string::npos)
      << internal_error_reason(not_json);
  expect_error_verdicts(not_json);
  const RunResult bad_effect = broken_cmf(
      {"/bin/sh", "-c",
       "read l; " + kReady +
           R"(; read l; echo '{"type":"effects","effects":[{"send":{"to":"oss-1","operation":"x","payload":"@@"}}]}'; exec sleep 60)"});
  EXPECT_NE(internal_error_reason(bad_effect)
                .find("malformed protocol: /effects/0/send/payload: not base64"),
            std::string::npos)
      << internal_error_reason(bad_effect);
  expect_error_verdicts(bad_effect);
  // An answer with a bad effect changes nothing: the good effect before it was not sent.
  for (const auto& rec : bad_effect.records)
    EXPECT_FALSE(rec.kind == sim::RecordKind::send && rec.actor == "cmf-1");
}

TEST(ExternalActor, AProgramThatCannotStartGivesError) {
  const RunResult r = broken_cmf({"/nonexistent/cmf-under-test"});
  EXPECT_NE(internal_error_reason(r).find("cannot start '/nonexistent/cmf-under-test'"),
            std::string::npos)
      << internal_error_reason(r);
  expect_error_verdicts(r);
}

TEST(ExternalActor, AProcessThatRefusesTheHelloGivesItsReason) {
  // `ifa026 actor serve vnfm` refuses to play a CMF.
  const RunResult r = broken_cmf({IFA026_BINARY, "actor", "serve", "vnfm"}, "10s");
  EXPECT_NE(internal_error_reason(r).find("this process plays a vnfm, not a cmf"),
            std::string::npos)
      << internal_error_reason(r);
  expect_error_verdicts(r);
}

}  // namespace
}  // namespace ifa026::actors::external
