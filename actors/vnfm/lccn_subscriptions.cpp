// LCM notification subscriptions and ordered delivery over mutual TLS (see lccn_subscriptions.hpp).
#include "actors/vnfm/lccn_subscriptions.hpp"

#include <exception>
#include <utility>

#include "actors/common/internal_error.hpp"
#include "actors/common/operations.hpp"
#include "actors/common/reference_points.hpp"
#include "actors/common/trace_detail.hpp"

namespace ifa026::actors::vnfm {
namespace {

using nlohmann::json;

bool allowed(const std::set<std::string>& values, const json& body, const char* key) {
  if (values.empty()) return true;
  return values.count(get_string(body, key)) > 0;
}

}  // namespace

bool LccnFilter::matches(const json& notification) const {
  return allowed(vnfs, notification, "vnf") && allowed(vnfds, notification, "vnfd") &&
         allowed(operations, notification, "operation") && allowed(states, notification, "state");
}

std::variant<LccnFilter, std::string> parse_lccn_filter(const json& request_body) {
  LccnFilter filter;
  auto it = request_body.find("filter");
  if (it == request_body.end() || it->is_null()) return filter;
  if (!it->is_object()) return std::string("filter must be an object");
  for (const auto& [key, value] : it->items()) {
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

std::string LccnSubscriptions::subscribe(const std::string& peer, LccnFilter filter) {
  auto [it, fresh] = subscribers_.try_emplace(peer);
  if (fresh)
    it->second.id = host_.actor_context().name() + "-sub-" + std::to_string(next_subscription_++);
  it->second.filter = std::move(filter);
  return it->second.id;
}

void LccnSubscriptions::notify(const json& notification) {
  const std::string id =
      host_.actor_context().name() + "-notification-" + std::to_string(next_notification_++);
  for (auto& [peer, subscriber] : subscribers_) {
    if (!subscriber.filter.matches(notification)) continue;
    Envelope envelope{operations::kVnfLcmOperationOccurrenceNotification, "", notification};
    envelope.body["id"] = id;
    envelope.body["subscription"] = subscriber.id;
    deliver(peer, subscriber, std::move(envelope));
  }
}

void LccnSubscriptions::deliver(const std::string& peer, Subscriber& subscriber,
                                Envelope envelope) {
  if (subscriber.paused || !subscriber.outbox.empty() || !host_.can_authenticate()) {
    trace("queued", peer, envelope,
          subscriber.paused           ? "waiting for a retry"
          : !host_.can_authenticate() ? "no certificate to authenticate with"
                                      : "earlier notifications waiting");
    subscriber.outbox.push_back(std::move(envelope));
    return;
  }
  send(peer, std::move(envelope));
}

void LccnSubscriptions::flush(const std::string& peer, Subscriber& subscriber) {
  while (!subscriber.paused && host_.can_authenticate() && !subscriber.outbox.empty()) {
    Envelope envelope = std::move(subscriber.outbox.front());
    subscriber.outbox.pop_front();
    send(peer, std::move(envelope));  // a failure right away pauses the subscriber
  }
}

void LccnSubscriptions::send(const std::string& peer, Envelope envelope) {
  trace("sent", peer, envelope);
  host_.channels().send(peer, ChannelKind::mutual, reference_points::kCmVnfm, std::move(envelope));
}

void LccnSubscriptions::on_channel_failure(const std::string& peer, ChannelKind kind,
                                           const std::vector<Envelope>& dropped) {
  if (kind != ChannelKind::mutual) return;
  auto it = subscribers_.find(peer);
  if (it == subscribers_.end()) return;
  Subscriber& subscriber = it->second;
  std::vector<Envelope> again;
  for (const Envelope& envelope : dropped) {
    if (envelope.operation != operations::kVnfLcmOperationOccurrenceNotification) continue;
    const std::string id = get_string(envelope.body, "id");
    const long long failures = ++subscriber.failed[id];
    if (failures > retries_) {
      subscriber.failed.erase(id);
      trace("failed", peer, envelope,
            "given up after " + std::to_string(failures) + " failed deliveries");
      continue;
    }
    again.push_back(envelope);
  }
  if (again.empty()) return;
  // The dropped ones are older than anything in the outbox.
  subscriber.outbox.insert(subscriber.outbox.begin(), again.begin(), again.end());
  for (const Envelope& envelope : again)
    trace("retry", peer, envelope, "session failed, retry in " + sim::format_duration(retry_));
  if (subscriber.paused) return;
  subscriber.paused = true;
  std::weak_ptr<int> alive = alive_;
  host_.actor_context().schedule(retry_, "lccn-retry", [this, alive, peer] {
    if (alive.expired()) return;
    try {
      auto s = subscribers_.find(peer);
      if (s == subscribers_.end()) return;
      s->second.paused = false;
      flush(peer, s->second);
    } catch (const std::exception& e) {
      host_.trace_record(sim::RecordKind::decision, "InternalError",
                         std::string(kInternalErrorOutcome),
                         TraceDetail().add("reason", std::string("internal error: ") + e.what()));
    }
  });
}

void LccnSubscriptions::on_certificate_changed() {
  for (auto& [peer, subscriber] : subscribers_) flush(peer, subscriber);
}

void LccnSubscriptions::trace(const std::string& outcome, const std::string& peer,
                              const Envelope& envelope, const std::string& reason) {
  const json& body = envelope.body;
  TraceDetail detail;
  detail.add("subscriber", peer)
      .add("subscription", get_string(body, "subscription"))
      .add("notification", get_string(body, "id"))
      .add("vnf", get_string(body, "vnf"))
      .add("operation", get_string(body, "operation"))
      .add("state", get_string(body, "state"))
      .add("occurrence", get_string(body, "occurrence"));
  if (!reason.empty()) detail.add("reason", reason);
  host_.trace_record(sim::RecordKind::decision, "VnfLcmNotification", outcome, detail, peer,
                     reference_points::kCmVnfm);
}

}  // namespace ifa026::actors::vnfm
