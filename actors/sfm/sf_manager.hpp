// The behaviour of an element manager (EM) or of the infrastructure security manager (ISM) on
// Sm-Sf (issue 16; docs/security-monitoring.md "Security functions: VSF, PSF behind an EM, ISF
// behind the ISM"; Annex A R1.2.20, R1.2.130, R1.2.140, R1.2.160): the MANO entity extension of
// kinds `em` and `ism` (sfm_actor.hpp). It holds the security functions of its parameter
// `functions` (an EM: VSFs, VNF-embedded functions and PSF stubs; the ISM: ISF stubs), each with
// a rule table and its digest (sf_rules.hpp), and serves SMs over mutual TLS: capability queries,
// rule and credential configurations (decided by sf_access.hpp; SecurityFunctionAccess,
// SecurityRulesApplied, ConfigurationStored) and validation requests (reports carrying the
// table's digest, MAC'd with the function's initial credential). Fault command rule_drift and
// fault switches `sf_faults` show the checks fail.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/sm_authorization.hpp"
#include "actors/messages/sm_sf.hpp"
#include "pki/bytes.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::actors::sf {

// One function the manager holds.
struct ManagedFunction {
  messages::SecurityFunctionInfo info;
  std::vector<std::string> rules;
  std::string configured_digest;  // the digest of the last configuration acknowledged
  std::optional<pki::Bytes> credential;
};

// Fault switches (param `sf_faults`, docs/security-monitoring.md "Fault switches").
struct ManagerFaults {
  bool accept_foreign_sm = false;    // configurations from any sender applied
  bool ack_without_apply = false;    // rule configurations acknowledged, the table left as it was
  bool report_stale_digest = false;  // reports give the configured digest, not the table's
  bool ignore_credential = false;    // ConfigurationStored, but the credential thrown away
  // Configurations accepted and applied as if delivered over an unprotected channel (recorded and
  // acknowledged delivered_over=plain; R1.3.150).
  bool plain_configuration = false;
};

// `kind` "em" or "ism": the function kinds its parameters may declare.
std::vector<ParamRule> manager_param_rules(const std::string& kind);
std::vector<CommandRule> manager_command_rules();
void check_manager_params(const std::string& kind, const nlohmann::json& params,
                          std::vector<sim::Diagnostic>& out);

class SfManager final : public ManoEntityExtension {
 public:
  SfManager(ManoEntityHost& host, const sim::ActorSpec& spec);

  bool on_command(const sim::Command& command) override;
  const std::map<std::string, ManagedFunction>& functions() const { return functions_; }

 private:
  void on_capabilities(const ChannelMessage& m,
                       const messages::SecurityFunctionCapabilityQuery& query);
  void on_rules(const ChannelMessage& m, const messages::SecurityRuleConfiguration& request);
  void on_configuration(const ChannelMessage& m,
                        const messages::SecurityFunctionConfiguration& request);
  void on_validation(const ChannelMessage& m, const messages::PolicyValidationRequest& request);
  // The function `sf_id` names once the sender may configure it (SecurityFunctionAccess traced);
  // null with the answer's `status` (unknown_function, access_denied) and `reason` otherwise.
  ManagedFunction* configurable(const ChannelMessage& m, const std::string& sf_id,
                                std::string_view operation, std::string& status,
                                std::string& reason);
  void drift_command(const sim::Command& command);
  // The channel kind a configuration from `m` counts as delivered over (plain under the fault).
  std::string delivered_over(const ChannelMessage& m) const;

  ManoEntityHost& host_;
  sm::AuthorizationTable table_;
  ManagerFaults faults_;
  std::map<std::string, ManagedFunction> functions_;  // by sf id
};

}  // namespace ifa026::actors::sf
