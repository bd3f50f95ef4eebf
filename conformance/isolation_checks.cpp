// Isolation between trust domains and separation of SM traffic at run time (see
// isolation_checks.hpp; docs/trust-model.md "Isolation and separation").
#include "conformance/isolation_checks.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/common/trust_model.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/sm_trace.hpp"
#include "conformance/tls_session_trace.hpp"
#include "conformance/trace_query.hpp"
#include "conformance/vocabulary.hpp"

namespace ifa026::conformance {

namespace rp = reference_points;

using actors::trust::EdgeKind;
using actors::trust::TrustModel;
using actors::trust::VertexKind;

namespace {

// The type of each actor of the scenario.
std::map<std::string, std::string> actor_types(const sim::Scenario& scenario) {
  std::map<std::string, std::string> types;
  for (const auto& a : scenario.actors) types[a.name] = a.type;
  return types;
}

// ---- R1.1.50: a compromised SM changes nothing in another isolation group ----

// The records that change an entity's state on an SM's word, and the outcomes that do.
bool state_changing(const sim::TraceRecord& r) {
  const std::string& op = r.operation;
  if (op == decisions::kSmTerminationItem) return r.outcome == outcomes::kTerminated;
  if (op == decisions::kSecurityPolicyApplied) return true;
  if (op == decisions::kSmSecurityFunction || op == decisions::kSmHostRetirement)
    return r.outcome == outcomes::kAccepted || r.outcome == outcomes::kCompleted;
  return false;
}

// The entity a state-changing record acts on (VNF, VSF or host).
std::string target_of(const sim::TraceRecord& r) {
  for (const char* key : {keys::kVnf, keys::kVsf, keys::kHost}) {
    const auto value = detail_of(r, key);
    if (!value.empty()) return value;
  }
  return "";
}

}  // namespace

// ID            R1.1.50 (run-time half; the graph half is G11)
// Objective     An SM taken over by an attacker (workload command `compromise`: SmCompromised)
//               cannot change anything in a trust domain outside its own isolation group.
// Precondition  A trust_model whose isolation groups (domains joined by trust edges) put the
//               compromised SM's domains (its member_of and those it manages) apart from others.
// Test          Every SmAuthorization of that SM after the compromise about a protected domain
//               is rejected; no SmTerminationItem terminated, SecurityPolicyApplied,
//               SmSecurityFunction or SmHostRetirement accepted for an entity of a protected
//               domain names that SM or one of its request ids; a tampered message from it is
//               refused by the receiver's TLS.
// Evidence      SmCompromised, SmAuthorization rejected, the kernel's `tampered` fault records and
//               the receiver's TlsRecord rejected.
// Negative      sm_faults obey_foreign: MANO acts on the compromised SM's requests.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.50
CheckResult check_compromise_isolation(const CheckContext& c) {
  const SmView v(c);
  const auto compromises = v.records(decisions::kSmCompromised);
  if (compromises.empty())
    return {Verdict::none, "no SM was compromised in this run (command compromise)", {}};
  const TrustModel model = TrustModel::from_scenario(c.scenario);
  const auto groups = model.isolation_groups();
  auto domain_of = [&](const std::string& entity) {
    std::string d = model.domain_of(entity);
    if (d.empty()) d = v.domain_of_vnf(entity);
    return d;
  };
  CheckOutcome out;
  for (std::size_t i = 0; i < compromises.size(); ++i) {
    const auto* compromise = compromises[i];
    const std::string x = compromise->actor;
    // Up to the same SM's next compromise (judged on its own).
    std::uint64_t until = UINT64_MAX;
    for (std::size_t j = i + 1; j < compromises.size() && until == UINT64_MAX; ++j)
      if (compromises[j]->actor == x) until = compromises[j]->id;
    std::set<std::string> own;
    for (const auto& d : model.domains_of(x)) own.insert(d);
    for (const auto& [d, mode] : model.grants(x)) own.insert(d);
    std::set<std::string> reach;
    for (const auto& g : groups)
      for (const auto& d : g)
        if (own.count(d) != 0) reach.insert(g.begin(), g.end());
    std::set<std::string> protected_domains;
    for (const auto& d : model.names(VertexKind::domain))
      if (reach.count(d) == 0) protected_domains.insert(d);
    if (protected_domains.empty()) {
      out.inconc(x + " compromised, but the trust model joins every domain to its own (" +
                     name_list(own) + "): no domain is isolated from it",
                 {compromise->id});
      continue;
    }
    std::set<std::string> ids;  // the request ids the compromised SM sent from then on
    for (const auto* r : v.records(decisions::kSmRequest, outcomes::kSent))
      if (r->actor == x && r->id > compromise->id && r->id < until)
        ids.insert(detail_of(*r, keys::kRequest));
    std::size_t refused = 0, tampered = 0, dropped = 0, failures = 0;
    for (const auto& r : c.trace) {
      if (r.id <= compromise->id) continue;
      if (r.id >= until) break;
      // A tampered message from it (the kernel's `fault` record) must be dropped by the
      // receiver's TLS (TlsRecord rejected naming it).
      if (r.kind == sim::RecordKind::fault && r.actor == x && r.outcome == "tampered") {
        ++tampered;
        out.cite(r.id);
        continue;
      }
      if (r.kind == sim::RecordKind::crypto && r.peer == x &&
          r.operation == decisions::kTlsRecord && r.outcome == outcomes::kRejected) {
        ++dropped;
        out.cite(r.id);
        continue;
      }
      if (r.kind != sim::RecordKind::decision) continue;
      const std::string sm_name = detail_of(r, keys::kSm);
      const bool from_x = sm_name == x || ids.count(detail_of(r, keys::kRequest)) != 0 ||
                          ids.count(detail_of(r, keys::kInstruction)) != 0;
      if (!from_x) continue;
      if (r.operation == decisions::kSmAuthorization) {
        const std::string d = detail_of(r, keys::kDomain);
        if (protected_domains.count(d) == 0) continue;
        if (r.outcome == outcomes::kGranted) {
          ++failures;
          out.fail("compromised " + x + "'s " + detail_of(r, keys::kSmOperation) + " about " + d +
                       " granted (" + describe(r) + ")",
                   {compromise->id, r.id});
        } else {
          ++refused;
          out.cite(r.id);
        }
        continue;
      }
      if (r.operation == decisions::kSmTerminationItem && r.outcome == outcomes::kUnknown) {
        if (protected_domains.count(domain_of(detail_of(r, keys::kVnf))) != 0) ++refused;
        out.cite(r.id);
        continue;
      }
      if (!state_changing(r)) continue;
      const std::string target = target_of(r);
      std::string d = detail_of(r, keys::kDomain);
      if (d.empty()) d = domain_of(target);
      if (protected_domains.count(d) == 0) continue;
      ++failures;
      out.fail(r.operation + " " + r.outcome + " for " + target + " of " + d +
                   " on the word of compromised " + x + " (" + describe(r) + ")",
               {compromise->id, r.id});
    }
    if (tampered != 0 && dropped == 0) {
      ++failures;
      out.fail(std::to_string(tampered) + " tampered message(s) from compromised " + x +
                   " and no TLS record refused by their receiver",
               {compromise->id});
    }
    if (failures != 0) continue;
    if (refused == 0 && dropped == 0) {
      out.inconc(
          x + " compromised but sent nothing MANO judged about " + name_list(protected_domains),
          {compromise->id});
      continue;
    }
    std::string what =
        std::to_string(refused) + " request(s) about " + name_list(protected_domains) + " refused";
    if (tampered != 0)
      what += ", " + std::to_string(tampered) + " tampered message(s) sent and " +
              std::to_string(dropped) + " TLS record(s) from it refused";
    out.pass(x + " compromised: " + what + "; no state change there traced to it",
             {compromise->id});
  }
  return out.result("");
}

// ---- R1.1.60: several SMs per domain, each served ----

namespace {

struct Filter {
  std::set<std::string> domains, types;  // empty: all
};

// "domains=td-a,td-b,types=all" (the SmSubscription filter= as the trace escapes it).
Filter parse_filter(const std::string& text) {
  Filter f;
  std::set<std::string>* into = nullptr;
  for (auto item : split_list(text)) {
    if (item.rfind("domains=", 0) == 0) {
      into = &f.domains;
      item = item.substr(8);
    } else if (item.rfind("types=", 0) == 0) {
      into = &f.types;
      item = item.substr(6);
    }
    if (into == nullptr || item == "all" || item.find('=') != std::string::npos) continue;
    if (item.find(';') != std::string::npos) item = item.substr(0, item.find(';'));
    if (item != "include_vnfd") into->insert(item);
  }
  return f;
}

}  // namespace

// ID            R1.1.60
// Objective     MANO serves every SM the trust model lets manage a domain, several per domain.
// Test          For each domain two or more SMs manage: each is bound with a grant there, and at
//               each block every event of the domain routed after an SM subscribed, that its
//               filter, mode (proposed events: not Passive) and visibility make applicable,
//               reaches that SM on its own instance (SmEventRouted).
// Negative      sm_faults one_sm_per_domain: a domain's events reach its first SM only.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.60
CheckResult check_sms_per_domain(const CheckContext& c) {
  const SmView v(c);
  const TrustModel model = TrustModel::from_scenario(c.scenario);
  CheckOutcome out;
  bool any = false;
  for (const auto& domain : model.names(VertexKind::domain)) {
    const auto d = model.domain(domain);
    std::set<std::string> sms;
    for (const auto& e : model.in_edges(*d, EdgeKind::manages))
      sms.insert(model.graph()[boost::source(e, model.graph())].name);
    std::set<std::string> seeing;
    for (const auto& sm : sms)
      if (model.may_see(sm, domain)) seeing.insert(sm);
    if (seeing.size() < 2) continue;
    any = true;
    // Bindings with a grant in the domain, per SM.
    std::map<std::string, std::set<std::string>> bound_at;  // sm -> blocks
    for (const auto& b : v.bindings())
      if (seeing.count(b.sm) != 0 && b.grants.count(domain) != 0) {
        bound_at[b.sm].insert(b.block);
        out.cite(b.record->id);
      }
    for (const auto* r : v.records(decisions::kSmBinding, outcomes::kRefused))
      if (seeing.count(detail_of(*r, keys::kSm)) != 0)
        out.fail(detail_of(*r, keys::kSm) + " refused at " + r->actor + " though it manages " +
                     domain + " with " + name_list(seeing) + " (" + describe(*r) + ")",
                 {r->id});
    bool complete = true;
    for (const auto& sm : seeing)
      if (bound_at.count(sm) == 0) {
        complete = false;
        out.fail(sm + " manages " + domain + " but no MANO block bound it with a grant there");
      }
    if (!complete) continue;
    // Events per block: event id -> first routed record, type, phase; who got it on which instance.
    struct Event {
      const sim::TraceRecord* first = nullptr;
      std::map<std::string, std::string> got;  // sm -> instance
      std::set<std::string> suppressed;
    };
    std::map<std::pair<std::string, std::string>, Event> events;  // (block, event id)
    for (const auto* r : v.records(decisions::kSmEventRouted)) {
      const std::string id = detail_of(*r, keys::kEventId);
      if (v.domain_of_event(id) != domain) continue;
      Event& e = events[{r->actor, id}];
      if (e.first == nullptr) e.first = r;
      e.got[detail_of(*r, keys::kSm)] = detail_of(*r, keys::kInstance);
    }
    for (const auto* r : v.records(decisions::kSmEventSuppressed)) {
      auto it = events.find({r->actor, detail_of(*r, keys::kEventId)});
      if (it != events.end()) it->second.suppressed.insert(detail_of(*r, keys::kSm));
    }
    std::size_t delivered = 0;
    for (const auto& [key, e] : events) {
      const auto& [block, id] = key;
      for (const auto& sm : seeing) {
        if (e.suppressed.count(sm) != 0 || bound_at[sm].count(block) == 0) continue;
        const sim::TraceRecord* sub = nullptr;
        for (const auto* s : v.records(decisions::kSmSubscription, outcomes::kSubscribed))
          if (s->actor == block && detail_of(*s, keys::kSm) == sm && s->id < e.first->id) sub = s;
        if (sub == nullptr) continue;
        const std::string mode = v.mode_at(block, sm, domain, e.first->id);
        if (mode == "none") continue;
        const std::string phase = detail_of(*e.first, keys::kPhase);
        if (phase == "proposed" && mode == "passive") continue;
        const Filter f = parse_filter(detail_of(*sub, keys::kFilter));
        if (!f.domains.empty() && f.domains.count(domain) == 0) continue;
        if (!f.types.empty() && f.types.count(detail_of(*e.first, keys::kEventType)) == 0) continue;
        auto got = e.got.find(sm);
        const std::string own = detail_of(*sub, keys::kInstance);
        if (got == e.got.end()) {
          out.fail(sm + " never got event " + id + " of " + domain + " at " + block +
                       " that reached " + name_list([&] {
                         std::set<std::string> s;
                         for (const auto& [other, inst] : e.got) s.insert(other);
                         return s;
                       }()) +
                       " (" + describe(*e.first) + ")",
                   {e.first->id, sub->id});
        } else if (got->second != own) {
          out.fail(sm + " got event " + id + " on instance " + got->second + ", not its own " + own,
                   {e.first->id});
        } else {
          ++delivered;
        }
      }
    }
    if (out.worst() != Verdict::fail)
      out.pass(name_list(seeing) + " all bound with " + domain + "; " + std::to_string(delivered) +
               " applicable event deliveries, each on the SM's own instance");
  }
  if (!any)
    return {Verdict::none, "no trust domain is managed by two or more SMs in this scenario", {}};
  return out.result("");
}

// ---- R1.1.160: SM traffic kept apart ----

// ID            R1.1.160
// Objective     SM traffic travels apart from all other traffic.
// Test          Every send between an SM and a MANO block, another SM or a security function is
//               on the SM reference point of that peer (NFVO Sc-Or, VNFM Sc-Vnfm, VIM Sc-Vi, SM
//               Sm-Sm, others Sm-Sf) and carries an SM operation or the TLS channel's own
//               messages; no send between two non-SM actors uses an SM reference point. An SM's
//               own certificate management (CMF, CA, OSS day-0) is not SM traffic.
// Negative      sm_faults sm_traffic_on:Or-Vnfm: the NFVO's SM messages labelled Or-Vnfm.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.160
CheckResult check_sm_traffic_separation(const CheckContext& c) {
  const auto types = actor_types(c.scenario);
  auto type_of = [&](const std::string& name) {
    auto it = types.find(name);
    return it == types.end() ? std::string() : it->second;
  };
  auto expected_rp = [&](const std::string& peer) -> std::string {
    const std::string t = type_of(peer);
    if (t == "nfvo") return rp::kScOr;
    if (t == "vnfm") return rp::kScVnfm;
    if (t == "vim") return rp::kScVi;
    if (t == "sm") return "Sm-Sm";
    if (t == "vnfci") return "Sm-Sf";
    return "";  // certificate management and other support actors
  };
  const std::set<std::string> sm_rps = {rp::kScOr, rp::kScVnfm, rp::kScVi, "Sm-Sm", "Sm-Sf"};
  CheckOutcome out;
  std::size_t judged = 0;
  std::map<std::string, std::size_t> per_rp;
  std::set<std::string> cited;
  for (const auto& r : c.trace) {
    if (r.kind != sim::RecordKind::send) continue;
    const bool actor_sm = type_of(r.actor) == "sm", peer_sm = type_of(r.peer) == "sm";
    if (!actor_sm && !peer_sm) {
      if (sm_rps.count(r.reference_point) != 0)
        out.fail("non-SM traffic " + r.actor + " -> " + r.peer + " on SM reference point " +
                     r.reference_point + " (" + describe(r) + ")",
                 {r.id});
      continue;
    }
    const std::string other = actor_sm ? r.peer : r.actor;
    const std::string want = expected_rp(other);
    if (want.empty()) continue;
    ++judged;
    if (r.reference_point != want) {
      out.fail(r.operation + " " + r.actor + " -> " + r.peer + " on " + r.reference_point +
                   ", not " + want + " (" + describe(r) + ")",
               {r.id});
      continue;
    }
    if (r.operation.rfind("Sm", 0) != 0 && !is_channel_control(r.operation)) {
      out.fail("non-SM operation " + r.operation + " on the SM session " + r.actor + " -> " +
                   r.peer + " (" + describe(r) + ")",
               {r.id});
      continue;
    }
    // Evidence: the first SM message of each sender, receiver and reference point.
    if (++per_rp[r.reference_point] != 0 &&
        cited.insert(r.actor + ">" + r.peer + "@" + r.reference_point).second)
      out.cite(r.id);
  }
  if (judged == 0)
    return {Verdict::none, "no message between an SM and MANO, another SM or a function", {}};
  if (out.worst() != Verdict::fail) {
    std::string counts;
    for (const auto& [name, n] : per_rp)
      counts += (counts.empty() ? "" : ", ") + name + " " + std::to_string(n);
    out.pass(std::to_string(judged) +
             " SM message(s), each on its SM reference point in an "
             "SM-only session: " +
             counts);
  }
  return out.result("");
}

// ---- R1.1.80: an SM's domain policy on its domain's functions only ----

// ID            R1.1.80
// Objective     The policy an SM owns for a domain reaches the functions that enforce it there
//               (VSFs it inserted, VNF-embedded enforcement) and no function of another domain.
// Test          Every SecurityPolicyApplied names an SM that manages the function's domain (a
//               VSF's: its own, else the first VNF of the link it was put on); every policy
//               instruction or VSF request MANO acknowledged (SmRequest answered) has a
//               SecurityPolicyApplied with that instruction id; each function's final digest is
//               its last applied policy's.
// Negative      sm_faults obey_foreign (compromise.json: a td-a SM's policy applied in td-b);
//               unsolicited_policy_unapplied (semi-active.json: acknowledged, never applied).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex A R1.1.80
CheckResult check_domain_policy(const CheckContext& c) {
  const SmView v(c);
  const TrustModel model = TrustModel::from_scenario(c.scenario);
  std::map<std::string, std::string> vsf_link;  // VSF -> first VNF of its link
  for (const auto* r : v.records(decisions::kNsTopologyUpdated, outcomes::kInserted)) {
    const auto between = split_list(detail_of(*r, keys::kBetween));
    if (!between.empty()) vsf_link[detail_of(*r, keys::kVsf)] = between.front();
  }
  auto domain_of = [&](const std::string& f) {
    std::string d = model.domain_of(f);
    if (d.empty()) d = v.domain_of_vnf(f);
    auto link = vsf_link.find(f);
    if (d.empty() && link != vsf_link.end()) {
      d = model.domain_of(link->second);
      if (d.empty()) d = v.domain_of_vnf(link->second);
    }
    return d;
  };
  CheckOutcome out;
  std::set<std::string> applied_ids;
  std::map<std::string, const sim::TraceRecord*> last;  // function -> last applied
  for (const auto* r : v.records(decisions::kSecurityPolicyApplied)) {
    const std::string sm_name = detail_of(*r, keys::kSm), f = detail_of(*r, keys::kVnf);
    const std::string d = domain_of(f);
    applied_ids.insert(detail_of(*r, keys::kInstruction));
    last[f] = r;
    if (!sm_name.empty() && !d.empty() && !model.mode(sm_name, d)) {
      out.fail("policy " + detail_of(*r, keys::kPolicy) + " of " + sm_name + " applied to " + f +
                   " of " + d + ", a domain " + sm_name + " does not manage (" + describe(*r) + ")",
               {r->id});
    } else {
      out.cite(r->id);
    }
  }
  std::size_t acknowledged = 0;
  for (const auto* r : v.records(decisions::kSmRequest, outcomes::kAnswered)) {
    const std::string op = detail_of(*r, keys::kSmOperation);
    if (op != ops::kSmSecurityPolicyInstruction) continue;
    ++acknowledged;
    const std::string id = detail_of(*r, keys::kRequest);
    if (applied_ids.count(id) == 0)
      out.fail(r->actor + "'s policy instruction " + id + " acknowledged by " + r->peer +
                   " but applied to no function (" + describe(*r) + ")",
               {r->id});
  }
  if (last.empty() && acknowledged == 0)
    return {Verdict::none, "no SM policy was applied or acknowledged in this run", {}};
  if (out.worst() != Verdict::fail) {
    std::string finals;
    for (const auto& [f, r] : last)
      finals += (finals.empty() ? "" : ", ") + f + " (" + domain_of(f) +
                "): " + detail_of(*r, keys::kPolicy) + " of " + detail_of(*r, keys::kSm);
    out.pass(std::to_string(last.size()) +
             " function(s) hold their domain's SM policy, none of "
             "another domain; final policies " +
             finals);
  }
  return out.result("");
}

void register_isolation_checks(CheckRegistry& registry) {
  registry.add("R1.1.80", "an SM's policy on its own domain's functions, acknowledged and applied",
               check_domain_policy);
  registry.add("R1.1.50", "a compromised SM changes nothing in an isolated domain",
               check_compromise_isolation);
  registry.add("R1.1.60", "several SMs per domain, each bound and given the domain's events",
               check_sms_per_domain);
  registry.add("R1.1.160", "SM messages only on SM reference points and SM-only sessions",
               check_sm_traffic_separation);
}

}  // namespace ifa026::conformance
