// The run manifest written beside a trace: what ran (tool version, scenario file and its hash,
// seed) and what came out (events processed, simulated end time, trace fingerprint), so a run can
// be reproduced and compared.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace ifa026::reports {

struct RunManifest {
  std::string tool_version;
  std::string scenario_name;
  std::string scenario_file;
  std::uint64_t scenario_hash = 0;
  std::uint64_t seed = 0;
  std::uint64_t events = 0;
  std::uint64_t trace_records = 0;
  sim::Time end;
  std::string end_utc;
  std::string fingerprint;
  double wall_seconds = 0;  // for people; never part of the fingerprint
};

RunManifest make_manifest(const sim::Simulation& simulation, std::string tool_version,
                          double wall_seconds);
nlohmann::json to_json(const RunManifest& manifest);
void write_run_manifest(const std::string& path, const RunManifest& manifest);

}  // namespace ifa026::reports
