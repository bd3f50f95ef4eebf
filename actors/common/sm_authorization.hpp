// The Security Manager authorization table every MANO block shares (docs/security-manager.md,
// "The modes", "Scenario shape"): read from the scenario's `trust_model` section, it says which SMs
// exist, the mode each holds in each trust domain (changeable per (SM, domain) at run time,
// R2.1.140), which domains are sensitive and who may manage them (R2.1.100), and MANO's SM settings
// (objection window, grant timeout). `permits` is the mode permission table (§6.2 of the planning
// map): what an SM holding a mode may ask. The table's modes change at run time (set_mode); the
// rest of the trust model (hierarchy, trust edges, visibility) is the graph it holds
// (trust_model.hpp), whose check_trust_model is the section's scenario rule.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "actors/common/trust_model.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::sm {

struct SmSettings {
  // How long MANO holds an operation for Semi-Active objections (0: it does not wait, D2).
  sim::Duration objection_window = sim::Duration::seconds(0);
  // How long MANO waits for Fully-Active grants before the operation is refused (D4). 15 s: below
  // the VNFM's default budget for its grant request (4 attempts of 5 s), so MANO decides.
  sim::Duration grant_timeout = sim::Duration::seconds(15);
};

// Whether an SM may do something, and why not.
struct Permission {
  bool allowed = false;
  std::string reason;  // when refused, e.g. "mode passive does not permit SmTerminateVnfRequest"
};

// The mode table: may an SM holding `mode` send `sm_operation` (a message name of sc_mano.hpp)
// of this `kind` (request / instruction, "" when the message has none)?
Permission permits(std::string_view mode, std::string_view sm_operation, std::string_view kind);

class AuthorizationTable {
 public:
  AuthorizationTable() = default;
  // From a `trust_model` section already checked by check_trust_model (an empty object: no SMs).
  static AuthorizationTable from_trust_model(const nlohmann::json& trust_model);

  bool knows_sm(const std::string& sm) const { return modes_.count(sm) != 0; }
  // The SM's mode in `domain`, if it manages it.
  std::optional<std::string> mode(const std::string& sm, const std::string& domain) const;
  // Domain -> mode for one SM (empty for an unknown SM).
  std::map<std::string, std::string> grants(const std::string& sm) const;
  // Sets (or with nullopt, revokes) one SM's mode in one domain; false for an unknown SM or mode.
  bool set_mode(const std::string& sm, const std::string& domain,
                const std::optional<std::string>& mode);
  // Whether the SM may see and act on VNFs of `domain` at all: not when the domain is sensitive
  // and the SM is not one of its designated managers (R2.1.100).
  bool may_see(const std::string& sm, const std::string& domain) const;
  bool sensitive(const std::string& domain) const { return sensitive_.count(domain) != 0; }
  const SmSettings& settings() const { return settings_; }
  bool empty() const { return modes_.empty(); }
  // The trust model as declared (the hierarchy, trust edges, visibility; modes as at the start).
  const trust::TrustModel& model() const { return *model_; }

 private:
  std::map<std::string, std::map<std::string, std::string>> modes_;  // sm -> domain -> mode
  std::map<std::string, std::set<std::string>> sensitive_;           // domain -> its managers
  SmSettings settings_;
  std::shared_ptr<const trust::TrustModel> model_ = std::make_shared<const trust::TrustModel>();
};

// "td-a:fully_active,td-b:passive" (domains in order), the form of the `grants` detail.
std::string grants_text(const std::map<std::string, std::string>& grants);

}  // namespace ifa026::actors::sm
