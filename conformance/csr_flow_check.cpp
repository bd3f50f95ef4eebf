// The CSR flow check (see csr_flow_check.hpp).
//
// Test purpose (ETSI TST010 style):
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
#include "conformance/csr_flow_check.hpp"

#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/csr_flow_walker.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
using flows::FlowStep;

// The row of a CSR flow at which the CMF or the CA records `operation` (a decision or crypto
// check), where an expected rejection by it belongs; nullptr when neither decides it.
const FlowStep* decided_at(const ManoFlow& flow, const std::string& operation) {
  for (const char* role : {roles::kCmf, roles::kCa})
    if (const auto* step = flows::decision_step(flow.id, role, operation)) return step;
  return nullptr;
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
    if (!holder.observable) {
      out.inconc(entity + " (" + flow.id + "): steps " + flows::step_range(flow.id) +
                     " in order, but " + holder.reason,
                 completed->evidence());
      return;
    }
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
    out.fail(entity + ": " + flow.id + " ended with a rejection at " +
                 step_label(*best->rejected_at) + " (" + describe(*best->rejection) + ": " +
                 detail_of(*best->rejection, keys::kReason) +
                 ") that the scenario does not expect (no certificate; expect.not_certified and "
                 "expect.rejections name an intended refusal)",
             best->evidence());
    return;
  }
  out.fail(entity + " (" + flow.id + "): " + best->problem, best->evidence());
}

}  // namespace

CheckResult check_csr_flow(const CheckContext& context, const ManoFlow& flow) {
  ManoView view(context);
  CheckOutcome out;
  ClaimedRecords claims;
  CsrFlowWalker walker(view, flow, claims);
  for (const auto& entity : concerned_entities(view, flow))
    judge_csr_entity(view, flow, entity, walker.attempts(entity), out);
  return out.result("nothing of " + flow.id + " in the trace (no entity took this flow)");
}

}  // namespace ifa026::conformance
