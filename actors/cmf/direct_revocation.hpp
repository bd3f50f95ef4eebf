// Direct mode's removal of VNFCIs and revocation of their certificates: for a REMOVED VNFCI
// (scale-in, heal, terminate) every unrevoked, unexpired certificate it holds is revoked with
// CMP rr signed by the CMF's RA certificate; the operator command `revoke_vnfci_certificate`
// revokes a running VNFCI's certificates in force. An unanswered rr is tried again with back-off.
#pragma once

#include <map>
#include <string>

#include "actors/cmf/direct_mode_part.hpp"

namespace ifa026::actors::cmf {

class DirectModeConfiguration;

class DirectModeRevocation : public DirectModePart {
 public:
  DirectModeRevocation(DirectModeState& state, DirectModeConfiguration& configuration);

  // A REMOVED VNFCI of a COMPLETED notification.
  void remove_vnfci(const std::string& vnfm, const std::string& vnf, const std::string& vnfci,
                    const std::string& operation);
  // Workload command `revoke_vnfci_certificate` {vnfci, identity, reason}.
  void revoke_on_request(const nlohmann::json& args);
  void revoke(VnfciRecord& r, VnfciIdentity& identity, VnfciCertificate& c,
              const std::string& reason);
  // True while a revocation of `serial` is under way.
  bool revoking(const std::string& serial) const { return revocation_attempts_.count(serial) != 0; }

 private:
  static std::string revocation_reason_for(const std::string& operation);
  void on_revoked(const std::string& vnfci, const std::string& name, const std::string& serial,
                  const std::string& reason, const pki::CmpResult& result);

  DirectModeConfiguration& configuration_;
  std::map<std::string, int> revocation_attempts_;  // by serial, while revoking
};

}  // namespace ifa026::actors::cmf
