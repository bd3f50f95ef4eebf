// The direct-mode flow checks (see direct_mode_checks.hpp). Test descriptions follow ETSI
// TST010's fields.
#include "conformance/direct_mode_checks.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "actors/vnfci/vnfci_identities.hpp"
#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/direct_mode_trace.hpp"
#include "pki/chain_verifier.hpp"
#include "sim/time.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;

std::string who(const IdentityEnrolment& e) {
  return e.vnfci + "/" + e.identity;
}

std::vector<std::uint64_t> step_evidence(const std::map<int, const Rec*>& steps) {
  std::vector<std::uint64_t> out;
  for (const auto& [n, r] : steps)
    if (r != nullptr) out.push_back(r->id);
  return out;
}

std::string reason_of(const Rec& r) {
  for (const char* key : {keys::kReason, keys::kAlert, keys::kResult})
    if (has_detail(r, key)) return detail_of(r, key);
  return r.outcome;
}

pki::Instant instant_of(const CheckContext& c, sim::Time t) {
  return pki::Instant{c.simulation.epoch().at(t).unix_ns};
}

// True when the scenario expects this VNFCI's enrolment to be refused.
bool direct_refusal_expected(const Expectations& x, const std::string& vnfci) {
  if (x.direct.expects_not_enrolled(vnfci)) return true;
  for (const auto& r : x.direct.refusals)
    if (r.vnfci == vnfci) return true;
  return false;
}

// "" when `refusal` is one the scenario names for `vnfci`, else what differs. A refusal the
// scenario does not name (a CA timeout, another check failing) is never the expected one.
std::string direct_refusal_mismatch(const Expectations& x, const std::string& vnfci,
                                    const Rec& refusal) {
  std::string why = "the scenario names no refusal for " + vnfci +
                    " (expect.direct.refusals), the trace shows " + describe(refusal) + ": " +
                    reason_of(refusal);
  for (const auto& want : x.direct.refusals) {
    if (want.vnfci != vnfci) continue;
    const bool actor_ok = want.actor.empty() || want.actor == refusal.actor;
    const bool op_ok = want.operation.empty() || want.operation == refusal.operation;
    if (actor_ok && op_ok && reason_contains(refusal, want.reason_contains)) return "";
    why = "expected " + (want.actor.empty() ? std::string("a refusal") : want.actor) + " at " +
          want.operation +
          (want.reason_contains.empty() ? "" : " (\"" + want.reason_contains + "\")") +
          ", the trace shows " + describe(refusal);
  }
  return why;
}

// The certificate a CA issued for this identity between its registration and its refusal, if
// any (IssueCertificate ok to the VNFCI naming the registered identity).
const Rec* issued_instead(const DirectView& view, const VnfciCase& c, const IdentityEnrolment& e) {
  if (e.refusal == nullptr) return nullptr;
  const auto* issued =
      view.mano().query.first(RecordFilter{}
                                  .of_kind(RecordKind::decision)
                                  .op(decisions::kIssueCertificate)
                                  .to(c.vnfci)
                                  .with(keys::kIdentity, c.vnfci + "/" + e.identity)
                                  .with_outcome(outcomes::kOk),
                              e.registered != nullptr ? e.registered->id : 0, e.refusal->id);
  return issued != nullptr && view.mano().roles.is_ca(issued->actor) ? issued : nullptr;
}

// The post-condition on the final state: the identity holds the last certificate it installed,
// for the subject the CA registered, chaining to its trust anchor when it was installed.
void judge_final_state(const DirectView& view, const VnfciCase& c, const IdentityEnrolment& e,
                       CheckOutcome& out, std::vector<std::uint64_t> evidence) {
  const auto& ctx = view.mano().context;
  const auto* last = view.mano().query.last(decision(c.vnfci, decisions::kCertificateInstalled)
                                                .with(keys::kIdentity, e.identity)
                                                .with_outcome(outcomes::kOk));
  if (last == nullptr) last = e.installed;
  if (c.retired != nullptr) {
    out.pass(who(e) + ": steps in order, certificate " + detail_of(*last, keys::kSerial) +
                 " installed (" + c.vnfci + " retired later; its final state is gone)",
             std::move(evidence));
    return;
  }
  const auto* holder = dynamic_cast<const actors::VnfciIdentities*>(ctx.simulation.actor(c.vnfci));
  if (holder == nullptr) {
    out.inconc(who(e) + ": " + c.vnfci + " exposes no identity state", std::move(evidence));
    return;
  }
  std::optional<actors::VnfciIdentityState> state;
  for (auto& s : holder->identities())
    if (s.name == e.identity) state = std::move(s);
  if (!state || !state->certificate) {
    out.fail(who(e) + ": holds no certificate at the end although it installed " +
                 detail_of(*last, keys::kSerial),
             std::move(evidence));
    return;
  }
  const auto& cert = *state->certificate;
  if (!same_serial(cert.serial_hex(), detail_of(*last, keys::kSerial))) {
    out.fail(who(e) + ": holds certificate " + cert.serial_hex() +
                 ", not the last one installed (" + detail_of(*last, keys::kSerial) + ")",
             std::move(evidence));
    return;
  }
  const auto registered_subject =
      e.registered != nullptr ? detail_of(*e.registered, keys::kSubject) : std::string();
  if (!registered_subject.empty() && cert.subject().to_string() != registered_subject) {
    out.fail(who(e) + ": certificate subject \"" + cert.subject().to_string() +
                 "\" is not the registered \"" + registered_subject + "\"",
             std::move(evidence));
    return;
  }
  pki::TrustStore trust;
  trust.add_anchor(state->trust_anchor);
  for (const auto& i : state->intermediates) trust.add_intermediate(i);
  pki::VerifyOptions options;
  if (!state->dns.empty()) options.expected_dns_name = state->dns.front();
  const auto verified = pki::verify_certificate(cert, trust, instant_of(ctx, last->time), options);
  if (!verified.ok()) {
    out.fail(who(e) + ": certificate " + cert.serial_hex() +
                 " does not verify against its trust "
                 "anchor (" +
                 std::string(pki::to_string(verified.failure)) + ": " + verified.detail + ")",
             std::move(evidence));
    return;
  }
  out.pass(who(e) + ": steps in order, holds certificate " + cert.serial_hex() + " for \"" +
               cert.subject().to_string() + "\" chaining to \"" +
               state->trust_anchor.subject().to_string() + "\"",
           std::move(evidence));
}

// Nothing was registered, issued or installed for a VNFCI refused before registration.
void judge_nothing_issued(const DirectView& view, const VnfciCase& c, const Rec& refusal,
                          CheckOutcome& out) {
  const auto& q = view.mano().query;
  for (const auto* r :
       q.all(RecordFilter{}.of_kind(RecordKind::decision).op(decisions::kRegisterEndEntity)))
    if (detail_of(*r, keys::kIdentity).rfind(c.vnfci + "/", 0) == 0) {
      out.fail(c.vnfci + ": refused (" + describe(refusal) + ") yet registered at the CA (" +
                   describe(*r) + ")",
               {refusal.id, r->id});
      return;
    }
  if (const auto* issued = q.first(RecordFilter{}
                                       .of_kind(RecordKind::decision)
                                       .op(decisions::kIssueCertificate)
                                       .to(c.vnfci)
                                       .with_outcome(outcomes::kOk))) {
    out.fail(c.vnfci + ": refused yet a certificate was issued to it (" + describe(*issued) + ")",
             {refusal.id, issued->id});
    return;
  }
  out.pass(c.vnfci + ": refused at " + (refusal.step.empty() ? refusal.operation : refusal.step) +
               " by " + refusal.actor + " (" + reason_of(refusal) +
               "); nothing registered or issued",
           {refusal.id});
}

void judge_enrolment(const DirectView& view, const VnfciCase& c, const IdentityEnrolment& e,
                     CheckOutcome& out) {
  const auto& x = view.mano().expect;
  const auto& q = view.mano().query;
  const bool want_refusal = direct_refusal_expected(x, c.vnfci);
  auto evidence = step_evidence(e.steps);
  if (e.installed != nullptr && e.problem.empty()) {
    if (want_refusal) {
      out.fail(who(e) + ": expected to be refused, but enrolled (" + describe(*e.installed) + ")",
               evidence);
      return;
    }
    judge_final_state(view, c, e, out, evidence);
    return;
  }
  if (e.refusal != nullptr) {
    evidence.push_back(e.refusal->id);
    if (!want_refusal) {
      out.fail(who(e) + ": refused (" + describe(*e.refusal) + ": " + reason_of(*e.refusal) + ")",
               evidence);
      return;
    }
    if (auto why = direct_refusal_mismatch(x, c.vnfci, *e.refusal); !why.empty()) {
      // A CA that issued where the scenario expects a refusal (one that does not compare the
      // request with the registration, say): the holder's own refusal does not make up for it.
      if (const auto* issued = issued_instead(view, c, e)) {
        why = "expected a refusal, but " + issued->actor + " issued certificate " +
              detail_of(*issued, keys::kSerial) + " (" + describe(*issued) + "); " + why;
        evidence.push_back(issued->id);
      }
      out.fail(who(e) + ": " + why, evidence);
      return;
    }
    // A CA refusal goes back to the VNFCI at the reply step: a CMP error message, or the
    // response (ip, cp, kup) carrying status rejection and the PKIFailureInfo.
    if (view.mano().roles.is_ca(e.refusal->actor) && e.flow != nullptr) {
      const auto* error =
          q.first(sends(e.refusal->actor, c.vnfci).at_step(direct_step(*e.flow, e.flow->reply)),
                  e.refusal->id);
      if (error == nullptr || q.receive_of(*error) == nullptr) {
        out.fail(
            who(e) + ": refused by " + e.refusal->actor + " but no CMP answer reached " + c.vnfci,
            evidence);
        return;
      }
      evidence.push_back(error->id);
    }
    if (const auto* any = q.first(decision(c.vnfci, decisions::kCertificateInstalled)
                                      .with(keys::kIdentity, e.identity)
                                      .with_outcome(outcomes::kOk))) {
      out.fail(who(e) + ": refused, yet it installed a certificate (" + describe(*any) + ")",
               evidence);
      return;
    }
    out.pass(who(e) + ": refused at " +
                 (e.refusal->step.empty() ? e.refusal->operation : e.refusal->step) + " by " +
                 e.refusal->actor + " (" + reason_of(*e.refusal) + "), nothing installed",
             evidence);
    return;
  }
  // Missing or out of order.
  if (c.retired != nullptr) {
    const auto* cut = e.steps.empty() ? nullptr : e.steps.rbegin()->second;
    if (cut == nullptr || c.retired->id > cut->id) {
      out.inconc(who(e) + ": " + c.vnfci + " was retired (" + describe(*c.retired) +
                     ") before its enrolment finished (" + e.problem + ")",
                 evidence);
      return;
    }
  }
  if (e.problem.rfind(direct_step(*e.flow, e.flow->reply), 0) == 0 && e.failed == nullptr &&
      e.installed == nullptr) {
    const auto* last_step = e.steps.empty() ? nullptr : e.steps.rbegin()->second;
    if (last_step != nullptr &&
        run_end(view.mano().context) - last_step->time < sim::Duration::minutes(2)) {
      out.inconc(who(e) + ": still enrolling when the run ended (" + e.problem + ")", evidence);
      return;
    }
  }
  out.fail(who(e) + ": " + (e.problem.empty() ? "enrolment incomplete" : e.problem), evidence);
}

void judge_case(const DirectView& view, const VnfciCase& c, CheckOutcome& out,
                const std::function<bool(const IdentityEnrolment&)>& include) {
  const auto& x = view.mano().expect;
  // Refused before identities were created (attestation).
  if (c.attestation != nullptr && c.attestation->outcome != outcomes::kOk) {
    if (!direct_refusal_expected(x, c.vnfci)) {
      out.fail(c.vnfci + ": attestation refused (" + describe(*c.attestation) + ": " +
                   reason_of(*c.attestation) + ")",
               {c.discovered->id, c.attestation->id});
      return;
    }
    if (auto why = direct_refusal_mismatch(x, c.vnfci, *c.attestation); !why.empty()) {
      out.fail(c.vnfci + ": " + why, {c.attestation->id});
      return;
    }
    if (c.created != nullptr && c.created->id > c.attestation->id) {
      out.fail(c.vnfci + ": identities created although attestation was refused (" +
                   describe(*c.created) + ")",
               {c.attestation->id, c.created->id});
      return;
    }
    judge_nothing_issued(view, c, *c.attestation, out);
    return;
  }
  if (c.enrolments.empty()) {
    if (c.retired != nullptr) {
      out.inconc(c.vnfci + ": retired before its identities were created", {c.discovered->id});
      return;
    }
    out.fail(c.vnfci + ": discovered (" + describe(*c.discovered) +
                 ") but no identities were created for it",
             {c.discovered->id});
    return;
  }
  for (const auto& e : c.enrolments)
    if (include(e)) judge_enrolment(view, c, e, out);
  // A one-use initial credential presented again (note 4: a counter at the CA) must be refused.
  for (const auto* r :
       view.mano().query.all(decision(c.vnfci, decisions::kInitialCredentialReplay))) {
    if (r->outcome == outcomes::kRequested) continue;
    if (r->outcome == outcomes::kRefused)
      out.pass(c.vnfci + "/" + detail_of(*r, keys::kIdentity) +
                   ": the used initial credential was presented again and refused (" +
                   reason_of(*r) + ")",
               {r->id});
    else
      out.fail(c.vnfci + "/" + detail_of(*r, keys::kIdentity) +
                   ": a used one-use initial credential was accepted again (" + describe(*r) + ")",
               {r->id});
  }
}

// Expected VNFCIs the trace never shows.
void judge_missing_expected(const DirectView& view, const DirectFlow* flow, CheckOutcome& out) {
  const auto& x = view.mano().expect.direct;
  std::vector<std::string> named = x.enrolled;
  named.insert(named.end(), x.not_enrolled.begin(), x.not_enrolled.end());
  for (const auto& name : named) {
    const auto* c = view.vnfci(name);
    if (c == nullptr)
      out.fail(name + ": expected by the scenario but never discovered by a CMF");
    else if (flow != nullptr && c->flow != flow)
      continue;  // judged by its own flow's check
  }
}

}  // namespace

// ID            C.2.1.1 (plain), C.2.1.2 (remote attestation), C.2.1.3 (HSM)
// Objective     For every VNFCI the CMF discovered on this flow and every identity it created:
//               discovery, (attestation verified by the relying party,) identities created,
//               registration at the CA acknowledged, configuration delivered over the CMF-VNFCI
//               channel and stored, key pair (generated or from the HSM, with the HMEE-HSM
//               channel, CSR and optional HSM signature), enrolment request, issuance and reply,
//               each at its table step and in order; post-condition: the identity holds the
//               installed certificate, for the subject registered at the CA, chaining to the
//               trust anchor the CMF configured. An expected refusal must be recorded by the
//               refusing actor (CA error back to the VNFCI) with nothing issued; a refused
//               attestation must stop the flow before registration.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex C.2.1.1, C.2.1.2, C.2.1.3 (tables *.6-1, *.5-1)
// Applicability ICS "direct-mode" (+ "remote-attestation", + "hsm")
CheckResult check_direct_enrolment_flow(const CheckContext& context, const std::string& flow_id) {
  ManoView mano(context);
  DirectView view(mano);
  const auto* flow = find_direct_flow(flow_id);
  CheckOutcome out;
  for (const auto& c : view.vnfcis())
    if (c.flow == flow) judge_case(view, c, out, [](const IdentityEnrolment&) { return true; });
  if (!out.empty()) judge_missing_expected(view, flow, out);
  return out.result("nothing of " + flow_id + " in the trace (no VNFCI took this flow)");
}

// ID            C.3.1
// Objective     VNF OAM certificates are further VNFCI identities (usage "oam" in the VNFD) and
//               follow the direct-mode enrolment flow like the others: for each OAM identity,
//               the steps of the VNFCI's flow in order and the post-condition as in C.2.1.1.
// Reference     Annex C.3.1 (by reference to C.2.1.1)
// Applicability ICS "direct-mode"
CheckResult check_oam_flow(const CheckContext& context) {
  ManoView mano(context);
  DirectView view(mano);
  CheckOutcome out;
  for (const auto& c : view.vnfcis()) {
    const auto oam = [&](const IdentityEnrolment& e) {
      return view.has_usage(c.vnfc, e.identity, "oam");
    };
    if (std::none_of(c.enrolments.begin(), c.enrolments.end(), oam)) continue;
    judge_case(view, c, out, oam);
  }
  return out.result("no VNFCI had an OAM identity (usage \"oam\") in this run");
}

// ID            C.2.1.4
// Objective     Every renewal: the condition was configured (#0, the renew_before the CMF sent),
//               the VNFCI found it due while its certificate was still valid (#1), generated a
//               new key (#2), sent kur (#3), the CA issued by kur (#4) and the new certificate
//               came back and was installed (#5). A kur with a revoked or expired certificate
//               must be refused; the CA must never renew one. Expected renewal counts and
//               refusals are met.
// Reference     Annex C.2.1.4 (tables C.2.1.4.4-1, C.2.1.4.5-1, C.2.1.4.6-1)
// Applicability ICS "direct-mode"
CheckResult check_direct_renewal_flow(const CheckContext& context) {
  ManoView mano(context);
  DirectView view(mano);
  const auto& q = mano.query;
  const auto& x = mano.expect.direct;
  CheckOutcome out;
  std::map<std::string, int> renewed;   // vnfci/identity -> renewals installed
  std::map<std::string, bool> refused;  // vnfci -> a renewal was refused
  for (const auto& r : view.renewals()) {
    const auto name = r.vnfci + "/" + r.identity;
    auto evidence = step_evidence(r.steps);
    const auto old_serial = detail_of(*r.due, keys::kSerial);
    // The certificate being renewed: revoked at a CA before the request, or expired?
    const Rec* revoked = nullptr;
    for (const auto* c : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kRevokeCertificate)
                                   .with_outcome(outcomes::kOk)))
      if (same_serial(detail_of(*c, keys::kSerial), old_serial) && c->id < r.due->id) revoked = c;
    const auto not_after = sim::parse_utc(detail_of(*r.due, keys::kNotAfter));
    const bool expired =
        not_after && instant_of(context, r.due->time).unix_ns >= not_after->unix_ns;
    if (r.installed != nullptr && r.problem.empty()) {
      if (revoked != nullptr || expired) {
        evidence.push_back(revoked != nullptr ? revoked->id : r.due->id);
        out.fail(name + ": the CA renewed certificate " + old_serial + " although it was " +
                     (revoked != nullptr ? "revoked (" + describe(*revoked) + ")" : "expired"),
                 evidence);
        continue;
      }
      if (r.condition == nullptr) {
        const auto* condition = flows::step_with(flows::kDirectRenewal, RecordKind::decision,
                                                 decisions::kRenewalConditionSet);
        out.fail(name + ": renewed without a renewal condition configured (no #" +
                     std::to_string(condition->number) + ")",
                 evidence);
        continue;
      }
      ++renewed[name];
      out.pass(name + ": renewed by kur, " + old_serial + " -> " +
                   detail_of(*r.installed, keys::kSerial),
               evidence);
      continue;
    }
    if (r.refusal != nullptr) {
      evidence.push_back(r.refusal->id);
      refused[r.vnfci] = true;
      const ExpectedRenewalRefusal* wanted = x.renewal_refusal_of(r.vnfci);
      if (wanted != nullptr && ((!wanted->actor.empty() && wanted->actor != r.refusal->actor) ||
                                !reason_contains(*r.refusal, wanted->reason_contains))) {
        out.fail(name + ": expected its renewal refused" +
                     (wanted->actor.empty() ? std::string() : " by " + wanted->actor) + " (\"" +
                     wanted->reason_contains + "\"), the trace shows " + describe(*r.refusal) +
                     ": " + reason_of(*r.refusal),
                 evidence);
        continue;
      }
      if (wanted != nullptr || revoked != nullptr || expired)
        out.pass(name + ": renewal with " +
                     (revoked != nullptr ? "revoked"
                      : expired          ? "expired"
                                         : "refused") +
                     " certificate " + old_serial + " refused by " + r.refusal->actor + " (" +
                     reason_of(*r.refusal) + ")",
                 evidence);
      else
        out.fail(name + ": renewal of valid certificate " + old_serial + " refused (" +
                     describe(*r.refusal) + ": " + reason_of(*r.refusal) + ")",
                 evidence);
      continue;
    }
    const auto* vnfci = view.vnfci(r.vnfci);
    if (vnfci != nullptr && vnfci->retired != nullptr && vnfci->retired->id > r.due->id) {
      out.inconc(name + ": retired during its renewal (" + r.problem + ")", evidence);
      continue;
    }
    if (run_end(context) - r.due->time < sim::Duration::minutes(2)) {
      out.inconc(name + ": renewal still under way when the run ended", evidence);
      continue;
    }
    out.fail(name + ": " + r.problem, evidence);
  }
  for (const auto& v : x.renewal_refused)
    if (!refused[v.vnfci])
      out.fail(v.vnfci + ": expected a refused renewal (\"" + v.reason_contains +
               "\"), the trace shows none");
  if (x.renewals > 0)
    for (const auto& c : view.vnfcis()) {
      if (c.retired != nullptr) continue;
      for (const auto& e : c.enrolments) {
        if (e.installed == nullptr) continue;
        const auto name = who(e);
        if (renewed[name] < x.renewals)
          out.fail(name + ": " + std::to_string(renewed[name]) +
                   " renewal(s), the scenario expects " + "at least " + std::to_string(x.renewals));
      }
    }
  return out.result("no VNFCI renewal in the trace");
}

void register_direct_mode_checks(CheckRegistry& registry) {
  for (const auto& flow : direct_flows()) {
    const std::string id = flow.id;
    registry.add(id, "steps in table order per VNFCI identity, certificate held at the end",
                 [id](const CheckContext& c) { return check_direct_enrolment_flow(c, id); });
  }
  registry.add(flows::kOamDirect, "OAM identities enrolled by the direct-mode flow",
               check_oam_flow);
  registry.add(flows::kDirectRenewal,
               "renewal by kur with a valid certificate, steps " +
                   flows::step_range(flows::kDirectRenewal) + " in order",
               check_direct_renewal_flow);
}

}  // namespace ifa026::conformance
