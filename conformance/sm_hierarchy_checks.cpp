// The SM hierarchy checks (see sm_hierarchy_checks.hpp). Test descriptions follow ETSI TST010's
// fields. The authority a record is judged against is computed from the scenario's trust model
// (actors::trust::TrustModel::hierarchy_authority), never taken from the record itself.
#include "conformance/sm_hierarchy_checks.hpp"

#include <set>
#include <string>

#include "actors/common/trust_model.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"
#include "conformance/sm_trace.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

namespace smv = actors::sm;
using Rec = sim::TraceRecord;

bool hierarchy_operation(const std::string& op) {
  return op == ops::kSmTerminateVnfRequest || op == ops::kSmOverruleRequest;
}

// The authority `sm` holds over `domain` for `op` by the model (D7).
bool in_authority(const actors::trust::TrustModel& model, const std::string& sm,
                  const std::string& op, const std::string& domain) {
  return model.hierarchy_authority(sm, op == ops::kSmOverruleRequest).count(domain) != 0;
}

// Whether another SM manages `domain` (it is someone's domain, not an unknown one).
bool managed_by_other(const actors::trust::TrustModel& model, const std::string& sm,
                      const std::string& domain) {
  for (const auto& other : model.names(actors::trust::VertexKind::sm))
    if (other != sm && model.mode(other, domain)) return true;
  return false;
}

}  // namespace

// ID            R2.1.50
// Objective     MANO supports SM hierarchies: every SmAuthorization granted with basis=hierarchy
//               is for a domain inside the authority the trust model's `oversees` forest gives
//               that SM (its descendants' domains along edges allowing the action); a master's
//               termination or overrule inside that authority is never refused as "not in SM's
//               domains"; an SM acting in a domain it neither manages nor holds authority over
//               (a master's, a sibling's) is refused.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.50; clause 5.1.3; D7
// Applicability ICS "security-management" and "sm-hierarchy"
// Verdict       pass citing the hierarchy grants and the refusals; fail naming a hierarchy grant
//               outside the authority or a refusal inside it; none without a hierarchy grant.
CheckResult check_sm_hierarchy_authority(const CheckContext& context) {
  SmView v(context);
  const auto model = actors::trust::TrustModel::from_section(context.scenario.trust_model);
  CheckOutcome out;
  bool granted = false;
  for (const auto* r : v.records(decisions::kSmAuthorization)) {
    const auto sm = detail_of(*r, keys::kSm);
    const auto op = detail_of(*r, keys::kSmOperation);
    const auto domain = detail_of(*r, keys::kDomain);
    const bool hierarchy = detail_of(*r, keys::kBasis) == smv::kBasisHierarchy;
    if (r->outcome == outcomes::kGranted && hierarchy) {
      granted = true;
      if (in_authority(model, sm, op, domain))
        out.pass(sm + "'s " + op + " in " + domain + " granted by hierarchy, inside its authority",
                 {r->id});
      else
        out.fail(describe(*r) + ": " + sm + " holds no hierarchy authority over " + domain,
                 {r->id});
    } else if (r->outcome == outcomes::kRejected && hierarchy_operation(op) &&
               reason_contains(*r, smv::kReasonNotInDomains)) {
      if (in_authority(model, sm, op, domain))
        out.fail(describe(*r) + ": " + sm + "'s " + op + " refused in " + domain +
                     ", which its descendants manage",
                 {r->id});
      else if (!model.mode(sm, domain) && managed_by_other(model, sm, domain))
        out.pass(sm + " refused in " + domain + ", outside its domains and authority", {r->id});
    }
  }
  if (!granted) {
    if (out.worst() == Verdict::fail) return out.result("");
    return {Verdict::none, "no SM acted by hierarchy in this scenario", {}};
  }
  return out.result("");
}

// ID            5.1.3-a
// Objective     SMs act independently or under a master: an SM's granted termination is in a
//               domain it manages (basis own) or inside its hierarchy authority (basis
//               hierarchy); a master's termination granted by hierarchy is carried out (the
//               item answered terminated); a master's overrule that MANO applied takes effect: a
//               replaced approval lets the held operation complete (no later rejection or
//               timeout of that event, a completed event for its VNF follows), a cancel or a
//               replaced rejection stops it (no approval of that event afterwards).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 clause 5.1.3 a); D4, D7
// Applicability ICS "security-management" and "sm-hierarchy"
// Verdict       pass citing terminations and overrules; fail naming a termination outside the
//               SM's domains and authority, a hierarchy termination not carried out, or an
//               overrule without its effect; none without hierarchy terminations or overrules.
CheckResult check_sm_hierarchy_roles(const CheckContext& context) {
  SmView v(context);
  const auto model = actors::trust::TrustModel::from_section(context.scenario.trust_model);
  CheckOutcome out;
  bool judged = false;
  const auto items = v.records(decisions::kSmTerminationItem);
  for (const auto* r : v.records(decisions::kSmAuthorization, outcomes::kGranted)) {
    const auto op = detail_of(*r, keys::kSmOperation);
    if (op != ops::kSmTerminateVnfRequest) continue;
    const auto sm = detail_of(*r, keys::kSm);
    const auto domain = detail_of(*r, keys::kDomain);
    const auto vnf = detail_of(*r, keys::kVnf);
    const bool hierarchy = detail_of(*r, keys::kBasis) == smv::kBasisHierarchy;
    if (!hierarchy) {
      if (model.declared() && model.knows_sm(sm) && !model.mode(sm, domain))
        out.fail(describe(*r) + ": " + sm + " terminates in " + domain + ", not its domain",
                 {r->id});
      continue;
    }
    judged = true;
    if (!in_authority(model, sm, op, domain)) {
      out.fail(describe(*r) + ": " + sm + " terminates in " + domain + " without authority",
               {r->id});
      continue;
    }
    const Rec* item = nullptr;
    for (const auto* i : items)
      if (i->id > r->id && detail_of(*i, keys::kSm) == sm && detail_of(*i, keys::kVnf) == vnf) {
        item = i;
        break;
      }
    if (item != nullptr && item->outcome == outcomes::kTerminated)
      out.pass("master " + sm + " terminated " + vnf + " in its descendant's domain " + domain,
               {r->id, item->id});
    else
      out.fail(sm + "'s termination of " + vnf + " granted by hierarchy but not carried out",
               {r->id});
  }
  // Refusals inside the authority are R2.1.50's failure and a master's role denied here too.
  for (const auto* r : v.records(decisions::kSmAuthorization, outcomes::kRejected)) {
    const auto op = detail_of(*r, keys::kSmOperation);
    const auto sm = detail_of(*r, keys::kSm);
    if (hierarchy_operation(op) && reason_contains(*r, smv::kReasonNotInDomains) &&
        in_authority(model, sm, op, detail_of(*r, keys::kDomain))) {
      judged = true;
      out.fail(describe(*r) + ": master " + sm + " refused below it", {r->id});
    }
  }
  const auto decisions_made = v.records(decisions::kSmGrantDecision);
  const auto routed = v.records(decisions::kSmEventRouted);
  for (const auto* o : v.records(decisions::kSmOverrule, outcomes::kApplied)) {
    judged = true;
    const auto event_id = detail_of(*o, keys::kEventId);
    const auto vnf = detail_of(*o, keys::kVnf);
    const auto operation = detail_of(*o, keys::kOperation);
    const bool approve = detail_of(*o, keys::kAction) == smv::kOverruleReplace &&
                         detail_of(*o, keys::kDecision) == smv::kDecisionApprove;
    const Rec* contrary = nullptr;
    for (const auto* d : decisions_made)
      if (d->id > o->id && d->actor == o->actor && detail_of(*d, keys::kEventId) == event_id &&
          (approve ? (d->outcome == outcomes::kRejected || d->outcome == outcomes::kTimeout)
                   : d->outcome == outcomes::kApproved))
        contrary = d;
    const Rec* completed = nullptr;
    for (const auto* e : routed)
      if (e->id > o->id && detail_of(*e, keys::kVnf) == vnf &&
          detail_of(*e, keys::kOperation) == operation &&
          detail_of(*e, keys::kPhase) == smv::kPhaseCompleted) {
        completed = e;
        break;
      }
    if (contrary != nullptr)
      out.fail(describe(*o) + " applied, yet " + describe(*contrary) + " decided otherwise",
               {o->id, contrary->id});
    else if (approve && completed == nullptr)
      out.fail(describe(*o) + " replaced the decision by approve, but " + operation + " of " + vnf +
                   " never completed",
               {o->id});
    else if (approve)
      out.pass("the master's approval replaced its subordinate's decision and " + operation +
                   " of " + vnf + " ran",
               {o->id, completed->id});
    else if (completed != nullptr)
      out.fail(describe(*o) + " stopped the operation, yet " + describe(*completed) + " followed",
               {o->id, completed->id});
    else
      out.pass("the master's overrule stopped " + operation + " of " + vnf, {o->id});
  }
  if (!judged) return {Verdict::none, "no hierarchy termination or overrule in this scenario", {}};
  return out.result("");
}

void register_sm_hierarchy_checks(CheckRegistry& registry) {
  registry.add("R2.1.50", "hierarchy authority equals the oversees forest's",
               check_sm_hierarchy_authority);
  registry.add("5.1.3-a", "masters terminate and overrule below them, others only at home",
               check_sm_hierarchy_roles);
}

}  // namespace ifa026::conformance
