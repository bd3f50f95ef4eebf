// The Security Manager mode checks (see sm_mode_checks.hpp). Test descriptions follow ETSI
// TST010's fields.
#include "conformance/sm_mode_checks.hpp"

#include <algorithm>
#include <vector>

#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"
#include "conformance/sm_trace.hpp"

namespace ifa026::conformance {
namespace {

namespace sm = actors::sm;
using sim::RecordKind;
using Rec = sim::TraceRecord;

// True when some binding ever gave some SM `mode`.
bool any_binding_in(const SmView& v, const std::string& mode) {
  return v.modes_granted().contains(mode);
}

// The first record after `after` (before `before`, 0: end) of decision `name` with these details.
const Rec* next_of(const SmView& v, const std::string& name,
                   const std::map<std::string, std::string>& with, std::uint64_t after,
                   std::uint64_t before = 0, const std::string& outcome = "") {
  RecordFilter f = RecordFilter{}.of_kind(RecordKind::decision).op(name).with_outcome(outcome);
  f.detail = with;
  return v.query.first(f, after, before);
}

// The NFVO's GrantDecision for `vnf` (and `operation` when given) after record `after`.
const Rec* next_grant_decision(const SmView& v, const std::string& vnf,
                               const std::string& operation, std::uint64_t after) {
  for (const auto* g : v.grant_decisions())
    if (g->id > after && detail_of(*g, keys::kVnf) == vnf &&
        (operation.empty() || detail_of(*g, keys::kOperation) == operation))
      return g;
  return nullptr;
}

// A ResourceAllocation allocated for `vnf` strictly between the two records (0: end).
const Rec* allocation_between(const SmView& v, const std::string& vnf, std::uint64_t after,
                              std::uint64_t before) {
  return next_of(v, decisions::kResourceAllocation, {{keys::kVnf, vnf}}, after, before,
                 outcomes::kAllocated);
}

// After a decision that stopped `vnf`'s operation at record `at`: the next GrantDecision for it
// must be a rejection and no allocation for the VNF may follow before a later grant. Adds a fail
// and returns false when the operation ran.
bool operation_stopped(const SmView& v, CheckOutcome& out, const Rec& at, const std::string& what) {
  const auto vnf = detail_of(at, keys::kVnf);
  const auto operation = detail_of(at, keys::kOperation);
  const auto* grant = next_grant_decision(v, vnf, operation, at.id);
  if (grant != nullptr && grant->outcome == outcomes::kGranted) {
    out.fail(what + " (" + describe(at) + ") but the NFVO then granted " + operation + " of " +
                 vnf + " (" + describe(*grant) + ")",
             {at.id, grant->id});
    return false;
  }
  const auto* later_grant = v.query.first(RecordFilter{}
                                              .of_kind(RecordKind::decision)
                                              .op(decisions::kGrantDecision)
                                              .with_outcome(outcomes::kGranted)
                                              .with(keys::kVnf, vnf),
                                          at.id);
  if (const auto* alloc = allocation_between(v, vnf, at.id, later_grant ? later_grant->id : 0)) {
    out.fail(what + " (" + describe(at) + ") but resources were allocated for " + vnf + " (" +
                 describe(*alloc) + ")",
             {at.id, alloc->id});
    return false;
  }
  if (grant != nullptr) out.cite(grant->id);
  return true;
}

// An SM request granted by `auth` for one VNF: the SmTerminationItem that followed for it.
void termination_executed(const SmView& v, CheckOutcome& out, const Rec& auth,
                          const std::string& what) {
  const auto sm_name = detail_of(auth, keys::kSm);
  const auto vnf = detail_of(auth, keys::kVnf);
  const auto* item =
      next_of(v, decisions::kSmTerminationItem, {{keys::kSm, sm_name}, {keys::kVnf, vnf}}, auth.id);
  if (item == nullptr)
    out.inconc(what + " of " + vnf + " from " + sm_name + " authorized (" + describe(auth) +
                   ") but no SmTerminationItem followed before the run ended",
               {auth.id});
  else if (item->outcome != outcomes::kTerminated)
    out.fail(what + " of " + vnf + " from " + sm_name + " authorized (" + describe(auth) +
                 ") but not executed: " + describe(*item) + " " + detail_of(*item, keys::kReason),
             {auth.id, item->id});
  else
    out.pass(what + " from " + sm_name + " executed", {auth.id, item->id});
}

// ---- Passive ----

void judge_passive(const SmView& v, CheckOutcome& out) {
  if (!any_binding_in(v, sm::kModePassive)) return;
  std::set<std::string> informed, refused;
  // Events reach it, never inside a grant request.
  for (const auto* r : v.records(decisions::kSmEventRouted)) {
    if (v.mode_of(*r) != sm::kModePassive) continue;
    const auto sm_name = detail_of(*r, keys::kSm);
    if (!detail_of(*r, keys::kGrantId).empty()) {
      out.fail("a grant request was sent to " + sm_name + ", Passive in " + v.domain_of(*r) + " (" +
                   describe(*r) + ")",
               {r->id});
      continue;
    }
    if (informed.insert(sm_name).second) out.cite(r->id);
  }
  // No grant request on the wire to an SM Passive in every domain it holds there.
  for (const auto& r : v.query.records()) {
    if (r.kind != RecordKind::send || r.operation != ops::kSmLcmGrantRequest) continue;
    const auto* b = v.binding_at(r.actor, r.peer, r.id);
    if (b == nullptr) continue;
    const bool all_passive = std::all_of(b->grants.begin(), b->grants.end(), [](const auto& g) {
      return g.second == sm::kModePassive;
    });
    if (all_passive)
      out.fail("SmLcmGrantRequest sent to " + r.peer + ", Passive at " + r.actor + " (" +
                   describe(r) + ")",
               {r.id});
  }
  // No grant decision or objection window naming it.
  for (const auto* name : {decisions::kSmGrantDecision, decisions::kSmObjectionWindow})
    for (const auto* r : v.records(name))
      if (!detail_of(*r, keys::kSm).empty() && v.mode_of(*r) == sm::kModePassive)
        out.fail(std::string(name) + " names " + detail_of(*r, keys::kSm) + ", Passive in " +
                     v.domain_of(*r) + " (" + describe(*r) + ")",
                 {r->id});
  // Every active request refused for its mode, and nothing done on its word.
  for (const auto* r : v.records(decisions::kSmAuthorization)) {
    if (v.mode_of(*r) != sm::kModePassive) continue;
    const auto sm_name = detail_of(*r, keys::kSm);
    if (v.owner_of_instance(detail_of(*r, keys::kInstance)) != sm_name) continue;  // R2.1.60
    const auto op = detail_of(*r, keys::kSmOperation);
    if (sm_mode_permits(sm::kModePassive, op, detail_of(*r, keys::kKind)).value_or(true)) continue;
    if (r->outcome == outcomes::kGranted) {
      out.fail(op + " from " + sm_name + ", Passive in " + v.domain_of(*r) + ", was granted (" +
                   describe(*r) + ")",
               {r->id});
      continue;
    }
    if (!reason_contains(*r, "passive")) {
      out.fail(op + " from Passive " + sm_name + " rejected without naming its mode: \"" +
                   detail_of(*r, keys::kReason) + "\" (" + describe(*r) + ")",
               {r->id});
      continue;
    }
    refused.insert(sm_name);
    out.cite(r->id);
  }
  // State changes on a Passive SM's word: terminations, policies, host retirements.
  for (const auto* name : {decisions::kSmTerminationItem, decisions::kSecurityPolicyApplied,
                           decisions::kSmHostRetirement}) {
    const bool done_outcome = std::string(name) == decisions::kSmHostRetirement;
    for (const auto* r : v.records(name)) {
      if (std::string(name) == decisions::kSmTerminationItem && r->outcome != outcomes::kTerminated)
        continue;
      if (done_outcome && r->outcome != outcomes::kAccepted) continue;
      const auto sm_name = detail_of(*r, keys::kSm);
      std::string mode = v.mode_of(*r);
      if (done_outcome) {  // a host is in no domain: Passive everywhere at that block
        const auto* b = v.binding_at(r->actor, sm_name, r->id);
        mode = b != nullptr &&
                       std::all_of(b->grants.begin(), b->grants.end(),
                                   [](const auto& g) { return g.second == sm::kModePassive; }) &&
                       !b->grants.empty()
                   ? sm::kModePassive
                   : "";
      }
      if (mode == sm::kModePassive)
        out.fail(std::string(name) + " on the word of " + sm_name + ", Passive there (" +
                     describe(*r) + ")",
                 {r->id});
    }
  }
  if (!informed.empty() || !refused.empty())
    out.pass("Passive SM(s): events sent to " + name_list(informed) +
             " with no grant request, objection window or state change on their word; active "
             "requests refused for the mode from " +
             name_list(refused) +
             "; not checked: that completion times do not depend on the SM (no SM-less control "
             "run)");
}

// ---- Semi-Active ----

void judge_semi_active(const SmView& v, CheckOutcome& out) {
  if (!any_binding_in(v, sm::kModeSemiActive)) return;
  std::set<std::string> informed;
  for (const auto* r : v.records(decisions::kSmEventRouted)) {
    if (v.mode_of(*r) != sm::kModeSemiActive) continue;
    const auto sm_name = detail_of(*r, keys::kSm);
    if (!detail_of(*r, keys::kGrantId).empty())
      out.fail("a grant request was sent to " + sm_name + ", Semi-Active in " + v.domain_of(*r) +
                   " (" + describe(*r) + ")",
               {r->id});
    else if (informed.insert(sm_name).second)
      out.cite(r->id);
  }
  for (const auto* r : v.records(decisions::kSmGrantDecision))
    if (v.mode_of(*r) == sm::kModeSemiActive)
      out.fail("MANO waited for a grant decision of " + detail_of(*r, keys::kSm) +
                   ", Semi-Active in " + v.domain_of(*r) + " (" + describe(*r) + ")",
               {r->id});
  if (!informed.empty())
    out.pass("events sent to Semi-Active " + name_list(informed) + ", none inside a grant request");

  // The window never holds an operation longer than the setting.
  const auto window = v.trust.objection_window;
  for (const auto* r : v.records(decisions::kSmObjectionWindow)) {
    const auto waited = waited_of(*r);
    if (waited && *waited > window + sim::Duration::milliseconds(1))
      out.fail("objection window held " + detail_of(*r, keys::kVnf) + " for " +
                   detail_of(*r, keys::kWaited) + ", longer than objection_window " +
                   sim::format_duration(window) + " (" + describe(*r) + ")",
               {r->id});
    else if (r->outcome == outcomes::kClosed)
      out.pass("objection window closed within " + sim::format_duration(window), {r->id});
  }
  // An objection inside the window stops the operation.
  for (const auto* r : v.records(decisions::kSmObjectionWindow, outcomes::kObjected))
    if (operation_stopped(v, out, *r, "objection inside the window"))
      out.pass("objection by " + detail_of(*r, keys::kSm) + " inside the window stopped " +
                   detail_of(*r, keys::kOperation) + " of " + detail_of(*r, keys::kVnf),
               {r->id});
  for (const auto* r : v.records(decisions::kSmObjection, outcomes::kAccepted)) {
    const auto event = detail_of(*r, keys::kEventId);
    const auto* window_end = next_of(v, decisions::kSmObjectionWindow, {{keys::kEventId, event}}, 0,
                                     0, outcomes::kObjected);
    if (window_end == nullptr)
      out.fail("objection by " + detail_of(*r, keys::kSm) + " accepted for event " + event +
                   " but its window never ended objected (" + describe(*r) + ")",
               {r->id});
  }
  // A late objection undoes nothing.
  for (const auto* r : v.records(decisions::kSmObjection, outcomes::kLate)) {
    const auto event = detail_of(*r, keys::kEventId);
    const auto* window = next_of(v, decisions::kSmObjectionWindow, {{keys::kEventId, event}}, 0);
    if (const auto* objected = next_of(v, decisions::kSmObjectionWindow, {{keys::kEventId, event}},
                                       r->id, 0, outcomes::kObjected)) {
      out.fail("late objection to " + event + " still ended its window objected (" +
                   describe(*objected) + ")",
               {r->id, objected->id});
      continue;
    }
    // "Late" while the window was still open: an objection inside it ignored.
    if (const auto* open = next_of(v, decisions::kSmObjectionWindow, {{keys::kEventId, event}},
                                   r->id, 0, outcomes::kClosed)) {
      out.fail("objection to " + event + " by " + detail_of(*r, keys::kSm) + " treated as late (" +
                   describe(*r) + ") though its window was still open (" + describe(*open) + ")",
               {r->id, open->id});
      continue;
    }
    const auto vnf = window ? detail_of(*window, keys::kVnf) : detail_of(*r, keys::kVnf);
    const Rec* undone = nullptr;
    if (!vnf.empty())
      for (const auto& x : v.query.records())
        if (x.id > r->id && x.kind == RecordKind::decision &&
            (x.outcome == outcomes::kRolledBack || x.outcome == outcomes::kRollingBack) &&
            detail_of(x, keys::kVnf) == vnf) {
          undone = &x;
          break;
        }
    if (undone != nullptr)
      out.fail(
          "late objection to " + event + " rolled " + vnf + " back (" + describe(*undone) + ")",
          {r->id, undone->id});
    else
      out.pass("late objection by " + detail_of(*r, keys::kSm) + " recorded, nothing undone",
               {r->id});
  }
  // Termination requests from it are executed; instructions refused.
  for (const auto* r : v.records(decisions::kSmAuthorization)) {
    if (v.mode_of(*r) != sm::kModeSemiActive) continue;
    if (detail_of(*r, keys::kSmOperation) != ops::kSmTerminateVnfRequest) continue;
    const auto kind = detail_of(*r, keys::kKind);
    if (kind == sm::kKindInstruction) {
      if (r->outcome == outcomes::kGranted)
        out.fail("termination instruction from Semi-Active " + detail_of(*r, keys::kSm) +
                     " granted (" + describe(*r) + ")",
                 {r->id});
      continue;
    }
    if (r->outcome == outcomes::kGranted)
      termination_executed(v, out, *r, "termination request");
    else if (reason_blames_mode(*r))
      out.fail("termination request from Semi-Active " + detail_of(*r, keys::kSm) +
                   " refused for its mode: " + detail_of(*r, keys::kReason) + " (" + describe(*r) +
                   ")",
               {r->id});
  }
}

// ---- Fully-Active ----

void judge_fully_active(const SmView& v, CheckOutcome& out) {
  if (!any_binding_in(v, sm::kModeFullyActive)) return;
  const auto sms = v.bound_sms();
  // Each gated operation is granted only after every Fully-Active SM of the domain approved.
  std::map<std::string, std::uint64_t> previous;  // vnf -> the last GrantDecision id
  for (const auto* g : v.grant_decisions()) {
    const auto vnf = detail_of(*g, keys::kVnf);
    const auto operation = detail_of(*g, keys::kOperation);
    const auto since = previous[vnf];
    previous[vnf] = g->id;
    // An operation an SM's own instruction or request started is not gated again
    // (docs/security-manager.md, "Decisions").
    if (detail_of(*g, keys::kSource) == actors::lcm::kSourceSecurityManager) continue;
    const auto domain = v.domain_of_vnf(vnf);
    if (domain.empty()) continue;
    for (const auto& x : sms) {
      if (v.mode_at(g->actor, x, domain, g->id) != sm::kModeFullyActive) continue;
      const auto* s = v.query.last(decision(g->actor, decisions::kSmGrantDecision)
                                       .with(keys::kSm, x)
                                       .with(keys::kVnf, vnf)
                                       .with(keys::kOperation, operation),
                                   since, g->id);
      if (g->outcome != outcomes::kGranted) {
        if (s != nullptr) out.cite(s->id);
        continue;
      }
      if (s == nullptr)
        out.fail(operation + " of " + vnf + " granted (" + describe(*g) + ") without asking " + x +
                     ", Fully-Active in " + domain,
                 {g->id});
      else if (s->outcome != outcomes::kApproved)
        out.fail(operation + " of " + vnf + " granted (" + describe(*g) + ") though " + x +
                     " answered " + s->outcome + " (" + describe(*s) + ")",
                 {g->id, s->id});
      else
        out.pass(operation + " of " + vnf + " granted after " + x + "'s approval", {s->id, g->id});
    }
  }
  // No allocation before the SM decided; a rejection or timeout stops the operation.
  for (const auto* s : v.records(decisions::kSmGrantDecision)) {
    const auto vnf = detail_of(*s, keys::kVnf);
    const auto grant_id = detail_of(*s, keys::kGrantId);
    const Rec* asked = grant_id.empty() ? nullptr
                                        : v.query.first(RecordFilter{}
                                                            .of_kind(RecordKind::decision)
                                                            .op(decisions::kSmEventRouted)
                                                            .with(keys::kGrantId, grant_id));
    if (asked != nullptr && asked->id < s->id)
      if (const auto* alloc = allocation_between(v, vnf, asked->id, s->id))
        out.fail("resources allocated for " + vnf + " (" + describe(*alloc) + ") before " +
                     detail_of(*s, keys::kSm) + " decided (" + describe(*s) + ")",
                 {asked->id, alloc->id, s->id});
    if (s->outcome != outcomes::kRejected && s->outcome != outcomes::kTimeout) continue;
    if (operation_stopped(v, out, *s, "grant " + s->outcome + " by " + detail_of(*s, keys::kSm)))
      out.pass(detail_of(*s, keys::kOperation) + " of " + vnf + " not executed after " +
                   s->outcome + " by " + detail_of(*s, keys::kSm),
               {s->id});
  }
  // Instructions from it are executed.
  for (const auto* r : v.records(decisions::kSmAuthorization)) {
    if (v.mode_of(*r) != sm::kModeFullyActive) continue;
    if (detail_of(*r, keys::kSmOperation) != ops::kSmTerminateVnfRequest) continue;
    if (detail_of(*r, keys::kKind) != sm::kKindInstruction) continue;
    if (r->outcome == outcomes::kGranted)
      termination_executed(v, out, *r, "termination instruction");
    else if (reason_blames_mode(*r))
      out.fail("termination instruction from Fully-Active " + detail_of(*r, keys::kSm) +
                   " refused for its mode (" + describe(*r) + ")",
               {r->id});
  }
}

// ---- Semi-Active: the policy a VNF requires (R2.1.30) ----

// The VNFs whose VNFD says security_policy_required (an actor's `vnfds` parameter: the OSS's
// packages), by the scenario's instantiate_ns commands.
std::set<std::string> policy_required_vnfs(const sim::Scenario& scenario) {
  std::set<std::string> vnfds;
  for (const auto& actor : scenario.actors) {
    auto it = actor.params.find("vnfds");
    if (it == actor.params.end() || !it->is_object()) continue;
    for (const auto& [id, vnfd] : it->items()) {
      if (!vnfd.is_object()) continue;
      auto flag = vnfd.find("security_policy_required");
      if (flag != vnfd.end() && flag->is_boolean() && flag->get<bool>()) vnfds.insert(id);
    }
  }
  std::set<std::string> vnfs;
  for (const auto& command : scenario.workload) {
    if (command.command != "instantiate_ns" || !command.args.is_object()) continue;
    auto list = command.args.find("vnfs");
    if (list == command.args.end() || !list->is_array()) continue;
    for (const auto& vnf : *list) {
      if (!vnf.is_object() || !vnf.contains("vnf") || !vnf["vnf"].is_string()) continue;
      auto vnfd = vnf.find("vnfd_id");
      if (vnfd != vnf.end() && vnfd->is_string() && vnfds.contains(vnfd->get<std::string>()))
        vnfs.insert(vnf["vnf"].get<std::string>());
    }
  }
  return vnfs;
}

// A VNF that requires a security policy, in a domain with a Semi-Active SM bound at the NFVO, is
// granted its instantiation only after a policy was applied to it (SecurityPolicyApplied); a
// policy wait that timed out ends with the instantiation not granted.
void judge_required_policy(const SmView& v, CheckOutcome& out) {
  const auto required = policy_required_vnfs(v.context.scenario);
  if (required.empty()) return;
  const auto sms = v.bound_sms();
  for (const auto* g : v.grant_decisions()) {
    const auto vnf = detail_of(*g, keys::kVnf);
    if (!required.contains(vnf) || detail_of(*g, keys::kOperation) != actors::lcm::kInstantiate)
      continue;
    const auto domain = v.domain_of_vnf(vnf);
    std::string semi;
    for (const auto& x : sms)
      if (v.mode_at(g->actor, x, domain, g->id) == sm::kModeSemiActive) semi = x;
    if (semi.empty()) continue;
    const auto* policy = v.query.last(
        decision(g->actor, decisions::kSecurityPolicyApplied).with(keys::kVnf, vnf), 0, g->id);
    const auto* timeout = v.query.last(decision(g->actor, decisions::kSmPolicyWait)
                                           .with_outcome(outcomes::kTimeout)
                                           .with(keys::kVnf, vnf),
                                       0, g->id);
    if (g->outcome != outcomes::kGranted) {
      if (timeout != nullptr)
        out.pass("INSTANTIATE of " + vnf + " not run after its policy wait timed out (" +
                     describe(*timeout) + ")",
                 {timeout->id, g->id});
      continue;
    }
    if (policy == nullptr)
      out.fail("INSTANTIATE of " + vnf + " (security_policy_required) granted (" + describe(*g) +
                   ") before any policy, with " + semi + " Semi-Active in " + domain,
               {g->id});
    else
      out.pass("INSTANTIATE of " + vnf + " granted after its required policy (" +
                   describe(*policy) + ")",
               {policy->id, g->id});
  }
}

void judge_semi_active_with_policy(const SmView& v, CheckOutcome& out) {
  judge_semi_active(v, out);
  if (any_binding_in(v, sm::kModeSemiActive)) judge_required_policy(v, out);
}

CheckResult judged(const CheckContext& context, void (*judge)(const SmView&, CheckOutcome&),
                   const std::string& none_reason, const std::string& partial_note) {
  SmView v(context);
  CheckOutcome out;
  judge(v, out);
  auto result = result_or_none(out, none_reason);
  if (result.verdict == Verdict::pass && !partial_note.empty())
    result.reason += "; " + partial_note;
  return result;
}

}  // namespace

// ID            R2.1.20
// Objective     MANO treats an SM Passive in a domain as an observer: it sends it that domain's
//               events (never inside a grant request), never waits for it (no SmLcmGrantRequest
//               to it, no SmGrantDecision or objection window naming it) and refuses each of its
//               active requests (SmAuthorization rejected, reason naming the Passive mode), with
//               no termination, policy or host retirement on its word.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.20; clause 5.1.2
// Applicability ICS "sm-passive"
// Verdict       pass naming the Passive SMs informed and refused; fail naming the record of a
//               grant request, objection, granted active request or state change; none when no
//               SM was bound Passive or nothing was sent to or refused from one.
CheckResult check_sm_passive(const CheckContext& context) {
  return judged(context, judge_passive, "no SM bound Passive was sent an event or refused", "");
}

// ID            R2.1.30
// Objective     MANO sends a Semi-Active SM its domain's events without asking it for a grant,
//               holds an operation at most the objection window (trust_model settings
//               objection_window, default 0), stops the operation on an objection inside the
//               window (NFVO GrantDecision rejected, no resource allocated for the VNF before a
//               later grant; an objection called late while its window was still open fails),
//               undoes nothing on a late objection, executes the SM's termination
//               requests (kind=request) and refuses its termination instructions; a VNF whose
//               VNFD says security_policy_required is granted its instantiation only after a
//               policy was applied to it (SecurityPolicyApplied; not granted after SmPolicyWait
//               timeout).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.30; clause 5.1.2
// Applicability ICS "sm-semi-active"
// Verdict       pass naming what was seen; fail naming the record of a grant request, an
//               over-long window, an operation run after an objection, an undone operation, a
//               required-policy VNF instantiated before any policy, or
//               a termination request refused or not executed; inconc when an authorized
//               termination had not happened by the end; none when not exercised.
CheckResult check_sm_semi_active(const CheckContext& context) {
  return judged(context, judge_semi_active_with_policy,
                "no SM bound Semi-Active was sent an event, objected or asked for a termination",
                "");
}

// ID            R2.1.40
// Objective     For every operation of a VNF in a domain where an SM is Fully-Active, the NFVO
//               grants the operation only after that SM's SmGrantDecision approved; nothing is
//               allocated for the VNF before the SM decided; a rejection or a timeout ends in
//               GrantDecision rejected with no allocation before a later grant; the SM's
//               termination instructions are executed.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.40; clause 5.1.2
// Applicability ICS "sm-fully-active"
// Verdict       pass naming the gated operations and executed instructions; fail naming a grant
//               without approval, an early allocation, an operation run after a rejection or
//               timeout, or an instruction refused or not executed; inconc when an authorized
//               instruction had not run by the end; none when not exercised.
CheckResult check_sm_fully_active(const CheckContext& context) {
  return judged(context, judge_fully_active,
                "no operation was gated by, and no instruction came from, a Fully-Active SM",
                "not checked: the instruction latency of D8 and approve_with_policy's policy "
                "before completion");
}

// ID            R2.1.10
// Objective     MANO serves SMs in all three modes in one run: bindings grant Passive,
//               Semi-Active and Fully-Active domains, and the checks of R2.1.20, R2.1.30 and
//               R2.1.40 each pass on the run.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.10
// Applicability ICS "security-management"
// Verdict       pass when all three modes are bound and their checks pass; fail when one of
//               them fails; inconc when one of them saw nothing to judge; none when the run
//               does not bind all three modes.
CheckResult check_sm_three_modes(const CheckContext& context) {
  SmView v(context);
  const auto modes = v.modes_granted();
  const std::array<std::pair<const char*, CheckFunction>, 3> per_mode = {
      {{sm::kModePassive, check_sm_passive},
       {sm::kModeSemiActive, check_sm_semi_active},
       {sm::kModeFullyActive, check_sm_fully_active}}};
  std::set<std::string> missing;
  for (const auto& [mode, fn] : per_mode)
    if (!modes.contains(mode)) missing.insert(mode);
  if (!missing.empty())
    return {Verdict::none,
            "the run does not bind every mode (missing: " + name_list(missing) +
                "; bound: " + name_list(modes) + ")",
            {}};
  CheckOutcome out;
  for (const auto& [mode, fn] : per_mode) {
    auto r = fn(context);
    const std::string prefix = std::string(mode) + ": ";
    if (r.verdict == Verdict::none)
      out.inconc(prefix + "bound but its check saw nothing to judge (" + r.reason + ")");
    else
      out.add(r.verdict, prefix + r.reason, r.evidence);
  }
  for (const auto& b : v.bindings()) out.cite(b.record->id);
  return out.result("");
}

// ID            5.1.2-a
// Objective     Both sides implement the three modes. MANO side: the conditions of R2.1.20,
//               R2.1.30 and R2.1.40 hold for every SM bound in that mode. SM side: a
//               Fully-Active SM answers each grant request before its deadline (no
//               SmGrantDecision timeout, an SmLcmGrantResponse sent after each
//               SmLcmGrantRequest), and no active request of a Passive SM is granted.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 clause 5.1.2
// Applicability ICS "security-management"
// Verdict       per scenario: pass naming the modes shown both sides (suite parts: passive,
//               semi_active, fully_active; the suite step keeps it inconc while a mode is shown
//               nowhere); fail naming the failing side and record; none without SM bindings.
CheckResult check_sm_modes_both_sides(const CheckContext& context) {
  SmView v(context);
  if (v.bindings().empty()) return {Verdict::none, "no SM was bound", {}};
  CheckOutcome out;
  const std::array<std::pair<const char*, CheckFunction>, 3> per_mode = {
      {{sm::kModePassive, check_sm_passive},
       {sm::kModeSemiActive, check_sm_semi_active},
       {sm::kModeFullyActive, check_sm_fully_active}}};
  std::map<std::string, Verdict> mano;
  for (const auto& [mode, fn] : per_mode) {
    auto r = fn(context);
    mano[mode] = r.verdict;
    if (r.verdict == Verdict::fail || r.verdict == Verdict::error)
      out.add(r.verdict, std::string("MANO side, ") + mode + ": " + r.reason, r.evidence);
  }
  // SM side: Fully-Active SMs answer in time.
  std::size_t answered = 0;
  for (const auto* s : v.records(decisions::kSmGrantDecision)) {
    if (s->outcome != outcomes::kApproved && s->outcome != outcomes::kRejected &&
        s->outcome != outcomes::kTimeout)
      continue;  // an answer MANO ignored (nothing pending)
    if (s->outcome == outcomes::kTimeout)
      out.fail("SM side: " + detail_of(*s, keys::kSm) + " did not answer grant " +
                   detail_of(*s, keys::kGrantId) + " before its deadline (" + describe(*s) + ")",
               {s->id});
    else
      ++answered;
  }
  for (const auto& r : v.query.records()) {
    if (r.kind != RecordKind::send || r.operation != ops::kSmLcmGrantRequest) continue;
    const auto* answer = v.query.first(sends(r.peer, r.actor).op(ops::kSmLcmGrantResponse), r.id);
    if (answer == nullptr)
      out.fail("SM side: " + r.peer + " never sent an SmLcmGrantResponse after " + describe(r),
               {r.id});
  }
  // A Passive SM gets no active request through (the MANO-side refusal is R2.1.20's).
  for (const auto* r : v.records(decisions::kSmAuthorization, outcomes::kGranted))
    if (v.mode_of(*r) == sm::kModePassive &&
        !sm_mode_permits(sm::kModePassive, detail_of(*r, keys::kSmOperation),
                         detail_of(*r, keys::kKind))
             .value_or(true))
      out.fail("Passive " + detail_of(*r, keys::kSm) + "'s active request granted (" +
                   describe(*r) + ")",
               {r->id});
  if (out.worst() == Verdict::fail || out.worst() == Verdict::error) return out.result("");
  std::set<std::string> shown;
  for (const auto& [mode, verdict] : mano) {
    if (verdict != Verdict::pass) continue;
    if (mode == std::string(sm::kModeFullyActive) && answered == 0) continue;
    shown.insert(mode);
    out.observe(mode);
  }
  if (shown.empty())
    return {Verdict::none,
            "no mode was exercised on both sides (bound: " + name_list(v.modes_granted()) + ")",
            {}};
  for (const auto& b : v.bindings()) out.cite(b.record->id);
  std::set<std::string> unseen;
  for (const auto& m : kSmModeParts)
    if (!shown.contains(m)) unseen.insert(m);
  out.pass(
      "modes shown on both sides: " + name_list(shown) +
      (unseen.empty() ? "" : "; not exercised in this scenario: " + name_list(unseen)) +
      (answered > 0 ? "; " + std::to_string(answered) + " grant request(s) answered in time" : ""));
  return out.result("");
}

void register_sm_mode_checks(CheckRegistry& registry) {
  registry.add("R2.1.10", "SMs of all three modes served in one run", check_sm_three_modes);
  registry.add("R2.1.20", "Passive SM informed, never waited for, refused", check_sm_passive);
  registry.add("R2.1.30", "Semi-Active SM: window, objections, termination requests",
               check_sm_semi_active);
  registry.add("R2.1.40", "Fully-Active SM: no operation without approval; instructions run",
               check_sm_fully_active);
  registry.add("5.1.2-a", "both sides implement the three modes", check_sm_modes_both_sides);
  registry.require_parts("5.1.2-a", {kSmModeParts.begin(), kSmModeParts.end()});
}

}  // namespace ifa026::conformance
