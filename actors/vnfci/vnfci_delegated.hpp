// The VNFCI in delegation mode (issue 17; docs/delegation-mode.md "VIM, CISM and VNFCI (as
// built)"): with `certificate_mode: delegation` (put in its parameters by its VNFM, through the
// VIM's or CISM's user_data) the VNFCI does not enrol itself; it takes certificate, chain and
// private key per identity from the VIM/CISM that created it over NFVI-Inject (C.2.2.3 #2, C.3.2.3
// #2; the CISM's container configuration, C.2.2.4.6) and, once its VNF OAM credential is installed,
// from its own VNFM over mutual TLS on Ve-Vnfm-vnf (SetConfigurationRequest, C.2.2.4.6 #1-#2), the
// OAM certificate being its TLS identity there and the VNFM authenticated by the root named in
// `vnfm_trust_anchor` and by its actor name `vnfm`. Each credential is checked before it is
// installed: the chain to the given trust anchors at simulated time (CertificateVerification), the
// certificate's key against the private key (KeyPairCheck), the VNFCI's name in a SAN dNSName, not
// older than the installed one; then CertificateInstalled purpose=delegated and the key-custody
// records received + stored, or CredentialRefused with the reason.
//
// The key-custody ledger of the VNFCI in both modes is this piece's too: the keys it holds
// (VnfciState::keys) are written as the KeyInventory when the run ends.
//
// Fault switches (parameter `delegation_faults`): accept_mismatched_key (installs without the
// KeyPairCheck), refuse_install (refuses every installation), accept_any_vnfm (takes a
// configuration from any VNFM whose certificate chains to the trusted root).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/common/secure_channels.hpp"
#include "actors/messages/nfvi_inject.hpp"
#include "actors/messages/ve_vnfm_vnf.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "actors/vnfci/vnfci_delegated_hsm.hpp"
#include "actors/vnfci/vnfci_part.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors::vnfci {

// The delegation parameters of a `vnfci` (added to its parameter table) and their check.
std::vector<sim::ParamRule> delegated_param_rules();
void check_delegated_params(const nlohmann::json& params, std::vector<sim::Diagnostic>& out);

class VnfciDelegated : public VnfciPart {
 public:
  VnfciDelegated(VnfciState& state, const sim::ActorSpec& spec);

  // True in delegation mode: the VNFCI waits for its credentials.
  bool enabled() const { return enabled_; }
  // True when the message is this piece's (NFVI-Inject, Ve-Vnfm-vnf): then handled.
  bool handle(const sim::Message& message);

 private:
  struct Source {
    std::string peer;
    std::string channel;  // nfvi-local, mutual
    std::string reference_point;
    bool configuration = false;  // C.2.2.4.6 rather than C.2.2.3 / C.3.2.3
    // --- hmee (issue 17): C.2.2.4.7, the key from the VNFM's HSM; `verified`: the certificate
    // was checked at #1 already.
    bool hsm = false;
    bool verified = false;
  };

  void on_inject(const messages::InjectCredentialsRequest& request, const sim::Message& from);
  void on_channel_message(const ChannelMessage& m);
  void on_set_configuration(const messages::SetConfigurationRequest& request,
                            const ChannelMessage& m);
  // Checks and installs one credential; its status for the answer.
  messages::CredentialInstallStatus install(const messages::DelegatedCredential& c,
                                            const Source& source);
  messages::CredentialInstallStatus refuse(const messages::DelegatedCredential& c,
                                           const Source& source, const std::string& step,
                                           const std::string& reason);
  // --- hmee: the certificate's checks (decode, chain, name) at `step`; the refusal, or nullopt
  // with `certificate`, `chain` and `anchors` decoded.
  std::optional<messages::CredentialInstallStatus> verify(
      const messages::DelegatedCredential& c, const Source& source, const std::string& step,
      std::optional<pki::Certificate>& certificate, std::vector<pki::Certificate>& chain,
      std::vector<pki::Certificate>& anchors);
  // The OAM credential as the TLS identity on Ve-Vnfm-vnf.
  void use_oam_identity(const pki::PrivateKey& key, const pki::Certificate& certificate,
                        const std::vector<pki::Certificate>& chain);
  // "" when `certificate` names this VNFCI in a SAN dNSName.
  std::string name_problem(const pki::Certificate& certificate) const;

  bool enabled_ = false;
  std::string vnfm_;
  std::optional<pki::Certificate> vnfm_anchor_;
  std::string producer_;
  bool accept_mismatched_key_ = false;
  bool refuse_install_ = false;
  bool accept_any_vnfm_ = false;
  SecureChannels channels_;  // Ve-Vnfm-vnf
  MessageHandlers<sim::Message> plain_;
  MessageHandlers<ChannelMessage> channel_handlers_;
  std::string inject_step_;     // the step of the InjectCredentialsRequest being handled
  VnfciDelegatedHsm hsm_path_;  // --- hmee: C.2.2.4.7
};

}  // namespace ifa026::actors::vnfci
