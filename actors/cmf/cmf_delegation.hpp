// The CMF's side of delegation mode (issue 17; docs/delegation-mode.md "VNFM and CMF (as built)"):
// a VNFM registers as the delegate of VNFCI identities (C.2.2.1, VNF OAM identities C.3.2.1) over
// mutual TLS with a current MANO certificate this CMF issued (kind vnfm), with delegate permission
// (`delegation.delegates`), the VNF bound to its first VNFM (Q1), each dNSName allowed and nobody
// else's; the CMF selects the CA per certificate type and answers with the delegation id, the CA's
// roots and an attestation nonce. A CertificateSigningRequest naming a delegation is the
// delegate's CSR for one identity (C.2.2.2.6, .7, C.3.2.2): DelegateCheck (#1), CsrValidation
// against the registered identity (#2), p10cr to the CA (#3) signed with the CMF's RA certificate,
// the certificate and chain back (#6). A RevokeCertificateRequest naming a VNFCI is the delegate's
// revocation of that VNFCI's certificates (scale in, heal, terminate; Q5): CMP rr per serial.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/cmf/cmf_part.hpp"
#include "actors/cmf/delegate_registry.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/cmf1.hpp"
#include "pki/csr.hpp"
#include "pki/key.hpp"

namespace ifa026::actors::cmf {

// The CMF parameter `delegation` (docs Q1; checked by check_cmf_specifics): which VNFMs may
// register as delegates of VNFCIs (absent: every VNFM registered at this CMF) and the CA of each
// certificate type (`cas` by type, then `ca`, then the CMF's `ca`).
struct DelegationConfig {
  std::optional<std::vector<std::string>> delegates;
  std::string ca;
  std::map<std::string, std::string> cas;  // vnfci, oam -> CA actor
  // The CA for certificates of `type`.
  const std::string& ca_for(const std::string& type) const {
    auto it = cas.find(type);
    return it != cas.end() ? it->second : ca;
  }
};
// Reads the checked `delegation` of the CMF's parameters; `default_ca` is the CMF's `ca`.
DelegationConfig read_delegation_config(const nlohmann::json& params,
                                        const std::string& default_ca);

class CmfDelegation : public CmfPart {
 public:
  CmfDelegation(CmfState& state, DelegationConfig delegation);

  // C.2.2.1 / C.3.2.1 #1 and #2.
  void handle_register(const ChannelMessage& m, const messages::RegisterDelegateRequest& request);
  // A request whose body did not decode, or that came before the CMF was ready.
  void refuse_register(const ChannelMessage& m, const std::string& reason);
  // C.2.2.2.6 / .7 / C.3.2.2 #1..#6 for a request that names a delegation.
  void handle_csr(const ChannelMessage& m, const messages::CertificateSigningRequest& request);
  // A delegate's revocation of one VNFCI's certificates (`identity` absent: every identity).
  void handle_revoke(const ChannelMessage& m, const messages::RevokeCertificateRequest& request);

  const DelegateRegistry& delegates() const { return delegates_; }

 private:
  struct CsrJob {
    ChannelMessage message;
    std::string flow;
    std::string vnfci;
    std::string identity;
    std::string type;
    std::string ca;
    std::string purpose;
    pki::PublicKey key;
  };

  // Why the session's peer cannot act as a delegate: not mutual TLS, a certificate this CMF did
  // not issue or that is no longer current, not a VNFM, no delegate permission. "" when it can.
  std::string peer_problem(const ChannelMessage& m);
  TraceDetail about_identity(const std::string& vnfci, const std::string& identity,
                             const std::string& type) const;
  void reject_csr(const ChannelMessage& m, const std::string& step, const std::string& reason);
  void on_issued(const CsrJob& job, const pki::CmpResult& result);

  const DelegationConfig delegation_;
  DelegateRegistry delegates_;
};

}  // namespace ifa026::actors::cmf
