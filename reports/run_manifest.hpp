// The run manifest written beside a trace: what ran (tool version, scenario file and its hash,
// seed) and what came out (events processed, simulated end time, trace fingerprint), so a run can
// be reproduced and compared, plus what it cost (wall-clock seconds, peak memory).
#pragma once

#include <cstdint>
#include <map>
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
  // The epoch was the wall clock ("epoch": "now", a live CA): the fingerprint is not reproducible.
  bool wall_clock_epoch = false;
  std::string epoch_utc;
  double wall_seconds = 0;           // for people; never part of the fingerprint
  std::uint64_t peak_rss_bytes = 0;  // the process's peak resident set so far; for people too
  // How the run used threads (`--threads`; docs/performance.md, "Parallel execution"). For
  // people and for the Amdahl figures; never part of the fingerprint.
  sim::ParallelStats parallel;
  // Actors played by a separate process (docs/adapter-protocol.md): name -> command line.
  std::map<std::string, std::string> external_actors;
};

// The process's peak resident set size in bytes (getrusage's ru_maxrss), 0 when unknown.
std::uint64_t peak_rss_bytes();

// Fills peak_rss_bytes from peak_rss_bytes() at the time of the call.
RunManifest make_manifest(const sim::Simulation& simulation, std::string tool_version,
                          double wall_seconds);
nlohmann::json to_json(const RunManifest& manifest);
void write_run_manifest(const std::string& path, const RunManifest& manifest);

}  // namespace ifa026::reports
