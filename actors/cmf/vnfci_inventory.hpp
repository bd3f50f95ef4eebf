// The CMF's inventory of VNFCIs in direct mode (docs/direct-mode.md; C.2.1.1, C.2.1.4,
// Cmf.CertLcm.004/007): per VNFCI its VNF, VNFC, VNFM and lifecycle state; per identity its
// subject and SANs, the CA it is registered at, the registration reference and state, and every
// certificate the VNFCI reported for it (serial, validity, current / superseded / revoked) for
// revocation when the VNFCI goes and for expiry alarms. Ordered maps only (deterministic
// iteration); DER kept, parsed on demand.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
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
  CertificateState state = CertificateState::current;
  bool expiry_alarm_raised = false;
  bool revocation_requested = false;  // an rr is at the CA
};

struct VnfciIdentity {
  std::string name;   // descriptor identity name: client, server, oam, ...
  std::string usage;  // client / server / oam
  std::string subject;
  std::vector<std::string> dns;
  std::string ca;  // the CA actor it is registered at
  // The initial credential registered at the CA (reference and secret; the CA holds its limits):
  // from registration until the VNFCI reports its certificate.
  std::shared_ptr<InitialCredential> credential;
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
  // Provisioned again after a CA key compromise (DirectMode::reprovision): its configuration
  // replaces what the VNFCI holds. Not kept on disk (a restart during the recovery registers
  // as a first provisioning would).
  bool reprovision = false;

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

  // What a restarted CMF keeps (cmf_disk.hpp): every record, identity, credential and
  // certificate (DER in base64), and the same inventory rebuilt from it (its serial index too).
  nlohmann::json to_json() const;
  void restore(const nlohmann::json& saved);

  std::map<std::string, VnfciRecord>& all() { return records_; }
  const std::map<std::string, VnfciRecord>& all() const { return records_; }
  std::size_t size() const { return records_.size(); }
  std::size_t certificate_count() const { return serials_.size(); }

 private:
  // A serial number as its octets (RFC 5280 allows at most 20): an index key without a heap block.
  struct SerialKey {
    std::array<std::uint8_t, 20> octets{};
    std::uint8_t length = 0;
    auto operator<=>(const SerialKey&) const = default;
  };
  // Of upper- or lower-case hex; nullopt when it is not hex or longer than 20 octets.
  static std::optional<SerialKey> serial_key(std::string_view hex);

  std::map<std::string, VnfciRecord> records_;  // by VNFCI actor; records are never removed
  // serial -> (its VNFCI's record, the identity's index in it)
  std::map<SerialKey, std::pair<VnfciRecord*, std::uint32_t>> serials_;
};

}  // namespace ifa026::actors::cmf
