// The delegate VNFM's certificate lifecycle in delegation mode (issue 17; map §5, decision Q5;
// docs/delegation-mode.md "After instantiation and lifecycle (as built)"): what happens to the
// delegated certificates of a VNF's VNFCIs between and around the LCM operations.
//
// - After an operation's allocations (instantiate, scale out, heal), the VNFCIs of a VNF whose
//   VNFD says `delegated_install` "configuration" or "hsm" get their VNFCI credentials over
//   Ve-Vnfm-vnf (DelegatedConfiguration, C.2.2.4.6 / C.2.2.4.7); the operation waits for them
//   (its COMPLETED says they are installed) and is rolled back when one cannot be installed.
// - Monitoring: every delegated certificate the VNFM holds is watched; at not_after -
//   `delegation.renew_before` (halfway through what is left when that has passed) the VNFM traces
//   DelegatedRenewalDue, renews with a new key (DelegationManager::renew, C.2.2.2.6 with purpose
//   renewal) and installs the new credentials over Ve-Vnfm-vnf (or the CISM); a renewal or an
//   installation that fails raises ExpiryAlarm and is tried again later, until the certificate
//   expired.
// - Removal: a VNFCI whose resource is released (scale in, heal of the replaced instance,
//   terminate, rollback) or was removed by its producer has every certificate revoked through the
//   CMF (DelegationManager::revoke) and is no longer watched.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/vnfm/delegated_configuration.hpp"
#include "actors/vnfm/delegation_manager.hpp"

namespace ifa026::actors::vnfm {

struct DelegatedLifecycleSettings {
  sim::Duration renew_before = sim::Duration::days(30);  // delegation.renew_before
  ConfigurationSettings configuration;
  // Faults (VNFM `delegation_faults`): `skip_renewal` (certificates are not watched: no
  // DelegatedRenewalDue, no renewal), `skip_revocation` (removed VNFCIs keep valid certificates).
  bool skip_renewal = false;
  bool skip_revocation = false;
};

// From the VNFM's parameters: `delegation` {install_attempts, renew_before}, `request_timeout`
// (the wait for each installation attempt) and the faults of `delegation_faults` above (and
// unprotected_configuration). The parameter rules and their located errors are the delegation
// manager's (they share these parameters); absent or unreadable values keep the defaults.
DelegatedLifecycleSettings read_delegated_lifecycle_settings(const nlohmann::json& params);

// A VNFCI an operation added: its name and, for a container, the CISM that runs it.
struct AddedVnfci {
  std::string vnfci;
  std::string cism = {};
};

class DelegatedLifecycle {
 public:
  // How a VNF's VNFCI credentials are installed (by the VNF and its VNFD id); nullopt for a VNF
  // not in delegation mode.
  using ModeOf = std::function<std::optional<DelegatedInstall>(const std::string& vnf,
                                                               const std::string& vnfd)>;
  using Done = std::function<void(bool ok, const std::string& reason)>;

  DelegatedLifecycle(ManoEntityHost& host, DelegationManager& manager,
                     DelegatedLifecycleSettings settings, ModeOf mode_of,
                     DelegatedConfiguration::HsmOf hsm_of = {});
  DelegatedLifecycle(const DelegatedLifecycle&) = delete;
  DelegatedLifecycle& operator=(const DelegatedLifecycle&) = delete;

  // The chain's hook after an operation's allocations: true when it installs credentials and the
  // operation waits for `done` (false: nothing to wait for; the VNFCIs are watched from now on).
  bool after_allocations(const std::string& vnf, const std::string& vnfd,
                         const std::vector<AddedVnfci>& added, Done done);
  // The chain's hook when a VNFCI's resource was released or removed: revokes its certificates.
  void removed(const std::string& vnf, const std::string& vnfci, const std::string& reason);
  // Watches the expiry of every certificate of the VNFCI the VNFM holds.
  void watch(const std::string& vnf, const std::string& vnfd, const std::string& vnfci,
             const std::string& cism = "");

  DelegatedConfiguration& configuration() { return configuration_; }
  // The (VNFCI, identity) pairs watched now, for tests.
  std::vector<std::pair<std::string, std::string>> watched() const;

 private:
  struct Watch {
    std::string vnf;
    std::string vnfd;
    std::string cism;
    std::map<std::string, sim::EventId> timers;  // by identity
    std::map<std::string, bool> renewing;        // by identity
    // Identities whose renewal fell due while another identity of the VNFCI was being renewed:
    // one renewal per VNFCI at a time, since a renewed OAM certificate changes the Ve-Vnfm-vnf
    // session another identity's installation is answered on.
    std::set<std::string> waiting;
  };
  void schedule(const std::string& vnfci, const std::string& identity);
  void renewal_due(const std::string& vnfci, const std::string& identity);
  void renewed(const std::string& vnfci, const std::string& identity, std::uint64_t generation,
               bool ok, const std::string& reason);
  void alarm(const std::string& vnfci, const std::string& identity, const std::string& reason);
  // A renewal of `vnfci` ended: starts the next identity waiting for its turn, if any.
  void next_waiting(const std::string& vnfci);
  TraceDetail about(const std::string& vnf, const DelegatedCredentialRecord& r) const;
  void decision(const std::string& operation, const std::string& outcome, TraceDetail detail,
                const std::string& peer = "", const std::string& reference_point = "");

  ManoEntityHost& host_;
  DelegationManager& manager_;
  const DelegatedLifecycleSettings settings_;
  ModeOf mode_of_;
  DelegatedConfiguration configuration_;
  std::map<std::string, Watch> watches_;             // by VNFCI
  std::map<std::string, std::uint64_t> generation_;  // by VNFCI: its watch (0 once removed)
  std::uint64_t next_generation_ = 1;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace ifa026::actors::vnfm
