// Open CMP transactions and the replay window of ended transactionIDs (see
// cmp_transaction_store.hpp).
#include "pki/cmp_transaction_store.hpp"

#include <algorithm>

#include "pki/bytes.hpp"
#include "pki/cmp_transaction.hpp"

namespace ifa026::pki {

CmpTransactionStore::CmpTransactionStore(std::int64_t replay_window_seconds,
                                         std::size_t max_remembered)
    : replay_window_seconds_(replay_window_seconds), max_remembered_(max_remembered) {}

CmpTransactionStore::~CmpTransactionStore() = default;

CmpTransaction* CmpTransactionStore::find(const std::string& key) const {
  auto it = open_.find(key);
  return it == open_.end() ? nullptr : it->second.get();
}

bool CmpTransactionStore::in_use(const std::string& key) const {
  return open_.count(key) != 0 || closed_.count(closed_key(key)) != 0;
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

void CmpTransactionStore::remember_closed(const std::string& key, Instant now) {
  closed_[closed_key(key)] = now;
  if (closed_.size() > max_remembered_) {
    // Forget the oldest.
    auto oldest = closed_.begin();
    for (auto it = closed_.begin(); it != closed_.end(); ++it) {
      if (it->second < oldest->second) oldest = it;
    }
    closed_.erase(oldest);
  }
}

std::size_t CmpTransactionStore::expire(Instant now, std::int64_t idle_seconds,
                                        const std::function<void(CmpTransaction&)>& on_drop) {
  for (auto it = closed_.begin(); it != closed_.end();) {
    if (now.unix_ns - it->second.unix_ns >= replay_window_seconds_ * kNanosPerSecond) {
      it = closed_.erase(it);
    } else {
      ++it;
    }
  }
  std::size_t dropped = 0;
  for (auto it = open_.begin(); it != open_.end();) {
    if (now.unix_ns - it->second->last_activity.unix_ns >= idle_seconds * kNanosPerSecond) {
      on_drop(*it->second);
      closed_[closed_key(it->first)] = now;
      it = open_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

}  // namespace ifa026::pki
