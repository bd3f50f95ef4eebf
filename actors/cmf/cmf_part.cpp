// The shared state and helpers of the `cmf` actor's pieces (see cmf_part.hpp).
#include "actors/cmf/cmf_part.hpp"

#include <algorithm>
#include <utility>

#include "actors/common/pki_clock.hpp"
#include "actors/messages/flow_steps.hpp"

namespace ifa026::actors::cmf {

CmfState::CmfState(sim::ActorContext& context, const sim::ActorSpec& spec, ActorToolkit toolkit,
                   SecureChannels::MessageHandler on_message,
                   SecureChannels::FailureHandler on_failure)
    : context(context),
      toolkit(toolkit),
      config(read_cmf_config(spec.params, spec.name)),
      channels(context, std::move(on_message), std::move(on_failure)),
      queue(context, config.concurrency),
      ra(toolkit.tracer, toolkit.guard,
         CmpExchangeSettings{.timeout = config.ca_timeout,
                             .retries = config.ca_retries,
                             .operation_in_detail = true,
                             .reject_detail = ""}) {}

CmfPart::CmfPart(CmfState& state)
    : ActorPiece(state.toolkit),
      state_(state),
      config_(state.config),
      channels_(state.channels),
      queue_(state.queue),
      ra_(state.ra),
      registry_(state.registry),
      ready_(state.ready),
      identities_(state.identities),
      vendor_roots_(state.vendor_roots),
      last_channel_(state.last_channel),
      direct_(state.direct) {}

void CmfPart::keep_csr(const pki::Csr& csr) {
  std::string key = pki::to_hex(csr.public_key().spki_sha256());
  if (state_.csr_keys.insert(key).second) state_.csrs.push_back({"csr", std::move(key), csr.der()});
}

std::string CmfPart::flow_of(const std::string& step) {
  return step.substr(0, step.find('#'));
}

std::string CmfPart::step_in(const std::string& flow, int number) {
  const flows::FlowStep* step = flows::find_step(flow, number);
  return step != nullptr ? step->id : "";
}

std::string CmfPart::registration_flow_of_kind(const std::string& kind) {
  const flows::Flow* flow = flows::entity_flow(kind, true);
  return flow != nullptr ? flow->id : "";
}

std::string CmfPart::utc(pki::Instant instant) {
  return sim::format_utc(sim::UtcInstant{instant.unix_ns});
}

TraceDetail CmfPart::about(const std::string& entity, const std::string& fqdn) {
  return TraceDetail().add(detail_keys::kEntity, entity).add(detail_keys::kFqdn, fqdn);
}

pki::Instant CmfPart::now() {
  return pki_now(context());
}

sim::Time CmfPart::current_time() {
  return context().now();
}

const RaIdentity* CmfPart::identity(const std::string& ca) const {
  auto it = identities_.find(ca);
  return it != identities_.end() && it->second.ready() ? &it->second : nullptr;
}

const RaIdentity& CmfPart::primary() const {
  return identities_.at(config_.ca);
}

std::vector<pki::Certificate> CmfPart::known_ca_certificates() const {
  std::vector<pki::Certificate> out;
  for (const auto& [ca, id] : identities_) {
    out.insert(out.end(), id.chain.begin(), id.chain.end());
    out.insert(out.end(), id.anchors.begin(), id.anchors.end());
  }
  return out;
}

std::vector<pki::Certificate> CmfPart::chain_for(
    const pki::Certificate& leaf, const std::vector<pki::Certificate>& from_ca) const {
  std::vector<pki::Certificate> pool = from_ca;
  const auto known = known_ca_certificates();
  pool.insert(pool.end(), known.begin(), known.end());
  std::vector<pki::Certificate> out;
  pki::Certificate current = leaf;
  for (int depth = 0; depth < 8 && !(current.subject() == current.issuer()); ++depth) {
    auto it = std::find_if(pool.begin(), pool.end(), [&](const pki::Certificate& c) {
      return !(c == current) && c.subject() == current.issuer();
    });
    if (it == pool.end()) break;
    out.push_back(*it);
    current = *it;
  }
  return out;
}

pki::CmpClientConfig CmfPart::cmp_config(const RaIdentity& id) const {
  pki::CmpClientConfig config;
  config.trust_anchors = id.anchors;
  config.untrusted = id.chain;
  return config;
}

bool CmfPart::trusted_consumer(const ChannelMessage& m, std::string& reason) const {
  if (m.peer.kind != ChannelKind::day0) {
    reason = "consumer requests must come over the day-0 channel";
    return false;
  }
  const auto& trusted = config_.trusted_consumers;
  if (std::find(trusted.begin(), trusted.end(), m.peer.name) == trusted.end()) {
    reason = "consumer " + m.peer.name + " is not trusted";
    return false;
  }
  return true;
}

}  // namespace ifa026::actors::cmf
