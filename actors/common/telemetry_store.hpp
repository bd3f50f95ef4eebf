// A collector's telemetry store (docs/security-monitoring.md "Telemetry and collectors"; Annex A
// R1.3.130, R1.3.140): every accepted report's payload as received (deflate stays compressed),
// sealed with AES-256-GCM under the collector's provisioned 32-byte key. The nonce is the record's
// index (4 zero bytes, then the index big-endian: unique per key while the store lives); the
// associated data binds the record to its collector, source, seq, encoding and raw digest, so a
// record moved or relabelled fails as surely as an altered one. Kept in the collector's final
// state for the checks; `tamper` alters one sealed record (the `tamper_store` command).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pki/bytes.hpp"

namespace ifa026::actors::telemetry {

struct StoredRecord {
  std::uint64_t index = 0;  // 1, 2, ...
  std::string source;       // the sending VNFCI or PNF
  std::uint64_t seq = 0;
  std::string encoding;    // of the stored payload (identity, deflate)
  std::string raw_digest;  // as the report stated it (verified before storing)
  std::size_t raw_size = 0;
  pki::Bytes nonce;
  pki::Bytes sealed;  // ciphertext || tag; the payload itself under the store_plaintext fault
};

// The store's readers (final state): the collector actor and the SM acting as a collector.
class TelemetryStoreSource {
 public:
  virtual ~TelemetryStoreSource() = default;
  virtual const class TelemetryStore* telemetry_store() const = 0;
};

class TelemetryStore {
 public:
  // `key`: the provisioned AES-256 key (32 bytes); `plaintext`: the store_plaintext fault (the
  // payload kept as it came).
  TelemetryStore(std::string owner, pki::Bytes key, bool plaintext);

  const StoredRecord& add(const std::string& source, std::uint64_t seq, const std::string& encoding,
                          const std::string& raw_digest, std::size_t raw_size,
                          pki::ByteView payload);
  // The payload of `record` when it authenticates under `key`; nullopt otherwise.
  std::optional<pki::Bytes> open(const StoredRecord& record, pki::ByteView key) const;
  // Flips one bit of the sealed bytes of record `index` (the newest when 0); false when there is
  // no such record.
  bool tamper(std::uint64_t index, std::uint64_t& tampered);
  // Indexes of the records that do not open under the store's key.
  std::vector<std::uint64_t> verify() const;

  const std::string& owner() const { return owner_; }
  const std::vector<StoredRecord>& records() const { return records_; }

 private:
  pki::Bytes aad(const StoredRecord& record) const;

  std::string owner_;
  pki::Bytes key_;
  bool plaintext_;
  std::vector<StoredRecord> records_;
};

// The `store_key` parameter's value: 64 hex digits; nullopt for anything else.
std::optional<pki::Bytes> parse_store_key(const std::string& hex);

}  // namespace ifa026::actors::telemetry
