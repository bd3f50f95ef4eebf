// LCM notification subscriptions and ordered delivery over mutual TLS (see lccn_subscriptions.hpp).
#include "actors/vnfm/lccn_subscriptions.hpp"

#include <utility>

#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors::vnfm {
namespace {

using nlohmann::json;
namespace dk = detail_keys;

bool allowed(const std::set<std::string>& values, const std::string& value) {
  return values.empty() || values.count(value) > 0;
}

}  // namespace

bool LccnFilter::matches(const messages::VnfLcmOperationOccurrenceNotification& n) const {
  return allowed(vnfs, n.vnf) && allowed(vnfds, n.vnfd) && allowed(operations, n.operation) &&
         allowed(states, n.state);
}

std::variant<LccnFilter, std::string> parse_lccn_filter(const std::optional<json>& sent) {
  LccnFilter filter;
  if (!sent || sent->is_null()) return filter;
  if (!sent->is_object()) return std::string("filter must be an object");
  for (const auto& [key, value] : sent->items()) {
    std::set<std::string>* target = key == "vnfs"         ? &filter.vnfs
                                    : key == "vnfds"      ? &filter.vnfds
                                    : key == "operations" ? &filter.operations
                                    : key == "states"     ? &filter.states
                                                          : nullptr;
    if (target == nullptr)
      return "unknown filter member \"" + key + "\" (vnfs, vnfds, operations, states)";
    if (!value.is_array()) return "filter " + key + " must be an array of strings";
    for (const auto& v : value) {
      if (!v.is_string()) return "filter " + key + " must be an array of strings";
      target->insert(v.get<std::string>());
    }
  }
  return filter;
}

LccnSubscriptions::LccnSubscriptions(ManoEntityHost& host, sim::Duration retry, long long retries)
    : host_(host), retry_(retry), retries_(retries) {}

std::string LccnSubscriptions::subscribe(const std::string& peer, LccnFilter filter,
                                         const std::string& reference_point) {
  auto [it, fresh] = subscribers_.try_emplace(peer);
  if (fresh)
    it->second.id = host_.actor_context().name() + "-sub-" + std::to_string(next_subscription_++);
  it->second.filter = std::move(filter);
  it->second.reference_point =
      reference_point.empty() ? reference_points::kCmVnfm : reference_point;
  return it->second.id;
}

void LccnSubscriptions::notify(Notification notification) {
  notification.id =
      host_.actor_context().name() + "-notification-" + std::to_string(next_notification_++);
  for (auto& [peer, subscriber] : subscribers_) {
    if (!subscriber.filter.matches(notification)) continue;
    Notification copy = notification;
    copy.subscription = subscriber.id;
    deliver(peer, subscriber, std::move(copy));
  }
}

void LccnSubscriptions::deliver(const std::string& peer, Subscriber& subscriber,
                                Notification notification) {
  if (subscriber.paused || !subscriber.outbox.empty() || !host_.can_authenticate()) {
    trace(outcomes::kQueued, peer, notification,
          subscriber.paused           ? "waiting for a retry"
          : !host_.can_authenticate() ? "no certificate to authenticate with"
                                      : "earlier notifications waiting");
    subscriber.outbox.push_back(std::move(notification));
    return;
  }
  send(peer, notification);
}

void LccnSubscriptions::flush(const std::string& peer, Subscriber& subscriber) {
  while (!subscriber.paused && host_.can_authenticate() && !subscriber.outbox.empty()) {
    Notification notification = std::move(subscriber.outbox.front());
    subscriber.outbox.pop_front();
    send(peer, notification);  // a failure right away pauses the subscriber
  }
}

void LccnSubscriptions::send(const std::string& peer, const Notification& notification) {
  trace(outcomes::kSent, peer, notification);
  host_.channels().send(peer, ChannelKind::mutual, reference_point(peer),
                        messages::to_envelope(notification));
}

void LccnSubscriptions::on_channel_failure(const std::string& peer, ChannelKind kind,
                                           const std::vector<Envelope>& dropped) {
  if (kind != ChannelKind::mutual) return;
  auto it = subscribers_.find(peer);
  if (it == subscribers_.end()) return;
  Subscriber& subscriber = it->second;
  std::vector<Notification> again;
  for (const Envelope& envelope : dropped) {
    // Only notifications are retried (the envelope is one this VNFM encoded).
    auto notification = messages::from_envelope<Notification>(envelope);
    if (!notification) continue;
    const long long failures = ++subscriber.failed[notification->id];
    if (failures > retries_) {
      subscriber.failed.erase(notification->id);
      trace(outcomes::kFailed, peer, *notification,
            "given up after " + std::to_string(failures) + " failed deliveries");
      continue;
    }
    again.push_back(std::move(notification).value());
  }
  if (again.empty()) return;
  // The dropped ones are older than anything in the outbox.
  subscriber.outbox.insert(subscriber.outbox.begin(), again.begin(), again.end());
  for (const Notification& notification : again)
    trace(outcomes::kRetry, peer, notification,
          "session failed, retry in " + sim::format_duration(retry_));
  if (subscriber.paused) return;
  subscriber.paused = true;
  host_.schedule(retry_, "lccn-retry", [this, peer] {
    auto s = subscribers_.find(peer);
    if (s == subscribers_.end()) return;
    s->second.paused = false;
    flush(peer, s->second);
  });
}

void LccnSubscriptions::on_certificate_changed() {
  for (auto& [peer, subscriber] : subscribers_) flush(peer, subscriber);
}

void LccnSubscriptions::trace(const std::string& outcome, const std::string& peer,
                              const Notification& notification, const std::string& reason) {
  TraceDetail detail;
  detail.add(dk::kSubscriber, peer)
      .add(dk::kSubscription, notification.subscription)
      .add(dk::kNotification, notification.id)
      .add(dk::kVnf, notification.vnf)
      .add(dk::kOperation, notification.operation)
      .add(dk::kState, notification.state)
      .add(dk::kOccurrence, notification.occurrence);
  if (!reason.empty()) detail.add(dk::kReason, reason);
  host_.tracer()({.operation = decisions::kVnfLcmNotification,
                  .outcome = outcome,
                  .peer = peer,
                  .reference_point = reference_point(peer),
                  .detail = detail});
}

const std::string& LccnSubscriptions::reference_point(const std::string& peer) const {
  static const std::string cm_vnfm = reference_points::kCmVnfm;
  auto it = subscribers_.find(peer);
  return it == subscribers_.end() || it->second.reference_point.empty()
             ? cm_vnfm
             : it->second.reference_point;
}

}  // namespace ifa026::actors::vnfm
