// Scenario runs, check evaluation and per-requirement merging.
#include "conformance/engine.hpp"

#include <exception>
#include <set>

#include "actors/common/internal_error.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/external/external_actor.hpp"
#include "conformance/uncovered_reason.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

// The scenario name of suite-level evaluations.
constexpr const char* kSuite = "(suite)";

// The suite step of a requirement with parts (CheckRegistry::require_parts): pass when every
// part was observed in some scenario (the reason says where), inconc naming the parts none showed.
Evaluation suite_coverage(const std::string& id, const std::vector<std::string>& parts,
                          const std::map<std::string, std::string>& seen) {
  Evaluation e;
  e.requirement_id = id;
  e.check = "every part it names observed somewhere in the suite";
  e.scenario = kSuite;
  std::string found;
  std::string missing;
  for (const auto& part : parts) {
    auto it = seen.find(part);
    if (it == seen.end())
      missing += (missing.empty() ? "" : ", ") + part;
    else
      found += (found.empty() ? "" : ", ") + part + " (" + it->second + ")";
  }
  if (missing.empty()) {
    e.verdict = Verdict::pass;
    e.reason = "every part observed in the suite: " + found;
  } else {
    e.verdict = Verdict::inconc;
    e.reason = "not observed in any scenario of the suite: " + missing +
               (found.empty() ? std::string() : "; observed: " + found);
  }
  return e;
}

// The internal errors an actor traced in one run (actors/common/internal_error.hpp): with any of
// them the run is a harness fault, whatever its checks conclude.
struct InternalErrors {
  std::vector<std::uint64_t> ids;
  std::string first;  // "cmf-1 at CsrValidation (#42): internal error: ..."
};

InternalErrors internal_errors(const std::vector<sim::TraceRecord>& trace) {
  InternalErrors out;
  for (const auto& r : trace) {
    if (!actors::is_internal_error(r)) continue;
    if (out.ids.empty()) {
      const auto reason = actors::trace_detail_value(r.detail, keys::kReason);
      out.first = r.actor + " at " + r.operation + (r.step.empty() ? "" : " " + r.step) + " (#" +
                  std::to_string(r.id) + "): " + reason.value_or("internal error");
    }
    out.ids.push_back(r.id);
  }
  return out;
}

}  // namespace

std::map<Verdict, std::size_t> ConformanceReport::counts() const {
  std::map<Verdict, std::size_t> counts;
  for (const auto& r : requirements) ++counts[r.verdict];
  return counts;
}

int ConformanceReport::exit_code() const {
  bool failed = false;
  for (const auto& r : requirements) {
    if (r.verdict == Verdict::error) return 3;
    failed = failed || r.verdict == Verdict::fail || r.verdict == Verdict::inconc;
  }
  for (const auto& s : scenarios)
    if (!s.error.empty()) return 3;
  return failed ? 1 : 0;
}

ConformanceReport Engine::run(const std::vector<sim::Scenario>& scenarios) const {
  ConformanceReport report;
  std::map<std::string, Outcome> merged;
  std::map<std::string, std::set<std::string>> evaluated_in;
  // Suite parts observed per requirement: part -> first scenario that showed it.
  std::map<std::string, std::map<std::string, std::string>> observed;

  for (const auto& scenario : scenarios) {
    ScenarioRun info;
    info.name = scenario.name;
    info.file = scenario.file;
    info.seed = scenario.seed;
    auto record = [&](const std::string& id, const std::string& check, CheckResult result) {
      for (const auto& part : result.observed) observed[id].try_emplace(part, scenario.name);
      merged[id] = merge(merged[id], Outcome{result.verdict, scenario.name + ": " + result.reason});
      report.evaluations.push_back({id, check, scenario.name, result.verdict,
                                    std::move(result.reason), std::move(result.evidence)});
      evaluated_in[id].insert(scenario.name);
    };
    for (const auto& actor : scenario.actors)
      if (!actor.external.is_null())
        info.external_actors[actor.name] = actors::external::command_line(actor.external);
    try {
      sim::Simulation simulation(scenario, actors_);
      sim::TraceStore store;
      simulation.trace().subscribe(store);
      if (on_simulation_built) on_simulation_built(simulation);
      auto stats = simulation.run();
      info.events = stats.events;
      info.trace_records = simulation.trace().size();
      info.fingerprint = simulation.trace().fingerprint_hex();
      info.wall_clock_epoch = scenario.wall_clock_epoch;
      if (on_simulation_finished) on_simulation_finished(simulation);
      const CheckContext context{scenario, store.records(), simulation};
      const InternalErrors faults = internal_errors(store.records());
      for (const auto& id : scenario.covers) {
        for (const auto& check : checks_.for_requirement(id)) {
          CheckResult result;
          if (!faults.ids.empty()) {
            // Neither pass nor fail nor a matching refusal: the run itself went wrong.
            result = {Verdict::error,
                      "internal error in the run, " + std::to_string(faults.ids.size()) +
                          " record(s), first " + faults.first,
                      faults.ids};
          } else {
            try {
              result = check.run(context);
            } catch (const std::exception& e) {
              result = {Verdict::error, std::string("check threw: ") + e.what(), {}};
            }
          }
          record(id, check.name, std::move(result));
        }
      }
    } catch (const std::exception& e) {
      info.error = e.what();
      for (const auto& id : scenario.covers)
        for (const auto& check : checks_.for_requirement(id))
          record(id, check.name,
                 {Verdict::error, std::string("scenario did not run: ") + e.what(), {}});
    }
    report.scenarios.push_back(std::move(info));
  }

  std::set<std::string> covered;
  for (const auto& scenario : scenarios)
    for (const auto& id : scenario.covers) covered.insert(id);

  for (const auto& requirement : catalogue_.requirements()) {
    RequirementResult result;
    result.id = requirement.id;
    const auto& checks = checks_.for_requirement(requirement.id);
    if (requirement.testability == "not-observable") {
      result.verdict = Verdict::not_testable;
      result.reason = requirement.testability_reason;
    } else if (checks.empty() || !covered.contains(requirement.id)) {
      result.verdict = Verdict::none;
      result.reason = uncovered_reason(requirement, !checks.empty());
    } else {
      Outcome outcome = merged[requirement.id];
      if (const auto& parts = checks_.required_parts(requirement.id); !parts.empty()) {
        auto suite = suite_coverage(requirement.id, parts, observed[requirement.id]);
        if (suite.verdict == Verdict::pass && outcome.verdict == Verdict::pass)
          outcome.reason = suite.reason + "; " + outcome.reason;
        else
          outcome =
              merge(outcome, Outcome{suite.verdict, kSuite + std::string(": ") + suite.reason});
        report.evaluations.push_back(std::move(suite));
      }
      result.verdict = outcome.verdict;
      result.reason = outcome.reason;
      // A pass of a partial requirement says what it did not observe.
      if (result.verdict == Verdict::pass) result.reason += partial_pass_note(requirement);
      auto& names = evaluated_in[requirement.id];
      result.scenarios.assign(names.begin(), names.end());
    }
    report.requirements.push_back(std::move(result));
  }
  return report;
}

}  // namespace ifa026::conformance
