// What a VNFCI keeps on disk, and how it comes back after a crash with restart (fault "crash"
// with "restart_after", sim/durable_store.hpp): each installed identity -- its certificate, the
// certificate's private key, the trust anchor, the subject, names, CA, flow and renewal condition,
// and the counts of renewals and rotations -- written when the certificate is installed. A
// restarted VNFCI installs them again (traced CertificateRestored per identity) and sets their
// renewal timers from the certificates' dates, so it keeps serving with the certificates it had
// and renews them on time, never enrolling again for what it holds. Not kept: open enrolment
// attempts (the CMP transaction dies with the process; the CA's confirmation wait then revokes
// what it issued, docs/cmp-reliability.md), initial credentials not yet spent, sessions, and
// identities whose key is in the HSM (the HSM holds it; a handle would have to be kept: not yet
// done, docs/robustness.md).
#pragma once

#include <string>

#include "actors/vnfci/vnfci_part.hpp"

namespace ifa026::actors::vnfci {

class VnfciDisk : private VnfciPart {
 public:
  explicit VnfciDisk(VnfciState& state) : VnfciPart(state) {}

  // Writes the identity `name` as installed now; nothing when the run will not restart this
  // VNFCI (no disk) or its key is in the HSM.
  void save(const std::string& name);
  // At start: installs the identities on disk (none on a first start); returns how many.
  std::size_t restore();
};

}  // namespace ifa026::actors::vnfci
