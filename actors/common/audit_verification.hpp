// Verification of an audit chain (actors/common/audit_log.hpp) as exported: sequence numbers,
// hash links and, given the partition's key, every record's MAC. It names the first broken
// record and why. Values taken from the records are quoted as JSON strings (control characters
// escaped) in the reasons, so a reason is safe to print.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/audit_log.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors {

struct AuditVerification {
  bool ok = false;
  // The first record found broken (nullopt when ok), and what is wrong with it.
  std::optional<std::uint64_t> first_broken_seq;
  std::string reason;
  std::size_t records = 0;    // records given
  bool macs_checked = false;  // a key was given (every MAC up to the first break verified)
};

// Checks `records` in order, and for each record, in this order:
//   - seq: the first record's seq is at least 1; each next one is its predecessor's plus one
//     ("seq 5 follows 3": a deleted, inserted or reordered record);
//   - block, sm and domain equal the first record's (one partition per chain);
//   - prev_hash: 64 zeros when seq is 1; else the hash of the preceding record in `records`
//     ("prev_hash does not match record 4"). A chain that starts mid-partition (an export of a
//     time window) cannot have its first record's prev_hash checked: nothing precedes it;
//   - mac, when `key` is given: the HMAC-SHA256 of its canonical bytes ("mac does not verify").
// Without a key, an altered record N is found at record N+1 (its prev_hash no longer matches)
// and an altered last record is not found at all: only the key makes every record checkable.
// An empty chain is ok.
AuditVerification verify_audit_chain(const std::vector<AuditRecord>& records,
                                     const std::optional<pki::Bytes>& key);

// The same, holding the first record (and so every record) to `block` and `partition` as well:
// for a chain whose owner is known, e.g. from an audit file's header.
AuditVerification verify_audit_chain(const std::vector<AuditRecord>& records,
                                     const std::string& block, const AuditPartition& partition,
                                     const std::optional<pki::Bytes>& key);

}  // namespace ifa026::actors
