// The transactions of a CMP server: the open ones by transactionID (hex), and the IDs of ended
// ones, remembered for a replay window so that a captured request cannot be replayed
// (transactionIdInUse), at most a given number of them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "pki/certificate.hpp"

namespace ifa026::pki {

struct CmpTransaction;  // pki/cmp_transaction.hpp

class CmpTransactionStore {
 public:
  CmpTransactionStore(std::int64_t replay_window_seconds, std::size_t max_remembered);
  ~CmpTransactionStore();
  CmpTransactionStore(const CmpTransactionStore&) = delete;
  CmpTransactionStore& operator=(const CmpTransactionStore&) = delete;

  // The open transaction of this hex transactionID, or nullptr.
  CmpTransaction* find(const std::string& key) const;
  // Whether a new request may not use this ID: a transaction with it is open, or ended within
  // the replay window.
  bool in_use(const std::string& key) const;
  // Keeps `transaction` open under its key (CmpTransaction::key).
  void open(std::unique_ptr<CmpTransaction> transaction);
  void close(const std::string& key);
  // Remembers an ended ID (forgetting the oldest beyond the maximum).
  void remember_closed(const std::string& key, Instant now);
  std::size_t open_count() const { return open_.size(); }

  // Forgets ended IDs older than the replay window, then ends the transactions idle for
  // `idle_seconds` or more, calling `on_drop` on each first (and remembering its ID); returns how
  // many were ended.
  std::size_t expire(Instant now, std::int64_t idle_seconds,
                     const std::function<void(CmpTransaction&)>& on_drop);

 private:
  // An ID of 16 octets (OpenSSL's) as itself, any other by its SHA-256's first 16, without a
  // heap block.
  using ClosedKey = std::array<std::uint8_t, 16>;
  static ClosedKey closed_key(const std::string& hex_key);

  std::int64_t replay_window_seconds_;
  std::size_t max_remembered_;
  std::map<std::string, std::unique_ptr<CmpTransaction>> open_;
  std::map<ClosedKey, Instant> closed_;
};

}  // namespace ifa026::pki
