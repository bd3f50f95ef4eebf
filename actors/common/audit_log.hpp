// One MANO block's audit log, partitioned by (Security Manager, trust domain): append-only
// records, each linked to its predecessor by the SHA-256 of the predecessor's canonical bytes
// and MAC'd (HMAC-SHA256) under the key the caller provisioned for the partition. The
// verification of an exported chain is in audit_verification.hpp, the file formats in
// audit_file.hpp; docs/audit-log.md describes all three.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "pki/bytes.hpp"
#include "sim/time.hpp"

namespace ifa026::actors {

// The unit of separation (clause 5.1.3 k): one SM's records about one trust domain.
struct AuditPartition {
  std::string sm;
  std::string domain;
  auto operator<=>(const AuditPartition&) const = default;
};

// "sm/domain", for messages.
std::string to_string(const AuditPartition& partition);

// A partition's key as its MANO block holds it. `key_id` (first 16 hex digits of the key's
// SHA-256) names the key in files and records; the key itself appears only in a keys file.
struct AuditKey {
  std::string block;
  AuditPartition partition;
  std::string key_id;
  pki::Bytes key;
};

// "0123456789abcdef": the first 16 lowercase hex digits of SHA-256(key).
std::string audit_key_id(pki::ByteView key);

struct AuditRecord {
  std::uint64_t seq = 0;     // 1, 2, ... within its partition
  std::int64_t time_us = 0;  // simulated time, microseconds since the scenario epoch
  std::string block;         // the MANO block keeping the log
  std::string sm;
  std::string domain;
  std::string event;      // what happened ("grant", "instruction", "bind", ...)
  std::string detail;     // free text or a compact JSON text, as the caller chose
  std::string prev_hash;  // lowercase hex SHA-256 of the previous record's canonical bytes
  std::string mac;        // lowercase hex HMAC-SHA256 of this record's canonical bytes
  bool operator==(const AuditRecord&) const = default;
};

// 64 zeros: the prev_hash of a partition's first record.
extern const std::string kAuditGenesisHash;

// A simulated instant in the records' unit: microseconds since the epoch, truncated.
std::int64_t audit_time_us(sim::Time time);

// The canonical bytes of a record: every field except `mac`, as the JSON object
//   {"block":..,"detail":..,"domain":..,"event":..,"prev_hash":..,"seq":N,"sm":..,"time_us":N}
// with keys in byte order, no whitespace, integers in decimal, strings with every non-ASCII
// character written as a \uXXXX escape (so the bytes are ASCII and do not depend on how a file
// spelled them). Throws std::invalid_argument if a string is not valid UTF-8.
std::string audit_canonical_bytes(const AuditRecord& record);
// Lowercase hex SHA-256 of the canonical bytes: what the next record's prev_hash holds.
std::string audit_record_hash(const AuditRecord& record);
// Lowercase hex HMAC-SHA256 of the canonical bytes under `key`: what `mac` holds.
std::string audit_record_mac(const AuditRecord& record, pki::ByteView key);

class AuditLog {
 public:
  explicit AuditLog(std::string block);

  const std::string& block() const { return block_; }

  // Provisions the partition's key (the caller draws it, e.g. from the block's seeded random
  // stream, so that runs are reproducible). A partition's key is fixed once provisioned:
  // provisioning the same key again returns the same AuditKey; a different key throws
  // std::logic_error (key rotation is not modelled), as does an empty key.
  const AuditKey& provision_key(const AuditPartition& partition, pki::Bytes key);
  // The partition's key, or nullptr before provisioning.
  const AuditKey* key(const AuditPartition& partition) const;
  // Every provisioned key, in partition order.
  std::vector<AuditKey> keys() const;

  // Appends a record with the next seq, linked to the partition's last record and MAC'd under
  // its key. Throws std::logic_error when the partition has no key (provision it first) and
  // std::invalid_argument when a string is not valid UTF-8. The reference stays valid for the
  // log's lifetime.
  const AuditRecord& append(const AuditPartition& partition, sim::Time time, std::string event,
                            std::string detail);

  // The partition's whole chain (empty for an unknown partition).
  std::vector<AuditRecord> records(const AuditPartition& partition) const;
  // The partition's records with from <= time <= to (both inclusive, compared at microsecond
  // precision), in seq order. A window that starts after the first record starts mid-chain.
  std::vector<AuditRecord> export_range(const AuditPartition& partition, sim::Time from,
                                        sim::Time to) const;
  // Partitions with a key, in order (sm, then domain).
  std::vector<AuditPartition> partitions() const;
  // Records in every partition, and in one.
  std::size_t size() const;
  std::size_t size(const AuditPartition& partition) const;

  // Fault hook (fault switches, the tampered-audit scenario, tests): replaces the stored
  // record's detail in place without recomputing its MAC or its successor's prev_hash, as an
  // attacker with write access to the store would. False when there is no such record.
  bool tamper(const AuditPartition& partition, std::uint64_t seq, std::string new_detail);

 private:
  struct Partition {
    AuditKey key;
    std::deque<AuditRecord> records;  // a deque: append keeps references to earlier records
  };
  std::string block_;
  std::map<AuditPartition, Partition> partitions_;
  std::size_t size_ = 0;
};

}  // namespace ifa026::actors
