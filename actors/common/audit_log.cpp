// The audit log's records, canonical bytes, hash links and MACs, and its partitions.
#include "actors/common/audit_log.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "pki/hmac.hpp"

namespace ifa026::actors {

namespace {

pki::ByteView view_of(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

const std::string kAuditGenesisHash(64, '0');

std::string to_string(const AuditPartition& partition) {
  return partition.sm + "/" + partition.domain;
}

std::string audit_key_id(pki::ByteView key) {
  return pki::to_hex(pki::sha256(key)).substr(0, 16);
}

std::int64_t audit_time_us(sim::Time time) {
  return time.ns() / 1'000;
}

std::string audit_canonical_bytes(const AuditRecord& record) {
  // nlohmann's object keeps its keys in a std::map: dump() writes them in byte order.
  nlohmann::json object = {
      {"block", record.block}, {"detail", record.detail},       {"domain", record.domain},
      {"event", record.event}, {"prev_hash", record.prev_hash}, {"seq", record.seq},
      {"sm", record.sm},       {"time_us", record.time_us},
  };
  try {
    return object.dump(-1, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::type_error& e) {
    throw std::invalid_argument(std::string("audit record: a field is not valid UTF-8: ") +
                                e.what());
  }
}

std::string audit_record_hash(const AuditRecord& record) {
  return pki::to_hex(pki::sha256(view_of(audit_canonical_bytes(record))));
}

std::string audit_record_mac(const AuditRecord& record, pki::ByteView key) {
  return pki::to_hex(pki::hmac_sha256(key, view_of(audit_canonical_bytes(record))));
}

AuditLog::AuditLog(std::string block) : block_(std::move(block)) {}

const AuditKey& AuditLog::provision_key(const AuditPartition& partition, pki::Bytes key) {
  if (key.empty()) {
    throw std::logic_error("audit log of " + block_ + ": empty key for " + to_string(partition));
  }
  auto it = partitions_.find(partition);
  if (it != partitions_.end()) {
    if (it->second.key.key != key) {
      throw std::logic_error("audit log of " + block_ + ": " + to_string(partition) +
                             " already has key " + it->second.key.key_id +
                             " (keys are not rotated)");
    }
    return it->second.key;
  }
  AuditKey entry{block_, partition, audit_key_id(key), std::move(key)};
  return partitions_.emplace(partition, Partition{std::move(entry), {}}).first->second.key;
}

const AuditKey* AuditLog::key(const AuditPartition& partition) const {
  auto it = partitions_.find(partition);
  return it == partitions_.end() ? nullptr : &it->second.key;
}

std::vector<AuditKey> AuditLog::keys() const {
  std::vector<AuditKey> out;
  out.reserve(partitions_.size());
  for (const auto& [partition, entry] : partitions_) out.push_back(entry.key);
  return out;
}

const AuditRecord& AuditLog::append(const AuditPartition& partition, sim::Time time,
                                    std::string event, std::string detail) {
  auto it = partitions_.find(partition);
  if (it == partitions_.end()) {
    throw std::logic_error("audit log of " + block_ + ": no key provisioned for " +
                           to_string(partition) + " (provision_key first)");
  }
  Partition& entry = it->second;
  AuditRecord record;
  record.seq = entry.records.empty() ? 1 : entry.records.back().seq + 1;
  record.time_us = audit_time_us(time);
  record.block = block_;
  record.sm = partition.sm;
  record.domain = partition.domain;
  record.event = std::move(event);
  record.detail = std::move(detail);
  record.prev_hash =
      entry.records.empty() ? kAuditGenesisHash : audit_record_hash(entry.records.back());
  record.mac = audit_record_mac(record, entry.key.key);  // throws before anything is stored
  entry.records.push_back(std::move(record));
  ++size_;
  return entry.records.back();
}

std::vector<AuditRecord> AuditLog::records(const AuditPartition& partition) const {
  auto it = partitions_.find(partition);
  if (it == partitions_.end()) return {};
  return {it->second.records.begin(), it->second.records.end()};
}

std::vector<AuditRecord> AuditLog::export_range(const AuditPartition& partition, sim::Time from,
                                                sim::Time to) const {
  std::vector<AuditRecord> out;
  auto it = partitions_.find(partition);
  if (it == partitions_.end()) return out;
  const std::int64_t first = audit_time_us(from);
  const std::int64_t last = audit_time_us(to);
  for (const AuditRecord& record : it->second.records) {
    if (record.time_us >= first && record.time_us <= last) out.push_back(record);
  }
  return out;
}

std::vector<AuditPartition> AuditLog::partitions() const {
  std::vector<AuditPartition> out;
  out.reserve(partitions_.size());
  for (const auto& [partition, entry] : partitions_) out.push_back(partition);
  return out;
}

std::size_t AuditLog::size() const {
  return size_;
}

std::size_t AuditLog::size(const AuditPartition& partition) const {
  auto it = partitions_.find(partition);
  return it == partitions_.end() ? 0 : it->second.records.size();
}

bool AuditLog::tamper(const AuditPartition& partition, std::uint64_t seq, std::string new_detail) {
  auto it = partitions_.find(partition);
  // Records are stored in seq order from 1.
  if (it == partitions_.end() || seq == 0 || seq > it->second.records.size()) return false;
  it->second.records[seq - 1].detail = std::move(new_detail);
  return true;
}

}  // namespace ifa026::actors
