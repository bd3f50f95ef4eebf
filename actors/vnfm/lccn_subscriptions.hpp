// The VNFM's LCM operation-occurrence notification subscriptions on Cm-Vnfm (docs/direct-mode.md):
// who subscribed with which filter, and the delivery of notifications to each subscriber over
// mutual TLS, in order. A subscriber's notifications wait in its outbox while the VNFM holds no
// certificate (flushed once one is installed) and, after a session failure, for a retry period;
// each notification is tried `retries` times more before it is given up (traced).
//
// Delivery failures come from the secure channels (a session that fails with notifications in
// it), not from a missing answer: notifications are not answered, so there is no request to
// track (actors/toolkit/request_tracker.hpp) and the retry is this outbox's own pause.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/secure_channels.hpp"
#include "actors/messages/cm_vnfm.hpp"
#include "actors/messages/operations.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vnfm {

// Which notifications a subscriber wants; an empty set lets every value through.
struct LccnFilter {
  std::set<std::string> vnfs;
  std::set<std::string> vnfds;
  std::set<std::string> operations;  // "INSTANTIATE", ...
  std::set<std::string> states;      // "STARTING", "COMPLETED", "FAILED"
  bool matches(const messages::VnfLcmOperationOccurrenceNotification& notification) const;
};

// A subscription request as the VNFM reads it: the filter as sent, so that members the VNFM does
// not know are refused (messages::LccnFilter, read through the codec, would ignore them).
struct LccnSubscriptionRequestAsSent {
  static constexpr std::string_view kOperation = operations::kLccnSubscriptionRequest;
  std::optional<nlohmann::json> filter;

  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("filter", self.filter);
  }
};

// A subscription request's filter (absent or null: everything), or why it is refused.
std::variant<LccnFilter, std::string> parse_lccn_filter(
    const std::optional<nlohmann::json>& filter);

class LccnSubscriptions {
 public:
  using Notification = messages::VnfLcmOperationOccurrenceNotification;

  LccnSubscriptions(ManoEntityHost& host, sim::Duration retry, long long retries);
  LccnSubscriptions(const LccnSubscriptions&) = delete;
  LccnSubscriptions& operator=(const LccnSubscriptions&) = delete;

  // Subscribes `peer` (a second request from the same peer replaces its filter and keeps its
  // subscription id); returns the subscription id. Its notifications go on the reference point
  // it subscribed on (Cm-Vnfm for the CMF, Or-Vnfm for the NFVO; "" = Cm-Vnfm).
  std::string subscribe(const std::string& peer, LccnFilter filter,
                        const std::string& reference_point = "");
  // Sends `notification` (its `id` and `subscription` are set here) to every subscriber whose
  // filter matches, in subscriber-name order.
  void notify(Notification notification);

  // From the entity's hooks.
  void on_channel_failure(const std::string& peer, ChannelKind kind,
                          const std::vector<Envelope>& dropped);
  void on_certificate_changed();

  std::size_t size() const { return subscribers_.size(); }

 private:
  struct Subscriber {
    std::string id;
    LccnFilter filter;
    std::string reference_point;
    std::deque<Notification> outbox;          // in order, not handed to the channel yet
    bool paused = false;                      // waiting for a retry after a failure
    std::map<std::string, long long> failed;  // failures per notification id
  };

  void deliver(const std::string& peer, Subscriber& subscriber, Notification notification);
  void flush(const std::string& peer, Subscriber& subscriber);
  void send(const std::string& peer, const Notification& notification);
  void trace(const std::string& outcome, const std::string& peer, const Notification& notification,
             const std::string& reason = "");
  const std::string& reference_point(const std::string& peer) const;

  ManoEntityHost& host_;
  const sim::Duration retry_;
  const long long retries_;
  std::map<std::string, Subscriber> subscribers_;  // by peer actor
  std::uint64_t next_subscription_ = 1;
  std::uint64_t next_notification_ = 1;
};

}  // namespace ifa026::actors::vnfm
