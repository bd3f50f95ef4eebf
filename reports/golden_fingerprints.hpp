// Golden trace fingerprints: the stored fingerprint of each shipped scenario's run
// (tests/golden/fingerprints.json), what one run under one scheduler gives, and the comparison
// of the two. `ifa026 fingerprints --write` writes the file; tests/golden checks every shipped
// scenario against it under every scheduler (docs/testing.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/actor_registry.hpp"
#include "sim/scenario.hpp"

namespace ifa026::reports {

// What a run leaves that the golden file stores: the trace fingerprint (sim::Trace, the ordered
// records' time, kind, actors, operation, step and outcome) and two counts that help tell what
// moved when it changes.
struct RunFingerprint {
  std::string fingerprint;  // 16 hex digits
  std::uint64_t events = 0;
  std::uint64_t trace_records = 0;
  bool operator==(const RunFingerprint&) const = default;
};

// Runs `scenario` to its end with the scheduler `kind` (one of sim::scheduler_kinds()) in place
// of the one it names, on `threads` threads (Simulation::set_threads). Throws what the
// simulation throws.
RunFingerprint run_fingerprint(sim::Scenario scenario, std::string_view kind,
                               const sim::ActorRegistry& registry, unsigned threads = 1);

// Scenario file (relative to the scenarios folder, '/'-separated, e.g. "annex-c/C.2.1.1.json")
// -> seed -> the stored run.
using GoldenFingerprints = std::map<std::string, std::map<std::uint64_t, RunFingerprint>>;

// The file's key for `file`: its path relative to `scenarios_root` with '/' separators, or the
// path as given when it lies outside that folder.
std::string golden_key(const std::string& file, const std::string& scenarios_root);

// Reads a golden file. Throws std::runtime_error naming the file and, for a malformed entry, the
// JSON pointer of what is wrong.
GoldenFingerprints read_golden_fingerprints(const std::string& path);
// Writes the file: one line per scenario in key order, so a moved fingerprint is a one-line diff.
void write_golden_fingerprints(const std::string& path, const GoldenFingerprints& golden);

// How the stored values are regenerated, for messages (the rule is in docs/testing.md).
inline constexpr const char* kGoldenRegenerate =
    "if the change is intended, regenerate with `make golden` (or `build/bin/ifa026 fingerprints "
    "--write tests/golden/fingerprints.json` from the checkout) and commit the new values with "
    "the change, giving the reason in the commit message (docs/testing.md)";

// Empty when `observed` (the run of `key` with `seed` under `scheduler`) equals the stored value;
// otherwise why not (no stored value, or both values), ending with kGoldenRegenerate.
std::string compare_with_golden(const GoldenFingerprints& golden, const std::string& key,
                                std::uint64_t seed, std::string_view scheduler,
                                const RunFingerprint& observed);

}  // namespace ifa026::reports
