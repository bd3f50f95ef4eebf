// Run manifest construction and JSON form.
#include "reports/run_manifest.hpp"

#include <sys/resource.h>

#include <cstdio>

#include "actors/external/external_actor.hpp"
#include "reports/text_file.hpp"

namespace ifa026::reports {

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0 || usage.ru_maxrss < 0) return 0;
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux counts kibibytes
}

RunManifest make_manifest(const sim::Simulation& simulation, std::string tool_version,
                          double wall_seconds) {
  const sim::Scenario& s = simulation.scenario();
  RunManifest m;
  m.tool_version = std::move(tool_version);
  m.scenario_name = s.name;
  m.scenario_file = s.file;
  m.scenario_hash = s.file_hash;
  m.seed = s.seed;
  m.events = simulation.events_processed();
  m.trace_records = simulation.trace().size();
  m.end = simulation.now();
  m.end_utc = simulation.epoch().format(simulation.now());
  m.fingerprint = simulation.trace().fingerprint_hex();
  m.wall_clock_epoch = s.wall_clock_epoch;
  m.epoch_utc = sim::format_utc(s.epoch);
  m.wall_seconds = wall_seconds;
  m.peak_rss_bytes = peak_rss_bytes();
  m.parallel = simulation.parallel_stats();
  for (const auto& actor : s.actors)
    if (!actor.external.is_null())
      m.external_actors[actor.name] = actors::external::command_line(actor.external);
  return m;
}

nlohmann::json to_json(const RunManifest& m) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(m.scenario_hash));
  nlohmann::json j = {{"tool_version", m.tool_version},
                      {"scenario",
                       {{"name", m.scenario_name},
                        {"file", m.scenario_file},
                        {"hash", std::string("fnv1a64:") + hash}}},
                      {"seed", m.seed},
                      {"events_processed", m.events},
                      {"trace_records", m.trace_records},
                      {"simulated_end",
                       {{"ns", m.end.ns()},
                        {"duration", sim::format_duration(m.end.since_epoch())},
                        {"utc", m.end_utc}}},
                      {"trace_fingerprint", m.fingerprint},
                      {"wall_seconds", m.wall_seconds},
                      {"peak_rss_bytes", m.peak_rss_bytes}};
  if (m.wall_clock_epoch)
    j["wall_clock_epoch"] = {{"epoch", m.epoch_utc},
                             {"note",
                              "the epoch was the wall clock when the scenario was loaded "
                              "(a live CA): the trace fingerprint is not reproducible"}};
  if (!m.external_actors.empty()) j["external_actors"] = m.external_actors;
  if (m.parallel.threads > 1) {
    const sim::ParallelStats& p = m.parallel;
    nlohmann::json threads = {{"threads", p.threads},
                              {"parallel", p.parallel},
                              {"lookahead", sim::format_duration(p.lookahead)}};
    if (!p.parallel) {
      threads["sequential_because"] = p.sequential_why;
    } else {
      const double held = p.turn_seconds + p.ahead_seconds;
      threads["windows"] = p.windows;
      threads["events_ahead"] = p.ahead;
      threads["events_in_turn"] = p.at_cursor;
      threads["ahead_seconds"] = p.ahead_seconds;
      threads["turn_seconds"] = p.turn_seconds;
      threads["serial_fraction"] = held > 0 ? p.turn_seconds / held : 1.0;
    }
    j["threads"] = threads;
  }
  return j;
}

void write_run_manifest(const std::string& path, const RunManifest& manifest) {
  write_text_file(path, to_json(manifest).dump(2) + "\n");
}

}  // namespace ifa026::reports
