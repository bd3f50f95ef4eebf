// The shared state and helpers of the NFV-MANO entity's pieces (see mano_entity_part.hpp).
#include "actors/common/mano_entity_part.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/actor_params.hpp"
#include "actors/messages/flow_steps.hpp"
#include "actors/messages/reference_points.hpp"

namespace ifa026::actors {

ManoEntityState::ManoEntityState(ManoEntityHost& host, sim::ActorContext& context, Tracer& tracer,
                                 HandlerGuard& guard, const sim::ActorSpec& spec,
                                 ManoEntityKind kind_in, SecureChannels::MessageHandler on_message,
                                 SecureChannels::FailureHandler on_failure)
    : host(host),
      context(context),
      tracer(tracer),
      guard(guard),
      kind(std::move(kind_in)),
      hsm(string_param(spec.params, "hsm")),
      key_type_override(string_param(spec.params, "key_type")),
      renewal_threshold(duration_param(spec.params, "renewal_threshold", sim::Duration::days(30))),
      auto_enrol(bool_param(spec.params, "auto_enrol", true)),
      peers(string_list_param(spec.params, "peers")),
      auto_renew(bool_param(spec.params, "auto_renew", true)),
      ignore_removal(bool_param(spec.params, "ignore_removal", false)),
      accept_stale_crl(bool_param(spec.params, "accept_stale_crl", false)),
      peer_retry(duration_param(spec.params, "peer_retry", sim::Duration::minutes(1))),
      peer_retries(int_param(spec.params, "peer_retries", 10)),
      tamper_csr(bool_param(spec.params, "tamper_csr", false)),
      wrong_secret(bool_param(spec.params, "wrong_secret", false)),
      enrol_retries(int_param(spec.params, "enrol_retries", 0)),
      enrol_retry_delay(
          duration_param(spec.params, "enrol_retry_delay", sim::Duration::seconds(30))),
      keygen_time(
          duration_entry(spec.params, "processing", "keygen", sim::Duration::milliseconds(5))),
      sign_time(duration_entry(spec.params, "processing", "sign", sim::Duration::milliseconds(1))),
      access(string_list_param(spec.params, "access")),
      access_control(kind.access_control || spec.params.contains("access")),
      queue(context,
            static_cast<std::size_t>(std::max(1LL, int_param(spec.params, "concurrency", 1)))),
      channels(context, guard, std::move(on_message), std::move(on_failure)) {
  channels.credentials().day0_secrets = string_map_param(spec.params, "day0");
}

ManoEntityPart::ManoEntityPart(ManoEntityState& state)
    : state_(state),
      kind_(state.kind),
      hsm_(state.hsm),
      key_type_override_(state.key_type_override),
      renewal_threshold_(state.renewal_threshold),
      auto_enrol_(state.auto_enrol),
      peers_(state.peers),
      auto_renew_(state.auto_renew),
      ignore_removal_(state.ignore_removal),
      accept_stale_crl_(state.accept_stale_crl),
      peer_retry_(state.peer_retry),
      peer_retries_(state.peer_retries),
      tamper_csr_(state.tamper_csr),
      wrong_secret_(state.wrong_secret),
      enrol_retries_(state.enrol_retries),
      enrol_retry_delay_(state.enrol_retry_delay),
      keygen_time_(state.keygen_time),
      sign_time_(state.sign_time),
      access_(state.access),
      access_control_(state.access_control),
      queue_(state.queue),
      channels_(state.channels),
      config_(state.config),
      kinds_(state.kinds),
      relays_(state.relays),
      attempt_(state.attempt),
      current_(state.current),
      history_(state.history),
      renewal_timer_(state.renewal_timer),
      extension_(state.extension) {}

TraceDetail ManoEntityPart::entity_detail() const {
  TraceDetail detail;
  detail.add(detail_keys::kEntity, name());
  detail.add(detail_keys::kFqdn, fqdn());
  return detail;
}

std::string ManoEntityPart::csr_step() const {
  const std::string& flow = hsm_.empty() ? kind_.csr_flow : kind_.csr_hsm_flow;
  if (flow.empty()) return "";
  return flows::step(flow, 0);
}

std::string ManoEntityPart::reference_point_to(const std::string& peer) const {
  if (config_ && peer == config_->cmf) return reference_points::kCmf1;
  auto kind = kinds_.find(peer);
  if (kind != kinds_.end()) {
    if (kind->second == "oss") return kOssReferencePoint;
    auto rp = kind_.reference_points.find(kind->second);
    if (rp != kind_.reference_points.end()) return rp->second;
  }
  return "";
}

}  // namespace ifa026::actors
