// Direct mode on Cm-Vnfm (C.2.1.1 pre-condition and #0): the CMF's subscriptions to the LCM
// notifications of each configured VNFM (asked again with back-off until answered), the
// notifications and QueryVnf answers it takes from them, and the discovery of every ADDED VNFCI
// they name. A discovered VNFCI goes on to its attestation check or its identities; a REMOVED one
// to revocation.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "actors/cmf/direct_mode_part.hpp"

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
  // True when `m` is a subscription response, a notification or a query response (handled then).
  bool handle(const ChannelMessage& m);
  // True when `peer` is a configured VNFM.
  bool is_vnfm(const std::string& peer) const { return subscriptions_.count(peer) != 0; }
  void on_vnfm_failure(const std::string& vnfm, ChannelKind kind, const std::string& failure,
                       const std::vector<Envelope>& dropped);
  // Workload command `query_vnf` {vnf, vnfm (default: the first one)}.
  void query_on_request(const json& args);

 private:
  struct Subscription {
    bool subscribed = false;
    std::string id;
    int attempts = 0;
    sim::EventId timer;
  };

  bool from_vnfm(const ChannelMessage& m) const;
  void subscribe(const std::string& vnfm);
  void on_subscription_response(const ChannelMessage& m);
  void query(const std::string& vnfm, const std::string& vnf);
  void on_notification(const ChannelMessage& m);
  void on_query_response(const ChannelMessage& m);
  // #0 (and #1 for attested VNFCIs): a VNFCI the VNFM names is added to the inventory.
  void discover(const std::string& vnfm, const std::string& vnf, const std::string& vnfci,
                const std::string& vnfc, const json& identities, const std::string& source,
                const std::string& operation, const std::string& vnfd,
                const json& secure_bootstrap);

  DirectModeAttestation& attestation_;
  DirectModeRegistration& registration_;
  DirectModeRevocation& revocation_;
  bool started_ = false;
  std::map<std::string, Subscription> subscriptions_;  // by VNFM
};

}  // namespace ifa026::actors::cmf
