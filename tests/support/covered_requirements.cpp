// The rule of covered_requirements.hpp, checked evaluation by evaluation.
#include "tests/support/covered_requirements.hpp"

namespace ifa026::test {

using conformance::Verdict;

std::vector<std::string> covered_requirement_problems(const conformance::ConformanceReport& report,
                                                      const sim::Scenario& scenario,
                                                      const conformance::CheckRegistry& checks) {
  std::vector<std::string> problems;
  auto problem = [&](const std::string& id, const std::string& what) {
    problems.push_back(id + ": " + what);
  };
  if (!report.scenarios.empty() && !report.scenarios[0].error.empty())
    problem("(run)", report.scenarios[0].error);
  for (const auto& id : scenario.covers) {
    bool any = false, passed = false;
    for (const auto& e : report.evaluations) {
      if (e.requirement_id != id) continue;
      any = true;
      if (e.scenario == "(suite)") {
        if (e.verdict == Verdict::fail) problem(id, "(suite) fail: " + e.reason);
        continue;
      }
      // A design-time check (its name says so) cites graph elements in its reason, not
      // records, and says none where the model lacks what it judges (no hierarchy, no
      // sensitive domain): its pass adds to the run-time checks', never replaces them.
      const bool design_time = e.check.find("design time") != std::string::npos;
      if (design_time && e.verdict == Verdict::none) continue;
      // A check that judges only a kind of deployment (K8: direct and delegation mode mixed)
      // says none in a run that is not one; the other checks of the ID still decide.
      const bool deployment_only = e.check.find("deployments only") != std::string::npos;
      if (deployment_only && e.verdict == Verdict::none) continue;
      if (e.verdict != Verdict::pass) {
        problem(id, std::string(conformance::to_string(e.verdict)) + ": " + e.reason);
        continue;
      }
      passed = true;
      if (!design_time && e.evidence.empty()) problem(id, "a pass that cites no trace record");
    }
    if (!any) problem(id, "has no check");
    if (any && !passed) problem(id, "no evaluation passed");
  }
  for (const auto& r : report.requirements) {
    if (r.verdict == Verdict::pass || r.verdict == Verdict::none ||
        r.verdict == Verdict::not_testable)
      continue;
    const bool suite_only = r.verdict == Verdict::inconc && !checks.required_parts(r.id).empty() &&
                            r.reason.rfind("(suite): ", 0) == 0;
    if (!suite_only)
      problem(r.id, std::string(conformance::to_string(r.verdict)) + " overall: " + r.reason);
  }
  return problems;
}

}  // namespace ifa026::test
