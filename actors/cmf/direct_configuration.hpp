// Direct mode's configuration of a VNFCI (C.2.1.1 #3, C.2.1.2/C.2.1.3 #5): once every
// registration of the VNFCI is answered, the registered identities (subject, SANs, CA, initial
// credential, trust anchor, renew_before; with an HSM its name and vendor root) go to the VNFCI
// in a VnfciCertificateConfiguration over day-0 TLS on CMF-VNFCI; an undelivered one is sent again
// with back-off.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "actors/cmf/direct_mode_part.hpp"

namespace ifa026::actors::cmf {

class DirectModeConfiguration : public DirectModePart {
 public:
  explicit DirectModeConfiguration(DirectModeState& state);

  // Configures the VNFCI when no registration of it is pending any more.
  void check_complete(VnfciRecord& r);
  // A failed day-0 session with the VNFCI; `dropped` may hold its configuration.
  void on_vnfci_failure(const std::string& vnfci, const std::string& failure,
                        const std::vector<Envelope>& dropped);
  // The VNFCI was removed: no configuration attempts are counted for it any more.
  void forget(const std::string& vnfci) { configuration_attempts_.erase(vnfci); }

 private:
  void configure(VnfciRecord& r, int attempt);

  std::map<std::string, int> configuration_attempts_;  // by VNFCI, while configuring
};

}  // namespace ifa026::actors::cmf
