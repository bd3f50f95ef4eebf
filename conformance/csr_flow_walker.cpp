// The CSR flow walker (see csr_flow_walker.hpp): it takes every row it follows from the step
// table; which record belongs to which entity is its own.
#include "conformance/csr_flow_walker.hpp"

namespace ifa026::conformance {

using sim::RecordKind;
using Rec = sim::TraceRecord;
using flows::FlowStep;

CsrTable::CsrTable(const ManoFlow& flow)
    : request(table_row(flow, RecordKind::send, ops::kCertificateSigningRequest)),
      check(table_row(flow, RecordKind::decision, decisions::kRegistrationCheck)),
      validation(table_row(flow, RecordKind::crypto, decisions::kCsrValidation)),
      relay(table_row(flow, RecordKind::send, ops::kCmpP10cr)),
      issue(table_row(flow, RecordKind::decision, decisions::kIssueCertificate)),
      reply(table_row(flow, RecordKind::send, ops::kCmpCp)),
      response(table_row(flow, RecordKind::send, ops::kCertificateSigningResponse)),
      ca_failure(table_row(flow, RecordKind::decision, decisions::kCaRequest)) {}

std::vector<CsrAttempt> CsrFlowWalker::attempts(const std::string& entity) {
  const auto cmf = cmf_of(v_, entity);
  std::vector<CsrAttempt> out;
  const auto checks = q_.all(step_record(t_.check).by(cmf).with(keys::kEntity, entity));
  if (checks.empty()) {
    const auto* s0 = q_.first(step_record(t_.request).by(entity).to(cmf));
    if (s0 == nullptr) return out;  // nothing of this flow for the entity
    CsrAttempt a;
    a.reach(t_.request, s0);
    a.problem = step_label(t_.check) + " missing: " + cmf + " recorded no " + t_.check.operation +
                " (" + t_.check.id + ") for " + entity + " after its CSR (" + describe(*s0) + ")";
    const auto installs = installs_of(v_, entity);
    if (!installs.empty())
      a.problem += "; yet " + entity + " installed a certificate (" + describe(*installs[0]) + ")";
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

void CsrFlowWalker::reject(CsrAttempt& a, const Rec* record, const FlowStep& at,
                           const std::string& cmf, const std::string& entity) {
  a.rejection = record;
  a.rejected_at = &at;
  const auto* reply = q_.first(sends(cmf, entity).op(t_.response.operation), record->id);
  if (reply == nullptr) {
    a.problem = "rejection at " + step_label(at) + " (" + describe(*record) + ") but no " +
                t_.response.operation + " went back to " + entity;
    return;
  }
  a.error_reply = reply;
  if (q_.receive_of(*reply) == nullptr)
    a.problem =
        "the error response to " + entity + " (" + describe(*reply) + ") was never received";
}

std::string CsrFlowWalker::hsm_problem(const std::string& entity, const Rec& s0,
                                       std::uint64_t after) {
  const auto keygen =
      q_.last(decision(entity, decisions::kGenerateKey).with_outcome(outcomes::kOk), after, s0.id);
  if (keygen == nullptr) return "no GenerateKey decision of " + entity + " before its CSR";
  if (detail_of(*keygen, keys::kIn) != values::kInHsm)
    return entity + " generated its key in=" + detail_of(*keygen, keys::kIn) + ", not in its HSM";
  const auto hsm = v_.roles.hsm_of(entity);
  RecordFilter sign = sends(entity, hsm).op(ops::kSignCsrRequest);
  if (hsm.empty())
    sign = RecordFilter{}.of_kind(RecordKind::send).by(entity).op(ops::kSignCsrRequest);
  const auto* request = q_.last(sign, after, s0.id);
  if (request == nullptr) return entity + " did not ask its HSM to sign the CSR before sending it";
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

CsrAttempt CsrFlowWalker::walk(const std::string& cmf, const std::string& entity, const Rec* r1,
                               std::uint64_t previous) {
  CsrAttempt a;
  const auto fqdn = registered_fqdn(v_, entity);
  // The CSR.
  const auto* s0 = q_.last(step_record(t_.request).by(entity).to(cmf), previous, r1->id);
  if (s0 == nullptr) {
    a.problem = missing_send(t_.request, entity, cmf, "before " + describe(*r1));
    return a;
  }
  a.reach(t_.request, s0);
  const auto* got0 = q_.receive_of(*s0);
  if (got0 == nullptr || got0->id > r1->id) {
    a.problem = step_label(t_.request) + " " + describe(*s0) + " was not received by " + cmf +
                " before " + step_label(t_.check);
    return a;
  }
  if (flow_.hsm) {
    if (auto p = hsm_problem(entity, *s0, previous); !p.empty()) {
      a.problem = step_label(t_.request) + " (HSM): " + p;
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
  a.reach(t_.check, r1);
  if (r1->outcome != outcomes::kOk) {
    reject(a, r1, t_.check, cmf, entity);
    return a;
  }
  // The CSR's validation.
  const auto validation = step_record(t_.validation).by(cmf).with(keys::kEntity, entity);
  const auto* r2 = q_.first(validation, r1->id);
  if (r2 == nullptr) {
    const auto* early = q_.last(validation, previous, r1->id);
    a.problem = early != nullptr
                    ? step_label(t_.validation) + " out of table order: " + describe(*early) +
                          " comes before " + step_label(t_.check) + " " + describe(*r1)
                    : step_label(t_.validation) + " missing: no " + t_.validation.operation + " (" +
                          t_.validation.id + ") of " + cmf + " for " + entity + " after " +
                          describe(*r1);
    return a;
  }
  a.reach(t_.validation, r2);
  if (r2->outcome != outcomes::kOk) {
    reject(a, r2, t_.validation, cmf, entity);
    return a;
  }
  // The issuance, correlated to the entity, then the relay between validation and issuance.
  const Rec* r4 = nullptr;
  for (const auto* r : q_.all(step_record(t_.issue))) {
    if (r->id <= r2->id || claims_.taken(r) || !v_.roles.is_ca(r->actor)) continue;
    if (concerns(*r, entity, fqdn) || uncorrelated(*r)) {
      r4 = r;
      break;
    }
  }
  const auto* s3_any = first_unclaimed(q_, step_record(t_.relay).by(cmf), claims_, r2->id);
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
                    ? step_label(t_.relay) + " missing: " + cmf + " relayed no request (" +
                          t_.relay.id + ") to a CA after " + describe(*r2)
                    : step_label(t_.issue) + " missing: no CA recorded " + t_.issue.operation +
                          " (" + t_.issue.id + ") for " + entity + " after " + describe(*s3_any);
    if (s3_any != nullptr) {
      a.reach(t_.relay, s3_any);
    }
    // A CSR that the CA never answered still has to be answered to the entity.
    if (const auto* reply = q_.first(sends(cmf, entity).op(t_.response.operation), r2->id);
        reply != nullptr)
      a.error_reply = reply;
    return a;
  }
  const auto ca = r4->actor;
  const auto relay = step_record(t_.relay).by(cmf).to(ca);
  const auto* s3 = first_unclaimed(q_, relay, claims_, r2->id, r4->id);
  if (s3 == nullptr) {
    const auto* late = first_unclaimed(q_, relay, claims_, r4->id);
    a.problem =
        late != nullptr
            ? step_label(t_.relay) + " out of table order: " + describe(*late) + " comes after " +
                  step_label(t_.issue) + " " + describe(*r4)
            : missing_send(t_.relay, cmf, ca,
                           "between " + step_label(t_.validation) + " and " + step_label(t_.issue));
    return a;
  }
  const auto* got3 = q_.receive_of(*s3);
  if (got3 == nullptr || got3->id > r4->id) {
    a.problem = step_label(t_.relay) + " " + describe(*s3) + " was not received by " + ca +
                " before " + step_label(t_.issue);
    return a;
  }
  a.step[t_.relay.number] = s3;
  a.reach(t_.issue, r4);
  claims_.take(s3);
  claims_.take(r4);
  if (r4->outcome != outcomes::kOk) {
    reject(a, r4, t_.issue, cmf, entity);
    return a;
  }
  // The response to the entity, then the CA's reply between issuance and response.
  const auto* s6 = q_.first(step_record(t_.response).by(cmf).to(entity), r4->id);
  const auto* s5 = first_unclaimed(q_, step_record(t_.reply).by(ca).to(cmf), claims_, r4->id,
                                   s6 != nullptr ? s6->id : 0);
  if (s5 == nullptr) {
    a.problem = missing_send(
        t_.reply, ca, cmf,
        "after " + describe(*r4) + (s6 != nullptr ? " and before " + step_label(t_.response) : ""));
    return a;
  }
  const auto* got5 = q_.receive_of(*s5);
  if (got5 == nullptr || (s6 != nullptr && got5->id > s6->id)) {
    a.problem = step_label(t_.reply) + " " + describe(*s5) + " was not received by " + cmf +
                " before " + step_label(t_.response);
    return a;
  }
  a.reach(t_.reply, s5);
  claims_.take(s5);
  if (s6 == nullptr) {
    a.problem = missing_send(t_.response, cmf, entity, "after " + describe(*s5));
    return a;
  }
  a.reach(t_.response, s6);
  const auto* got6 = q_.receive_of(*s6);
  if (got6 == nullptr) {
    a.problem = step_label(t_.response) + " " + describe(*s6) + " was never received by " + entity;
    return a;
  }
  a.installed = q_.first(
      decision(entity, decisions::kCertificateInstalled).with_outcome(outcomes::kOk), got6->id);
  if (a.installed == nullptr)
    a.problem = entity + " received " + step_label(t_.response) + " but recorded no " +
                decisions::kCertificateInstalled;
  return a;
}

}  // namespace ifa026::conformance
