// The Security Manager binding, authorization and routing checks (see sm_binding_checks.hpp).
// Test descriptions follow ETSI TST010's fields.
#include "conformance/sm_binding_checks.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "actors/common/trust_model.hpp"
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

const std::array<const char*, 6> kEventTypes = {sm::kEventVnfInstantiate, sm::kEventVnfModify,
                                                sm::kEventVnfTerminate,   sm::kEventNsInstantiate,
                                                sm::kEventNsScale,        sm::kEventNsTerminate};

// ---- Instances (R2.1.60, 5.1.1-a) ----

// Instance -> SM one-to-one and one instance per (SM, block) over the run's bindings; records
// naming another SM's instance refused.
void judge_instances(const SmView& v, CheckOutcome& out) {
  std::map<std::string, std::set<std::string>> sms_of_instance;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> instances_of;
  std::map<std::string, std::uint64_t> first_record;
  for (const auto& b : v.bindings()) {
    sms_of_instance[b.instance].insert(b.sm);
    instances_of[{b.sm, b.block}].insert(b.instance);
    first_record.try_emplace(b.instance, b.record->id);
  }
  for (const auto& [instance, sms] : sms_of_instance)
    if (sms.size() > 1)
      out.fail("instance " + instance + " bound to several SMs: " + name_list(sms),
               {first_record[instance]});
  for (const auto& [key, instances] : instances_of)
    if (instances.size() > 1)
      out.fail(key.first + " holds several instances at " + key.second + ": " +
               name_list(instances));
  // Every MANO record about an SM names its own instance, except the refusal of one that
  // named another SM's.
  for (const auto* name : {decisions::kSmSubscription, decisions::kSmAuthorization,
                           decisions::kSmEventRouted, decisions::kSmQuery})
    for (const auto* r : v.records(name)) {
      const auto instance = detail_of(*r, keys::kInstance);
      const auto owner = v.owner_of_instance(instance);
      const auto sm_name = detail_of(*r, keys::kSm);
      if (instance.empty() || owner.empty() || owner == sm_name) continue;
      const bool refused =
          std::string(name) == decisions::kSmAuthorization && r->outcome == outcomes::kRejected;
      if (refused && reason_contains(*r, "instance belongs to another SM")) {
        out.pass(sm_name + " naming " + owner + "'s instance " + instance + " refused", {r->id});
      } else if (refused) {
        out.fail(sm_name + " naming " + owner + "'s instance " + instance +
                     " refused without saying so: \"" + detail_of(*r, keys::kReason) + "\" (" +
                     describe(*r) + ")",
                 {r->id});
      } else {
        out.fail(std::string(name) + " " + r->outcome + " for " + sm_name + " on " + owner +
                     "'s instance " + instance + " (" + describe(*r) + ")",
                 {r->id});
      }
    }
}

std::string instances_summary(const SmView& v) {
  std::set<std::string> instances;
  for (const auto& b : v.bindings()) instances.insert(b.instance);
  return std::to_string(v.bound_sms().size()) + " SM(s) on " + std::to_string(instances.size()) +
         " instance(s), one per SM and block: " + name_list(instances);
}

// ---- Authorization per the mode table (R2.1.110 and its users) ----

// Judges the SmAuthorization records of `sm_name` (every SM when empty) after record `after`:
// the mode named is the binding's, the outcome follows the table. Returns the domains judged.
std::set<std::string> judge_authorizations(const SmView& v, CheckOutcome& out,
                                           const std::string& sm_name = "",
                                           std::uint64_t after = 0) {
  std::set<std::string> judged;
  for (const auto* r : v.records(decisions::kSmAuthorization)) {
    if (r->id <= after) continue;
    const auto x = detail_of(*r, keys::kSm);
    if (!sm_name.empty() && x != sm_name) continue;
    if (detail_of(*r, keys::kBasis) == "hierarchy") continue;  // issue 15
    const auto owner = v.owner_of_instance(detail_of(*r, keys::kInstance));
    if (!owner.empty() && owner != x) continue;  // another SM's instance: R2.1.60
    const auto domain = detail_of(*r, keys::kDomain);
    const auto op = detail_of(*r, keys::kSmOperation);
    const auto kind = detail_of(*r, keys::kKind);
    const auto mode = v.mode_at(r->actor, x, domain, r->id);
    const auto named = detail_of(*r, keys::kMode);
    if (!named.empty() && named != mode) {
      out.fail(op + " from " + x + " authorized as " + named + " in " + domain +
                   " but its binding at " + r->actor + " says " + mode + " (" + describe(*r) + ")",
               {r->id});
      continue;
    }
    const auto permitted = sm_mode_permits(mode, op, kind);
    if (!permitted) continue;  // an operation the table does not name
    const bool granted = r->outcome == outcomes::kGranted;
    const std::string what = op + (kind.empty() ? "" : " kind=" + kind) + " from " + x + " (" +
                             mode + " in " + (domain.empty() ? "no domain" : domain) + ")";
    if (granted && !*permitted) {
      out.fail(what + " granted though the mode does not allow it (" + describe(*r) + ")", {r->id});
    } else if (!granted && *permitted &&
               (reason_blames_mode(*r) || (reason_contains(*r, actors::sm::kReasonNotInDomains) &&
                                           v.trust.may_see(x, domain)))) {
      out.fail(what + " refused for its mode though the mode allows it: \"" +
                   detail_of(*r, keys::kReason) + "\" (" + describe(*r) + ")",
               {r->id});
    } else {
      if (!domain.empty()) judged.insert(domain);
      out.cite(r->id);
    }
  }
  return judged;
}

// Judges the NFVO's gating of `sm_name`'s domains after record `after`: an operation of a
// domain where it is Fully-Active is granted only after its approval; where it is not, MANO does
// not ask it. Returns the domains judged.
std::set<std::string> judge_gating(const SmView& v, CheckOutcome& out, const std::string& sm_name,
                                   std::uint64_t after = 0) {
  std::set<std::string> judged;
  std::map<std::string, std::uint64_t> previous;  // vnf -> last GrantDecision
  for (const auto* g : v.grant_decisions()) {
    const auto vnf = detail_of(*g, keys::kVnf);
    const auto operation = detail_of(*g, keys::kOperation);
    const auto since = previous[vnf];
    previous[vnf] = g->id;
    // An operation an SM's own instruction or request started is not gated again
    // (docs/security-manager.md, "Decisions").
    if (detail_of(*g, keys::kSource) == actors::lcm::kSourceSecurityManager) continue;
    if (g->id <= after) continue;
    const auto domain = v.domain_of_vnf(vnf);
    if (domain.empty()) continue;
    const auto mode = v.mode_at(g->actor, sm_name, domain, g->id);
    if (mode == "none") continue;
    const auto* s = v.query.last(decision(g->actor, decisions::kSmGrantDecision)
                                     .with(keys::kSm, sm_name)
                                     .with(keys::kVnf, vnf)
                                     .with(keys::kOperation, operation),
                                 since, g->id);
    if (mode == sm::kModeFullyActive) {
      if (g->outcome == outcomes::kGranted && (s == nullptr || s->outcome != outcomes::kApproved)) {
        out.fail(operation + " of " + vnf + " in " + domain + " granted (" + describe(*g) +
                     ") without the approval of " + sm_name + ", Fully-Active there",
                 {g->id});
        continue;
      }
    } else if (s != nullptr) {
      out.fail(operation + " of " + vnf + " in " + domain + " waited for " + sm_name +
                   "'s grant decision though it is " + mode + " there (" + describe(*s) + ")",
               {s->id, g->id});
      continue;
    }
    judged.insert(domain);
    out.cite(g->id);
    if (s != nullptr) out.cite(s->id);
  }
  return judged;
}

const Rec* first_handshake(const SmView& v, const std::string& a, const std::string& b,
                           std::uint64_t before = 0) {
  for (const auto& r : v.query.records()) {
    if (before != 0 && r.id >= before) break;
    if (r.kind == RecordKind::crypto && r.operation == decisions::kTlsHandshake &&
        r.outcome == outcomes::kOk && detail_of(r, keys::kChannel) == values::kChannelMutual &&
        ((r.actor == a && r.peer == b) || (r.actor == b && r.peer == a)))
      return &r;
  }
  return nullptr;
}

bool is_sc(const std::string& reference_point) {
  return reference_point.rfind("Sc-", 0) == 0;
}

}  // namespace

// ID            5.1.1-a
// Objective     Several SMs each get their own security-management domain and their own
//               interface instances: every bound SM is a member of a domain of purpose
//               security_management in the trust model, no two SMs share one, and each has its
//               own instance at each MANO block (never shared, never another SM's).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 clause 5.1.1
// Applicability ICS "security-management"
// Verdict       pass naming the SMs, their domains and instances; fail naming a shared or
//               missing domain, a shared instance or a record on another SM's instance; inconc
//               without a trust model; none when no SM was bound.
CheckResult check_sm_separate_deployment(const CheckContext& context) {
  SmView v(context);
  if (v.bindings().empty()) return {Verdict::none, "no SM was bound", {}};
  CheckOutcome out;
  judge_instances(v, out);
  if (!v.trust.declared) {
    out.inconc("the scenario has no trust_model: the SMs' domains cannot be read");
    return out.result("");
  }
  std::map<std::string, std::set<std::string>> sms_in;
  for (const auto& x : v.bound_sms()) {
    auto it = v.trust.member_of.find(x);
    const std::string domain = it == v.trust.member_of.end() ? "" : it->second;
    const auto purpose = v.trust.purpose.find(domain);
    if (domain.empty())
      out.fail(x + " is bound but is a member of no domain in the trust model");
    else if (purpose == v.trust.purpose.end() || purpose->second != "security_management")
      out.fail(x + " is a member of " + domain + ", not a security_management domain");
    else
      sms_in[domain].insert(x);
  }
  for (const auto& [domain, sms] : sms_in)
    if (sms.size() > 1) out.fail("SMs " + name_list(sms) + " share the domain " + domain);
  if (out.worst() == Verdict::pass || out.empty()) {
    std::string domains;
    for (const auto& [domain, sms] : sms_in)
      domains += (domains.empty() ? "" : ", ") + *sms.begin() + " in " + domain;
    for (const auto& b : v.bindings()) out.cite(b.record->id);
    out.pass(domains + "; " + instances_summary(v));
  }
  return out.result("");
}

// ID            R2.1.60 (also 5.1.3-b)
// Objective     Every SM gets its own set of interface instances: over the run an instance is
//               bound to one SM only, an SM holds one instance per MANO block, every MANO record
//               about an SM names that SM's instance, and a message naming another SM's
//               instance is refused (SmAuthorization rejected, "instance belongs to another SM").
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.60; clause 5.1.3
// Applicability ICS "security-management"
// Verdict       pass naming the instances (and the refusals seen); fail naming the shared
//               instance or the record accepted on another SM's instance; none when no SM was
//               bound.
CheckResult check_sm_instances(const CheckContext& context) {
  SmView v(context);
  if (v.bindings().empty()) return {Verdict::none, "no SM was bound", {}};
  CheckOutcome out;
  judge_instances(v, out);
  for (const auto& b : v.bindings()) out.cite(b.record->id);
  out.pass(instances_summary(v));
  return out.result("");
}

// ID            R2.1.70 (also 5.1.3-c)
// Objective     Each SM's interface instances are protected on their own: before each binding a
//               mutual-TLS session between the SM and the block (TlsHandshake channel=mutual);
//               every Sc-* message between them after it; the certificate the SM presents is
//               its own (the serial of its CertificateInstalled in force) and no two SMs present
//               the same certificate (serial) or subject; no Sc-* session that is not mutual.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.70; clause 5.1.3
// Applicability ICS "security-management"
//               An instance is used only over its own SM's session: MANO binds an SM only when
//               the TLS peer is that SM, and accepts nothing on an instance from another peer.
// Verdict       pass naming the sessions and certificates, and what is not checked (TLS
//               exporter fingerprints, which TlsHandshake does not carry; resumption or PSK
//               reuse across sessions; per-instance MANO credentials); fail naming the record;
//               none when no SM was bound.
CheckResult check_sm_sessions(const CheckContext& context) {
  SmView v(context);
  if (v.bindings().empty()) return {Verdict::none, "no SM was bound", {}};
  CheckOutcome out;
  const auto sms = v.bound_sms();
  std::map<std::string, std::set<std::string>> serial_users, subject_users;
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& b : v.bindings()) {
    if (!pairs.insert({b.sm, b.block}).second) continue;
    const auto* hs = first_handshake(v, b.sm, b.block, b.record->id);
    if (hs == nullptr) {
      out.fail(b.sm + " bound at " + b.block + " (" + describe(*b.record) +
                   ") without a mutual-TLS session between them before",
               {b.record->id});
      continue;
    }
    out.cite(hs->id);
    out.cite(b.record->id);
  }
  // What each SM presented, as the MANO blocks saw it, against what it holds.
  for (const auto& r : v.query.records()) {
    if (r.kind != RecordKind::crypto || r.operation != decisions::kTlsHandshake ||
        r.outcome != outcomes::kOk)
      continue;
    const bool mano_side = sms.contains(r.peer) && !sms.contains(r.actor);
    const bool sm_side = sms.contains(r.actor);
    if (!mano_side && !sm_side) continue;
    if (is_sc(r.reference_point) && detail_of(r, keys::kChannel) != values::kChannelMutual)
      out.fail("an Sc-* session that is not mutual TLS: " + describe(r) +
                   " channel=" + detail_of(r, keys::kChannel),
               {r.id});
    if (!mano_side) continue;
    const auto serial = detail_of(r, keys::kPeerSerial);
    const auto subject = detail_of(r, keys::kPeerSubject);
    if (!serial.empty()) serial_users[serial].insert(r.peer);
    if (!subject.empty()) subject_users[subject].insert(r.peer);
    const auto* installed = v.query.last(
        decision(r.peer, decisions::kCertificateInstalled).with_outcome(outcomes::kOk), 0, r.id);
    const auto own = installed ? detail_of(*installed, keys::kSerial) : "";
    if (!own.empty() && !serial.empty() && own != serial)
      out.fail(r.actor + " accepted a certificate (serial " + serial + ") from " + r.peer +
                   " that is not the one it holds (serial " + own + "): " + describe(r),
               {r.id, installed->id});
  }
  // The security association of an instance is its SM's session: the TLS peer (record peer) of
  // a binding is the SM bound, and nothing on an SM's instance is accepted from another peer.
  for (const auto& b : v.bindings())
    if (b.record->outcome == outcomes::kBound && !b.record->peer.empty() && b.record->peer != b.sm)
      out.fail(b.sm + " bound at " + b.block + " over " + b.record->peer + "'s session (" +
                   describe(*b.record) + ")",
               {b.record->id});
  for (const auto* name :
       {decisions::kSmSubscription, decisions::kSmAuthorization, decisions::kSmQuery})
    for (const auto* r : v.records(name)) {
      const auto owner = v.owner_of_instance(detail_of(*r, keys::kInstance));
      if (owner.empty() || r->peer.empty() || r->peer == owner || r->outcome == outcomes::kRejected)
        continue;
      out.fail(std::string(name) + " " + r->outcome + " on " + owner + "'s instance " +
                   detail_of(*r, keys::kInstance) + " over " + r->peer + "'s session (" +
                   describe(*r) + ")",
               {r->id});
    }
  for (const auto& [serial, users] : serial_users)
    if (users.size() > 1)
      out.fail("SMs " + name_list(users) + " presented the same certificate (serial " + serial +
               ")");
  for (const auto& [subject, users] : subject_users)
    if (users.size() > 1)
      out.fail("SMs " + name_list(users) + " presented the same subject " + subject);
  // Every Sc-* message between an SM and a block arrives inside their mutual-TLS session: the
  // receiving end has a mutual handshake with the peer no later than the arrival (a client's
  // first application data rides in the flight that completes the server's handshake, so the
  // server's handshake record shares the arrival's instant).
  for (const auto& r : v.query.records()) {
    if (r.kind != RecordKind::receive || !is_sc(r.reference_point)) continue;
    if (r.operation == ops::kTlsHandshake || r.operation == ops::kTlsAlert ||
        r.operation == ops::kTlsClose)
      continue;
    const std::string x = sms.contains(r.actor) ? r.actor : r.peer;
    const std::string block = x == r.actor ? r.peer : r.actor;
    if (!sms.contains(x)) continue;
    const Rec* hs = first_handshake(v, x, block);
    if (hs == nullptr || hs->time > r.time)
      out.fail(r.operation + " between " + x + " and " + block +
                   " before any mutual-TLS session between them (" + describe(r) + ")",
               {r.id});
  }
  if (out.worst() == Verdict::pass || out.worst() == Verdict::none)
    out.pass(std::to_string(pairs.size()) +
             " (SM, block) pair(s), each on its own mutual-TLS session opened before binding, "
             "each SM with its own certificate (" +
             std::to_string(serial_users.size()) +
             " distinct serial(s)); not checked: TLS exporter fingerprints (TlsHandshake "
             "records none), session resumption or PSK reuse across sessions, per-instance MANO "
             "credentials");
  return out.result("");
}

// ID            R2.1.80
// Objective     An SM receives only the events that concern it, and all of them: every
//               SmEventRouted to an SM names a domain its binding at that block grants at that
//               time, and a VNF not hidden from it (no SmEventSuppressed for the SM and VNF);
//               every event (per block, event id and phase) reaches, or is suppressed for, every
//               SM bound with a grant for its domain and subscribed at that block (a proposed
//               event: every Fully-Active SM when one got it inside a grant request, every
//               Semi-Active SM when one got it on its own; an SM whose subscription filter names
//               event types but not this one is not expected).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.80
// Applicability ICS "security-management"
// Verdict       pass naming the events routed; fail naming an event routed outside the SM's
//               grants or to a hidden SM, or an event missing for an SM; none when no event was
//               routed.
CheckResult check_sm_event_routing(const CheckContext& context) {
  SmView v(context);
  const auto routed = v.records(decisions::kSmEventRouted);
  if (routed.empty()) return {Verdict::none, "no event was routed to an SM", {}};
  // A master with receives_subordinate_events gets its descendants' domains' events (D7).
  const auto model = actors::trust::TrustModel::from_section(context.scenario.trust_model);
  auto receiving_master = [&](const std::string& sm, const std::string& domain) {
    for (const auto& sub : model.descendants(sm)) {
      if (!model.mode(sub, domain)) continue;
      for (const auto& master : model.event_receiving_masters(sub))
        if (master == sm) return true;
    }
    return false;
  };
  CheckOutcome out;
  std::set<std::pair<std::string, std::string>> hidden;      // (sm, vnf)
  std::set<std::pair<std::string, std::string>> suppressed;  // (event id, sm)
  for (const auto* r : v.records(decisions::kSmEventSuppressed)) {
    hidden.insert({detail_of(*r, keys::kSm), detail_of(*r, keys::kVnf)});
    suppressed.insert({detail_of(*r, keys::kEventId), detail_of(*r, keys::kSm)});
  }
  // (block, event, phase) -> (domain, type, first record, SMs reached)
  struct Event {
    std::string domain, type;
    const Rec* first = nullptr;
    std::set<std::string> reached;
    bool in_grant = false;  // a proposed event carried by a grant request (Fully-Active SMs)
    bool plain = false;     // a proposed event on its own (Semi-Active SMs' window)
  };
  std::map<std::tuple<std::string, std::string, std::string>, Event> events;
  for (const auto* r : routed) {
    const auto x = detail_of(*r, keys::kSm);
    const auto domain = detail_of(*r, keys::kDomain);
    const auto vnf = detail_of(*r, keys::kVnf);
    const auto mode = v.mode_at(r->actor, x, domain, r->id);
    if (mode == "none" && !receiving_master(x, domain))
      out.fail("event " + detail_of(*r, keys::kEventId) + " of domain " + domain + " routed to " +
                   x + ", which holds no grant for it at " + r->actor + " (" + describe(*r) + ")",
               {r->id});
    if (!vnf.empty() && hidden.contains({x, vnf}))
      out.fail("event " + detail_of(*r, keys::kEventId) + " about " + vnf + " routed to " + x +
                   ", from which it is hidden (" + describe(*r) + ")",
               {r->id});
    auto& e = events[{r->actor, detail_of(*r, keys::kEventId), detail_of(*r, keys::kPhase)}];
    if (e.first == nullptr) {
      e.first = r;
      e.domain = domain;
      e.type = detail_of(*r, keys::kEventType);
    }
    e.reached.insert(x);
    (detail_of(*r, keys::kGrantId).empty() ? e.plain : e.in_grant) = true;
  }
  // Completeness.
  const auto sms = v.bound_sms();
  for (const auto& [key, e] : events) {
    const auto& [block, event_id, phase] = key;
    for (const auto& x : sms) {
      if (e.reached.contains(x) || suppressed.contains({event_id, x})) continue;
      const auto mode = v.mode_at(block, x, e.domain, e.first->id);
      if (mode == "none") continue;
      if (phase == sm::kPhaseProposed && !((mode == sm::kModeFullyActive && e.in_grant) ||
                                           (mode == sm::kModeSemiActive && e.plain)))
        continue;
      const auto* sub = v.query.last(decision(block, decisions::kSmSubscription)
                                         .with_outcome(outcomes::kSubscribed)
                                         .with(keys::kSm, x),
                                     0, e.first->id);
      if (sub == nullptr) continue;  // not subscribed at this block
      const auto filter = detail_of(*sub, keys::kFilter);
      const bool names_types = std::any_of(kEventTypes.begin(), kEventTypes.end(), [&](auto t) {
        return filter.find(t) != std::string::npos;
      });
      if (names_types && filter.find(e.type) == std::string::npos) continue;
      out.fail("event " + event_id + " (" + e.type + " " + phase + ", domain " + e.domain +
                   ") at " + block + " never reached " + x + ", " + mode + " there and subscribed",
               {e.first->id, sub->id});
    }
  }
  if (out.empty() || out.worst() == Verdict::pass) {
    for (const auto* r : routed) out.cite(r->id);
    out.pass(std::to_string(routed.size()) + " event notification(s) to SMs holding the domain, " +
             std::to_string(hidden.size()) +
             " (SM, VNF) pair(s) suppressed; every bound subscribed SM of each event's domain "
             "reached");
  }
  return out.result("");
}

// ID            R2.1.110 (also 5.1.3-f)
// Objective     MANO authorizes each SM in one mode per domain and enforces it: a binding's
//               grants equal the SM's `manages` in the trust model (cut to the domains asked
//               when the SM's SmBind record names them; an SM absent from the model is never
//               bound); each SmAuthorization names the mode its binding gives in the domain, and
//               its outcome follows the mode table (sm_mode_permits: a granted operation the
//               mode does not allow, or a refusal for the mode of one it allows, fails; "not in
//               SM's domains" is right only for a sensitive domain the SM is not designated
//               for).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.110; clause 5.1.3
// Applicability ICS "security-management"
// Verdict       pass naming the bindings and authorizations judged; fail naming the record;
//               none when no SM was bound.
CheckResult check_sm_authorization(const CheckContext& context) {
  SmView v(context);
  if (v.bindings().empty()) return {Verdict::none, "no SM was bound", {}};
  CheckOutcome out;
  std::size_t bindings = 0;
  for (const auto& b : v.bindings()) {
    if (b.record->outcome != outcomes::kBound) continue;
    if (!v.trust.declared) break;
    auto it = v.trust.manages.find(b.sm);
    if (it == v.trust.manages.end()) {
      out.fail(b.sm + " bound at " + b.block + " though the trust model does not list it (" +
                   describe(*b.record) + ")",
               {b.record->id});
      continue;
    }
    SmGrants expected = it->second;
    // The domains the SM asked for, when its own record names them.
    const auto* asked = v.query.last(
        decision(b.sm, decisions::kSmBind).with_outcome(outcomes::kRequested), 0, b.record->id);
    if (asked != nullptr && asked->peer == b.block && has_detail(*asked, keys::kGrants)) {
      const auto domains = parse_grants(detail_of(*asked, keys::kGrants));
      SmGrants cut;
      for (const auto& [domain, mode] : expected)
        if (domains.contains(domain)) cut[domain] = mode;
      expected = cut;
    }
    bool ok = true;
    for (const auto& [domain, mode] : b.grants) {
      auto e = expected.find(domain);
      if (e == expected.end() || e->second != mode) ok = false;
    }
    if (asked != nullptr && asked->peer == b.block && has_detail(*asked, keys::kGrants) &&
        b.grants.size() != expected.size())
      ok = false;
    if (!ok)
      out.fail(b.sm + " bound at " + b.block + " with grants " + format_grants(b.grants) +
                   ", the trust model gives " + format_grants(expected) + " (" +
                   describe(*b.record) + ")",
               {b.record->id});
    else
      ++bindings;
    out.cite(b.record->id);
  }
  if (!v.trust.declared) out.inconc("the scenario has no trust_model to compare the grants with");
  const auto judged = judge_authorizations(v, out);
  if (out.worst() == Verdict::pass || out.worst() == Verdict::none)
    out.pass(std::to_string(bindings) + " binding(s) granting the trust model's modes; " +
             "authorizations per the mode table in " + std::to_string(judged.size()) +
             " domain(s)");
  return out.result("");
}

// ID            R2.1.130 (also 5.1.3-i)
// Objective     An SM holding different modes in two domains is treated per domain: its
//               authorizations name and follow each domain's mode, operations of the domain
//               where it is Fully-Active wait for its approval and those of the others never ask
//               it.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.130; clause 5.1.3
// Applicability ICS "security-management"
// Verdict       pass naming the SM and the domains whose treatment was seen; fail naming the
//               record; none when no SM holds two modes or when no action of such an SM was
//               seen in two domains of different modes.
CheckResult check_sm_modes_per_domain(const CheckContext& context) {
  SmView v(context);
  std::set<std::string> mixed;
  for (const auto& b : v.bindings()) {
    std::set<std::string> modes;
    for (const auto& [domain, mode] : b.grants) modes.insert(mode);
    if (modes.size() > 1) mixed.insert(b.sm);
  }
  if (mixed.empty()) return {Verdict::none, "no SM holds different modes in two domains", {}};
  CheckOutcome out;
  for (const auto& x : mixed) {
    auto seen = judge_authorizations(v, out, x);
    for (const auto& d : judge_gating(v, out, x)) seen.insert(d);
    // The modes of the domains seen (at any block; a domain's mode per its latest binding).
    std::set<std::string> modes;
    for (const auto& d : seen)
      for (const auto& b : v.bindings())
        if (b.sm == x && b.grants.contains(d)) modes.insert(b.grants.at(d));
    if (modes.size() > 1)
      out.pass(x + " treated per domain in " + name_list(seen) + " (modes " + name_list(modes) +
               ")");
  }
  if (out.worst() == Verdict::pass || out.worst() == Verdict::fail) return out.result("");
  return {Verdict::none,
          "no action of " + name_list(mixed) + " was seen in two domains of different modes",
          {}};
}

// ID            R2.1.140 (also 5.1.3-j)
// Objective     MANO changes one SM's mode in one domain on its own: an SmBinding changed for
//               (SM, block) differs from the binding before in exactly one domain, the SM is
//               told (SmBindingChanged sent to it), and afterwards authorizations and gating in
//               that domain follow the new mode while the other domains keep theirs.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R2.1.140; clause 5.1.3
// Applicability ICS "security-management"
// Verdict       pass naming the change and the enforcement seen after it; fail naming a change
//               of several domains, an SM not told, or an action after the change that follows
//               the wrong mode; inconc when no action in the changed domain followed; none
//               without a mode change.
CheckResult check_sm_mode_change(const CheckContext& context) {
  SmView v(context);
  CheckOutcome out;
  bool any = false;
  for (const auto& c : v.bindings()) {
    if (c.record->outcome != outcomes::kChanged) continue;
    any = true;
    const auto* before = v.binding_at(c.block, c.sm, c.record->id);
    if (before == nullptr) {
      out.fail(c.sm + "'s binding at " + c.block + " changed (" + describe(*c.record) +
                   ") though it was never bound there",
               {c.record->id});
      continue;
    }
    std::set<std::string> changed;
    for (const auto& [domain, mode] : c.grants)
      if (!before->grants.contains(domain) || before->grants.at(domain) != mode)
        changed.insert(domain);
    for (const auto& [domain, mode] : before->grants)
      if (!c.grants.contains(domain)) changed.insert(domain);
    // The domain the change names (domain=), else the one domain that differs.
    const auto named = detail_of(*c.record, keys::kDomain);
    const bool confined = named.empty()
                              ? changed.size() == 1
                              : changed.empty() || (changed.size() == 1 && changed.contains(named));
    if (!confined) {
      out.fail(c.sm + "'s binding at " + c.block + " changed in " + name_list(changed) +
                   (named.empty() ? "" : " for a change of " + named) + ": " +
                   format_grants(before->grants) + " -> " + format_grants(c.grants),
               {before->record->id, c.record->id});
      continue;
    }
    if (changed.empty()) changed.insert(named);
    const auto* told =
        v.query.first(sends(c.block, c.sm).op(ops::kSmBindingChanged), c.record->id - 1);
    if (told == nullptr)
      out.fail(c.sm + " was not told of its changed binding at " + c.block +
                   " (no SmBindingChanged after " + describe(*c.record) + ")",
               {c.record->id});
    const auto domain = *changed.begin();
    auto seen = judge_authorizations(v, out, c.sm, c.record->id);
    for (const auto& d : judge_gating(v, out, c.sm, c.record->id)) seen.insert(d);
    const auto new_mode = c.grants.contains(domain) ? c.grants.at(domain) : "none";
    if (seen.contains(domain))
      out.pass(c.sm + " at " + c.block + ": " + domain + " changed to " + new_mode +
                   ", later actions there follow it; other domains unchanged",
               {c.record->id, told ? told->id : 0});
    else
      out.inconc(c.sm + " at " + c.block + ": " + domain + " changed to " + new_mode +
                     " but no later action in " + domain + " shows the new mode enforced",
                 {c.record->id});
  }
  if (!any) return {Verdict::none, "no SM binding was changed", {}};
  return out.result("");
}

// ID            5.1.3-g
// Objective     One SM's authorization neither depends on nor affects another's: when an SM's
//               binding at a block changes, no other SM's binding there changes at that instant
//               and its TLS session with the block is not broken then; the other SMs'
//               authorizations and gating after the change still follow their own grants; and
//               no SM's binding is refused for a reason naming another SM.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 clause 5.1.3
// Applicability ICS "security-management"
// Verdict       pass naming the change and the SMs left as they were; fail naming the record;
//               none when no binding changed while another SM was bound at that block.
CheckResult check_sm_independence(const CheckContext& context) {
  SmView v(context);
  CheckOutcome out;
  const auto sms = v.bound_sms();
  for (const auto* r : v.records(decisions::kSmBinding, outcomes::kRefused)) {
    const auto x = detail_of(*r, keys::kSm);
    const auto reason = detail_of(*r, keys::kReason);
    for (const auto& y : sms)
      if (y != x && reason.find(y) != std::string::npos)
        out.fail(x + "'s binding refused because of " + y + " (" + describe(*r) + ")", {r->id});
  }
  bool any = false;
  for (const auto& c : v.bindings()) {
    if (c.record->outcome != outcomes::kChanged) continue;
    std::set<std::string> others;
    for (const auto& y : sms)
      if (y != c.sm && v.binding_at(c.block, y, c.record->id) != nullptr) others.insert(y);
    if (others.empty()) continue;
    any = true;
    bool ok = true;
    for (const auto& r : v.query.records()) {
      if (r.time != c.record->time || r.id == c.record->id) continue;
      const bool other_binding = r.kind == RecordKind::decision &&
                                 r.operation == decisions::kSmBinding && r.actor == c.block &&
                                 others.contains(detail_of(r, keys::kSm)) &&
                                 r.outcome != outcomes::kBound;
      const bool broken_session =
          r.kind == RecordKind::crypto &&
          ((r.actor == c.block && others.contains(r.peer)) ||
           (r.peer == c.block && others.contains(r.actor))) &&
          (r.outcome == outcomes::kRejected || r.outcome == outcomes::kFailed);
      const bool closed = r.kind == RecordKind::send && r.operation == ops::kTlsClose &&
                          ((r.actor == c.block && others.contains(r.peer)) ||
                           (r.peer == c.block && others.contains(r.actor)));
      if (other_binding || broken_session || closed) {
        ok = false;
        out.fail(c.sm + "'s binding change at " + c.block + " (" + describe(*c.record) +
                     ") touched another SM: " + describe(r),
                 {c.record->id, r.id});
      }
    }
    for (const auto& y : others) {
      judge_authorizations(v, out, y, c.record->id);
      judge_gating(v, out, y, c.record->id);
    }
    if (ok)
      out.pass(c.sm + "'s binding change at " + c.block + " left " + name_list(others) +
                   " bound as before, with their own grants enforced after it",
               {c.record->id});
  }
  if (!any && out.empty())
    return {Verdict::none, "no SM binding changed while another SM was bound at that block", {}};
  return out.result("");
}

void register_sm_binding_checks(CheckRegistry& registry) {
  registry.add("5.1.1-a", "each SM in its own domain with its own instances",
               check_sm_separate_deployment);
  for (const char* id : {"R2.1.60", "5.1.3-b"})
    registry.add(id, "one instance per SM and block, never another SM's", check_sm_instances);
  for (const char* id : {"R2.1.70", "5.1.3-c"})
    registry.add(id, "one mutual-TLS session and certificate per SM", check_sm_sessions);
  registry.add("R2.1.80", "events routed only and always to the SMs they concern",
               check_sm_event_routing);
  for (const char* id : {"R2.1.110", "5.1.3-f"})
    registry.add(id, "grants per the trust model, authorizations per the mode table",
                 check_sm_authorization);
  for (const char* id : {"R2.1.130", "5.1.3-i"})
    registry.add(id, "one SM treated per domain by its mode there", check_sm_modes_per_domain);
  for (const char* id : {"R2.1.140", "5.1.3-j"})
    registry.add(id, "one SM's mode changed in one domain only", check_sm_mode_change);
  registry.add("5.1.3-g", "one SM's binding change leaves the others as they were",
               check_sm_independence);
}

}  // namespace ifa026::conformance
