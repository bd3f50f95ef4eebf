// Helpers of the delegation-mode tests (issue 17; tests/actors/vnfm/delegate_vnfm_test.cpp and
// tests/actors/cmf/cmf_delegation_test.cpp): the shipped delegation scenarios loaded as JSON,
// changed in memory, run through the real actors, and the trace read record by record.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "actors/builtin_actors.hpp"
#include "actors/common/trace_detail.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::actors::delegation_test {

using nlohmann::json;
using sim::TraceRecord;

inline json scenario_json(const std::string& relative) {
  std::ifstream in(std::string(IFA026_SOURCE_DIR) + "/scenarios/" + relative);
  if (!in) throw std::runtime_error("cannot read " + relative);
  return json::parse(in);
}

inline json& actor(json& scenario, const std::string& name) {
  for (auto& a : scenario["actors"])
    if (a["name"] == name) return a;
  throw std::runtime_error("no actor " + name);
}

inline std::vector<TraceRecord> run(const json& scenario) {
  static const sim::ActorRegistry registry = builtin_registry();
  auto loaded = sim::load_scenario_text("test.json", scenario.dump(), registry);
  for (const auto& d : loaded.errors) ADD_FAILURE() << sim::format_diagnostic(d);
  if (!loaded.scenario) throw std::runtime_error("scenario does not load");
  sim::Simulation simulation(*loaded.scenario, registry);
  sim::TraceStore store;
  simulation.trace().subscribe(store);
  simulation.run();
  return store.records();
}

inline std::string detail(const TraceRecord& r, const std::string& key) {
  return trace_detail_value(r.detail, key).value_or("");
}

// Records of `actor` (any when "") with this operation and outcome (any when "").
inline std::vector<const TraceRecord*> records(const std::vector<TraceRecord>& trace,
                                               const std::string& actor,
                                               const std::string& operation,
                                               const std::string& outcome = "") {
  std::vector<const TraceRecord*> out;
  for (const auto& r : trace)
    if ((actor.empty() || r.actor == actor) && r.operation == operation &&
        (outcome.empty() || r.outcome == outcome))
      out.push_back(&r);
  return out;
}

// Of those, the records about a VNFCI identity (detail vnfci=; the MANO entities' own are not).
inline std::vector<const TraceRecord*> about_vnfcis(std::vector<const TraceRecord*> list) {
  std::erase_if(list, [](const TraceRecord* r) { return detail(*r, "vnfci").empty(); });
  return list;
}

// The NFVO's outcomes of the NS instantiation, in order.
inline std::vector<std::string> ns_instantiation(const std::vector<TraceRecord>& trace) {
  std::vector<std::string> out;
  for (const auto* r : records(trace, "nfvo-1", "NsLcmOperation"))
    if (detail(*r, "operation") == "INSTANTIATE") out.push_back(r->outcome);
  return out;
}

}  // namespace ifa026::actors::delegation_test
