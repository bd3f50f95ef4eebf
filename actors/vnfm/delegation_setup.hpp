// How a VNFM's delegation manager is configured and built (issue 17; docs/delegation-mode.md "VNFM
// and CMF (as built)"): the VNFM parameters `delegation` {cmf, install_attempts, key_retention,
// hsm, renew_before, request_timeout, request_retries} and `delegation_faults`, their located
// checks, and the factory of the DelegationManager implementation (delegation_manager.cpp).
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "actors/vnfm/delegation_manager.hpp"
#include "pki/key.hpp"

namespace ifa026::actors::vnfm {

// Fault switches of the delegate VNFM (`delegation_faults`), for negative scenarios.
inline constexpr const char* kFaultMismatchedKey = "mismatched_key";  // no KeyPairCheck, wrong key
inline constexpr const char* kFaultRetainKeys = "retain_keys";        // never deletes a key
inline constexpr const char* kFaultCsrForForeignVnfci = "csr_for_foreign_vnfci";
inline constexpr const char* kFaultWrongCsrSubject = "wrong_csr_subject";  // CSR != registration
// Read by the delegated lifecycle (delegated_lifecycle.hpp).
inline constexpr const char* kFaultUnprotectedConfiguration = "unprotected_configuration";
inline constexpr const char* kFaultSkipRenewal = "skip_renewal";
inline constexpr const char* kFaultSkipRevocation = "skip_revocation";
// Every name `delegation_faults` takes.
inline constexpr const char* kDelegationFaults[] = {kFaultMismatchedKey,
                                                    kFaultRetainKeys,
                                                    kFaultCsrForForeignVnfci,
                                                    kFaultWrongCsrSubject,
                                                    kFaultUnprotectedConfiguration,
                                                    kFaultSkipRenewal,
                                                    kFaultSkipRevocation};

struct DelegationSettings {
  std::string cmf = "cmf";  // the CMF it registers at (Cm-Vnfm)
  int install_attempts = 3;
  sim::Duration key_retention = sim::Duration::minutes(10);
  std::string hsm;  // the HSM of delegated_install "hsm" ("" none)
  std::optional<sim::Duration> renew_before;
  pki::KeyType key_type = pki::KeyType::ec_p256;  // the VNFM's key policy (`key_type`)
  RetryPolicy requests{.timeout = sim::Duration::seconds(5), .retries = 2};
  std::set<std::string> faults;
  bool fault(const char* name) const { return faults.count(name) != 0; }
};

// The workload command of negative scenarios: `register_delegate` {vnf, vnfci, identity, usage,
// subject, dns, certificate_type} registers this VNFM as delegate of one VNFCI identity it does not
// manage (C.2.2.1 #0 from a VNFM that is not the VNF's).
sim::CommandRule register_delegate_command_rule();

// The VNFM parameter rules this adds (`delegation`, `delegation_faults`).
std::vector<ParamRule> delegation_param_rules();
// Located checks of the members of `delegation` and `delegation_faults` (pointers /delegation/...).
void check_delegation_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);
DelegationSettings read_delegation_settings(const nlohmann::json& params);

// Makes the HSM key maker for the VNF's delegated_install "hsm" (another piece's, hsm_key_maker.*);
// unset: delegation with an HSM is refused at enrolment ("no HSM key maker").
using HsmKeyMakerFactory = std::function<std::unique_ptr<DelegatedKeyMaker>(
    ManoEntityHost& host, const DelegationSettings& settings)>;

// The delegate VNFM's delegation manager. `finish()` (below) writes its KeyInventory.
class VnfmDelegation : public DelegationManager {
 public:
  // The end of the run: one KeyInventory record per VNFCI private key still held.
  virtual void finish() = 0;
  // The `register_delegate` command; true when handled.
  virtual bool on_command(const sim::Command& command) = 0;
  // Set by the VNFM before the first enrolment.
  virtual void set_hsm_key_maker(HsmKeyMakerFactory factory) = 0;
};

std::unique_ptr<VnfmDelegation> make_delegation_manager(ManoEntityHost& host,
                                                        DelegationSettings settings);

}  // namespace ifa026::actors::vnfm
