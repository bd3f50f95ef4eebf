// The transactions of a CMP server: the open ones by transactionID (hex); the IDs of ended ones,
// remembered for a replay window so that a captured request cannot be replayed
// (transactionIdInUse), at most a given number of them, each with a digest of the transaction's
// last request (a refusal can then say the request is a replay of it); and, for a shorter
// retransmission window, the answer to that last request, sent again to a byte-identical
// retransmission (its answer was lost: docs/cmp-reliability.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "pki/bytes.hpp"
#include "pki/certificate.hpp"

namespace ifa026::pki {

struct CmpTransaction;  // pki/cmp_transaction.hpp

class CmpTransactionStore {
 public:
  struct Limits {
    std::int64_t replay_window_seconds = 86400;
    std::size_t max_remembered = 100000;
    std::int64_t retransmission_window_seconds = 300;
    std::size_t max_recent_answers = 10000;
  };
  // What is remembered of an ended transaction.
  struct Ended {
    Instant ended;
    bool identical = false;         // the request asked about is byte-identical to its last one
    const Bytes* answer = nullptr;  // the answer to that request, within the retransmission window
  };

  explicit CmpTransactionStore(Limits limits);
  ~CmpTransactionStore();
  CmpTransactionStore(const CmpTransactionStore&) = delete;
  CmpTransactionStore& operator=(const CmpTransactionStore&) = delete;

  // The open transaction of this hex transactionID, or nullptr.
  CmpTransaction* find(const std::string& key) const;
  // The ended transaction of this ID (within the replay window), told whether `request_hash`
  // (SHA-256 of a request) is its last request and, if so and still within the retransmission
  // window at `now`, the answer to it.
  std::optional<Ended> ended(const std::string& key, const Bytes& request_hash, Instant now) const;
  // Keeps `transaction` open under its key (CmpTransaction::key).
  void open(std::unique_ptr<CmpTransaction> transaction);
  void close(const std::string& key);
  // Remembers an ended ID with its last request's digest and the answer sent to it (forgetting
  // the oldest beyond the maxima).
  void remember_closed(const std::string& key, Instant now, const Bytes& request_hash,
                       Bytes answer);
  std::size_t open_count() const { return open_.size(); }
  std::size_t recent_answer_count() const { return recent_.size(); }

  // Forgets ended IDs older than the replay window and answers older than the retransmission
  // window, then ends the transactions idle for `idle_seconds` or more, calling `on_drop` on each
  // first (and remembering its ID); returns how many were ended.
  std::size_t expire(Instant now, std::int64_t idle_seconds,
                     const std::function<void(CmpTransaction&)>& on_drop);

 private:
  // An ID of 16 octets (OpenSSL's) as itself, any other by its SHA-256's first 16, without a
  // heap block; a request digest by its first 16 octets.
  using ClosedKey = std::array<std::uint8_t, 16>;
  static ClosedKey closed_key(const std::string& hex_key);
  static ClosedKey digest_key(const Bytes& hash);
  struct Closed {
    Instant ended;
    ClosedKey last_request{};
  };
  struct Recent {
    Instant ended;
    Bytes answer;
  };

  Limits limits_;
  std::map<std::string, std::unique_ptr<CmpTransaction>> open_;
  std::map<ClosedKey, Closed> closed_;
  std::map<ClosedKey, Recent> recent_;
  std::deque<std::pair<ClosedKey, Instant>> recent_order_;  // oldest first
};

}  // namespace ifa026::pki
