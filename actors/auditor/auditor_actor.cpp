// The `auditor` actor type (see auditor_actor.hpp): the MANO entity of kind "auditor" with the
// key delivery as its extension.
#include "actors/auditor/auditor_actor.hpp"

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actors/common/actor_params.hpp"
#include "actors/common/audit_key_draw.hpp"
#include "actors/common/audit_log.hpp"
#include "actors/common/mano_entity.hpp"
#include "actors/common/trace_detail.hpp"
#include "actors/messages/audit_keys.hpp"
#include "actors/messages/codec.hpp"
#include "actors/messages/decisions.hpp"
#include "actors/messages/detail_keys.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/reference_points.hpp"

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
  }

  void on_start() override { deliver(); }
  void on_certificate_changed() override { deliver(); }
  void on_channel_failure(const std::string& peer, ChannelKind kind, const std::string& failure,
                          const std::vector<Envelope>& dropped) override {
    for (const auto& e : dropped) {
      if (e.operation != m::AuditKeyDelivery::kOperation) continue;
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
      m::AuditKeyDelivery d{
          .keeper = keeper, .key_id = "", .key = draw_audit_key(host_.actor_context().random())};
      d.key_id = audit_key_id(d.key);
      host_.tracer()(
          {.operation = decisions::kAuditKeyDelivery,
           .outcome = outcomes::kSent,
           .peer = keeper,
           .reference_point = reference_points::kSmSf,
           .detail = TraceDetail()
                         .add(dk::kKeeper, keeper)
                         .add(dk::kKeyId, d.key_id)
                         .add(dk::kChannel, std::string(to_string(ChannelKind::mutual)))});
      host_.channels().send(keeper, ChannelKind::mutual, reference_points::kSmSf,
                            m::to_envelope(d));
    }
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

  ManoEntityHost& host_;
  const std::vector<std::string> keepers_;
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
      "over mutual TLS (AuditKeyDelivery); the keepers derive their partitions' keys from it";
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
