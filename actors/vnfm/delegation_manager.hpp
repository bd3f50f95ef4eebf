// The delegate VNFM's side of delegation mode (issue 17; docs/delegation-mode.md): for the
// VNFCIs of a delegation-mode VNF it registers at the CMF as their delegate (C.2.2.1, C.3.2.1, on
// Cm-Vnfm over mutual TLS), has each identity's key made (software or HSM, DelegatedKeyMaker) and
// its CSR signed (C.2.2.2.6, .7, C.3.2.2), keeps certificate, chain and key in its
// DelegatedCredentialStore, hands the credentials to an installer (the resource request, C.2.2.3 /
// C.3.2.3; Ve-Vnfm-vnf, C.2.2.4.6; the HSM path, C.2.2.4.7), counts installation attempts and
// deletes keys by the key-retention rule (Vnfm.Sc.005), renews and revokes (map §5).
//
// This header is the contract the VNFM's delegation pieces share; delegation_manager.cpp holds the
// registration, CSR and retention parts; the installers and the lifecycle part use this API.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/messages/vi_vnfm.hpp"
#include "actors/vnfm/delegated_credentials.hpp"
#include "actors/vnfm/delegated_key_maker.hpp"
#include "actors/vnfm/vnf_lcm.hpp"

namespace ifa026::actors::vnfm {

// How a delegation-mode VNF's VNFCI credentials are installed (the VNFD's `delegated_install`):
// inside the resource request (C.2.2.3, default), after instantiation over Ve-Vnfm-vnf
// (C.2.2.4.6), or keys made in the VNFM's HSM and fetched by the VNFCI's HMEE (C.2.2.2.7 and
// C.2.2.4.7). OAM credentials always go inside the resource request (C.3.2.3).
enum class DelegatedInstall { instantiation, configuration, hsm };

class DelegationManager {
 public:
  virtual ~DelegationManager() = default;

  // Registers as delegate (per certificate type) and obtains a certificate for every identity of
  // these VNFCIs (all of one VNF), the keys made by the maker the VNF's install mode calls for.
  // `instantiation` is the LCM request id that planned them. `done(ok, reason)` runs once every
  // identity has a certificate, or at the first failure (registration or CSR refused, CA
  // unavailable after retries).
  virtual void enrol(const std::string& vnf, const std::vector<Vnfci>& vnfcis,
                     const std::string& instantiation, DelegatedInstall install,
                     std::function<void(bool ok, const std::string& reason)> done) = 0;

  // The credentials to install into one VNFCI, of the given certificate types ("vnfci", "oam"),
  // each checked first (certificate key = private key, or = the HSM handle's public key:
  // KeyPairCheck, Vnfm.Sc.019) and counted as an attempt. For each credential that carries a
  // private key a KeyCustody `sent` record is written with this peer, channel, step and reference
  // point. Credentials whose key was deleted are left out.
  struct SendContext {
    std::string peer;
    std::string channel;  // detail_values::kChannelMutual ...
    std::string step;
    std::string reference_point;
  };
  virtual std::vector<messages::DelegatedCredential> credentials_for(
      const std::string& vnfci, const std::vector<std::string>& types, const SendContext& sent) = 0;

  // What became of the credentials of one installation attempt (from AllocateComputeResponse /
  // SetConfigurationResponse `install`, or a timeout: every identity failed). Applies the
  // key-retention rule: deletes the VNFM's copy after success or the N-th failed attempt.
  virtual void install_result(const std::string& vnfci,
                              const std::vector<messages::CredentialInstallStatus>& install,
                              const std::string& step) = 0;

  // Renews one identity's certificate with a new key (C.2.2.2.6 with purpose renewal); the new
  // credentials are then installed by the caller.
  virtual void renew(const std::string& vnfci, const std::string& identity,
                     std::function<void(bool ok, const std::string& reason)> done) = 0;

  // Revokes every certificate of the VNFCI through the CMF and forgets its credentials (scale in,
  // heal, terminate).
  virtual void revoke(const std::string& vnfci, const std::string& reason) = 0;

  virtual DelegatedCredentialStore& store() = 0;
};

}  // namespace ifa026::actors::vnfm
