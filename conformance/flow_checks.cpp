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
//
// The walkers take every row they follow (step ID, the record that shows it, the roles) from the
// step tables of actors/messages/flow_steps.hpp; which record belongs to which entity is theirs.
#include "conformance/flow_checks.hpp"

#include <map>
#include <set>
#include <stdexcept>

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

using flows::FlowStep;

// "#3": how reasons name a step of the flow being judged.
std::string sharp(const FlowStep& step) {
  return "#" + std::to_string(step.number);
}

// The filter for a step's own record: its kind, operation and step ID (actors and peers are
// added by the caller).
RecordFilter shown(const FlowStep& step) {
  return RecordFilter{}.of_kind(step.kind).op(step.operation).at_step(step.id);
}

// The row of `flow` shown by the record of `kind` and `operation`; the table has it (the walkers
// below follow the C.4 tables' shape, checked by the conformance tests).
const FlowStep& row(const ManoFlow& flow, sim::RecordKind kind, const char* operation) {
  const auto* step = flows::step_with(flow.id, kind, operation);
  if (step == nullptr)
    throw std::logic_error(flow.id + " has no step shown by " + std::string(operation));
  return *step;
}

// The row of a CSR flow at which the CMF or the CA records `operation` (a decision or crypto
// check), where an expected rejection by it belongs; nullptr when neither decides it.
const FlowStep* decided_at(const ManoFlow& flow, const std::string& operation) {
  for (const char* role : {roles::kCmf, roles::kCa})
    if (const auto* step = flows::decision_step(flow.id, role, operation)) return step;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// CSR flows

// The rows of a C.4.x.2 table, named by what the walker does with them.
struct CsrTable {
  explicit CsrTable(const ManoFlow& flow)
      : request(row(flow, RecordKind::send, ops::kCertificateSigningRequest)),
        check(row(flow, RecordKind::decision, decisions::kRegistrationCheck)),
        validation(row(flow, RecordKind::crypto, decisions::kCsrValidation)),
        relay(row(flow, RecordKind::send, ops::kCmpP10cr)),
        issue(row(flow, RecordKind::decision, decisions::kIssueCertificate)),
        reply(row(flow, RecordKind::send, ops::kCmpCp)),
        response(row(flow, RecordKind::send, ops::kCertificateSigningResponse)),
        ca_failure(row(flow, RecordKind::decision, decisions::kCaRequest)) {}
  const FlowStep& request;     // entity -> CMF, the CSR
  const FlowStep& check;       // CMF: the requester is registered
  const FlowStep& validation;  // CMF: the CSR is valid
  const FlowStep& relay;       // CMF -> CA
  const FlowStep& issue;       // CA: issued
  const FlowStep& reply;       // CA -> CMF
  const FlowStep& response;    // CMF -> entity
  const FlowStep& ca_failure;  // where the CMF records that its request to the CA failed
};

struct CsrAttempt {
  std::map<int, const Rec*> step;  // table step -> the record that shows it
  const Rec* installed = nullptr;
  const Rec* rejection = nullptr;
  const FlowStep* rejected_at = nullptr;
  const Rec* error_reply = nullptr;
  int reached = -1;     // highest step found in order
  std::string problem;  // "" when it completed or ended with an answered rejection

  bool complete() const { return problem.empty() && installed != nullptr; }
  bool answered_rejection() const { return problem.empty() && rejection != nullptr; }
  std::vector<std::uint64_t> evidence() const {
    std::vector<std::uint64_t> out;
    for (const auto& [n, r] : step)
      if (r != nullptr) out.push_back(r->id);
    for (const auto* r : {installed, rejection, error_reply})
      if (r != nullptr) out.push_back(r->id);
    return out;
  }
};

class CsrFlowWalker {
 public:
  CsrFlowWalker(const ManoView& view, const ManoFlow& flow, Claims& claims)
      : v_(view), q_(view.query), flow_(flow), t_(flow), claims_(claims) {}

  // Every attempt of `entity` (one per registration check the CMF recorded).
  std::vector<CsrAttempt> attempts(const std::string& entity) {
    const auto cmf = cmf_of(v_, entity);
    std::vector<CsrAttempt> out;
    const auto checks = q_.all(shown(t_.check).by(cmf).with(keys::kEntity, entity));
    if (checks.empty()) {
      const auto* s0 = q_.first(shown(t_.request).by(entity).to(cmf));
      if (s0 == nullptr) return out;  // nothing of this flow for the entity
      CsrAttempt a;
      a.step[t_.request.number] = s0;
      a.reached = t_.request.number;
      a.problem = sharp(t_.check) + " missing: " + cmf + " recorded no " + t_.check.operation +
                  " (" + t_.check.id + ") for " + entity + " after its CSR (" + describe(*s0) + ")";
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
  void reject(CsrAttempt& a, const Rec* record, const FlowStep& at, const std::string& cmf,
              const std::string& entity) {
    a.rejection = record;
    a.rejected_at = &at;
    const auto* reply = q_.first(sends(cmf, entity).op(t_.response.operation), record->id);
    if (reply == nullptr) {
      a.problem = "rejection at " + sharp(at) + " (" + describe(*record) + ") but no " +
                  t_.response.operation + " went back to " + entity;
      return;
    }
    a.error_reply = reply;
    if (q_.receive_of(*reply) == nullptr)
      a.problem =
          "the error response to " + entity + " (" + describe(*reply) + ") was never received";
  }

  // The HSM-If exchanges of the .7 variant's first step: key generated and CSR signed in the
  // entity's HSM.
  std::string hsm_problem(const std::string& entity, const Rec& s0, std::uint64_t after) {
    const auto keygen = q_.last(
        decision(entity, decisions::kGenerateKey).with_outcome(outcomes::kOk), after, s0.id);
    if (keygen == nullptr) return "no GenerateKey decision of " + entity + " before its CSR";
    if (detail_of(*keygen, keys::kIn) != values::kInHsm)
      return entity + " generated its key in=" + detail_of(*keygen, keys::kIn) + ", not in its HSM";
    const auto hsm = v_.roles.hsm_of(entity);
    RecordFilter sign = sends(entity, hsm).op(ops::kSignCsrRequest);
    if (hsm.empty())
      sign = RecordFilter{}.of_kind(RecordKind::send).by(entity).op(ops::kSignCsrRequest);
    const auto* request = q_.last(sign, after, s0.id);
    if (request == nullptr)
      return entity + " did not ask its HSM to sign the CSR before sending it";
    const auto* signed_by = q_.first(RecordFilter{}
                                         .of_kind(RecordKind::decision)
                                         .by(request->peer)
                                         .op(decisions::kSignCsr)
                                         .with_outcome(outcomes::kOk),
                                     request->id, s0.id);
    if (signed_by == nullptr)
      return "the HSM " + request->peer + " recorded no SignCsr ok before " + entity + "'s CSR";
    return "";
  }

  CsrAttempt walk(const std::string& cmf, const std::string& entity, const Rec* r1,
                  std::uint64_t previous) {
    CsrAttempt a;
    const auto fqdn = registered_fqdn(v_, entity);
    // The CSR.
    const auto* s0 = q_.last(shown(t_.request).by(entity).to(cmf), previous, r1->id);
    if (s0 == nullptr) {
      a.problem = sharp(t_.request) + " missing: no " + t_.request.id + " send from " + entity +
                  " to " + cmf + " before " + describe(*r1);
      return a;
    }
    a.step[t_.request.number] = s0;
    a.reached = t_.request.number;
    const auto* got0 = q_.receive_of(*s0);
    if (got0 == nullptr || got0->id > r1->id) {
      a.problem = sharp(t_.request) + " " + describe(*s0) + " was not received by " + cmf +
                  " before " + sharp(t_.check);
      return a;
    }
    if (flow_.hsm) {
      if (auto p = hsm_problem(entity, *s0, previous); !p.empty()) {
        a.problem = sharp(t_.request) + " (HSM): " + p;
        return a;
      }
    } else if (const auto* keygen =
                   q_.last(decision(entity, decisions::kGenerateKey).with_outcome(outcomes::kOk),
                           previous, s0->id);
               keygen != nullptr && detail_of(*keygen, keys::kIn) == values::kInHsm) {
      a.problem =
          entity + " generated its key in its HSM: the flow is the .7 variant, not " + flow_.id;
      return a;
    }
    // The registration check.
    a.step[t_.check.number] = r1;
    a.reached = t_.check.number;
    if (r1->outcome != outcomes::kOk) {
      reject(a, r1, t_.check, cmf, entity);
      return a;
    }
    // The CSR's validation.
    const auto validation = shown(t_.validation).by(cmf).with(keys::kEntity, entity);
    const auto* r2 = q_.first(validation, r1->id);
    if (r2 == nullptr) {
      const auto* early = q_.last(validation, previous, r1->id);
      a.problem = early != nullptr
                      ? sharp(t_.validation) + " out of table order: " + describe(*early) +
                            " comes before " + sharp(t_.check) + " " + describe(*r1)
                      : sharp(t_.validation) + " missing: no " + t_.validation.operation + " (" +
                            t_.validation.id + ") of " + cmf + " for " + entity + " after " +
                            describe(*r1);
      return a;
    }
    a.step[t_.validation.number] = r2;
    a.reached = t_.validation.number;
    if (r2->outcome != outcomes::kOk) {
      reject(a, r2, t_.validation, cmf, entity);
      return a;
    }
    // The issuance, correlated to the entity, then the relay between validation and issuance.
    const Rec* r4 = nullptr;
    for (const auto* r : q_.all(shown(t_.issue))) {
      if (r->id <= r2->id || claims_.taken(r) || !v_.roles.is_ca(r->actor)) continue;
      if (concerns(*r, entity, fqdn) || uncorrelated(*r)) {
        r4 = r;
        break;
      }
    }
    const auto* s3_any = first_free(q_, shown(t_.relay).by(cmf), claims_, r2->id);
    if (r4 == nullptr) {
      // The CMF's request to the CA failed (CA unavailable): answered to the entity as a
      // rejection.
      if (const auto* failed =
              q_.first(decision(cmf, decisions::kCaRequest).with(keys::kEntity, entity), r2->id);
          failed != nullptr && failed->outcome != outcomes::kOk) {
        if (s3_any != nullptr && s3_any->id < failed->id) {
          a.step[t_.relay.number] = s3_any;
          claims_.take(s3_any);
        }
        a.reached = t_.relay.number;
        reject(a, failed, t_.ca_failure, cmf, entity);
        return a;
      }
      a.problem = s3_any == nullptr
                      ? sharp(t_.relay) + " missing: " + cmf + " relayed no request (" +
                            t_.relay.id + ") to a CA after " + describe(*r2)
                      : sharp(t_.issue) + " missing: no CA recorded " + t_.issue.operation + " (" +
                            t_.issue.id + ") for " + entity + " after " + describe(*s3_any);
      if (s3_any != nullptr) {
        a.step[t_.relay.number] = s3_any;
        a.reached = t_.relay.number;
      }
      // A CSR that the CA never answered still has to be answered to the entity.
      if (const auto* reply = q_.first(sends(cmf, entity).op(t_.response.operation), r2->id);
          reply != nullptr)
        a.error_reply = reply;
      return a;
    }
    const auto ca = r4->actor;
    const auto relay = shown(t_.relay).by(cmf).to(ca);
    const auto* s3 = first_free(q_, relay, claims_, r2->id, r4->id);
    if (s3 == nullptr) {
      const auto* late = first_free(q_, relay, claims_, r4->id);
      a.problem = late != nullptr ? sharp(t_.relay) + " out of table order: " + describe(*late) +
                                        " comes after " + sharp(t_.issue) + " " + describe(*r4)
                                  : sharp(t_.relay) + " missing: no " + t_.relay.id +
                                        " send from " + cmf + " to " + ca + " between " +
                                        sharp(t_.validation) + " and " + sharp(t_.issue);
      return a;
    }
    const auto* got3 = q_.receive_of(*s3);
    if (got3 == nullptr || got3->id > r4->id) {
      a.problem = sharp(t_.relay) + " " + describe(*s3) + " was not received by " + ca +
                  " before " + sharp(t_.issue);
      return a;
    }
    a.step[t_.relay.number] = s3;
    a.step[t_.issue.number] = r4;
    a.reached = t_.issue.number;
    claims_.take(s3);
    claims_.take(r4);
    if (r4->outcome != outcomes::kOk) {
      reject(a, r4, t_.issue, cmf, entity);
      return a;
    }
    // The response to the entity, then the CA's reply between issuance and response.
    const auto* s6 = q_.first(shown(t_.response).by(cmf).to(entity), r4->id);
    const auto* s5 =
        first_free(q_, shown(t_.reply).by(ca).to(cmf), claims_, r4->id, s6 != nullptr ? s6->id : 0);
    if (s5 == nullptr) {
      a.problem = sharp(t_.reply) + " missing: no " + t_.reply.id + " send from " + ca + " to " +
                  cmf + " after " + describe(*r4) +
                  (s6 != nullptr ? " and before " + sharp(t_.response) : "");
      return a;
    }
    const auto* got5 = q_.receive_of(*s5);
    if (got5 == nullptr || (s6 != nullptr && got5->id > s6->id)) {
      a.problem = sharp(t_.reply) + " " + describe(*s5) + " was not received by " + cmf +
                  " before " + sharp(t_.response);
      return a;
    }
    a.step[t_.reply.number] = s5;
    a.reached = t_.reply.number;
    claims_.take(s5);
    if (s6 == nullptr) {
      a.problem = sharp(t_.response) + " missing: no " + t_.response.id + " send from " + cmf +
                  " to " + entity + " after " + describe(*s5);
      return a;
    }
    a.step[t_.response.number] = s6;
    a.reached = t_.response.number;
    const auto* got6 = q_.receive_of(*s6);
    if (got6 == nullptr) {
      a.problem = sharp(t_.response) + " " + describe(*s6) + " was never received by " + entity;
      return a;
    }
    a.installed = q_.first(
        decision(entity, decisions::kCertificateInstalled).with_outcome(outcomes::kOk), got6->id);
    if (a.installed == nullptr)
      a.problem = entity + " received " + sharp(t_.response) + " but recorded no " +
                  decisions::kCertificateInstalled;
    return a;
  }

  const ManoView& v_;
  const TraceQuery& q_;
  const ManoFlow& flow_;
  const CsrTable t_;
  Claims& claims_;
};

// Entities of the flow's type whose records or expectations tie them to this flow.
std::vector<std::string> concerned_entities(const ManoView& v, const ManoFlow& flow) {
  std::vector<std::string> out;
  for (const auto& entity : v.roles.entities_of(flow.entity_type)) {
    bool in_trace = false;
    bool in_other_variant = false;
    for (const auto& r : v.query.records()) {
      if (r.step.empty()) continue;
      const bool about = (r.kind == RecordKind::send && r.actor == entity) ||
                         (v.roles.is_cmf(r.actor) && detail_of(r, keys::kEntity) == entity);
      if (!about) continue;
      const auto* other = find_mano_flow(std::string(flows::flow_of_step(r.step)));
      if (flows::in_flow(r.step, flow.id))
        in_trace = true;
      else if (!flow.registration && other != nullptr && !other->registration)
        in_other_variant = true;
    }
    if (flow.registration) {
      // Registration concerns the entity when the CMF decided about it at this flow's step, or
      // when the scenario expects it to be registered or refused.
      bool expected = v.expect.expects_certified(entity);
      for (const auto& rj : v.expect.rejections_of(entity))
        if (rj.operation == decisions::kRegisterEntity) expected = true;
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
    const auto* at = decided_at(flow, rj.operation);
    const std::string want_step = !rj.step.empty() ? rj.step : at != nullptr ? at->id : "";
    RecordFilter f;
    f.actor = rj.actor;
    f.operation = rj.operation;
    const Rec* found = nullptr;
    const Rec* wrong_step = nullptr;
    for (const auto* r : v.query.all(f)) {
      // About the entity: it names it, or (channel records) it is the entity's own or its peer's.
      const bool about = has_detail(*r, keys::kEntity) ? detail_of(*r, keys::kEntity) == entity
                                                       : r->actor == entity || r->peer == entity;
      if (!about || r->outcome == outcomes::kOk || !reason_contains(*r, rj.reason_contains))
        continue;
      if (!want_step.empty() && r->step != want_step) {
        if (wrong_step == nullptr) wrong_step = r;
        continue;
      }
      found = r;
      break;
    }
    // Recorded in another Annex C flow's steps: that flow's check judges it.
    if (found == nullptr && wrong_step != nullptr && !wrong_step->step.empty() &&
        !flows::in_flow(wrong_step->step, flow.id) &&
        find_mano_flow(std::string(flows::flow_of_step(wrong_step->step))) != nullptr)
      continue;
    if (found == nullptr && wrong_step == nullptr && !rj.step.empty() &&
        !flows::in_flow(rj.step, flow.id))
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
                   (has_detail(*found, keys::kReason) ? detail_of(*found, keys::kReason)
                                                      : detail_of(*found, keys::kAlert)) +
                   ")",
               {found->id});
      continue;
    }
    const auto cmf = cmf_of(v, entity);
    const auto* reply =
        v.query.first(sends(cmf, entity).op(ops::kCertificateSigningResponse), found->id);
    if (reply == nullptr || v.query.receive_of(*reply) == nullptr) {
      out.fail(entity + ": rejected (" + describe(*found) + ") but no error response reached it",
               {found->id});
      continue;
    }
    out.pass(entity + ": rejected at " + (found->step.empty() ? rj.operation : found->step) + " (" +
                 detail_of(*found, keys::kReason) + ") and the error response went back",
             {found->id, reply->id});
  }
}

void judge_csr_entity(const ManoView& v, const ManoFlow& flow, const std::string& entity,
                      const std::vector<CsrAttempt>& attempts, CheckOutcome& out) {
  const auto fqdn = registered_fqdn(v, entity);
  const bool want_cert = v.expect.expects_certified(entity);
  std::vector<ExpectedRejection> rejections;
  for (const auto& rj : v.expect.rejections_of(entity))
    if (rj.operation != decisions::kRegisterEntity) rejections.push_back(rj);
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
      out.fail(entity + " (" + flow.id + "): steps " + flows::step_range(flow.id) +
                   " in order, but " + holder.reason,
               completed->evidence());
      return;
    }
    const Rec* install = nullptr;
    for (const auto* r : installs_of(v, entity))
      if (same_serial(detail_of(*r, keys::kSerial), holder.serial)) install = r;
    if (install == nullptr) {
      out.fail(entity + " (" + flow.id + "): holds certificate " + holder.serial +
                   " but the trace shows no CertificateInstalled for that serial",
               completed->evidence());
      return;
    }
    auto evidence = completed->evidence();
    evidence.push_back(install->id);
    out.pass(entity + ": " + flow.id + " " + flows::step_range(flow.id) + " in table order; " +
                 holder.reason,
             evidence);
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
    out.pass(entity + ": " + flow.id + " " + flows::step_range(flow.id) + " in table order",
             completed->evidence());
    return;
  }
  if (best->answered_rejection()) {
    // The flow's result is the certificate: a refusal the scenario does not expect is not it.
    out.fail(entity + ": " + flow.id + " ended with a rejection at " + sharp(*best->rejected_at) +
                 " (" + describe(*best->rejection) + ": " +
                 detail_of(*best->rejection, keys::kReason) +
                 ") that the scenario does not expect (no certificate; expect.not_certified and "
                 "expect.rejections name an intended refusal)",
             best->evidence());
    return;
  }
  out.fail(entity + " (" + flow.id + "): " + best->problem, best->evidence());
}

// ---------------------------------------------------------------------------------------------
// Registration flows

// The rows of a C.4.x.1 table.
struct RegistrationTable {
  explicit RegistrationTable(const ManoFlow& flow)
      : request(row(flow, RecordKind::send, ops::kRegisterEntityRequest)),
        decision(row(flow, RecordKind::decision, decisions::kRegisterEntity)),
        response(row(flow, RecordKind::send, ops::kRegisterEntityResponse)) {}
  const FlowStep& request;   // consumer -> CMF
  const FlowStep& decision;  // CMF: registered or rejected (CA selected)
  const FlowStep& response;  // CMF -> consumer
};

void judge_registration_entity(const ManoView& v, const ManoFlow& flow, const std::string& entity,
                               Claims& claims, CheckOutcome& out) {
  const auto& q = v.query;
  const RegistrationTable t(flow);
  const bool want_registered = v.expect.expects_certified(entity);
  std::vector<ExpectedRejection> rejections;
  for (const auto& rj : v.expect.rejections_of(entity))
    if (rj.operation == t.decision.operation) rejections.push_back(rj);

  // The CMF's decision, whatever step it carries (a wrong one is reported).
  const Rec* r1 = nullptr;
  for (const auto* r : q.all(RecordFilter{}
                                 .of_kind(t.decision.kind)
                                 .op(t.decision.operation)
                                 .with(keys::kEntity, entity)))
    if (v.roles.is_cmf(r->actor)) {
      r1 = r;
      break;
    }
  if (r1 == nullptr) {
    if (want_registered || !rejections.empty())
      out.fail(entity + ": no CMF recorded a " + t.decision.operation + " decision (" +
               t.decision.id + ") for it");
    return;
  }
  const auto cmf = r1->actor;
  std::vector<std::uint64_t> ev{r1->id};
  if (r1->step != t.decision.id) {
    out.fail(entity + ": the registration decision carries step \"" + r1->step + "\", not " +
                 t.decision.id,
             ev);
    return;
  }
  // The request from the consumer named in the decision.
  std::string consumer = detail_of(*r1, keys::kConsumer);
  RecordFilter f0 = shown(t.request).to(cmf);
  if (!consumer.empty()) f0.actor = consumer;
  const auto* s0 = last_free(q, f0, claims, 0, r1->id);
  if (s0 == nullptr) {
    out.fail(entity + ": " + sharp(t.request) + " missing: no " + t.request.id + " send" +
                 (consumer.empty() ? std::string() : " from " + consumer) + " to " + cmf +
                 " before " + describe(*r1),
             ev);
    return;
  }
  if (consumer.empty()) consumer = s0->actor;
  const auto* got0 = q.receive_of(*s0);
  if (got0 == nullptr || got0->id > r1->id) {
    out.fail(entity + ": " + sharp(t.request) + " " + describe(*s0) + " was not received by " +
                 cmf + " before " + sharp(t.decision),
             ev);
    return;
  }
  claims.take(s0);
  ev.insert(ev.begin(), s0->id);
  // The response back to the consumer.
  const auto response = shown(t.response).by(cmf).to(consumer);
  const auto* s2 = first_free(q, response, claims, r1->id);
  if (s2 == nullptr) {
    const auto* early = last_free(q, response, claims, s0->id, r1->id);
    out.fail(entity + ": " +
                 (early != nullptr
                      ? sharp(t.response) + " out of table order: " + describe(*early) +
                            " comes before the decision " + sharp(t.decision)
                      : sharp(t.response) + " missing: no " + t.response.id + " response from " +
                            cmf + " to " + consumer + " after " + describe(*r1)),
             ev);
    return;
  }
  claims.take(s2);
  ev.push_back(s2->id);
  if (q.receive_of(*s2) == nullptr) {
    out.fail(entity + ": " + sharp(t.response) + " " + describe(*s2) + " was never received by " +
                 consumer,
             ev);
    return;
  }

  if (r1->outcome == outcomes::kRegistered) {
    if (!rejections.empty()) {
      out.fail(entity + " was expected to be refused (" + rejections[0].reason_contains + ") but " +
                   cmf + " registered it",
               ev);
      return;
    }
    const auto* select = q.first(
        decision(cmf, decisions::kSelectCa).with_outcome(outcomes::kOk).with(keys::kEntity, entity),
        s0->id, s2->id);
    if (select == nullptr) {
      out.fail(entity + ": registered, but " + cmf + " recorded no SelectCa for it before " +
                   sharp(t.response),
               ev);
      return;
    }
    ev.push_back(select->id);
    const auto fqdn = detail_of(*r1, keys::kFqdn);
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
    out.pass(entity + ": " + flow.id + " " + flows::step_range(flow.id) + " in table order; " +
                 cmf + " registered " + fqdn + " for " + consumer + " and selected CA " +
                 detail_of(*select, keys::kCa),
             ev);
    return;
  }
  // Rejected.
  if (want_registered) {
    out.fail(entity + " was expected to be registered but " + cmf + " rejected it (" +
                 detail_of(*r1, keys::kReason) + ")",
             ev);
    return;
  }
  if (const auto* later = q.first(RecordFilter{}
                                      .of_kind(RecordKind::decision)
                                      .by(cmf)
                                      .op(decisions::kRegisterEntity)
                                      .with_outcome(outcomes::kRegistered)
                                      .with(keys::kEntity, entity),
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
      out.fail(entity + ": rejected for \"" + detail_of(*r1, keys::kReason) +
                   "\", expected a reason containing \"" + rj.reason_contains + "\"",
               ev);
      return;
    }
  }
  out.pass(entity + ": " + flow.id + " " + flows::step_range(flow.id) + " in table order; " + cmf +
               " rejected it (" + detail_of(*r1, keys::kReason) + ") and answered " + consumer,
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
    const auto steps = flows::step_range(flow.id);
    if (flow.registration)
      registry.add(flow.id, "registration steps " + steps + " in table order, FQDN registered",
                   [&flow](const CheckContext& c) { return check_registration_flow(c, flow); });
    else
      registry.add(flow.id, "CSR steps " + steps + " in table order, certificate held at the end",
                   [&flow](const CheckContext& c) { return check_csr_flow(c, flow); });
  }
}

}  // namespace ifa026::conformance
