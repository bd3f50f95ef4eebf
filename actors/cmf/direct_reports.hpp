// Direct mode's record of the certificates VNFCIs report (VnfciCertificateReport over their
// day-0 channel after every installation, C.2.1.1 #7 and C.2.1.4): the CMF verifies each (chains
// to the identity's CA at simulated time, subject and SANs as registered) and keeps it in the
// inventory; one reported by a VNFCI removed meanwhile is revoked at once.
#pragma once

#include <string>

#include "actors/cmf/direct_mode_part.hpp"
#include "actors/messages/cmf_vnfci.hpp"

namespace ifa026::actors::cmf {

class DirectModeRevocation;

class DirectModeReports : public DirectModePart {
 public:
  DirectModeReports(DirectModeState& state, DirectModeRevocation& revocation);

  // Registers the handler of VnfciCertificateReports.
  void serve(Handlers& handlers);

 private:
  void reject_report(const ChannelMessage& m, const VnfciRecord* r, const std::string& identity,
                     const std::string& reason);
  void on_report(const ChannelMessage& m, const messages::VnfciCertificateReport& report);

  DirectModeRevocation& revocation_;
};

}  // namespace ifa026::actors::cmf
