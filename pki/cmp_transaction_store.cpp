// Open CMP transactions, the replay window of ended transactionIDs and the retransmission window
// of their last answers (see cmp_transaction_store.hpp).
#include "pki/cmp_transaction_store.hpp"

#include <algorithm>
#include <utility>

#include "pki/cmp_transaction.hpp"

namespace ifa026::pki {

namespace {

// Forgets the answers (`recent`, in `order` oldest first) older than `window_seconds` at `now`.
template <class Order, class Recent>
void forget_old_answers(Order& order, Recent& recent, std::int64_t window_seconds, Instant now) {
  const std::int64_t window = window_seconds * kNanosPerSecond;
  while (!order.empty() && now.unix_ns - order.front().second.unix_ns >= window) {
    auto [oldest, when] = order.front();
    order.pop_front();
    auto it = recent.find(oldest);
    if (it != recent.end() && it->second.ended == when) recent.erase(it);
  }
}

}  // namespace

CmpTransactionStore::CmpTransactionStore(Limits limits) : limits_(limits) {}

CmpTransactionStore::~CmpTransactionStore() = default;

CmpTransaction* CmpTransactionStore::find(const std::string& key) const {
  auto it = open_.find(key);
  return it == open_.end() ? nullptr : it->second.get();
}

std::optional<CmpTransactionStore::Ended> CmpTransactionStore::ended(const std::string& key,
                                                                     const Bytes& request_hash,
                                                                     Instant now) const {
  const ClosedKey id = closed_key(key);
  auto it = closed_.find(id);
  if (it == closed_.end()) return std::nullopt;
  Ended out;
  out.ended = it->second.ended;
  out.identical = it->second.last_request == digest_key(request_hash);
  if (out.identical) {
    auto recent = recent_.find(id);
    if (recent != recent_.end() && recent->second.ended == it->second.ended &&
        now.unix_ns - recent->second.ended.unix_ns <
            limits_.retransmission_window_seconds * kNanosPerSecond)
      out.answer = &recent->second.answer;
  }
  return out;
}

void CmpTransactionStore::open(std::unique_ptr<CmpTransaction> transaction) {
  std::string key = transaction->key;
  open_.emplace(std::move(key), std::move(transaction));
}

void CmpTransactionStore::close(const std::string& key) {
  open_.erase(key);
}

CmpTransactionStore::ClosedKey CmpTransactionStore::closed_key(const std::string& hex_key) {
  Bytes id;
  id.reserve(hex_key.size() / 2);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };  // to_hex's
  for (std::size_t i = 0; i + 1 < hex_key.size(); i += 2)
    id.push_back(static_cast<std::uint8_t>(nibble(hex_key[i]) << 4 | nibble(hex_key[i + 1])));
  ClosedKey key{};
  const Bytes digest = id.size() == key.size() ? id : sha256(id);
  std::copy_n(digest.begin(), key.size(), key.begin());
  return key;
}

CmpTransactionStore::ClosedKey CmpTransactionStore::digest_key(const Bytes& hash) {
  ClosedKey key{};
  std::copy_n(hash.begin(), std::min(hash.size(), key.size()), key.begin());
  return key;
}

void CmpTransactionStore::remember_closed(const std::string& key, Instant now,
                                          const Bytes& request_hash, Bytes answer) {
  // Answers past the window go as new ones come, so that a server nobody calls
  // expire_transactions on keeps only the window's answers.
  forget_old_answers(recent_order_, recent_, limits_.retransmission_window_seconds, now);
  const ClosedKey id = closed_key(key);
  closed_[id] = Closed{now, digest_key(request_hash)};
  if (closed_.size() > limits_.max_remembered) {
    // Forget the oldest.
    auto oldest = closed_.begin();
    for (auto it = closed_.begin(); it != closed_.end(); ++it) {
      if (it->second.ended < oldest->second.ended) oldest = it;
    }
    closed_.erase(oldest);
  }
  if (limits_.retransmission_window_seconds <= 0 || limits_.max_recent_answers == 0 ||
      answer.empty()) {
    recent_.erase(id);
    return;
  }
  recent_[id] = Recent{now, std::move(answer)};
  recent_order_.emplace_back(id, now);
  while (recent_.size() > limits_.max_recent_answers && !recent_order_.empty()) {
    auto [oldest, when] = recent_order_.front();
    recent_order_.pop_front();
    auto it = recent_.find(oldest);
    if (it != recent_.end() && it->second.ended == when) recent_.erase(it);
  }
}

std::size_t CmpTransactionStore::expire(Instant now, std::int64_t idle_seconds,
                                        const std::function<void(CmpTransaction&)>& on_drop) {
  for (auto it = closed_.begin(); it != closed_.end();) {
    if (now.unix_ns - it->second.ended.unix_ns >= limits_.replay_window_seconds * kNanosPerSecond) {
      it = closed_.erase(it);
    } else {
      ++it;
    }
  }
  forget_old_answers(recent_order_, recent_, limits_.retransmission_window_seconds, now);
  std::size_t dropped = 0;
  for (auto it = open_.begin(); it != open_.end();) {
    if (now.unix_ns - it->second->last_activity.unix_ns >= idle_seconds * kNanosPerSecond) {
      on_drop(*it->second);
      closed_[closed_key(it->first)] = Closed{now, digest_key(it->second->last_request_hash)};
      recent_.erase(closed_key(it->first));
      it = open_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

}  // namespace ifa026::pki
