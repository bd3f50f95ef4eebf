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

namespace ifa026::actors {

namespace dk = detail_keys;
namespace m = messages;

std::vector<sim::ParamRule> audit_key_param_rules() {
  return {{"audit_key_source", sim::ParamType::string,
           "the audit collector (actor type auditor) that delivers this keeper's audit key over "
           "mutual TLS; without it the keeper draws its partitions' keys itself"},
          {"audit_faults", sim::ParamType::string_list,
           "fault switches of the audit keys: local_key (draw keys locally even with an auditor)"}};
}

AuditKeySettings audit_key_settings(const nlohmann::json& params) {
  AuditKeySettings s;
  s.source = string_param(params, "audit_key_source", "");
  for (const auto& fault : string_list_param(params, "audit_faults"))
    if (fault == "local_key") s.local_key = true;
  return s;
}

pki::Bytes derive_audit_partition_key(pki::ByteView delivered, const AuditPartition& partition) {
  const std::string label = "ifa026 audit partition|" + partition.sm + "|" + partition.domain;
  return pki::hmac_sha256(
      delivered, pki::ByteView(reinterpret_cast<const std::uint8_t*>(label.data()), label.size()));
}

AuditKeeping::AuditKeeping(ManoEntityHost& host, AuditLog& log, AuditKeySettings settings)
    : host_(host), log_(log), settings_(std::move(settings)) {}

void AuditKeeping::serve(MessageHandlers<ChannelMessage>& handlers) {
  if (settings_.source.empty()) return;
  handlers.on<m::AuditKeyDelivery>(
      [this](const m::AuditKeyDelivery& d, const ChannelMessage& from) { on_delivery(from, d); });
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
}

}  // namespace ifa026::actors
