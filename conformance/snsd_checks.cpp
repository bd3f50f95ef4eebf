// Annex A R1.2.50-R1.2.100 checks of the sNSD and of VSFs over the NS lifecycle (see the header).
// Test descriptions follow ETSI TST010's fields.
#include "conformance/snsd_checks.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "actors/common/snsd_descriptor.hpp"
#include "actors/messages/lcm_vocabulary.hpp"
#include "actors/messages/monitoring_vocabulary.hpp"
#include "actors/messages/sm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/sm_trace_view.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {
namespace {

using Rec = sim::TraceRecord;
using nlohmann::json;
namespace lcm = actors::lcm;
namespace smv = actors::sm;

// The JSON a record's `descriptor` detail holds (discarded: not JSON).
json descriptor_of(const Rec& r) {
  return json::parse(detail_of(r, keys::kDescriptor), nullptr, false);
}

// The NSs the NFVO deployed from an sNSD (SnsdDeployment).
std::set<std::string> deployed_from_snsd(const SmTraceView& v) {
  std::set<std::string> nss;
  for (const auto* r : v.records(decisions::kSnsdDeployment)) nss.insert(detail_of(*r, keys::kNs));
  return nss;
}

bool active_mode(const std::string& mode) {
  return mode == smv::kModeSemiActive || mode == smv::kModeFullyActive;
}

// The VNFDs flagged security_policy_required in any actor's `vnfds` parameter (the OSS's
// packages).
std::set<std::string> policy_required_vnfds(const sim::Scenario& scenario) {
  std::set<std::string> vnfds;
  for (const auto& actor : scenario.actors) {
    auto it = actor.params.find("vnfds");
    if (it == actor.params.end() || !it->is_object()) continue;
    for (const auto& [id, vnfd] : it->items())
      if (vnfd.is_object() && vnfd.value("security_policy_required", false) == true)
        vnfds.insert(id);
  }
  return vnfds;
}

}  // namespace

// ID            R1.2.50
// Objective     Every sNSD an SM builds (SnsdCreated created) extends an NSD the NFVO served it
//               (SmDescriptorServed answered to that SM for the base NSD, earlier): with its
//               `security` section taken away the sNSD equals that NSD element for element, the
//               base digest the SM recorded equals the NFVO's, and the sNSD has a `security`
//               object; the sNSD the NFVO onboarded (SnsdOnboarded ok) is the one created.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.50
// Applicability ICS "security-management" and "security-functions"
// Negative      sm_faults snsd_drop_element (an NSD element left out), snsd_no_security.
// Verdict       pass per sNSD; fail naming a missing or changed NSD element, a missing security
//               section, an NSD never served or a different sNSD onboarded; none without sNSDs.
CheckResult check_snsd_extends_nsd(const CheckContext& context) {
  SmTraceView v(context);
  const auto created = v.records(decisions::kSnsdCreated, outcomes::kCreated);
  if (created.empty()) return no_verdict("no SM built an sNSD in this scenario");
  CheckOutcome out;
  for (const auto* c : created) {
    const std::string snsd_id = detail_of(*c, keys::kSnsd);
    const std::string base = detail_of(*c, keys::kBaseNsd);
    const Rec* served = v.query.last(RecordFilter{}
                                         .op(decisions::kSmDescriptorServed)
                                         .with_outcome(outcomes::kAnswered)
                                         .with(keys::kSm, c->actor)
                                         .with(keys::kNsd, base),
                                     0, c->id);
    if (served == nullptr) {
      out.fail("sNSD " + snsd_id + " built from NSD " + base + ", never served to " + c->actor,
               {c->id});
      continue;
    }
    const json nsd = descriptor_of(*served);
    const json snsd = descriptor_of(*c);
    std::string wrong;
    if (!snsd.is_object() || !snsd.contains("security") || !snsd["security"].is_object())
      wrong += " no security section;";
    if (snsd.is_object() && nsd.is_object()) {
      for (const auto& [key, value] : nsd.items())
        if (!snsd.contains(key))
          wrong += " NSD element " + key + " missing;";
        else if (snsd[key] != value)
          wrong += " NSD element " + key + " changed;";
      for (const auto& [key, value] : snsd.items())
        if (key != "security" && !nsd.contains(key)) wrong += " element " + key + " not the NSD's;";
    } else {
      wrong += " descriptor not JSON;";
    }
    if (detail_of(*c, keys::kBaseDigest) != detail_of(*served, keys::kDigest))
      wrong += " base digest differs from the NFVO's;";
    std::vector<std::uint64_t> evidence = {served->id, c->id};
    if (const Rec* onboarded = v.query.first(RecordFilter{}
                                                 .op(decisions::kSnsdOnboarded)
                                                 .with_outcome(outcomes::kOk)
                                                 .with(keys::kSnsd, snsd_id),
                                             c->id)) {
      evidence.push_back(onboarded->id);
      if (detail_of(*onboarded, keys::kDigest) != detail_of(*c, keys::kDigest))
        wrong += " the NFVO onboarded another sNSD;";
    }
    if (!wrong.empty())
      out.fail("sNSD " + snsd_id + " of NSD " + base + ":" + wrong, evidence);
    else
      out.pass("each sNSD is its NSD unchanged plus a security section", evidence);
  }
  return out.result("");
}

// ID            R1.2.60
// Objective     Design-time check of every sNSD an SM built or the NFVO onboarded: it has
//               security.zones, security.vsfs and security.connectivity; every VNF profile of the
//               NSD is in exactly one zone and every zone member is a profile; every VSF has a
//               VNFD id and connectivity; every connectivity entry names a known VSF between two
//               different known zones and protects profiles of the second zone that a virtual
//               link joins to a profile of the first (actors/common/snsd_descriptor.hpp).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.60
// Applicability ICS "security-management" and "security-functions"
// Negative      sm_faults snsd_no_security (no zones, VSFs or connectivity), snsd_drop_element
//               (the NSD's virtual links gone: no VSF on the traffic it protects).
// Verdict       pass per sNSD; fail listing the broken rules; none without sNSDs.
CheckResult check_snsd_design(const CheckContext& context) {
  SmTraceView v(context);
  auto records = v.records(decisions::kSnsdCreated, outcomes::kCreated);
  for (const auto* r : v.records(decisions::kSnsdOnboarded, outcomes::kOk)) records.push_back(r);
  if (records.empty()) return no_verdict("no sNSD was built or onboarded in this scenario");
  CheckOutcome out;
  for (const auto* r : records) {
    const auto problems = actors::snsd_design_problems(descriptor_of(*r));
    const std::string what = describe(*r) + " sNSD " + detail_of(*r, keys::kSnsd);
    if (problems.empty()) {
      out.pass("every sNSD places its VNF profiles in zones and its VSFs between them", {r->id});
      continue;
    }
    std::string text;
    for (const auto& p : problems) text += (text.empty() ? "" : "; ") + p;
    out.fail(what + ": " + text, {r->id});
  }
  return out.result("");
}

// ID            R1.2.70
// Objective     Every sNSD an SM built reaches the NFVO (SnsdOnboarded ok for it) unless the NFVO
//               refused it for the SM's mode; the NFVO takes an sNSD only from an SM Semi- or
//               Fully-Active in the NSD's trust domain at that moment (the grants the SmBinding
//               records give, sm_trace_view.hpp), and refuses an active SM's sNSD for no mode
//               reason.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.70
// Applicability ICS "security-management" and "security-functions"
// Negative      NFVO sm_faults accept_any_snsd (a Passive SM's sNSD onboarded).
// Verdict       pass per onboarding and per refusal of a non-active SM; fail on an sNSD onboarded
//               from an SM not active in the domain, an active SM refused, or an sNSD built and
//               never offered; none without sNSDs.
CheckResult check_snsd_onboarding(const CheckContext& context) {
  SmTraceView v(context);
  const auto created = v.records(decisions::kSnsdCreated, outcomes::kCreated);
  const auto decided = v.records(decisions::kSnsdOnboarded);
  if (created.empty() && decided.empty()) return no_verdict("no sNSD was built in this scenario");
  CheckOutcome out;
  for (const auto* r : decided) {
    const auto sm = detail_of(*r, keys::kSm);
    const auto domain = detail_of(*r, keys::kDomain);
    const auto grants = v.grants(sm, r->id);
    const auto mode = grants.contains(domain) ? grants.at(domain) : std::string("none");
    const std::string what = describe(*r) + " sNSD " + detail_of(*r, keys::kSnsd) + " of " + sm;
    if (r->outcome == outcomes::kOk) {
      if (!active_mode(mode))
        out.fail(what + " onboarded though " + sm + " is " + mode + " in " + domain, {r->id});
      else
        out.pass("sNSDs onboarded from Semi- or Fully-Active SMs of the NSD's domain", {r->id});
    } else if (active_mode(mode) && !domain.empty() &&
               detail_of(*r, keys::kReason).find("mode") != std::string::npos) {
      out.fail(what + " refused though " + sm + " is " + mode + " in " + domain + ": " +
                   detail_of(*r, keys::kReason),
               {r->id});
    } else {
      out.pass("sNSDs of SMs not active in the domain refused", {r->id});
    }
  }
  for (const auto* c : created) {
    const Rec* decision = v.query.first(
        RecordFilter{}.op(decisions::kSnsdOnboarded).with(keys::kSnsd, detail_of(*c, keys::kSnsd)),
        c->id);
    if (decision == nullptr)
      out.fail("sNSD " + detail_of(*c, keys::kSnsd) + " built by " + c->actor +
                   " never reached the NFVO",
               {c->id});
  }
  return out.result("");
}

// ID            R1.2.80
// Objective     An NS instantiation naming an NSD for which an sNSD was onboarded earlier
//               (SnsdOnboarded ok, the latest for that NSD) is deployed from the sNSD: its
//               NsLcmOperation records say descriptor=<that sNSD>, SnsdDeployment lists the
//               VSFs and the VNFs they protect, each VSF's INSTANTIATE completes at the VNFM in
//               the same NS operation (same correlation id), and no protected VNF's
//               VnfActivated comes before its VSF's instantiation completed.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.80
// Applicability ICS "security-management" and "security-functions"
// Negative      NFVO sm_faults ignore_snsd (the plain NSD deployed).
// Verdict       pass per NS; fail on the plain NSD used, a VSF missing, in another operation or
//               instantiated after its VNF was activated; none without an NS instantiation of an
//               NSD with an onboarded sNSD.
CheckResult check_snsd_deployment(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  bool judged = false;
  for (const auto* op : v.query.all(RecordFilter{}
                                        .op(decisions::kNsLcmOperation)
                                        .with_outcome(outcomes::kStarting)
                                        .with(keys::kOperation, lcm::kInstantiate))) {
    const auto nsd = detail_of(*op, keys::kNsd);
    if (nsd.empty()) continue;
    const Rec* onboarded = v.query.last(RecordFilter{}
                                            .op(decisions::kSnsdOnboarded)
                                            .with_outcome(outcomes::kOk)
                                            .with(keys::kBaseNsd, nsd),
                                        0, op->id);
    if (onboarded == nullptr) continue;
    judged = true;
    const auto ns = detail_of(*op, keys::kNs);
    const auto snsd = detail_of(*onboarded, keys::kSnsd);
    const auto corr = detail_of(*op, keys::kCorr);
    const std::string what = "NS " + ns + " of NSD " + nsd;
    if (detail_of(*op, keys::kDescriptor) != snsd) {
      out.fail(what + " deployed from " +
                   (detail_of(*op, keys::kDescriptor).empty() ? std::string("the plain NSD")
                                                              : detail_of(*op, keys::kDescriptor)) +
                   ", sNSD " + snsd + " was onboarded",
               {onboarded->id, op->id});
      continue;
    }
    const Rec* plan = v.query.last(
        RecordFilter{}.op(decisions::kSnsdDeployment).with(keys::kNs, ns).with(keys::kSnsd, snsd),
        0, op->id);
    const auto vsfs = split_list(plan != nullptr ? detail_of(*plan, keys::kVsfs) : "");
    const auto protects = split_list(plan != nullptr ? detail_of(*plan, keys::kProtects) : "");
    if (plan == nullptr || vsfs.empty() || vsfs.size() != protects.size()) {
      out.fail(what + " from sNSD " + snsd + " deploys no VSF", {onboarded->id, op->id});
      continue;
    }
    std::vector<std::uint64_t> evidence = {onboarded->id, op->id, plan->id};
    std::string wrong;
    for (std::size_t i = 0; i < vsfs.size(); ++i) {
      const Rec* done = nullptr;
      for (const auto* x : v.lcm_operations(vsfs[i], lcm::kInstantiate, outcomes::kCompleted))
        if (x->id > op->id && detail_of(*x, keys::kCorr) == corr) done = x;
      if (done == nullptr) {
        wrong += " VSF " + vsfs[i] + " not instantiated in the NS operation;";
        continue;
      }
      evidence.push_back(done->id);
      const Rec* activated = v.query.first(RecordFilter{}
                                               .op(decisions::kVnfActivated)
                                               .with(keys::kVnf, protects[i])
                                               .with(keys::kCorr, corr),
                                           op->id);
      if (activated != nullptr && activated->id < done->id)
        wrong += " " + protects[i] + " activated before its VSF " + vsfs[i] + ";";
      if (activated != nullptr) evidence.push_back(activated->id);
    }
    if (!wrong.empty())
      out.fail(what + " from sNSD " + snsd + ":" + wrong, evidence);
    else
      out.pass("NSs deployed from their sNSD, VSFs in place before the VNFs they protect",
               evidence);
  }
  if (!judged) return no_verdict("no NS was instantiated from an NSD with an onboarded sNSD");
  return out.result("");
}

// ID            R1.2.90
// Objective     For an NS deployed without an sNSD, an SM's context query about it (SmQuery
//               query=context answered) lists every member of the NS INSTANTIATED at that moment
//               in the SM's domains and visible to it, and nothing of another NS or kept from it;
//               a policy application by that SM to the NS follows (SmSecurityFunction accepted
//               with ns=, or SecurityPolicyApplied by it on a member).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.90
// Applicability ICS "security-management" and "security-functions"
// Negative      NFVO sm_faults context_vnf_only (the answer lists the asked VNF only).
// Verdict       pass per query followed by a policy application; fail on an incomplete or wrong
//               answer; none without such a sequence.
CheckResult check_context_before_policy(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  const std::set<std::string> from_snsd = deployed_from_snsd(v);
  bool judged = false;
  for (const auto* r : v.query.all(RecordFilter{}
                                       .op(decisions::kSmQuery)
                                       .with_outcome(outcomes::kAnswered)
                                       .with(keys::kQuery, "context"))) {
    const auto sm = detail_of(*r, keys::kSm);
    const auto listed_list = split_list(detail_of(*r, keys::kVnfs));
    const std::set<std::string> listed(listed_list.begin(), listed_list.end());
    std::set<std::string> nss;
    for (const auto& vnf : listed) nss.insert(v.ns_of(vnf));
    if (nss.size() != 1 || nss.begin()->empty() || from_snsd.contains(*nss.begin())) continue;
    const std::string ns = *nss.begin();
    // The policy application that follows.
    const Rec* applied = v.query.first(RecordFilter{}
                                           .op(decisions::kSmSecurityFunction)
                                           .with_outcome(outcomes::kAccepted)
                                           .with(keys::kSm, sm)
                                           .with(keys::kNs, ns),
                                       r->id);
    for (const auto* p :
         v.query.all(RecordFilter{}.op(decisions::kSecurityPolicyApplied).with(keys::kSm, sm)))
      if (applied == nullptr && p->id > r->id && v.ns_of(detail_of(*p, keys::kVnf)) == ns)
        applied = p;
    if (applied == nullptr) continue;
    judged = true;
    const auto grants = v.grants(sm, r->id);
    std::set<std::string> wrong, missing;
    for (const auto& vnf : listed)
      if (!v.visible(vnf, sm)) wrong.insert(vnf);
    for (const auto& vnf : v.ns_members(ns))
      if (!listed.contains(vnf) && v.instantiated(vnf, r->id) && v.visible(vnf, sm) &&
          grants.contains(v.domain_of(vnf)))
        missing.insert(vnf);
    if (!wrong.empty())
      out.fail(describe(*r) + " shows " + joined_names(wrong) + " to " + sm + ", kept from it",
               {r->id, applied->id});
    else if (!missing.empty())
      out.fail(describe(*r) + " leaves out " + joined_names(missing) + " of NS " + ns +
                   ", on which " + sm + " then applies policy",
               {r->id, applied->id});
    else
      out.pass("SMs read the deployed NS from the NFVO, then apply their policy",
               {r->id, applied->id});
  }
  if (!judged) return no_verdict("no context query about an NS without sNSD followed by a policy");
  return out.result("");
}

// ID            R1.2.100
// Objective     For an NS deployed without an sNSD, every VSF instantiation an SM asked for and
//               the NFVO accepted (SmSecurityFunction accepted action=instantiate) is carried out
//               through the VNFM — its VnfLcmOperation INSTANTIATE of source SECURITY_MANAGER
//               completes — and the topology updated with the VSF on the path between the two
//               VNFs named (NsTopologyUpdated inserted, path a,...,vsf,...,b) before the answer
//               completed; a Passive SM's request is never authorised.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.100
// Applicability ICS "security-management" and "security-functions"
// Negative      NFVO sm_faults vsf_not_executed (answered completed, nothing carried out),
//               accept_passive.
// Verdict       pass per VSF; fail on a missing VNFM instantiation, topology update or answer, or
//               a Passive SM's request authorised; none without VSF instantiations.
CheckResult check_vsf_for_unprotected_ns(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  bool judged = false;
  for (const auto* a : v.query.all(RecordFilter{}
                                       .op(decisions::kSmAuthorization)
                                       .with(keys::kSmOperation, ops::kSmSecurityFunctionRequest)))
    if (detail_of(*a, keys::kMode) == smv::kModePassive && a->outcome == outcomes::kGranted) {
      judged = true;
      out.fail(describe(*a) + " authorises a VSF request of Passive " + detail_of(*a, keys::kSm),
               {a->id});
    }
  const std::set<std::string> from_snsd = deployed_from_snsd(v);
  const auto answers = v.records(decisions::kSmSecurityFunction);
  for (const auto* r : v.query.all(RecordFilter{}
                                       .op(decisions::kSmSecurityFunction)
                                       .with_outcome(outcomes::kAccepted)
                                       .with(keys::kAction, smv::kVsfInstantiate))) {
    const auto ns = detail_of(*r, keys::kNs);
    if (from_snsd.contains(ns)) continue;
    judged = true;
    const auto sm = detail_of(*r, keys::kSm);
    const auto request = detail_of(*r, keys::kRequest);
    const std::string what = sm + "'s VSF request " + request + " in NS " + ns;
    const Rec* answer = nullptr;
    for (const auto* x : answers)
      if (answer == nullptr && x->id > r->id && x->outcome != outcomes::kAccepted &&
          detail_of(*x, keys::kSm) == sm && detail_of(*x, keys::kRequest) == request)
        answer = x;
    if (answer == nullptr || answer->outcome != smv::kStatusCompleted) {
      out.fail(what + (answer == nullptr ? " never answered" : " answered " + answer->outcome),
               {r->id});
      continue;
    }
    const auto vsf = detail_of(*answer, keys::kVsf);
    const Rec* vnfm = nullptr;
    for (const auto* x : v.lcm_operations(vsf, lcm::kInstantiate, outcomes::kCompleted))
      if (x->id > r->id && x->id < answer->id &&
          detail_of(*x, keys::kSource) == lcm::kSourceSecurityManager)
        vnfm = x;
    const Rec* topo = v.query.first(RecordFilter{}
                                        .op(decisions::kNsTopologyUpdated)
                                        .with_outcome(outcomes::kInserted)
                                        .with(keys::kVsf, vsf),
                                    r->id, answer->id);
    const auto between = split_list(detail_of(*r, keys::kBetween));
    std::string missing;
    if (vnfm == nullptr) missing += " no VNFM INSTANTIATE of " + vsf + " for the SM;";
    if (topo == nullptr) {
      missing += " no topology update for " + vsf + ";";
    } else {
      const auto hops = split_list(detail_of(*topo, keys::kPath));
      if (between.size() != 2 || hops.size() < 3 || hops.front() != between[0] ||
          hops.back() != between[1] || std::find(hops.begin(), hops.end(), vsf) == hops.end())
        missing += " " + vsf + " not on the path between the named VNFs;";
    }
    std::vector<std::uint64_t> evidence = {r->id, answer->id};
    for (const Rec* x : {vnfm, topo})
      if (x != nullptr) evidence.push_back(x->id);
    if (!missing.empty())
      out.fail(what + " answered completed but:" + missing, evidence);
    else
      out.pass("VSFs instantiated through the VNFM and put on the path between the VNFs", evidence);
  }
  if (!judged) return no_verdict("no VSF instantiation for an NS deployed without sNSD");
  return out.result("");
}

// ID            R1.2.110
// Objective     After every NS scale the NFVO completed (NsLcmOperation completed, SCALE), every
//               SM that was routed events of the NS's VNFs during the operation is routed an
//               NS_SCALE event (SmEventRouted event_type=NS_SCALE phase=completed ns=) carrying
//               the added and removed VNFC instances, as many as the VNFM's operations of that NS
//               operation (same correlation id) added and removed.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.110
// Applicability ICS "security-management" and "security-functions"
// Negative      NFVO sm_faults unpublished_event:NS_SCALE (no NS_SCALE event).
// Verdict       pass per scale and SM; fail on a missing event or lists that differ from the
//               VNFM's; none without NS scale operations seen by an SM.
CheckResult check_ns_scale_event(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  bool judged = false;
  for (const auto* done : v.query.all(RecordFilter{}
                                          .op(decisions::kNsLcmOperation)
                                          .with_outcome(outcomes::kCompleted)
                                          .with(keys::kOperation, lcm::kScale))) {
    const auto ns = detail_of(*done, keys::kNs);
    const auto corr = detail_of(*done, keys::kCorr);
    const Rec* started = v.query.last(RecordFilter{}
                                          .op(decisions::kNsLcmOperation)
                                          .with_outcome(outcomes::kStarting)
                                          .with(keys::kCorr, corr),
                                      0, done->id);
    const std::uint64_t from = started != nullptr ? started->id : 0;
    // What the VNFM's operations of it added and removed.
    long long added = 0, removed = 0;
    for (const auto* x : v.records(decisions::kVnfLcmOperation, outcomes::kCompleted))
      if (x->id > from && x->id < done->id && detail_of(*x, keys::kCorr) == corr) {
        added += std::atoll(detail_of(*x, keys::kAdded).c_str());
        removed += std::atoll(detail_of(*x, keys::kRemoved).c_str());
      }
    std::set<std::string> sms;
    for (const auto* e : v.records(decisions::kSmEventRouted))
      if (e->id > from && e->id < done->id && !detail_of(*e, keys::kVnf).empty() &&
          v.ns_of(detail_of(*e, keys::kVnf)) == ns)
        sms.insert(detail_of(*e, keys::kSm));
    for (const auto& sm : sms) {
      judged = true;
      const Rec* event = v.query.first(RecordFilter{}
                                           .op(decisions::kSmEventRouted)
                                           .with(keys::kSm, sm)
                                           .with(keys::kEventType, smv::kEventNsScale)
                                           .with(keys::kPhase, smv::kPhaseCompleted)
                                           .with(keys::kNs, ns),
                                       done->id);
      if (event == nullptr) {
        out.fail(sm + " was never told that the scale of NS " + ns + " (" + corr + ") completed",
                 {done->id});
        continue;
      }
      const auto a = split_list(detail_of(*event, keys::kAdded));
      const auto r = split_list(detail_of(*event, keys::kRemoved));
      if (!has_detail(*event, keys::kAdded) || !has_detail(*event, keys::kRemoved) ||
          static_cast<long long>(a.size()) != added || static_cast<long long>(r.size()) != removed)
        out.fail(describe(*event) + " lists " + std::to_string(a.size()) + " added and " +
                     std::to_string(r.size()) + " removed, the VNFM added " +
                     std::to_string(added) + " and removed " + std::to_string(removed),
                 {done->id, event->id});
      else
        out.pass("SMs told of every NS scale with what it added and removed",
                 {done->id, event->id});
    }
  }
  if (!judged) return no_verdict("no NS scale seen by an SM in this scenario");
  return out.result("");
}

// ID            R1.2.170
// Objective     When an NS with VSFs is terminated (NsLcmOperation completed, TERMINATE), every
//               VSF of it — inserted at an SM's request (NsTopologyUpdated inserted ns=) or
//               deployed from an sNSD (SnsdDeployment vsfs=) — is terminated (the VNFM's
//               TERMINATE completed) by the end of the run, and every SM that put VSFs there
//               drops what it held for the NS (SmNsPolicyDropped ns=) after the termination.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.170
// Applicability ICS "security-management" and "security-functions"
// Negative      SM sm_faults keep_ns_policy (the SM keeps its state for the NS).
// Verdict       pass per NS and SM; fail on a VSF left running or an SM that kept the NS's
//               policy state; none without terminated NSs that had VSFs.
CheckResult check_ns_policy_cleanup(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  bool judged = false;
  for (const auto* done : v.query.all(RecordFilter{}
                                          .op(decisions::kNsLcmOperation)
                                          .with_outcome(outcomes::kCompleted)
                                          .with(keys::kOperation, lcm::kTerminate))) {
    // A TERMINATE at an SM's word ends one VNF (a VSF removed), not the NS.
    if (detail_of(*done, keys::kSource) == lcm::kSourceSecurityManager) continue;
    const auto ns = detail_of(*done, keys::kNs);
    std::set<std::string> vsfs, sms;
    for (const auto* t : v.query.all(RecordFilter{}
                                         .op(decisions::kNsTopologyUpdated)
                                         .with_outcome(outcomes::kInserted)
                                         .with(keys::kNs, ns)))
      if (t->id < done->id) {
        vsfs.insert(detail_of(*t, keys::kVsf));
        sms.insert(detail_of(*t, keys::kSm));
      }
    for (const auto* d :
         v.query.all(RecordFilter{}.op(decisions::kSnsdDeployment).with(keys::kNs, ns)))
      if (d->id < done->id) {
        for (const auto& vsf : split_list(detail_of(*d, keys::kVsfs))) vsfs.insert(vsf);
        if (const Rec* o = v.query.last(RecordFilter{}
                                            .op(decisions::kSnsdOnboarded)
                                            .with_outcome(outcomes::kOk)
                                            .with(keys::kSnsd, detail_of(*d, keys::kSnsd)),
                                        0, d->id))
          sms.insert(detail_of(*o, keys::kSm));
      }
    if (vsfs.empty()) continue;
    judged = true;
    std::set<std::string> running;
    for (const auto& vsf : vsfs)
      if (v.lcm_operations(vsf, lcm::kTerminate, outcomes::kCompleted).empty()) running.insert(vsf);
    if (!running.empty())
      out.fail("NS " + ns + " terminated, its VSFs " + joined_names(running) + " still run",
               {done->id});
    for (const auto& sm : sms) {
      const Rec* dropped = v.query.first(
          RecordFilter{}.op(decisions::kSmNsPolicyDropped).by(sm).with(keys::kNs, ns), done->id);
      if (dropped == nullptr)
        out.fail(sm + " keeps its policy state for NS " + ns + " after its termination",
                 {done->id});
      else if (running.empty())
        out.pass("terminated NSs leave no VSF and no SM policy state behind",
                 {done->id, dropped->id});
    }
  }
  if (!judged) return no_verdict("no NS with VSFs was terminated in this scenario");
  return out.result("");
}

namespace {

// The `protect` parameters of the scenario's SM actors: SM -> {VNFD -> VSF VNFD}.
std::map<std::string, std::map<std::string, std::string>> protect_rules(
    const sim::Scenario& scenario) {
  std::map<std::string, std::map<std::string, std::string>> rules;
  for (const auto& actor : scenario.actors) {
    auto it = actor.params.find("protect");
    if (it == actor.params.end() || !it->is_object()) continue;
    for (const auto& [vnfd, vsf] : it->items())
      if (vsf.is_string()) rules[actor.name][vnfd] = vsf.get<std::string>();
  }
  return rules;
}

}  // namespace

// ID            R1.2.120
// Objective     After an NS scale that added or removed whole VNFs (NsLcmOperation completed,
//               SCALE, added_vnfs= / removed_vnfs=), an SM whose policy (`protect` parameter)
//               names the VNFD of an added VNF, and which is Semi- or Fully-Active in its domain,
//               gets a VSF put in front of it (NsTopologyUpdated inserted by that SM, between
//               naming the VNF, after the scale; the VNFM's INSTANTIATE of source
//               SECURITY_MANAGER); a VSF an SM had put in front of a removed VNF is terminated
//               after the scale (NsTopologyUpdated restored or the VNFM's TERMINATE completed).
//               At the end every added VNF still there has a running VSF and no VSF of a removed
//               VNF runs.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.2.120
// Applicability ICS "security-management" and "security-functions"
// Negative      SM sm_faults no_scale_vsf (NS_SCALE events change nothing).
// Verdict       pass per added or removed VNF; fail naming an added VNF left unprotected or an
//               orphaned VSF; none without scales adding or removing VNFs an SM protects.
//               Not judged: the VSFs of an sNSD deployment (their SM does not follow them).
CheckResult check_scale_vsfs(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  const auto rules = protect_rules(context.scenario);
  const auto inserted = v.records(decisions::kNsTopologyUpdated, outcomes::kInserted);
  auto vsf_gone = [&](const std::string& vsf, std::uint64_t after) -> const Rec* {
    for (const auto* r : v.records(decisions::kNsTopologyUpdated, outcomes::kRestored))
      if (r->id > after && detail_of(*r, keys::kVsf) == vsf) return r;
    for (const auto* r : v.lcm_operations(vsf, lcm::kTerminate, outcomes::kCompleted))
      if (r->id > after) return r;
    return nullptr;
  };
  auto in_front_of = [&](const Rec& r, const std::string& vnf) {
    const auto between = split_list(detail_of(r, keys::kBetween));
    return std::find(between.begin(), between.end(), vnf) != between.end();
  };
  for (const auto* done : v.query.all(RecordFilter{}
                                          .op(decisions::kNsLcmOperation)
                                          .with_outcome(outcomes::kCompleted)
                                          .with(keys::kOperation, lcm::kScale))) {
    const auto ns = detail_of(*done, keys::kNs);
    for (const auto& vnf : split_list(detail_of(*done, keys::kAddedVnfs))) {
      const Rec* activated = v.query.last(
          RecordFilter{}.op(decisions::kVnfActivated).with(keys::kVnf, vnf), 0, done->id);
      if (activated == nullptr) continue;
      const auto vnfd = detail_of(*activated, keys::kVnfd);
      const auto domain = v.domain_of(vnf);
      for (const auto& [sm, protect] : rules) {
        if (!protect.contains(vnfd) || !active_mode(v.mode_in(sm, domain, done->id))) continue;
        const Rec* vsf = nullptr;
        for (const auto* r : inserted)
          if (vsf == nullptr && r->id > done->id && detail_of(*r, keys::kSm) == sm &&
              detail_of(*r, keys::kNs) == ns && in_front_of(*r, vnf))
            vsf = r;
        if (vsf == nullptr) {
          out.fail("VNF " + vnf + " (" + vnfd + ") added by the scale of NS " + ns + " (" +
                       describe(*done) + ") has no VSF from " + sm + " by the end",
                   {done->id, activated->id});
          continue;
        }
        const auto id = detail_of(*vsf, keys::kVsf);
        const bool vnf_there = v.instantiated(vnf);
        const Rec* gone = vsf_gone(id, vsf->id);
        if (vnf_there && gone != nullptr)
          out.fail(
              "VNF " + vnf + " still runs, its VSF " + id + " is gone (" + describe(*gone) + ")",
              {done->id, vsf->id, gone->id});
        else
          out.pass("VNFs added by NS scales got their VSFs", {done->id, vsf->id});
      }
    }
    for (const auto& vnf : split_list(detail_of(*done, keys::kRemovedVnfs))) {
      for (const auto* r : inserted) {
        if (r->id > done->id || detail_of(*r, keys::kNs) != ns || !in_front_of(*r, vnf)) continue;
        const auto id = detail_of(*r, keys::kVsf);
        if (const Rec* before = vsf_gone(id, r->id); before != nullptr && before->id < done->id)
          continue;  // already gone before the scale
        // Taken away at an SM's word (restored), not by a later NS termination.
        const Rec* gone = v.query.first(RecordFilter{}
                                            .op(decisions::kNsTopologyUpdated)
                                            .with_outcome(outcomes::kRestored)
                                            .with(keys::kVsf, id),
                                        done->id);
        if (gone == nullptr)
          out.fail("VSF " + id + " of " + detail_of(*r, keys::kSm) + " still runs after " + vnf +
                       " left NS " + ns + " (" + describe(*done) + "): orphaned",
                   {r->id, done->id});
        else
          out.pass("VSFs of VNFs removed by NS scales terminated", {r->id, done->id, gone->id});
      }
    }
  }
  if (out.empty()) return no_verdict("no NS scale added or removed a VNF an SM protects");
  return out.result("");
}

// ID            R1.3.160
// Objective     No VNF is activated (the VNFM's VnfActivated) before its security policy was dealt
//               with. Policy half: a VNF of a VNFD flagged security_policy_required, in a domain
//               where some SM was Semi- or Fully-Active at the activation, had a policy applied to
//               it (SecurityPolicyApplied vnf=, from a policy instruction or a grant approved with
//               policy) before its VnfActivated. Chain half: a VNF an sNSD deployment protects
//               with a VSF (SnsdDeployment protects=) is activated only after that VSF's
//               INSTANTIATE completed at the VNFM.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.3.160
// Applicability ICS "security-management" and "security-monitoring"
// Negative      NFVO sm_faults skip_policy_wait (a required-policy VNF instantiated and activated
//               before its policy), activate_before_vsf (the protected VNFs sent before their
//               VSFs).
// Verdict       pass per activation, naming the half seen (policy, chain); fail naming the
//               VnfActivated that came before the policy or the VSF; none when no activated VNF
//               required a policy with an active SM or was protected by an sNSD's VSF.
CheckResult check_activation_after_policy(const CheckContext& context) {
  SmTraceView v(context);
  CheckOutcome out;
  const auto required = policy_required_vnfds(context.scenario);
  const auto deployments = v.records(decisions::kSnsdDeployment);
  for (const auto* a : v.records(decisions::kVnfActivated)) {
    const auto vnf = detail_of(*a, keys::kVnf);
    if (required.contains(detail_of(*a, keys::kVnfd))) {
      const auto domain = v.domain_of(vnf);
      std::string manager;
      for (const auto& sm : v.sms())
        if (active_mode(v.mode_in(sm, domain, a->id))) manager = sm;
      if (!manager.empty()) {
        const Rec* policy = v.query.last(
            RecordFilter{}.op(decisions::kSecurityPolicyApplied).with(keys::kVnf, vnf), 0, a->id);
        if (policy == nullptr) {
          out.fail(vnf + " (security_policy_required) activated (" + describe(*a) +
                       ") before any policy was applied to it, " + manager + " active in " + domain,
                   {a->id});
        } else {
          out.observe("policy");
          out.pass("policy: VNFs requiring a security policy activated after it was applied",
                   {policy->id, a->id});
        }
      }
    }
    for (const auto* d : deployments) {
      if (d->id > a->id) continue;
      const auto vsfs = split_list(detail_of(*d, keys::kVsfs));
      const auto protects = split_list(detail_of(*d, keys::kProtects));
      for (std::size_t i = 0; i < vsfs.size() && i < protects.size(); ++i) {
        if (protects[i] != vnf) continue;
        const Rec* done = nullptr;
        for (const auto* x : v.lcm_operations(vsfs[i], lcm::kInstantiate, outcomes::kCompleted))
          if (x->id > d->id && x->id < a->id) done = x;
        if (done == nullptr) {
          out.fail(vnf + " activated (" + describe(*a) + ") before its VSF " + vsfs[i] + " of NS " +
                       detail_of(*d, keys::kNs) + " was instantiated",
                   {d->id, a->id});
        } else {
          out.observe("chain");
          out.pass("chain: VNFs protected by an sNSD's VSF activated after the VSF was in place",
                   {d->id, done->id, a->id});
        }
      }
    }
  }
  if (out.empty())
    return no_verdict(
        "no activated VNF required a policy with an active SM or was protected by a VSF");
  return out.result("");
}

void register_snsd_checks(CheckRegistry& registry) {
  registry.add("R1.2.50", "the sNSD is its NSD plus a security section", check_snsd_extends_nsd);
  registry.add("R1.2.60", "sNSD zones, VSFs and connectivity resolve (design time)",
               check_snsd_design);
  registry.add("R1.2.70", "sNSDs onboarded from active SMs of the domain only",
               check_snsd_onboarding);
  registry.add("R1.2.80", "NS deployed from its sNSD, VSFs before the protected VNFs",
               check_snsd_deployment);
  registry.add("R1.2.90", "deployed NS read from the NFVO before policy is applied",
               check_context_before_policy);
  registry.add("R1.2.100", "VSFs instantiated through the VNFM and put on the path",
               check_vsf_for_unprotected_ns);
  registry.add("R1.2.110", "SMs told of NS scales with what was added and removed",
               check_ns_scale_event);
  registry.add("R1.2.170", "terminated NSs leave no VSF and no SM policy state",
               check_ns_policy_cleanup);
  registry.add("R1.2.120", "VSFs follow the VNFs NS scales add and remove", check_scale_vsfs);
  registry.add("R1.3.160", "VNFs activated only after their policy and their VSFs",
               check_activation_after_policy);
}

}  // namespace ifa026::conformance
