// `vnfci` parameters and configuration entries (see vnfci_config.hpp).
#include "actors/vnfci/vnfci_config.hpp"

#include <algorithm>
#include <exception>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::vnfci {

using nlohmann::json;

namespace {

std::vector<ParamRule> rules() {
  return {
      {"day0", ParamType::string_map, "day-0 secret shared with the CMF, by CMF actor name"},
      {"key_type", ParamType::string, "key type of every identity (default ec-p256)"},
      {"processing", ParamType::duration_map, "processing times: keygen (5ms), sign (1ms)"},
      {"concurrency", ParamType::integer, "parallel key generation / signing jobs (default 1)"},
      {"cmp_retries", ParamType::integer,
       "retries of a CMP operation the CA did not answer (default 2)"},
      {"cmp_retry_delay", ParamType::duration,
       "delay before the first retry, doubled for each further one (default 5s)"},
      {"cmp_timeout", ParamType::duration, "wait for each CMP reply (default 10s)"},
      {"channel_idle", ParamType::duration,
       "close day-0 sessions idle this long (default 1m; 0: keep them)"},
      {"wrong_trust_anchor", ParamType::boolean,
       "negative scenario: trust a self-made root instead of the configured one"},
      {"wrong_secret", ParamType::boolean,
       "negative scenario: protect the ir with a wrong initial secret"},
  };
}

}  // namespace

void check_params(const json& params, std::vector<sim::Diagnostic>& out) {
  actors::check_params("vnfci", params, rules(), out);
  if (!params.is_object()) return;
  auto type = params.find("key_type");
  if (type != params.end() && type->is_string() &&
      !pki::key_type_from_string(type->get<std::string>()))
    out.push_back({"", 0, 0, "/key_type",
                   "key_type: unknown key type (ec-p256, ec-p384, rsa-2048, rsa-3072, ed25519)",
                   false});
  if (auto it = params.find("processing"); it != params.end() && it->is_object()) {
    for (const auto& [key, value] : it->items())
      if (key != "keygen" && key != "sign")
        out.push_back({"", 0, 0, "/processing/" + key,
                       "unknown processing entry \"" + key + "\" (vnfci takes: keygen, sign)",
                       true});
  }
  for (const char* name : {"cmp_timeout", "cmp_retry_delay"}) {
    if (params.contains(name) &&
        duration_param(params, name, sim::Duration::seconds(1)) <= sim::Duration())
      out.push_back({"", 0, 0, std::string("/") + name,
                     std::string(name) + ": must be longer than 0", false});
  }
}

Settings read_settings(const json& params) {
  Settings s;
  s.day0 = string_map_param(params, "day0");
  s.key_type = pki::key_type_from_string(string_param(params, "key_type", "ec-p256"))
                   .value_or(pki::KeyType::ec_p256);
  s.keygen_time = duration_entry(params, "processing", "keygen", s.keygen_time);
  s.sign_time = duration_entry(params, "processing", "sign", s.sign_time);
  s.concurrency = static_cast<std::size_t>(std::max(1LL, int_param(params, "concurrency", 1)));
  s.cmp_retries = static_cast<int>(std::clamp(int_param(params, "cmp_retries", 2), 0LL, 30LL));
  s.cmp_retry_delay = duration_param(params, "cmp_retry_delay", s.cmp_retry_delay);
  if (s.cmp_retry_delay <= sim::Duration()) s.cmp_retry_delay = sim::Duration::seconds(5);
  s.cmp_timeout = duration_param(params, "cmp_timeout", s.cmp_timeout);
  if (s.cmp_timeout <= sim::Duration()) s.cmp_timeout = sim::Duration::seconds(10);
  s.channel_idle = duration_param(params, "channel_idle", s.channel_idle);
  if (s.channel_idle < sim::Duration()) s.channel_idle = sim::Duration();
  s.wrong_trust_anchor = bool_param(params, "wrong_trust_anchor", false);
  s.wrong_secret = bool_param(params, "wrong_secret", false);
  return s;
}

std::optional<IdentityConfig> parse_identity(const json& entry, std::string* reason) {
  auto fail = [reason](std::string why) -> std::optional<IdentityConfig> {
    if (reason) *reason = std::move(why);
    return std::nullopt;
  };
  if (!entry.is_object()) return fail("identity entry is not a map");
  IdentityConfig c;
  c.name = get_string(entry, "name");
  if (c.name.empty()) return fail("no name");
  c.subject = get_string(entry, "subject");
  if (c.subject.empty()) return fail("no subject");
  try {
    if (pki::DistinguishedName::parse(c.subject).attributes.empty())
      return fail("subject is not a distinguished name");
  } catch (const std::exception& e) {
    return fail(std::string("subject: ") + e.what());
  }
  if (auto it = entry.find("dns"); it != entry.end()) {
    if (it->is_string()) {
      c.dns.push_back(it->get<std::string>());
    } else if (it->is_array()) {
      for (const auto& name : *it) {
        if (!name.is_string() || name.get_ref<const std::string&>().empty())
          return fail("dns holds a non-string or empty entry");
        c.dns.push_back(name.get<std::string>());
      }
    } else {
      return fail("dns is not a list");
    }
  }
  c.ca = get_string(entry, "ca");
  if (c.ca.empty()) return fail("no ca");
  c.reference = get_string(entry, "reference");
  if (c.reference.empty()) return fail("no reference");
  if (auto secret = get_bytes(entry, "secret")) {
    c.secret = std::move(*secret);
  } else {
    const std::string text = get_string(entry, "secret");
    c.secret.assign(text.begin(), text.end());
  }
  if (c.secret.empty()) return fail("no secret");
  auto anchor = get_bytes(entry, "trust_anchor");
  if (!anchor) return fail("no trust anchor");
  try {
    c.trust_anchor = pki::Certificate::from_der(*anchor);
  } catch (const std::exception& e) {
    return fail(std::string("trust anchor: ") + e.what());
  }
  c.renew_before = kDefaultRenewBefore;
  if (auto it = entry.find("renew_before"); it != entry.end() && !it->is_null()) {
    auto parsed = it->is_string() ? sim::parse_duration(it->get<std::string>()) : std::nullopt;
    if (!parsed || *parsed < sim::Duration()) return fail("renew_before is not a duration");
    c.renew_before = *parsed;
  }
  return c;
}

}  // namespace ifa026::actors::vnfci
