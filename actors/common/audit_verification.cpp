// The audit chain check: seq continuity, one partition, prev_hash links, MACs.
#include "actors/common/audit_verification.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "pki/hmac.hpp"

namespace ifa026::actors {

namespace {

AuditVerification broken(AuditVerification result, std::uint64_t seq, std::string reason) {
  result.ok = false;
  result.first_broken_seq = seq;
  result.reason = std::move(reason);
  return result;
}

// `text` as a JSON string: quoted, control characters escaped, invalid UTF-8 replaced.
std::string quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Empty when `record` belongs to the same block and partition as `first`, else what differs.
std::string partition_difference(const AuditRecord& record, const AuditRecord& first) {
  auto differs = [&](const char* field, const std::string& mine, const std::string& theirs) {
    return std::string(field) + " " + quoted(mine) + " differs from the chain's " + quoted(theirs) +
           " (record " + std::to_string(first.seq) + ")";
  };
  if (record.block != first.block) return differs("block", record.block, first.block);
  if (record.sm != first.sm) return differs("sm", record.sm, first.sm);
  if (record.domain != first.domain) return differs("domain", record.domain, first.domain);
  return {};
}

bool mac_verifies(const AuditRecord& record, const pki::Bytes& key) {
  const std::optional<pki::Bytes> stored = pki::from_hex(record.mac);
  if (!stored) return false;
  const std::optional<pki::Bytes> expected = pki::from_hex(audit_record_mac(record, key));
  return pki::equal_constant_time(*stored, *expected);
}

}  // namespace

AuditVerification verify_audit_chain(const std::vector<AuditRecord>& records,
                                     const std::string& block, const AuditPartition& partition,
                                     const std::optional<pki::Bytes>& key) {
  if (!records.empty()) {
    const AuditRecord& first = records.front();
    auto differs = [&](const char* field, const std::string& value, const std::string& expected) {
      AuditVerification result;
      result.records = records.size();
      result.macs_checked = key.has_value();
      return broken(result, first.seq,
                    std::string(field) + " " + quoted(value) + ", expected " + quoted(expected));
    };
    if (first.block != block) return differs("block", first.block, block);
    if (first.sm != partition.sm) return differs("sm", first.sm, partition.sm);
    if (first.domain != partition.domain) return differs("domain", first.domain, partition.domain);
  }
  return verify_audit_chain(records, key);
}

AuditVerification verify_audit_chain(const std::vector<AuditRecord>& records,
                                     const std::optional<pki::Bytes>& key) {
  AuditVerification result;
  result.records = records.size();
  result.macs_checked = key.has_value();
  for (std::size_t i = 0; i < records.size(); ++i) {
    const AuditRecord& record = records[i];
    try {
      if (i == 0) {
        if (record.seq == 0) return broken(result, 0, "seq 0: sequence numbers start at 1");
        if (record.seq == 1 && record.prev_hash != kAuditGenesisHash) {
          return broken(result, 1, "prev_hash of the first record is not 64 zeros");
        }
      } else {
        const AuditRecord& previous = records[i - 1];
        if (record.seq != previous.seq + 1) {
          return broken(
              result, record.seq,
              "seq " + std::to_string(record.seq) + " follows " + std::to_string(previous.seq));
        }
        if (std::string difference = partition_difference(record, records.front());
            !difference.empty()) {
          return broken(result, record.seq, std::move(difference));
        }
        if (record.prev_hash != audit_record_hash(previous)) {
          return broken(result, record.seq,
                        "prev_hash does not match record " + std::to_string(previous.seq));
        }
      }
      if (key && !mac_verifies(record, *key)) {
        return broken(result, record.seq, "mac does not verify");
      }
    } catch (const std::invalid_argument&) {
      // Only records built in memory can get here: a parsed file's strings are valid UTF-8.
      return broken(result, record.seq, "a field is not valid UTF-8");
    }
  }
  result.ok = true;
  return result;
}

}  // namespace ifa026::actors
