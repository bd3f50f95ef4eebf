// The delegate VNFM's installer after instantiation (issue 17; docs/delegation-mode.md "After
// instantiation and lifecycle (as built)"): puts a running VNFCI's delegated credentials into it
// over Ve-Vnfm-vnf (C.2.2.4.6 #0-#2; with the keys in the VNFM's HSM, the VNFM's side of
// C.2.2.4.7 #0 and #5: certificates, chain and where the HMEE fetches the keys, no private key),
// or, for a container VNFCI, through the CISM that runs it (OsContainerConfigurationRequest on
// CISM-SI, the container variant of C.2.2.4.6).
//
// Ve-Vnfm-vnf is mutual TLS between the VNFM's MANO certificate and the VNFCI's VNF OAM
// certificate (C.2.2.4.4 pre-conditions 5 and 6): a VNFCI whose OAM certificate the VNFM does not
// hold gets no session and nothing is sent, never on a weaker channel. The session authenticates
// the VNFCI's certificate against the OAM certificate's trust anchors (added to the VNFM's
// channel credentials); the answer's peer certificate must be the OAM certificate the VNFM had
// issued for that VNFCI (SessionCheck), else the attempt counts as failed.
//
// Each request is one installation attempt (DelegationManager::credentials_for counts it and
// writes KeyPairCheck, CredentialInstall and KeyCustody sent); its answer, or its timeout, goes to
// DelegationManager::install_result (which applies the key-retention rule, Vnfm.Sc.005). A failed
// attempt is followed by the next one until `install_attempts` were made or the manager has no
// credentials left to send (key deleted).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/mano_entity.hpp"
#include "actors/messages/cism_si.hpp"
#include "actors/messages/ve_vnfm_vnf.hpp"
#include "actors/toolkit/request_tracker.hpp"
#include "actors/vnfm/delegation_manager.hpp"

namespace ifa026::actors::vnfm {

// One VNFCI to configure.
struct ConfigurationTarget {
  std::string vnf;
  std::string vnfci;
  DelegatedInstall mode = DelegatedInstall::configuration;  // configuration or hsm
  // A container VNFCI: the CISM that runs it (the request goes there on CISM-SI); "" for a VM
  // (Ve-Vnfm-vnf to the VNFCI itself).
  std::string cism = {};
  // The certificate types to install ("vnfci"; a renewed OAM certificate: "oam").
  std::vector<std::string> types = {"vnfci"};
  // Why: instantiation (the LCM operation that created it), renewal, change (a new certificate
  // configuration); traced as `purpose`.
  std::string purpose = "instantiation";
};

// Where the HMEE of a VNFCI fetches keys the VNFM had made in its HSM (C.2.2.4.7 #0): the HSM
// actor and its TLS certificate; the handles come from the credential store.
struct HsmEndpoint {
  std::string hsm;
  pki::Bytes certificate;  // DER
};

struct ConfigurationSettings {
  int install_attempts = 3;                               // delegation.install_attempts
  sim::Duration timeout = sim::Duration::seconds(5);      // per attempt (request_timeout)
  sim::Duration attempt_gap = sim::Duration::seconds(1);  // before the next attempt
  // Fault `unprotected_configuration` (VNFM `delegation_faults`): a VNFCI without an OAM
  // certificate gets its credentials anyway, as a plain message outside TLS (KeyCustody sent on
  // channel plain), which the key-transport check (K5) must catch.
  bool unprotected_fallback = false;
};

class DelegatedConfiguration {
 public:
  using Done = std::function<void(bool ok, const std::string& reason)>;
  // The HSM to name for a VNFCI (nullopt: none known, the installation fails).
  using HsmOf = std::function<std::optional<HsmEndpoint>(const std::string& vnfci)>;

  // Registers the SetConfigurationResponse and OsContainerConfigurationResponse handlers on the
  // host's request handlers.
  DelegatedConfiguration(ManoEntityHost& host, DelegationManager& manager,
                         ConfigurationSettings settings, HsmOf hsm_of = {});
  DelegatedConfiguration(const DelegatedConfiguration&) = delete;
  DelegatedConfiguration& operator=(const DelegatedConfiguration&) = delete;

  // Installs the target's credentials; `done` runs once, when every identity was installed or
  // when the attempts ran out (also at once, when there is no protected channel or nothing to
  // send). A VNFCI with an installation running gets the new one after it.
  void install(ConfigurationTarget target, Done done);
  // Stops what runs for a VNFCI (it was removed): its `done` is not called.
  void cancel(const std::string& vnfci);
  bool running(const std::string& vnfci) const { return jobs_.count(vnfci) > 0; }

  // The first step of the flow the target takes (C.2.2.4.6#0 or C.2.2.4.7#0).
  static const char* first_step(DelegatedInstall mode);

 private:
  struct Job {
    ConfigurationTarget target;
    Done done;
    int attempts = 0;
    std::uint64_t generation = 0;
    std::string last_failure;
    std::optional<std::uint64_t> request;  // the open attempt's tracker id
    bool plain = false;                    // fault unprotected_configuration
  };
  struct Attempt {
    std::string vnfci;
    std::uint64_t generation = 0;
    std::string peer;
    std::vector<std::string> identities;  // sent
  };

  void next_attempt(const std::string& vnfci);
  void on_answer(const messages::CredentialConfigurationResponse& response,
                 const ChannelMessage& m);
  void on_timeout(Attempt attempt);
  // The attempt's result is known: next attempt, or done.
  void after_attempt(const std::string& vnfci, bool installed, const std::string& reason);
  void end(const std::string& vnfci, bool ok, const std::string& reason);
  // The VNFCI's OAM certificate (DER) as the VNFM holds it, or nullopt.
  std::optional<pki::Bytes> oam_certificate(const std::string& vnfci);
  void trust_oam_anchors(const std::string& vnfci);
  bool peer_is_vnfci(const Job& job, const ChannelMessage& m);
  void refuse_unprotected(const Job& job, const std::string& reason);
  void decision(const std::string& operation, const std::string& outcome, TraceDetail detail,
                const std::string& peer, const std::string& reference_point,
                const std::string& step, sim::RecordKind kind = sim::RecordKind::decision);

  ManoEntityHost& host_;
  DelegationManager& manager_;
  const ConfigurationSettings settings_;
  HsmOf hsm_of_;
  RequestTracker<Attempt> requests_;
  std::map<std::string, Job> jobs_;  // by VNFCI
  std::map<std::string, std::vector<std::pair<ConfigurationTarget, Done>>> queued_;
  std::uint64_t next_generation_ = 1;
  // Timers check it, so one firing after this object is gone does nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace ifa026::actors::vnfm
