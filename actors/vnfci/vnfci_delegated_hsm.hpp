// The VNFCI's side of C.2.2.4.7 (issue 17; docs/delegation-mode.md "HSM path (as built)"): a
// SetConfigurationRequest from its delegate VNFM that names an HSM carries certificates and chain
// but no private key. Each certificate is checked as on the other paths and stored with its key
// pending (PendingKey pending, #1); the VNFCI's HMEE opens (or reuses) its mutual TLS session with
// the named HSM under its attestation credentials (secure_bootstrap, as in C.2.1.3) and accepts it
// only when the HSM's certificate chains to the vendor root the configuration named and names that
// HSM (HsmChannel ok|failed, #2); it asks for each identity's key by its handle
// (ReleaseKeyPairRequest, #3) and, with the key pair (#4), installs the credential: KeyPairCheck
// against the stored certificate, CertificateInstalled purpose=delegated key=hsm, KeyCustody
// received (channel hmee-hsm, peer the HSM) and stored. When every identity is settled it answers
// SetConfigurationResponse (#5) with the per-identity `install`. A refusal (the HSM refused the
// session or the release, the key does not match, the HSM is not the one named) fails that
// identity with the reason; nothing of it is installed.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "actors/messages/ve_vnfm_vnf.hpp"
#include "actors/vnfci/vnfci_part.hpp"

namespace ifa026::actors::vnfci {

class VnfciDelegatedHsm : public VnfciPart {
 public:
  struct Hooks {
    // #1: the certificate's checks (chain, name); nullopt when it may be stored, else the refusal.
    std::function<std::optional<messages::CredentialInstallStatus>(
        const messages::DelegatedCredential& c)>
        verify;
    // #4: installs the credential whose private key the HSM released (peer: the HSM).
    std::function<messages::CredentialInstallStatus(const messages::DelegatedCredential& c,
                                                    const std::string& hsm)>
        install;
    // A refusal at `step` with its reason (CredentialRefused; peer: the HSM).
    std::function<messages::CredentialInstallStatus(const messages::DelegatedCredential& c,
                                                    const std::string& hsm, const std::string& step,
                                                    const std::string& reason)>
        refuse;
  };
  using Answer = std::function<void(messages::SetConfigurationResponse answer)>;

  // `foreign_handle`: fault switch (VNFCI `delegation_faults`): asks for the neighbouring key's
  // handle ("<hsm>/key-N" with N odd -> N+1, even -> N-1), another identity's, instead of its own.
  VnfciDelegatedHsm(VnfciState& state, Hooks hooks, bool foreign_handle = false);

  // Handles an accepted configuration naming `request.hsm`; `answer` runs once, with #5's body.
  void configure(const messages::SetConfigurationRequest& request, Answer answer);

 private:
  struct Job;
  void settle(const std::shared_ptr<Job>& job, std::size_t index,
              messages::CredentialInstallStatus status);

  Hooks hooks_;
  bool foreign_handle_ = false;
};

}  // namespace ifa026::actors::vnfci
