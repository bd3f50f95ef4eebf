// Check of the updates tied to security monitoring (see update_checks.hpp). Test description
// follows ETSI TST010's fields.
#include "conformance/update_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

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

// An SM's `update_policy` from the scenario: allowed images and firmware (nullopt: no policy).
struct UpdatePolicy {
  std::vector<std::string> images;
  std::vector<std::string> firmware;
};
std::optional<UpdatePolicy> policy_of(const sim::Scenario& scenario, const std::string& sm) {
  for (const auto& actor : scenario.actors) {
    if (actor.name != sm || !actor.params.is_object()) continue;
    auto it = actor.params.find("update_policy");
    if (it == actor.params.end() || !it->is_object()) return std::nullopt;
    UpdatePolicy p;
    for (const auto& [key, list] :
         {std::pair{"allowed_images", &p.images}, std::pair{"allowed_firmware", &p.firmware}})
      if (auto l = it->find(key); l != it->end() && l->is_array())
        for (const auto& item : *l)
          if (item.is_string()) list->push_back(item.get<std::string>());
    return p;
  }
  return std::nullopt;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Whether `sm` was bound at `block` (an SmBinding bound there) before record `before`.
bool bound_at(const SmTraceView& v, const std::string& sm, const std::string& block,
              std::uint64_t before) {
  for (const auto* r : v.records(decisions::kSmBinding, outcomes::kBound))
    if (r->actor == block && r->id < before && detail_of(*r, keys::kSm) == sm) return true;
  return false;
}

// The SM's judgement of one update: its first SecurityDetection authorized / unauthorized_update
// naming `key`=`value` in (from, to).
const Rec* judgement(const SmTraceView& v, const std::string& sm, const char* key,
                     const std::string& value, std::uint64_t from, std::uint64_t to) {
  for (const auto* r : v.records(decisions::kSecurityDetection)) {
    if (r->actor != sm || r->id <= from || r->id >= to || detail_of(*r, key) != value) continue;
    const auto kind = detail_of(*r, keys::kKind);
    if (kind == values::kDetectionAuthorized || kind == values::kDetectionUnauthorizedUpdate)
      return r;
  }
  return nullptr;
}

// Judges one SM's decision about one update against its policy (nothing when it has none).
void judge_policy(CheckOutcome& out, const SmTraceView& v, const std::string& sm,
                  const std::optional<UpdatePolicy>& policy, bool image, const std::string& what,
                  const Rec* judged, const Rec* subject) {
  if (!policy) return;
  const bool inside = contains(image ? policy->images : policy->firmware, what);
  const std::string label = std::string(image ? "image " : "firmware ") + what;
  if (judged == nullptr) {
    out.fail(sm + " has an update policy and was told of " + label + " but judged nothing",
             {subject->id});
    return;
  }
  const bool flagged = judged->outcome == outcomes::kDetected &&
                       detail_of(*judged, keys::kKind) == values::kDetectionUnauthorizedUpdate;
  if (inside && !flagged)
    out.pass(sm + " authorized " + label + " (in its policy)", {subject->id, judged->id});
  else if (inside)
    out.fail(sm + " flagged " + label + ", which its policy allows: " + describe(*judged),
             {subject->id, judged->id});
  else if (flagged)
    out.pass(sm + " detected " + label + " outside its policy", {subject->id, judged->id});
  else
    out.fail(sm + " recorded " + label + ", outside its policy, as " + describe(*judged),
             {subject->id, judged->id});
  (void)v;
}

void software_updates(CheckOutcome& out, const SmTraceView& v) {
  const auto requests = v.records(decisions::kSoftwareUpdate, outcomes::kRequested);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const Rec* req = requests[i];
    const std::string vnf = detail_of(*req, keys::kVnf);
    const std::string image = detail_of(*req, keys::kImage);
    const std::string occurrence = detail_of(*req, keys::kOccurrence);
    const std::string nfvo = req->peer;
    // This update's records run until the next update request of the same VNF.
    std::uint64_t until = UINT64_MAX;
    for (std::size_t j = i + 1; j < requests.size(); ++j)
      if (detail_of(*requests[j], keys::kVnf) == vnf) {
        until = requests[j]->id;
        break;
      }
    const Rec* executed = nullptr;
    for (const auto* r : v.records(decisions::kSoftwareUpdate, outcomes::kExecuted))
      if (detail_of(*r, keys::kOccurrence) == occurrence) executed = r;
    const std::string domain = v.domain_of(vnf);
    for (const auto& sm : v.sms()) {
      const std::string mode = v.mode_in(sm, domain, req->id);
      if (mode.empty() || !bound_at(v, sm, nfvo, req->id)) continue;
      // The events of this update MANO routed to the SM, and those it received.
      std::vector<const Rec*> routed;
      const Rec* proposal = nullptr;
      for (const auto* r : v.records(decisions::kSmEventRouted))
        if (r->actor == nfvo && r->id > req->id && r->id < until &&
            detail_of(*r, keys::kSm) == sm && detail_of(*r, keys::kVnf) == vnf &&
            detail_of(*r, keys::kChangeKind) == smv::kChangeSoftwareImage) {
          routed.push_back(r);
          if (proposal == nullptr && detail_of(*r, keys::kPhase) == smv::kPhaseProposed)
            proposal = r;
        }
      // What the SM received of it; `judgeable`: the event it judges the update on (a Passive
      // SM the completed event, the only one it gets; the others the proposal).
      const std::string judged_phase =
          mode == smv::kModePassive ? smv::kPhaseCompleted : smv::kPhaseProposed;
      const Rec* received = nullptr;
      const Rec* judgeable = nullptr;
      for (const auto* r : v.records(decisions::kSmEventReceived))
        if (r->actor == sm && r->id > req->id && r->id < until)
          for (const auto* e : routed)
            if (detail_of(*r, keys::kEventId) == detail_of(*e, keys::kEventId)) {
              if (received == nullptr) received = r;
              if (judgeable == nullptr && detail_of(*e, keys::kPhase) == judged_phase)
                judgeable = r;
            }
      const std::string who = sm + " (" + mode + ")";
      if (executed != nullptr && received == nullptr)
        out.fail("the software update of " + vnf + " to " + image + " ran (" + describe(*executed) +
                     ") but " + who + " was never told of it",
                 {req->id, executed->id});
      else if (executed != nullptr)
        out.pass(who + " was told of the software update of " + vnf + " to " + image,
                 {req->id, received->id, executed->id});
      if (mode == smv::kModeFullyActive && executed != nullptr) {
        const Rec* approval = nullptr;
        if (proposal != nullptr)
          for (const auto* r : v.records(decisions::kSmGrantDecision, outcomes::kApproved))
            if (r->actor == nfvo && detail_of(*r, keys::kSm) == sm &&
                detail_of(*r, keys::kEventId) == detail_of(*proposal, keys::kEventId) &&
                r->id < executed->id)
              approval = r;
        if (approval == nullptr)
          out.fail("the software update of " + vnf + " to " + image + " ran (" +
                       describe(*executed) + ") without the approval of the Fully-Active " + sm +
                       " before it",
                   {req->id, executed->id});
        else
          out.pass(sm + " approved the software update of " + vnf + " before it ran",
                   {approval->id, executed->id});
      }
      if (judgeable == nullptr) continue;  // nothing this SM judges updates on
      const auto policy = policy_of(v.context.scenario, sm);
      const Rec* judged = judgement(v, sm, keys::kImage, image, req->id, until);
      judge_policy(out, v, sm, policy, true, image, judged, req);
      if (policy && !contains(policy->images, image) && mode == smv::kModeFullyActive &&
          executed != nullptr)
        out.fail("the software update of " + vnf + " to " + image + ", outside the policy of " +
                     "the Fully-Active " + sm + ", ran: " + describe(*executed),
                 {req->id, executed->id});
      else if (policy && !contains(policy->images, image) && mode == smv::kModeFullyActive)
        out.pass("the software update of " + vnf + " to " + image + ", outside the policy of " +
                     sm + ", did not run",
                 {req->id, judgeable->id});
    }
  }
}

void firmware_updates(CheckOutcome& out, const SmTraceView& v) {
  for (const auto* f : v.records(decisions::kFirmwareUpdate, outcomes::kExecuted)) {
    const std::string host = detail_of(*f, keys::kHost);
    const std::string firmware = detail_of(*f, keys::kFirmware);
    const std::string domain = detail_of(*f, keys::kDomain);
    const std::string event_id = detail_of(*f, keys::kEventId);
    for (const auto& sm : v.sms()) {
      const std::string mode = v.mode_in(sm, domain, f->id);
      if (mode.empty() || !bound_at(v, sm, f->actor, f->id)) continue;
      const Rec* received = nullptr;
      for (const auto* r : v.records(decisions::kSmEventReceived))
        if (r->actor == sm && r->peer == f->actor && r->id > f->id &&
            detail_of(*r, keys::kEventId) == event_id) {
          received = r;
          break;
        }
      if (received == nullptr) {
        out.fail("the firmware of " + host + " was updated to " + firmware + " (" + describe(*f) +
                     ") but " + sm + ", bound at " + f->actor + " in " + domain +
                     ", was never told",
                 {f->id});
        continue;
      }
      out.pass(sm + " was told of the firmware update of " + host + " to " + firmware,
               {f->id, received->id});
      const Rec* judged = judgement(v, sm, keys::kFirmware, firmware, f->id, UINT64_MAX);
      judge_policy(out, v, sm, policy_of(v.context.scenario, sm), false, firmware, judged, f);
    }
  }
}

}  // namespace

// ID            R1.3.220
// Objective     Software and firmware updates are tied to security monitoring: every update is
//               made known to the Security Managers watching it, a Fully-Active SM authorizes a
//               software update before it runs, and an update outside an SM's update policy is
//               detected (and, under Fully-Active, not carried out).
// Precondition  SMs bound at the NFVO (software updates of VNFs, VNF_MODIFY software_image) and
//               at the VIM (host firmware updates, HOST_UPDATE), optionally with an
//               update_policy; the VNFM's update_vnf_software and the VIM's update_host_firmware
//               workload commands.
// Test          For every SoftwareUpdate requested at the VNFM and every SM bound at the NFVO with
//               a mode in the VNF's domain: when it ran (SoftwareUpdate executed) the SM received
//               one of its software_image events; a Fully-Active SM's SmGrantDecision approved
//               of its proposal comes before SoftwareUpdate executed. For every FirmwareUpdate
//               executed and every SM bound at that VIM with a mode in the update's domain: the SM
//               received the HOST_UPDATE. For an SM with an update_policy that was told of an
//               update: its SecurityDetection is authorized when the image / firmware is in the
//               policy and detected unauthorized_update otherwise; an image outside the policy
//               of a Fully-Active SM never ran.
// Evidence      SoftwareUpdate, FirmwareUpdate, SmEventRouted, SmEventReceived, SmGrantDecision,
//               SecurityDetection, SmBinding; the SMs' update_policy params.
// Negative      VNFM sm_faults update_ungated (the image changes before the grant), SM sm_faults
//               miss_update (an update outside the policy recorded authorized, its grant
//               approved), VIM sm_faults silent_firmware_update (no HOST_UPDATE).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.220
// Applicability ICS security-monitoring; none when no software or firmware update was requested.
CheckResult check_update_monitoring(const CheckContext& context) {
  const SmTraceView v(context);
  if (v.records(decisions::kSoftwareUpdate).empty() &&
      v.records(decisions::kFirmwareUpdate).empty())
    return {Verdict::none, "no software or firmware update was requested", {}};
  CheckOutcome out;
  software_updates(out, v);
  firmware_updates(out, v);
  if (out.empty()) return {Verdict::none, "no update reached a bound SM or ran under one", {}};
  return out.result("nothing to judge");
}

void register_update_checks(CheckRegistry& registry) {
  registry.add("R1.3.220", "updates notified to, authorized and policed by the SMs",
               check_update_monitoring);
}

}  // namespace ifa026::conformance
