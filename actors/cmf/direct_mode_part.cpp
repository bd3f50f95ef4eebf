// The shared state and helpers of the CMF's direct-mode pieces (see direct_mode_part.hpp).
#include "actors/cmf/direct_mode_part.hpp"

#include <algorithm>
#include <cstdint>

#include "actors/common/pki_clock.hpp"
#include "actors/messages/flow_steps.hpp"

namespace ifa026::actors::cmf {
namespace {

namespace keys = detail_keys;

}  // namespace

DirectModePart::DirectModePart(DirectModeState& state)
    : ActorPiece(state.toolkit),
      context_(state.context),
      config_(state.config),
      direct_(state.direct),
      channels_(state.channels),
      ra_(state.ra),
      queue_(state.queue),
      lookup_(state.lookup),
      inventory_(state.inventory),
      bootstrap_(state.bootstrap),
      hsm_roots_(state.hsm_roots) {}

std::string DirectModePart::utc(pki::Instant instant) {
  return sim::format_utc(sim::UtcInstant{instant.unix_ns});
}

std::string DirectModePart::joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& item : list) {
    if (!out.empty()) out += ",";
    out += item;
  }
  return out;
}

sim::Duration DirectModePart::backoff(sim::Duration base, int attempt) {
  return base * (std::int64_t{1} << std::clamp(attempt, 0, kMaxBackoffShift));
}

TraceDetail DirectModePart::about(const VnfciRecord& r) {
  return TraceDetail().add(keys::kVnf, r.vnf).add(keys::kVnfci, r.vnfci);
}

TraceDetail DirectModePart::about(const VnfciRecord& r, const VnfciIdentity& identity) {
  return about(r).add(keys::kIdentity, identity.name);
}

pki::Instant DirectModePart::now() const {
  return pki_now(context_);
}

std::string DirectModePart::flow_of(const std::string& vnfci) const {
  const Bootstrap* b = bootstrap_of(vnfci);
  if (b == nullptr) return flows::kDirect;
  return b->hsm.empty() ? flows::kDirectAttested : flows::kDirectHsm;
}

std::string DirectModePart::step_of(const std::string& vnfci, const char* decision) const {
  const flows::FlowStep* step = flows::decision_step(flow_of(vnfci), flows::roles::kCmf, decision);
  return step != nullptr ? step->id : "";
}

const DirectModePart::Bootstrap* DirectModePart::bootstrap_of(const std::string& vnfci) const {
  auto it = bootstrap_.find(vnfci);
  return it != bootstrap_.end() ? &it->second : nullptr;
}

pki::CmpClientConfig DirectModePart::cmp_config(const RaIdentity& id) {
  pki::CmpClientConfig config;
  config.trust_anchors = id.anchors;
  config.untrusted = id.chain;
  return config;
}

void DirectModePart::reject_from(const ChannelMessage& m, const std::string& reason) {
  trace({.operation = m.envelope.operation,
         .outcome = outcomes::kRejected,
         .peer = m.peer.name,
         .reference_point = m.reference_point,
         .step = m.envelope.step,
         .detail = TraceDetail()
                       .add(keys::kChannel, std::string(to_string(m.peer.kind)))
                       .add(keys::kReason, reason)});
}

}  // namespace ifa026::actors::cmf
