// Checks of the SM's detections and remedies (see detection_checks.hpp). Test descriptions follow
// ETSI TST010's fields.
#include "conformance/detection_checks.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/sm_trace_view.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
namespace smv = actors::sm;

// The VNFs a VNFM instantiated without a request (fault rogue_instantiate), by VNF.
std::map<std::string, const Rec*> rogue_vnfs(const SmTraceView& v) {
  std::map<std::string, const Rec*> out;
  for (const auto* r : v.records(decisions::kRogueInstantiation))
    out.emplace(detail_of(*r, keys::kVnf), r);
  return out;
}

// (SM, VNF) -> the first RESOURCE_ALLOCATE event the SM received about the VNF.
std::map<std::pair<std::string, std::string>, const Rec*> allocations_received(
    const SmTraceView& v) {
  std::map<std::pair<std::string, std::string>, const Rec*> out;
  for (const auto* r : v.records(decisions::kSmEventReceived))
    if (detail_of(*r, keys::kEventType) == smv::kEventResourceAllocate)
      out.emplace(std::make_pair(r->actor, detail_of(*r, keys::kVnf)), r);
  return out;
}

// The SM's first deployment decision (authorized / unauthorized_deployment) about the VNF.
const Rec* deployment_decision(const SmTraceView& v, const std::string& sm,
                               const std::string& vnf) {
  for (const auto* r : v.records(decisions::kSecurityDetection)) {
    if (r->actor != sm || detail_of(*r, keys::kVnf) != vnf) continue;
    const auto kind = detail_of(*r, keys::kKind);
    if (kind == values::kDetectionAuthorized || kind == values::kDetectionUnauthorizedDeployment)
      return r;
  }
  return nullptr;
}

bool flags_unauthorized(const Rec& r) {
  return r.outcome == outcomes::kDetected &&
         detail_of(r, keys::kKind) == values::kDetectionUnauthorizedDeployment;
}

// MANO's execution of the remedy `request` about `vnf`: the VIM's SmResourceRemoval or the NFVO's
// SmTerminationItem terminated.
const Rec* executed(const SmTraceView& v, const std::string& request, const std::string& vnf) {
  for (const char* op : {decisions::kSmResourceRemoval, decisions::kSmTerminationItem})
    for (const auto* r : v.records(op, outcomes::kTerminated))
      if (detail_of(*r, keys::kRequest) == request && detail_of(*r, keys::kVnf) == vnf) return r;
  return nullptr;
}

}  // namespace

// ID            R1.3.110
// Objective     Security monitoring tells authorized deployments from unauthorized ones, and
// notices
//               a package whose integrity does not hold.
// Precondition  An SM bound at the VIM on Sc-Vi (the VIM's allocation_events on) and at the NFVO;
//               optionally a VNFM fault rogue_instantiate (a VNF allocated with no request and no
//               grant); optionally an SM that verifies packages and a tampered package.
// Test          For every VNF whose RESOURCE_ALLOCATE an SM received: the SM's SecurityDetection
//               says unauthorized_deployment (detected) when the VNF came from a rogue
//               instantiation and authorized otherwise. For every SmPackageVerification failed,
//               the same SM records SecurityDetection detected kind=package_integrity for that
//               event. The runtime-integrity half (a tampered VNFCI measurement) is not judged:
//               the attestation verdict does not reach an SM in the model.
// Evidence      RogueInstantiation, SmEventReceived (RESOURCE_ALLOCATE), SecurityDetection,
//               SmPackageVerification.
// Negative      SM sm_faults miss_rogue (a rogue VNF recorded authorized) and flag_authorized (an
//               authorized VNF flagged).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.110
// Applicability ICS security-monitoring; none when no allocation event, rogue instantiation or
//               failed package verification happened.
CheckResult check_deployment_detection(const CheckContext& context) {
  const SmTraceView v(context);
  const auto rogue = rogue_vnfs(v);
  const auto received = allocations_received(v);
  const auto failed_packages =
      v.records(decisions::kSmPackageVerification, actors::sm::kIntegrityFailed);
  if (rogue.empty() && received.empty() && failed_packages.empty())
    return {Verdict::none,
            "no SM received a RESOURCE_ALLOCATE event, no VNF was instantiated rogue and no "
            "package verification failed",
            {}};
  CheckOutcome out;
  std::set<std::string> seen_rogue;
  for (const auto& [key, event] : received) {
    const auto& [sm, vnf] = key;
    const bool is_rogue = rogue.contains(vnf);
    if (is_rogue) seen_rogue.insert(vnf);
    const Rec* d = deployment_decision(v, sm, vnf);
    if (d == nullptr) {
      out.inconc(sm + " received " + describe(*event) + " but decided nothing about " + vnf +
                     " before the run ended",
                 {event->id});
    } else if (is_rogue && flags_unauthorized(*d)) {
      out.pass(sm + " flagged the rogue instantiation of " + vnf + ": " + describe(*d),
               {rogue.at(vnf)->id, event->id, d->id});
    } else if (is_rogue) {
      out.fail(sm + " recorded the rogue instantiation of " + vnf + " as " +
                   detail_of(*d, keys::kKind) + ": " + describe(*d),
               {rogue.at(vnf)->id, event->id, d->id});
    } else if (flags_unauthorized(*d)) {
      out.fail(sm + " flagged " + vnf +
                   ", which the NFVO instantiated, as unauthorized: " + describe(*d),
               {event->id, d->id});
    } else {
      out.pass(sm + " recorded " + vnf + " authorized", {event->id, d->id});
    }
  }
  for (const auto& [vnf, r] : rogue)
    if (!seen_rogue.contains(vnf))
      out.inconc("no SM received an allocation event of the rogue VNF " + vnf +
                     " (no SM bound at the VIM, or allocation_events off)",
                 {r->id});
  for (const auto* failed : failed_packages) {
    const auto event_id = detail_of(*failed, keys::kEventId);
    const Rec* d = nullptr;
    for (const auto* r : v.records(decisions::kSecurityDetection, outcomes::kDetected))
      if (r->actor == failed->actor && r->id > failed->id &&
          detail_of(*r, keys::kKind) == values::kDetectionPackageIntegrity &&
          detail_of(*r, keys::kEventId) == event_id) {
        d = r;
        break;
      }
    if (d != nullptr)
      out.pass(failed->actor + " recorded the failed package of " + event_id + " as a detection",
               {failed->id, d->id});
    else
      out.fail(failed->actor + "'s package check failed (" + describe(*failed) +
                   ") but no SecurityDetection package_integrity followed",
               {failed->id});
  }
  return out.result("nothing to judge");
}

// ID            R1.3.180
// Objective     Monitoring of instantiation leads to a remedy of an unauthorized one: a Semi- or
//               Fully-Active SM has it terminated, a Passive SM only raises an alert.
// Precondition  As R1.3.110, with a rogue instantiation the SM flagged.
// Test          For every SecurityDetection unauthorized_deployment of an SM: with the SM's mode
//               in the VNF's domain as MANO granted it (SmBinding), Semi/Fully-Active: a
//               Remediation requested or instructed (action terminate) follows and MANO executes
//               it (SmResourceRemoval or SmTerminationItem terminated for that request and VNF);
//               Passive: a Remediation alerted follows, the SM asks for nothing, and MANO
//               terminates nothing on its word. A rogue VNF an SM was told of but never flagged
//               fails too (nothing to remedy).
// Evidence      SecurityDetection, Remediation, SmRequest, SmResourceRemoval / SmTerminationItem,
//               SmBinding.
// Negative      SM sm_faults no_remediation (an active SM leaves it at the detection),
//               remediate_passive (a Passive SM asks for the termination), with the VIM's
//               accept_passive MANO executing it; miss_rogue.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.180
// Applicability ICS security-monitoring; none when no rogue instantiation reached an SM and
//               nothing was flagged.
CheckResult check_remediation(const CheckContext& context) {
  const SmTraceView v(context);
  const auto rogue = rogue_vnfs(v);
  const auto received = allocations_received(v);
  CheckOutcome out;
  std::set<std::pair<std::string, std::string>> flagged;
  for (const auto* d : v.records(decisions::kSecurityDetection, outcomes::kDetected)) {
    if (!flags_unauthorized(*d)) continue;
    const std::string sm = d->actor;
    const std::string vnf = detail_of(*d, keys::kVnf);
    flagged.insert({sm, vnf});
    const std::string mode = v.mode_in(sm, detail_of(*d, keys::kDomain), d->id);
    std::vector<const Rec*> remedies;
    for (const auto* r : v.records(decisions::kRemediation))
      if (r->actor == sm && r->id > d->id && detail_of(*r, keys::kVnf) == vnf)
        remedies.push_back(r);
    const Rec* alert = nullptr;
    const Rec* asked = nullptr;
    for (const auto* r : remedies) {
      if (r->outcome == outcomes::kAlerted && alert == nullptr) alert = r;
      if (r->outcome != outcomes::kAlerted && asked == nullptr) asked = r;
    }
    const Rec* done =
        asked == nullptr ? nullptr : executed(v, detail_of(*asked, keys::kRequest), vnf);
    if (mode == smv::kModePassive) {
      if (done != nullptr)
        out.fail("MANO executed a remedy of the Passive SM " + sm + ": " + describe(*done),
                 {d->id, asked->id, done->id});
      else if (asked != nullptr)
        out.fail("the Passive SM " + sm + " asked for a remedy of " + vnf + " (" +
                     describe(*asked) + ") instead of only alerting",
                 {d->id, asked->id});
      else if (alert == nullptr)
        out.fail("the Passive SM " + sm + " flagged " + vnf + " but raised no alert", {d->id});
      else
        out.pass("the Passive SM " + sm + " alerted on " + vnf + " and asked for nothing",
                 {d->id, alert->id});
    } else if (mode == smv::kModeSemiActive || mode == smv::kModeFullyActive) {
      if (asked == nullptr)
        out.fail("the " + mode + " SM " + sm + " flagged " + vnf + " but asked for no remedy",
                 {d->id});
      else if (done == nullptr)
        out.fail("the remedy " + describe(*asked) + " of " + vnf + " was never executed",
                 {d->id, asked->id});
      else
        out.pass(sm + " (" + mode + ") had " + vnf + " removed: " + describe(*done),
                 {d->id, asked->id, done->id});
    } else {
      out.inconc(sm + " flagged " + vnf + " in a domain it holds no mode in", {d->id});
    }
  }
  for (const auto& [key, event] : received) {
    if (!rogue.contains(key.second) || flagged.contains(key)) continue;
    out.fail(key.first + " was told of the rogue VNF " + key.second + " (" + describe(*event) +
                 ") but never flagged it, so nothing was remedied",
             {rogue.at(key.second)->id, event->id});
  }
  if (out.empty())
    return {Verdict::none, "no unauthorized deployment reached or was flagged by an SM", {}};
  return out.result("nothing to judge");
}

void register_detection_checks(CheckRegistry& registry) {
  registry.add("R1.3.110", "authorized and unauthorized deployments told apart",
               check_deployment_detection);
  registry.add("R1.3.180", "unauthorized instantiations remedied by active SMs, alerted by passive",
               check_remediation);
}

}  // namespace ifa026::conformance
