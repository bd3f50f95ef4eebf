// `verifier` parameters and settings (see verifier_config.hpp).
#include "actors/verifier/verifier_config.hpp"

#include <algorithm>

#include "actors/common/actor_params.hpp"

namespace ifa026::actors::verifier {

using nlohmann::json;

namespace {

std::vector<ParamRule> rules() {
  return {
      {"reference_values", ParamType::object,
       "by \"vnfd/vnfc\": {measurement name: SHA-256 as 64 hex digits}", true},
      {"day0", ParamType::string_map,
       "day-0 secrets by relying party (CMF), for the CMF-Verifier channel"},
      {"relying_parties", ParamType::string_list, "relying parties named in challenges", false,
       "the day0 peers"},
      {"hardware_roots_from", ParamType::string_list, "actors whose HardwareRoot is accepted",
       false, "any actor"},
      {"max_evidence_age", ParamType::duration, "oldest evidence affirmed", false, "5m"},
      {"challenge_lifetime", ParamType::duration, "how long a nonce may be answered", false, "1m"},
      {"hold", ParamType::duration,
       "how long a relying party's request waits for an awaited appraisal", false, "2s"},
      {"processing", ParamType::duration_map,
       "processing times: challenge (default 1ms), appraise (5ms)"},
      {"concurrency", ParamType::integer, "requests processed at once", false, "2"},
  };
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<pki::Bytes> sha256_from_hex(const std::string& text) {
  if (text.size() != 64) return std::nullopt;
  pki::Bytes out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

std::vector<ParamRule> param_rules() {
  return rules();
}

void check_params(const json& params, std::vector<sim::Diagnostic>& out) {
  actors::check_params("verifier", params, rules(), out);
  check_cross_fields(params, out);
}

void check_cross_fields(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto it = params.find("reference_values"); it != params.end() && it->is_object()) {
    for (const auto& [reference, values] : it->items()) {
      const std::string at = "/reference_values/" + reference;
      if (reference.find('/') == std::string::npos)
        out.push_back({"", 0, 0, at, "reference_values: keys are \"vnfd/vnfc\"", true});
      if (!values.is_object() || values.empty()) {
        out.push_back({"", 0, 0, at,
                       "reference_values: expected a non-empty object {measurement: sha256 hex}",
                       false});
        continue;
      }
      for (const auto& [name, digest] : values.items())
        if (name.empty() || !digest.is_string() || !sha256_from_hex(digest.get<std::string>()))
          out.push_back({"", 0, 0, at + "/" + name,
                         "reference_values: a measurement is a name and 64 hex digits", false});
    }
  }
  if (auto it = params.find("processing"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items())
      if (key != "challenge" && key != "appraise")
        out.push_back(
            {"", 0, 0, "/processing/" + key,
             "unknown processing entry \"" + key + "\" (verifier takes: challenge, appraise)",
             true});
  }
  for (const char* name : {"max_evidence_age", "challenge_lifetime"})
    if (params.contains(name) && duration_param(params, name, sim::Duration::seconds(1)).ns() <= 0)
      out.push_back({"", 0, 0, std::string("/") + name,
                     std::string(name) + ": must be longer than 0", false});
}

Settings read_settings(const json& params) {
  Settings s;
  if (auto it = params.find("reference_values"); it != params.end() && it->is_object()) {
    for (const auto& [reference, values] : it->items()) {
      if (!values.is_object()) continue;
      std::vector<pki::Measurement> expected;
      for (const auto& [name, digest] : values.items()) {
        if (!digest.is_string()) continue;
        if (auto bytes = sha256_from_hex(digest.get<std::string>()))
          expected.push_back({name, std::move(*bytes)});
      }
      s.reference_values[reference] = std::move(expected);
    }
  }
  s.day0 = string_map_param(params, "day0");
  if (params.contains("relying_parties")) {
    s.relying_parties = string_list_param(params, "relying_parties");
  } else {
    for (const auto& [peer, secret] : s.day0) s.relying_parties.push_back(peer);
  }
  std::sort(s.relying_parties.begin(), s.relying_parties.end());
  s.relying_parties.erase(std::unique(s.relying_parties.begin(), s.relying_parties.end()),
                          s.relying_parties.end());
  s.hardware_roots_from = string_list_param(params, "hardware_roots_from");
  s.max_evidence_age = duration_param(params, "max_evidence_age", s.max_evidence_age);
  if (s.max_evidence_age.ns() <= 0) s.max_evidence_age = sim::Duration::minutes(5);
  s.challenge_lifetime = duration_param(params, "challenge_lifetime", s.challenge_lifetime);
  if (s.challenge_lifetime.ns() <= 0) s.challenge_lifetime = sim::Duration::minutes(1);
  s.hold = duration_param(params, "hold", s.hold);
  s.challenge_time = duration_entry(params, "processing", "challenge", s.challenge_time);
  s.appraise_time = duration_entry(params, "processing", "appraise", s.appraise_time);
  s.concurrency =
      static_cast<std::size_t>(std::max<long long>(1, int_param(params, "concurrency", 2)));
  return s;
}

}  // namespace ifa026::actors::verifier
