// Helpers shared by the kernel tests: loading the shipped smoke scenarios and running them.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "actors/builtin_actors.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::sim::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(IFA026_SOURCE_DIR) + "/" + relative;
}

inline Scenario load_or_fail(const std::string& relative, const ActorRegistry& registry) {
  auto load = load_scenario_file(source_path(relative), registry);
  for (const auto& d : load.errors) ADD_FAILURE() << format_diagnostic(d);
  if (!load.scenario) throw std::runtime_error("cannot load " + relative);
  return *load.scenario;
}

}  // namespace ifa026::sim::testing
