// The CMF's direct mode for VNFCI certificates (see direct_mode.hpp).
//
// Decisions documented here (the contract leaves them open):
// - A subscription counts when the VNFM answers LccnSubscriptionResponse with status
//   "subscribed" (also "ok" or "created"); anything else, a failed session or silence for
//   subscription_retry x 2^n (n up to 3) makes the CMF ask again. No filter is sent: the CMF
//   acts on COMPLETED notifications only and records the others as ignored.
// - Once a subscription is confirmed (the first one and any later one) the CMF reconciles: it
//   queries every VNF instance of that VNFM (QueryVnf without a VNF; asked again after
//   subscription_retry x 2^n until answered) and takes each VNFCI it did not know as added
//   (source "reconciliation") and each one of that VNFM it knew when the query went that the
//   answer no longer lists as removed (its certificates revoked, cessationOfOperation).
// - Notifications and query responses are taken only from a configured VNFM over mutual TLS.
// - A VNFCI name is discovered once: an ADDED VNFCI already in the inventory (a duplicate
//   notification, or one found by a query first) is ignored; a removed one never comes back
//   (the VNFM never reuses names).
// - #1 refuses the whole VNFCI (IdentitiesCreated rejected, nothing registered) when it has no
//   identity, an identity without a name or with a duplicate one, a subject that is not a DN, a
//   dNSName outside the CMF's allowed_domains, when the CMF has no day-0 secret for the VNFCI
//   (`day0` entry or `vnfci_day0_secret`) or no RA certificate at the CA.
// - References are 16 random bytes in hex, secrets 32 random bytes (OpenSSL's DRBG); the
//   credential expires credential.lifetime after its registration.
// - An unanswered registration is resent ca_retries times (same exchange); then the identity is
//   registered afresh (new reference and secret) after ca_timeout x 2^n, registration_retries
//   times, before it is given up (EndEntityRegistration failed, "CA unavailable").
// - #3 goes once every registration of the VNFCI is answered, with the registered identities
//   only (none registered: VnfciConfiguration failed). An undelivered configuration (day-0
//   handshake failure or timeout) is sent again after ca_timeout x 2^n, registration_retries
//   times. Secrets stay in memory until the identity's first certificate is reported.
// - Revocation reason: HEAL -> superseded; SCALE_IN, TERMINATE and anything else ->
//   cessationOfOperation. Expired certificates are not revoked. A certificate reported after its
//   VNFCI was removed is revoked at once. An unanswered rr is tried again like a registration.
// - Registered identities whose VNFCI never reported a certificate are listed in VnfciRemoved
//   (`unenrolled=`); their credentials stay at the CA until they expire (there is no
//   deregistration message in the contract).
//
// This file is the shell: it owns the shared state and the pieces (one concept each, wired in
// dependency order) and routes messages, failures and commands to them:
// - direct_subscriptions: Cm-Vnfm subscriptions, notifications, queries, discovery (#0);
// - direct_attestation: the attestation result as Relying Party (C.2.1.2 / C.2.1.3 #2);
// - direct_registration: identities and their registration at the CA (#1, #2);
// - direct_configuration: the VNFCI's configuration (#3);
// - direct_reports: the certificates VNFCIs report;
// - direct_revocation: removal and revocation;
// and the expiry monitor below.
#include "actors/cmf/direct_mode.hpp"

#include <utility>

#include "actors/cmf/direct_attestation.hpp"
#include "actors/cmf/direct_configuration.hpp"
#include "actors/cmf/direct_mode_part.hpp"
#include "actors/cmf/direct_registration.hpp"
#include "actors/cmf/direct_reports.hpp"
#include "actors/cmf/direct_revocation.hpp"
#include "actors/cmf/direct_subscriptions.hpp"

namespace ifa026::actors::cmf {

// Holds the shared state so that it is built before the pieces that refer to it. Not in an
// anonymous namespace: DirectMode::Impl, a base of which it is, has external linkage.
struct DirectModeStateHolder {
  DirectModeState state;
};

class DirectMode::Impl : private DirectModeStateHolder, public DirectModePart {
 public:
  Impl(sim::ActorContext& context, ActorToolkit toolkit, const CmfConfig& config,
       SecureChannels& channels, CmpExchange& ra, WorkQueue& queue, RaLookup lookup)
      : DirectModeStateHolder{DirectModeState(context, toolkit, config, channels, ra, queue,
                                              std::move(lookup))},
        DirectModePart(state),
        configuration_(state),
        registration_(state, configuration_),
        attestation_(state, registration_),
        revocation_(state, configuration_),
        reports_(state, revocation_),
        subscriptions_(state, attestation_, registration_, revocation_) {}

  void on_ra_ready() {
    registration_.resume_after_restart();
    subscriptions_.on_ra_ready();
  }
  nlohmann::json save_inventory() const { return inventory_.to_json(); }
  std::size_t restore_inventory(const nlohmann::json& saved) {
    inventory_.restore(saved);
    registration_.restored();
    return inventory_.size();
  }

  void set_delegate_lookup(std::function<std::string(const std::string&)> f) {
    state.delegate_of = std::move(f);
  }
  void serve(Handlers& handlers) {
    subscriptions_.serve(handlers);
    reports_.serve(handlers);
    attestation_.serve(handlers);
  }

  bool handle_ca(const sim::Message& message) { return registration_.handle_ca(message); }

  bool on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) {
    if (subscriptions_.is_vnfm(peer)) {
      subscriptions_.on_vnfm_failure(peer, kind, failure, dropped);
      return true;
    }
    if (attestation_.on_channel_failure(peer, failure, dropped)) return true;
    if (inventory_.find(peer) != nullptr) {
      configuration_.on_vnfci_failure(peer, failure, dropped);
      return true;
    }
    return false;
  }

  bool on_command(const sim::Command& command) {
    if (command.name == "revoke_vnfci_certificate") {
      revocation_.revoke_on_request(command.args);
      return true;
    }
    if (command.name != "query_vnf") return false;
    subscriptions_.query_on_request(command.args);
    return true;
  }

  void on_crl(const pki::Crl& crl) {
    for (const auto& entry : crl.revoked()) inventory_.mark_revoked(entry.serial_hex);
  }

  std::vector<std::string> reprovision(const std::set<std::string>& serials) {
    std::vector<std::string> vnfcis;
    for (const auto& [name, r] : inventory_.all()) {
      if (r.state == VnfciState::removed || r.state == VnfciState::failed) continue;
      for (const auto& identity : r.identities)
        if (!identity.certificates.empty() && serials.count(identity.certificates.back().serial)) {
          vnfcis.push_back(name);
          break;
        }
    }
    for (const auto& vnfci : vnfcis) registration_.register_again(vnfci);
    return vnfcis;
  }

  void on_hsm_vendor_root(const std::string& hsm, const pki::Certificate& root) {
    hsm_roots_.insert_or_assign(hsm, root);
  }

  // ---- expiry monitoring ----

  void monitor() {
    const pki::Instant at = now();
    inventory_.drop_expired_superseded_der(
        at, [this](const std::string& serial) { return revocation_.revoking(serial); });
    for (auto& [name, r] : inventory_.all()) {
      if (r.state == VnfciState::removed) continue;
      for (auto& identity : r.identities) {
        VnfciCertificate* current = identity.current();
        if (current == nullptr || current->expiry_alarm_raised) continue;
        if (current->not_after.unix_ns - at.unix_ns >= direct_.expiry_alarm_threshold.ns())
          continue;
        current->expiry_alarm_raised = true;
        trace({.operation = decisions::kExpiryAlarm,
               .outcome = outcomes::kRaised,
               .peer = r.vnfci,
               .reference_point = reference_points::kCmfVnfci,
               .detail = about(r, identity)
                             .add(detail_keys::kSerial, current->serial)
                             .add(detail_keys::kNotAfter, utc(current->not_after))});
      }
    }
  }

  const VnfciInventory& inventory() const { return inventory_; }

 private:
  DirectModeConfiguration configuration_;
  DirectModeRegistration registration_;
  DirectModeAttestation attestation_;
  DirectModeRevocation revocation_;
  DirectModeReports reports_;
  DirectModeSubscriptions subscriptions_;
};

DirectMode::DirectMode(sim::ActorContext& context, ActorToolkit toolkit, const CmfConfig& config,
                       SecureChannels& channels, CmpExchange& ra, WorkQueue& queue, RaLookup lookup)
    : impl_(std::make_unique<Impl>(context, toolkit, config, channels, ra, queue,
                                   std::move(lookup))) {}

DirectMode::~DirectMode() = default;

void DirectMode::on_ra_ready() {
  impl_->on_ra_ready();
}
nlohmann::json DirectMode::save_inventory() const {
  return impl_->save_inventory();
}
std::size_t DirectMode::restore_inventory(const nlohmann::json& saved) {
  return impl_->restore_inventory(saved);
}
void DirectMode::serve(MessageHandlers<ChannelMessage>& handlers) {
  impl_->serve(handlers);
}
void DirectMode::set_delegate_lookup(
    std::function<std::string(const std::string& vnf)> delegate_of) {
  impl_->set_delegate_lookup(std::move(delegate_of));
}
bool DirectMode::handle_ca(const sim::Message& message) {
  return impl_->handle_ca(message);
}
bool DirectMode::on_channel_failure(const std::string& peer, ChannelKind kind,
                                    const std::string& failure,
                                    const std::vector<Envelope>& dropped) {
  return impl_->on_channel_failure(peer, kind, failure, dropped);
}
bool DirectMode::on_command(const sim::Command& command) {
  return impl_->on_command(command);
}
void DirectMode::on_hsm_vendor_root(const std::string& hsm, const pki::Certificate& root) {
  impl_->on_hsm_vendor_root(hsm, root);
}
void DirectMode::on_crl(const pki::Crl& crl) {
  impl_->on_crl(crl);
}
std::vector<std::string> DirectMode::reprovision(const std::set<std::string>& serials) {
  return impl_->reprovision(serials);
}
void DirectMode::monitor() {
  impl_->monitor();
}
const VnfciInventory& DirectMode::inventory() const {
  return impl_->inventory();
}

}  // namespace ifa026::actors::cmf
