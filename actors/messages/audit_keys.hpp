// The audit key messages (issue 16; docs/security-monitoring.md "The audit trail"; Annex A
// R1.3.270): an audit collector (actor type auditor) delivers to each keeper of an audit log
// (NFVO, VNFM, VIM, SM) the key its partitions' keys are derived from, over mutual TLS, and the
// keeper acknowledges it.
#pragma once

#include <string>
#include <string_view>

#include "actors/messages/codec.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
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

}  // namespace ifa026::actors::messages
