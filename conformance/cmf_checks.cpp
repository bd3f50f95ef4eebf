// Annex B.2 CMF checks (see cmf_checks.hpp). Test descriptions follow ETSI TST010's fields.
#include "conformance/cmf_checks.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/direct_mode_annex_b.hpp"
#include "conformance/mano_trace.hpp"
#include "sim/time.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;
using Rec = sim::TraceRecord;

// Records of every CMF with this operation (and outcome, when given).
std::vector<const Rec*> cmf_records(const ManoView& v, const std::string& operation,
                                    const std::string& outcome = "") {
  std::vector<const Rec*> out;
  for (const auto* r : v.query.all(RecordFilter{}.op(operation).with_outcome(outcome)))
    if (v.roles.is_cmf(r->actor) &&
        (r->kind == RecordKind::decision || r->kind == RecordKind::crypto))
      out.push_back(r);
  return out;
}

bool is_relay_operation(const std::string& op) {
  return op == ops::kCmpP10cr || op == ops::kCmpCr || op == ops::kCmpKur;
}

// A calendar instant from a not_after detail (RFC 3339), in simulated time; nullopt if unreadable.
std::optional<sim::Time> simulated(const CheckContext& c, const std::string& utc) {
  auto t = sim::parse_utc(utc);
  if (!t) return std::nullopt;
  return sim::Time::from_ns(t->unix_ns - c.simulation.epoch().start().unix_ns);
}

}  // namespace

// ID            Cmf.CertLcm.001
// Objective     The CMF carries every certificate phase end to end, each observed somewhere in
//               the suite (suite parts, kCmfLifecycleParts): registration (RegisterEntity decision
//               and response), enrolment (CertificateDelivered after an accepted CSR), renewal (a
//               renewal delivered after every RenewalDue), revocation (RevokeCertificate at the
//               CA, response to the requester), removal (CertificateRemoved to the entity, which
//               received it) and monitoring (ExpiryAlarm before not_after of a delivered
//               certificate, none expiring unwatched).
// Reference     ETSI GS NFV-IFA 026 V4.5.1 clause B.2, Cmf.CertLcm.001
// Applicability ICS "mano-certificates"
// Verdict       per scenario: pass naming the phases it exercised (and those it does not); fail
//               when an exercised phase is mishandled; inconc when a phase was still under way
//               when the run ended. The suite step keeps the requirement inconc while a phase was
//               exercised in no scenario.
CheckResult check_lifecycle_phases(const CheckContext& context) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  std::set<std::string> exercised;  // parts observed handled in this scenario
  const auto end = run_end(context);

  // Registration.
  const auto registrations = cmf_records(v, decisions::kRegisterEntity);
  if (!registrations.empty()) {
    bool ok = true;
    for (const auto* r : registrations) {
      const auto consumer = detail_of(*r, keys::kConsumer);
      const auto* reply =
          q.first(sends(r->actor, consumer).op(ops::kRegisterEntityResponse), r->id);
      if (reply == nullptr) {
        out.fail("register: no RegisterEntityResponse after " + describe(*r), {r->id});
        ok = false;
      }
    }
    if (ok) {
      out.pass("register: " + std::to_string(registrations.size()) + " decision(s) answered",
               {registrations.front()->id});
      exercised.insert("registration");
    }
  }

  // Enrolment: every accepted CSR is delivered.
  const auto validated = cmf_records(v, decisions::kCsrValidation, outcomes::kOk);
  const auto delivered = cmf_records(v, decisions::kCertificateDelivered, outcomes::kOk);
  if (!validated.empty()) {
    bool ok = true;
    for (const auto* r : validated) {
      const auto entity = detail_of(*r, keys::kEntity);
      const auto* d = q.first(
          decision(r->actor, decisions::kCertificateDelivered).with(keys::kEntity, entity), r->id);
      if (d == nullptr || d->outcome != outcomes::kOk) {
        out.fail("enrol: the CSR accepted in " + describe(*r) + " was never delivered to " + entity,
                 {r->id});
        ok = false;
      }
    }
    if (ok) {
      out.pass("enrol: " + std::to_string(validated.size()) + " accepted CSR(s) delivered",
               {delivered.empty() ? 0 : delivered.front()->id});
      exercised.insert("enrolment");
    }
  }

  // Renewal.
  std::vector<const Rec*> due;  // MANO entities' renewals (VNFCIs' are judged below)
  for (const auto* r : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op(decisions::kRenewalDue)
                                 .with_outcome(outcomes::kOk)))
    if (flows::flow_of_step(r->step) != flows::kDirectRenewal) due.push_back(r);
  {
    for (const auto* r : due) {
      const auto* renewed = q.first(decision(r->actor, decisions::kCertificateInstalled)
                                        .with_outcome(outcomes::kOk)
                                        .with(keys::kPurpose, values::kPurposeRenewal),
                                    r->id);
      const auto cmf = cmf_of(v, r->actor);
      const auto* cmf_delivered = q.first(
          decision(cmf, decisions::kCertificateDelivered).with(keys::kEntity, r->actor), r->id);
      if (renewed != nullptr && cmf_delivered != nullptr && cmf_delivered->id < renewed->id) {
        out.pass("renew: " + r->actor + " renewed through " + cmf, {r->id, cmf_delivered->id});
        exercised.insert("renewal");
        continue;
      }
      const auto not_after = simulated(context, detail_of(*r, keys::kNotAfter));
      if (not_after && *not_after > end)
        out.inconc("renew: " + r->actor + "'s renewal was due (" + describe(*r) +
                       ") but not finished when the run ended",
                   {r->id});
      else
        out.fail("renew: " + r->actor + "'s renewal was due (" + describe(*r) +
                     ") but no renewed certificate was delivered before expiry",
                 {r->id});
    }
  }

  // Revocation / removal.
  std::vector<const Rec*> revocations;
  for (const auto& r : q.records())
    if (r.kind == RecordKind::receive && v.roles.is_cmf(r.actor) &&
        r.operation == ops::kRevokeCertificateRequest)
      revocations.push_back(&r);
  {
    for (const auto* r : revocations) {
      const auto* response =
          q.first(sends(r->actor, r->peer).op(ops::kRevokeCertificateResponse), r->id);
      const Rec* revoked = nullptr;
      for (const auto* c :
           q.all(RecordFilter{}.of_kind(RecordKind::decision).op(decisions::kRevokeCertificate)))
        if (c->id > r->id && v.roles.is_ca(c->actor)) {
          revoked = c;
          break;
        }
      const auto* removed = q.first(
          RecordFilter{}.of_kind(RecordKind::send).by(r->actor).op(ops::kCertificateRemoved),
          r->id);
      const auto* removed_got = removed == nullptr ? nullptr : q.receive_of(*removed);
      if (response == nullptr) {
        out.fail("revoke: no RevokeCertificateResponse to " + r->peer + " after " + describe(*r),
                 {r->id});
      } else if (revoked == nullptr || revoked->outcome != outcomes::kOk) {
        out.fail("revoke: no CA revoked the certificate after " + describe(*r),
                 {r->id, response->id});
      } else if (removed == nullptr) {
        out.fail(
            "remove: the entity was not told (no CertificateRemoved) after " + describe(*revoked),
            {r->id, revoked->id, response->id});
      } else if (removed_got == nullptr) {
        exercised.insert("revocation");
        out.pass("revoke: revoked at " + revoked->actor + "; the CertificateRemoved to " +
                     removed->peer + " never reached it (removal not observed)",
                 {r->id, revoked->id, response->id, removed->id});
      } else {
        exercised.insert("revocation");
        exercised.insert("removal");
        out.pass("revoke/remove: revoked at " + revoked->actor + ", " + removed->peer + " told",
                 {r->id, revoked->id, response->id, removed->id});
      }
    }
  }

  // Expiry watch.
  const auto alarms = cmf_records(v, decisions::kExpiryAlarm, outcomes::kRaised);
  bool expiry_exercised = !alarms.empty();
  for (const auto* a : alarms) {
    const auto not_after = simulated(context, detail_of(*a, keys::kNotAfter));
    if (not_after && a->time >= *not_after)
      out.fail("expiry watch: alarm " + describe(*a) + " came after the certificate expired",
               {a->id});
    else
      out.pass("expiry watch: " + describe(*a), {a->id});
  }
  // A delivered certificate that expired in the run without alarm, renewal or removal.
  for (const auto* d : delivered) {
    const auto not_after = simulated(context, detail_of(*d, keys::kNotAfter));
    if (!not_after || *not_after > end) continue;
    expiry_exercised = true;
    const auto entity = detail_of(*d, keys::kEntity);
    const auto serial = detail_of(*d, keys::kSerial);
    bool watched = false;
    for (const auto* a : alarms)
      if (same_serial(detail_of(*a, keys::kSerial), serial)) watched = true;
    const auto* replaced = q.first(
        decision(d->actor, decisions::kCertificateDelivered).with(keys::kEntity, entity), d->id);
    const bool replaced_in_time = replaced != nullptr && replaced->time < *not_after;
    const auto* removed = q.first(RecordFilter{}
                                      .of_kind(RecordKind::send)
                                      .by(d->actor)
                                      .to(entity)
                                      .op(ops::kCertificateRemoved),
                                  d->id);
    if (!watched && !replaced_in_time && removed == nullptr)
      out.fail("expiry watch: certificate " + serial + " of " + entity +
                   " expired during the run with no ExpiryAlarm, renewal or removal",
               {d->id});
  }
  if (expiry_exercised) exercised.insert("monitoring");

  // Direct mode (VNFCI certificates, Annex C.2.1): the phases it exercises count as well.
  std::set<std::string> direct;
  judge_direct_lifecycle(v, out, direct);
  const std::map<std::string, std::vector<std::string>> direct_parts = {
      {"register", {"registration"}},
      {"enrol", {"enrolment"}},
      {"renew", {"renewal"}},
      {"revoke/remove", {"revocation", "removal"}},
      {"expiry watch", {"monitoring"}}};
  for (const auto& phase : direct)
    if (auto it = direct_parts.find(phase); it != direct_parts.end())
      exercised.insert(it->second.begin(), it->second.end());

  std::string unseen;
  for (const auto& part : kCmfLifecycleParts) {
    if (exercised.contains(part))
      out.observe(part);
    else
      unseen += (unseen.empty() ? "" : ", ") + part;
  }
  if (!unseen.empty() && out.worst() == Verdict::pass)
    out.pass("not exercised in this scenario: " + unseen);
  return out.result("no certificate lifecycle phase in the trace");
}

// ID            Cmf.CertLcm.002
// Objective     The CMF serves a CSR (RegistrationCheck ok, CsrValidation ok, delivery) only
//               for an entity it registered earlier, and refuses the CSR of an unregistered one.
// Reference     clause B.2, Cmf.CertLcm.002; Annex C.4.x.2 step #1
// Applicability ICS "mano-certificates"
CheckResult check_registration_first(const CheckContext& context) {
  ManoView v(context);
  CheckOutcome out;
  auto registered_before = [&](const Rec& r) {
    const auto entity = detail_of(r, keys::kEntity);
    const auto* reg = v.query.first(decision(r.actor, decisions::kRegisterEntity)
                                        .with_outcome(outcomes::kRegistered)
                                        .with(keys::kEntity, entity));
    return reg != nullptr && reg->id < r.id ? reg : nullptr;
  };
  for (const auto* r : cmf_records(v, decisions::kRegistrationCheck)) {
    const auto entity = detail_of(*r, keys::kEntity);
    const auto* reg = registered_before(*r);
    if (r->outcome == outcomes::kOk && reg == nullptr)
      out.fail(r->actor + " let the CSR of unregistered " + entity + " pass (" + describe(*r) + ")",
               {r->id});
    else if (r->outcome == outcomes::kOk)
      out.pass(entity + " registered (" + describe(*reg) + ") before its CSR was served",
               {reg->id, r->id});
    else
      out.pass(r->actor + " refused a CSR it could not tie to a registration of " + entity + " (" +
                   detail_of(*r, keys::kReason) + ")",
               {r->id});
  }
  for (const auto* op : {decisions::kCsrValidation, decisions::kCertificateDelivered})
    for (const auto* r : cmf_records(v, op, outcomes::kOk))
      if (registered_before(*r) == nullptr)
        out.fail(r->actor + " served " + detail_of(*r, keys::kEntity) +
                     " without registering it first (" + describe(*r) + ")",
                 {r->id});
  // Issuance for an entity that was never registered anywhere.
  for (const auto& entity : v.roles.entities())
    if (registration_of(v, entity) == nullptr)
      for (const auto* r : installs_of(v, entity))
        out.fail(
            entity + " was never registered yet installed a certificate (" + describe(*r) + ")",
            {r->id});
  return out.result("no CSR reached a CMF: nothing shows registration before service");
}

// ID            Cmf.CertLcm.004
// Objective     The CMF selects the issuing CA for an entity (SelectCa) before any certificate is
//               delivered to it, the selection follows its configuration (`cas` for the entity's
//               kind, else `ca`), and the CA that issues is the selected one. A choice must be
//               observed somewhere in the suite (suite part "choice"): a CMF configured with two
//               or more CAs delivered certificates that different CAs issued to entities of
//               different kinds.
// Reference     clause B.2, Cmf.CertLcm.004; Annex C.4.x.1 step #1
// Applicability ICS "mano-certificates"
CheckResult check_ca_selected(const CheckContext& context) {
  ManoView v(context);
  CheckOutcome out;
  // Per CMF: the CAs it configured and, of the deliveries that passed, issuing CA -> kinds.
  std::map<std::string, std::map<std::string, std::set<std::string>>> chosen;
  for (const auto* d : cmf_records(v, decisions::kCertificateDelivered, outcomes::kOk)) {
    const auto entity = detail_of(*d, keys::kEntity);
    const auto* select = v.query.last(decision(d->actor, decisions::kSelectCa)
                                          .with_outcome(outcomes::kOk)
                                          .with(keys::kEntity, entity),
                                      0, d->id);
    if (select == nullptr) {
      out.fail(d->actor + " delivered a certificate to " + entity + " (" + describe(*d) +
                   ") without selecting a CA for it first",
               {d->id});
      continue;
    }
    const auto ca = detail_of(*select, keys::kCa);
    const Rec* issued = nullptr;
    const auto fqdn = registered_fqdn(v, entity);
    for (const auto* r : v.query.all(RecordFilter{}
                                         .of_kind(RecordKind::decision)
                                         .op(decisions::kIssueCertificate)
                                         .with_outcome(outcomes::kOk)))
      if (r->id < d->id && v.roles.is_ca(r->actor) &&
          (concerns(*r, entity, fqdn) ||
           same_serial(detail_of(*r, keys::kSerial), detail_of(*d, keys::kSerial))))
        issued = r;
    if (issued != nullptr && !ca.empty() && issued->actor != ca) {
      out.fail(
          entity + ": " + d->actor + " selected CA " + ca + " but " + issued->actor + " issued",
          {select->id, issued->id, d->id});
      continue;
    }
    // The selection its configuration asks for.
    const auto& params = v.roles.params_of(d->actor);
    const auto* reg = registration_of(v, entity);
    auto kind = reg != nullptr ? detail_of(*reg, keys::kKind) : std::string();
    if (kind.empty()) kind = v.roles.type_of(entity);
    std::string configured = params.value("ca", std::string());
    if (auto cas = params.find("cas");
        cas != params.end() && cas->is_object() && cas->contains(kind) && (*cas)[kind].is_string())
      configured = (*cas)[kind].get<std::string>();
    if (!configured.empty() && ca != configured) {
      out.fail(entity + " (" + kind + "): " + d->actor + " selected CA " + ca +
                   " but its configuration names " + configured,
               {select->id, d->id});
      continue;
    }
    if (issued != nullptr) chosen[d->actor][issued->actor].insert(kind);
    out.pass(entity + ": CA " + ca + " selected (" + describe(*select) + ") before delivery",
             {select->id, d->id});
  }
  for (const auto& [cmf, by_ca] : chosen) {
    if (by_ca.size() < 2) continue;
    std::string list;
    for (const auto& [ca, kinds] : by_ca) {
      std::string k;
      for (const auto& kind : kinds) k += (k.empty() ? "" : "/") + kind;
      list += (list.empty() ? "" : ", ") + ca + " for " + k;
    }
    out.observe("choice");
    out.pass(cmf + " chose between " + std::to_string(by_ca.size()) + " CAs per kind: " + list);
  }
  if (!out.observed().contains("choice") && out.worst() == Verdict::pass)
    out.pass("no choice between CAs in this scenario (every certificate from one CA)");
  judge_direct_ca_selected(v, out);
  return out.result("no certificate was delivered: CA selection before issuance not observed");
}

// ID            Cmf.CertLcm.005
// Objective     Every CSR the CMF accepts (CsrValidation ok) is relayed to a CA (p10cr on CA-1,
//               received), and nothing is relayed that the CMF did not accept first.
// Reference     clause B.2, Cmf.CertLcm.005; Annex C.4.x.2 steps #2, #3
// Applicability ICS "mano-certificates"
CheckResult check_csr_relayed(const CheckContext& context) {
  ManoView v(context);
  CheckOutcome out;
  for (const auto* r : cmf_records(v, decisions::kCsrValidation, outcomes::kOk)) {
    const Rec* relay = nullptr;
    for (const auto* s : v.query.all(RecordFilter{}.of_kind(RecordKind::send).by(r->actor)))
      if (s->id > r->id && v.roles.is_ca(s->peer) && is_relay_operation(s->operation)) {
        relay = s;
        break;
      }
    const auto entity = detail_of(*r, keys::kEntity);
    if (relay == nullptr) {
      out.fail(r->actor + " accepted " + entity + "'s CSR (" + describe(*r) +
                   ") but relayed nothing to a CA",
               {r->id});
    } else if (v.query.receive_of(*relay) == nullptr) {
      out.inconc(entity + "'s CSR relay " + describe(*relay) + " never reached the CA",
                 {r->id, relay->id});
    } else {
      out.pass(entity + "'s accepted CSR relayed to " + relay->peer + " (" + relay->operation + ")",
               {r->id, relay->id});
    }
  }
  // Count invariant: at every point, relays so far <= accepted CSRs so far.
  for (const auto& cmf : v.roles.cmfs()) {
    long balance = 0;
    for (const auto& r : v.query.records()) {
      if (r.actor != cmf) continue;
      if (r.kind == RecordKind::crypto && r.operation == decisions::kCsrValidation &&
          r.outcome == outcomes::kOk)
        ++balance;
      if (r.kind == RecordKind::send && v.roles.is_ca(r.peer) && is_relay_operation(r.operation) &&
          --balance < 0) {
        out.fail(cmf + " relayed a request to a CA (" + describe(r) + ") it had not accepted",
                 {r.id});
        balance = 0;
      }
    }
  }
  return out.result("no CSR was accepted by a CMF: relay not observed");
}

// ID            Cmf.CertLcm.007
// Objective     Every certificate the CMF delivers reaches the entity with its full chain: the
//               installed certificate's chain links issuer to subject up to a self-signed root
//               that is one of the entity's trust anchors, with at least the issuing CA and root.
// Reference     clause B.2, Cmf.CertLcm.007; Annex C.4.x.2 steps #5, #6 and post-condition
// Applicability ICS "mano-certificates"
CheckResult check_chain_delivered(const CheckContext& context) {
  ManoView v(context);
  CheckOutcome out;
  for (const auto* d : cmf_records(v, decisions::kCertificateDelivered, outcomes::kOk)) {
    const auto entity = detail_of(*d, keys::kEntity);
    const auto serial = detail_of(*d, keys::kSerial);
    const auto* holder = holder_of(context.simulation, entity);
    if (holder == nullptr) {
      out.inconc(entity + " exposes no certificate state", {d->id});
      continue;
    }
    std::optional<actors::HeldCertificate> held;
    for (const auto& h : holder->certificate_history())
      if (same_serial(h.certificate.serial_hex(), serial)) held = h;
    if (!held) {
      out.fail(entity + " never installed certificate " + serial + " delivered in " + describe(*d),
               {d->id});
      continue;
    }
    if (held->chain.size() < 2) {
      out.fail(entity + "'s certificate " + serial + " came with " +
                   std::to_string(held->chain.size()) +
                   " chain certificate(s): the issuing CA and the root are needed",
               {d->id});
      continue;
    }
    if (auto problem = chain_problem(*held, holder->trust_anchors()); !problem.empty()) {
      out.fail(entity + "'s certificate " + serial + ": " + problem, {d->id});
      continue;
    }
    out.pass(entity + "'s certificate " + serial + " delivered with a chain of " +
                 std::to_string(held->chain.size()) + " up to its root",
             {d->id});
  }
  return out.result("no certificate was delivered");
}

// ID            Cmf.CertLcm.008
// Objective     The CMF hands out what an entity needs for certificate management: the response
//               to the registration carries the FQDN (and the initial credential the entity later
//               authenticates its CSR with); the entity is configured with that FQDN before its
//               CSR. Partial: the credential's secret does not show in the trace; its creation,
//               its use (CsrValidation auth=initial-credential) and the FQDN are checked.
// Reference     clause B.2, Cmf.CertLcm.008; Annex C.4.x.1 steps #1, #2, C.4.x.2 pre-condition 2
// Applicability ICS "mano-certificates"
CheckResult check_initial_data_handed_out(const CheckContext& context) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto* reg : cmf_records(v, decisions::kRegisterEntity, outcomes::kRegistered)) {
    const auto entity = detail_of(*reg, keys::kEntity);
    const auto fqdn = detail_of(*reg, keys::kFqdn);
    const auto consumer = detail_of(*reg, keys::kConsumer);
    const auto* response =
        q.first(sends(reg->actor, consumer).op(ops::kRegisterEntityResponse), reg->id);
    if (response == nullptr || q.receive_of(*response) == nullptr) {
      out.fail(
          entity + ": no registration response reached " + consumer + " after " + describe(*reg),
          {reg->id});
      continue;
    }
    const auto* credential = q.first(decision(reg->actor, decisions::kInitialCredential)
                                         .with_outcome(outcomes::kCreated)
                                         .with(keys::kEntity, entity),
                                     0, response->id);
    const auto* csr =
        q.first(sends(entity, reg->actor).op(ops::kCertificateSigningRequest), reg->id);
    if (csr == nullptr) {
      out.inconc(entity + ": registered and answered, but it sent no CSR to show the data was used",
                 {reg->id, response->id});
      continue;
    }
    const auto* configured = q.last(RecordFilter{}
                                        .of_kind(RecordKind::receive)
                                        .by(entity)
                                        .op(ops::kSetCertificateConfiguration),
                                    0, csr->id);
    if (configured == nullptr) {
      out.fail(entity + " sent its CSR without having received SetCertificateConfiguration",
               {reg->id, csr->id});
      continue;
    }
    const auto* validation =
        q.first(crypto(reg->actor, decisions::kCsrValidation).with(keys::kEntity, entity), csr->id);
    if (validation != nullptr &&
        detail_of(*validation, keys::kAuth) == values::kAuthInitialCredential &&
        credential == nullptr) {
      out.fail(entity + " authenticated with an initial credential " + reg->actor +
                   " never created for it",
               {reg->id, validation->id});
      continue;
    }
    if (const auto* holder = holder_of(context.simulation, entity);
        holder != nullptr && holder->fqdn() != fqdn) {
      out.fail(
          entity + " was configured with FQDN \"" + holder->fqdn() + "\", registered as " + fqdn,
          {reg->id, configured->id});
      continue;
    }
    std::vector<std::uint64_t> ev{reg->id, response->id, configured->id, csr->id};
    if (credential != nullptr) ev.push_back(credential->id);
    out.pass(entity + ": FQDN " + fqdn + (credential != nullptr ? " and initial credential" : "") +
                 " handed out and used (partial: the secret itself is not traced)",
             ev);
  }
  judge_direct_data_handed_out(v, out);
  return out.result("no registration: nothing was handed out");
}

// ID            Cmf.CertLcm.009 (NFVO), .010 (VNFM), .012 (VIM), .013 (WIM), .014 (CISM),
//               .015 (CIR)
// Objective     When the CMF's policy asks for key attestation ("required"), it verifies the
//               entity's key-attestation statement (KeyAttestationVerification ok) before it
//               accepts the CSR (CsrValidation ok) and relays it (p10cr); a forged or missing
//               statement is rejected and nothing is issued.
// Reference     clause B.2, Cmf.CertLcm.009-015; Annex C.4.x.2.7 step #0, #2
// Applicability ICS "mano-certificates" and "key-attestation" (plus "wim"/"cism"/"cir")
CheckResult check_attestation_per_policy(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& entity : v.roles.entities_of(type)) {
    const auto cmf = cmf_of(v, entity);
    const auto policy = v.roles.key_attestation_policy(cmf);
    std::uint64_t previous = 0;
    for (const auto* validation :
         q.all(crypto(cmf, decisions::kCsrValidation).with(keys::kEntity, entity))) {
      const auto* attestation =
          q.last(crypto(cmf, decisions::kKeyAttestationVerification).with(keys::kEntity, entity),
                 previous, validation->id);
      const auto attempt_start = previous;
      previous = validation->id;
      if (validation->outcome == outcomes::kOk) {
        if (attestation != nullptr && attestation->outcome != outcomes::kOk) {
          out.fail(cmf + " accepted " + entity + "'s CSR although its attestation failed (" +
                       describe(*attestation) + ")",
                   {attestation->id, validation->id});
          continue;
        }
        if (attestation == nullptr) {
          if (policy == "required")
            out.fail(cmf + " (key_attestation \"required\") accepted " + entity +
                         "'s CSR without verifying a key-attestation statement (" +
                         describe(*validation) + ")",
                     {validation->id});
          continue;
        }
        // Before the relay of this CSR.
        const Rec* relay = nullptr;
        for (const auto* s : q.all(RecordFilter{}.of_kind(RecordKind::send).by(cmf)))
          if (s->id > attempt_start && v.roles.is_ca(s->peer) && is_relay_operation(s->operation) &&
              s->id > validation->id) {
            relay = s;
            break;
          }
        out.pass(entity + ": attestation verified (" + describe(*attestation) +
                     ") before the CSR was accepted" + (relay != nullptr ? " and relayed" : ""),
                 {attestation->id, validation->id});
        continue;
      }
      // Rejected CSR: if attestation was the problem, nothing may be issued for this attempt.
      if (attestation != nullptr && attestation->outcome != outcomes::kOk) {
        const auto* next = q.first(
            crypto(cmf, decisions::kCsrValidation).with(keys::kEntity, entity), validation->id);
        bool issued = false;
        for (const auto* r : issuances_of(v, entity))
          if (r->id > validation->id && (next == nullptr || r->id < next->id)) issued = true;
        // A refusal the scenario names must be that one (a CMF that trusts no vendor root
        // also rejects an honest statement).
        std::optional<ExpectedRejection> named;
        for (const auto& rj : v.expect.rejections_of(entity))
          if (rj.operation == decisions::kKeyAttestationVerification && !named) named = rj;
        if (issued)
          out.fail(entity + ": attestation rejected but a certificate was issued",
                   {attestation->id});
        else if (named && !reason_contains(*attestation, named->reason_contains))
          out.fail(entity + ": " + cmf + " rejected the attestation for \"" +
                       detail_of(*attestation, keys::kReason) + "\", the scenario expects \"" +
                       named->reason_contains + "\"",
                   {attestation->id, validation->id});
        else
          out.pass(entity + ": " + cmf + " rejected the attestation (" +
                       detail_of(*attestation, keys::kReason) + ") and refused the CSR",
                   {attestation->id, validation->id});
      } else if (policy == "required" && attestation == nullptr &&
                 reason_contains(*validation, "attestation")) {
        out.pass(entity + ": " + cmf + " refused a CSR without attestation (" +
                     detail_of(*validation, keys::kReason) + ")",
                 {validation->id});
      }
    }
    // Accepted CSRs without any statement under a policy that does not ask for one: nothing
    // shows the check (optional: the CMF verifies a statement only when one is present).
    const bool attested =
        !q.all(crypto(cmf, decisions::kKeyAttestationVerification).with(keys::kEntity, entity))
             .empty();
    if (policy != "required" && !attested &&
        !q.all(crypto(cmf, decisions::kCsrValidation).with(keys::kEntity, entity)).empty())
      out.inconc(entity + ": " + cmf + "'s key_attestation policy is \"" + policy +
                 "\", so no attestation was asked for");
  }
  return out.result("no CSR of a " + type + " reached a CMF");
}

void register_cmf_checks(CheckRegistry& registry) {
  registry.add("Cmf.CertLcm.001", "every lifecycle phase exercised is handled",
               check_lifecycle_phases);
  registry.require_parts("Cmf.CertLcm.001", {kCmfLifecycleParts.begin(), kCmfLifecycleParts.end()});
  registry.add("Cmf.CertLcm.002", "no CSR served before registration", check_registration_first);
  registry.add("Cmf.CertLcm.004", "CA selected per configuration before issuance",
               check_ca_selected);
  registry.require_parts("Cmf.CertLcm.004", {"choice"});
  registry.add("Cmf.CertLcm.005", "accepted CSRs relayed to the CA", check_csr_relayed);
  registry.add("Cmf.CertLcm.007", "certificate delivered with its full chain",
               check_chain_delivered);
  registry.add("Cmf.CertLcm.008", "FQDN and initial credential handed out",
               check_initial_data_handed_out);
  const std::vector<std::pair<std::string, std::string>> attestation = {
      {"Cmf.CertLcm.009", "nfvo"}, {"Cmf.CertLcm.010", "vnfm"}, {"Cmf.CertLcm.012", "vim"},
      {"Cmf.CertLcm.013", "wim"},  {"Cmf.CertLcm.014", "cism"}, {"Cmf.CertLcm.015", "cir"}};
  for (const auto& [id, type] : attestation)
    registry.add(
        id, "key attestation checked per policy before the CSR is accepted",
        [type = type](const CheckContext& c) { return check_attestation_per_policy(c, type); });
}

}  // namespace ifa026::conformance
