// The `ca-live` actor's parameters and settings (see ca_live_settings.hpp).
#include "actors/ca_live/ca_live_settings.hpp"

#include <algorithm>

#include "actors/ca_live/external_command.hpp"

namespace ifa026::actors::ca_live {

using nlohmann::json;
using sim::Duration;

const std::set<std::string>& register_placeholders() {
  static const std::set<std::string> names = {"reference", "secret",  "secret_hex", "subject",
                                              "identity",  "one_use", "expires"};
  return names;
}

const std::set<std::string>& register_list_placeholders() {
  static const std::set<std::string> names = {"dns"};
  return names;
}

std::vector<ParamRule> ca_live_rules() {
  return {
      {"url", ParamType::string,
       "the real CA's CMP URL, http://HOST:PORT/PATH (RFC 6712; e.g. `ifa026 ca serve`'s "
       "http://127.0.0.1:PORT/pkix/)",
       true},
      {"trust_anchors", ParamType::string_list,
       "PEM files of the CA's certificates: its root (self-signed: the trust anchor) and any "
       "intermediate and issuing CA, e.g. `ca init`'s chain.pem",
       true},
      {"timeout", ParamType::duration,
       "wall-clock wait for each answer of the server and each command (simulated time stands "
       "still meanwhile)",
       false, "10s"},
      {"register_command", ParamType::array,
       "argv run once per end-entity registration (RegisterEndEntityRequest), e.g. [\"ifa026\", "
       "\"ca\", \"register\", \"--dir\", D, \"--ref\", \"{reference}\", \"--secret-hex\", "
       "\"{secret_hex}\", \"--subject\", \"{subject}\", [\"--dns\", \"{dns}\"]]; placeholders "
       "{reference}, {secret}, {secret_hex}, {subject} (OpenSSL slash form, the certificate's "
       "order), {subject_rfc4514}, {identity}, {one_use}, {expires}, and "
       "{dns} in a group; absent: registrations are refused",
       false, ""},
      {"crl_command", ParamType::array,
       "argv that writes the CA's current CRL (PEM or DER) to {file}, e.g. [\"ifa026\", \"ca\", "
       "\"crl\", \"--dir\", D, \"--out\", \"{file}\"]; absent: the actor publishes no CRL",
       false, ""},
      {"crl_interval", ParamType::duration,
       "simulated period of CRL publication (0: at start and after each revocation only)", false,
       "1d"},
      {"crl_subscribers", ParamType::string_list, "actors that get every CRL on CRL-DP"},
  };
}

void check_ca_live_settings(const json& params, std::vector<sim::Diagnostic>& out) {
  if (!params.is_object()) return;
  if (auto url = params.find("url"); url != params.end() && url->is_string()) {
    std::string why;
    if (!pki::parse_cmp_http_url(url->get<std::string>(), &why))
      out.push_back({"", 0, 0, "/url", "url: " + why, false});
  }
  if (auto files = params.find("trust_anchors");
      files != params.end() && files->is_array() && files->empty())
    out.push_back({"", 0, 0, "/trust_anchors", "trust_anchors: name at least one PEM file", false});
  if (auto argv = params.find("register_command"); argv != params.end() && argv->is_array()) {
    if (auto why = command_template_problem(*argv, register_placeholders(),
                                            register_list_placeholders())) {
      out.push_back({"", 0, 0, "/register_command", "register_command: " + *why, false});
    }
  }
  if (auto argv = params.find("crl_command"); argv != params.end() && argv->is_array()) {
    if (auto why = command_template_problem(*argv, {kCrlFilePlaceholder}, {})) {
      out.push_back({"", 0, 0, "/crl_command", "crl_command: " + *why, false});
    } else if (argv->dump().find("{file}") == std::string::npos) {
      out.push_back({"", 0, 0, "/crl_command",
                     "crl_command: no {file} placeholder: where should the CRL be written?",
                     false});
    }
  }
}

int CaLiveSettings::timeout_seconds() const {
  const std::int64_t ns = timeout.ns();
  return static_cast<int>(std::max<std::int64_t>(1, (ns + 999'999'999) / 1'000'000'000));
}

CaLiveSettings read_settings(const sim::ActorSpec& spec) {
  const json& p = spec.params;
  CaLiveSettings s;
  if (auto url = pki::parse_cmp_http_url(string_param(p, "url"))) s.url = *url;
  s.trust_anchor_files = string_list_param(p, "trust_anchors");
  s.timeout = duration_param(p, "timeout", s.timeout);
  if (s.timeout <= Duration()) s.timeout = Duration::seconds(1);
  if (auto it = p.find("register_command"); it != p.end() && it->is_array())
    s.register_command = *it;
  if (auto it = p.find("crl_command"); it != p.end() && it->is_array()) s.crl_command = *it;
  s.crl_interval = duration_param(p, "crl_interval", s.crl_interval);
  if (s.crl_interval < Duration()) s.crl_interval = Duration();
  s.crl_subscribers = string_list_param(p, "crl_subscribers");
  return s;
}

}  // namespace ifa026::actors::ca_live
