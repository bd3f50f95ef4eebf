// The registration flow check (see registration_flow_check.hpp).
//
// Test purpose (ETSI TST010 style):
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
// The walk takes every row it follows from the step table of actors/messages/flow_steps.hpp;
// which record belongs to which entity is its own.
#include "conformance/registration_flow_check.hpp"

#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/flow_table_walk.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;
using Rec = sim::TraceRecord;
using flows::FlowStep;

// The rows of a C.4.x.1 table.
struct RegistrationTable {
  explicit RegistrationTable(const ManoFlow& flow)
      : request(table_row(flow, RecordKind::send, ops::kRegisterEntityRequest)),
        decision(table_row(flow, RecordKind::decision, decisions::kRegisterEntity)),
        response(table_row(flow, RecordKind::send, ops::kRegisterEntityResponse)) {}
  const FlowStep& request;   // consumer -> CMF
  const FlowStep& decision;  // CMF: registered or rejected (CA selected)
  const FlowStep& response;  // CMF -> consumer
};

void judge_registration_entity(const ManoView& v, const ManoFlow& flow, const std::string& entity,
                               ClaimedRecords& claims, CheckOutcome& out) {
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
  RecordFilter f0 = step_record(t.request).to(cmf);
  if (!consumer.empty()) f0.actor = consumer;
  const auto* s0 = last_unclaimed(q, f0, claims, 0, r1->id);
  if (s0 == nullptr) {
    out.fail(entity + ": " + step_label(t.request) + " missing: no " + t.request.id + " send" +
                 (consumer.empty() ? std::string() : " from " + consumer) + " to " + cmf +
                 " before " + describe(*r1),
             ev);
    return;
  }
  if (consumer.empty()) consumer = s0->actor;
  const auto* got0 = q.receive_of(*s0);
  if (got0 == nullptr || got0->id > r1->id) {
    out.fail(entity + ": " + step_label(t.request) + " " + describe(*s0) + " was not received by " +
                 cmf + " before " + step_label(t.decision),
             ev);
    return;
  }
  claims.take(s0);
  ev.insert(ev.begin(), s0->id);
  // The response back to the consumer.
  const auto response = step_record(t.response).by(cmf).to(consumer);
  const auto* s2 = first_unclaimed(q, response, claims, r1->id);
  if (s2 == nullptr) {
    const auto* early = last_unclaimed(q, response, claims, s0->id, r1->id);
    out.fail(
        entity + ": " +
            (early != nullptr
                 ? step_label(t.response) + " out of table order: " + describe(*early) +
                       " comes before the decision " + step_label(t.decision)
                 : step_label(t.response) + " missing: no " + t.response.id + " response from " +
                       cmf + " to " + consumer + " after " + describe(*r1)),
        ev);
    return;
  }
  claims.take(s2);
  ev.push_back(s2->id);
  if (q.receive_of(*s2) == nullptr) {
    out.fail(entity + ": " + step_label(t.response) + " " + describe(*s2) +
                 " was never received by " + consumer,
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
                   step_label(t.response),
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

CheckResult check_registration_flow(const CheckContext& context, const ManoFlow& flow) {
  ManoView view(context);
  CheckOutcome out;
  ClaimedRecords claims;
  for (const auto& entity : concerned_entities(view, flow))
    judge_registration_entity(view, flow, entity, claims, out);
  return out.result("nothing of " + flow.id + " in the trace (no registration of a " +
                    flow.entity_type + ")");
}

}  // namespace ifa026::conformance
