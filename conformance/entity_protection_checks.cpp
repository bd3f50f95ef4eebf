// The interface protection checks of WIM, CISM and CIR (see entity_protection_checks.hpp). Test
// descriptions follow ETSI TST010.
#include "conformance/entity_protection_checks.hpp"

#include <set>

#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"
#include "conformance/tls_session_trace.hpp"

namespace ifa026::conformance {

using sim::RecordKind;
using Rec = sim::TraceRecord;

// ID            Wim.Sc.001, Cism.Sc.001, Cir.Sc.001
// Objective     The entity refuses requests from unauthenticated peers (handshake failures as
//               server, AccessDenied for a non-certificate channel) and unauthorised ones
//               (AccessDenied: not in its access list); a refused peer gets no successful answer.
//               Suite parts (kAccessParts): both kinds of refusal observed for the kind.
// Reference     clauses B.5-B.7 (Sc.001)
// Applicability ICS "wim" / "cism" / "cir"
CheckResult check_access_control(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    for (const auto& d : v.expect.access_denied) {
      if (d.actor != a) continue;
      RecordFilter f = decision(a, decisions::kAccessDenied).with_outcome(outcomes::kRejected);
      if (!d.peer.empty()) f.peer = d.peer;
      const auto* denied = q.first(f);
      if (denied == nullptr) {
        out.fail(a + " was expected to refuse " +
                 (d.peer.empty() ? "a request" : d.peer + "'s request") +
                 " but recorded no AccessDenied");
        continue;
      }
      if (!d.peer.empty())
        if (const auto* leaked = session_check(v, a, d.peer, outcomes::kOk); leaked != nullptr) {
          out.fail(a + " refused " + d.peer + " yet answered its session check (" +
                       describe(*leaked) + ")",
                   {denied->id, leaked->id});
          continue;
        }
    }
    for (const auto* r :
         q.all(decision(a, decisions::kAccessDenied).with_outcome(outcomes::kRejected))) {
      if (reason_contains(*r, "not authenticated")) out.observe(kAccessParts[0]);
      if (reason_contains(*r, "not in access list")) out.observe(kAccessParts[1]);
      out.pass(a + " refused " + r->peer + ": " + detail_of(*r, keys::kReason), {r->id});
    }
    for (const auto* r : q.all(crypto(a, decisions::kTlsHandshake)
                                   .with_outcome(outcomes::kFailed)
                                   .with(keys::kRole, values::kRoleServer))) {
      // Only while it held a certificate: before that the failure is its own, not the peer's.
      if (certificate_in_force(v, a, r->id) == nullptr) continue;
      out.observe(kAccessParts[0]);
      out.pass(a + " refused an unauthenticated " + detail_of(*r, keys::kChannel) +
                   " session from " + r->peer + " (" + detail_of(*r, keys::kAlert) + ")",
               {r->id});
    }
  }
  return out.result("no unauthenticated or unauthorised request reached a " +
                    entity_type_name(type));
}

// ID            Wim.Sc.002, Cism.Sc.002, Cir.Sc.002
// Objective     A message to the entity altered in transit (a tamper fault window) is detected and
//               refused: the entity's first reaction to it is a rejection (TlsRecord rejected,
//               TlsHandshake failed, a dropped channel message), never a delivery.
// Reference     clauses B.5-B.7 (Sc.002)
// Applicability ICS "wim" / "cism" / "cir"
CheckResult check_tamper_refused(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    for (const auto& f : q.records()) {
      if (f.kind != RecordKind::fault || f.outcome != outcomes::kTampered || f.peer != a) continue;
      const Rec* got = nullptr;
      for (const auto& r : q.records())
        if (r.id > f.id && r.kind == RecordKind::receive && r.message_id == f.message_id) {
          got = &r;
          break;
        }
      if (got == nullptr) continue;  // lost on the way
      // A's reaction while handling it: records of the same instant before its next receive.
      const Rec* rejection = nullptr;
      const Rec* processed = nullptr;
      for (const auto& r : q.records()) {
        if (r.id <= got->id || r.actor != a) continue;
        if (r.kind == RecordKind::receive || r.time != got->time) break;
        const bool refusal = r.outcome == outcomes::kRejected || r.outcome == outcomes::kFailed ||
                             r.outcome == outcomes::kDropped;
        if ((r.kind == RecordKind::decision || r.kind == RecordKind::crypto) && refusal) {
          rejection = &r;
          break;
        }
        if ((r.kind == RecordKind::decision || r.kind == RecordKind::crypto) && !refusal) {
          processed = &r;
          break;
        }
        if (r.kind == RecordKind::send && !is_channel_control(r.operation)) {
          processed = &r;
          break;
        }
      }
      if (processed != nullptr) {
        out.fail(a + " processed the tampered " + got->operation + " from " + got->peer + " (" +
                     describe(*processed) + ")",
                 {f.id, got->id, processed->id});
        continue;
      }
      if (rejection != nullptr) {
        out.pass(a + " refused the tampered " + got->operation + " from " + got->peer + ": " +
                     rejection->operation + " " + rejection->outcome + " (" +
                     detail_of(*rejection, keys::kAlert) + ")",
                 {f.id, got->id, rejection->id});
        continue;
      }
      // No verdict at once (a handshake flight is authenticated only by the Finished messages):
      // the session it belongs to must fail, never complete.
      const Rec* outcome = nullptr;
      for (const auto& r : q.records())
        if (r.id > got->id && r.actor == a && r.peer == got->peer && r.kind == RecordKind::crypto &&
            (r.operation == decisions::kTlsHandshake || r.operation == decisions::kTlsRecord)) {
          outcome = &r;
          break;
        }
      if (got->operation == ops::kTlsHandshake && outcome != nullptr &&
          outcome->outcome == outcomes::kOk) {
        out.fail(a + " completed a TLS handshake over the tampered flight " + describe(*got) +
                     " (" + describe(*outcome) + ")",
                 {f.id, got->id, outcome->id});
      } else if (got->operation == ops::kTlsHandshake && outcome != nullptr) {
        out.pass(a + " refused the session of the tampered handshake flight from " + got->peer +
                     ": " + outcome->operation + " " + outcome->outcome + " (" +
                     detail_of(*outcome, keys::kAlert) + ")",
                 {f.id, got->id, outcome->id});
      } else {
        out.pass(a + " discarded the tampered " + got->operation + " from " + got->peer +
                     " (no session took it, nothing delivered)",
                 {f.id, got->id});
      }
    }
  }
  return out.result("no tampered message reached a " + entity_type_name(type));
}

// ID            Wim.Sc.003, Cism.Sc.003, Cir.Sc.003
// Objective     Application envelopes to and from the entity travel only inside TLS sessions
//               established with that peer: every application message on its reference points is
//               received after the receiver completed a handshake with the sender. Partial: the
//               trace shows sessions and their order, not the ciphertext bytes.
// Reference     clauses B.5-B.7 (Sc.003)
// Applicability ICS "wim" / "cism" / "cir"
CheckResult check_confidentiality(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    std::size_t covered = 0;
    std::set<std::string> kinds;
    std::vector<std::uint64_t> ev;
    bool bad = false;
    for (const auto& s : q.records()) {
      if (s.kind != RecordKind::send || (s.actor != a && s.peer != a)) continue;
      if (!is_tls_reference_point(s.reference_point) || is_channel_control(s.operation)) continue;
      const auto* got = q.receive_of(s);
      if (got == nullptr) continue;
      const Rec* session = nullptr;
      for (const auto& h : q.records()) {
        if (h.time > got->time) break;
        if (h.kind == RecordKind::crypto && h.operation == decisions::kTlsHandshake &&
            h.outcome == outcomes::kOk && h.actor == got->actor && h.peer == s.actor)
          session = &h;
      }
      if (session == nullptr) {
        out.fail(s.operation + " " + s.actor + " -> " + s.peer + " (" + describe(s) +
                     ") was received outside any TLS session",
                 {s.id});
        bad = true;
        continue;
      }
      ++covered;
      kinds.insert(detail_of(*session, keys::kChannel));
      if (ev.size() < 6) {
        ev.push_back(session->id);
        ev.push_back(got->id);
      }
    }
    if (bad) continue;
    if (covered == 0) continue;
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    out.pass(a + ": " + std::to_string(covered) +
                 " application message(s) all inside established TLS sessions (" + list +
                 "); partial: the trace shows sessions, not ciphertext",
             ev);
  }
  return out.result("no application message to or from a " + entity_type_name(type));
}

}  // namespace ifa026::conformance
