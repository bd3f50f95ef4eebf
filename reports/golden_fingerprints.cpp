// Golden fingerprint file: one run's fingerprint, the file's JSON form, the comparison.
#include "reports/golden_fingerprints.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "reports/text_file.hpp"
#include "sim/param_rules.hpp"
#include "sim/simulation.hpp"

namespace ifa026::reports {

namespace fs = std::filesystem;

namespace {

// What the file says about itself (its "about" member), for whoever opens it.
constexpr const char* kAbout =
    "Trace fingerprint of every shipped scenario's run (scenario file -> seed -> run), the same "
    "under every scheduler; tests/golden checks it. Regenerate with `make golden`, see "
    "docs/testing.md.";

std::string describe_run(const RunFingerprint& run) {
  return run.fingerprint + " (" + std::to_string(run.events) + " events, " +
         std::to_string(run.trace_records) + " trace records)";
}

}  // namespace

RunFingerprint run_fingerprint(sim::Scenario scenario, std::string_view kind,
                               const sim::ActorRegistry& registry, unsigned threads) {
  scenario.scheduler = std::string(kind);
  sim::Simulation simulation(scenario, registry);
  simulation.set_threads(threads);
  simulation.run();
  return {simulation.trace().fingerprint_hex(), simulation.events_processed(),
          simulation.trace().size()};
}

std::string golden_key(const std::string& file, const std::string& scenarios_root) {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(scenarios_root, ec);
  const fs::path path = fs::weakly_canonical(file, ec);
  if (!ec) {
    const fs::path relative = path.lexically_relative(root);
    if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  }
  return fs::path(file).lexically_normal().generic_string();
}

GoldenFingerprints read_golden_fingerprints(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the golden fingerprint file");
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(path + ": not JSON: " + e.what());
  }
  auto bad = [&path](const std::string& pointer, const std::string& what) {
    return std::runtime_error(path + ": " + what + " (at " + pointer + ")");
  };
  if (!root.is_object() || !root.contains("scenarios") || !root["scenarios"].is_object())
    throw bad("/scenarios", "expected an object \"scenarios\": {file: {seed: run}}");
  GoldenFingerprints golden;
  for (const auto& [file, seeds] : root["scenarios"].items()) {
    const std::string at = "/scenarios/" + sim::escape_pointer_token(file);
    if (!seeds.is_object()) throw bad(at, "expected an object {seed: run}");
    for (const auto& [seed_text, run] : seeds.items()) {
      const std::string run_at = at + "/" + sim::escape_pointer_token(seed_text);
      std::uint64_t seed = 0;
      try {
        std::size_t used = 0;
        seed = std::stoull(seed_text, &used);
        if (used != seed_text.size() || seed_text[0] == '-') throw std::invalid_argument("");
      } catch (const std::exception&) {
        throw bad(run_at, "a seed is a non-negative decimal integer, found \"" + seed_text + "\"");
      }
      if (!run.is_object() || !run.contains("fingerprint") || !run["fingerprint"].is_string() ||
          !run.contains("events") || !run["events"].is_number_unsigned() ||
          !run.contains("trace_records") || !run["trace_records"].is_number_unsigned())
        throw bad(run_at, "expected {\"fingerprint\": HEX, \"events\": N, \"trace_records\": N}");
      golden[file][seed] = {run["fingerprint"].get<std::string>(),
                            run["events"].get<std::uint64_t>(),
                            run["trace_records"].get<std::uint64_t>()};
    }
  }
  return golden;
}

void write_golden_fingerprints(const std::string& path, const GoldenFingerprints& golden) {
  std::string out = "{\n  \"about\": " + nlohmann::json(kAbout).dump() + ",\n  \"scenarios\": {";
  bool first_file = true;
  for (const auto& [file, seeds] : golden) {
    out += first_file ? "\n    " : ",\n    ";
    first_file = false;
    out += nlohmann::json(file).dump() + ": {";
    bool first_seed = true;
    for (const auto& [seed, run] : seeds) {
      if (!first_seed) out += ", ";
      first_seed = false;
      out += "\"" + std::to_string(seed) +
             "\": {\"fingerprint\": " + nlohmann::json(run.fingerprint).dump() +
             ", \"events\": " + std::to_string(run.events) +
             ", \"trace_records\": " + std::to_string(run.trace_records) + "}";
    }
    out += "}";
  }
  out += "\n  }\n}\n";
  write_text_file(path, out);
}

std::string compare_with_golden(const GoldenFingerprints& golden, const std::string& key,
                                std::uint64_t seed, std::string_view scheduler,
                                const RunFingerprint& observed) {
  const std::string run =
      key + " (seed " + std::to_string(seed) + ", scheduler " + std::string(scheduler) + ")";
  const RunFingerprint* stored = nullptr;
  if (auto file = golden.find(key); file != golden.end())
    if (auto it = file->second.find(seed); it != file->second.end()) stored = &it->second;
  if (stored == nullptr)
    return run + " has no stored fingerprint; it gives " + describe_run(observed) +
           ". A new scenario or seed needs its value stored: " + kGoldenRegenerate;
  if (*stored == observed) return {};
  return run + " gives " + describe_run(observed) + ", the stored value is " +
         describe_run(*stored) + ". The trace changed: " + kGoldenRegenerate;
}

}  // namespace ifa026::reports
