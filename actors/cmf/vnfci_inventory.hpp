// The CMF's inventory of VNFCIs in direct mode (docs/direct-mode.md; C.2.1.1, C.2.1.4,
// Cmf.CertLcm.004/007): per VNFCI its VNF, VNFC, VNFM and lifecycle state; per identity its
// subject and SANs, the CA it is registered at, the registration reference and state, and every
// certificate the VNFCI reported for it (serial, validity, current / superseded / revoked) for
// revocation when the VNFCI goes and for expiry alarms. Ordered maps only (deterministic
// iteration); DER kept, parsed on demand.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/cmf/entity_registry.hpp"
#include "pki/bytes.hpp"
#include "pki/certificate.hpp"

namespace ifa026::actors::cmf {

enum class VnfciState {
  registering,  // identities created, registrations at the CA outstanding (#1, #2)
  configured,   // configuration sent (#3)
  failed,       // no identity could be registered, or the VNFCI could not be configured
  removed,      // scale-in, heal or terminate: its certificates are revoked
};
std::string to_string(VnfciState state);

enum class EndEntityState { pending, registered, rejected, failed };
std::string to_string(EndEntityState state);

struct VnfciCertificate {
  std::string serial;  // upper-case hex
  pki::Instant not_after;
  // Dropped once superseded and expired (never revoked then). Shared with every other holder
  // of the same certificate in this thread (pki::Certificate interns its DER).
  std::optional<pki::Certificate> certificate;
  std::string purpose;  // enrolment / renewal, as the VNFCI reported it
  CertificateState state = CertificateState::current;
  bool expiry_alarm_raised = false;
  bool revocation_requested = false;  // an rr is at the CA
};

struct VnfciIdentity {
  std::string name;   // descriptor identity name: client, server, oam, ...
  std::string usage;  // client / server / oam
  std::string subject;
  std::vector<std::string> dns;
  std::string ca;         // the CA actor it is registered at
  std::string reference;  // initial-credential reference registered at the CA
  pki::Bytes secret;      // kept until the configuration has been sent, then cleared
  EndEntityState registration = EndEntityState::pending;
  int registration_attempts = 0;
  std::vector<VnfciCertificate> certificates;  // oldest first

  VnfciCertificate* current();
  const VnfciCertificate* current() const;
  VnfciCertificate* find_serial(const std::string& serial);
};

struct VnfciRecord {
  std::string vnfci;  // the VNFCI actor
  std::string vnf;
  std::string vnfc;
  std::string vnfm;
  std::string discovered_by;  // notification / query
  VnfciState state = VnfciState::registering;
  std::vector<VnfciIdentity> identities;  // descriptor order

  VnfciIdentity* identity(const std::string& name);
  // Identities whose registration is still outstanding.
  std::size_t pending_registrations() const;
};

class VnfciInventory {
 public:
  VnfciRecord* find(const std::string& vnfci);
  const VnfciRecord* find(const std::string& vnfci) const;
  // Adds a VNFCI (replacing nothing: false when the name is known already).
  bool add(VnfciRecord record);
  // Adds a reported certificate as the identity's current one (the previous current one is
  // superseded) and indexes its serial. False when the identity holds that serial already.
  bool add_certificate(VnfciRecord& record, VnfciIdentity& identity, VnfciCertificate certificate);
  // The VNFCI and identity holding certificate `serial` (any state).
  std::optional<std::pair<VnfciRecord*, VnfciIdentity*>> find_serial(const std::string& serial);
  // Marks `serial` revoked (e.g. listed on a CRL); true when the inventory held it unrevoked.
  bool mark_revoked(const std::string& serial);
  // Frees the DER of superseded certificates expired at `now` with no rr outstanding and none
  // being retried (`revoking` true for the serial): an expired certificate is never revoked
  // afresh, so nothing needs it again. Returns how many were dropped.
  std::size_t drop_expired_superseded_der(pki::Instant now,
                                          const std::function<bool(const std::string&)>& revoking);

  std::map<std::string, VnfciRecord>& all() { return records_; }
  const std::map<std::string, VnfciRecord>& all() const { return records_; }
  std::size_t size() const { return records_.size(); }
  std::size_t certificate_count() const { return serials_.size(); }

 private:
  std::map<std::string, VnfciRecord> records_;  // by VNFCI actor
  // serial (upper-case hex) -> (VNFCI, identity name)
  std::map<std::string, std::pair<std::string, std::string>> serials_;
};

}  // namespace ifa026::actors::cmf
