// What a `vnfci` actor is told at spawn and by the workload: its parameters (checked and read with
// defaults) and its command's argument (docs/direct-mode.md). The configuration from the CMF is
// vnfci_configuration's.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pki/attestation_evidence.hpp"
#include "pki/bytes.hpp"
#include "pki/certificate.hpp"
#include "pki/key.hpp"
#include "sim/diagnostic.hpp"
#include "sim/param_rules.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vnfci {

void check_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// The checks beyond the parameter table (what the actor type registers with actor_type).
void check_cross_fields(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
// The parameter table check_params checks with (also the actor type's documented parameters).
std::vector<sim::ParamRule> param_rules();

// The `secure_bootstrap` parameter (C.2.1.2, C.2.1.3), which the VNFM fills when it spawns the
// instance of a VNFC with secure_bootstrap: what the HMEE needs to be attested and to reach its
// HSM.
struct Bootstrap {
  std::string verifier;   // the attestation service
  std::string reference;  // "vnfd/vnfc", the reference values it is appraised against
  std::vector<pki::Measurement> measurements;  // what this instance measures, by name
  pki::Bytes platform_key;                     // PKCS#8 DER of the platform attestation key
  std::vector<pki::Bytes> platform_chain;      // its certificate (a CA), then intermediates
  bool hsm_signs_csr = false;                  // C.2.1.3 #10-#12
  std::optional<sim::Duration> key_rotation;   // C.2.1.3 note 4
};

struct Settings {
  std::map<std::string, std::string> day0;  // day-0 secrets by peer (the CMF)
  pki::KeyType key_type = pki::KeyType::ec_p256;
  sim::Duration keygen_time = sim::Duration::milliseconds(5);
  sim::Duration sign_time = sim::Duration::milliseconds(1);
  std::size_t concurrency = 1;
  int cmp_retries = 2;  // whole operations (a new transaction), after cmp_retry_delay
  int cmp_resends = 3;  // of the same message, waits from cmp_timeout doubling up to 60 s
  sim::Duration cmp_retry_delay = sim::Duration::seconds(5);  // doubles with every retry
  sim::Duration cmp_timeout = sim::Duration::seconds(10);
  sim::Duration channel_idle = sim::Duration::minutes(1);  // zero: sessions stay open
  bool wrong_trust_anchor = false;
  bool wrong_secret = false;
  // Negative scenarios: replay the spent initial credential once after enrolment; request this
  // subject (DN text) in the ir instead of the configured one ("" : the configured one).
  bool replay_initial_credential = false;
  std::string csr_subject;
  std::shared_ptr<const Bootstrap> bootstrap;  // null: no secure bootstrap (most VNFCIs)
  sim::Duration attestation_timeout = sim::Duration::seconds(10);
  int attestation_retries = 2;
  // Negative scenarios of attestation: measure this component wrongly (it is added when not
  // measured at all); derive the attested PSK with another key than the attested HMEE key.
  std::string tamper_measurement;
  bool wrong_hmee_key = false;
};

// Parameters already checked; defaults for what is absent.
Settings read_settings(const nlohmann::json& params);

// The settings of `params` apart from the day-0 secrets (Settings::day0 is left empty; read them
// with read_settings(...).day0 or day0_secrets), shared with every VNFCI of this thread whose
// parameters differ from these in `day0` at most: the VNFCIs of one VNFC hold one copy (not
// with `secure_bootstrap`, whose platform key is the instance's own).
std::shared_ptr<const Settings> shared_settings(const nlohmann::json& params);
// The `day0` parameter: day-0 secrets by peer.
std::map<std::string, std::string> day0_secrets(const nlohmann::json& params);

// The workload `renew` command's argument: the one identity to renew ("": every one).
std::string renew_identity(const nlohmann::json& args);

// Bytes given as a byte string (CBOR / binary JSON, as the VNFM spawns) or as hex text (as a
// scenario file can write them); nullopt otherwise.
std::optional<pki::Bytes> bytes_value(const nlohmann::json& value);

}  // namespace ifa026::actors::vnfci
