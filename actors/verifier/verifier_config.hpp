// What a `verifier` actor is told (docs/direct-mode.md): its parameters' rules and checks, and the
// settings read from them, among which the reference values per VNFC ("vnfd/vnfc": measurement
// name -> SHA-256).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pki/attestation_evidence.hpp"
#include "sim/diagnostic.hpp"
#include "sim/param_rules.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::verifier {

void check_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// The checks beyond the parameter table (what the actor type registers with actor_type).
void check_cross_fields(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// The parameter table check_params checks with (also the actor type's documented parameters).
std::vector<sim::ParamRule> param_rules();

struct Settings {
  // By "vnfd/vnfc": what a genuine instance of that VNFC measures.
  std::map<std::string, std::vector<pki::Measurement>> reference_values;
  std::map<std::string, std::string> day0;  // day-0 secrets by relying party (the CMFs)
  // The relying parties named in challenges, in name order (default: the day-0 peers).
  std::vector<std::string> relying_parties;
  // HardwareRoot is taken from these actors only (empty: from any actor).
  std::vector<std::string> hardware_roots_from;
  sim::Duration max_evidence_age = sim::Duration::minutes(5);
  sim::Duration challenge_lifetime = sim::Duration::minutes(1);
  // How long a relying party's request about a VNFCI whose evidence is awaited is held for the
  // appraisal before it is answered "pending" (zero: at once).
  sim::Duration hold = sim::Duration::seconds(2);
  sim::Duration challenge_time = sim::Duration::milliseconds(1);
  sim::Duration appraise_time = sim::Duration::milliseconds(5);
  std::size_t concurrency = 2;
};

// Parameters already checked; defaults for what is absent.
Settings read_settings(const nlohmann::json& params);

// 64 hex digits as the 32 octets of a SHA-256, or nullopt.
std::optional<pki::Bytes> sha256_from_hex(const std::string& text);

}  // namespace ifa026::actors::verifier
