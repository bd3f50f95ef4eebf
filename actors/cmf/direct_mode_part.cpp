// The shared state and helpers of the CMF's direct-mode pieces (see direct_mode_part.hpp).
#include "actors/cmf/direct_mode_part.hpp"

#include <algorithm>
#include <cstdint>

#include "actors/common/pki_clock.hpp"

namespace ifa026::actors::cmf {

DirectModePart::DirectModePart(DirectModeState& state)
    : context_(state.context),
      config_(state.config),
      direct_(state.direct),
      channels_(state.channels),
      ra_(state.ra),
      queue_(state.queue),
      lookup_(state.lookup),
      inventory_(state.inventory),
      bootstrap_(state.bootstrap),
      hsm_roots_(state.hsm_roots) {}

std::string DirectModePart::step(int number) {
  return std::string(kFlow) + "#" + std::to_string(number);
}

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

void DirectModePart::record(RecordKind kind, const std::string& operation,
                            const std::string& flow_step, const std::string& outcome,
                            const std::string& peer, const std::string& detail,
                            const std::string& reference_point) {
  sim::TraceRecord r;
  r.kind = kind;
  r.peer = peer;
  r.reference_point = reference_point;
  r.operation = operation;
  r.step = flow_step;
  r.outcome = outcome;
  r.detail = detail;
  context_.trace(std::move(r));
}

TraceDetail DirectModePart::about(const VnfciRecord& r) {
  return TraceDetail().add("vnf", r.vnf).add("vnfci", r.vnfci);
}

TraceDetail DirectModePart::about(const VnfciRecord& r, const VnfciIdentity& identity) {
  return about(r).add("identity", identity.name);
}

pki::Instant DirectModePart::now() const {
  return pki_now(context_);
}

std::string DirectModePart::flow_of(const std::string& vnfci) const {
  const Bootstrap* b = bootstrap_of(vnfci);
  if (b == nullptr) return kFlow;
  return b->hsm.empty() ? kFlowAttested : kFlowHsm;
}

std::string DirectModePart::step_of(const std::string& vnfci, int number) const {
  static constexpr int kAttested[] = {1, 3, 4, 5};
  if (bootstrap_of(vnfci) == nullptr || number < 0 || number > 3) return step(number);
  return flow_of(vnfci) + "#" + std::to_string(kAttested[number]);
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
  record(RecordKind::decision, m.envelope.operation, m.envelope.step, "rejected", m.peer.name,
         TraceDetail().add("channel", std::string(to_string(m.peer.kind))).add("reason", reason),
         m.reference_point);
}

}  // namespace ifa026::actors::cmf
