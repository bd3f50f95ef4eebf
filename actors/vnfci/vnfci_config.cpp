// `vnfci` parameters and configuration entries (see vnfci_config.hpp).
#include "actors/vnfci/vnfci_config.hpp"

#include <algorithm>
#include <exception>

#include "actors/common/actor_params.hpp"
#include "actors/common/envelope.hpp"
#include "actors/common/telemetry_sender.hpp"
#include "actors/vnfci/vnfci_delegated.hpp"
#include "pki/names.hpp"

namespace ifa026::actors::vnfci {

using nlohmann::json;

namespace {

std::vector<ParamRule> rules() {
  std::vector<ParamRule> out{
      {"day0", ParamType::string_map, "day-0 secret shared with the CMF, by CMF actor name"},
      {"key_type", ParamType::string, "key type of every identity", false, "ec-p256"},
      {"processing", ParamType::duration_map, "processing times: keygen (5ms), sign (1ms)"},
      {"concurrency", ParamType::integer, "parallel key generation / signing jobs", false, "1"},
      {"cmp_retries", ParamType::integer, "retries of a CMP operation the CA did not answer", false,
       "2"},
      {"cmp_retry_delay", ParamType::duration,
       "delay before the first retry, doubled for each further one", false, "5s"},
      {"cmp_timeout", ParamType::duration, "first wait for a CMP reply", false, "10s"},
      {"cmp_resends", ParamType::integer,
       "resends of an unanswered CMP message (same bytes; each wait twice the previous one, at "
       "most 60s) before the operation counts as failed",
       false, "3"},
      {"channel_idle", ParamType::duration, "close day-0 sessions idle this long (0: keep them)",
       false, "1m"},
      {"wrong_trust_anchor", ParamType::boolean,
       "negative scenario: trust a self-made root instead of the configured one"},
      {"wrong_secret", ParamType::boolean,
       "negative scenario: protect the ir with a wrong initial secret"},
      {"replay_initial_credential", ParamType::boolean,
       "negative scenario: after enrolling an identity, send one more ir with the same (spent) "
       "initial credential (traced InitialCredentialReplay refused/accepted)"},
      {"csr_subject", ParamType::string,
       "negative scenario: request this subject (a DN) in the ir instead of the configured one"},
      {"secure_bootstrap", ParamType::object,
       "attested HMEE (C.2.1.2/C.2.1.3), set by the VNFM: {verifier, reference, measurements, "
       "platform_key, platform_chain, hsm_signs_csr, key_rotation}"},
      {"attestation_timeout", ParamType::duration, "wait for each answer of the verifier", false,
       "10s"},
      {"attestation_retries", ParamType::integer, "attestations started again after a timeout",
       false, "2"},
      {"tamper_measurement", ParamType::string,
       "negative scenario: this measurement is wrong in the evidence (added when not measured)"},
      {"wrong_hmee_key", ParamType::boolean,
       "negative scenario: derive the attested PSK with another key than the attested HMEE key"},
      telemetry::policy_param_rule("VNFCI"),  // issue 16
  };
  for (auto& rule : delegated_param_rules()) out.push_back(std::move(rule));  // issue 17
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void check_bootstrap(const json& b, std::vector<sim::Diagnostic>& out) {
  const std::string at = "/secure_bootstrap";
  auto problem = [&](const std::string& where, const std::string& message) {
    out.push_back({"", 0, 0, at + where, "secure_bootstrap: " + message, false});
  };
  for (const char* key : {"verifier", "reference"})
    if (!b.contains(key) || !b[key].is_string() || b[key].get<std::string>().empty())
      problem(std::string("/") + key, std::string(key) + ": expected a non-empty string");
  auto m = b.find("measurements");
  if (m == b.end() || !m->is_object() || m->empty()) {
    problem("/measurements", "measurements: expected a non-empty object {name: sha256 hex}");
  } else {
    for (const auto& [name, digest] : m->items()) {
      auto bytes = bytes_value(digest);
      if (name.empty() || !bytes || bytes->size() != 32)
        problem("/measurements/" + name, "measurements: a name and a SHA-256 (64 hex digits)");
    }
  }
  if (!b.contains("platform_key") || !bytes_value(b["platform_key"]))
    problem("/platform_key", "platform_key: expected PKCS#8 DER (bytes or hex)");
  auto chain = b.find("platform_chain");
  bool chain_ok = chain != b.end() && chain->is_array() && !chain->empty();
  if (chain_ok)
    for (const auto& c : *chain) chain_ok = chain_ok && bytes_value(c).has_value();
  if (!chain_ok)
    problem("/platform_chain", "platform_chain: expected a non-empty list of certificates (DER)");
  if (b.contains("hsm_signs_csr") && !b["hsm_signs_csr"].is_boolean())
    problem("/hsm_signs_csr", "hsm_signs_csr: expected true or false");
  if (b.contains("key_rotation")) {
    auto d = b["key_rotation"].is_string()
                 ? sim::parse_duration(b["key_rotation"].get<std::string>())
                 : std::nullopt;
    if (!d || d->ns() <= 0) problem("/key_rotation", "key_rotation: expected a duration");
  }
  for (const auto& [key, value] : b.items()) {
    (void)value;
    static const std::vector<std::string> known{"verifier",     "reference",      "measurements",
                                                "platform_key", "platform_chain", "hsm_signs_csr",
                                                "key_rotation"};
    if (std::find(known.begin(), known.end(), key) == known.end())
      out.push_back(
          {"", 0, 0, at + "/" + key, "secure_bootstrap: unknown member \"" + key + "\"", true});
  }
}

}  // namespace

std::optional<pki::Bytes> bytes_value(const json& value) {
  if (value.is_binary()) return pki::Bytes(value.get_binary().begin(), value.get_binary().end());
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  if (text.empty() || text.size() % 2 != 0) return std::nullopt;
  pki::Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_digit(text[i]);
    const int lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

std::vector<ParamRule> param_rules() {
  return rules();
}

void check_params(const json& params, std::vector<sim::Diagnostic>& out) {
  actors::check_params("vnfci", params, rules(), out);
  check_cross_fields(params, out);
}

void check_cross_fields(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  telemetry::check_policy(params, out);  // issue 16
  check_delegated_params(params, out);   // issue 17
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
  if (auto it = params.find("csr_subject"); it != params.end() && it->is_string()) {
    bool ok = false;
    try {
      ok = !pki::DistinguishedName::parse(it->get<std::string>()).attributes.empty();
    } catch (const std::exception&) {
    }
    if (!ok)
      out.push_back({"", 0, 0, "/csr_subject",
                     "csr_subject: not a distinguished name such as \"CN=x,O=y\"", false});
  }
  if (auto it = params.find("secure_bootstrap"); it != params.end() && it->is_object())
    check_bootstrap(*it, out);
  for (const char* name : {"cmp_timeout", "cmp_retry_delay", "attestation_timeout"}) {
    if (params.contains(name) &&
        duration_param(params, name, sim::Duration::seconds(1)) <= sim::Duration())
      out.push_back({"", 0, 0, std::string("/") + name,
                     std::string(name) + ": must be longer than 0", false});
  }
}

std::map<std::string, std::string> day0_secrets(const json& params) {
  return string_map_param(params, "day0");
}

std::shared_ptr<const Settings> shared_settings(const json& params) {
  json key = params;
  if (key.is_object()) key.erase("day0");
  // A secure bootstrap carries the instance's own platform key: nothing to share.
  if (key.contains("secure_bootstrap")) return std::make_shared<const Settings>(read_settings(key));
  thread_local std::map<std::string, std::weak_ptr<const Settings>> known;
  thread_local std::size_t sweep_at = 64;
  std::weak_ptr<const Settings>& slot = known[key.dump()];
  if (auto alive = slot.lock()) return alive;
  auto shared = std::make_shared<const Settings>(read_settings(key));
  slot = shared;
  if (known.size() >= sweep_at) {
    std::erase_if(known, [](const auto& entry) { return entry.second.expired(); });
    sweep_at = std::max<std::size_t>(64, 2 * known.size());
  }
  return shared;
}

Settings read_settings(const json& params) {
  Settings s;
  s.day0 = day0_secrets(params);
  s.key_type = pki::key_type_from_string(string_param(params, "key_type", "ec-p256"))
                   .value_or(pki::KeyType::ec_p256);
  s.keygen_time = duration_entry(params, "processing", "keygen", s.keygen_time);
  s.sign_time = duration_entry(params, "processing", "sign", s.sign_time);
  s.concurrency = static_cast<std::size_t>(std::max(1LL, int_param(params, "concurrency", 1)));
  s.cmp_retries = static_cast<int>(std::clamp(int_param(params, "cmp_retries", 2), 0LL, 30LL));
  s.cmp_retry_delay = duration_param(params, "cmp_retry_delay", s.cmp_retry_delay);
  if (s.cmp_retry_delay <= sim::Duration()) s.cmp_retry_delay = sim::Duration::seconds(5);
  s.cmp_resends = static_cast<int>(std::clamp(int_param(params, "cmp_resends", 3), 0LL, 30LL));
  s.cmp_timeout = duration_param(params, "cmp_timeout", s.cmp_timeout);
  if (s.cmp_timeout <= sim::Duration()) s.cmp_timeout = sim::Duration::seconds(10);
  s.channel_idle = duration_param(params, "channel_idle", s.channel_idle);
  if (s.channel_idle < sim::Duration()) s.channel_idle = sim::Duration();
  s.wrong_trust_anchor = bool_param(params, "wrong_trust_anchor", false);
  s.wrong_secret = bool_param(params, "wrong_secret", false);
  s.replay_initial_credential = bool_param(params, "replay_initial_credential", false);
  s.csr_subject = string_param(params, "csr_subject");
  if (auto it = params.find("secure_bootstrap"); it != params.end() && it->is_object()) {
    const json& b = *it;
    Bootstrap bootstrap;
    bootstrap.verifier = get_string(b, "verifier");
    bootstrap.reference = get_string(b, "reference");
    if (auto m = b.find("measurements"); m != b.end() && m->is_object())
      for (const auto& [name, digest] : m->items())
        if (auto bytes = bytes_value(digest)) bootstrap.measurements.push_back({name, *bytes});
    if (auto key = b.find("platform_key"); key != b.end())
      bootstrap.platform_key = bytes_value(*key).value_or(pki::Bytes{});
    if (auto chain = b.find("platform_chain"); chain != b.end() && chain->is_array())
      for (const auto& c : *chain)
        if (auto bytes = bytes_value(c)) bootstrap.platform_chain.push_back(*bytes);
    bootstrap.hsm_signs_csr = bool_param(b, "hsm_signs_csr", false);
    if (b.contains("key_rotation")) {
      auto d = duration_param(b, "key_rotation", sim::Duration());
      if (d.ns() > 0) bootstrap.key_rotation = d;
    }
    s.bootstrap = std::make_shared<const Bootstrap>(std::move(bootstrap));
  }
  s.attestation_timeout = duration_param(params, "attestation_timeout", s.attestation_timeout);
  if (s.attestation_timeout <= sim::Duration()) s.attestation_timeout = sim::Duration::seconds(10);
  s.attestation_retries =
      static_cast<int>(std::clamp(int_param(params, "attestation_retries", 2), 0LL, 10LL));
  s.tamper_measurement = string_param(params, "tamper_measurement");
  s.wrong_hmee_key = bool_param(params, "wrong_hmee_key", false);
  return s;
}

std::string renew_identity(const json& args) {
  return get_string(args, "identity");
}

}  // namespace ifa026::actors::vnfci
