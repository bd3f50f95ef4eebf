// What the Security Manager and trust-model flows tests share (security_manager_flows_test,
// sm_hierarchy_flows_test, sm_peer_flows_test, isolation_flows_test): the built-in actor and check
// registries, loading a shipped scenario with its errors reported, switching an `sm_faults` switch
// on in chosen actors, running conformance::Engine on one scenario and reading one requirement's
// verdict (fail when any evaluation failed, else the requirement's result).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "actors/builtin_actors.hpp"
#include "conformance/builtin_checks.hpp"
#include "conformance/catalogue.hpp"
#include "conformance/engine.hpp"
#include "conformance/scenario_rules.hpp"
#include "sim/scenario.hpp"

namespace ifa026::conformance::sm_flows {

inline const sim::ActorRegistry& registry() {
  static const sim::ActorRegistry r = actors::builtin_registry();
  return r;
}

inline const CheckRegistry& checks() {
  static const CheckRegistry c = [] {
    CheckRegistry r;
    register_builtin_checks(r);
    return r;
  }();
  return c;
}

// A shipped scenario by its path under scenarios/ ("trust-domains/hierarchy.json"); every load
// error is a test failure.
inline sim::Scenario load_shipped(const std::string& relative) {
  const std::string path = std::string(IFA026_SOURCE_DIR) + "/scenarios/" + relative;
  auto l = sim::load_scenario_file(path, registry(), scenario_rules(Catalogue::builtin()));
  for (const auto& d : l.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!l.scenario) throw std::runtime_error("cannot load " + relative);
  return *l.scenario;
}

// Sets `sm_faults` to [fault] in every actor `which` selects.
inline void switch_on(sim::Scenario& s, const std::string& fault,
                      const std::function<bool(const sim::ActorSpec&)>& which) {
  for (auto& actor : s.actors)
    if (which(actor)) actor.params["sm_faults"] = nlohmann::json::array({fault});
}

// Adds `id` to what the scenario covers (so its checks run).
inline void cover(sim::Scenario& s, const std::string& id) {
  if (std::find(s.covers.begin(), s.covers.end(), id) == s.covers.end()) s.covers.push_back(id);
}

inline ConformanceReport run(const sim::Scenario& s) {
  Engine engine(Catalogue::builtin(), checks(), registry());
  return engine.run({s});
}

// Fail when any evaluation of `id` failed, else the requirement's verdict; reasons in `reason`.
inline Verdict verdict_of(const ConformanceReport& report, const std::string& id,
                          std::string& reason) {
  for (const auto& e : report.evaluations)
    if (e.requirement_id == id) {
      reason += e.reason + "\n";
      if (e.verdict == Verdict::fail) return Verdict::fail;
    }
  for (const auto& r : report.requirements)
    if (r.id == id) return r.verdict;
  return Verdict::none;
}

}  // namespace ifa026::conformance::sm_flows
