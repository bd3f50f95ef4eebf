// The scenario generator of `ifa026 generate hierarchy` (docs/research-guide.md, "Generate a
// hierarchy"): a tree of Security Managers joined by `oversees` edges, each SM in its own
// security-management domain managing tenant domains with modes drawn from a seeded mix, the MANO
// blocks (NFVO, VNFM, VIM) with a CA and a CMF, and a workload that registers every entity,
// instantiates VNFs in every tenant domain (one NS per VNF) and later scales out or terminates a
// seeded share of them, at a given rate of LCM operations per simulated second. The output is a
// complete scenario (no base) that `ifa026 validate` accepts; the same options give the same bytes.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

namespace ifa026::cli {

// A bad option value: the message names the option and what it expects.
struct GeneratorOptionError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct HierarchyOptions {
  int depth = 2;           // levels of SMs (1: a single SM); ignored when `sms` is set
  int fan_out = 2;         // sub-SMs each SM oversees
  std::optional<int> sms;  // a total number of SMs instead of `depth` (a complete fan_out-ary tree)
  int domains_per_sm = 1;  // tenant domains each SM manages
  std::map<std::string, double> mode_mix = {
      {"passive", 1.0}, {"semi_active", 1.0}, {"fully_active", 1.0}};
  int vnfs_per_domain = 2;
  double rate = 10.0;                 // LCM operations per simulated second (whole scenario)
  double modify_fraction = 0.1;       // share of the VNFs scaled out after the instantiations
  double terminate_fraction = 0.1;    // share of the VNFs terminated after the instantiations
  std::string vnf_profile = "cheap";  // cheap (no VNFCI certificate) or certified (one each)
  bool subordinate_events = false;    // masters receive their sub-SMs' events
  std::uint64_t seed = 1;
  std::optional<std::int64_t> duration_us;  // default: last operation + 2 min
};

// "passive:1,semi_active:2" -> weights. Throws GeneratorOptionError (unknown mode, bad or negative
// weight, all weights zero).
std::map<std::string, double> parse_mode_mix(const std::string& text);

// Throws GeneratorOptionError when the options are out of range (depth, fan-out, counts < 1, rate
// <= 0, fractions outside [0, 1] or summing above 1, a duration that ends before the last
// operation, more than kMaxGeneratedVnfs VNFs).
nlohmann::json generate_hierarchy(const HierarchyOptions& options);

// The shape of what generate_hierarchy gives for `options` (for diagnostics and tests).
struct HierarchyShape {
  int sms = 0;
  int depth = 0;
  int domains = 0;  // tenant domains
  int vnfs = 0;
  int oversees_edges = 0;
};
HierarchyShape hierarchy_shape(const HierarchyOptions& options);

constexpr int kMaxGeneratedVnfs = 1'000'000;

}  // namespace ifa026::cli
