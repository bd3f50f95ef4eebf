// The TLS session evidence of the NFV-MANO entities (see tls_session_trace.hpp).
#include "conformance/tls_session_trace.hpp"

namespace ifa026::conformance {

using sim::RecordKind;

const sim::TraceRecord* session_check(const ManoView& v, const std::string& a, const std::string& b,
                                      const std::string& outcome) {
  for (const auto& r : v.query.records())
    if (r.kind == RecordKind::decision && r.operation == decisions::kSessionCheck &&
        r.outcome == outcome && ((r.actor == a && r.peer == b) || (r.actor == b && r.peer == a)))
      return &r;
  return nullptr;
}

const sim::TraceRecord* mutual_handshake(const ManoView& v, const std::string& a,
                                         const std::string& b) {
  for (const auto& r : v.query.records())
    if (r.kind == RecordKind::crypto && r.operation == decisions::kTlsHandshake &&
        r.outcome == outcomes::kOk && detail_of(r, keys::kChannel) == values::kChannelMutual &&
        ((r.actor == a && r.peer == b) || (r.actor == b && r.peer == a)))
      return &r;
  return nullptr;
}

const sim::TraceRecord* certificate_in_force(const ManoView& v, const std::string& entity,
                                             std::uint64_t at) {
  const auto* installed = v.query.last(
      decision(entity, decisions::kCertificateInstalled).with_outcome(outcomes::kOk), 0, at);
  if (installed == nullptr) return nullptr;
  const auto* removed =
      v.query.first(decision(entity, decisions::kCertificateRemoved).with_outcome(outcomes::kOk),
                    installed->id, at);
  return removed == nullptr ? installed : nullptr;
}

bool is_tls_reference_point(const std::string& rp) {
  return !rp.empty() && rp != reference_points::kHsmIf && rp != reference_points::kCa1 &&
         rp != reference_points::kCrlDp;
}

bool is_channel_control(const std::string& op) {
  return op == ops::kTlsHandshake || op == ops::kTlsAlert || op == ops::kTlsClose;
}

}  // namespace ifa026::conformance
