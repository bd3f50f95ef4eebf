// Annex C.4 flow checks (see flow_checks.hpp).
//
// Test purposes (ETSI TST010 style), one per flow ID:
//   ID         C.4.1.1 / C.4.2.1 / C.4.3.1 (registration of the NFVO / VNFM / VIM)
//   Objective  the consumer's registration request (#0 OSS -> CMF), the CMF's decision (#1,
//              with CA selection when it registers) and its response (#2 CMF -> OSS) occur in
//              table order for every entity the scenario registers; an expected refusal is
//              recorded with its reason and answered.
//   Reference  ETSI GS NFV-IFA 026 V4.5.1 Annex C.4.x.1.6 (tables C.4.x.1.6-1)
//   Applicability ICS option "mano-certificates"
//   Pre        a CA and a CMF holding its certificate; a trusted consumer (C.4.x.1.4)
//   Post       the CMF has registered the FQDN (C.4.x.1.5)
//
//   ID         C.4.1.2.6 / C.4.2.2.6 / C.4.3.2.6 (CSR of the NFVO / VNFM / VIM) and .7 (with HSM)
//   Objective  #0 entity -> CMF CSR, #1 CMF RegistrationCheck, #2 CMF CsrValidation, #3 CMF -> CA
//              p10cr, #4 CA IssueCertificate, #5 CA -> CMF cp, #6 CMF -> entity response occur in
//              table order between these actors for every entity concerned; with an HSM the key
//              is generated and the CSR signed in the HSM before #0.
//   Reference  Annex C.4.x.2.6 (tables C.4.x.2.6-1) and C.4.x.2.7 (tables C.4.x.2.7-2)
//   Applicability ICS option "mano-certificates" (and "hsm" for .7)
//   Pre        the entity is registered (C.4.x.2.4)
//   Post       the entity holds its certificate and chain (C.4.x.2.5): checked on the final
//              state at the final simulated time, SAN dNSName = registered FQDN, and the trace
//              shows CertificateInstalled for that serial. An entity expected to be refused
//              gets the rejection at the right step, the error reply, and no certificate.
#include "conformance/flow_checks.hpp"

#include <set>

#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;
using Rec = sim::TraceRecord;

class Claims {
 public:
  bool taken(const Rec* r) const { return r != nullptr && ids_.contains(r->id); }
  void take(const Rec* r) {
    if (r != nullptr) ids_.insert(r->id);
  }

 private:
  std::set<std::uint64_t> ids_;
};

const Rec* first_free(const TraceQuery& q, const RecordFilter& f, const Claims& claims,
                      std::uint64_t after, std::uint64_t before = 0) {
  for (const auto* r : q.all(f)) {
    if (r->id <= after || (before != 0 && r->id >= before)) continue;
    if (!claims.taken(r)) return r;
  }
  return nullptr;
}

const Rec* last_free(const TraceQuery& q, const RecordFilter& f, const Claims& claims,
                     std::uint64_t after, std::uint64_t before) {
  const Rec* found = nullptr;
  for (const auto* r : q.all(f)) {
    if (r->id <= after || (before != 0 && r->id >= before)) continue;
    if (!claims.taken(r)) found = r;
  }
  return found;
}

std::string sharp(int n) {
  return "#" + std::to_string(n);
}

// The operation of the CSR flow an expected rejection is recorded at, by table step.
int csr_step_of(const std::string& operation) {
  if (operation == "RegistrationCheck") return 1;
  if (operation == "CsrValidation" || operation == "KeyAttestationVerification") return 2;
  if (operation == "IssueCertificate") return 4;
  if (operation == "CaRequest") return 5;
  return -1;
}

// ---------------------------------------------------------------------------------------------
// CSR flows

struct CsrAttempt {
  const Rec* step[7] = {};
  const Rec* installed = nullptr;
  const Rec* rejection = nullptr;
  int rejected_at = -1;
  const Rec* error_reply = nullptr;
  int reached = -1;     // highest step found in order
  std::string problem;  // "" when it completed or ended with an answered rejection

  bool complete() const { return problem.empty() && installed != nullptr; }
  bool answered_rejection() const { return problem.empty() && rejection != nullptr; }
  std::vector<std::uint64_t> evidence() const {
    std::vector<std::uint64_t> out;
    for (const auto* r : step)
      if (r != nullptr) out.push_back(r->id);
    for (const auto* r : {installed, rejection, error_reply})
      if (r != nullptr) out.push_back(r->id);
    return out;
  }
};

class CsrFlowWalker {
 public:
  CsrFlowWalker(const ManoView& view, const ManoFlow& flow, Claims& claims)
      : v_(view), q_(view.query), flow_(flow), claims_(claims) {}

  std::string at(int n) const { return step_id(flow_.id, n); }

  // Every attempt of `entity` (one per RegistrationCheck decision at #1).
  std::vector<CsrAttempt> attempts(const std::string& entity) {
    const auto cmf = cmf_of(v_, entity);
    std::vector<CsrAttempt> out;
    const auto checks =
        q_.all(decision(cmf, "RegistrationCheck").with("entity", entity).at_step(at(1)));
    if (checks.empty()) {
      const auto* s0 = q_.first(sends(entity, cmf).op("CertificateSigningRequest").at_step(at(0)));
      if (s0 == nullptr) return out;  // nothing of this flow for the entity
      CsrAttempt a;
      a.step[0] = s0;
      a.reached = 0;
      a.problem = sharp(1) + " missing: " + cmf + " recorded no RegistrationCheck (" + at(1) +
                  ") for " + entity + " after its CSR (" + describe(*s0) + ")";
      const auto installs = installs_of(v_, entity);
      if (!installs.empty())
        a.problem +=
            "; yet " + entity + " installed a certificate (" + describe(*installs[0]) + ")";
      out.push_back(a);
      return out;
    }
    std::uint64_t previous = 0;
    for (const auto* r1 : checks) {
      out.push_back(walk(cmf, entity, r1, previous));
      previous = r1->id;
    }
    return out;
  }

 private:
  void reject(CsrAttempt& a, const Rec* record, int n, const std::string& cmf,
              const std::string& entity) {
    a.rejection = record;
    a.rejected_at = n;
    const auto* reply = q_.first(sends(cmf, entity).op("CertificateSigningResponse"), record->id);
    if (reply == nullptr) {
      a.problem = "rejection at " + sharp(n) + " (" + describe(*record) +
                  ") but no CertificateSigningResponse went back to " + entity;
      return;
    }
    a.error_reply = reply;
    if (q_.receive_of(*reply) == nullptr)
      a.problem =
          "the error response to " + entity + " (" + describe(*reply) + ") was never received";
  }

  // The HSM-If exchanges of C.4.x.2.7#0: key generated and CSR signed in the entity's HSM.
  std::string hsm_problem(const std::string& entity, const Rec& s0, std::uint64_t after) {
    const auto keygen = q_.last(decision(entity, "GenerateKey").with_outcome("ok"), after, s0.id);
    if (keygen == nullptr) return "no GenerateKey decision of " + entity + " before its CSR";
    if (detail_of(*keygen, "in") != "hsm")
      return entity + " generated its key in=" + detail_of(*keygen, "in") + ", not in its HSM";
    const auto hsm = v_.roles.hsm_of(entity);
    RecordFilter sign = sends(entity, hsm).op("SignCsrRequest");
    if (hsm.empty())
      sign = RecordFilter{}.of_kind(RecordKind::send).by(entity).op("SignCsrRequest");
    const auto* request = q_.last(sign, after, s0.id);
    if (request == nullptr)
      return entity + " did not ask its HSM to sign the CSR before sending it";
    const auto* signed_by = q_.first(RecordFilter{}
                                         .of_kind(RecordKind::decision)
                                         .by(request->peer)
                                         .op("SignCsr")
                                         .with_outcome("ok"),
                                     request->id, s0.id);
    if (signed_by == nullptr)
      return "the HSM " + request->peer + " recorded no SignCsr ok before " + entity + "'s CSR";
    return "";
  }

  CsrAttempt walk(const std::string& cmf, const std::string& entity, const Rec* r1,
                  std::uint64_t previous) {
    CsrAttempt a;
    const auto fqdn = registered_fqdn(v_, entity);
    // #0
    const auto* s0 = q_.last(sends(entity, cmf).op("CertificateSigningRequest").at_step(at(0)),
                             previous, r1->id);
    if (s0 == nullptr) {
      a.problem = sharp(0) + " missing: no " + at(0) + " send from " + entity + " to " + cmf +
                  " before " + describe(*r1);
      return a;
    }
    a.step[0] = s0;
    a.reached = 0;
    const auto* got0 = q_.receive_of(*s0);
    if (got0 == nullptr || got0->id > r1->id) {
      a.problem =
          sharp(0) + " " + describe(*s0) + " was not received by " + cmf + " before " + sharp(1);
      return a;
    }
    if (flow_.hsm) {
      if (auto p = hsm_problem(entity, *s0, previous); !p.empty()) {
        a.problem = sharp(0) + " (HSM): " + p;
        return a;
      }
    } else if (const auto* keygen =
                   q_.last(decision(entity, "GenerateKey").with_outcome("ok"), previous, s0->id);
               keygen != nullptr && detail_of(*keygen, "in") == "hsm") {
      a.problem =
          entity + " generated its key in its HSM: the flow is the .7 variant, not " + flow_.id;
      return a;
    }
    // #1
    a.step[1] = r1;
    a.reached = 1;
    if (r1->outcome != "ok") {
      reject(a, r1, 1, cmf, entity);
      return a;
    }
    // #2
    const auto* r2 =
        q_.first(crypto(cmf, "CsrValidation").with("entity", entity).at_step(at(2)), r1->id);
    if (r2 == nullptr) {
      const auto* early = q_.last(
          crypto(cmf, "CsrValidation").with("entity", entity).at_step(at(2)), previous, r1->id);
      a.problem = early != nullptr ? sharp(2) + " out of table order: " + describe(*early) +
                                         " comes before " + sharp(1) + " " + describe(*r1)
                                   : sharp(2) + " missing: no CsrValidation (" + at(2) + ") of " +
                                         cmf + " for " + entity + " after " + describe(*r1);
      return a;
    }
    a.step[2] = r2;
    a.reached = 2;
    if (r2->outcome != "ok") {
      reject(a, r2, 2, cmf, entity);
      return a;
    }
    // #4, correlated to the entity, then #3 between #2 and #4.
    const Rec* r4 = nullptr;
    for (const auto* r : q_.all(
             RecordFilter{}.of_kind(RecordKind::decision).op("IssueCertificate").at_step(at(4)))) {
      if (r->id <= r2->id || claims_.taken(r) || !v_.roles.is_ca(r->actor)) continue;
      if (concerns(*r, entity, fqdn) || uncorrelated(*r)) {
        r4 = r;
        break;
      }
    }
    const auto* s3_any =
        first_free(q_, RecordFilter{}.of_kind(RecordKind::send).by(cmf).op("p10cr").at_step(at(3)),
                   claims_, r2->id);
    if (r4 == nullptr) {
      // The CMF's request to the CA failed (CA unavailable): answered at #6 as a rejection.
      if (const auto* failed = q_.first(decision(cmf, "CaRequest").with("entity", entity), r2->id);
          failed != nullptr && failed->outcome != "ok") {
        if (s3_any != nullptr && s3_any->id < failed->id) {
          a.step[3] = s3_any;
          claims_.take(s3_any);
        }
        a.reached = 3;
        reject(a, failed, 5, cmf, entity);
        return a;
      }
      a.problem = s3_any == nullptr ? sharp(3) + " missing: " + cmf + " relayed no request (" +
                                          at(3) + ") to a CA after " + describe(*r2)
                                    : sharp(4) + " missing: no CA recorded IssueCertificate (" +
                                          at(4) + ") for " + entity + " after " + describe(*s3_any);
      if (s3_any != nullptr) {
        a.step[3] = s3_any;
        a.reached = 3;
      }
      // A CSR that the CA never answered still has to be answered to the entity.
      if (const auto* reply = q_.first(sends(cmf, entity).op("CertificateSigningResponse"), r2->id);
          reply != nullptr)
        a.error_reply = reply;
      return a;
    }
    const auto ca = r4->actor;
    const auto* s3 =
        first_free(q_, sends(cmf, ca).op("p10cr").at_step(at(3)), claims_, r2->id, r4->id);
    if (s3 == nullptr) {
      const auto* late = first_free(q_, sends(cmf, ca).op("p10cr").at_step(at(3)), claims_, r4->id);
      a.problem = late != nullptr ? sharp(3) + " out of table order: " + describe(*late) +
                                        " comes after " + sharp(4) + " " + describe(*r4)
                                  : sharp(3) + " missing: no " + at(3) + " send from " + cmf +
                                        " to " + ca + " between " + sharp(2) + " and " + sharp(4);
      return a;
    }
    const auto* got3 = q_.receive_of(*s3);
    if (got3 == nullptr || got3->id > r4->id) {
      a.problem =
          sharp(3) + " " + describe(*s3) + " was not received by " + ca + " before " + sharp(4);
      return a;
    }
    a.step[3] = s3;
    a.step[4] = r4;
    a.reached = 4;
    claims_.take(s3);
    claims_.take(r4);
    if (r4->outcome != "ok") {
      reject(a, r4, 4, cmf, entity);
      return a;
    }
    // #6 to the entity, then #5 between #4 and #6.
    const auto* s6 =
        q_.first(sends(cmf, entity).op("CertificateSigningResponse").at_step(at(6)), r4->id);
    const auto* s5 = first_free(q_, sends(ca, cmf).op("cp").at_step(at(5)), claims_, r4->id,
                                s6 != nullptr ? s6->id : 0);
    if (s5 == nullptr) {
      a.problem = sharp(5) + " missing: no " + at(5) + " send from " + ca + " to " + cmf +
                  " after " + describe(*r4) + (s6 != nullptr ? " and before " + sharp(6) : "");
      return a;
    }
    const auto* got5 = q_.receive_of(*s5);
    if (got5 == nullptr || (s6 != nullptr && got5->id > s6->id)) {
      a.problem =
          sharp(5) + " " + describe(*s5) + " was not received by " + cmf + " before " + sharp(6);
      return a;
    }
    a.step[5] = s5;
    a.reached = 5;
    claims_.take(s5);
    if (s6 == nullptr) {
      a.problem = sharp(6) + " missing: no " + at(6) + " send from " + cmf + " to " + entity +
                  " after " + describe(*s5);
      return a;
    }
    a.step[6] = s6;
    a.reached = 6;
    const auto* got6 = q_.receive_of(*s6);
    if (got6 == nullptr) {
      a.problem = sharp(6) + " " + describe(*s6) + " was never received by " + entity;
      return a;
    }
    a.installed = q_.first(decision(entity, "CertificateInstalled").with_outcome("ok"), got6->id);
    if (a.installed == nullptr)
      a.problem = entity + " received " + sharp(6) + " but recorded no CertificateInstalled";
    return a;
  }

  const ManoView& v_;
  const TraceQuery& q_;
  const ManoFlow& flow_;
  Claims& claims_;
};

// Entities of the flow's type whose records or expectations tie them to this flow.
std::vector<std::string> concerned_entities(const ManoView& v, const ManoFlow& flow) {
  std::vector<std::string> out;
  const auto prefix = flow.id + "#";
  for (const auto& entity : v.roles.entities_of(flow.entity_type)) {
    bool in_trace = false;
    bool in_other_variant = false;
    for (const auto& r : v.query.records()) {
      if (r.step.empty()) continue;
      const bool about = (r.kind == RecordKind::send && r.actor == entity) ||
                         (v.roles.is_cmf(r.actor) && detail_of(r, "entity") == entity);
      if (!about) continue;
      if (r.step.rfind(prefix, 0) == 0)
        in_trace = true;
      else if (!flow.registration &&
               find_mano_flow(r.step.substr(0, r.step.find('#'))) != nullptr &&
               !find_mano_flow(r.step.substr(0, r.step.find('#')))->registration)
        in_other_variant = true;
    }
    if (flow.registration) {
      // Registration concerns the entity when the CMF decided about it at this flow's step, or
      // when the scenario expects it to be registered or refused.
      bool expected = v.expect.expects_certified(entity);
      for (const auto& rj : v.expect.rejections_of(entity))
        if (rj.operation == "RegisterEntity") expected = true;
      if (in_trace || expected) out.push_back(entity);
      continue;
    }
    const bool variant = !v.roles.hsm_of(entity).empty() == flow.hsm;
    if (in_trace || (variant && !in_other_variant && v.expect.mentions(entity)))
      out.push_back(entity);
  }
  return out;
}

// Every expected rejection of `entity` that belongs to this flow's steps: recorded by the named
// actor at the right step with the reason asked for, and answered with an error response.
void verify_rejections(const ManoView& v, const ManoFlow& flow, const std::string& entity,
                       const std::vector<ExpectedRejection>& rejections, CheckOutcome& out,
                       bool& any) {
  for (const auto& rj : rejections) {
    const int n = csr_step_of(rj.operation);
    const std::string want_step = !rj.step.empty() ? rj.step : n >= 0 ? step_id(flow.id, n) : "";
    RecordFilter f;
    f.actor = rj.actor;
    f.operation = rj.operation;
    const Rec* found = nullptr;
    const Rec* wrong_step = nullptr;
    for (const auto* r : v.query.all(f)) {
      // About the entity: it names it, or (channel records) it is the entity's own or its peer's.
      const bool about = has_detail(*r, "entity") ? detail_of(*r, "entity") == entity
                                                  : r->actor == entity || r->peer == entity;
      if (!about || r->outcome == "ok" || !reason_contains(*r, rj.reason_contains)) continue;
      if (!want_step.empty() && r->step != want_step) {
        if (wrong_step == nullptr) wrong_step = r;
        continue;
      }
      found = r;
      break;
    }
    // Recorded in another Annex C flow's steps: that flow's check judges it.
    if (found == nullptr && wrong_step != nullptr && !wrong_step->step.empty() &&
        wrong_step->step.rfind(flow.id + "#", 0) != 0 &&
        find_mano_flow(wrong_step->step.substr(0, wrong_step->step.find('#'))) != nullptr)
      continue;
    if (found == nullptr && wrong_step == nullptr && !rj.step.empty() &&
        rj.step.rfind(flow.id + "#", 0) != 0)
      continue;  // expected in another flow
    any = true;
    if (found == nullptr) {
      out.fail(entity + ": expected " + rj.actor + " to reject at " + rj.operation +
                   (rj.reason_contains.empty() ? "" : " (\"" + rj.reason_contains + "\")") +
                   (want_step.empty() ? "" : " at " + want_step) + ", " +
                   (wrong_step != nullptr ? "but it is recorded at step \"" + wrong_step->step +
                                                "\" (" + describe(*wrong_step) + ")"
                                          : std::string("but the trace holds no such rejection")),
               wrong_step != nullptr ? std::vector<std::uint64_t>{wrong_step->id}
                                     : std::vector<std::uint64_t>{});
      continue;
    }
    if (!v.roles.is_cmf(found->actor)) {
      // Refused before the CMF could answer (e.g. by the entity itself on its TLS channel).
      out.pass(entity + ": " + found->actor + " refused at " + found->operation + " (" +
                   (has_detail(*found, "reason") ? detail_of(*found, "reason")
                                                 : detail_of(*found, "alert")) +
                   ")",
               {found->id});
      continue;
    }
    const auto cmf = cmf_of(v, entity);
    const auto* reply =
        v.query.first(sends(cmf, entity).op("CertificateSigningResponse"), found->id);
    if (reply == nullptr || v.query.receive_of(*reply) == nullptr) {
      out.fail(entity + ": rejected (" + describe(*found) + ") but no error response reached it",
               {found->id});
      continue;
    }
    out.pass(entity + ": rejected at " + (found->step.empty() ? rj.operation : found->step) + " (" +
                 detail_of(*found, "reason") + ") and the error response went back",
             {found->id, reply->id});
  }
}

void judge_csr_entity(const ManoView& v, const ManoFlow& flow, const std::string& entity,
                      const std::vector<CsrAttempt>& attempts, CheckOutcome& out) {
  const auto fqdn = registered_fqdn(v, entity);
  const bool want_cert = v.expect.expects_certified(entity);
  std::vector<ExpectedRejection> rejections;
  for (const auto& rj : v.expect.rejections_of(entity))
    if (rj.operation != "RegisterEntity") rejections.push_back(rj);
  const bool want_refusal = v.expect.expects_not_certified(entity);

  const CsrAttempt* best = nullptr;  // the attempt that got furthest
  for (const auto& a : attempts)
    if (best == nullptr || a.reached > best->reached) best = &a;
  const CsrAttempt* completed = nullptr;
  for (const auto& a : attempts)
    if (a.complete()) {
      completed = &a;
      break;
    }

  if (want_cert) {
    if (completed == nullptr) {
      if (best == nullptr)
        out.fail(entity + " is expected to be certified but the trace holds nothing of " + flow.id +
                 " for it");
      else
        out.fail(entity + " (" + flow.id + "): " + best->problem, best->evidence());
      return;
    }
    auto holder = check_current_certificate(v.context.simulation, entity, fqdn);
    if (!holder.ok) {
      out.fail(entity + " (" + flow.id + "): steps #0..#6 in order, but " + holder.reason,
               completed->evidence());
      return;
    }
    const Rec* install = nullptr;
    for (const auto* r : installs_of(v, entity))
      if (same_serial(detail_of(*r, "serial"), holder.serial)) install = r;
    if (install == nullptr) {
      out.fail(entity + " (" + flow.id + "): holds certificate " + holder.serial +
                   " but the trace shows no CertificateInstalled for that serial",
               completed->evidence());
      return;
    }
    auto evidence = completed->evidence();
    evidence.push_back(install->id);
    out.pass(entity + ": " + flow.id + " #0..#6 in table order; " + holder.reason, evidence);
    bool any = false;
    verify_rejections(v, flow, entity, rejections, out, any);
    return;
  }

  if (want_refusal || !rejections.empty()) {
    if (want_refusal) {
      const auto issued = issuances_of(v, entity);
      const auto installed = installs_of(v, entity);
      const auto* holder = holder_of(v.context.simulation, entity);
      if (!issued.empty() || !installed.empty() ||
          (holder != nullptr && holder->current_certificate())) {
        std::vector<std::uint64_t> ev;
        if (!issued.empty()) ev.push_back(issued[0]->id);
        if (!installed.empty()) ev.push_back(installed[0]->id);
        out.fail(
            entity + " was expected to be refused but " +
                (!issued.empty() ? "a CA issued it a certificate (" + describe(*issued[0]) + ")"
                                 : std::string("it holds a certificate")),
            ev);
        return;
      }
    }
    bool any = false;
    verify_rejections(v, flow, entity, rejections, out, any);
    if (any || attempts.empty()) return;
    bool all_answered = true;
    for (const auto& a : attempts)
      if (!a.answered_rejection()) {
        out.fail(
            entity + " (" + flow.id + "): " +
                (a.problem.empty() ? std::string("attempt did not end in a rejection") : a.problem),
            a.evidence());
        all_answered = false;
      }
    if (all_answered)
      out.pass(entity + ": every " + flow.id + " attempt ended in an answered rejection",
               attempts.front().evidence());
    return;
  }

  // No expectation: judge the flow as the table describes it.
  if (attempts.empty()) return;
  if (completed != nullptr) {
    out.pass(entity + ": " + flow.id + " #0..#6 in table order", completed->evidence());
    return;
  }
  if (best->answered_rejection()) {
    // The flow's result is the certificate: a refusal the scenario does not expect is not it.
    out.fail(entity + ": " + flow.id + " ended with a rejection at " + sharp(best->rejected_at) +
                 " (" + describe(*best->rejection) + ": " + detail_of(*best->rejection, "reason") +
                 ") that the scenario does not expect (no certificate; expect.not_certified and "
                 "expect.rejections name an intended refusal)",
             best->evidence());
    return;
  }
  out.fail(entity + " (" + flow.id + "): " + best->problem, best->evidence());
}

// ---------------------------------------------------------------------------------------------
// Registration flows

void judge_registration_entity(const ManoView& v, const ManoFlow& flow, const std::string& entity,
                               Claims& claims, CheckOutcome& out) {
  const auto& q = v.query;
  const auto at = [&](int n) { return step_id(flow.id, n); };
  const bool want_registered = v.expect.expects_certified(entity);
  std::vector<ExpectedRejection> rejections;
  for (const auto& rj : v.expect.rejections_of(entity))
    if (rj.operation == "RegisterEntity") rejections.push_back(rj);

  const Rec* r1 = nullptr;
  for (const auto* r : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op("RegisterEntity")
                                 .with("entity", entity)))
    if (v.roles.is_cmf(r->actor)) {
      r1 = r;
      break;
    }
  if (r1 == nullptr) {
    if (want_registered || !rejections.empty())
      out.fail(entity + ": no CMF recorded a RegisterEntity decision (" + at(1) + ") for it");
    return;
  }
  const auto cmf = r1->actor;
  std::vector<std::uint64_t> ev{r1->id};
  if (r1->step != at(1)) {
    out.fail(entity + ": the registration decision carries step \"" + r1->step + "\", not " + at(1),
             ev);
    return;
  }
  // #0 from the consumer named in the decision.
  std::string consumer = detail_of(*r1, "consumer");
  RecordFilter f0 =
      RecordFilter{}.of_kind(RecordKind::send).to(cmf).op("RegisterEntityRequest").at_step(at(0));
  if (!consumer.empty()) f0.actor = consumer;
  const auto* s0 = last_free(q, f0, claims, 0, r1->id);
  if (s0 == nullptr) {
    out.fail(entity + ": #0 missing: no " + at(0) + " send" +
                 (consumer.empty() ? std::string() : " from " + consumer) + " to " + cmf +
                 " before " + describe(*r1),
             ev);
    return;
  }
  if (consumer.empty()) consumer = s0->actor;
  const auto* got0 = q.receive_of(*s0);
  if (got0 == nullptr || got0->id > r1->id) {
    out.fail(entity + ": #0 " + describe(*s0) + " was not received by " + cmf + " before #1", ev);
    return;
  }
  claims.take(s0);
  ev.insert(ev.begin(), s0->id);
  // #2 back to the consumer.
  const auto* s2 = first_free(q, sends(cmf, consumer).op("RegisterEntityResponse").at_step(at(2)),
                              claims, r1->id);
  if (s2 == nullptr) {
    const auto* early =
        last_free(q, sends(cmf, consumer).op("RegisterEntityResponse").at_step(at(2)), claims,
                  s0->id, r1->id);
    out.fail(entity + ": " +
                 (early != nullptr ? "#2 out of table order: " + describe(*early) +
                                         " comes before the decision #1"
                                   : "#2 missing: no " + at(2) + " response from " + cmf + " to " +
                                         consumer + " after " + describe(*r1)),
             ev);
    return;
  }
  claims.take(s2);
  ev.push_back(s2->id);
  if (q.receive_of(*s2) == nullptr) {
    out.fail(entity + ": #2 " + describe(*s2) + " was never received by " + consumer, ev);
    return;
  }

  if (r1->outcome == "registered") {
    if (!rejections.empty()) {
      out.fail(entity + " was expected to be refused (" + rejections[0].reason_contains + ") but " +
                   cmf + " registered it",
               ev);
      return;
    }
    const auto* select = q.first(
        decision(cmf, "SelectCa").with_outcome("ok").with("entity", entity), s0->id, s2->id);
    if (select == nullptr) {
      out.fail(entity + ": registered, but " + cmf + " recorded no SelectCa for it before #2", ev);
      return;
    }
    ev.push_back(select->id);
    const auto fqdn = detail_of(*r1, "fqdn");
    if (fqdn.empty()) {
      out.fail(entity + ": the registration decision names no FQDN", ev);
      return;
    }
    if (const auto* holder = holder_of(v.context.simulation, entity);
        holder != nullptr && !holder->fqdn().empty() && holder->fqdn() != fqdn) {
      out.fail(entity + ": registered FQDN " + fqdn +
                   " differs from the one it was configured with (" + holder->fqdn() + ")",
               ev);
      return;
    }
    out.pass(entity + ": " + flow.id + " #0..#2 in table order; " + cmf + " registered " + fqdn +
                 " for " + consumer + " and selected CA " + detail_of(*select, "ca"),
             ev);
    return;
  }
  // Rejected.
  if (want_registered) {
    out.fail(entity + " was expected to be registered but " + cmf + " rejected it (" +
                 detail_of(*r1, "reason") + ")",
             ev);
    return;
  }
  if (const auto* later = q.first(RecordFilter{}
                                      .of_kind(RecordKind::decision)
                                      .by(cmf)
                                      .op("RegisterEntity")
                                      .with_outcome("registered")
                                      .with("entity", entity),
                                  r1->id);
      later != nullptr && !rejections.empty()) {
    out.fail(entity + ": rejected, then registered later (" + describe(*later) + ")", ev);
    return;
  }
  for (const auto& rj : rejections) {
    if (!rj.actor.empty() && rj.actor != cmf) {
      out.fail(entity + ": expected " + rj.actor + " to reject it, but " + cmf + " decided", ev);
      return;
    }
    if (!reason_contains(*r1, rj.reason_contains)) {
      out.fail(entity + ": rejected for \"" + detail_of(*r1, "reason") +
                   "\", expected a reason containing \"" + rj.reason_contains + "\"",
               ev);
      return;
    }
  }
  out.pass(entity + ": " + flow.id + " #0..#2 in table order; " + cmf + " rejected it (" +
               detail_of(*r1, "reason") + ") and answered " + consumer,
           ev);
}

}  // namespace

CheckResult check_csr_flow(const CheckContext& context, const ManoFlow& flow) {
  ManoView view(context);
  CheckOutcome out;
  Claims claims;
  CsrFlowWalker walker(view, flow, claims);
  for (const auto& entity : concerned_entities(view, flow))
    judge_csr_entity(view, flow, entity, walker.attempts(entity), out);
  return out.result("nothing of " + flow.id + " in the trace (no entity took this flow)");
}

CheckResult check_registration_flow(const CheckContext& context, const ManoFlow& flow) {
  ManoView view(context);
  CheckOutcome out;
  Claims claims;
  for (const auto& entity : concerned_entities(view, flow))
    judge_registration_entity(view, flow, entity, claims, out);
  return out.result("nothing of " + flow.id + " in the trace (no registration of a " +
                    flow.entity_type + ")");
}

void register_flow_checks(CheckRegistry& registry) {
  for (const auto& flow : mano_flows()) {
    if (flow.registration)
      registry.add(flow.id, "registration steps #0..#2 in table order, FQDN registered",
                   [&flow](const CheckContext& c) { return check_registration_flow(c, flow); });
    else
      registry.add(flow.id, "CSR steps #0..#6 in table order, certificate held at the end",
                   [&flow](const CheckContext& c) { return check_csr_flow(c, flow); });
  }
}

}  // namespace ifa026::conformance
