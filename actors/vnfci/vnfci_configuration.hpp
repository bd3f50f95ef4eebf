// The VNFCI's certificate configuration (C.2.1.1 #3, C.2.1.2/C.2.1.3 #5, C.2.1.4 #0): a
// VnfciCertificateConfiguration is taken only from the day-0 peer over its day-0 channel; each
// identity in it is checked and stored (subject, dNSNames, CA, initial credential, trust anchor,
// renew_before), for C.2.1.3 with the HSM and its vendor root, and its enrolment starts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "actors/vnfci/vnfci_part.hpp"

namespace ifa026::actors::vnfci {

class VnfciEnrolment;

class VnfciConfiguration : public VnfciPart {
 public:
  VnfciConfiguration(VnfciState& state, VnfciEnrolment& enrolment);

  // A VnfciCertificateConfiguration on a secure channel.
  void on_configuration(const ChannelMessage& m);

 private:
  // C.2.1.3 #5: the configuration names the HSM and its vendor root; the HMEE needs its
  // attested credentials to reach it. Why it cannot, if it cannot.
  std::optional<std::string> configure_hsm(const json& body);
  std::uint32_t anchor_index(const pki::Certificate& anchor);

  VnfciEnrolment& enrolment_;
};

}  // namespace ifa026::actors::vnfci
