// The `ca` actor's parameters and settings (see ca_settings.hpp).
#include "actors/ca/ca_settings.hpp"

#include <algorithm>
#include <exception>

#include "actors/common/envelope.hpp"

namespace ifa026::actors::ca {

using nlohmann::json;
using sim::Duration;

namespace {

std::int64_t whole_seconds(Duration d) {
  return d.ns() / 1'000'000'000;
}

}  // namespace

std::vector<ParamRule> ca_rules() {
  return {
      {"validity", ParamType::duration,
       "validity of issued end-entity certificates (at most 1096d)", false, "365d"},
      {"ca_validity", ParamType::duration, "validity of the root and issuing CA", false, "3650d"},
      {"key_type", ParamType::string, "CA key type: ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519",
       false, "ec-p256"},
      {"root_name", ParamType::string, "root CA subject", false, "CN=<actor> Root CA,O=ifa026"},
      {"issuing_name", ParamType::string, "issuing CA subject", false,
       "CN=<actor> Issuing CA,O=ifa026"},
      {"processing", ParamType::duration_map,
       "processing times: issue (default 5ms), revoke (1ms), crl (10ms), register (1ms)"},
      {"concurrency", ParamType::integer, "requests processed at once", false, "1"},
      {"ra_credentials", ParamType::array,
       "day-0 CMP ir secrets of RAs: [{\"reference\": ..., \"secret\": ...}]"},
      {"ra_subjects", ParamType::string_list,
       "subjects (full DN or CN) whose certificates may act as RA"},
      {"crl_interval", ParamType::duration, "CRL publication period (0: only at start)", false,
       "1d"},
      {"crl_next_update", ParamType::duration, "CRL nextUpdate after thisUpdate", false,
       "2 x crl_interval"},
      {"crl_subscribers", ParamType::string_list, "actors that get every CRL on CRL-DP"},
      {"confirm_wait", ParamType::duration,
       "wait for the certConf of an issued certificate; then it is revoked (cessationOfOperation) "
       "and its one-use credential usable again",
       false, "5m"},
      {"retransmission_window", ParamType::duration,
       "how long the last answer of an ended CMP transaction is sent again to a retransmission "
       "of its last request (later: refused as a replay)",
       false, "5m"},
  };
}

std::vector<RaCredential> read_ra_credentials(const json& params,
                                              std::vector<sim::Diagnostic>* out) {
  std::vector<RaCredential> list;
  auto it = params.find("ra_credentials");
  if (it == params.end() || !it->is_array()) return list;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& entry = (*it)[i];
    const std::string reference = get_string(entry, "reference");
    const std::string secret = get_string(entry, "secret");
    if (reference.empty() || secret.empty()) {
      if (out)
        out->push_back({"", 0, 0, "/ra_credentials/" + std::to_string(i),
                        "expected {\"reference\": non-empty string, \"secret\": non-empty string}",
                        false});
      continue;
    }
    list.push_back({reference, secret});
  }
  return list;
}

std::optional<pki::DistinguishedName> parse_name(const std::string& text) {
  try {
    auto name = pki::DistinguishedName::parse(text);
    if (name.attributes.empty()) return std::nullopt;
    return name;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void check_ca_settings(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  auto type = params.find("key_type");
  if (type != params.end() && type->is_string() &&
      !pki::key_type_from_string(type->get<std::string>()))
    out.push_back({"", 0, 0, "/key_type",
                   "key_type: unknown key type (ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519)",
                   false});
  for (const char* name : {"root_name", "issuing_name"}) {
    auto it = params.find(name);
    if (it != params.end() && it->is_string() && !parse_name(it->get<std::string>()))
      out.push_back({"", 0, 0, std::string("/") + name,
                     std::string(name) + ": not a distinguished name such as \"CN=Root,O=Op\"",
                     false});
  }
  if (params.contains("validity")) {
    const auto seconds = whole_seconds(duration_param(params, "validity", Duration::days(365)));
    if (seconds <= 0 || seconds > kMaxEndEntitySeconds)
      out.push_back({"", 0, 0, "/validity",
                     "validity: must be at least 1s and at most 1096d (table C.6-1)", false});
  }
  if (params.contains("ca_validity") &&
      whole_seconds(duration_param(params, "ca_validity", Duration::days(3650))) <= 0)
    out.push_back({"", 0, 0, "/ca_validity", "ca_validity: must be at least 1s", false});
  if (params.contains("crl_next_update") &&
      whole_seconds(duration_param(params, "crl_next_update", Duration::days(2))) <= 0)
    out.push_back({"", 0, 0, "/crl_next_update", "crl_next_update: must be at least 1s", false});
  if (auto it = params.find("processing"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items())
      if (key != "issue" && key != "revoke" && key != "crl" && key != "register")
        out.push_back(
            {"", 0, 0, "/processing/" + key,
             "unknown processing entry \"" + key + "\" (ca takes: issue, revoke, crl, register)",
             true});
  }
  read_ra_credentials(params, &out);
}

CaSettings read_settings(const sim::ActorSpec& spec) {
  const json& p = spec.params;
  CaSettings s;
  s.root_name =
      parse_name(string_param(p, "root_name"))
          .value_or(pki::DistinguishedName{{{"CN", spec.name + " Root CA"}, {"O", "ifa026"}}});
  s.issuing_name =
      parse_name(string_param(p, "issuing_name"))
          .value_or(pki::DistinguishedName{{{"CN", spec.name + " Issuing CA"}, {"O", "ifa026"}}});
  s.key_type = pki::key_type_from_string(string_param(p, "key_type", "ec-p256"))
                   .value_or(pki::KeyType::ec_p256);
  const auto validity = whole_seconds(duration_param(p, "validity", Duration::days(365)));
  if (validity > 0 && validity <= kMaxEndEntitySeconds) s.validity_seconds = validity;
  const auto ca_validity = whole_seconds(duration_param(p, "ca_validity", Duration::days(3650)));
  if (ca_validity > 0) s.ca_validity_seconds = ca_validity;
  s.issue_time = duration_entry(p, "processing", "issue", s.issue_time);
  s.revoke_time = duration_entry(p, "processing", "revoke", s.revoke_time);
  s.crl_time = duration_entry(p, "processing", "crl", s.crl_time);
  s.register_time = duration_entry(p, "processing", "register", s.register_time);
  s.concurrency = static_cast<std::size_t>(std::max<long long>(1, int_param(p, "concurrency", 1)));
  s.ra_credentials = read_ra_credentials(p, nullptr);
  s.ra_subjects = string_list_param(p, "ra_subjects");
  s.crl_interval = duration_param(p, "crl_interval", s.crl_interval);
  if (s.crl_interval < Duration()) s.crl_interval = Duration();
  const auto default_next = std::max<std::int64_t>(1, 2 * whole_seconds(s.crl_interval));
  const auto next =
      whole_seconds(duration_param(p, "crl_next_update", Duration::seconds(default_next)));
  s.crl_next_update_seconds = next > 0 ? next : default_next;
  s.crl_subscribers = string_list_param(p, "crl_subscribers");
  const auto confirm_wait = whole_seconds(duration_param(p, "confirm_wait", Duration::minutes(5)));
  if (confirm_wait > 0) s.confirm_wait_seconds = confirm_wait;
  const auto window =
      whole_seconds(duration_param(p, "retransmission_window", Duration::minutes(5)));
  if (window >= 0) s.retransmission_window_seconds = window;
  return s;
}

}  // namespace ifa026::actors::ca
