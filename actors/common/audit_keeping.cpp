// The keeper's side of delivered audit keys (see audit_keeping.hpp).
#include "actors/common/audit_keeping.hpp"

#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/common/audit_key_draw.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "pki/hmac.hpp"
#include "sim/time.hpp"

namespace ifa026::actors {

namespace dk = detail_keys;
namespace m = messages;

std::vector<sim::ParamRule> audit_key_param_rules() {
  return {{"audit_key_source", sim::ParamType::string,
           "the audit collector (actor type auditor) that delivers this keeper's audit key over "
           "mutual TLS; without it the keeper draws its partitions' keys itself"},
          {"audit_faults", sim::ParamType::string_list,
           "fault switches of the audit keys: local_key (draw keys locally even with an auditor), "
           "tamper_transfer (a transferred record altered after its MAC), shared_transfer_key "
           "(one fixed transfer key for every keeper instead of the session's exporter)"},
          {"audit_transfer_delay", sim::ParamType::duration,
           "how long new audit records wait before they are transferred to the auditor together",
           false, "1s"}};
}

AuditKeySettings audit_key_settings(const nlohmann::json& params) {
  AuditKeySettings s;
  s.source = string_param(params, "audit_key_source", "");
  for (const auto& fault : string_list_param(params, "audit_faults")) {
    if (fault == "local_key") s.local_key = true;
    if (fault == "tamper_transfer") s.tamper_transfer = true;
    if (fault == "shared_transfer_key") s.shared_transfer_key = true;
  }
  s.transfer_delay = duration_param(params, "audit_transfer_delay", sim::Duration::seconds(1));
  return s;
}

namespace {

pki::ByteView bytes_of(const std::string& text) {
  return pki::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace

pki::Bytes derive_audit_partition_key(pki::ByteView delivered, const AuditPartition& partition) {
  const std::string label = "ifa026 audit partition|" + partition.sm + "|" + partition.domain;
  return pki::hmac_sha256(delivered, bytes_of(label));
}

m::SmAuditRecord to_message_record(const AuditRecord& r) {
  return {.seq = static_cast<long long>(r.seq),
          .time_us = r.time_us,
          .block = r.block,
          .sm = r.sm,
          .domain = r.domain,
          .event = r.event,
          .detail = r.detail,
          .prev_hash = r.prev_hash,
          .mac = r.mac};
}

AuditRecord from_message_record(const m::SmAuditRecord& r) {
  return {.seq = r.seq < 0 ? 0 : static_cast<std::uint64_t>(r.seq),
          .time_us = r.time_us,
          .block = r.block,
          .sm = r.sm,
          .domain = r.domain,
          .event = r.event,
          .detail = r.detail,
          .prev_hash = r.prev_hash,
          .mac = r.mac};
}

std::string audit_transfer_bytes(const m::AuditLogTransfer& t) {
  std::string out = t.keeper + "\n" + t.sm + "\n" + t.domain + "\n" + t.exporter + "\n";
  for (const auto& r : t.records) {
    try {
      out += audit_canonical_bytes(from_message_record(r));
    } catch (const std::invalid_argument&) {
      out += "(not UTF-8)";  // cannot match what a keeper MAC'd
    }
    out += "\n" + r.mac + "\n";
  }
  return out;
}

std::optional<AuditTransferKey> audit_transfer_key(const SecureChannels& channels,
                                                   const ChannelMessage& on,
                                                   const std::string& keeper,
                                                   const std::string& auditor) {
  const std::string context = keeper + "|" + auditor;
  const auto value =
      channels.export_keying_material(on, "EXPORTER-ifa026-audit-transfer", bytes_of(context), 32);
  if (!value) return std::nullopt;
  return AuditTransferKey{
      .mac_key = pki::hmac_sha256(*value, bytes_of("ifa026 audit transfer key")),
      .fingerprint = pki::to_hex(pki::sha256(*value))};
}

AuditTransferKey shared_audit_transfer_key() {
  const pki::Bytes value = pki::sha256(bytes_of("ifa026 shared audit transfer key"));
  return {.mac_key = pki::hmac_sha256(value, bytes_of("ifa026 audit transfer key")),
          .fingerprint = pki::to_hex(pki::sha256(value))};
}

std::string audit_transfer_mac(const m::AuditLogTransfer& transfer, pki::ByteView mac_key) {
  return pki::to_hex(pki::hmac_sha256(mac_key, bytes_of(audit_transfer_bytes(transfer))));
}

AuditKeeping::AuditKeeping(ManoEntityHost& host, AuditLog& log, AuditKeySettings settings)
    : host_(host), log_(log), settings_(std::move(settings)) {}

void AuditKeeping::serve(MessageHandlers<ChannelMessage>& handlers) {
  if (settings_.source.empty()) return;
  handlers.on<m::AuditKeyDelivery>(
      [this](const m::AuditKeyDelivery& d, const ChannelMessage& from) { on_delivery(from, d); });
  handlers.on<m::AuditLogTransferAck>(
      [this](const m::AuditLogTransferAck& a, const ChannelMessage& from) {
        on_transfer_ack(from, a);
      });
}

void AuditKeeping::on_delivery(const ChannelMessage& from, const m::AuditKeyDelivery& d) {
  const std::string me = host_.actor_context().name();
  std::string reason;
  if (from.peer.name != settings_.source)
    reason = "not this keeper's auditor (" + settings_.source + ")";
  else if (from.peer.kind != ChannelKind::mutual)
    reason = "not on a mutual TLS session";
  else if (d.keeper != me)
    reason = "a key for " + d.keeper;
  else if (d.key.size() < 16)
    reason = "key shorter than 16 bytes";
  else if (audit_key_id(d.key) != d.key_id)
    reason = "key_id is not the key's";
  else if (delivered_ && *delivered_ != d.key)
    reason = "a key was already delivered (rotation is not modelled)";
  const std::string outcome = reason.empty() ? outcomes::kReceived : outcomes::kRefused;
  TraceDetail detail;
  detail.add(dk::kSource, from.peer.name)
      .add(dk::kKeyId, d.key_id)
      .add(dk::kChannel, std::string(to_string(from.peer.kind)));
  if (!reason.empty()) detail.add(dk::kReason, reason);
  host_.tracer()({.operation = decisions::kAuditKeyDelivery,
                  .outcome = outcome,
                  .peer = from.peer.name,
                  .reference_point = from.reference_point,
                  .detail = std::move(detail)});
  host_.channels().reply(
      from, m::to_envelope(m::AuditKeyDeliveryAck{
                .keeper = me, .key_id = d.key_id, .outcome = outcome, .reason = reason}));
  if (!reason.empty() || delivered_) return;
  delivered_ = d.key;
  delivered_id_ = d.key_id;
  delivery_message_ = from;
  while (!waiting_.empty()) {
    const Waiting w = std::move(waiting_.front());
    waiting_.pop_front();
    append_now(w);
  }
}

void AuditKeeping::append(const AuditPartition& partition, const std::string& event,
                          const std::string& detail) {
  Waiting w{partition, host_.actor_context().now(), event, detail};
  const bool awaits = !settings_.source.empty() && !settings_.local_key && !delivered_;
  if (awaits) {
    waiting_.push_back(std::move(w));
    return;
  }
  append_now(w);
}

void AuditKeeping::append_now(const Waiting& w) {
  if (log_.key(w.partition) == nullptr) {
    const bool delivered = delivered_.has_value() && !settings_.local_key;
    // Delivered: derived from the auditor's key. Otherwise drawn from the keeper's seeded stream
    // (runs stay reproducible).
    const auto& provisioned = log_.provision_key(
        w.partition, delivered ? derive_audit_partition_key(*delivered_, w.partition)
                               : draw_audit_key(host_.actor_context().random()));
    TraceDetail detail;
    detail.add(dk::kSm, w.partition.sm)
        .add(dk::kDomain, w.partition.domain)
        .add(dk::kKeyId, provisioned.key_id);
    // With an auditor configured the record says where the key came from; without one it stays
    // as before (existing traces unchanged).
    if (!settings_.source.empty()) {
      detail.add(dk::kSource, delivered ? settings_.source : detail_values::kAuditKeyLocal);
      if (delivered) detail.add(dk::kDelivery, delivered_id_);
    }
    host_.tracer()({.operation = decisions::kAuditKeyProvisioned,
                    .outcome = outcomes::kOk,
                    .detail = std::move(detail)});
  }
  log_.append(w.partition, w.time, w.event, w.detail);
  schedule_transfer();
}

void AuditKeeping::schedule_transfer() {
  if (transfer_scheduled_ || !delivery_message_ || settings_.local_key) return;
  transfer_scheduled_ = true;
  host_.schedule(settings_.transfer_delay, "AuditLogTransfer", [this] {
    transfer_scheduled_ = false;
    transfer();
  });
}

void AuditKeeping::transfer() {
  const std::string me = host_.actor_context().name();
  const ChannelMessage& on = *delivery_message_;
  std::optional<AuditTransferKey> key =
      settings_.shared_transfer_key ? std::optional<AuditTransferKey>(shared_audit_transfer_key())
                                    : audit_transfer_key(host_.channels(), on, me, on.peer.name);
  for (const auto& p : log_.partitions()) {
    std::uint64_t& last = transferred_[p];
    const auto all = log_.records(p);
    if (all.empty() || all.back().seq <= last) continue;
    m::AuditLogTransfer t{.keeper = me, .sm = p.sm, .domain = p.domain};
    for (const auto& r : all)
      if (r.seq > last) t.records.push_back(to_message_record(r));
    const long long first = t.records.front().seq;
    TraceDetail detail;
    detail.add(dk::kSm, p.sm)
        .add(dk::kDomain, p.domain)
        .add(dk::kRecords, static_cast<long long>(t.records.size()))
        .add(dk::kSeq, first)
        .add(dk::kChannel, std::string(to_string(on.peer.kind)));
    if (!key) {
      // The session the key came on is gone: nothing to derive a pair key from.
      host_.tracer()({.operation = decisions::kAuditLogTransfer,
                      .outcome = outcomes::kRefused,
                      .peer = on.peer.name,
                      .reference_point = on.reference_point,
                      .detail = detail.add(dk::kReason, "the key's session is closed")});
      return;
    }
    t.exporter = key->fingerprint;
    t.mac = audit_transfer_mac(t, key->mac_key);
    if (settings_.tamper_transfer) t.records.front().detail += " (altered in transit)";
    last = all.back().seq;
    host_.tracer()({.operation = decisions::kAuditLogTransfer,
                    .outcome = outcomes::kSent,
                    .peer = on.peer.name,
                    .reference_point = on.reference_point,
                    .detail = detail.add(dk::kExporter, t.exporter)});
    host_.channels().reply(on, m::to_envelope(t));
  }
}

void AuditKeeping::on_transfer_ack(const ChannelMessage& from, const m::AuditLogTransferAck& a) {
  TraceDetail detail;
  detail.add(dk::kSm, a.sm).add(dk::kDomain, a.domain).add(dk::kSeq, a.seq);
  if (!a.reason.empty()) detail.add(dk::kReason, a.reason);
  host_.tracer()(
      {.operation = decisions::kAuditLogTransfer,
       .outcome = a.outcome == outcomes::kReceived ? outcomes::kAcknowledged : outcomes::kRefused,
       .peer = from.peer.name,
       .reference_point = from.reference_point,
       .detail = std::move(detail)});
}

}  // namespace ifa026::actors
