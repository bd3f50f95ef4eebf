// The keeper's side of audit keys delivered by an audit collector (R1.3.270; docs/audit-log.md
// "Keys delivered by an auditor"): a MANO block's SM gateway or an SM that names an auditor
// (parameter `audit_key_source`) accepts one AuditKeyDelivery from it over mutual TLS, derives
// each partition's key from it (HMAC-SHA256 of the partition's name under the delivered key), and
// holds back its appends until the key has come; without an auditor it draws each partition's key
// from its seeded random stream as before (traces unchanged).
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "actors/common/audit_log.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/messages/audit_keys.hpp"
#include "actors/toolkit/message_handlers.hpp"
#include "sim/param_rules.hpp"

namespace ifa026::actors {

struct AuditKeySettings {
  std::string source;      // the auditor actor; "" = draw keys locally
  bool local_key = false;  // fault local_key: draw locally even with an auditor
};

// `audit_key_source` and `audit_faults` (local_key), for the kinds that keep an audit log.
std::vector<sim::ParamRule> audit_key_param_rules();
AuditKeySettings audit_key_settings(const nlohmann::json& params);

// A partition's key from the keeper's delivered key: HMAC-SHA256(delivered, "ifa026 audit
// partition|" + sm + "|" + domain).
pki::Bytes derive_audit_partition_key(pki::ByteView delivered, const AuditPartition& partition);

class AuditKeeping {
 public:
  AuditKeeping(ManoEntityHost& host, AuditLog& log, AuditKeySettings settings);

  // Registers the AuditKeyDelivery handler (only when an auditor is configured).
  void serve(MessageHandlers<ChannelMessage>& handlers);
  // Appends to the log, provisioning the partition's key first (AuditKeyProvisioned); while a
  // delivered key is awaited the append waits, with its time, and is made when the key arrives.
  void append(const AuditPartition& partition, const std::string& event, const std::string& detail);
  // Appends still waiting for the auditor's key.
  std::size_t waiting() const { return waiting_.size(); }

 private:
  struct Waiting {
    AuditPartition partition;
    sim::Time time;
    std::string event;
    std::string detail;
  };
  void on_delivery(const ChannelMessage& from, const messages::AuditKeyDelivery& delivery);
  void append_now(const Waiting& w);

  ManoEntityHost& host_;
  AuditLog& log_;
  const AuditKeySettings settings_;
  std::optional<pki::Bytes> delivered_;
  std::string delivered_id_;
  std::deque<Waiting> waiting_;
};

}  // namespace ifa026::actors
