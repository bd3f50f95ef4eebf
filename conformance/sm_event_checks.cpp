// Annex A R2.1.150-R2.1.240 and R2.1.300 checks of the LCM events MANO routes to Security
// Managers (see the header). Test descriptions follow ETSI TST010's fields.
#include "conformance/sm_event_checks.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/sm_trace_view.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
namespace lcm = actors::lcm;
namespace smv = actors::sm;

// SmEventRouted records of one event type ("" any).
std::vector<const Rec*> routed(const SmTraceView& v, const std::string& event_type = "") {
  std::vector<const Rec*> out;
  for (const auto* r : v.records(decisions::kSmEventRouted))
    if (event_type.empty() || detail_of(*r, keys::kEventType) == event_type) out.push_back(r);
  return out;
}

// One LCM occurrence MANO had to tell the SMs about.
struct Occurrence {
  const Rec* record;
  std::string vnf;
  std::string group;  // occurrences of one VNF and group bound each other's windows
  std::string value;  // the change_kind / termination_kind the event must carry ("" any)
};

// For each occurrence and every SM that must hear of it (a mode in the VNF's domain, the VNF
// visible to it, subscribed, its filter not leaving the type out), an SmEventRouted of
// `event_type` about the VNF between the previous and the next occurrence of the same VNF and
// group, carrying `value_key`=value when asked. Returns how many (occurrence, SM) pairs it judged.
int expect_routed(const SmTraceView& v, CheckOutcome& out, const std::vector<Occurrence>& occ,
                  const std::string& event_type, const std::string& value_key) {
  int judged = 0;
  for (std::size_t i = 0; i < occ.size(); ++i) {
    const auto& o = occ[i];
    std::uint64_t lower = 0, upper = 0;
    for (std::size_t j = 0; j < occ.size(); ++j) {
      if (occ[j].vnf != o.vnf || occ[j].group != o.group || j == i) continue;
      if (occ[j].record->id < o.record->id) lower = std::max(lower, occ[j].record->id);
      if (occ[j].record->id > o.record->id && (upper == 0 || occ[j].record->id < upper))
        upper = occ[j].record->id;
    }
    const auto domain = v.domain_of(o.vnf);
    if (domain.empty()) continue;
    for (const auto& sm : v.sms()) {
      if (v.mode_in(sm, domain, o.record->id).empty() || !v.visible(o.vnf, sm)) continue;
      const auto filter = v.subscription_filter(sm, o.record->id);
      if (!filter || filter_excludes_event(*filter, event_type)) continue;
      ++judged;
      const Rec* found = nullptr;
      const Rec* wrong = nullptr;
      for (const auto* r : v.query.all(RecordFilter{}
                                           .of_kind(sim::RecordKind::decision)
                                           .op(decisions::kSmEventRouted)
                                           .with(keys::kSm, sm)
                                           .with(keys::kVnf, o.vnf)
                                           .with(keys::kEventType, event_type))) {
        if (r->id <= lower || (upper != 0 && r->id >= upper)) continue;
        if (o.value.empty() || detail_of(*r, value_key) == o.value) {
          found = r;
          break;
        }
        wrong = r;
      }
      if (found != nullptr)
        out.pass(event_type + " of " + o.vnf + " to " + sm + " (" + describe(*o.record) + ")",
                 {o.record->id, found->id});
      else if (wrong != nullptr)
        out.fail(describe(*wrong) + " says " + value_key + "=" + detail_of(*wrong, value_key) +
                     " for " + describe(*o.record) + ", expected " + o.value,
                 {o.record->id, wrong->id});
      else
        out.fail("no " + event_type + " to " + sm + " (" + v.mode_in(sm, domain, o.record->id) +
                     " in " + domain + ") for " + describe(*o.record),
                 {o.record->id});
    }
  }
  return judged;
}

// Completed chain VnfLcmOperation records of these operations.
std::vector<Occurrence> completed_operations(const SmTraceView& v,
                                             const std::set<std::string>& operations,
                                             const std::string& group, const std::string& value) {
  std::vector<Occurrence> out;
  for (const auto* r : v.records(decisions::kVnfLcmOperation, outcomes::kCompleted))
    if (has_detail(*r, keys::kSource) && operations.contains(detail_of(*r, keys::kOperation)))
      out.push_back({r, detail_of(*r, keys::kVnf), group, value});
  return out;
}

// The VNF a VIM resource belongs to (ResourceAllocation allocated resource=).
std::string vnf_of_resource(const SmTraceView& v, const std::string& resource) {
  const auto* a = v.query.first(RecordFilter{}
                                    .of_kind(sim::RecordKind::decision)
                                    .op(decisions::kResourceAllocation)
                                    .with_outcome(outcomes::kAllocated)
                                    .with(keys::kResource, resource));
  return a == nullptr ? "" : detail_of(*a, keys::kVnf);
}

// The items of an SmEventRouted as a set.
std::set<std::string> items_of(const Rec& r) {
  auto list = split_list(detail_of(r, keys::kItems));
  return {list.begin(), list.end()};
}

// Every item of `required` present in each routed event of the type.
CheckResult require_items(const CheckContext& context, const std::string& event_type,
                          const std::vector<std::string>& required) {
  SmTraceView v(context);
  const auto events = routed(v, event_type);
  if (events.empty()) return no_verdict("no " + event_type + " event was routed to an SM");
  CheckOutcome out;
  for (const auto* r : events) {
    const auto items = items_of(*r);
    std::set<std::string> missing;
    for (const auto& i : required)
      if (!items.contains(i)) missing.insert(i);
    if (!missing.empty())
      out.fail(describe(*r) + " lacks " + joined_names(missing), {r->id});
    else
      out.pass(
          std::to_string(required.size()) + " required items in every " + event_type + " event",
          {r->id});
  }
  return out.result("");
}

}  // namespace

// ID            R2.1.150
// Objective     Every VNF instantiation MANO completes (a chain VnfLcmOperation INSTANTIATE
//               completed: the VNFM's record, with a `source`) gives a VNF_INSTANTIATE event
//               (SmEventRouted, phase proposed or completed) to every SM that holds a mode in the
//               VNF's trust domain, is subscribed with a filter that does not leave
//               VNF_INSTANTIATE out, and is not kept from the VNF (hidden_from, sensitive domain:
//               those get SmEventSuppressed, R2.1.200 / R2.1.100).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.150
// Applicability ICS "security-management"
// Verdict       pass citing each (instantiation, SM) pair's event; fail naming an instantiation
//               and an SM it should have reached; none when no instantiation had an SM to tell.
CheckResult check_sm_instantiate_events(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  const auto occ = completed_operations(v, {lcm::kInstantiate}, "instantiate", "");
  if (expect_routed(v, out, occ, smv::kEventVnfInstantiate, "") == 0)
    return no_verdict("no VNF instantiation with a bound, subscribed SM in its domain");
  return out.result("");
}

// ID            R2.1.160
// Objective     Every modification of a VNF gives a VNF_MODIFY event of the right change_kind to
//               every SM that must hear of it (as R2.1.150): scale out / in and heal (chain
//               VnfLcmOperation completed) change_kind=vnfc; a migration (VIM ComputeMigration
//               migrated of one of the VNF's resources) change_kind=location. Every VNF_MODIFY
//               routed names a change_kind.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.160
// Applicability ICS "security-management"
// Verdict       pass naming the change kinds observed and those of the map the model does not
//               drive (configuration, software_image, host_resources, connectivity,
//               identification, load_balancing, other when not seen); fail on a modification
//               with no event, or with the wrong change_kind; none without a modification that
//               had an SM to tell.
CheckResult check_sm_modify_events(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  auto occ = completed_operations(v, {lcm::kScaleOut, lcm::kScaleIn, lcm::kHeal}, "vnfc",
                                  smv::kChangeVnfc);
  for (const auto* r : v.records(decisions::kComputeMigration, outcomes::kMigrated)) {
    const auto vnf = vnf_of_resource(v, detail_of(*r, keys::kResource));
    if (!vnf.empty()) occ.push_back({r, vnf, "location", smv::kChangeLocation});
  }
  std::sort(occ.begin(), occ.end(),
            [](const Occurrence& a, const Occurrence& b) { return a.record->id < b.record->id; });
  int judged = expect_routed(v, out, occ, smv::kEventVnfModify, keys::kChangeKind);
  std::set<std::string> kinds;
  for (const auto* r : routed(v, smv::kEventVnfModify)) {
    ++judged;
    const auto kind = detail_of(*r, keys::kChangeKind);
    if (kind.empty())
      out.fail(describe(*r) + " has no change_kind", {r->id});
    else
      kinds.insert(kind);
  }
  if (judged == 0) return no_verdict("no VNF modification with an SM to tell");
  std::set<std::string> unmodelled;
  for (const char* k : {"configuration", "software_image", "location", "host_resources",
                        "connectivity", "identification", "vnfc", "load_balancing", "other"})
    if (!kinds.contains(k)) unmodelled.insert(k);
  out.pass("change kinds observed: " + (kinds.empty() ? std::string("none") : joined_names(kinds)) +
           "; not driven in this scenario (the model drives only vnfc and location): " +
           joined_names(unmodelled));
  return out.result("");
}

// ID            R2.1.170
// Objective     Every completed chain TERMINATE of a VNF gives a VNF_TERMINATE event with
//               termination_kind=requested to every SM that must hear of it (as R2.1.150); every
//               VNF_TERMINATE routed says requested only for a VNF a TERMINATE operation (or an
//               SM-requested termination) ended, and crashed only after a crash of the VNF (VIM
//               WorkloadFault detected). Every crash the VNFM does not heal (its auto-heal
//               VnfLcmOperation HEAL rejected after a WorkloadFault of the VNF) gives a
//               VNF_TERMINATE with termination_kind=crashed to every SM that must hear of it.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.170
// Applicability ICS "security-management"
// Verdict       pass citing the events; fail on a termination or an unhealed crash with no
//               event, a crash reported as requested or a termination kind without its cause;
//               none when nothing ended.
CheckResult check_sm_terminate_events(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  const auto occ =
      completed_operations(v, {lcm::kTerminate}, "terminate", smv::kTerminationRequested);
  int judged = expect_routed(v, out, occ, smv::kEventVnfTerminate, keys::kTerminationKind);
  // Crashes the VNFM did not heal: the auto-heal refused right after the VNF's WorkloadFault.
  std::vector<Occurrence> crashes;
  for (const auto* r : v.records(decisions::kVnfLcmOperation, outcomes::kRejected)) {
    if (detail_of(*r, keys::kOperation) != lcm::kHeal ||
        detail_of(*r, keys::kSource) != lcm::kSourceVnfmAutoHeal)
      continue;
    const auto vnf = detail_of(*r, keys::kVnf);
    if (v.query.last(RecordFilter{}.op(decisions::kWorkloadFault).with(keys::kVnf, vnf), 0,
                     r->id) != nullptr)
      crashes.push_back({r, vnf, "crash", smv::kTerminationCrashed});
  }
  judged += expect_routed(v, out, crashes, smv::kEventVnfTerminate, keys::kTerminationKind);
  for (const auto* r : routed(v, smv::kEventVnfTerminate)) {
    ++judged;
    const auto vnf = detail_of(*r, keys::kVnf);
    const auto kind = detail_of(*r, keys::kTerminationKind);
    if (kind == smv::kTerminationRequested) {
      bool operation = !v.lcm_operations(vnf, lcm::kTerminate).empty() ||
                       v.query.any(RecordFilter{}
                                       .op(decisions::kSmTerminationItem)
                                       .with_outcome(outcomes::kTerminated)
                                       .with(keys::kVnf, vnf));
      if (!operation)
        out.fail(describe(*r) + " says requested but no TERMINATE operation of " + vnf +
                     " is in the trace",
                 {r->id});
      else
        out.pass(describe(*r) + " after a TERMINATE of " + vnf, {r->id});
    } else if (kind == smv::kTerminationCrashed) {
      const auto* fault = v.query.last(
          RecordFilter{}.op(decisions::kWorkloadFault).with(keys::kVnf, vnf), 0, r->id);
      if (fault == nullptr)
        out.fail(describe(*r) + " says crashed but no crash of " + vnf + " precedes it", {r->id});
      else
        out.pass(describe(*r) + " after " + describe(*fault), {fault->id, r->id});
    } else if (kind.empty()) {
      out.fail(describe(*r) + " has no termination_kind", {r->id});
    } else {
      out.pass(describe(*r) + " termination_kind=" + kind, {r->id});
    }
  }
  if (judged == 0) return no_verdict("no VNF termination with an SM to tell");
  return out.result("");
}

// ID            R2.1.180
// Objective     Every routed event names a source from OSS, NFVO, VNFM_AUTO_HEAL, VIM, CISM,
//               SECURITY_MANAGER, equal to the source of the operation it reports: the VNFM's
//               chain VnfLcmOperation of that VNF and operation (the latest before the event, else
//               the first after it).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.180
// Applicability ICS "security-management"
// Verdict       pass citing the events; fail on a missing or unknown source or one that differs
//               from the operation's (e.g. OSS on an auto-heal); none without routed events.
CheckResult check_sm_event_source(const CheckContext& context) {
  SmTraceView v(context);
  const auto events = routed(v);
  if (events.empty()) return no_verdict("no event was routed to an SM");
  static const std::set<std::string> kAllowed = {
      lcm::kSourceOss, lcm::kSourceNfvo, lcm::kSourceVnfmAutoHeal,
      lcm::kSourceVim, lcm::kSourceCism, lcm::kSourceSecurityManager};
  CheckOutcome out;
  for (const auto* r : events) {
    const auto source = detail_of(*r, keys::kSource);
    if (!kAllowed.contains(source)) {
      out.fail(describe(*r) + (source.empty() ? " has no source" : " has source " + source) +
                   ", not one of OSS, NFVO, VNFM_AUTO_HEAL, VIM, CISM, SECURITY_MANAGER",
               {r->id});
      continue;
    }
    const auto vnf = detail_of(*r, keys::kVnf);
    const auto operation = detail_of(*r, keys::kOperation);
    const Rec* op = nullptr;
    if (!vnf.empty() && !operation.empty()) {
      for (const auto* o : v.lcm_operations(vnf, operation)) {
        if (o->id < r->id)
          op = o;
        else if (op == nullptr) {
          op = o;
          break;
        }
      }
    }
    if (op != nullptr && detail_of(*op, keys::kSource) != source)
      out.fail(describe(*r) + " says source " + source + " but " + describe(*op) + " has source " +
                   detail_of(*op, keys::kSource),
               {r->id, op->id});
    else if (op != nullptr)
      out.pass("sources equal to the operations'", {r->id, op->id});
    else
      out.pass("sources from the allowed set", {r->id});
  }
  return out.result("");
}

// ID            R2.1.190
// Objective     Every routed event states a non-empty reason.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.190
// Applicability ICS "security-management"
// Verdict       pass citing the events; fail naming an event without reason; none without
//               routed events.
CheckResult check_sm_event_reason(const CheckContext& context) {
  SmTraceView v(context);
  const auto events = routed(v);
  if (events.empty()) return no_verdict("no event was routed to an SM");
  CheckOutcome out;
  for (const auto* r : events) {
    if (detail_of(*r, keys::kReason).empty())
      out.fail(describe(*r) + " has no reason", {r->id});
    else
      out.pass("every routed event states its reason", {r->id});
  }
  return out.result("");
}

// ID            R2.1.200
// Objective     A VNF hidden from an SM (the OSS's vnfs[].hidden_from) is suppressed for it
//               (SmEventSuppressed sm=, vnf=) and nothing about it reaches that SM: no
//               SmEventRouted about it, no answered SmQuery (status, history, context) listing it.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.200
// Applicability ICS "security-management"
// Verdict       pass citing the suppressions; fail naming an event or query answer that showed
//               the VNF to a hidden SM; none when the scenario hides no VNF that had events.
CheckResult check_sm_hidden_vnfs(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  std::set<std::pair<std::string, std::string>> pairs;  // (vnf, sm)
  for (const auto& [vnf, f] : v.vnfs())
    for (const auto& sm : f.hidden_from) pairs.insert({vnf, sm});
  for (const auto* r : v.records(decisions::kSmEventSuppressed))
    if (detail_of(*r, keys::kReason) == "hidden_from")
      pairs.insert({detail_of(*r, keys::kVnf), detail_of(*r, keys::kSm)});
  bool judged = false;
  for (const auto& [vnf, sm] : pairs) {
    for (const auto* r : v.query.all(RecordFilter{}
                                         .op(decisions::kSmEventRouted)
                                         .with(keys::kSm, sm)
                                         .with(keys::kVnf, vnf))) {
      judged = true;
      out.fail(describe(*r) + " tells " + sm + " about " + vnf + ", hidden from it", {r->id});
    }
    for (const auto* r : v.query.all(RecordFilter{}
                                         .op(decisions::kSmQuery)
                                         .with_outcome(outcomes::kAnswered)
                                         .with(keys::kSm, sm))) {
      auto listed = split_list(detail_of(*r, keys::kVnfs));
      if (std::find(listed.begin(), listed.end(), vnf) == listed.end()) continue;
      judged = true;
      out.fail(describe(*r) + " lists " + vnf + " to " + sm + ", hidden from it", {r->id});
    }
    for (const auto* r : v.query.all(RecordFilter{}
                                         .op(decisions::kSmEventSuppressed)
                                         .with(keys::kSm, sm)
                                         .with(keys::kVnf, vnf))) {
      judged = true;
      out.pass(vnf + "'s events suppressed for " + sm, {r->id});
    }
  }
  if (!judged) return no_verdict("no hidden VNF had an event or query in this scenario");
  return out.result("");
}

// The VNFM's INSTANTIATE operation (VnfLcmOperation starting) an instantiation event is about:
// the last one of its VNF before it.
const Rec* instantiation_of(const SmTraceView& v, const Rec& event) {
  return v.query.last(RecordFilter{}
                          .op(decisions::kVnfLcmOperation)
                          .with_outcome(outcomes::kStarting)
                          .with(keys::kVnf, detail_of(event, keys::kVnf))
                          .with(keys::kOperation, lcm::kInstantiate),
                      0, event.id);
}

// The VNFM's placement reservation (PlacementReservation reserved) for the instantiation an
// event is about, or nullptr.
const Rec* reservation_before(const SmTraceView& v, const Rec& event) {
  const Rec* op = instantiation_of(v, event);
  if (op == nullptr) return nullptr;
  return v.query.first(RecordFilter{}
                           .op(decisions::kPlacementReservation)
                           .with_outcome(outcomes::kReserved)
                           .with(keys::kOccurrence, detail_of(*op, keys::kOccurrence)),
                       op->id, event.id);
}

// D12: the first allocation of the instantiation an event is about (ResourceAllocation allocated
// with the event's VNF and the correlation of the VNFM's last INSTANTIATE operation of it before
// the event) on a host the event's `hosts` do not name, or nullptr; `compared` counts those seen.
const Rec* allocation_elsewhere(const SmTraceView& v, const Rec& event, int& compared) {
  const auto vnf = detail_of(event, keys::kVnf);
  std::set<std::string> named;
  for (const auto& h : split_list(detail_of(event, keys::kHosts))) named.insert(h);
  const Rec* op = instantiation_of(v, event);
  if (op == nullptr) return nullptr;
  for (const auto* a : v.query.all(RecordFilter{}
                                       .op(decisions::kResourceAllocation)
                                       .with_outcome(outcomes::kAllocated)
                                       .with(keys::kVnf, vnf)
                                       .with(keys::kCorr, detail_of(*op, keys::kCorr)))) {
    if (a->id < op->id) continue;
    ++compared;
    if (!named.contains(detail_of(*a, keys::kHost) + "@" + detail_of(*a, keys::kLocation)))
      return a;
  }
  return nullptr;
}

// ID            R2.1.210
// Objective     Every VNF_INSTANTIATE routed carries source, vnf_package_id, vnfd_id,
//               package_integrity, vnf_instance_id, requestor_ref, connectivity, group_ref and
//               hosts (its `items`); `vnfd` exactly when the SM's subscription filter asked
//               include_vnfd; its digest equal to the NFVO's PackageIntegrityCheck digest of the
//               VNF's package (the scenario's package of the VNF; without one, the digest of some
//               checked package); every resource the instantiation then allocated
//               (ResourceAllocation allocated, same VNF and correlation) on a host@location the
//               event's `hosts` name (D12: placement reserved before the grant).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.210
// Applicability ICS "security-management"
// Verdict       pass citing the events; fail naming a missing item, a vnfd sent unasked or
//               missing though asked, a digest that is not the package's, or an allocation on a
//               host the event does not name; none without VNF_INSTANTIATE events. Without
//               `hosts` (no placement reserved: no producer named to the VNFM) the verdict is
//               inconc, never pass.
CheckResult check_sm_instantiate_items(const CheckContext& context) {
  SmTraceView v(context);
  const auto events = routed(v, smv::kEventVnfInstantiate);
  if (events.empty()) return no_verdict("no VNF_INSTANTIATE event was routed to an SM");
  static const std::vector<std::string> kRequired = {
      "source",          "vnf_package_id", "vnfd_id",      "package_integrity",
      "vnf_instance_id", "requestor_ref",  "connectivity", "group_ref"};
  CheckOutcome out;
  bool hosts_missing = false;
  for (const auto* r : events) {
    const auto items = items_of(*r);
    std::set<std::string> missing;
    for (const auto& i : kRequired)
      if (!items.contains(i)) missing.insert(i);
    // The intended hosts exist only where placement was reserved before the grant (map D12):
    // their absence leaves the verdict open rather than failing MANO, unless the VNFM did
    // reserve for this instantiation.
    if (!items.contains("hosts")) {
      if (const Rec* reserved = reservation_before(v, *r)) {
        out.fail(describe(*r) + " names no hosts though " + describe(*reserved) +
                     " reserved them before the grant",
                 {r->id, reserved->id});
        continue;
      }
      hosts_missing = true;
    }
    const auto sm = detail_of(*r, keys::kSm);
    const auto filter = v.subscription_filter(sm, r->id, r->actor);
    const bool asked = filter && filter_includes_vnfd(*filter);
    if (!missing.empty()) {
      out.fail(describe(*r) + " lacks " + joined_names(missing), {r->id});
      continue;
    }
    if (asked != items.contains("vnfd")) {
      out.fail(describe(*r) + (asked ? " has no vnfd though " + sm + " asked include_vnfd"
                                     : " carries the vnfd " + sm + " did not ask for"),
               {r->id});
      continue;
    }
    int compared = 0;
    if (items.contains("hosts")) {
      if (const Rec* a = allocation_elsewhere(v, *r, compared)) {
        out.fail(describe(*r) + " names hosts " + detail_of(*r, keys::kHosts) + " but " +
                     describe(*a) + " allocated on " + detail_of(*a, keys::kHost) + "@" +
                     detail_of(*a, keys::kLocation),
                 {r->id, a->id});
        continue;
      }
    }
    const auto digest = detail_of(*r, keys::kDigest);
    const auto vnf = detail_of(*r, keys::kVnf);
    std::string package = detail_of(*r, keys::kPackage);
    if (package.empty() && v.vnfs().contains(vnf)) package = v.vnfs().at(vnf).package;
    const Rec* check = nullptr;
    bool any_equal = false;
    for (const auto* c : v.query.all(RecordFilter{}.op(decisions::kPackageIntegrityCheck))) {
      if (c->id > r->id) break;
      if (!package.empty() && detail_of(*c, keys::kPackage) == package) check = c;
      if (!digest.empty() && detail_of(*c, keys::kDigest) == digest) {
        any_equal = true;
        if (package.empty()) check = c;
      }
    }
    if (digest.empty())
      out.fail(describe(*r) + " has no package digest", {r->id});
    else if (check == nullptr && !any_equal)
      out.fail(describe(*r) + " digest " + digest + " is no digest the NFVO computed", {r->id});
    else if (check != nullptr && detail_of(*check, keys::kDigest) != digest)
      out.fail(describe(*r) + " digest " + digest + " differs from " + describe(*check) + " (" +
                   detail_of(*check, keys::kDigest) + ")",
               {r->id, check->id});
    else
      out.pass(
          "every VNF_INSTANTIATE carries the required items, vnfd as subscribed, the "
          "package's digest and the hosts its resources were then allocated on",
          {r->id, check == nullptr ? 0 : check->id});
  }
  if (hosts_missing && out.worst() == Verdict::pass)
    out.inconc(
        "every other item is present, but some events name no intended hosts: no placement was "
        "reserved before their grant (docs/security-manager.md, D12)");
  return out.result("");
}

// ID            R2.1.220
// Objective     Every VNF_MODIFY routed carries source, reason, vnf_instance_id, change_kind and
//               change_details (its `items`).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.220
// Applicability ICS "security-management"
// Verdict       pass citing the events; fail naming a missing item; none without VNF_MODIFY
//               events. Whether the details agree with the operation is not judged.
CheckResult check_sm_modify_items(const CheckContext& context) {
  return require_items(context, smv::kEventVnfModify,
                       {"source", "reason", "vnf_instance_id", "change_kind", "change_details"});
}

// ID            R2.1.230
// Objective     Every VNF_TERMINATE routed carries source, vnf_instance_id and reason.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.230
// Applicability ICS "security-management"
// Verdict       pass citing the events; fail naming a missing item; none without VNF_TERMINATE
//               events.
CheckResult check_sm_terminate_items(const CheckContext& context) {
  return require_items(context, smv::kEventVnfTerminate, {"source", "vnf_instance_id", "reason"});
}

// ID            R2.1.240
// Objective     An SM's context query (SmQuery query=context) is answered with the members of the
//               queried VNF's NS: every listed VNF is of one NS of the scenario and visible to the
//               SM, and every member of that NS INSTANTIATED at the time, in the SM's domains and
//               visible to it is listed; a refusal only for a domain outside the SM's grants.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.240
// Applicability ICS "security-management"
// Verdict       pass citing the answers (partial: whether the context is "enough" is not
//               judged); fail on an answer that differs from the NS, or a refusal inside the
//               SM's domains; none without context queries.
CheckResult check_sm_context_query(const CheckContext& context) {
  SmTraceView v(context);
  const auto queries =
      v.query.all(RecordFilter{}.op(decisions::kSmQuery).with(keys::kQuery, "context"));
  if (queries.empty()) return no_verdict("no SM context query in this scenario");
  CheckOutcome out;
  for (const auto* r : queries) {
    const auto sm = detail_of(*r, keys::kSm);
    const auto domain = detail_of(*r, keys::kDomain);
    const auto grants = v.grants(sm, r->id);
    if (r->outcome != outcomes::kAnswered) {
      if (!domain.empty() && grants.contains(domain))
        out.fail(
            describe(*r) + " refused a context query of " + sm + " in its own domain " + domain,
            {r->id});
      else
        out.pass("context refused outside " + sm + "'s domains", {r->id});
      continue;
    }
    const auto listed_list = split_list(detail_of(*r, keys::kVnfs));
    const std::set<std::string> listed(listed_list.begin(), listed_list.end());
    std::set<std::string> nss;
    for (const auto& vnf : listed) nss.insert(v.ns_of(vnf));
    if (listed.empty() || nss.size() != 1 || nss.begin()->empty()) {
      out.fail(describe(*r) + " lists " + (listed.empty() ? "nothing" : joined_names(listed)) +
                   ", not the members of one NS",
               {r->id});
      continue;
    }
    std::set<std::string> wrong, missing;
    for (const auto& vnf : listed)
      if (!v.visible(vnf, sm)) wrong.insert(vnf);
    for (const auto& vnf : v.ns_members(*nss.begin()))
      if (!listed.contains(vnf) && v.instantiated(vnf, r->id) && v.visible(vnf, sm) &&
          grants.contains(v.domain_of(vnf)))
        missing.insert(vnf);
    if (!wrong.empty())
      out.fail(describe(*r) + " shows " + joined_names(wrong) + " to " + sm + ", kept from it",
               {r->id});
    else if (!missing.empty())
      out.fail(describe(*r) + " leaves out " + joined_names(missing) + " of NS " + *nss.begin(),
               {r->id});
    else
      out.pass("context answers list the NS's members", {r->id});
  }
  return out.result("");
}

// ID            R2.1.300
// Objective     Every VNF event routed carries oss_app_id: equal to the OSS's application id of
//               the VNF (the scenario's instantiate_ns vnfs[].oss_app_id) when known, and the same
//               in every event about the VNF (constant over its life).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.300
// Applicability ICS "security-management"
// Verdict       pass citing the events; fail naming an event without oss_app_id, with another
//               than the OSS's, or one that changed; none without routed VNF events.
CheckResult check_sm_oss_app_id(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  std::map<std::string, const Rec*> first;  // vnf -> first event about it
  bool judged = false;
  for (const auto* r : routed(v)) {
    const auto vnf = detail_of(*r, keys::kVnf);
    if (vnf.empty()) continue;
    judged = true;
    const auto id = detail_of(*r, keys::kOssAppId);
    const auto expected = v.oss_app_id_of(vnf);
    if (id.empty()) {
      out.fail(describe(*r) + " has no oss_app_id", {r->id});
      continue;
    }
    if (!expected.empty() && id != expected) {
      out.fail(
          describe(*r) + " says oss_app_id=" + id + ", the OSS's id of " + vnf + " is " + expected,
          {r->id});
      continue;
    }
    auto [it, inserted] = first.emplace(vnf, r);
    if (!inserted && detail_of(*it->second, keys::kOssAppId) != id) {
      out.fail(describe(*r) + " says oss_app_id=" + id + ", " + describe(*it->second) + " said " +
                   detail_of(*it->second, keys::kOssAppId),
               {it->second->id, r->id});
      continue;
    }
    out.pass("every VNF event carries the OSS's application id, constant per VNF", {r->id});
  }
  if (!judged) return no_verdict("no VNF event was routed to an SM");
  return out.result("");
}

void register_sm_event_checks(CheckRegistry& registry) {
  registry.add("R2.1.150", "instantiation events reach every applicable SM",
               check_sm_instantiate_events);
  registry.add("R2.1.160", "modification events with their change kind", check_sm_modify_events);
  registry.add("R2.1.170", "termination events with their termination kind",
               check_sm_terminate_events);
  registry.add("R2.1.180", "events name their source", check_sm_event_source);
  registry.add("R2.1.190", "events state their reason", check_sm_event_reason);
  registry.add("R2.1.200", "hidden VNFs suppressed for the SMs they are hidden from",
               check_sm_hidden_vnfs);
  registry.add("R2.1.210", "instantiation events carry the mandatory items",
               check_sm_instantiate_items);
  registry.add("R2.1.220", "modification events carry the mandatory items", check_sm_modify_items);
  registry.add("R2.1.230", "termination events carry the mandatory items",
               check_sm_terminate_items);
  registry.add("R2.1.240", "context queries answered with the NS's members",
               check_sm_context_query);
  registry.add("R2.1.300", "events carry the OSS's application id", check_sm_oss_app_id);
}

}  // namespace ifa026::conformance
