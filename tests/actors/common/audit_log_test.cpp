// The audit log and its chain check: records linked and MAC'd as documented (recomputed here from
// the canonical bytes with pki's SHA-256 and HMAC), partitions each with their own chain and key,
// export windows, and every kind of alteration found at the right record.
#include "actors/common/audit_log.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/common/audit_verification.hpp"
#include "pki/hmac.hpp"

namespace ifa026::actors::audit_log_test {
namespace {

const AuditPartition kSm1A{"sm-1", "domain-a"};
const AuditPartition kSm1B{"sm-1", "domain-b"};
const AuditPartition kSm2A{"sm-2", "domain-a"};

pki::Bytes key_of(std::uint8_t fill) {
  return pki::Bytes(32, fill);
}

pki::ByteView view_of(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

sim::Time at_seconds(std::int64_t s) {
  return sim::Time::zero() + sim::Duration::seconds(s);
}

// A log of block "nfvo-1" with `n` records in kSm1A (key 0x11..), at 1 s, 2 s, ...
AuditLog log_with(std::size_t n) {
  AuditLog log("nfvo-1");
  log.provision_key(kSm1A, key_of(0x11));
  for (std::size_t i = 1; i <= n; ++i) {
    log.append(kSm1A, at_seconds(static_cast<std::int64_t>(i)), "grant",
               "operation " + std::to_string(i));
  }
  return log;
}

TEST(AuditLogTest, CanonicalBytesAreTheDocumentedJsonForm) {
  AuditRecord r;
  r.seq = 7;
  r.time_us = 1500;
  r.block = "vnfm-1";
  r.sm = "sm-1";
  r.domain = "domain-a";
  r.event = "grant";
  r.detail = "caf\xC3\xA9 \"quoted\"";
  r.prev_hash = std::string(64, 'a');
  r.mac = "not part of the canonical bytes";
  EXPECT_EQ(audit_canonical_bytes(r),
            R"({"block":"vnfm-1","detail":"caf\u00e9 \"quoted\"","domain":"domain-a",)"
            R"("event":"grant","prev_hash":")" +
                std::string(64, 'a') + R"(","seq":7,"sm":"sm-1","time_us":1500})");
  AuditRecord other_mac = r;
  other_mac.mac = "x";
  EXPECT_EQ(audit_canonical_bytes(other_mac), audit_canonical_bytes(r));
  AuditRecord bad_utf8 = r;
  bad_utf8.detail = "\xFF";
  EXPECT_THROW(audit_canonical_bytes(bad_utf8), std::invalid_argument);
}

TEST(AuditLogTest, AppendNumbersLinksAndMacsRecords) {
  AuditLog log("nfvo-1");
  const pki::Bytes key = key_of(0x11);
  log.provision_key(kSm1A, key);
  const AuditRecord& first = log.append(kSm1A, sim::Time::from_ns(1'500'999), "bind", "tls");
  const AuditRecord& second = log.append(kSm1A, at_seconds(2), "grant", "op-1 approved");
  EXPECT_EQ(first.seq, 1u);
  EXPECT_EQ(first.time_us, 1500);  // truncated to the microsecond
  EXPECT_EQ(first.block, "nfvo-1");
  EXPECT_EQ(first.sm, "sm-1");
  EXPECT_EQ(first.domain, "domain-a");
  EXPECT_EQ(first.event, "bind");
  EXPECT_EQ(first.detail, "tls");
  EXPECT_EQ(first.prev_hash, std::string(64, '0'));
  EXPECT_EQ(second.seq, 2u);
  EXPECT_EQ(second.time_us, 2'000'000);
  // Recomputed independently of audit_record_hash / audit_record_mac.
  EXPECT_EQ(second.prev_hash, pki::to_hex(pki::sha256(view_of(audit_canonical_bytes(first)))));
  EXPECT_EQ(first.mac, pki::to_hex(pki::hmac_sha256(key, view_of(audit_canonical_bytes(first)))));
  EXPECT_EQ(second.mac, pki::to_hex(pki::hmac_sha256(key, view_of(audit_canonical_bytes(second)))));
  // The first reference survives later appends (the records are in a deque).
  for (int i = 0; i < 100; ++i) log.append(kSm1A, at_seconds(3), "grant", "more");
  EXPECT_EQ(first.detail, "tls");
  EXPECT_EQ(log.size(), 102u);
  const AuditVerification v = verify_audit_chain(log.records(kSm1A), key);
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_TRUE(v.macs_checked);
  EXPECT_EQ(v.records, 102u);
  EXPECT_FALSE(v.first_broken_seq);
}

TEST(AuditLogTest, SameInputsGiveTheSameRecords) {
  EXPECT_EQ(log_with(5).records(kSm1A), log_with(5).records(kSm1A));
}

TEST(AuditLogTest, AppendToAPartitionWithoutKeyThrows) {
  AuditLog log("nfvo-1");
  log.provision_key(kSm1A, key_of(0x11));
  EXPECT_THROW(log.append(kSm1B, at_seconds(1), "grant", "x"), std::logic_error);
  EXPECT_THROW(log.append(AuditPartition{"sm-1", ""}, at_seconds(1), "grant", "x"),
               std::logic_error);
  EXPECT_EQ(log.size(), 0u);
  EXPECT_EQ(log.partitions(), std::vector<AuditPartition>{kSm1A});
}

TEST(AuditLogTest, AppendOfInvalidUtf8ThrowsAndStoresNothing) {
  AuditLog log = log_with(1);
  EXPECT_THROW(log.append(kSm1A, at_seconds(2), "grant", "\xC3"), std::invalid_argument);
  EXPECT_EQ(log.size(kSm1A), 1u);
  EXPECT_EQ(log.append(kSm1A, at_seconds(2), "grant", "ok").seq, 2u);
}

TEST(AuditLogTest, KeysAreFixedPerPartitionAndNamedByTheirId) {
  AuditLog log("nfvo-1");
  const pki::Bytes key = key_of(0x11);
  const AuditKey& provisioned = log.provision_key(kSm1A, key);
  EXPECT_EQ(provisioned.key_id, pki::to_hex(pki::sha256(key)).substr(0, 16));
  EXPECT_EQ(provisioned.key, key);
  EXPECT_EQ(provisioned.block, "nfvo-1");
  EXPECT_EQ(provisioned.partition, kSm1A);
  EXPECT_EQ(&log.provision_key(kSm1A, key), &provisioned);  // the same key again: no change
  EXPECT_THROW(log.provision_key(kSm1A, key_of(0x22)), std::logic_error);
  EXPECT_THROW(log.provision_key(kSm1B, {}), std::logic_error);
  EXPECT_EQ(log.key(kSm1B), nullptr);
  ASSERT_NE(log.key(kSm1A), nullptr);
  EXPECT_EQ(log.key(kSm1A)->key, key);
  // The key never appears in a record.
  const AuditRecord& r = log.append(kSm1A, at_seconds(1), "grant", "x");
  EXPECT_EQ(audit_canonical_bytes(r).find(pki::to_hex(key)), std::string::npos);
  EXPECT_EQ(r.mac.find(pki::to_hex(key)), std::string::npos);
}

TEST(AuditLogTest, PartitionsAreDisjointEachWithItsOwnChainAndKey) {
  AuditLog log("vnfm-1");
  log.provision_key(kSm2A, key_of(0x33));
  log.provision_key(kSm1B, key_of(0x22));
  log.provision_key(kSm1A, key_of(0x11));
  for (int i = 0; i < 4; ++i) {
    log.append(kSm1A, at_seconds(i), "grant", "a" + std::to_string(i));
    log.append(kSm1B, at_seconds(i), "grant", "b" + std::to_string(i));
    if (i % 2 == 0) log.append(kSm2A, at_seconds(i), "instruction", "c" + std::to_string(i));
  }
  EXPECT_EQ(log.partitions(), (std::vector<AuditPartition>{kSm1A, kSm1B, kSm2A}));
  EXPECT_EQ(log.size(), 10u);
  EXPECT_EQ(log.size(kSm1A), 4u);
  EXPECT_EQ(log.size(kSm1B), 4u);
  EXPECT_EQ(log.size(kSm2A), 2u);
  const std::vector<std::pair<AuditPartition, std::uint8_t>> keyed = {
      {kSm1A, 0x11}, {kSm1B, 0x22}, {kSm2A, 0x33}};
  for (const auto& [partition, fill] : keyed) {
    const std::vector<AuditRecord> records = log.records(partition);
    for (std::size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(records[i].seq, i + 1) << to_string(partition);
      EXPECT_EQ(records[i].sm, partition.sm);
      EXPECT_EQ(records[i].domain, partition.domain);
    }
    EXPECT_TRUE(verify_audit_chain(records, key_of(fill)).ok) << to_string(partition);
    // Another partition's key does not verify this one's records.
    for (const auto& [other, other_fill] : keyed) {
      if (other == partition) continue;
      const AuditVerification v = verify_audit_chain(records, key_of(other_fill));
      EXPECT_FALSE(v.ok);
      EXPECT_EQ(v.first_broken_seq, 1u);
    }
  }
  // Same key material for two partitions would still give different chains: the records
  // name their partition.
  EXPECT_NE(log.records(kSm1A).front().mac, log.records(kSm1B).front().mac);
  // Splicing another partition's record in is found.
  std::vector<AuditRecord> spliced = log.records(kSm1A);
  spliced[2] = log.records(kSm1B)[2];
  const AuditVerification v = verify_audit_chain(spliced, key_of(0x11));
  EXPECT_EQ(v.first_broken_seq, 3u);
  EXPECT_EQ(v.reason, R"(domain "domain-b" differs from the chain's "domain-a" (record 1))");
}

TEST(AuditLogTest, ExportOfAWindowStartsMidChainAndVerifies) {
  const AuditLog log = log_with(6);
  const std::vector<AuditRecord> window = log.export_range(kSm1A, at_seconds(2), at_seconds(4));
  ASSERT_EQ(window.size(), 3u);
  EXPECT_EQ(window.front().seq, 2u);  // both ends inclusive
  EXPECT_EQ(window.back().seq, 4u);
  const AuditVerification v = verify_audit_chain(window, key_of(0x11));
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.records, 3u);
  EXPECT_EQ(log.export_range(kSm1A, sim::Time::zero(), sim::Time::max()), log.records(kSm1A));
  EXPECT_TRUE(log.export_range(kSm1A, at_seconds(7), sim::Time::max()).empty());
  EXPECT_TRUE(log.export_range(kSm1B, sim::Time::zero(), sim::Time::max()).empty());

  // The first record of a window: its prev_hash has nothing to be compared with (documented),
  // but it is part of the record's hash and MAC, so altering it is found.
  std::vector<AuditRecord> altered = window;
  altered.front().prev_hash = std::string(64, 'f');
  const AuditVerification unkeyed = verify_audit_chain(altered, std::nullopt);
  EXPECT_EQ(unkeyed.first_broken_seq, 3u);
  EXPECT_EQ(unkeyed.reason, "prev_hash does not match record 2");
  const AuditVerification keyed = verify_audit_chain(altered, key_of(0x11));
  EXPECT_EQ(keyed.first_broken_seq, 2u);
  EXPECT_EQ(keyed.reason, "mac does not verify");
}

TEST(AuditLogTest, TamperHookAltersTheStoredRecordAndVerificationFindsIt) {
  AuditLog log = log_with(5);
  const std::string mac_before = log.records(kSm1A)[2].mac;
  EXPECT_TRUE(log.tamper(kSm1A, 3, "operation 3 (rewritten)"));
  EXPECT_FALSE(log.tamper(kSm1A, 6, "x"));
  EXPECT_FALSE(log.tamper(kSm1A, 0, "x"));
  EXPECT_FALSE(log.tamper(kSm1B, 1, "x"));
  const std::vector<AuditRecord> records = log.records(kSm1A);
  EXPECT_EQ(records[2].detail, "operation 3 (rewritten)");
  EXPECT_EQ(records[2].mac, mac_before);  // not fixed up

  const AuditVerification keyed = verify_audit_chain(records, key_of(0x11));
  EXPECT_FALSE(keyed.ok);
  EXPECT_EQ(keyed.first_broken_seq, 3u);
  EXPECT_EQ(keyed.reason, "mac does not verify");
  // Without the key the break shows at the next link.
  const AuditVerification unkeyed = verify_audit_chain(records, std::nullopt);
  EXPECT_FALSE(unkeyed.ok);
  EXPECT_FALSE(unkeyed.macs_checked);
  EXPECT_EQ(unkeyed.first_broken_seq, 4u);
  EXPECT_EQ(unkeyed.reason, "prev_hash does not match record 3");
}

struct FieldTamper {
  const char* name;
  std::function<void(AuditRecord&)> alter;
  std::uint64_t keyed_seq;  // the first broken record with the key
  const char* keyed_reason;
  std::uint64_t unkeyed_seq;  // and without
  const char* unkeyed_reason;
};

TEST(AuditLogTest, EachAlteredFieldOfRecordThreeIsFound) {
  const std::vector<FieldTamper> cases = {
      {"detail", [](AuditRecord& r) { r.detail += "!"; }, 3, "mac does not verify", 4,
       "prev_hash does not match record 3"},
      {"event", [](AuditRecord& r) { r.event = "reject"; }, 3, "mac does not verify", 4,
       "prev_hash does not match record 3"},
      {"time_us", [](AuditRecord& r) { r.time_us += 1; }, 3, "mac does not verify", 4,
       "prev_hash does not match record 3"},
      {"prev_hash", [](AuditRecord& r) { r.prev_hash[0] = r.prev_hash[0] == 'a' ? 'b' : 'a'; }, 3,
       "prev_hash does not match record 2", 3, "prev_hash does not match record 2"},
      {"mac", [](AuditRecord& r) { r.mac[63] = r.mac[63] == 'a' ? 'b' : 'a'; }, 3,
       "mac does not verify", 0, nullptr},  // without a key a MAC is not looked at
      {"seq", [](AuditRecord& r) { r.seq = 9; }, 9, "seq 9 follows 2", 9, "seq 9 follows 2"},
      {"sm", [](AuditRecord& r) { r.sm = "sm-2"; }, 3,
       R"(sm "sm-2" differs from the chain's "sm-1" (record 1))", 3,
       R"(sm "sm-2" differs from the chain's "sm-1" (record 1))"},
      {"block", [](AuditRecord& r) { r.block = "vnfm-1"; }, 3,
       R"(block "vnfm-1" differs from the chain's "nfvo-1" (record 1))", 3,
       R"(block "vnfm-1" differs from the chain's "nfvo-1" (record 1))"},
  };
  const std::vector<AuditRecord> intact = log_with(5).records(kSm1A);
  ASSERT_TRUE(verify_audit_chain(intact, key_of(0x11)).ok);
  for (const FieldTamper& c : cases) {
    std::vector<AuditRecord> records = intact;
    c.alter(records[2]);
    const AuditVerification keyed = verify_audit_chain(records, key_of(0x11));
    EXPECT_FALSE(keyed.ok) << c.name;
    EXPECT_EQ(keyed.first_broken_seq, c.keyed_seq) << c.name;
    EXPECT_EQ(keyed.reason, c.keyed_reason) << c.name;
    const AuditVerification unkeyed = verify_audit_chain(records, std::nullopt);
    if (c.unkeyed_reason == nullptr) {
      EXPECT_TRUE(unkeyed.ok) << c.name;
    } else {
      EXPECT_FALSE(unkeyed.ok) << c.name;
      EXPECT_EQ(unkeyed.first_broken_seq, c.unkeyed_seq) << c.name;
      EXPECT_EQ(unkeyed.reason, c.unkeyed_reason) << c.name;
    }
  }
}

TEST(AuditLogTest, AlteredFirstRecordIsFound) {
  std::vector<AuditRecord> records = log_with(3).records(kSm1A);
  records[0].prev_hash = std::string(63, '0') + "1";
  const AuditVerification v = verify_audit_chain(records, std::nullopt);
  EXPECT_EQ(v.first_broken_seq, 1u);
  EXPECT_EQ(v.reason, "prev_hash of the first record is not 64 zeros");
  records = log_with(3).records(kSm1A);
  records[0].seq = 0;
  EXPECT_EQ(verify_audit_chain(records, std::nullopt).first_broken_seq, 0u);
  // The last record without a key: nothing links to it (documented); with the key it is found.
  records = log_with(3).records(kSm1A);
  records[2].detail = "rewritten";
  EXPECT_TRUE(verify_audit_chain(records, std::nullopt).ok);
  EXPECT_EQ(verify_audit_chain(records, key_of(0x11)).first_broken_seq, 3u);
}

TEST(AuditLogTest, DeletedRecordIsFound) {
  std::vector<AuditRecord> records = log_with(5).records(kSm1A);
  records.erase(records.begin() + 2);  // seq 3
  for (const auto& key : {std::optional<pki::Bytes>(key_of(0x11)), std::optional<pki::Bytes>()}) {
    const AuditVerification v = verify_audit_chain(records, key);
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.first_broken_seq, 4u);
    EXPECT_EQ(v.reason, "seq 4 follows 2");
  }
  // Deleted and the later records renumbered: the link (and the MAC) break.
  for (std::size_t i = 2; i < records.size(); ++i) records[i].seq -= 1;
  const AuditVerification renumbered = verify_audit_chain(records, key_of(0x11));
  EXPECT_EQ(renumbered.first_broken_seq, 3u);
  EXPECT_EQ(renumbered.reason, "prev_hash does not match record 2");
}

TEST(AuditLogTest, ReorderedRecordsAreFound) {
  std::vector<AuditRecord> records = log_with(5).records(kSm1A);
  std::swap(records[2], records[3]);
  const AuditVerification v = verify_audit_chain(records, key_of(0x11));
  EXPECT_EQ(v.first_broken_seq, 4u);
  EXPECT_EQ(v.reason, "seq 4 follows 2");
  // Swapped with their seq numbers swapped back: the link breaks (without a key), the MAC
  // (with it).
  std::swap(records[2].seq, records[3].seq);
  const AuditVerification unkeyed = verify_audit_chain(records, std::nullopt);
  EXPECT_EQ(unkeyed.first_broken_seq, 3u);
  EXPECT_EQ(unkeyed.reason, "prev_hash does not match record 2");
}

TEST(AuditLogTest, DuplicatedRecordIsFound) {
  std::vector<AuditRecord> records = log_with(4).records(kSm1A);
  records.insert(records.begin() + 2, records[1]);
  const AuditVerification v = verify_audit_chain(records, key_of(0x11));
  EXPECT_EQ(v.first_broken_seq, 2u);
  EXPECT_EQ(v.reason, "seq 2 follows 2");
}

TEST(AuditLogTest, WrongKeyIsFoundAtTheFirstRecord) {
  const std::vector<AuditRecord> records = log_with(3).records(kSm1A);
  pki::Bytes wrong = key_of(0x11);
  wrong[31] ^= 0x01;
  const AuditVerification v = verify_audit_chain(records, wrong);
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(v.macs_checked);
  EXPECT_EQ(v.first_broken_seq, 1u);
  EXPECT_EQ(v.reason, "mac does not verify");
  EXPECT_EQ(verify_audit_chain(records, pki::Bytes(31, 0x11)).first_broken_seq, 1u);
}

TEST(AuditLogTest, EmptyChainIsIntact) {
  const AuditVerification v = verify_audit_chain({}, key_of(0x11));
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.records, 0u);
}

}  // namespace
}  // namespace ifa026::actors::audit_log_test
