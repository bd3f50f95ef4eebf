// Direct mode on Cm-Vnfm (C.2.1.1 pre-condition and #0): the CMF's subscriptions to the LCM
// notifications of each configured VNFM (asked again with back-off until answered), the
// notifications and QueryVnf answers it takes from them, and the discovery of every ADDED VNFCI
// they name. A discovered VNFCI goes on to its attestation check or its identities; a REMOVED one
// to revocation. Once a subscription is confirmed, the CMF reconciles its inventory with the
// VNFM's: it queries every VNF instance and takes each VNFCI it did not know as added and each
// one it knew that the VNFM no longer lists as removed (a VNF instantiated before the
// subscription was made is notified to nobody).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/cmf/direct_mode_part.hpp"
#include "actors/messages/cm_vnfm.hpp"

namespace ifa026::actors::cmf {

class DirectModeAttestation;
class DirectModeRegistration;
class DirectModeRevocation;

class DirectModeSubscriptions : public DirectModePart {
 public:
  DirectModeSubscriptions(DirectModeState& state, DirectModeAttestation& attestation,
                          DirectModeRegistration& registration, DirectModeRevocation& revocation);

  // Subscribes to every configured VNFM once the CMF holds the primary CA's RA certificate (its
  // TLS identity) and the direct-mode CA's.
  void on_ra_ready();
  // Registers the handlers of subscription responses, notifications and query responses.
  void serve(Handlers& handlers);
  // True when `peer` is a configured VNFM.
  bool is_vnfm(const std::string& peer) const { return subscriptions_.count(peer) != 0; }
  void on_vnfm_failure(const std::string& vnfm, ChannelKind kind, const std::string& failure,
                       const std::vector<Envelope>& dropped);
  // Workload command `query_vnf` {vnf, vnfm (default: the first one)}.
  void query_on_request(const nlohmann::json& args);

 private:
  struct Subscription {
    bool subscribed = false;
    std::string id;
    int attempts = 0;
    sim::EventId timer;
    // The reconciliation after the subscription was confirmed: outstanding while `reconciling`,
    // asked again with back-off until answered; `known` holds the VNFCIs of this VNFM the
    // inventory held (not removed) when the query was sent.
    bool reconciling = false;
    int reconciliation_attempts = 0;
    std::set<std::string> known;
    sim::EventId reconciliation_timer;
  };

  // A QueryVnf, LccnSubscription or VnfLcmNotification record about `vnfm` on Cm-Vnfm.
  void on_cm_vnfm(const char* decision, const char* outcome, const std::string& vnfm,
                  const std::string& step, TraceDetail detail);
  bool from_vnfm(const ChannelMessage& m) const;
  void subscribe(const std::string& vnfm);
  void on_subscription_response(const ChannelMessage& m,
                                const messages::LccnSubscriptionResponse& response);
  void query(const std::string& vnfm, const std::string& vnf);
  void on_notification(const ChannelMessage& m,
                       const messages::VnfLcmOperationOccurrenceNotification& notification);
  void on_query_response(const ChannelMessage& m, const messages::QueryVnfResponse& response);
  // Queries every VNF instance of `vnfm` (QueryVnf without a VNF) once its subscription holds.
  void reconcile(const std::string& vnfm);
  void on_reconciliation_response(const ChannelMessage& m,
                                  const messages::QueryVnfResponse& response);
  // #0 (and #1 for attested VNFCIs): a VNFCI the VNFM names is added to the inventory.
  void discover(const std::string& vnfm, const std::string& vnf, const messages::VnfciEntry& entry,
                const std::string& source, const std::string& operation, const std::string& vnfd);

  DirectModeState& state_;  // --- runs: delegate_of
  DirectModeAttestation& attestation_;
  DirectModeRegistration& registration_;
  DirectModeRevocation& revocation_;
  bool started_ = false;
  std::map<std::string, Subscription> subscriptions_;  // by VNFM
};

}  // namespace ifa026::actors::cmf
