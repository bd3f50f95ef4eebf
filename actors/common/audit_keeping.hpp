// The keeper's side of audit keys delivered by an audit collector (R1.3.270; docs/audit-log.md
// "Keys delivered by an auditor"): a MANO block's SM gateway or an SM that names an auditor
// (parameter `audit_key_source`) accepts one AuditKeyDelivery from it over mutual TLS, derives
// each partition's key from it (HMAC-SHA256 of the partition's name under the delivered key), and
// holds back its appends until the key has come; without an auditor it draws each partition's key
// from its seeded random stream as before (traces unchanged). Once keyed, it transfers its new
// records to the auditor (AuditLogTransfer, R1.3.280) on the session the key came on, MAC'd under
// a key derived from that session's TLS exporter, so each (keeper, auditor) pair has its own.
#pragma once

#include <deque>
#include <map>
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
  // How long new records wait before they are transferred together (audit_transfer_delay).
  sim::Duration transfer_delay = sim::Duration::seconds(1);
  bool tamper_transfer = false;      // fault tamper_transfer: a record altered after the MAC
  bool shared_transfer_key = false;  // fault shared_transfer_key: one fixed key for every pair
};

// `audit_key_source` and `audit_faults` (local_key), for the kinds that keep an audit log.
std::vector<sim::ParamRule> audit_key_param_rules();
AuditKeySettings audit_key_settings(const nlohmann::json& params);

// A partition's key from the keeper's delivered key: HMAC-SHA256(delivered, "ifa026 audit
// partition|" + sm + "|" + domain).
pki::Bytes derive_audit_partition_key(pki::ByteView delivered, const AuditPartition& partition);

// The records in a message's form and back.
messages::SmAuditRecord to_message_record(const AuditRecord& record);
AuditRecord from_message_record(const messages::SmAuditRecord& record);
// The bytes a transfer's MAC covers: keeper, sm, domain, exporter and every record's canonical
// bytes and MAC, one per line.
std::string audit_transfer_bytes(const messages::AuditLogTransfer& transfer);

// The per-pair transfer key of the session `on` came in on: the TLS exporter value (label
// EXPORTER-ifa026-audit-transfer, context "<keeper>|<auditor>", 32 bytes), its fingerprint (hex
// SHA-256, what the trace shows) and the MAC key HMAC-SHA256(value, "ifa026 audit transfer key").
// nullopt when that session is gone.
struct AuditTransferKey {
  pki::Bytes mac_key;
  std::string fingerprint;
};
std::optional<AuditTransferKey> audit_transfer_key(const SecureChannels& channels,
                                                   const ChannelMessage& on,
                                                   const std::string& keeper,
                                                   const std::string& auditor);
// Fault shared_transfer_key: the same key for every pair.
AuditTransferKey shared_audit_transfer_key();
// Hex HMAC-SHA256 of audit_transfer_bytes(transfer) under `mac_key`.
std::string audit_transfer_mac(const messages::AuditLogTransfer& transfer, pki::ByteView mac_key);

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
  // New records since the last transfer, one AuditLogTransfer per partition (R1.3.280).
  void schedule_transfer();
  void transfer();
  void on_transfer_ack(const ChannelMessage& from, const messages::AuditLogTransferAck& ack);

  ManoEntityHost& host_;
  AuditLog& log_;
  const AuditKeySettings settings_;
  std::optional<pki::Bytes> delivered_;
  std::string delivered_id_;
  std::deque<Waiting> waiting_;
  std::optional<ChannelMessage> delivery_message_;       // the session the key came on
  std::map<AuditPartition, std::uint64_t> transferred_;  // the last seq sent, per partition
  bool transfer_scheduled_ = false;
};

}  // namespace ifa026::actors
