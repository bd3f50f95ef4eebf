// What the `cmf` actor keeps on disk, and how it comes back after a crash with restart (fault
// "crash" with "restart_after", sim/durable_store.hpp): the NFV-MANO entities it registered (FQDN,
// CA, consumer, initial credential, attestation nonce, every certificate it delivered and its
// state), the credential numbers, the kind of session each entity last used, the CSRs it
// validated (its artifact log), and in direct mode the VNFCI inventory (records, identities,
// credentials registered at the CA, certificates reported) with the day-0 secrets it took on for
// those VNFCIs (from their configuration or their attestation). A CMF whose run does not restart
// it has no disk: nothing is written.
//
// The state is committed after each of the CMF's events (sim::Actor::on_event_end), as a service
// commits before its answers count; it is written only when it changed. What died with the
// process: its RA certificates (it enrols afresh at start with its reusable RA credential, as on a
// first start), its sessions, its open CA exchanges (a credential that was at the CA is free
// again; the CA withdraws what it could not see confirmed), its subscriptions (made again once it
// is ready; the reconciliation that follows finds the VNFCIs it knows as known) and the
// registrations at the CA under way (made afresh with new credentials). Attestation results of
// secure bootstrapping under way are not kept (docs/robustness.md, "Restarts").
#pragma once

#include <string>

#include "actors/cmf/cmf_part.hpp"

namespace ifa026::actors::cmf {

class CmfDisk : public CmfPart {
 public:
  explicit CmfDisk(CmfState& state) : CmfPart(state) {}

  // After an event: writes the state when it changed (nothing without a disk).
  void commit();
  // At start, before the RA enrolment: the state from disk; traces StateRestored and returns
  // true when there was one.
  bool restore();

 private:
  std::string last_written_;
};

}  // namespace ifa026::actors::cmf
