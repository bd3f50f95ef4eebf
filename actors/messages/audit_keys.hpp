// The audit key messages (issue 16; docs/security-monitoring.md "The audit trail"; Annex A
// R1.3.270, R1.3.280): an audit collector (actor type auditor) delivers to each keeper of an audit
// log (NFVO, VNFM, VIM, SM) the key its partitions' keys are derived from, over mutual TLS, and
// the keeper acknowledges it; the keeper then transfers its new records to the auditor on that
// session, MAC'd under a key derived from the session's TLS exporter.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "actors/messages/codec.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/sc_mano.hpp"
#include "pki/bytes.hpp"

namespace ifa026::actors::messages {

// The keeper's audit key: 32 random bytes from the auditor's seeded stream. `key_id` is its
// audit_key_id (first 16 hex digits of its SHA-256), which the trace shows instead of the key.
struct AuditKeyDelivery {
  static constexpr std::string_view kOperation = operations::kAuditKeyDelivery;
  std::string keeper = {};
  std::string key_id = {};
  pki::Bytes key = {};
  bool operator==(const AuditKeyDelivery&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("keeper", self.keeper);
    f("key_id", self.key_id);
    f("key", self.key);
  }
};

// The keeper's answer: outcome received (the key is in use) or refused (reason).
struct AuditKeyDeliveryAck {
  static constexpr std::string_view kOperation = operations::kAuditKeyDeliveryAck;
  std::string keeper = {};
  std::string key_id = {};
  std::string outcome = {};
  std::string reason = {};
  bool operator==(const AuditKeyDeliveryAck&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("keeper", self.keeper);
    f("key_id", self.key_id);
    f("outcome", self.outcome);
    f("reason", self.reason);
  }
};

// New records of one partition of the keeper's log (R1.3.280; message #27), in the export's
// record form, sent on the mutual-TLS session the keeper's key came on. `exporter` is the hex
// SHA-256 of that session's TLS exporter value (label EXPORTER-ifa026-audit-transfer, context
// "<keeper>|<auditor>", 32 bytes); `mac` the hex HMAC-SHA256 of the transfer's bytes
// (audit_transfer_bytes, audit_keeping.hpp) under HMAC-SHA256(exporter value, "ifa026 audit
// transfer key").
struct AuditLogTransfer {
  static constexpr std::string_view kOperation = operations::kAuditLogTransfer;
  std::string keeper = {};
  std::string sm = {};
  std::string domain = {};
  std::vector<SmAuditRecord> records = {};
  std::string exporter = {};
  std::string mac = {};
  bool operator==(const AuditLogTransfer&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("keeper", self.keeper);
    f("sm", self.sm);
    f("domain", self.domain);
    f("records", self.records);
    f("exporter", self.exporter);
    f("mac", self.mac);
  }
};

// The auditor's answer: outcome received (stored) or refused (reason).
struct AuditLogTransferAck {
  static constexpr std::string_view kOperation = operations::kAuditLogTransferAck;
  std::string sm = {};
  std::string domain = {};
  long long seq = 0;  // the transfer's first record
  std::string outcome = {};
  std::string reason = {};
  bool operator==(const AuditLogTransferAck&) const = default;
  template <class Self, class Fields>
  static void fields(Self& self, Fields& f) {
    f("sm", self.sm);
    f("domain", self.domain);
    f("seq", self.seq);
    f("outcome", self.outcome);
    f("reason", self.reason);
  }
};

}  // namespace ifa026::actors::messages
