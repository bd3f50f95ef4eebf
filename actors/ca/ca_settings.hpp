// The `ca` actor's parameters (docs/mano-certificates.md): their rules and checks, and the
// settings read from them with defaults applied (CA names and key type, validities, processing
// times, RA credentials and subjects, CRL period, nextUpdate and subscribers, the CMP confirmation
// wait and retransmission window).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "pki/key.hpp"
#include "pki/names.hpp"
#include "sim/actor.hpp"
#include "sim/diagnostic.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::ca {

inline constexpr const char* kTypeName = "ca";
inline constexpr std::int64_t kDaySeconds = 86400;
inline constexpr std::int64_t kMaxEndEntitySeconds = 1096 * kDaySeconds;  // table C.6-1: 3 years

std::vector<ParamRule> ca_rules();

struct RaCredential {
  std::string reference;
  std::string secret;
};

// The valid entries of `ra_credentials`; a diagnostic per bad one when `out` is given.
std::vector<RaCredential> read_ra_credentials(const nlohmann::json& params,
                                              std::vector<sim::Diagnostic>* out);

// A distinguished name with at least one attribute, or nullopt.
std::optional<pki::DistinguishedName> parse_name(const std::string& text);

// The checks beyond the parameter table (key type, names, validity bounds, processing entries, RA
// credentials); the table's own checks are the toolkit's (actor_registration.hpp).
void check_ca_settings(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

// The actor's settings, defaults applied (parameters were checked before).
struct CaSettings {
  pki::DistinguishedName root_name;
  pki::DistinguishedName issuing_name;
  pki::KeyType key_type = pki::KeyType::ec_p256;
  std::int64_t validity_seconds = 365 * kDaySeconds;
  std::int64_t ca_validity_seconds = 3650 * kDaySeconds;
  sim::Duration issue_time = sim::Duration::milliseconds(5);
  sim::Duration revoke_time = sim::Duration::milliseconds(1);
  sim::Duration crl_time = sim::Duration::milliseconds(10);
  sim::Duration register_time = sim::Duration::milliseconds(1);
  std::size_t concurrency = 1;
  std::vector<RaCredential> ra_credentials;
  std::vector<std::string> ra_subjects;
  sim::Duration crl_interval = sim::Duration::days(1);
  std::int64_t crl_next_update_seconds = 2 * kDaySeconds;
  std::vector<std::string> crl_subscribers;
  // pki::CmpServerConfig's (docs/cmp-reliability.md).
  std::int64_t confirm_wait_seconds = 300;
  std::int64_t retransmission_window_seconds = 300;
};

CaSettings read_settings(const sim::ActorSpec& spec);

}  // namespace ifa026::actors::ca
