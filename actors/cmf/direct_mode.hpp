// The CMF's direct mode for VNFCI certificates (docs/direct-mode.md; Annex C.2.1.1, the renewal
// condition of C.2.1.4 #0, revocation following the VNF lifecycle, Cmf.CertLcm.004/007).
//
// Once the CMF holds its certificates it subscribes to each configured VNFM on Cm-Vnfm (mutual
// TLS, the CMF as client), again and again with back-off until the VNFM answers. On a COMPLETED
// VnfLcmOperationOccurrenceNotification every ADDED VNFCI is discovered (#0 VnfciDiscovered),
// gets its identities (#1 IdentitiesCreated), each registered at the CA with a fresh random
// initial credential in a RegisterEndEntityRequest signed with the CMF's RA key for that CA (#2);
// once every registration is answered, the VNFCI gets its VnfciCertificateConfiguration over
// day-0 TLS on CMF-VNFCI (#3: subject, SANs, CA, credential, trust anchor, renew_before). An
// ADDED VNFCI without identities in the notification is looked up with QueryVnfRequest.
//
// How the CMF learns VNFCI certificates: the VNFCI enrols at the CA itself (C.2.1.1 #5..#7) and
// renews there (C.2.1.4), so after every installation it sends the CMF a VnfciCertificateReport
// {identity, certificate (DER), purpose} over the same day-0 channel; the CMF verifies it (chains
// to the identity's CA at simulated time, subject and SANs as registered) and keeps it in the
// inventory (the previous current certificate becomes superseded). For REMOVED VNFCIs (scale-in,
// heal, terminate) it revokes every unrevoked, unexpired certificate it holds for them with CMP rr
// signed by its RA certificate (CmpClient::revoke_rr_for); the CA then publishes a CRL listing
// them. The daily monitor raises ExpiryAlarm for a current certificate within
// expiry_alarm_threshold of its end (no renewal reported).
//
// Secure bootstrapping (C.2.1.2, C.2.1.3): a VNFCI whose notification says `secure_bootstrap`
// {attestation, hsm} is discovered at #1 and, as Relying Party, the CMF asks the `verifier` for
// its attestation result over their day-0 channel (CMF-Verifier, #2), checks it (signature under
// the verifier certificate pinned at first contact, affirming, nonce and HMEE key as the answer
// names, age, the reference "vnfd/vnfc" the VNFM gave) and only then creates identities (#3),
// registers them (#4) and configures the VNFCI (#5) over a day-0 session keyed with the PSK the
// verifier derived from the attestation; with an HSM the configuration names it and its vendor
// root. No result yet: asked again with back-off; refused: nothing is registered.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "actors/cmf/cmf_config.hpp"
#include "actors/cmf/ra_identity.hpp"
#include "actors/cmf/vnfci_inventory.hpp"
#include "actors/common/cmp_exchange.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/common/work_queue.hpp"
#include "actors/toolkit/actor_piece.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "pki/certificate.hpp"
#include "pki/crl.hpp"
#include "sim/actor.hpp"

namespace ifa026::actors::cmf {

class DirectMode {
 public:
  // The CMF's RA identity at a CA, or nullptr while it holds none there.
  using RaLookup = std::function<const RaIdentity*(const std::string& ca)>;

  // `config` must hold direct_mode and outlive this object, as must the other references.
  DirectMode(sim::ActorContext& context, ActorToolkit toolkit, const CmfConfig& config,
             SecureChannels& channels, CmpExchange& ra, WorkQueue& queue, RaLookup lookup);
  ~DirectMode();
  DirectMode(const DirectMode&) = delete;
  DirectMode& operator=(const DirectMode&) = delete;

  // Called whenever the CMF obtained a first RA certificate at some CA: subscriptions start once
  // it holds the primary CA's (its TLS identity) and the direct-mode CA's.
  void on_ra_ready();
  // A restarted CMF's disk (cmf_disk.hpp): the VNFCI inventory as JSON, and back (before the RA
  // enrolment; returns how many VNFCIs). Identities whose registration at the CA was under way
  // when the CMF stopped are registered afresh once it holds an RA certificate at their CA, and a
  // VNFCI all of whose registrations were answered but not yet configured is configured then.
  nlohmann::json save_inventory() const;
  std::size_t restore_inventory(const nlohmann::json& saved);
  // Registers the handlers of direct mode's channel messages (subscription responses,
  // notifications, query responses, certificate reports, attestation results).
  void serve(MessageHandlers<ChannelMessage>& handlers);
  // --- runs: `delegate_of(vnf)` names the VNFM a VNF is bound to as delegate ("" for none).
  void set_delegate_lookup(std::function<std::string(const std::string& vnf)> delegate_of);
  // True when `message` is a RegisterEndEntityResponse on CA-1 (handled then).
  bool handle_ca(const sim::Message& message);
  // True when the failed session was with a VNFM or a VNFCI of direct mode (handled then). Runs
  // inside the actor's guard.
  bool on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped);
  // Workload commands: `query_vnf` {vnf, vnfm (default: the first one)};
  // `revoke_vnfci_certificate` {vnfci, identity (default: all), reason (default keyCompromise)}
  // revokes a running VNFCI's certificates in force. True when handled.
  bool on_command(const sim::Command& command);
  // A verified CRL the CMF accepted: its entries are marked revoked in the inventory.
  void on_crl(const pki::Crl& crl);
  // After a CA key compromise (cmf_compromise_recovery.hpp), once the CMF holds a new RA
  // certificate there: every VNFCI whose latest certificate of some identity is among `serials`
  // (revoked for cACompromise) is provisioned again — each identity registered afresh (C.2.1.1
  // #2) and a configuration that replaces what it holds (#3, `reprovision`). Returns the VNFCIs.
  std::vector<std::string> reprovision(const std::set<std::string>& serials);
  // The vendor root of `hsm` (HsmVendorRoot, day 0): the trust anchor of the HSM certificate the
  // configuration of C.2.1.3 #5 hands to VNFCIs bootstrapping with that HSM.
  void on_hsm_vendor_root(const std::string& hsm, const pki::Certificate& root);
  // Expiry monitoring of VNFCI certificates (the CMF's monitor period).
  void monitor();

  const VnfciInventory& inventory() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ifa026::actors::cmf
