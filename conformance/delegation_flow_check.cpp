// The delegation-mode flow check (see delegation_flow_check.hpp). Test descriptions follow ETSI
// TST010's fields.
#include "conformance/delegation_flow_check.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "actors/messages/delegation_vocabulary.hpp"
#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/direct_mode_trace.hpp"
#include "conformance/flow_table_walk.hpp"

namespace ifa026::conformance {
namespace {

using flows::FlowStep;
using sim::RecordKind;

bool is_registration(const std::string& flow) {
  return flow == flows::kDelegateRegistration || flow == flows::kOamDelegateRegistration;
}

bool is_csr(const std::string& flow) {
  return flow == flows::kDelegatedCsr || flow == flows::kDelegatedCsrHsm ||
         flow == flows::kOamDelegatedCsr;
}

// The record kinds and operations that show a row: its own, and for a message row the further
// sends (the container variant's messages: the CISM plays the VIM's rows).
struct Shape {
  RecordKind kind;
  std::string role;
  std::string operation;
};
std::vector<Shape> shapes_of(const FlowStep& row) {
  std::vector<Shape> out = {{row.kind, row.actor, row.operation}};
  if (row.kind != RecordKind::send) return out;
  for (const auto& f : row.further)
    if (f.actor != nullptr && f.kind == RecordKind::send)
      out.push_back({f.kind, f.actor, f.operation});
  return out;
}

// The step IDs a row's record may cite: its own, and the sibling flow's same row for a message
// (one allocation carries the OAM and the VNFCI credentials).
std::vector<std::string> step_ids(const std::string& flow, const FlowStep& row) {
  std::vector<std::string> out = {row.id};
  const auto sibling = sibling_flow(flow);
  if (!sibling.empty() && row.kind == RecordKind::send)
    if (const auto* s = flows::find_step(sibling, row.number)) out.push_back(s->id);
  return out;
}

// One VNFCI identity as one VNFM handles it (two VNFMs asking for the same VNFCI are two cases).
struct Case {
  std::string vnfci;
  std::string identity;
  std::uint64_t first = 0;
  std::string vnfm = {};  // "" when no record names one
};

class Walker {
 public:
  Walker(const ManoView& mano, const DelegationRoles& roles, std::string flow)
      : mano_(mano), roles_(roles), flow_(std::move(flow)), rows_(flows::steps_of(flow_)) {}

  // The VNFM a record is about: its actor or peer when a VNFM, else the CMF's delegate=.
  std::string vnfm_named(const Rec& r) const {
    if (roles_.role_of(r.actor) == roles::kVnfm) return r.actor;
    if (!r.peer.empty() && roles_.role_of(r.peer) == roles::kVnfm) return r.peer;
    return detail_of(r, keys::kDelegate);
  }

  std::vector<Case> cases() const {
    using Key = std::tuple<std::string, std::string, std::string>;  // vnfm, vnfci, identity
    std::map<Key, std::uint64_t> found;
    std::map<std::pair<std::string, std::string>, std::uint64_t> whole;  // without an identity
    for (const auto& r : mano_.query.records()) {
      if (!flows::in_flow(r.step, flow_)) continue;
      if (r.kind != RecordKind::decision && r.kind != RecordKind::crypto) continue;
      // --- hmee: a record about another type's certificate (the VNFM's check of the VNFCI's OAM
      // certificate on Ve-Vnfm-vnf in C.2.2.4.x) makes no case of this flow.
      if (has_detail(r, keys::kCertificateType) &&
          detail_of(r, keys::kCertificateType) != certificate_type_of(flow_))
        continue;
      std::vector<std::string> names;
      if (has_detail(r, keys::kVnfci)) names.push_back(detail_of(r, keys::kVnfci));
      if (has_detail(r, keys::kVnfcis))
        for (const auto& n : split_names(detail_of(r, keys::kVnfcis))) names.push_back(n);
      const auto ca_identity = detail_of(r, keys::kIdentity);
      if (names.empty() && ca_identity.find('/') != std::string::npos)
        names.push_back(ca_identity.substr(0, ca_identity.find('/')));
      if (names.empty() && roles_.role_of(r.actor) == roles::kVnfci) names.push_back(r.actor);
      const auto identities = split_names(identity_of(r));
      const auto vnfm = vnfm_named(r);
      if (vnfm.empty()) continue;  // a CA's or a VNFCI's record: matched, never a case of its own
      for (const auto& n : names) {
        if (n.empty()) continue;
        if (identities.empty()) whole.emplace(std::make_pair(vnfm, n), r.id);
        for (const auto& identity : identities)
          if (!identity.empty()) found.emplace(Key{vnfm, n, identity}, r.id);
      }
    }
    std::vector<Case> out;
    for (const auto& [key, id] : found)
      out.push_back({std::get<1>(key), std::get<2>(key), id, std::get<0>(key)});
    for (const auto& [key, id] : whole) {
      const bool covered = std::any_of(out.begin(), out.end(), [&](const Case& c) {
        return c.vnfm == key.first && c.vnfci == key.second;
      });
      if (!covered) out.push_back({key.second, "", id, key.first});
    }
    // A VNFCI whose refusal the scenario expects in this flow, refused for a whole request (a
    // record naming no VNFCI): walked too.
    for (const auto& want : mano_.expect.delegation.refusals) {
      const bool here =
          want.step.empty()
              ? flows::step_with(flow_, RecordKind::decision, want.operation) != nullptr ||
                    flows::step_with(flow_, RecordKind::crypto, want.operation) != nullptr
              : flows::in_flow(want.step, flow_);
      const bool known =
          std::any_of(out.begin(), out.end(), [&](const Case& c) { return c.vnfci == want.vnfci; });
      if (here && !known && !want.vnfci.empty())
        out.push_back({want.vnfci, "", std::numeric_limits<std::uint64_t>::max()});
    }
    std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) {
      return a.first != b.first ? a.first < b.first
                                : std::tie(a.vnfci, a.identity) < std::tie(b.vnfci, b.identity);
    });
    return out;
  }

  DelegationWalk walk(const Case& c) {
    DelegationWalk w;
    std::uint64_t start = 0;
    for (int attempt = 1; attempt <= 16; ++attempt) {
      w = walk_once(c, start);
      w.attempts = attempt;
      if (w.refusal == nullptr) break;
      // Another attempt: a record of the case at the first row after the refusal.
      const auto* again = first_case_record_at(c, rows_.front(), w.refusal->id);
      if (again == nullptr) break;
      start = again->id - 1;
    }
    return w;
  }

 private:
  // The owner of a message for claims: one request serves a whole registration; a CSR and an HSM
  // key release are one identity's; an installation is one VNFCI's.
  std::string owner(const Case& c, const Rec& r) const {
    if (is_registration(flow_)) return "";
    if (is_csr(flow_) || r.operation == ops::kReleaseKeyPairRequest ||
        r.operation == ops::kReleaseKeyPairResponse)
      return c.vnfci + "/" + c.identity;
    return c.vnfci;
  }

  // The VNFM that asked for the case's registration ("" when no record says).
  std::string vnfm_of(const Case& c) const {
    if (!c.vnfm.empty()) return c.vnfm;
    for (const auto& r : mano_.query.records()) {
      if (!flows::in_flow(r.step, flow_) || r.kind == RecordKind::send) continue;
      if (!names_identity(r, c.vnfci, c.identity)) continue;
      if (roles_.role_of(r.actor) == roles::kVnfm) return r.actor;
      if (has_detail(r, keys::kDelegate)) return detail_of(r, keys::kDelegate);
    }
    return "";
  }

  bool about(const Case& c, const Rec& r) const {
    // A registration refused as a whole (the VNFM is no delegate, the request is malformed)
    // names no VNFCI: it is about every VNFCI that VNFM asked for.
    if (is_registration(flow_) && !has_detail(r, keys::kVnfci) && !has_detail(r, keys::kVnfcis) &&
        !has_detail(r, keys::kIdentity) && roles_.role_of(r.actor) == roles::kCmf) {
      const auto vnfm = vnfm_of(c);
      const auto delegate = has_detail(r, keys::kDelegate) ? detail_of(r, keys::kDelegate) : r.peer;
      return vnfm.empty() ? roles_.role_of(delegate) == roles::kVnfm : delegate == vnfm;
    }
    if (roles_.role_of(r.actor) == roles::kVnfci) {
      if (r.actor != c.vnfci) return false;
      return identity_matches(r, c.identity);
    }
    // An HSM's key release is about the VNFCI that asked (its client), not the one the handle
    // names: a VNFCI presenting a foreign handle is refused in its own case.
    if (roles_.role_of(r.actor) == roles::kHsm && has_detail(r, keys::kClient) &&
        roles_.role_of(detail_of(r, keys::kClient)) == roles::kVnfci) {
      if (detail_of(r, keys::kClient) != c.vnfci) return false;
      return identity_matches(r, c.identity);
    }
    // --- hmee: a CA's record names no VNFCI (the CMF's CSR does not tell the CA); it is the
    // case's when the CMF's record of the same serial names the identity.
    if (roles_.role_of(r.actor) == roles::kCa && !has_detail(r, keys::kVnfci) &&
        !has_detail(r, keys::kIdentity) && has_detail(r, keys::kSerial))
      return serial_names(c, detail_of(r, keys::kSerial));
    if (const auto vnfm = vnfm_named(r); !c.vnfm.empty() && !vnfm.empty() && vnfm != c.vnfm)
      return false;
    return names_identity(r, c.vnfci, c.identity);
  }

  // True when a CMF record of a delegation flow with `serial` names the case's identity.
  bool serial_names(const Case& c, const std::string& serial) const {
    for (const auto& r : mano_.query.records())
      if (is_delegation_flow(flows::flow_of_step(r.step)) &&
          roles_.role_of(r.actor) == roles::kCmf && has_detail(r, keys::kSerial) &&
          same_serial(detail_of(r, keys::kSerial), serial) &&
          names_identity(r, c.vnfci, c.identity) && !identity_of(r).empty())
        return true;
    return false;
  }

  const Rec* first_case_record_at(const Case& c, const FlowStep& row, std::uint64_t after) const {
    for (const auto& r : mano_.query.records()) {
      if (r.id <= after || r.step != row.id) continue;
      if ((r.kind == RecordKind::decision || r.kind == RecordKind::crypto) && about(c, r))
        return &r;
    }
    return nullptr;
  }

  // The first record after `after` that shows `row` for the case; `any_step` and `any_time`
  // relax the step ID and the order, to explain a miss.
  const Rec* find(const Case& c, const FlowStep& row, std::uint64_t after, bool any_step,
                  bool any_time) const {
    const auto ids = step_ids(flow_, row);
    for (const auto& r : mano_.query.records()) {
      if (!any_time && r.id <= after) continue;
      if (!any_step && std::find(ids.begin(), ids.end(), r.step) == ids.end()) continue;
      if (any_step && !r.step.empty() && std::find(ids.begin(), ids.end(), r.step) == ids.end() &&
          !is_delegation_flow(flows::flow_of_step(r.step)))
        continue;
      bool shape = false;
      for (const auto& s : shapes_of(row))
        if (r.kind == s.kind && r.operation == s.operation && roles_.plays(r.actor, s.role))
          shape = true;
      if (!shape) continue;
      if (r.kind == RecordKind::send) {
        if (row.actor == std::string(roles::kVnfci) && r.actor != c.vnfci &&
            r.operation == row.operation)
          continue;
        if ((row.peer == std::string(roles::kVnfci) ||
             r.operation == ops::kInjectCredentialsRequest) &&
            r.peer != c.vnfci && roles_.role_of(r.peer) == roles::kVnfci)
          continue;
        if (roles_.role_of(r.actor) == roles::kVnfci && r.actor != c.vnfci) continue;
        if (!bound_ok(r)) continue;
        auto it = claims_.find(r.id);
        if (it != claims_.end() && it->second != owner(c, r)) continue;
      } else if (!about(c, r)) {
        continue;
      }
      return &r;
    }
    return nullptr;
  }

  // The actors already seen in a role (the VNFM, CMF, CA, VIM of this walk) must stay the same.
  bool bound_ok(const Rec& r) const {
    for (const auto* name : {&r.actor, &r.peer}) {
      const auto role = roles_.role_of(*name);
      auto it = bound_.find(role);
      if (it != bound_.end() && it->second != *name && role != roles::kVnfci) return false;
    }
    return true;
  }

  DelegationWalk walk_once(const Case& c, std::uint64_t start) {
    DelegationWalk w;
    w.flow = flow_;
    w.vnfci = c.vnfci;
    w.identity = c.identity;
    bound_.clear();
    if (!c.vnfm.empty()) bound_.emplace(roles::kVnfm, c.vnfm);
    // The first refusal of the case after the start, at any step of the flow.
    const Rec* refusal = nullptr;
    for (const auto& r : mano_.query.records()) {
      if (r.id <= start || !flows::in_flow(r.step, flow_)) continue;
      if ((r.kind == RecordKind::decision || r.kind == RecordKind::crypto) &&
          is_refusal(r.outcome) && about(c, r)) {
        refusal = &r;
        break;
      }
    }
    std::uint64_t after = start;
    std::vector<std::pair<std::uint64_t, std::string>> taken;
    for (const auto& row : rows_) {
      const auto* r = find(c, row, after, false, false);
      if (refusal != nullptr && (r == nullptr || r->id > refusal->id)) {
        w.refusal = refusal;
        break;
      }
      if (r == nullptr) {
        if (const auto* other = find(c, row, after, true, false))
          w.problem = step_label(row) + " " + describe(*other) + " cites " +
                      (other->step.empty() ? std::string("no step") : other->step) +
                      " instead of " + row.id;
        else if (const auto* early = find(c, row, after, false, true))
          w.problem = step_label(row) + " out of table order: " + describe(*early) +
                      " comes before " + (w.rows.empty() ? "the flow's start" : "the previous row");
        else
          w.problem = step_label(row) + " missing: no " + row.id + " " +
                      std::string(sim::to_string(row.kind)) + " " + row.operation + " by a " +
                      row.actor + " about " + c.vnfci +
                      (c.identity.empty() ? "" : "/" + c.identity) + " after " +
                      (w.rows.empty() ? "the flow's start" : describe(*w.rows.back()));
        break;
      }
      if (r->kind == RecordKind::send) {
        bound_.emplace(roles_.role_of(r->actor), r->actor);
        bound_.emplace(roles_.role_of(r->peer), r->peer);
        taken.emplace_back(r->id, owner(c, *r));
      } else {
        bound_.emplace(roles_.role_of(r->actor), r->actor);
      }
      w.rows.push_back(r);
      after = r->id;
    }
    if (w.refusal == nullptr && w.problem.empty() && w.rows.size() == rows_.size()) {
      for (const auto& [id, who] : taken) claims_.emplace(id, who);
      postcondition(c, w);
      // Every row shown, but refused at the end (the VNFM's verification of the answer, the
      // VNFCI's check): the refusal is the outcome.
      if (!w.problem.empty() && refusal != nullptr) {
        w.refusal = refusal;
        w.problem.clear();
        w.result = nullptr;
      }
    }
    type_consistency(c, w, start);
    return w;
  }

  // Every record of the case cites the flow's certificate type.
  void type_consistency(const Case& c, DelegationWalk& w, std::uint64_t start) const {
    if (!w.problem.empty()) return;
    const auto want = certificate_type_of(flow_);
    for (const auto& r : mano_.query.records()) {
      if (r.id <= start || !flows::in_flow(r.step, flow_)) continue;
      if (r.kind == RecordKind::send || !about(c, r)) continue;
      const auto type = detail_of(r, keys::kCertificateType);
      if (!type.empty() && type != want) {
        w.problem = describe(r) + " says certificate_type=" + type + " in " + flow_ +
                    ", whose certificates are of type " + want;
        return;
      }
    }
  }

  void postcondition(const Case& c, DelegationWalk& w) const {
    const auto& q = mano_.query;
    const auto* last = w.rows.back();
    if (is_registration(flow_)) {
      // The trigger: the VNFM asks only after it received an InstantiateVnfRequest.
      const auto* trigger = q.first(RecordFilter{}
                                        .of_kind(RecordKind::receive)
                                        .by(w.rows[0]->actor)
                                        .op(ops::kInstantiateVnfRequest),
                                    0, w.rows[0]->id);
      if (trigger == nullptr) {
        w.problem = "#0 without its trigger: " + w.rows[0]->actor + " asked to be delegate (" +
                    describe(*w.rows[0]) + ") before it received any InstantiateVnfRequest";
        return;
      }
      // The CMF registered the delegation (#1) and the VNFM took the answer (#2).
      const auto& answer = rows_.back();
      for (const auto* r : q.all(RecordFilter{}
                                     .of_kind(RecordKind::decision)
                                     .op(decisions::kDelegateRegistration)
                                     .at_step(answer.id)))
        if (r->id > w.rows[1]->id && about(c, *r) && r->outcome == outcomes::kRegistered) {
          w.result = r;
          return;
        }
      w.problem = "post-condition: the VNFM recorded no DelegateRegistration registered at " +
                  std::string(answer.id) + " after the CMF's " + describe(*w.rows[1]);
      return;
    }
    if (is_csr(flow_)) {
      w.issued = w.rows[4];
      const auto* stored = q.first(RecordFilter{}
                                       .of_kind(RecordKind::decision)
                                       .op(decisions::kDelegatedCertificateStored)
                                       .at_step(rows_.back().id),
                                   last->id);
      for (const auto* r : q.all(RecordFilter{}
                                     .of_kind(RecordKind::decision)
                                     .op(decisions::kDelegatedCertificateStored)
                                     .at_step(rows_.back().id)))
        if (r->id > last->id && about(c, *r)) {
          stored = r;
          break;
        }
      if (stored == nullptr || !about(c, *stored) || is_refusal(stored->outcome)) {
        w.problem = "post-condition: the VNFM kept no certificate (no DelegatedCertificateStored " +
                    std::string(rows_.back().id) + " for " + c.vnfci + "/" + c.identity +
                    " after " + describe(*last) + ")";
        return;
      }
      const auto issued = detail_of(*w.issued, keys::kSerial);
      const auto kept = detail_of(*stored, keys::kSerial);
      if (!issued.empty() && !kept.empty() && !same_serial(issued, kept)) {
        w.problem = "post-condition: the VNFM kept certificate " + kept + ", the CA issued " +
                    issued + " (" + describe(*w.issued) + ")";
        return;
      }
      w.result = stored;
      return;
    }
    // Installation: the VNFCI's CertificateInstalled purpose=delegated of a certificate the CA
    // issued for this identity.
    const Rec* installed = nullptr;
    for (const auto& row : rows_)
      for (const auto* r :
           q.all(decision(c.vnfci, decisions::kCertificateInstalled).at_step(row.id)))
        if (installed == nullptr && about(c, *r) && !is_refusal(r->outcome)) installed = r;
    if (installed == nullptr) {
      w.problem = "post-condition: " + c.vnfci + " recorded no CertificateInstalled for " +
                  (c.identity.empty() ? "its identities" : c.identity);
      return;
    }
    const auto purpose = detail_of(*installed, keys::kPurpose);
    if (!purpose.empty() && purpose != actors::detail_values::kPurposeDelegated) {
      w.problem = "post-condition: " + describe(*installed) + " has purpose=" + purpose + ", not " +
                  actors::detail_values::kPurposeDelegated;
      return;
    }
    const auto serial = detail_of(*installed, keys::kSerial);
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kIssueCertificate)
                                   .with_outcome(outcomes::kOk)))
      if (!serial.empty() && same_serial(detail_of(*r, keys::kSerial), serial) &&
          r->id < installed->id) {
        const bool named = (names_identity(*r, c.vnfci, c.identity) && !identity_of(*r).empty()) ||
                           (!has_detail(*r, keys::kIdentity) && about(c, *r));  // --- hmee
        if (!named) {
          w.problem = "post-condition: " + c.vnfci + " installed certificate " + serial +
                      ", which the CA issued for " + detail_of(*r, keys::kIdentity) + " (" +
                      describe(*r) + "), not for " + c.vnfci + "/" + c.identity;
          return;
        }
        w.issued = r;
        w.result = installed;
        return;
      }
    w.problem = "post-condition: " + c.vnfci + " installed certificate " +
                (serial.empty() ? std::string("(no serial)") : serial) +
                " that no CA issued in this run (" + describe(*installed) + ")";
  }

  const ManoView& mano_;
  const DelegationRoles& roles_;
  std::string flow_;
  std::span<const FlowStep> rows_;
  std::map<std::string, std::string> bound_;
  std::map<std::uint64_t, std::string> claims_;
};

bool refusal_expected_here(const DelegationExpectations& x, const std::string& flow,
                           const std::string& vnfci) {
  for (const auto& r : x.refusals) {
    if (r.vnfci != vnfci) continue;
    if (!r.step.empty()) {
      if (flows::in_flow(r.step, flow)) return true;
      continue;
    }
    for (const auto& row : flows::steps_of(flow))
      for (const auto& rec : flows::records_of(row))
        if (rec.operation != nullptr && r.operation == rec.operation) return true;
  }
  return x.expects_not_installed(vnfci) && is_install_flow(flow);
}

// "" when the refusal is one the scenario names, else what differs.
std::string delegation_refusal_mismatch(const DelegationExpectations& x, const std::string& vnfci,
                                        const Rec& refusal) {
  std::string why = "the scenario names no refusal for " + vnfci +
                    " (expect.delegation.refusals), the trace shows " + describe(refusal) + ": " +
                    reason_text(refusal);
  for (const auto& want : x.refusals) {
    if (want.vnfci != vnfci) continue;
    const bool actor_ok = want.actor.empty() || want.actor == refusal.actor;
    const bool op_ok = want.operation == refusal.operation;
    const bool step_ok = want.step.empty() || want.step == refusal.step;
    if (actor_ok && op_ok && step_ok && reason_contains(refusal, want.reason_contains)) return "";
    why = "expected " + (want.actor.empty() ? std::string("a refusal") : want.actor) + " at " +
          want.operation + (want.step.empty() ? "" : " " + want.step) + " (\"" +
          want.reason_contains + "\"), the trace shows " + describe(refusal) + ": " +
          reason_text(refusal);
  }
  return why;
}

std::vector<std::uint64_t> walk_evidence(const DelegationWalk& w) {
  std::vector<std::uint64_t> out;
  for (const auto* r : w.rows) out.push_back(r->id);
  for (const auto* r : {w.refusal, w.result, w.issued})
    if (r != nullptr) out.push_back(r->id);
  return out;
}

const Rec* retirement_of(const ManoView& mano, const std::string& vnfci) {
  return mano.query.first(RecordFilter{}.op(decisions::kRetireActor).with(keys::kName, vnfci));
}

}  // namespace

std::vector<DelegationWalk> delegation_walks(const ManoView& mano, const DelegationRoles& cast,
                                             const std::string& flow) {
  Walker walker(mano, cast, flow);
  std::vector<DelegationWalk> out;
  for (const auto& c : walker.cases()) {
    out.push_back(walker.walk(c));
    out.back().vnfm = c.vnfm;
  }
  return out;
}

// ID            C.2.2.1, C.2.2.2.6, C.2.2.2.7, C.2.2.3, C.2.2.4.6, C.2.2.4.7, C.3.2.1, C.3.2.2,
//               C.3.2.3
// Objective     For every VNFCI identity the trace shows in the flow: each row of the flow's table
//               shown by its own record (a message sent, a decision, a crypto check), by an actor
//               of the row's role (the CISM playing the VIM's rows for containers), citing the
//               row's step ID, after the previous row, about that VNFCI identity (detail vnfci,
//               identity; the CA's identity=vnfci/name), of the flow's certificate type; then the
//               post-condition: registration flows, the VNFM's DelegateRegistration registered;
//               CSR flows, the VNFM's DelegatedCertificateStored of the certificate the CA issued
//               at #4; installation flows, the VNFCI's CertificateInstalled purpose=delegated of a
//               certificate a CA issued for that VNFCI identity. A refusal ends the walk: fail
//               naming the step, unless expect.delegation names that refusal (actor, operation,
//               step, reason text), then pass. A later attempt replaces a refused one.
// Precondition  The scenario runs a delegation-mode VNF (VNFD certificate_mode "delegation").
// Test          Walk the step table per VNFCI identity over the trace; read the post-condition.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 Annex C.2.2.1, C.2.2.2.6, C.2.2.2.7, C.2.2.3,
//               C.2.2.4.6, C.2.2.4.7, C.3.2.1, C.3.2.2, C.3.2.3
// Applicability ICS "delegation-mode" (C.2.2.2.7: + "hsm"; C.2.2.4.7: + "hsm",
//               "remote-attestation")
CheckResult check_delegation_flow(const CheckContext& context, const std::string& flow) {
  ManoView mano(context);
  DelegationRoles cast(mano);
  const auto& x = mano.expect.delegation;
  CheckOutcome out;
  std::set<std::string> seen;
  const auto walks = delegation_walks(mano, cast, flow);
  // VNFCIs whose expected refusal some walk shows (another VNFM's request for them, say).
  std::set<std::string> refused_as_expected;
  for (const auto& w : walks)
    if (w.refusal != nullptr && refusal_expected_here(x, flow, w.vnfci) &&
        delegation_refusal_mismatch(x, w.vnfci, *w.refusal).empty())
      refused_as_expected.insert(w.vnfci);
  const bool several_vnfms = cast.actors_of(roles::kVnfm).size() > 1;
  for (const auto& w : walks) {
    seen.insert(w.vnfci);
    const auto who = w.vnfci + (w.identity.empty() ? "" : "/" + w.identity) +
                     (several_vnfms && !w.vnfm.empty() ? " (" + w.vnfm + ")" : "");
    auto evidence = walk_evidence(w);
    const bool want_refusal = refusal_expected_here(x, flow, w.vnfci);
    const std::string tries =
        w.attempts > 1 ? " (attempt " + std::to_string(w.attempts) + ")" : std::string();
    if (w.complete()) {
      if (want_refusal && !refused_as_expected.contains(w.vnfci)) {
        out.fail(who + ": expected to be refused in " + flow + ", but the flow completed (" +
                     describe(*w.result) + ")",
                 evidence);
        continue;
      }
      out.pass(who + ": steps " + flows::step_range(flow) + " in order" + tries + ", " +
                   describe(*w.result),
               evidence);
      continue;
    }
    if (w.refusal != nullptr) {
      const std::string at = w.refusal->step.empty() ? w.refusal->operation : w.refusal->step;
      if (!want_refusal) {
        out.fail(who + ": refused at " + at + " by " + w.refusal->actor + " (" +
                     w.refusal->operation + ": " + reason_text(*w.refusal) + ")" + tries,
                 evidence);
        continue;
      }
      if (auto why = delegation_refusal_mismatch(x, w.vnfci, *w.refusal); !why.empty()) {
        out.fail(who + ": " + why, evidence);
        continue;
      }
      if (is_install_flow(flow))
        if (const auto* any =
                mano.query.first(decision(w.vnfci, decisions::kCertificateInstalled)
                                     .with(keys::kPurpose, actors::detail_values::kPurposeDelegated)
                                     .with_outcome(outcomes::kOk));
            any != nullptr && names_identity(*any, w.vnfci, w.identity)) {
          out.fail(who + ": refused at " + at + ", yet it installed a certificate (" +
                       describe(*any) + ")",
                   evidence);
          continue;
        }
      out.pass(who + ": refused at " + at + " by " + w.refusal->actor + " (" +
                   reason_text(*w.refusal) + ") as the scenario expects",
               evidence);
      continue;
    }
    // Missing, out of order, or the post-condition does not hold.
    if (const auto* retired = retirement_of(mano, w.vnfci);
        retired != nullptr && w.result == nullptr &&
        (w.rows.empty() || retired->id > w.rows.back()->id)) {
      out.inconc(who + ": " + w.vnfci + " was retired (" + describe(*retired) +
                     ") before the flow finished (" + w.problem + ")",
                 evidence);
      continue;
    }
    if (!w.rows.empty() && w.result == nullptr &&
        run_end(context) - w.rows.back()->time < sim::Duration::minutes(2) &&
        w.problem.find("missing") != std::string::npos) {
      out.inconc(who + ": still under way when the run ended (" + w.problem + ")", evidence);
      continue;
    }
    out.fail(who + ": " + w.problem, evidence);
  }
  // VNFCIs the scenario expects installed that no installation flow shows.
  if (is_install_flow(flow) && !out.empty())
    for (const auto& name : x.installed) {
      bool anywhere = seen.contains(name);
      for (const auto& other : delegation_flows())
        if (!anywhere && other != flow && is_install_flow(other))
          for (const auto& w : delegation_walks(mano, cast, other))
            if (w.vnfci == name) anywhere = true;
      if (!anywhere)
        out.fail(name +
                 ": expected installed (expect.delegation.installed), but no delegated "
                 "installation of it is in the trace");
    }
  return out.result("nothing of " + flow + " in the trace (no VNFCI identity took this flow)");
}

void register_delegation_flow_checks(CheckRegistry& registry) {
  for (const auto& flow : delegation_flows())
    registry.add(flow,
                 "delegation steps " + flows::step_range(flow) +
                     " in table order per VNFCI identity, post-condition",
                 [flow](const CheckContext& c) { return check_delegation_flow(c, flow); });
}

}  // namespace ifa026::conformance
