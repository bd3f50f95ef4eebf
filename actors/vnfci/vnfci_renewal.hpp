// The VNFCI's renewal and key rotation timing (C.2.1.4 #0-#1, C.2.1.3 note 4): renewal at
// not_after - renew_before (halfway through what is left when that has passed), on command too;
// with `key_rotation` a new HSM key pair that long after each enrolment or rotation.
#pragma once

#include <string>

#include "actors/vnfci/vnfci_part.hpp"

namespace ifa026::actors::vnfci {

class VnfciEnrolment;

class VnfciRenewal : public VnfciPart {
 public:
  VnfciRenewal(VnfciState& state, VnfciEnrolment& enrolment);

  // Renewal at not_after - renew_before (halfway through what is left when that has passed).
  void schedule_renewal(const std::string& name);
  void renewal_due(const std::string& name);
  // C.2.1.3 note 4: with `key_rotation`, steps #6-#15 repeat that long after each enrolment or
  // rotation.
  void schedule_rotation(const std::string& name);
  // Workload `renew` {identity}: renews now every identity that holds a certificate and is idle.
  // `only`: that identity alone ("": every one).
  void renew_on_request(const std::string& only);

 private:
  void rotate(const std::string& name);

  VnfciEnrolment& enrolment_;
};

}  // namespace ifa026::actors::vnfci
