// The `auditor` actor type (see auditor_actor.hpp): the MANO entity of kind "auditor" with the
// key delivery and the transfers' verification as its extension.
#include "actors/auditor/auditor_actor.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/audit_keeping.hpp"
#include "actors/common/audit_key_draw.hpp"
#include "actors/common/audit_log.hpp"
#include "actors/common/audit_verification.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/audit_keys.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"
#include "pki/hmac.hpp"

namespace ifa026::actors {
namespace {

namespace dk = detail_keys;
namespace m = messages;

class AuditorExtension final : public ManoEntityExtension {
 public:
  AuditorExtension(ManoEntityHost& host, const sim::ActorSpec& spec)
      : host_(host), keepers_(string_list_param(spec.params, "keepers")) {
    for (const auto& fault : string_list_param(spec.params, "audit_faults")) {
      const std::string skip = "skip:";
      if (fault.rfind(skip, 0) == 0) skipped_.insert(fault.substr(skip.size()));
    }
    host_.request_handlers().on<m::AuditKeyDeliveryAck>(
        [this](const m::AuditKeyDeliveryAck& a, const ChannelMessage& from) { on_ack(from, a); });
    host_.request_handlers().on<m::AuditLogTransfer>(
        [this](const m::AuditLogTransfer& t, const ChannelMessage& from) { on_transfer(from, t); });
  }

  void on_start() override { deliver(); }
  void on_certificate_changed() override { deliver(); }
  void on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) override {
    for (const auto& e : dropped) {
      if (e.operation != m::AuditKeyDelivery::kOperation) continue;
      // The keeper may not be ready yet (still enrolling: no certificate to present): the same
      // key is sent again after 2 s, 4 s, 8 s before the delivery is given up.
      int& retries = retries_[peer];
      if (retries < kDeliveryRetries) {
        ++retries;
        const sim::Duration wait = sim::Duration::seconds(1) * (std::int64_t{1} << retries);
        host_.tracer()({.operation = decisions::kAuditKeyDelivery,
                        .outcome = outcomes::kRetry,
                        .peer = peer,
                        .reference_point = reference_points::kSmSf,
                        .detail = TraceDetail()
                                      .add(dk::kKeeper, peer)
                                      .add(dk::kReason, failure)
                                      .add("retry", std::to_string(retries))
                                      .add("after", sim::format_duration(wait))});
        host_.schedule(wait, "audit-key-retry", [this, keeper = peer] { send_key(keeper); });
        continue;
      }
      host_.tracer()({.operation = decisions::kAuditKeyDelivery,
                      .outcome = outcomes::kRefused,
                      .peer = peer,
                      .reference_point = reference_points::kSmSf,
                      .detail = TraceDetail()
                                    .add(dk::kKeeper, peer)
                                    .add(dk::kChannel, std::string(to_string(kind)))
                                    .add(dk::kReason, failure)});
    }
  }

 private:
  // Once, when the auditor first holds a certificate: one key per keeper, over mutual TLS.
  void deliver() {
    if (delivered_ || !host_.can_authenticate()) return;
    delivered_ = true;
    for (const auto& keeper : keepers_) {
      if (skipped_.count(keeper) != 0) continue;  // fault skip:<keeper>
      keys_[keeper] = draw_audit_key(host_.actor_context().random());
      send_key(keeper);
    }
  }

  // Sends the key drawn for `keeper` (again, after a failed session).
  void send_key(const std::string& keeper) {
    m::AuditKeyDelivery d{.keeper = keeper, .key_id = "", .key = keys_.at(keeper)};
    d.key_id = audit_key_id(d.key);
    host_.tracer()({.operation = decisions::kAuditKeyDelivery,
                    .outcome = outcomes::kSent,
                    .peer = keeper,
                    .reference_point = reference_points::kSmSf,
                    .detail = TraceDetail()
                                  .add(dk::kKeeper, keeper)
                                  .add(dk::kKeyId, d.key_id)
                                  .add(dk::kChannel, std::string(to_string(ChannelKind::mutual)))});
    host_.channels().send(keeper, ChannelKind::mutual, reference_points::kSmSf, m::to_envelope(d));
  }

  void on_ack(const ChannelMessage& from, const m::AuditKeyDeliveryAck& a) {
    TraceDetail detail;
    detail.add(dk::kKeeper, from.peer.name)
        .add(dk::kKeyId, a.key_id)
        .add(dk::kChannel, std::string(to_string(from.peer.kind)));
    if (!a.reason.empty()) detail.add(dk::kReason, a.reason);
    host_.tracer()(
        {.operation = decisions::kAuditKeyDelivery,
         .outcome = a.outcome == outcomes::kReceived ? outcomes::kAcknowledged : outcomes::kRefused,
         .peer = from.peer.name,
         .reference_point = from.reference_point,
         .detail = std::move(detail)});
  }

  // A keeper's transfer (R1.3.280): accepted when it came on a mutual session from a keeper this
  // auditor keyed, its exporter fingerprint is this end's of the same session, its MAC verifies
  // under the key derived from that exporter, and its records verify under the partition's key
  // (derived from the delivered one) and continue what is stored.
  void on_transfer(const ChannelMessage& from, const m::AuditLogTransfer& t) {
    const std::string& keeper = from.peer.name;
    const AuditPartition partition{t.sm, t.domain};
    const long long first = t.records.empty() ? 0 : t.records.front().seq;
    std::optional<AuditTransferKey> pair_key;
    if (from.peer.kind == ChannelKind::mutual)
      pair_key = audit_transfer_key(host_.channels(), from, keeper, host_.actor_context().name());
    std::vector<AuditRecord> records;
    for (const auto& r : t.records) records.push_back(from_message_record(r));
    std::string reason;
    auto key = keys_.find(keeper);
    auto stored = stored_.find({keeper, partition});
    if (from.peer.kind != ChannelKind::mutual) {
      reason = "not on a mutual TLS session";
    } else if (key == keys_.end()) {
      reason = "no key was delivered to " + keeper;
    } else if (t.keeper != keeper) {
      reason = "names keeper " + t.keeper;
    } else if (!pair_key) {
      reason = "the session has no exporter";
    } else if (t.exporter != pair_key->fingerprint) {
      reason = "exporter fingerprint differs from this end's";
    } else if (!pki::equal_constant_time(
                   pki::ByteView(reinterpret_cast<const std::uint8_t*>(t.mac.data()), t.mac.size()),
                   [&] {
                     const std::string mac = audit_transfer_mac(t, pair_key->mac_key);
                     return pki::Bytes(mac.begin(), mac.end());
                   }())) {
      reason = "mac does not verify";
    } else if (records.empty()) {
      reason = "no records";
    } else if (const auto v = verify_audit_chain(
                   records, keeper, partition, derive_audit_partition_key(key->second, partition));
               !v.ok) {
      reason = "record " + std::to_string(v.first_broken_seq.value_or(0)) + ": " + v.reason;
    } else if (stored == stored_.end()
                   ? records.front().seq != 1
                   : (records.front().seq != stored->second.seq + 1 ||
                      records.front().prev_hash != audit_record_hash(stored->second))) {
      reason = "does not continue the stored chain";
    }
    TraceDetail detail;
    detail.add(dk::kKeeper, keeper)
        .add(dk::kSm, t.sm)
        .add(dk::kDomain, t.domain)
        .add(dk::kRecords, static_cast<long long>(t.records.size()))
        .add(dk::kSeq, first)
        .add(dk::kExporter, pair_key ? pair_key->fingerprint : std::string())
        .add(dk::kChannel, std::string(to_string(from.peer.kind)));
    if (!reason.empty()) detail.add(dk::kReason, reason);
    const std::string outcome = reason.empty() ? outcomes::kReceived : outcomes::kRefused;
    if (reason.empty()) stored_.insert_or_assign({keeper, partition}, records.back());
    host_.tracer()({.operation = decisions::kAuditLogTransfer,
                    .outcome = outcome,
                    .peer = keeper,
                    .reference_point = from.reference_point,
                    .detail = std::move(detail)});
    host_.channels().reply(
        from,
        m::to_envelope(m::AuditLogTransferAck{
            .sm = t.sm, .domain = t.domain, .seq = first, .outcome = outcome, .reason = reason}));
  }

  ManoEntityHost& host_;
  const std::vector<std::string> keepers_;
  std::map<std::string, pki::Bytes> keys_;  // delivered, by keeper
  static constexpr int kDeliveryRetries = 3;
  std::map<std::string, int> retries_;  // deliveries sent again, by keeper
  // The last record stored per (keeper, partition).
  std::map<std::pair<std::string, AuditPartition>, AuditRecord> stored_;
  std::set<std::string> skipped_;
  bool delivered_ = false;
};

}  // namespace

void register_auditor_actor(sim::ActorRegistry& registry) {
  ManoEntityKind kind;
  kind.kind = "auditor";
  kind.description =
      "Audit collector (issue 16, R1.3.270): enrols its certificate at the CMF like a Security "
      "Manager, then delivers each keeper of an audit log (NFVO, VNFM, VIM, SM) its audit key "
      "over mutual TLS (AuditKeyDelivery); the keepers derive their partitions' keys from it and "
      "transfer their records back under per-pair exporter keys (AuditLogTransfer)";
  kind.reference_points = {};
  kind.access_control = false;
  kind.extra_params = {
      {"keepers", ParamType::string_list,
       "the actors keeping audit logs that get a key from this auditor (each names it in its "
       "audit_key_source)",
       true},
      {"audit_faults", ParamType::string_list,
       "fault switches: skip:<keeper> (no key delivered to that keeper)"}};
  kind.extension = [](ManoEntityHost& host, const sim::ActorSpec& spec) {
    return std::make_unique<AuditorExtension>(host, spec);
  };
  registry.add("auditor", mano_entity_actor_type(std::move(kind)));
}

}  // namespace ifa026::actors
