// The `ca-live` actor's parameters (docs/live-ca.md): the real CMP server's URL, the PEM files of
// its CA certificates, the wall-clock timeout, the vendor's commands for registrations and CRLs
// (argv templates, external_command.hpp), and the CRL period and subscribers; their rules and
// checks, and the settings read from them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "pki/cmp_http_transfer.hpp"
#include "sim/actor.hpp"
#include "sim/diagnostic.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::ca_live {

inline constexpr const char* kTypeName = "ca-live";

// The placeholders of `register_command`: single values, and the list a group repeats.
const std::set<std::string>& register_placeholders();
const std::set<std::string>& register_list_placeholders();
// The placeholder of `crl_command`: the file the command writes the CRL to (PEM or DER).
inline constexpr const char* kCrlFilePlaceholder = "file";

std::vector<ParamRule> ca_live_rules();
// The checks beyond the table: the URL, the command templates.
void check_ca_live_settings(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

struct CaLiveSettings {
  pki::CmpHttpUrl url;
  std::vector<std::string> trust_anchor_files;
  sim::Duration timeout = sim::Duration::seconds(10);   // wall clock, per exchange and command
  std::optional<nlohmann::json> register_command;       // absent: registrations refused
  std::optional<nlohmann::json> crl_command;            // absent: no CRLs
  sim::Duration crl_interval = sim::Duration::days(1);  // simulated; 0: start and revocations
  std::vector<std::string> crl_subscribers;
  int timeout_seconds() const;  // the timeout in whole seconds, at least 1
};

// The settings of checked parameters.
CaLiveSettings read_settings(const sim::ActorSpec& spec);

}  // namespace ifa026::actors::ca_live
