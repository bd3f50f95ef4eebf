// The VNFM's LCM operation-occurrence notification subscriptions on Cm-Vnfm (docs/direct-mode.md):
// who subscribed with which filter, and the delivery of notifications to each subscriber over
// mutual TLS, in order. A subscriber's notifications wait in its outbox while the VNFM holds no
// certificate (flushed once one is installed) and, after a session failure, for a retry period;
// each notification is tried `retries` times more before it is given up (traced).
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "actors/common/envelope.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/secure_channels.hpp"
#include "sim/time.hpp"

namespace ifa026::actors::vnfm {

// Which notifications a subscriber wants; an empty set lets every value through.
struct LccnFilter {
  std::set<std::string> vnfs;
  std::set<std::string> vnfds;
  std::set<std::string> operations;  // "INSTANTIATE", ...
  std::set<std::string> states;      // "STARTING", "COMPLETED", "FAILED"
  bool matches(const nlohmann::json& notification) const;
};

// A subscription request's `filter` (absent or null: everything), or why it is refused.
std::variant<LccnFilter, std::string> parse_lccn_filter(const nlohmann::json& request_body);

class LccnSubscriptions {
 public:
  LccnSubscriptions(ManoEntityHost& host, sim::Duration retry, long long retries);
  LccnSubscriptions(const LccnSubscriptions&) = delete;
  LccnSubscriptions& operator=(const LccnSubscriptions&) = delete;

  // Subscribes `peer` (a second request from the same peer replaces its filter and keeps its
  // subscription id); returns the subscription id.
  std::string subscribe(const std::string& peer, LccnFilter filter);
  // Sends `notification` (a notification body without `id` and `subscription`) to every
  // subscriber whose filter matches, in subscriber-name order.
  void notify(const nlohmann::json& notification);

  // From the entity's hooks.
  void on_channel_failure(const std::string& peer, ChannelKind kind,
                          const std::vector<Envelope>& dropped);
  void on_certificate_changed();

  std::size_t size() const { return subscribers_.size(); }

 private:
  struct Subscriber {
    std::string id;
    LccnFilter filter;
    std::deque<Envelope> outbox;              // in order, not handed to the channel yet
    bool paused = false;                      // waiting for a retry after a failure
    std::map<std::string, long long> failed;  // failures per notification id
  };

  void deliver(const std::string& peer, Subscriber& subscriber, Envelope envelope);
  void flush(const std::string& peer, Subscriber& subscriber);
  void send(const std::string& peer, Envelope envelope);
  void trace(const std::string& outcome, const std::string& peer, const Envelope& envelope,
             const std::string& reason = "");

  ManoEntityHost& host_;
  const sim::Duration retry_;
  const long long retries_;
  std::map<std::string, Subscriber> subscribers_;  // by peer actor
  std::uint64_t next_subscription_ = 1;
  std::uint64_t next_notification_ = 1;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // timers check it
};

}  // namespace ifa026::actors::vnfm
