// The Annex B checks of delegation mode (see delegation_annex_b.hpp). Test descriptions follow
// ETSI TST010's fields.
#include "conformance/delegation_annex_b.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "actors/messages/lcm_vocabulary.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/delegation_flow_check.hpp"
#include "conformance/delegation_trace.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;

struct AnnexBView {
  explicit AnnexBView(const CheckContext& context) : mano(context), roles(mano) {}
  ManoView mano;
  DelegationRoles roles;
};

bool at_row(const Rec& r, std::initializer_list<const char*> flow_ids, int number) {
  for (const char* f : flow_ids)
    if (flows::has_step(f, number) && r.step == flows::step(f, number)) return true;
  return false;
}

const std::initializer_list<const char*> kRegistrationFlows = {flows::kDelegateRegistration,
                                                               flows::kOamDelegateRegistration};
const std::initializer_list<const char*> kCsrFlows = {flows::kDelegatedCsr, flows::kDelegatedCsrHsm,
                                                      flows::kOamDelegatedCsr};

std::string who_of(const Rec& r) {
  const auto vnfci = detail_of(r, keys::kVnfci);
  const auto identity = identity_of(r);
  return vnfci + (identity.empty() ? "" : "/" + identity);
}

// The records of `operation` by role `role` at row `number` of the flows, trace order.
std::vector<const Rec*> at_rows(const AnnexBView& v, const std::string& role,
                                const std::string& operation,
                                std::initializer_list<const char*> flow_ids, int number) {
  std::vector<const Rec*> out;
  for (const auto& r : v.mano.query.records())
    if (r.operation == operation && r.kind != RecordKind::send && at_row(r, flow_ids, number) &&
        v.roles.role_of(r.actor) == role)
      out.push_back(&r);
  return out;
}

bool delegation_refusal_expected(const AnnexBView& v, const std::string& vnfci,
                                 const std::string& operation) {
  for (const auto& want : v.mano.expect.delegation.refusals)
    if (want.vnfci == vnfci && (operation.empty() || want.operation == operation)) return true;
  return v.mano.expect.delegation.expects_not_installed(vnfci) && operation.empty();
}

// The delegate permission of a CMF's `delegation.delegates` (absent: every VNFM).
bool may_delegate(const AnnexBView& v, const std::string& cmf, const std::string& vnfm) {
  const auto& params = v.mano.roles.params_of(cmf);
  if (!params.is_object() || !params.contains("delegation") || !params["delegation"].is_object() ||
      !params["delegation"].contains("delegates") || !params["delegation"]["delegates"].is_array())
    return true;
  for (const auto& d : params["delegation"]["delegates"])
    if (d.is_string() && d.get<std::string>() == vnfm) return true;
  return false;
}

// The holder's first deletion of the key, or nullptr.
const Rec* first_deletion(const KeyHistory& h, const std::string& actor) {
  for (const auto* e : h.events)
    if (e->actor == actor && e->outcome == outcomes::kDeleted) return e;
  return nullptr;
}

}  // namespace

// ID            Cmf.CertLcm.003
// Objective     The CMF registers a VNFM as delegate for VNFCI and VNF OAM certificates: every
//               RegisterDelegate at C.2.2.1#1 / C.3.2.1#1 answered to the VNFM at #2; a
//               registration only for a VNFM with delegate permission (the CMF's
//               delegation.delegates, absent: every VNFM) and with a CA selected (SelectCa) for the
//               identity; a VNFM without the permission refused; a refusal of a permitted VNFM only
//               where the scenario expects it (expect.delegation.refusals).
// Precondition  A delegation-mode VNF is instantiated.
// Test          Per RegisterDelegate record of a CMF: permission, CA selection, answer.
// Reference     Annex B.2 Cmf.CertLcm.003; Annex C.2.2.1, C.3.2.1
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_delegate_registration(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  for (int row : {1}) {
    for (const auto* r :
         at_rows(v, roles::kCmf, decisions::kRegisterDelegate, kRegistrationFlows, row)) {
      const auto vnfm = has_detail(*r, keys::kDelegate) ? detail_of(*r, keys::kDelegate) : r->peer;
      const auto flow = std::string(flows::flow_of_step(r->step));
      const auto* answer = q.first(
          sends(r->actor, vnfm).op(ops::kRegisterDelegateResponse).at_step(flows::step(flow, 2)),
          r->id);
      std::vector<std::uint64_t> evidence = {r->id};
      if (answer == nullptr) {
        out.fail(r->actor + " decided " + describe(*r) + " but sent " + vnfm +
                     " no RegisterDelegateResponse at " + flows::step(flow, 2),
                 evidence);
        continue;
      }
      evidence.push_back(answer->id);
      const bool permitted = may_delegate(v, r->actor, vnfm);
      if (r->outcome == outcomes::kRegistered) {
        if (!permitted) {
          out.fail(r->actor + " registered " + vnfm + " as delegate of " + who_of(*r) +
                       " although its delegation.delegates does not name it",
                   evidence);
          continue;
        }
        const auto* ca = q.first(decision(r->actor, decisions::kSelectCa).at_step(r->step), r->id);
        if (ca == nullptr || !names_identity(*ca, detail_of(*r, keys::kVnfci), identity_of(*r))) {
          // The CA may be selected once per request, before the registration records.
          ca = q.last(decision(r->actor, decisions::kSelectCa).at_step(r->step), 0, r->id);
        }
        if (ca == nullptr) {
          out.fail(r->actor + " registered " + who_of(*r) + " for " + vnfm +
                       " without selecting a CA (no SelectCa at " + r->step + ")",
                   evidence);
          continue;
        }
        evidence.push_back(ca->id);
        out.pass(r->actor + " registered " + vnfm + " as delegate of " + who_of(*r) + " (CA " +
                     detail_of(*ca, keys::kCa) + ") and answered",
                 evidence);
        continue;
      }
      if (!is_refusal(r->outcome)) continue;
      if (!permitted) {
        out.pass(r->actor + " refused " + vnfm + ", which has no delegate permission (" +
                     reason_text(*r) + ")",
                 evidence);
        continue;
      }
      const auto vnfci = detail_of(*r, keys::kVnfci);
      bool expected = false;
      for (const auto& want : v.mano.expect.delegation.refusals)
        if (want.operation == decisions::kRegisterDelegate &&
            (vnfci.empty() || want.vnfci == vnfci) && reason_contains(*r, want.reason_contains))
          expected = true;
      if (expected)
        out.pass(r->actor + " refused " + vnfm + " for " + who_of(*r) + " (" + reason_text(*r) +
                     ") as the scenario expects",
                 evidence);
      else
        out.fail(r->actor + " refused permitted delegate " + vnfm + " for " + who_of(*r) + " (" +
                     reason_text(*r) + ")",
                 evidence);
    }
  }
  return out.result("no delegate registration (C.2.2.1, C.3.2.1) in the trace");
}

// ID            Cmf.CertLcm.006
// Objective     The CMF forwards the delegate VNFM's CSRs to a CA: every DelegateCheck ok
//               (C.2.2.2.6/.7#1, C.3.2.2#1) followed by CsrValidation (#2) for the same VNFCI
//               identity; an accepted CSR relayed as p10cr to a CA (#3), issued there for that
//               identity (#4, identity=vnfci/name) and answered to the VNFM (#6); a CSR refused at
//               #1 or #2 answered and never issued.
// Precondition  A delegation-mode VNF is instantiated.
// Test          Per DelegateCheck of a CMF: validation, relay, issuance, answer.
// Reference     Annex B.2 Cmf.CertLcm.006; Annex C.2.2.2.6, C.2.2.2.7, C.3.2.2
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_delegated_csr_relay(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  for (const auto* check : at_rows(v, roles::kCmf, decisions::kDelegateCheck, kCsrFlows, 1)) {
    const auto flow = std::string(flows::flow_of_step(check->step));
    const auto vnfci = detail_of(*check, keys::kVnfci);
    const auto identity = identity_of(*check);
    const auto vnfm =
        has_detail(*check, keys::kDelegate) ? detail_of(*check, keys::kDelegate) : check->peer;
    std::vector<std::uint64_t> evidence = {check->id};
    const auto* answer = q.first(sends(check->actor, vnfm)
                                     .op(ops::kCertificateSigningResponse)
                                     .at_step(flows::step(flow, 6)),
                                 check->id);
    // The issuance for this identity after the check (before the next check of it).
    const Rec* next = nullptr;
    for (const auto* other : at_rows(v, roles::kCmf, decisions::kDelegateCheck, kCsrFlows, 1))
      if (other->id > check->id && names_identity(*other, vnfci, identity)) {
        next = other;
        break;
      }
    const Rec* issued = nullptr;
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kIssueCertificate)
                                   .at_step(flows::step(flow, 4))))
      if (r->id > check->id && (next == nullptr || r->id < next->id) &&
          names_identity(*r, vnfci, identity) && !identity_of(*r).empty())
        issued = r;
    if (is_refusal(check->outcome)) {
      if (issued != nullptr && issued->outcome == outcomes::kOk) {
        out.fail(check->actor + " refused the CSR of " + vnfm + " for " + who_of(*check) +
                     " at #1, yet " + describe(*issued),
                 {check->id, issued->id});
        continue;
      }
      if (answer == nullptr) {
        out.fail(check->actor + " refused " + who_of(*check) + " at #1 but never answered " + vnfm,
                 evidence);
        continue;
      }
      out.pass(check->actor + " refused the CSR of " + vnfm + " for " + who_of(*check) + " (" +
                   reason_text(*check) + "), answered, nothing issued",
               {check->id, answer->id});
      continue;
    }
    const Rec* validation = nullptr;
    for (const auto* r :
         q.all(crypto(check->actor, decisions::kCsrValidation).at_step(flows::step(flow, 2))))
      if (r->id > check->id && names_identity(*r, vnfci, identity)) {
        validation = r;
        break;
      }
    if (validation == nullptr) {
      if (run_end(context) - check->time < sim::Duration::minutes(2))
        out.inconc(who_of(*check) + ": CSR still being handled when the run ended", evidence);
      else
        out.fail(check->actor + " accepted the delegate at #1 for " + who_of(*check) +
                     " but never validated the CSR (#2)",
                 evidence);
      continue;
    }
    evidence.push_back(validation->id);
    if (is_refusal(validation->outcome)) {
      if (issued != nullptr && issued->outcome == outcomes::kOk)
        out.fail(who_of(*check) + ": CSR refused at #2 (" + reason_text(*validation) + "), yet " +
                     describe(*issued),
                 {validation->id, issued->id});
      else
        out.pass(who_of(*check) + ": CSR refused at #2 (" + reason_text(*validation) +
                     "), nothing relayed for issuance",
                 evidence);
      continue;
    }
    const auto* relay = q.first(RecordFilter{}
                                    .of_kind(RecordKind::send)
                                    .by(check->actor)
                                    .op(ops::kCmpP10cr)
                                    .at_step(flows::step(flow, 3)),
                                validation->id);
    if (relay == nullptr) {
      out.fail(check->actor + " validated the CSR of " + who_of(*check) +
                   " but relayed no p10cr to a CA (#3)",
               evidence);
      continue;
    }
    evidence.push_back(relay->id);
    if (issued == nullptr || issued->outcome != outcomes::kOk) {
      if (run_end(context) - relay->time < sim::Duration::minutes(2) || issued != nullptr)
        out.inconc(who_of(*check) + ": relayed (" + describe(*relay) + "), " +
                       (issued != nullptr ? "the CA refused (" + reason_text(*issued) + ")"
                                          : "no issuance before the run ended"),
                   evidence);
      else
        out.fail(who_of(*check) + ": relayed to " + relay->peer +
                     " but no CA issued a certificate for the VNFCI identity (#4 identity=)",
                 evidence);
      continue;
    }
    evidence.push_back(issued->id);
    if (answer == nullptr) {
      out.fail(who_of(*check) + ": issued (" + describe(*issued) + ") but never delivered to " +
                   vnfm + " (#6)",
               evidence);
      continue;
    }
    evidence.push_back(answer->id);
    out.pass(check->actor + " relayed the CSR of delegate " + vnfm + " for " + who_of(*check) +
                 " to " + relay->peer + ", issued serial " + detail_of(*issued, keys::kSerial) +
                 " and delivered",
             evidence);
  }
  return out.result("no delegated CSR (C.2.2.2.6, C.2.2.2.7, C.3.2.2) in the trace");
}

// ID            Cmf.CertLcm.011 (Vnfm.Sc.018 reads the same records from the VNFM's side)
// Objective     With delegation, every delegated CSR the CMF accepts (CsrValidation ok at #2)
//               that its policy makes it judge has the key attestation verified
//               (KeyAttestationVerification ok, same VNFCI identity, before it); a refused
//               statement refuses the CSR. Policy "required": every delegated CSR. Policy
//               "optional" (the default, verify when present): the CSRs of C.2.2.2.7, which carry
//               a statement by definition of the flow. Policy "none": not judged.
// Precondition  A delegation-mode VNF; the CMF's policy.
// Test          Per delegated CsrValidation of a CMF: the KeyAttestationVerification before it.
// Reference     Annex B.2 Cmf.CertLcm.011; Annex C.2.2.2.7 #2
// Applicability ICS "mano-certificates", "delegation-mode", "key-attestation"
CheckResult check_delegated_attestation(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  for (const auto* validation : at_rows(v, roles::kCmf, decisions::kCsrValidation, kCsrFlows, 2)) {
    const auto policy = v.mano.roles.key_attestation_policy(validation->actor);
    // "optional" verifies a statement when the CSR carries one: those of C.2.2.2.7 always do.
    const bool required =
        policy == "required" ||
        (policy == "optional" && at_row(*validation, {flows::kDelegatedCsrHsm}, 2));
    if (policy == "none") continue;
    const auto vnfci = detail_of(*validation, keys::kVnfci);
    const auto identity = identity_of(*validation);
    const Rec* attestation = nullptr;
    for (const auto* r : q.all(crypto(validation->actor, decisions::kKeyAttestationVerification)
                                   .at_step(validation->step)))
      if (r->id < validation->id && names_identity(*r, vnfci, identity)) attestation = r;
    // Only after the previous CSR of this identity.
    if (attestation != nullptr)
      for (const auto* other : at_rows(v, roles::kCmf, decisions::kCsrValidation, kCsrFlows, 2))
        if (other->id > attestation->id && other->id < validation->id &&
            names_identity(*other, vnfci, identity))
          attestation = nullptr;
    if (attestation == nullptr) {
      if (!required) continue;
      if (validation->outcome == outcomes::kOk)
        out.fail(validation->actor + " accepted the CSR of " + who_of(*validation) +
                     " without verifying its key attestation (policy " + policy + ")",
                 {validation->id});
      else
        out.pass(validation->actor + " refused the CSR of " + who_of(*validation) +
                     " that had no verified key attestation (" + reason_text(*validation) + ")",
                 {validation->id});
      continue;
    }
    if (attestation->outcome == outcomes::kOk) {
      out.pass(who_of(*validation) + ": key attestation verified before the CSR was accepted",
               {attestation->id, validation->id});
      continue;
    }
    if (validation->outcome == outcomes::kOk)
      out.fail(who_of(*validation) + ": the key attestation was refused (" +
                   reason_text(*attestation) + ") yet the CSR accepted",
               {attestation->id, validation->id});
    else
      out.pass(who_of(*validation) + ": refused key attestation (" + reason_text(*attestation) +
                   ") refused the CSR",
               {attestation->id, validation->id});
  }
  return out.result("no delegated CSR whose key attestation the CMF judged");
}

// ID            Vnfm.Sc.003 (partial)
// Objective     In delegation mode the VNFM generates the key pairs of the VNF OAM and VNFCI
//               certificates itself: the key of every software-key delegated CSR the CMF validated
//               (C.2.2.2.6#2, C.3.2.2#2, spki_sha256) is one the VNFM generated earlier for that
//               VNFCI identity (its KeyCustody generated, key_fp = the digest's first 16 hex
//               digits; its GenerateKey, with the DRBG it names).
// Precondition  A delegation-mode VNF with software keys.
// Test          Per CsrValidation: the VNFM's generation of that key.
// Reference     Annex B.3 Vnfm.Sc.003; Annex C.2.2.2.6 #0
// Applicability ICS "mano-certificates", "delegation-mode". Not observable: the DRBG's approval.
CheckResult check_vnfm_key_generation(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  for (const auto* validation : at_rows(v, roles::kCmf, decisions::kCsrValidation,
                                        {flows::kDelegatedCsr, flows::kOamDelegatedCsr}, 2)) {
    const auto digest = detail_of(*validation, keys::kSpkiSha256);
    if (digest.size() < 16) continue;
    const auto fp = digest.substr(0, 16);
    const auto vnfci = detail_of(*validation, keys::kVnfci);
    const Rec* generated = nullptr;
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kKeyCustody)
                                   .with_outcome(outcomes::kGenerated)
                                   .with(keys::kKeyFingerprint, fp)))
      if (r->id < validation->id) generated = r;
    if (generated == nullptr) {
      out.fail("the CSR for " + who_of(*validation) + " carries key " + fp +
                   " that no VNFM generated before it",
               {validation->id});
      continue;
    }
    if (v.roles.role_of(generated->actor) != roles::kVnfm ||
        detail_of(*generated, keys::kVnfci) != vnfci) {
      out.fail("the CSR for " + who_of(*validation) + " carries key " + fp + " generated by " +
                   generated->actor + " for " + detail_of(*generated, keys::kVnfci),
               {validation->id, generated->id});
      continue;
    }
    const auto* made =
        q.last(decision(generated->actor, decisions::kGenerateKey), 0, validation->id);
    const auto drbg = made != nullptr ? detail_of(*made, keys::kDrbg) : std::string();
    out.pass(generated->actor + " generated key " + fp + " of " + who_of(*validation) +
                 (drbg.empty() ? std::string() : " (" + drbg + ")"),
             {generated->id, validation->id});
  }
  return out.result("no software-key delegated CSR (C.2.2.2.6, C.3.2.2) validated in the trace");
}

// ID            Vnfm.Sc.007
// Objective     The VNFM works in delegation mode when the VNF calls for it: every VNFCI identity a
//               CMF registered it as delegate for (RegisterDelegate registered) ends with the
//               VNFM holding its certificate (DelegatedCertificateStored), unless the scenario
//               expects a refusal for that VNFCI.
// Precondition  A delegation-mode VNF is instantiated.
// Test          Per registered VNFCI identity: the VNFM's DelegatedCertificateStored after it.
// Reference     Annex B.3 Vnfm.Sc.007; Annex C.2.2.1, C.2.2.2.6, C.3.2.1, C.3.2.2
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_vnfm_operates_delegation(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  std::set<std::string> judged;
  for (const auto* r :
       at_rows(v, roles::kCmf, decisions::kRegisterDelegate, kRegistrationFlows, 1)) {
    if (r->outcome != outcomes::kRegistered) continue;
    const auto vnfci = detail_of(*r, keys::kVnfci);
    const auto identity = identity_of(*r);
    if (!judged.insert(vnfci + "/" + identity).second) continue;
    const auto vnfm = has_detail(*r, keys::kDelegate) ? detail_of(*r, keys::kDelegate) : r->peer;
    const Rec* stored = nullptr;
    for (const auto* s : q.all(decision(vnfm, decisions::kDelegatedCertificateStored)))
      if (s->id > r->id && names_identity(*s, vnfci, identity) && !is_refusal(s->outcome)) {
        stored = s;
        break;
      }
    if (stored != nullptr) {
      out.pass(vnfm + " registered and holds the certificate of " + who_of(*r),
               {r->id, stored->id});
      continue;
    }
    if (delegation_refusal_expected(v, vnfci, "")) continue;
    if (run_end(context) - r->time < sim::Duration::minutes(2)) {
      out.inconc(who_of(*r) + ": registered shortly before the run ended", {r->id});
      continue;
    }
    out.fail(vnfm + " was registered as delegate of " + who_of(*r) +
                 " but never obtained its certificate",
             {r->id});
  }
  return out.result("no VNFM registered as delegate in the trace");
}

// ID            Vnfm.Sc.010 (suite parts: registration, CSR, enrolment, renewal, revocation,
//               monitoring)
// Objective     The delegate VNFM covers the lifecycle of the VNFCI and VNF OAM certificates:
//               registration (DelegateRegistration registered), CSR (its CertificateSigningRequest
//               validated by the CMF), enrolment (DelegatedCertificateStored), renewal (a
//               DelegatedCertificateStored of purpose renewal), revocation (a RevokeCertificate at
//               a CA for a VNFCI identity it asked for), monitoring (DelegatedRenewalDue before the
//               certificate's not_after). Fail: a delegated certificate expiring in the run while
//               its VNFCI still runs, without a renewal before; a renewal the VNFM gave up
//               (its ExpiryAlarm about a VNFCI identity: renewal failed, or renewed credentials
//               not installed).
// Precondition  A delegation-mode VNF; the lifecycle scenarios for renewal and revocation.
// Test          Observations per part; expiries against renewals.
// Reference     Annex B.3 Vnfm.Sc.010; docs/delegation-mode.md decision Q5
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_vnfm_delegated_lifecycle(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  for (const auto& vnfm : v.roles.actors_of(roles::kVnfm)) {
    if (const auto* r = q.first(
            decision(vnfm, decisions::kDelegateRegistration).with_outcome(outcomes::kRegistered))) {
      out.observe("registration");
      out.pass(vnfm + ": registered as delegate (" + describe(*r) + ")", {r->id});
    }
    for (const auto* s : q.all(decision(vnfm, decisions::kDelegatedCertificateStored))) {
      if (is_refusal(s->outcome)) continue;
      out.observe("CSR");
      const bool renewal = detail_of(*s, keys::kPurpose) == values::kPurposeRenewal;
      out.observe(renewal ? "renewal" : "enrolment");
    }
    for (const auto* due : q.all(decision(vnfm, decisions::kDelegatedRenewalDue))) {
      const auto not_after = sim::parse_utc(detail_of(*due, keys::kNotAfter));
      if (not_after && context.simulation.epoch().at(due->time).unix_ns < not_after->unix_ns)
        out.observe("monitoring");
    }
    // A renewal the VNFM gave up on: its alarm about a delegated VNFCI identity.
    for (const auto* alarm :
         q.all(decision(vnfm, decisions::kExpiryAlarm).with_outcome(outcomes::kRaised)))
      if (!detail_of(*alarm, keys::kVnfci).empty())
        out.fail(vnfm + ": the renewal of " + who_of(*alarm) + " did not complete (" +
                     reason_text(*alarm) + ")",
                 {alarm->id});
  }
  for (const auto* revoke : q.all(RecordFilter{}
                                      .of_kind(RecordKind::decision)
                                      .op(decisions::kRevokeCertificate)
                                      .with_outcome(outcomes::kOk)))
    if (v.mano.roles.is_ca(revoke->actor) && identity_of(*revoke).size() > 0 &&
        detail_of(*revoke, keys::kIdentity).find('/') != std::string::npos)
      out.observe("revocation");
  // Expected renewals and revocations (expect.delegation.renewals, revoked).
  const auto& x = v.mano.expect.delegation;
  if (x.renewals > 0) {
    std::map<std::string, int> renewed;
    std::set<std::string> enrolled;
    for (const auto* s : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kDelegatedCertificateStored)
                                   .with_outcome(outcomes::kStored))) {
      const auto who = who_of(*s);
      if (detail_of(*s, keys::kPurpose) == values::kPurposeRenewal)
        ++renewed[who];
      else if (q.first(RecordFilter{}
                           .op(decisions::kRetireActor)
                           .with(keys::kName, detail_of(*s, keys::kVnfci))) == nullptr)
        enrolled.insert(who);
    }
    for (const auto& who : enrolled)
      if (renewed[who] < x.renewals)
        out.fail(who + ": " + std::to_string(renewed[who]) +
                 " delegated renewal(s), the scenario expects at least " +
                 std::to_string(x.renewals));
  }
  for (const auto& vnfci : x.revoked) {
    const Rec* revoked = nullptr;
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kRevokeCertificate)
                                   .with_outcome(outcomes::kOk)))
      if (v.mano.roles.is_ca(r->actor) && names_vnfci(*r, vnfci)) revoked = r;
    if (revoked == nullptr)
      out.fail(vnfci +
               ": expected its delegated certificates revoked (expect.delegation.revoked), "
               "no CA revoked one");
    else
      out.pass(vnfci + ": delegated certificate revoked (" + describe(*revoked) + ")",
               {revoked->id});
  }
  if (!out.observed().empty()) {
    std::string parts;
    for (const auto& p : out.observed()) parts += (parts.empty() ? "" : ", ") + p;
    out.pass("delegated lifecycle parts seen: " + parts);
  }
  return out.result("no delegate VNFM lifecycle in the trace");
}

// ID            Vnfm.Sc.012 (suite parts: at instantiation, after instantiation)
// Objective     The VNFM installs VNF OAM and VNFCI certificates into the VNFCI during
//               instantiation (C.2.2.3, C.3.2.3) and after it (C.2.2.4.6, C.2.2.4.7): every walk
//               of those flows complete (or refused as expected); no OAM certificate installed
//               after instantiation (OAM goes only with the instantiation, C.3.2.3).
// Precondition  A delegation-mode VNF is instantiated.
// Test          The installation flows' walks; the VNFCI's CertificateInstalled records.
// Reference     Annex B.3 Vnfm.Sc.012; Annex C.2.2.3, C.2.2.4.6, C.2.2.4.7, C.3.2.3
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_vnfm_installs(const CheckContext& context) {
  AnnexBView v(context);
  CheckOutcome out;
  for (const auto& flow : delegation_flows()) {
    if (!is_install_flow(flow)) continue;
    const bool at = flow == flows::kDelegatedInstall || flow == flows::kOamInstall;
    for (const auto& w : delegation_walks(v.mano, v.roles, flow)) {
      const auto who = w.vnfci + (w.identity.empty() ? "" : "/" + w.identity);
      if (!w.complete()) continue;  // the flow check judges walks that did not complete
      out.observe(at ? "at instantiation" : "after instantiation");
      out.pass(who + ": installed by " + flow, {w.result->id});
    }
  }
  for (const auto& flow : {flows::kDelegatedConfiguration, flows::kDelegatedHsmInstall})
    for (const auto& row : flows::steps_of(flow))
      for (const auto* r : v.mano.query.all(RecordFilter{}
                                                .of_kind(RecordKind::decision)
                                                .op(decisions::kCertificateInstalled)
                                                .at_step(row.id)
                                                .with(keys::kCertificateType, values::kTypeOam)))
        out.fail(r->actor + " installed a VNF OAM certificate after instantiation (" +
                     describe(*r) + "): OAM certificates go only with the instantiation",
                 {r->id});
  return out.result("no delegated installation completed in the trace");
}

// ID            Vnfm.Sc.013
// Objective     The VNFM gives every VNFC instance it will instantiate an identifier unique in its
//               scope: no VNFCI name spawned twice or refused as in use, and no VNFCI registered as
//               delegate for two VNFs.
// Precondition  A delegation-mode VNF is instantiated.
// Test          SpawnActor records of VNFCIs; the VNF of each RegisterDelegate registered.
// Reference     Annex B.3 Vnfm.Sc.013; Annex C.2.2.1
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_vnfci_identifiers_unique(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  std::map<std::string, const Rec*> spawned;
  for (const auto* r :
       q.all(RecordFilter{}.op(decisions::kSpawnActor).with(keys::kType, roles::kVnfci))) {
    const auto name = detail_of(*r, keys::kName);
    if (r->outcome != outcomes::kOk) {
      out.fail(
          "VNFCI name " + name + " offered again (" + describe(*r) + ": " + reason_text(*r) + ")",
          {r->id});
      continue;
    }
    if (auto it = spawned.find(name); it != spawned.end()) {
      out.fail("VNFCI name " + name + " used twice", {it->second->id, r->id});
      continue;
    }
    spawned[name] = r;
  }
  std::map<std::string, std::string> vnf_of;
  std::size_t registered = 0;
  std::vector<std::uint64_t> evidence;  // the registrations, then the spawns of those VNFCIs
  for (const auto* r :
       at_rows(v, roles::kCmf, decisions::kRegisterDelegate, kRegistrationFlows, 1)) {
    if (r->outcome != outcomes::kRegistered) continue;
    const auto vnfci = detail_of(*r, keys::kVnfci);
    const auto vnf = detail_of(*r, keys::kVnf);
    auto [it, fresh] = vnf_of.emplace(vnfci, vnf);
    if (!fresh && it->second != vnf && !vnf.empty()) {
      out.fail(
          "VNFCI identifier " + vnfci + " registered for VNF " + it->second + " and VNF " + vnf,
          {r->id});
      continue;
    }
    if (fresh) {
      ++registered;
      evidence.push_back(r->id);
      if (auto it = spawned.find(vnfci); it != spawned.end()) evidence.push_back(it->second->id);
    }
  }
  if (registered > 0)
    out.pass(std::to_string(registered) + " VNFCI identifier(s) registered for delegation, each " +
                 "for one VNF; " + std::to_string(spawned.size()) +
                 " VNFCI name(s) spawned, none reused",
             evidence);
  return out.result("no delegated VNFCI identifiers in the trace");
}

// ID            Vnfm.Sc.014
// Objective     The VNFM uses the VNFCI identifiers for registration and CSRs: every delegated CSR
//               (DelegateCheck at #1) names a VNFCI identity the same VNFM registered before
//               (RegisterDelegate registered), and every delegated issuance names that identity
//               (identity=vnfci/name at the CA, decision Q2).
// Precondition  A delegation-mode VNF is instantiated.
// Test          DelegateCheck against earlier registrations; IssueCertificate identity=.
// Reference     Annex B.3 Vnfm.Sc.014; Annex C.2.2.1, C.2.2.2.6 #4
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_vnfci_identifiers_used(const CheckContext& context) {
  AnnexBView v(context);
  CheckOutcome out;
  const auto registrations =
      at_rows(v, roles::kCmf, decisions::kRegisterDelegate, kRegistrationFlows, 1);
  for (const auto* check : at_rows(v, roles::kCmf, decisions::kDelegateCheck, kCsrFlows, 1)) {
    if (check->outcome != outcomes::kOk) continue;
    const auto vnfci = detail_of(*check, keys::kVnfci);
    const auto identity = identity_of(*check);
    const Rec* registered = nullptr;
    for (const auto* r : registrations)
      if (r->id < check->id && r->outcome == outcomes::kRegistered &&
          detail_of(*r, keys::kVnfci) == vnfci && identity_of(*r) == identity)
        registered = r;
    if (registered == nullptr) {
      out.fail("a CSR for " + who_of(*check) + " passed the DelegateCheck without a registration " +
                   "of that VNFCI identity before it",
               {check->id});
      continue;
    }
    out.pass(who_of(*check) + ": registered, then named in the CSR", {registered->id, check->id});
  }
  for (const auto& flow : kCsrFlows)
    for (const auto* r : v.mano.query.all(RecordFilter{}
                                              .of_kind(RecordKind::decision)
                                              .op(decisions::kIssueCertificate)
                                              .at_step(flows::step(flow, 4))
                                              .with_outcome(outcomes::kOk)))
      if (detail_of(*r, keys::kIdentity).find('/') == std::string::npos &&
          detail_of(*r, keys::kVnfci).empty())
        out.fail("the CA issued a delegated certificate without the VNFCI identifier (" +
                     describe(*r) + ")",
                 {r->id});
  return out.result("no delegated CSR accepted in the trace");
}

// ID            Vnfm.Sc.017 (partial), Vnfm.Sc.018
// Objective     Sc.017: for every CSR of a VNFCI key made in the VNFM's HSM (C.2.2.2.7), the HSM
//               attested the key (AttestKey ok of the VNFM's request at #0) and the CMF verified
//               the statement (KeyAttestationVerification ok at #2). Sc.018: both before the CSR
//               was processed: the attestation before the CSR left the VNFM, the verification
//               before the CMF's CsrValidation ok.
// Precondition  A delegation-mode VNF with HSM keys (delegated_install "hsm").
// Test          The C.2.2.2.7 walks: AttestKey between #0's key generation and the CSR send;
//               KeyAttestationVerification before CsrValidation.
// Reference     Annex B.3 Vnfm.Sc.017, Vnfm.Sc.018; Annex C.2.2.2.7
// Applicability ICS "mano-certificates", "delegation-mode", "key-attestation"
CheckResult check_delegated_key_attestation(const CheckContext& context, bool order) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  for (const auto& w : delegation_walks(v.mano, v.roles, flows::kDelegatedCsrHsm)) {
    // Up to #2 (the CMF's CsrValidation), or refused at #2: the refusal may be the statement's.
    const bool refused_at_2 =
        w.refusal != nullptr && w.refusal->step == flows::step(flows::kDelegatedCsrHsm, 2);
    if (w.rows.size() < 3 && !(refused_at_2 && w.rows.size() == 2)) continue;
    const auto who = w.vnfci + "/" + w.identity;
    const auto step0 = flows::step(flows::kDelegatedCsrHsm, 0);
    // The walk's #0 may be a further record of the row (GenerateKey, the HSM exchange); the
    // order is judged against the CSR itself: the VNFM's first CertificateSigningRequest at #0
    // from that record on.
    const Rec* csr = w.rows[0];
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::send)
                                   .op(ops::kCertificateSigningRequest)
                                   .at_step(step0)))
      if (r->actor == w.rows[0]->actor && r->id >= w.rows[0]->id) {
        csr = r;
        break;
      }
    const Rec* attest = nullptr;
    for (const auto* r : q.all(
             RecordFilter{}.of_kind(RecordKind::decision).op(decisions::kAttestKey).at_step(step0)))
      if (r->peer == csr->actor && v.roles.role_of(r->actor) == roles::kHsm &&
          (names_identity(*r, w.vnfci, w.identity) || !has_detail(*r, keys::kVnfci)))
        if (!order || r->id < csr->id) attest = r;
    const Rec* verified = nullptr;
    for (const auto* r : q.all(crypto(w.rows[1]->actor, decisions::kKeyAttestationVerification)
                                   .at_step(flows::step(flows::kDelegatedCsrHsm, 2))))
      if (names_identity(*r, w.vnfci, w.identity) && r->id > csr->id) {
        verified = r;
        break;
      }
    const Rec* validation = w.rows.size() > 2 ? w.rows[2] : nullptr;
    if (attest == nullptr || attest->outcome != outcomes::kOk) {
      out.fail(who + ": no key attestation by the HSM " +
                   std::string(order ? "before the CSR was sent" : "for the key of the CSR"),
               {csr->id});
      continue;
    }
    if (verified == nullptr || verified->outcome != outcomes::kOk) {
      out.fail(who + ": the CMF did not verify the key attestation" +
                   (verified != nullptr ? " (" + reason_text(*verified) + ")" : std::string()),
               {attest->id, csr->id});
      continue;
    }
    if (order && validation != nullptr && verified->id > validation->id) {
      out.fail(who + ": the statement was verified only after the CSR was validated (" +
                   describe(*validation) + ")",
               {verified->id, validation->id});
      continue;
    }
    out.pass(who + ": key attested by " + attest->actor + (order ? " before the CSR" : "") +
                 ", verified by " + verified->actor,
             {attest->id, csr->id, verified->id});
  }
  return out.result("no CSR of an HSM-held delegated key (C.2.2.2.7) in the trace");
}

// ID            Vnfm.Sc.019
// Objective     The VNFM checks that each certificate it installs matches its key pair before it
//               sends it: a KeyPairCheck ok of that VNFCI identity before every key it sends
//               (KeyCustody sent) and before every C.2.2.4.7 #0 configuration (the certificate
//               against the HSM handle's public key); a failed KeyPairCheck is not followed by a
//               send of that identity's credentials.
// Precondition  A delegation-mode VNF is installed.
// Test          Per VNFM KeyCustody sent / CredentialInstall at C.2.2.4.7#0: the KeyPairCheck
//               before it since the previous one.
// Reference     Annex B.3 Vnfm.Sc.019; Annex C.2.2.3 #0, C.2.2.4.6 #0, C.2.2.4.7 #0
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_vnfm_key_pair_check(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  std::vector<const Rec*> installs;
  for (const auto& vnfm : v.roles.actors_of(roles::kVnfm)) {
    for (const auto* r :
         q.all(decision(vnfm, decisions::kKeyCustody).with_outcome(outcomes::kSent)))
      installs.push_back(r);
    for (const auto* r : q.all(decision(vnfm, decisions::kCredentialInstall)
                                   .at_step(flows::step(flows::kDelegatedHsmInstall, 0))))
      if (r->outcome == outcomes::kAttempted) installs.push_back(r);
  }
  std::sort(installs.begin(), installs.end(),
            [](const Rec* a, const Rec* b) { return a->id < b->id; });
  for (const auto* send : installs) {
    const auto vnfci = detail_of(*send, keys::kVnfci);
    const auto identity = identity_of(*send);
    const Rec* checked = nullptr;
    for (const auto* c : q.all(crypto(send->actor, decisions::kKeyPairCheck)))
      if (c->id < send->id && names_identity(*c, vnfci, identity)) checked = c;
    if (checked == nullptr) {
      out.fail(send->actor + " sent the credentials of " + who_of(*send) +
                   " without checking the certificate against the key pair (" + describe(*send) +
                   ")",
               {send->id});
      continue;
    }
    if (checked->outcome != outcomes::kOk) {
      out.fail(send->actor + " sent the credentials of " + who_of(*send) +
                   " although its KeyPairCheck failed (" + reason_text(*checked) + ")",
               {checked->id, send->id});
      continue;
    }
    out.pass(who_of(*send) + ": key pair checked before " +
                 (send->step.empty() ? send->operation : send->step),
             {checked->id, send->id});
  }
  return out.result("no delegated credentials sent by a VNFM in the trace");
}

// ID            Vim.Sc.006
// Objective     The VIM installs VNF OAM and VNFCI certificates into the VNFCI while it creates
//               it: every C.2.2.3 / C.3.2.3 walk played by a VIM (its injection at #1) complete —
//               the VNFCI installed the certificate the CA issued for it and the VIM answered the
//               allocation (#3) — or refused as the scenario expects.
// Precondition  A delegation-mode VNF with delegated_install "instantiation" on VMs.
// Test          The walks of C.2.2.3 and C.3.2.3 whose #1 record is a VIM's.
// Reference     Annex B.4 Vim.Sc.006; Annex C.2.2.3, C.3.2.3
// Applicability ICS "mano-certificates", "delegation-mode"
CheckResult check_vim_installs(const CheckContext& context) {
  AnnexBView v(context);
  CheckOutcome out;
  for (const auto* flow : {flows::kDelegatedInstall, flows::kOamInstall})
    for (const auto& w : delegation_walks(v.mano, v.roles, flow)) {
      if (w.rows.size() < 2 || v.roles.role_of(w.rows[1]->actor) != roles::kVim) continue;
      const auto who = w.vnfci + (w.identity.empty() ? "" : "/" + w.identity);
      if (w.complete()) {
        out.pass(w.rows[1]->actor + " installed " + who + " at its creation (" + flow + ")",
                 {w.rows[1]->id, w.result->id});
        continue;
      }
      if (w.refusal != nullptr && delegation_refusal_expected(v, w.vnfci, w.refusal->operation))
        continue;
      out.fail(who + ": " +
                   (w.refusal != nullptr
                        ? "refused at " + w.refusal->step + " (" + reason_text(*w.refusal) + ")"
                        : w.problem),
               {w.rows[1]->id});
    }
  return out.result("no VIM injected delegated credentials in the trace");
}

// ID            Vim.Sc.007 (partial)
// Objective     The VIM handles the key pairs of VNF OAM and VNFCI certificates as delegation
//               requires: it receives a key only from a VNFM over mutual TLS, passes it only to the
//               VNFCI the key is for over the NFVI-local channel, never to another actor, and
//               never after deleting it (its deletion is Vim.Sc.008).
// Precondition  The VIM writes the key-custody ledger.
// Test          Per key a VIM received: the transfers in and out.
// Reference     Annex B.4 Vim.Sc.007; Annex C.2.2.3, C.3.2.3; Annex D
// Applicability ICS "mano-certificates", "delegation-mode". Not observable: the VIM's storage.
CheckResult check_vim_key_handling(const CheckContext& context) {
  AnnexBView v(context);
  CheckOutcome out;
  for (const auto& h : key_histories(v.mano, v.roles)) {
    for (const auto* e : h.events) {
      if (v.roles.role_of(e->actor) != roles::kVim) continue;
      const auto channel = detail_of(*e, keys::kChannel);
      const std::string name = "key " + h.key_fp + " of " + h.vnfci;
      if (e->outcome == outcomes::kReceived) {
        if (v.roles.role_of(e->peer) != roles::kVnfm || channel != values::kChannelMutual)
          out.fail(e->actor + " took " + name + " from " + e->peer + " over " + channel +
                       " (only from a VNFM over mutual TLS)",
                   {e->id});
        else
          out.pass(e->actor + " received " + name + " from " + e->peer + " over mutual TLS",
                   {e->id});
      } else if (e->outcome == outcomes::kSent) {
        const auto* deleted = first_deletion(h, e->actor);
        if (e->peer != h.vnfci || channel != values::kChannelNfviLocal)
          out.fail(e->actor + " passed " + name + " to " + e->peer + " over " + channel +
                       " (only to " + h.vnfci + " over nfvi-local)",
                   {e->id});
        else if (deleted != nullptr && deleted->id < e->id)
          out.fail(e->actor + " passed " + name + " on after deleting it", {deleted->id, e->id});
        else
          out.pass(e->actor + " injected " + name + " into " + h.vnfci + " only", {e->id});
      }
    }
  }
  return out.result("no VIM handled a VNFCI private key in this run");
}

// The VNFs of each mode in the run: delegation (a VNFM's DelegateRegistration names it), direct
// (a CMF discovered its VNFCIs, VnfciDiscovered vnf=).
struct ModeVnfs {
  std::map<std::string, std::string> delegation;  // vnf -> the VNFM's record's actor
  std::map<std::string, std::string> direct;      // vnf -> the VNFM the CMF names
  std::set<std::string> delegation_vnfcis, direct_vnfcis;
  std::map<std::string, std::uint64_t> delegation_record, direct_record;  // vnf -> first record
};
ModeVnfs mode_vnfs(const AnnexBView& v) {
  ModeVnfs m;
  for (const auto& r : v.mano.query.records()) {
    if (r.operation == decisions::kDelegateRegistration && !is_refusal(r.outcome) &&
        v.roles.role_of(r.actor) == roles::kVnfm && has_detail(r, keys::kVnf)) {
      m.delegation.emplace(detail_of(r, keys::kVnf), r.actor);
      m.delegation_record.emplace(detail_of(r, keys::kVnf), r.id);
    }
    if (r.operation == decisions::kRegisterDelegate && r.outcome == outcomes::kRegistered)
      m.delegation_vnfcis.insert(detail_of(r, keys::kVnfci));
    if (r.operation == decisions::kVnfciDiscovered && r.outcome == outcomes::kOk &&
        v.mano.roles.is_cmf(r.actor)) {
      m.direct.emplace(detail_of(r, keys::kVnf), detail_of(r, keys::kVnfm));
      m.direct_record.emplace(detail_of(r, keys::kVnf), r.id);
      m.direct_vnfcis.insert(detail_of(r, keys::kVnfci));
    }
  }
  return m;
}

// ID            5.2.3.1-d (partial; suite parts: direct, delegation)
// Objective     A generic VNFM supports both modes: over the suite, the VNFM served a direct-mode
//               VNF (a CMF discovered its VNFCIs from it) and a delegation-mode VNF (it registered
//               as delegate). Whether a VNFM is generic is declared in the ICS (generic-vnfm).
// Precondition  The ICS declares generic-vnfm.
// Test          The VNFMs' records per mode.
// Reference     Clause 5.2.3.1 (d)
// Applicability ICS "direct-mode", "delegation-mode", "generic-vnfm"
CheckResult check_generic_vnfm(const CheckContext& context) {
  AnnexBView v(context);
  const auto m = mode_vnfs(v);
  CheckOutcome out;
  for (const auto& [vnf, vnfm] : m.direct)
    if (!vnfm.empty()) {
      out.observe(actors::lcm::kModeDirect);
      out.pass(vnfm + " served " + vnf + " in direct mode", {m.direct_record.at(vnf)});
    }
  for (const auto& [vnf, vnfm] : m.delegation) {
    out.observe(actors::lcm::kModeDelegation);
    out.pass(vnfm + " served " + vnf + " in delegation mode", {m.delegation_record.at(vnf)});
  }
  return out.result("no VNF in either mode in the trace");
}

// ID            5.2.3.1-e (suite parts: nfvo/vim/cism in direct and in delegation mode)
// Objective     The NFVO, the VIM and the CISM work with VNFs of both modes: over the suite, the
//               NFVO instantiated a VNF of each mode over Or-Vnfm (the VNFM's VnfLcmOperation with
//               a source), and the VIM and the CISM created VNFCIs of each mode (their SpawnActor
//               of a VNFCI a CMF discovered, or that they injected delegated credentials into).
//               Fail: a VIM or CISM refusing an allocation that carried delegated credentials.
// Precondition  Scenarios of both modes on VMs and containers.
// Test          Per VNF and VNFCI: the mode and the actors that handled it.
// Reference     Clause 5.2.3.1 (e)
// Applicability ICS "direct-mode", "delegation-mode"
CheckResult check_mano_handles_both_modes(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  const auto m = mode_vnfs(v);
  CheckOutcome out;
  for (const auto* r :
       q.all(RecordFilter{}.op(decisions::kVnfLcmOperation).with_outcome(outcomes::kStarting))) {
    if (!has_detail(*r, keys::kSource)) continue;
    const auto vnf = detail_of(*r, keys::kVnf);
    for (const auto& [mode, vnfs] : {std::pair{actors::lcm::kModeDirect, &m.direct},
                                     std::pair{actors::lcm::kModeDelegation, &m.delegation}})
      if (vnfs->contains(vnf)) {
        out.observe(std::string("nfvo ") + mode);
        out.pass("the NFVO instantiated " + vnf + " (" + mode + ") through " + r->actor, {r->id});
      }
  }
  for (const auto* r :
       q.all(RecordFilter{}.op(decisions::kSpawnActor).with(keys::kType, roles::kVnfci))) {
    const auto role = v.roles.role_of(r->actor);
    if (role != roles::kVim && role != roles::kCism) continue;
    const auto vnfci = detail_of(*r, keys::kName);
    bool injected = false;
    for (const auto* i : q.all(RecordFilter{}
                                   .of_kind(RecordKind::send)
                                   .by(r->actor)
                                   .to(vnfci)
                                   .op(ops::kInjectCredentialsRequest)))
      injected = injected || i != nullptr;
    if (m.direct_vnfcis.contains(vnfci)) {
      out.observe(role + " " + actors::lcm::kModeDirect);
      out.pass(r->actor + " created direct-mode " + vnfci, {r->id});
    }
    if (injected || m.delegation_vnfcis.contains(vnfci)) {
      out.observe(role + " " + actors::lcm::kModeDelegation);
      out.pass(r->actor + " created delegation-mode " + vnfci, {r->id});
    }
  }
  for (const auto* r : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op(decisions::kCredentialInjection)
                                 .with_outcome(outcomes::kRejected)))
    out.fail(
        r->actor + " refused delegated credentials (" + describe(*r) + ": " + reason_text(*r) + ")",
        {r->id});
  return out.result("no VNF instantiated through the NFVO in the trace");
}

// ID            Vim.Vrm.010 (partial)
// Objective     The VIM gathers the signed certificates a virtualised resource holds after the
//               credentials of an allocation were injected and forwards them to the VNFM: per
//               identity a VNFCI installed from its VIM (CertificateInstalled ok at C.2.2.3 /
//               C.3.2.3 #2), the VIM's ResourceCredentials forwarded (same VNFCI, identity and
//               serial) after it, and the VNFM's ResourceCredentials ok (the certificate it had
//               issued) after that.
// Precondition  A delegation-mode VNF installed at instantiation by a VIM.
// Test          Per installed identity: the VIM's forwarding, the VNFM's comparison.
// Reference     Annex B.4 Vim.Vrm.010; Annex C.2.2.3 #3, C.3.2.3 #3
// Applicability ICS "delegation-mode", "vim-resource-credentials". Not observable: how a real
//               VIM collects them inside the resource (here: from the VNFCI's NFVI-Inject report).
CheckResult check_vim_resource_credentials(const CheckContext& context) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  for (const auto* installed : q.all(RecordFilter{}
                                         .of_kind(RecordKind::decision)
                                         .op(decisions::kCertificateInstalled)
                                         .with_outcome(outcomes::kOk))) {
    if (!at_row(*installed, {flows::kDelegatedInstall, flows::kOamInstall}, 2)) continue;
    const auto& vim = installed->peer;
    if (v.roles.role_of(vim) != roles::kVim) continue;
    const auto& vnfci = installed->actor;
    const auto identity = identity_of(*installed);
    const auto serial = detail_of(*installed, keys::kSerial);
    const auto who = vnfci + "/" + identity;
    const Rec* forwarded = nullptr;
    for (const auto* r : q.all(decision(vim, decisions::kResourceCredentials)
                                   .with_outcome(outcomes::kForwarded)
                                   .with(keys::kVnfci, vnfci)))
      if (r->id > installed->id && identity_of(*r) == identity) {
        forwarded = r;
        break;
      }
    if (forwarded == nullptr) {
      out.fail(vim + " forwarded no certificate of the resource " + who + " (installed serial " +
                   serial + ")",
               {installed->id});
      continue;
    }
    if (detail_of(*forwarded, keys::kSerial) != serial) {
      out.fail(vim + " forwarded certificate " + detail_of(*forwarded, keys::kSerial) + " of " +
                   who + ", which holds " + serial,
               {installed->id, forwarded->id});
      continue;
    }
    const Rec* judged = nullptr;
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kResourceCredentials)
                                   .with(keys::kVnfci, vnfci)))
      if (r->id > forwarded->id && v.roles.role_of(r->actor) == roles::kVnfm &&
          identity_of(*r) == identity) {
        judged = r;
        break;
      }
    if (judged == nullptr) {
      out.inconc(vim + " forwarded the certificate of " + who +
                     " but no VNFM compared it with the one issued",
                 {installed->id, forwarded->id});
    } else if (judged->outcome != outcomes::kOk) {
      out.fail(judged->actor + " found the certificate " + vim + " forwarded for " + who + " " +
                   judged->outcome + " (" + reason_text(*judged) + ")",
               {installed->id, forwarded->id, judged->id});
    } else {
      out.pass(vim + " gathered certificate " + serial + " from " + who + " and forwarded it to " +
                   judged->actor + ", who found it the one issued",
               {installed->id, forwarded->id, judged->id});
    }
  }
  return out.result("no delegated credentials installed by a VIM in the trace");
}

// The VNFM's VnfLcmOperation starting of the chain (a source, from the NFVO over Or-Vnfm) for
// `vnf` with request id `request` ("" when any), before `before`; nullptr when none.
const Rec* chain_operation(const AnnexBView& v, const std::string& vnfm, const std::string& vnf,
                           const std::string& request, std::uint64_t before) {
  for (const auto* r : v.mano.query.all(decision(vnfm, decisions::kVnfLcmOperation)
                                            .with_outcome(outcomes::kStarting)
                                            .with(keys::kVnf, vnf)))
    if (r->id < before && !detail_of(*r, keys::kSource).empty() &&
        v.roles.role_of(r->peer) == roles::kNfvo &&
        (request.empty() || detail_of(*r, keys::kRequest) == request))
      return r;
  return nullptr;
}

// ID            Vnfm.Sc.011 (partial)
// Objective     The delegate VNFM takes the CSR parameters of VNF OAM and VNFCI certificates from
//               the NFVO through VNF LCM operations: every DelegateRegistration it asks for
//               (C.2.2.1 / C.3.2.1 #0) belongs to a VNF LCM operation the NFVO started over Or-Vnfm
//               for that VNF (its VnfLcmOperation starting with a source, from the NFVO, whose
//               request id the registration names).
// Precondition  A delegation-mode VNF instantiated through the NFVO.
// Test          Per DelegateRegistration requested: the VNFM's LCM operation before it.
// Reference     Annex B.3 Vnfm.Sc.011; Annex C.2.2.2.6 pre-condition 2
// Applicability ICS "mano-certificates", "delegation-mode". Not observable: the parameters
//               themselves, which travel in the message bodies.
CheckResult check_vnfm_parameters_from_nfvo(const CheckContext& context) {
  AnnexBView v(context);
  CheckOutcome out;
  std::set<std::string> seen;
  for (const auto* r :
       at_rows(v, roles::kVnfm, decisions::kDelegateRegistration, kRegistrationFlows, 0)) {
    const auto vnf = detail_of(*r, keys::kVnf);
    const auto request = detail_of(*r, keys::kRequest);
    if (!seen.insert(r->actor + "|" + vnf + "|" + request + "|" + r->step).second) continue;
    const auto* op = chain_operation(v, r->actor, vnf, request, r->id);
    if (op == nullptr) {
      out.fail(r->actor + " asked to be delegate for " + vnf + " (" + describe(*r) +
                   ") without a VNF LCM operation from the NFVO carrying its parameters",
               {r->id});
      continue;
    }
    out.pass(r->actor + " registered " + vnf + "'s identities (" + r->step +
                 ") for the NFVO's operation " + detail_of(*op, keys::kRequest) + " from " +
                 op->peer,
             {op->id, r->id});
  }
  return out.result("no delegate registration by a VNFM in the trace");
}

// The OSS's instantiate_ns workload commands (the stimulus of Nfvo.Sc.006/007): per VNF the
// certificate mode it asks for.
constexpr const char* kInstantiateNsCommand = "instantiate_ns";  // actors/oss/ns_requests.cpp
std::vector<std::pair<std::string, std::string>> requested_modes(const AnnexBView& v) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : v.mano.context.scenario.workload) {
    if (c.command != kInstantiateNsCommand || v.roles.role_of(c.actor) != roles::kOss) continue;
    if (!c.args.is_object() || !c.args.contains("vnfs") || !c.args["vnfs"].is_array()) continue;
    for (const auto& vnf : c.args["vnfs"]) {
      if (!vnf.is_object() || !vnf.contains("vnf") || !vnf["vnf"].is_string()) continue;
      std::string mode;
      if (vnf.contains("certificate_configuration") &&
          vnf["certificate_configuration"].is_object() &&
          vnf["certificate_configuration"].contains("mode") &&
          vnf["certificate_configuration"]["mode"].is_string())
        mode = vnf["certificate_configuration"]["mode"].get<std::string>();
      out.emplace_back(vnf["vnf"].get<std::string>(), mode);
    }
  }
  return out;
}

// ID            Nfvo.Sc.006 (with_parameters false), Nfvo.Sc.007 (true)
// Objective     Sc.006: a VNF the OSS asks to run in delegation mode (the scenario's instantiate_ns
//               with certificate_configuration.mode "delegation") is instantiated by the NFVO with
//               the VNFM in delegation mode: the VNFM's LCM operation from the NFVO for that VNF,
//               then its delegate registration; never a CMF's direct-mode discovery of the VNF's
//               VNFCIs. Sc.007: the VNFM's registration and CSRs name the NFVO's request (the
//               parameters went OSS -> NFVO -> VNFM in the LCM operations) and the VNFM obtained
//               the certificates.
// Precondition  The scenario's OSS instantiates an NS with a delegation-mode VNF.
// Test          Per VNF the OSS configured: the VNFM's chain operation and delegation records.
// Reference     Annex B.1 Nfvo.Sc.006, Nfvo.Sc.007; clause 5.2.6
// Applicability ICS "mano-certificates", "delegation-mode". Not observable: the configuration's
//               content in the message bodies.
CheckResult check_nfvo_delegation(const CheckContext& context, bool with_parameters) {
  AnnexBView v(context);
  const auto& q = v.mano.query;
  CheckOutcome out;
  for (const auto& [vnf, mode] : requested_modes(v)) {
    const Rec* registration = nullptr;
    for (const auto* r :
         at_rows(v, roles::kVnfm, decisions::kDelegateRegistration, kRegistrationFlows, 0))
      if (detail_of(*r, keys::kVnf) == vnf && registration == nullptr) registration = r;
    const Rec* direct = nullptr;
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kVnfciDiscovered)
                                   .with(keys::kVnf, vnf)))
      // A discovery the CMF ignored (the VNF bound to a delegate) is no direct-mode handling.
      if (v.mano.roles.is_cmf(r->actor) && direct == nullptr && r->outcome == outcomes::kOk)
        direct = r;
    if (mode != actors::lcm::kModeDelegation) {
      if (registration != nullptr)
        out.fail("the OSS asked " + vnf + " in " + (mode.empty() ? "the default" : mode) +
                     " mode, yet " + describe(*registration),
                 {registration->id});
      continue;
    }
    if (direct != nullptr) {
      out.fail("the OSS asked delegation mode for " + vnf + ", yet a CMF discovered its VNFCIs " +
                   "in direct mode (" + describe(*direct) + ")",
               {direct->id});
      continue;
    }
    if (registration == nullptr) {
      // Refused before it started (the NFVO checks the mode against the VNFD), or never reached.
      if (const auto* refused = q.first(RecordFilter{}
                                            .of_kind(RecordKind::decision)
                                            .op(decisions::kNsLcmOperation)
                                            .with_outcome(outcomes::kRejected))) {
        out.inconc("the OSS's NS instantiation with " + vnf + " was refused (" +
                       reason_text(*refused) + "): delegation mode not exercised",
                   {refused->id});
        continue;
      }
      out.fail("the OSS asked delegation mode for " + vnf +
               ", but no VNFM registered as its delegate");
      continue;
    }
    const auto* op = chain_operation(v, registration->actor, vnf,
                                     detail_of(*registration, keys::kRequest), registration->id);
    if (op == nullptr) {
      out.fail(
          vnf + ": " + describe(*registration) + " follows no VNF LCM operation of the NFVO for it",
          {registration->id});
      continue;
    }
    if (!with_parameters) {
      out.pass("the OSS asked delegation mode for " + vnf + "; the NFVO's operation " +
                   detail_of(*op, keys::kRequest) + " reached " + op->actor +
                   ", which registered as delegate",
               {op->id, registration->id});
      continue;
    }
    const Rec* stored = nullptr;
    for (const auto* s : q.all(decision(registration->actor, decisions::kDelegatedCertificateStored)
                                   .with_outcome(outcomes::kStored)))
      if (s->id > registration->id && stored == nullptr) stored = s;
    if (stored == nullptr) {
      if (delegation_refusal_expected(v, detail_of(*registration, keys::kVnfci), "")) continue;
      out.fail(vnf + ": the parameters reached " + registration->actor +
                   " in the NFVO's operation, but it obtained no certificate",
               {op->id, registration->id});
      continue;
    }
    out.pass(vnf + ": CSR parameters OSS -> NFVO (operation " + detail_of(*op, keys::kRequest) +
                 ") -> " + registration->actor + ", certificates obtained",
             {op->id, registration->id, stored->id});
  }
  return out.result("no OSS request for a delegation-mode VNF in this scenario");
}

void register_delegation_annex_b_checks(CheckRegistry& registry) {
  registry.add("Nfvo.Sc.006", "delegation mode the OSS asks for reaches the VNFM",
               [](const CheckContext& c) { return check_nfvo_delegation(c, false); });
  registry.add("Nfvo.Sc.007", "CSR parameters OSS -> NFVO -> VNFM in the LCM operations",
               [](const CheckContext& c) { return check_nfvo_delegation(c, true); });
  registry.add("Vnfm.Sc.011", "delegate registration within the NFVO's VNF LCM operation",
               check_vnfm_parameters_from_nfvo);
  registry.add("5.2.3.1-d", "a generic VNFM serves VNFs of both modes", check_generic_vnfm);
  registry.require_parts("5.2.3.1-d", {actors::lcm::kModeDirect, actors::lcm::kModeDelegation});
  registry.add("5.2.3.1-e", "NFVO, VIM and CISM handle VNFs of both modes",
               check_mano_handles_both_modes);
  registry.require_parts("5.2.3.1-e", {"nfvo direct", "nfvo delegation", "vim direct",
                                       "vim delegation", "cism direct", "cism delegation"});
  registry.add("Cmf.CertLcm.003", "VNFM registered as delegate only with permission, answered",
               check_delegate_registration);
  registry.add("Cmf.CertLcm.006", "delegated CSRs checked, relayed to a CA, issued, delivered",
               check_delegated_csr_relay);
  registry.add("Cmf.CertLcm.011", "key attestation of delegated keys verified before the CSR",
               check_delegated_attestation);
  registry.add("Vnfm.Sc.003", "the key of every delegated CSR generated by the VNFM",
               check_vnfm_key_generation);
  registry.add("Vnfm.Sc.007", "every registered VNFCI identity's certificate obtained",
               check_vnfm_operates_delegation);
  registry.add("Vnfm.Sc.010", "delegated lifecycle parts", check_vnfm_delegated_lifecycle);
  registry.require_parts(
      "Vnfm.Sc.010", {"registration", "CSR", "enrolment", "renewal", "revocation", "monitoring"});
  registry.add("Vnfm.Sc.012", "installation at and after instantiation", check_vnfm_installs);
  registry.require_parts("Vnfm.Sc.012", {"at instantiation", "after instantiation"});
  registry.add("Vnfm.Sc.013", "VNFCI identifiers unique", check_vnfci_identifiers_unique);
  registry.add("Vnfm.Sc.014", "VNFCI identifiers used for registration and CSR",
               check_vnfci_identifiers_used);
  registry.add("Vnfm.Sc.017", "HSM key attestation of delegated keys, verified by the CMF",
               [](const CheckContext& c) { return check_delegated_key_attestation(c, false); });
  registry.add("Vnfm.Sc.018", "key attestation before the delegated CSR is processed",
               [](const CheckContext& c) { return check_delegated_key_attestation(c, true); });
  registry.add("Vnfm.Sc.019", "key pair checked before credentials are sent",
               check_vnfm_key_pair_check);
  registry.add("Vim.Sc.006", "the VIM installs credentials at VNFCI creation", check_vim_installs);
  registry.add("Vim.Sc.007", "the VIM takes keys from the VNFM, gives them to the VNFCI only",
               check_vim_key_handling);
  registry.add("Vim.Vrm.010", "resource certificates gathered by the VIM and forwarded to the VNFM",
               check_vim_resource_credentials);
}

}  // namespace ifa026::conformance
