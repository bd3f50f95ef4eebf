// Checks of security management as a whole (see security_management_checks.hpp).
#include "conformance/security_management_checks.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/messages/monitoring_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"
#include "sim/time.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;

// The SM request a rule's action sends ("" for an action that sends none on a notification).
std::string request_of_action(const std::string& action) {
  if (action == actors::outcomes::kTerminate) return ops::kSmTerminateVnfRequest;
  if (action == actors::outcomes::kInsertVsf) return ops::kSmSecurityFunctionRequest;
  if (action == actors::outcomes::kPolicy) return ops::kSmSecurityPolicyInstruction;
  return "";
}

}  // namespace

// ID            R1.2.10
// Objective     Security management covers a service's whole policy lifecycle: the SM plans
//               (designs an sNSD, or discovers the security functions available), enforces (a
//               rule table acknowledged by a function's manager), validates (a validation round
//               that passes) and monitors (monitoring runs or telemetry it collects), in that
//               order.
// Precondition  An SM that enforces policy (SecurityRulePush acknowledged).
// Test          For each SM with an acknowledged SecurityRulePush: a planning record before its
//               first one (SnsdCreated created, or SecurityFunctionDiscovered available); a
//               PolicyValidation pass after it; a MonitoringRun by the SM or a TelemetryStored at
//               the SM after that pass. Planning quality and optimisation are not judged.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.10
// Applicability ICS "security-management" and "security-functions"
// Verdict       pass naming the four records of each SM; fail on an SM whose enforced policy is
//               never planned, validated or monitored; none when no SM enforced a policy.
CheckResult check_security_policy_lifecycle(const CheckContext& context) {
  namespace mon = actors::decisions;
  TraceQuery q(context.trace);
  CheckOutcome out;
  std::set<std::string> sms;
  for (const auto* r : q.all(
           RecordFilter{}.op(mon::kSecurityRulePush).with_outcome(actors::outcomes::kAcknowledged)))
    sms.insert(r->actor);
  if (sms.empty())
    return {Verdict::none, "no SM enforced a policy (no SecurityRulePush acknowledged)", {}};
  for (const auto& sm : sms) {
    const Rec* enforced = q.first(RecordFilter{}
                                      .op(mon::kSecurityRulePush)
                                      .by(sm)
                                      .with_outcome(actors::outcomes::kAcknowledged));
    const Rec* planned =
        q.last(RecordFilter{}.op(mon::kSnsdCreated).by(sm).with_outcome(outcomes::kCreated), 0,
               enforced->id);
    if (planned == nullptr)
      planned = q.last(RecordFilter{}
                           .op(mon::kSecurityFunctionDiscovered)
                           .by(sm)
                           .with_outcome(actors::outcomes::kAvailable),
                       0, enforced->id);
    const Rec* validated = q.first(
        RecordFilter{}.op(mon::kPolicyValidation).by(sm).with_outcome(actors::outcomes::kPass),
        enforced->id);
    const Rec* monitored = nullptr;
    if (validated != nullptr) {
      monitored = q.first(RecordFilter{}.op(mon::kMonitoringRun).by(sm), validated->id);
      const Rec* stored = q.first(RecordFilter{}.op(mon::kTelemetryStored).by(sm), validated->id);
      if (monitored == nullptr || (stored != nullptr && stored->id < monitored->id))
        monitored = stored;
    }
    std::vector<std::uint64_t> cited;
    for (const Rec* r : {planned, enforced, validated, monitored})
      if (r != nullptr) cited.push_back(r->id);
    if (planned == nullptr) {
      out.fail(sm + " enforced " + detail_of(*enforced, keys::kPolicy) +
                   " with no planning before it (no sNSD designed, no function discovered)",
               cited);
    } else if (validated == nullptr) {
      out.fail(sm + " enforced its policy but never validated it (no PolicyValidation pass after "
                    "the first acknowledged rule table)",
               cited);
    } else if (monitored == nullptr) {
      out.fail(sm + " validated its policy but monitored nothing after (no MonitoringRun, no "
                    "telemetry stored)",
               cited);
    } else {
      const auto ns = detail_of(*validated, keys::kNs);
      out.pass(sm + ": planned (" + planned->operation + "), enforced (" + enforced->operation +
                   " " + enforced->outcome + "), validated" + (ns.empty() ? "" : " ns " + ns) +
                   " (PolicyValidation pass), monitored (" + monitored->operation + ")",
               cited);
    }
  }
  return out.result("");
}

// ID            R1.2.30
// Objective     Security management runs on its own: an SM's reactions to what happens in the
//               deployment (policy instructions, terminations, security function requests) are
//               started by its automation on an event, without an operator's command.
// Precondition  An SM with rules that react to LCM event notifications (SmRuleFired of action
//               policy with a VNF, terminate with a VNF, or insert_vsf, outside a grant exchange).
// Test          For each such SmRuleFired: the SmEventReceived of its event_id precedes it at the
//               same SM, and a later SmRequest sent of the action's request type by that SM
//               (not claimed by an earlier rule) exists. A rule whose delay has not run out when
//               the run ends is not judged.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.30
// Applicability ICS "security-management" and "security-functions"
// Verdict       pass naming each automatic reaction (event, rule, request); fail on a rule that
//               fired and whose reaction was never sent; none when no reacting rule fired.
CheckResult check_automatic_security_management(const CheckContext& context) {
  TraceQuery q(context.trace);
  CheckOutcome out;
  if (context.trace.empty()) return {Verdict::none, "empty trace", {}};
  const sim::Time end = context.trace.back().time;
  std::set<std::uint64_t> claimed;
  bool judged = false;
  for (const auto* rule : q.all(RecordFilter{}.op(decisions::kSmRuleFired))) {
    if (has_detail(*rule, keys::kGrantId)) continue;  // an answer inside a grant exchange
    const std::string request = request_of_action(rule->outcome);
    if (request.empty()) continue;
    if (rule->outcome != actors::outcomes::kInsertVsf && detail_of(*rule, keys::kVnf).empty())
      continue;  // nothing to act on
    const std::string& sm = rule->actor;
    const std::string event_id = detail_of(*rule, keys::kEventId);
    const std::string what = sm + "'s rule " + detail_of(*rule, keys::kRule) + " (" +
                             rule->outcome + " on event " + event_id + ")";
    const Rec* event =
        q.last(RecordFilter{}.op(decisions::kSmEventReceived).by(sm).with(keys::kEventId, event_id),
               0, rule->id);
    const Rec* sent = nullptr;
    for (const auto* r : q.all(RecordFilter{}
                                   .op(decisions::kSmRequest)
                                   .by(sm)
                                   .with_outcome(outcomes::kSent)
                                   .with(keys::kSmOperation, request)))
      if (r->id > rule->id && !claimed.contains(r->id)) {
        sent = r;
        break;
      }
    sim::Duration delay;
    if (auto d = sim::parse_duration(detail_of(*rule, keys::kDelay))) delay = *d;
    if (sent == nullptr && rule->time + delay > end) continue;  // the run ended first
    judged = true;
    if (event == nullptr) {
      out.fail(what + " fired with no event received before it", {rule->id});
      continue;
    }
    if (sent == nullptr) {
      const auto reason = detail_of(*rule, keys::kReason);
      out.fail(what + " fired but its " + request + " was never sent" +
                   (reason.empty() ? "" : " (" + reason + ")"),
               {event->id, rule->id});
      continue;
    }
    claimed.insert(sent->id);
    out.pass(what + ": " + request + " " + detail_of(*sent, keys::kRequest) + " sent automatically",
             {event->id, rule->id, sent->id});
  }
  if (!judged) return {Verdict::none, "no SM rule reacting to an event fired", {}};
  return out.result("");
}

void register_security_management_checks(CheckRegistry& registry) {
  registry.add("R1.2.10", "policy planned, enforced, validated and monitored",
               check_security_policy_lifecycle);
  registry.add("R1.2.30", "SM reactions run on events without an operator",
               check_automatic_security_management);
}

}  // namespace ifa026::conformance
