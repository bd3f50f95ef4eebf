// The requests an actor has sent and waits answers for, in one place for every requester: each
// request gets a correlation id (put it in the request's body, the answer echoes it); each attempt
// waits `timeout` and is then sent again, `retries` times, every wait `backoff` times the one
// before (capped at `max_wait`); after the last attempt the request is given up. Replies are told
// apart: the answer of an open request, a late one (for a request already given up), a duplicate
// (for a request already answered), or an unknown id. With a zero timeout no timer is set.
// Closed requests cost no memory once answered: ids are handed out in order, so an id below the
// next one that is neither open nor listed as given up was answered; only the given-up ids (the
// last 4,096) are listed. An idle tracker (a VNFCI's CMP exchange after enrolment, 10,000 of them
// in the scale run) holds no heap memory but the liveness token its timers check.
//
//   RequestTracker<std::string> pending(context, "HsmRequestTimeout");
//   auto id = pending.start(identity, {.timeout = 2s, .retries = 3},
//       [&](std::uint64_t id, const std::string& identity, int attempt) { send(id, identity); },
//       [&](std::uint64_t id, std::string identity) { give_up(identity); });
//   ... on a reply carrying `id`:
//   auto reply = pending.reply(id);
//   if (reply.match != ReplyMatch::answer) trace the late or duplicate reply, ignore it
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/actor.hpp"

namespace ifa026::actors {

struct RetryPolicy {
  sim::Duration timeout = {};  // per attempt; zero: no timeout (and no timer)
  int retries = 0;             // attempts after the first
  std::int64_t backoff = 2;    // each wait is the previous one times this
  sim::Duration max_wait = sim::Duration::max();
};

enum class ReplyMatch : std::uint8_t {
  answer,     // answers an open request (now closed)
  late,       // for a request given up
  duplicate,  // for a request already answered
  unknown,    // no such request was sent
};
std::string_view to_string(ReplyMatch match);

template <class Pending>
class RequestTracker {
 public:
  using Send = std::function<void(std::uint64_t id, const Pending& pending, int attempt)>;
  using GiveUp = std::function<void(std::uint64_t id, Pending pending)>;

  struct Reply {
    ReplyMatch match = ReplyMatch::unknown;
    std::optional<Pending> pending;  // set for an answer
    int attempt = 0;                 // the attempt that was current when it came
  };

  // `timer_label` names the timeout timers in the trace.
  RequestTracker(sim::ActorContext& context, std::string timer_label)
      : context_(context), label_(std::move(timer_label)) {}
  RequestTracker(const RequestTracker&) = delete;
  RequestTracker& operator=(const RequestTracker&) = delete;

  // Sends the first attempt now (send(id, pending, 0)); returns the correlation id.
  std::uint64_t start(Pending pending, RetryPolicy policy, Send send, GiveUp give_up = {}) {
    const std::uint64_t id = next_id_++;
    auto [it, inserted] = open_.emplace(id, Entry{std::move(pending),
                                                  policy,
                                                  std::move(send),
                                                  std::move(give_up),
                                                  0,
                                                  {},
                                                  policy.timeout});
    (void)inserted;
    attempt(id, it->second);
    return id;
  }

  Reply reply(std::uint64_t id) {
    auto it = open_.find(id);
    if (it == open_.end()) {
      if (id < forgotten_below_ || id >= next_id_) return {ReplyMatch::unknown, std::nullopt, 0};
      if (given_up_.count(id)) return {ReplyMatch::late, std::nullopt, 0};
      return {ReplyMatch::duplicate, std::nullopt, 0};
    }
    Reply result{ReplyMatch::answer, std::move(it->second.pending), it->second.attempt};
    close(it, false);
    return result;
  }

  // Closes an open request without an answer (e.g. its owner went away); false when not open.
  bool cancel(std::uint64_t id) {
    auto it = open_.find(id);
    if (it == open_.end()) return false;
    close(it, true);
    return true;
  }

  // Closes every open request without an answer (e.g. the session they went on failed) and
  // returns them in id order, for the owner to fail each.
  std::vector<std::pair<std::uint64_t, Pending>> cancel_all() {
    std::vector<std::pair<std::uint64_t, Pending>> closed;
    closed.reserve(open_.size());
    while (!open_.empty()) {
      auto it = open_.begin();
      closed.emplace_back(it->first, std::move(it->second.pending));
      close(it, true);
    }
    return closed;
  }

  Pending* find(std::uint64_t id) {
    auto it = open_.find(id);
    return it == open_.end() ? nullptr : &it->second.pending;
  }
  std::size_t open() const { return open_.size(); }

 private:
  struct Entry {
    Pending pending;
    RetryPolicy policy;
    Send send;
    GiveUp give_up;
    int attempt = 0;
    sim::EventId timer;
    sim::Duration wait;
  };
  // Given-up ids remembered to tell late replies from duplicates.
  static constexpr std::size_t kRemembered = 4096;

  // Sends first, then sets the attempt's timer: what the send itself schedules with the same delay
  // (e.g. a TLS handshake timeout of the session it opens) comes before the request's timeout at
  // that instant, so a resend never lands on a session about to fail. A send may close its own
  // request (cancel): then no timer is set; such a send must not use `pending` after closing it.
  void attempt(std::uint64_t id, Entry& entry) {
    const Send send = entry.send;  // closing the request destroys the entry, not the running send
    send(id, entry.pending, entry.attempt);
    auto it = open_.find(id);
    if (it == open_.end() || it->second.policy.timeout <= sim::Duration()) return;
    std::weak_ptr<int> alive = alive_;
    it->second.timer = context_.schedule(it->second.wait, label_, [this, alive, id] {
      if (!alive.expired()) on_timeout(id);
    });
  }

  void on_timeout(std::uint64_t id) {
    auto it = open_.find(id);
    if (it == open_.end()) return;
    Entry& entry = it->second;
    entry.timer = {};
    if (entry.attempt < entry.policy.retries) {
      ++entry.attempt;
      entry.wait = entry.wait * entry.policy.backoff;
      if (entry.wait > entry.policy.max_wait) entry.wait = entry.policy.max_wait;
      attempt(id, entry);
      return;
    }
    Pending pending = std::move(entry.pending);
    GiveUp give_up = std::move(entry.give_up);
    close(it, true);
    if (give_up) give_up(id, std::move(pending));
  }

  void close(typename std::map<std::uint64_t, Entry>::iterator it, bool given_up) {
    if (it->second.timer != sim::EventId{}) context_.withdraw(it->second.timer);
    const std::uint64_t id = it->first;
    open_.erase(it);
    if (!given_up) return;
    given_up_.insert(id);
    if (given_up_.size() > kRemembered) {
      // The oldest given-up id goes, and with it what is known of every id up to it.
      forgotten_below_ = *given_up_.begin() + 1;
      given_up_.erase(given_up_.begin());
    }
  }

  sim::ActorContext& context_;
  std::string label_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Entry> open_;
  std::set<std::uint64_t> given_up_;   // the last kRemembered given up
  std::uint64_t forgotten_below_ = 1;  // ids below it: unknown
  // Timers check it, so one firing after this object is gone does nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace ifa026::actors
