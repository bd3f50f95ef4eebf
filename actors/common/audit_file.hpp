// The audit log's two file formats (docs/audit-log.md): an export of one partition
// ("ifa026-audit/1") and a keys file ("ifa026-audit-keys/1"), their writers, and parsers that
// report every problem located (FILE:LINE:COLUMN and JSON pointer, e.g. /records/3/mac).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/common/audit_log.hpp"
#include "actors/common/audit_verification.hpp"
#include "sim/diagnostic.hpp"

namespace ifa026::actors {

inline constexpr std::string_view kAuditFileFormat = "ifa026-audit/1";
inline constexpr std::string_view kAuditKeysFileFormat = "ifa026-audit-keys/1";

// One partition's records as exported:
//   {"format": "ifa026-audit/1", "block": B, "partition": {"sm": S, "domain": D},
//    "key_id": K, "records": [{seq, time_us, block, sm, domain, event, detail, prev_hash, mac}]}
struct AuditFile {
  std::string block;
  AuditPartition partition;
  std::string key_id;
  std::vector<AuditRecord> records;
};

// The partition's records with from <= time <= to (AuditLog::export_range) and its key id.
// Throws std::logic_error when the partition has no key.
AuditFile export_audit_file(const AuditLog& log, const AuditPartition& partition,
                            sim::Time from = sim::Time::zero(), sim::Time to = sim::Time::max());

nlohmann::json to_audit_file(const AuditFile& file);

using AuditFileParse = std::variant<AuditFile, std::vector<sim::Diagnostic>>;
// Parses an audit file; `file` names it in diagnostics. Checks the structure (every field
// present with its type, hashes and MACs 64 lowercase hex digits, key_id 16, seq >= 1, no
// unknown keys), not the chain: that is verify_audit_file's job.
AuditFileParse parse_audit_file(std::string file, std::string text);
// Reads and parses a file; an unreadable file is a diagnostic too.
AuditFileParse load_audit_file(const std::string& path);

// verify_audit_chain on the file's records, held to the file's block and partition. When the
// key's id is not the file's key_id, a MAC failure's reason says so.
AuditVerification verify_audit_file(const AuditFile& file, const std::optional<pki::Bytes>& key);

// A keys file: {"format": "ifa026-audit-keys/1",
//               "keys": [{"block", "sm", "domain", "key_id", "key_hex"}]}
// It holds the secrets themselves: whoever may verify MACs may also forge them.
struct AuditKeysFile {
  std::vector<AuditKey> keys;
  // The key of `block`'s `partition`, or nullptr.
  const AuditKey* find(const std::string& block, const AuditPartition& partition) const;
};

nlohmann::json to_audit_keys_file(const std::vector<AuditKey>& keys);

using AuditKeysFileParse = std::variant<AuditKeysFile, std::vector<sim::Diagnostic>>;
// Parses a keys file: structure as for audit files, key_hex an even number (at least 2) of
// lowercase hex digits, key_id the key's own id, at most one key per (block, sm, domain).
AuditKeysFileParse parse_audit_keys_file(std::string file, std::string text);
AuditKeysFileParse load_audit_keys_file(const std::string& path);

}  // namespace ifa026::actors
