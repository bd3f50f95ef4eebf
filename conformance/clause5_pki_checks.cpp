// The clause 5.2 architecture checks (see clause5_pki_checks.hpp). They read the direct-mode
// trace per VNFCI (direct_mode_trace.hpp), the MANO certificate trace per entity (mano_trace.hpp),
// the CA records on CA-1 and, for 5.2.6-a, the final state (certificates held, each CA's
// hierarchy). Test descriptions follow ETSI TST010's fields.
#include "conformance/clause5_pki_checks.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "actors/common/artifact_log.hpp"
#include "actors/common/ca_hierarchy.hpp"
#include "actors/vnfci/vnfci_identities.hpp"
#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/direct_mode_trace.hpp"
#include "pki/chain_verifier.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;

const std::string kNoDelegation =
    "delegation mode (C.2.2) was not exercised: the simulator does not model it";

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A serial as a map key: upper case, no leading zeros (same_serial's equality).
std::string serial_key(const std::string& serial) {
  std::string out;
  for (char c : serial) {
    if (out.empty() && c == '0') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// The first record per serial (detail `serial`) among `records`.
std::map<std::string, const Rec*> by_serial(const std::vector<const Rec*>& records) {
  std::map<std::string, const Rec*> out;
  for (const auto* r : records) {
    const auto serial = detail_of(*r, keys::kSerial);
    if (!serial.empty()) out.emplace(serial_key(serial), r);
  }
  return out;
}

// Every CA's (or other actor's) IssueCertificate "ok", trace order.
std::vector<const Rec*> issuances(const ManoView& v) {
  return v.query.all(RecordFilter{}
                         .of_kind(RecordKind::decision)
                         .op(decisions::kIssueCertificate)
                         .with_outcome(outcomes::kOk));
}

// True when a CertificateInstalled of the run ended long enough before its end to count a missing
// result as a failure (as the flow checks do: two simulated minutes).
bool settled(const CheckContext& context, const Rec& since) {
  return run_end(context) - since.time >= sim::Duration::minutes(2);
}

}  // namespace

// ID            5.2.3.1-a
// Objective     Every CMF that took part in VNFC certificate management completed the flows of a
//               mode: in direct mode, for at least one VNFCI identity it discovered (from the
//               VNFM's LCM notification or a Query VNF), it created the identity, registered it at
//               the CA (acknowledged), configured the VNFCI, and the VNFCI enrolled at the CA with
//               it and installed its certificate (every step of the C.2.1.x table in order).
// Reference     clause 5.2.3.1 (first sentence), 5.2.3.2; Annex C.2.1.1-C.2.1.3
// Applicability ICS "mano-certificates" (the direct-mode scenarios cover it)
// Verdict       pass naming the mode and flows completed (and that delegation was not exercised);
//               fail when a CMF discovered VNFCIs whose enrolment the scenario does not expect
//               refused and completed the flow for none of them; inconc when every enrolment was
//               an expected refusal or no CMF handled a VNFCI.
CheckResult check_cmf_completes_a_mode(const CheckContext& context) {
  ManoView mano(context);
  DirectView view(mano);
  CheckOutcome out;
  for (const auto& cmf : mano.roles.cmfs()) {
    std::size_t vnfcis = 0, completed = 0, identities = 0, refused_as_expected = 0;
    std::set<std::string> flows;
    std::vector<std::uint64_t> evidence;
    std::string first_problem;
    for (const auto& c : view.vnfcis()) {
      if (c.cmf != cmf) continue;
      ++vnfcis;
      if (mano.expect.direct.expects_not_enrolled(c.vnfci)) ++refused_as_expected;
      bool done = false;
      for (const auto& e : c.enrolments) {
        ++identities;
        if (e.installed != nullptr && e.problem.empty()) {
          done = true;
          flows.insert(c.flow->id);
          if (evidence.empty()) evidence = {c.discovered->id, e.registered->id, e.installed->id};
        } else if (first_problem.empty()) {
          first_problem = c.vnfci + "/" + e.identity + ": " +
                          (e.problem.empty() ? std::string("refused") : e.problem);
        }
      }
      if (done) ++completed;
    }
    if (vnfcis == 0) {
      if (mano.roles.params_of(cmf).contains("direct_mode"))
        out.inconc(cmf + " is configured for direct mode but discovered no VNFCI in this run");
      continue;
    }
    if (completed > 0) {
      std::set<std::string> cas;
      for (const auto& c : view.vnfcis())
        if (c.cmf == cmf && c.created != nullptr) cas.insert(detail_of(*c.created, keys::kCa));
      out.pass(cmf + " completed direct mode (" + joined_names(flows) + ") for " +
                   plural(completed, "VNFCI", "VNFCIs") + " of " + std::to_string(vnfcis) +
                   " discovered: identities created, registered at " + joined_names(cas) +
                   ", VNFCIs configured, enrolled at the CA themselves and installed; " +
                   kNoDelegation,
               evidence);
    } else if (refused_as_expected == vnfcis) {
      out.inconc(cmf +
                 ": every VNFCI it discovered was refused as the scenario expects, so no "
                 "mode's flow completed");
    } else {
      out.fail(cmf + " discovered " + plural(vnfcis, "VNFCI", "VNFCIs") +
               " but completed no mode's flow for any of their " + std::to_string(identities) +
               " identities (" + first_problem + ")");
    }
  }
  return out.result("no CMF handled a VNFCI in this run (no certificate management mode used)");
}

// ID            5.2.3.1-b
// Objective     Each VNF is handled in one mode: every certificate each of its VNFCIs installed
//               (enrolment and renewal) was requested from the CA by the VNFCI itself (direct
//               mode), or every one by a delegate (another requester, e.g. the VNFM: delegation);
//               no certificate for a VNFCI's identity was issued to another requester alongside.
// Reference     clause 5.2.3.1 ("VNFs shall support one of the two modes")
// Applicability ICS "vnf-certificates"
// Verdict       pass per VNF naming its one mode; fail when a VNF's certificates came both ways;
//               inconc when a VNF's installed certificate has no issuance in the trace, or no VNF
//               installed any.
CheckResult check_vnf_uses_one_mode(const CheckContext& context) {
  ManoView mano(context);
  DirectView view(mano);
  const auto& q = mano.query;
  struct Seen {
    std::set<std::string> vnfcis;
    std::map<std::string, std::vector<const Rec*>> by_mode;  // mode -> issuances
    std::vector<std::string> unknown;
  };
  std::map<std::string, Seen> vnfs;
  const auto issued_by_serial = by_serial(issuances(mano));
  for (const auto& c : view.vnfcis()) {
    auto& seen = vnfs[c.vnf];
    seen.vnfcis.insert(c.vnfci);
    for (const auto* installed :
         q.all(decision(c.vnfci, decisions::kCertificateInstalled).with_outcome(outcomes::kOk))) {
      const auto found = issued_by_serial.find(serial_key(detail_of(*installed, keys::kSerial)));
      const Rec* issued = found == issued_by_serial.end() ? nullptr : found->second;
      if (issued == nullptr) {
        seen.unknown.push_back(c.vnfci + "/" + detail_of(*installed, keys::kIdentity) + " (" +
                               describe(*installed) + ")");
        continue;
      }
      seen.by_mode[issued->peer == c.vnfci ? "direct" : "delegated to " + issued->peer].push_back(
          issued);
    }
    // Certificates for its identities issued to anyone else (a delegate).
    std::set<std::string> subjects;
    for (const auto& e : c.enrolments)
      if (e.registered != nullptr) subjects.insert(detail_of(*e.registered, keys::kSubject));
    for (const auto* r : issuances(mano)) {
      if (r->peer == c.vnfci) continue;
      const bool names_it = detail_of(*r, keys::kIdentity).rfind(c.vnfci + "/", 0) == 0 ||
                            subjects.contains(detail_of(*r, keys::kSubject));
      if (!names_it) continue;
      auto& list = seen.by_mode["delegated to " + r->peer];
      if (std::find(list.begin(), list.end(), r) == list.end()) list.push_back(r);
    }
  }
  CheckOutcome out;
  for (const auto& [vnf, seen] : vnfs) {
    std::vector<std::uint64_t> evidence;
    for (const auto& [mode, records] : seen.by_mode)
      for (const auto* r : records) evidence.push_back(r->id);
    if (seen.by_mode.size() > 1) {
      std::string modes;
      for (const auto& [mode, records] : seen.by_mode)
        modes += (modes.empty() ? "" : "; ") + mode + ": " +
                 plural(records.size(), "certificate", "certificates") + " (first " +
                 describe(*records.front()) + ")";
      out.fail(vnf + " mixes certificate management modes across its VNFCIs (" + modes + ")",
               evidence);
      continue;
    }
    if (!seen.unknown.empty()) {
      out.inconc(vnf + ": no CA issuance in the trace for the certificate " + seen.unknown.front() +
                 ", so its mode is not known");
      continue;
    }
    if (seen.by_mode.empty()) continue;  // nothing installed: no mode to judge
    const auto& [mode, records] = *seen.by_mode.begin();
    out.pass(vnf + ": all " + plural(records.size(), "certificate", "certificates") + " of its " +
                 plural(seen.vnfcis.size(), "VNFCI", "VNFCIs") + " (" + joined_names(seen.vnfcis) +
                 ") obtained in one mode, " +
                 (mode == "direct" ? std::string("direct: each VNFCI requested its own from the CA")
                                   : mode) +
                 "; " + kNoDelegation,
             evidence);
  }
  return out.result("no VNFCI installed a certificate in this run");
}

// ID            5.2.3.1-c
// Objective     Every VNFM that instantiated VNFCIs (spawned them itself, or on the lifecycle chain
//               had the VIM or CISM create them on its resource allocations) took part in a
//               certificate management mode for them: in direct mode, the CMF learnt of each VNFCI
//               through the VNFM's VNF LCM interface on Cm-Vnfm (its LCM operation occurrence
//               notification, the answer to a Query VNF, or the answer to the query of every VNF
//               instance the CMF makes after its subscription is confirmed) and registered the
//               VNFCI's identities at the CA from what it learnt.
// Reference     clause 5.2.3.1 ("VNFM shall support at least one of the two modes"), 5.2.3.2
// Applicability ICS "vnf-certificates"
// Verdict       pass per VNFM naming the mode, its notifications and the registrations they drove;
//               fail when a VNFCI it instantiated never reached a CMF through it (or no identity
//               of it was registered, unless the scenario expects it refused); inconc when the
//               run ended before that could happen. Not shown: support of both modes (generic
//               VNFM), as delegation is not modelled.
CheckResult check_vnfm_takes_part_in_a_mode(const CheckContext& context) {
  ManoView mano(context);
  DirectView view(mano);
  const auto& q = mano.query;
  CheckOutcome out;
  for (const auto& vnfm : mano.roles.entities_of("vnfm")) {
    auto spawned = q.all(decision(vnfm, decisions::kSpawnActor)
                             .with_outcome(outcomes::kOk)
                             .with(keys::kType, roles::kVnfci));
    // On the lifecycle chain the VIM or the CISM creates the VNFCIs whose resources the VNFM
    // allocated (docs/lifecycle.md).
    for (const auto* allocation : q.all(RecordFilter{}
                                            .op(decisions::kResourceAllocation)
                                            .with_outcome(outcomes::kAllocated)
                                            .with(keys::kConsumer, vnfm)))
      if (const auto* s = q.first(decision(allocation->actor, decisions::kSpawnActor)
                                      .with_outcome(outcomes::kOk)
                                      .with(keys::kName, detail_of(*allocation, keys::kVnfci)),
                                  allocation->id))
        spawned.push_back(s);
    if (spawned.empty()) continue;
    std::size_t registered = 0;
    std::set<std::string> vnfs, sources, cmfs;
    std::vector<std::uint64_t> evidence;
    bool ok = true;
    for (const auto* s : spawned) {
      const auto name = detail_of(*s, keys::kName);
      const auto* c = view.vnfci(name);
      if (c == nullptr || detail_of(*c->discovered, keys::kVnfm) != vnfm) {
        if (!settled(context, *s))
          out.inconc(vnfm + " instantiated " + name + " (" + describe(*s) +
                         ") shortly before the run ended; no CMF learnt of it yet",
                     {s->id});
        else
          out.fail(vnfm + " instantiated " + name + " (" + describe(*s) +
                       ") but no CMF learnt of it through " + vnfm +
                       "'s LCM interface: the VNFM took part in no certificate management mode",
                   {s->id});
        ok = false;
        continue;
      }
      const auto source = detail_of(*c->discovered, keys::kSource);
      // What the CMF read from the VNFM before the discovery: the notification, the query
      // answer or the reconciliation's answer, received over Cm-Vnfm.
      const bool by_query = source == values::kSourceQuery;
      const bool by_reconciliation = source == values::kSourceReconciliation;
      const Rec* from_vnfm =
          q.last(decision(c->cmf, by_query            ? decisions::kQueryVnf
                                  : by_reconciliation ? decisions::kVnfInventoryReconciliation
                                                      : decisions::kVnfLcmNotification)
                     .to(vnfm),
                 0, c->discovered->id);
      if (from_vnfm == nullptr || from_vnfm->outcome == outcomes::kRejected ||
          (by_reconciliation && from_vnfm->outcome != outcomes::kOk)) {
        out.fail(c->cmf + " discovered " + name + " (" + describe(*c->discovered) + ") with no " +
                     (by_query            ? "Query VNF answer"
                      : by_reconciliation ? "reconciliation answer"
                                          : "LCM notification") +
                     " from " + vnfm + " before it",
                 {c->discovered->id});
        ok = false;
        continue;
      }
      std::size_t here = 0;
      for (const auto& e : c->enrolments)
        if (e.registered != nullptr && e.registered->outcome == outcomes::kRegistered) ++here;
      if (here == 0 && !mano.expect.direct.expects_not_enrolled(name) &&
          (c->attestation == nullptr || c->attestation->outcome == outcomes::kOk)) {
        out.fail(c->cmf + " learnt of " + name + " from " + vnfm +
                     " but registered none of its identities at a CA",
                 {from_vnfm->id, c->discovered->id});
        ok = false;
        continue;
      }
      registered += here;
      vnfs.insert(c->vnf);
      sources.insert(by_query            ? "Query VNF answers"
                     : by_reconciliation ? "instance queries after the CMF's subscription"
                                         : "LCM operation notifications");
      cmfs.insert(c->cmf);
      if (evidence.empty()) evidence = {s->id, from_vnfm->id, c->discovered->id};
    }
    if (!ok || vnfs.empty()) continue;
    out.pass(vnfm + " took part in direct mode: its " + joined_names(sources) +
                 " on Cm-Vnfm about " + joined_names(vnfs) + " led " + joined_names(cmfs) +
                 " to discover its " + plural(spawned.size(), "VNFCI", "VNFCIs") +
                 " and register " + plural(registered, "identity", "identities") + " at the CA; " +
                 kNoDelegation + ", so support of both modes (a generic VNFM) is not shown",
             evidence);
  }
  return out.result("no VNFM instantiated a VNFCI in this run");
}

// ID            5.2.1.1-a
// Objective     Certificate handling is automated for every MANO entity and VNFCI identity of the
//               scenario that needed a certificate: each MANO entity the OSS configured for
//               enrolment (CertificateConfiguration stored) and each VNFCI identity a CMF created
//               installed a certificate, and no installation followed a workload command to the
//               holder that asked for it ("enrol", "renew"): the enrolment was driven by the
//               configuration (MANO) or by the CMF from the VNFM's LCM notification or its
//               reconciliation query after subscribing (VNFCIs; a discovery by a Query VNF the
//               operator commanded counts as manual).
// Reference     clause 5.2.1.1 (first sentence)
// Applicability ICS "mano-certificates"
// Verdict       pass counting the holders; fail when one that needed a certificate got none (and
//               the scenario does not expect it refused) or got it by a command; inconc when the
//               run ended too soon. Partial: only the modelled interfaces exist, so that every
//               interface of the framework can be secured is not shown; the OSS's registration of
//               MANO entities is the operator's act by design (clause 5.2.4.5) and not counted as
//               manual.
CheckResult check_automated_certificates(const CheckContext& context) {
  ManoView mano(context);
  DirectView view(mano);
  const auto& q = mano.query;
  CheckOutcome out;
  // The workload command that asked `actor` for this installation, or nullptr.
  auto commanded = [&](const std::string& actor, const Rec& installed,
                       std::uint64_t since) -> const Rec* {
    for (const char* name : {"enrol", "renew"})
      if (const auto* c = q.last(RecordFilter{}
                                     .of_kind(RecordKind::command)
                                     .by(actor)
                                     .op(name)
                                     .with_outcome(outcomes::kOk),
                                 since, installed.id))
        return c;
    return nullptr;
  };
  std::size_t entities = 0, identities = 0;
  std::vector<std::uint64_t> evidence;
  bool ok = true;
  const std::string not_shown =
      "; not observable: that every interface of the framework can be secured (only the "
      "modelled reference points exist)";
  for (const auto& a : mano.roles.entities()) {
    const auto* configured =
        q.first(decision(a, decisions::kCertificateConfiguration).with_outcome(outcomes::kStored));
    if (configured == nullptr) continue;
    const auto installs = installs_of(mano, a);
    if (installs.empty()) {
      if (mano.expect.expects_not_certified(a) || !mano.expect.rejections_of(a).empty()) continue;
      if (!settled(context, *configured))
        out.inconc(a + " was configured for enrolment shortly before the run ended",
                   {configured->id});
      else
        out.fail(a + " needed a certificate (" + describe(*configured) + ") and never got one",
                 {configured->id});
      ok = false;
      continue;
    }
    std::uint64_t since = 0;
    for (const auto* installed : installs) {
      if (const auto* c = commanded(a, *installed, since)) {
        out.fail(a + " installed a certificate (" + describe(*installed) +
                     ") only after a workload command asked it to (" + describe(*c) + ")",
                 {c->id, installed->id});
        ok = false;
      }
      since = installed->id;
    }
    ++entities;
    if (evidence.size() < 4) evidence.push_back(installs.front()->id);
  }
  for (const auto& c : view.vnfcis()) {
    if (mano.expect.direct.expects_not_enrolled(c.vnfci)) continue;
    const auto source = detail_of(*c.discovered, keys::kSource);
    if (source != values::kSourceNotification && source != values::kSourceReconciliation) {
      out.fail(c.cmf + " learnt of " + c.vnfci + " by \"" +
                   detail_of(*c.discovered, keys::kSource) + "\" (" + describe(*c.discovered) +
                   "), not from an LCM notification: its certificates followed an operator's "
                   "command",
               {c.discovered->id});
      ok = false;
      continue;
    }
    for (const auto& e : c.enrolments) {
      if (e.installed == nullptr) {
        if (c.retired != nullptr || !settled(context, *c.discovered)) continue;
        out.fail(c.vnfci + "/" + e.identity + " needed a certificate (identity created by " +
                     c.cmf + ") and never got one" +
                     (e.problem.empty() ? std::string() : " (" + e.problem + ")"),
                 {c.discovered->id});
        ok = false;
        continue;
      }
      std::uint64_t since = 0;
      for (const auto* installed : q.all(decision(c.vnfci, decisions::kCertificateInstalled)
                                             .with(keys::kIdentity, e.identity)
                                             .with_outcome(outcomes::kOk))) {
        if (const auto* cmd = commanded(c.vnfci, *installed, since)) {
          out.fail(c.vnfci + "/" + e.identity + " installed a certificate (" +
                       describe(*installed) + ") only after a workload command asked it to (" +
                       describe(*cmd) + ")",
                   {cmd->id, installed->id});
          ok = false;
        }
        since = installed->id;
      }
      ++identities;
      if (evidence.size() < 4) evidence.push_back(e.installed->id);
    }
  }
  if (ok && entities + identities > 0) {
    std::string who, how;
    if (entities > 0) {
      who = plural(entities, "MANO entity", "MANO entities");
      how = "MANO entities enrolled once the OSS configured them";
    }
    if (identities > 0) {
      who +=
          (who.empty() ? "" : " and ") + plural(identities, "VNFCI identity", "VNFCI identities");
      how += (how.empty() ? "" : ", ") +
             std::string(
                 "VNFCIs once the CMF learnt of them from the VNFM's LCM notification "
                 "or its own query after subscribing");
    }
    out.pass(who + " that needed a certificate each got one with no command to enrol or renew: " +
                 how + not_shown,
             evidence);
  }
  return out.result("nothing in this run needed a certificate");
}

// ID            5.2.6-a
// Objective     The certificates are managed within PKIs the scenario set up: every CA actor has a
//               self-signed root and an issuing CA under it, only CA actors issue, and every
//               certificate a CA issued chains to that CA's root at its issuance time: verified
//               here on the certificate held at the end (MANO entities' history, VNFCIs' current
//               certificates), otherwise by its holder on receipt (CertificateVerification ok, the
//               CMF's own CmfReady / RaCertificate ok, which verify against the root the CA
//               returned).
// Reference     clause 5.2.6 (first paragraph)
// Applicability ICS "mano-certificates"
// Verdict       pass per CA; fail on an issuance by a non-CA actor, a broken hierarchy or a
//               certificate that does not chain to its CA's root; inconc when an issued
//               certificate was verified by nobody. Partial: establishing a PKI is largely an
//               organisational act (policies, RA procedures, key ceremonies), not observable.
CheckResult check_certificates_chain_to_a_pki(const CheckContext& context) {
  ManoView mano(context);
  const auto& q = mano.query;
  auto& sim = context.simulation;
  CheckOutcome out;
  // Every certificate held at the end, by serial.
  std::map<std::string, pki::Certificate> held;
  auto keep = [&](const pki::Certificate& c) { held.emplace(serial_key(c.serial_hex()), c); };
  for (const auto& a : mano.roles.entities())
    if (const auto* h = holder_of(sim, a))
      for (const auto& c : h->certificate_history()) keep(c.certificate);
  for (const auto* s : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op(decisions::kSpawnActor)
                                 .with_outcome(outcomes::kOk)
                                 .with(keys::kType, roles::kVnfci)))
    if (const auto* v =
            dynamic_cast<const actors::VnfciIdentities*>(sim.actor(detail_of(*s, keys::kName))))
      for (const auto& i : v->identities())
        if (i.certificate) keep(*i.certificate);
  auto find_held = [&](const std::string& serial) -> const pki::Certificate* {
    const auto it = held.find(serial_key(serial));
    return it == held.end() ? nullptr : &it->second;
  };
  // The holders' own verifications on receipt, by serial: CertificateVerification ok, and the
  // CMF's CmfReady / RaCertificate ok (it verifies its certificate against the CA's root).
  auto verifications = q.all(RecordFilter{}
                                 .of_kind(RecordKind::crypto)
                                 .op(decisions::kCertificateVerification)
                                 .with_outcome(outcomes::kOk));
  for (const char* op : {decisions::kCmfReady, decisions::kRaCertificate})
    for (const auto* v :
         q.all(RecordFilter{}.of_kind(RecordKind::decision).op(op).with_outcome(outcomes::kOk)))
      verifications.push_back(v);
  const auto verified_by_serial = by_serial(verifications);
  // Issuances by actors that are not CAs of the scenario.
  for (const auto* r : issuances(mano))
    if (!mano.roles.is_ca(r->actor))
      out.fail(r->actor + " issued a certificate although it is no CA of the scenario (" +
                   describe(*r) + ")",
               {r->id});
  for (const auto& ca : mano.roles.cas()) {
    const auto* hierarchy = dynamic_cast<const actors::CaHierarchy*>(sim.actor(ca));
    if (hierarchy == nullptr) {
      out.inconc(ca + " exposes no CA hierarchy to verify against");
      continue;
    }
    const auto root = hierarchy->root_certificate();
    const auto issuing = hierarchy->issuing_certificates();
    pki::TrustStore trust;
    trust.add_anchor(root);
    for (const auto& i : issuing) trust.add_intermediate(i);
    if (!(root.subject() == root.issuer())) {
      out.fail(ca + "'s root \"" + root.subject().to_string() + "\" is not self-signed");
      continue;
    }
    const auto issued =
        q.all(decision(ca, decisions::kIssueCertificate).with_outcome(outcomes::kOk));
    if (issued.empty()) continue;
    // What the CA's own log kept of what it issued (e.g. a certificate it withdrew unconfirmed,
    // which nobody holds or verified on receipt), by serial.
    std::map<std::string, const pki::Bytes*> logged;
    if (const auto* log = dynamic_cast<const actors::ArtifactLog*>(sim.actor(ca)))
      for (const auto& artifact : log->artifacts())
        if (artifact.kind == "certificate")
          logged.emplace(serial_key(artifact.serial), &artifact.der);
    std::size_t verified_here = 0, verified_by_holder = 0;
    std::vector<std::uint64_t> evidence;
    bool ok = true;
    for (const auto* r : issued) {
      const auto serial = detail_of(*r, keys::kSerial);
      const auto at = pki::Instant{sim.epoch().at(r->time).unix_ns};
      std::optional<pki::Certificate> from_log;
      const auto* cert = find_held(serial);
      if (cert == nullptr && !verified_by_serial.count(serial_key(serial))) {
        if (auto it = logged.find(serial_key(serial)); it != logged.end()) {
          from_log = pki::Certificate::from_der(*it->second);
          cert = &*from_log;
        }
      }
      if (cert != nullptr) {
        const auto verdict = pki::verify_certificate(*cert, trust, at);
        if (!verdict.ok()) {
          out.fail(ca + " issued " + serial + " (" + describe(*r) +
                       "), which does not chain to its root \"" + root.subject().to_string() +
                       "\" (" + std::string(pki::to_string(verdict.failure)) + ": " +
                       verdict.detail + ")",
                   {r->id});
          ok = false;
          continue;
        }
        ++verified_here;
        if (evidence.size() < 4) evidence.push_back(r->id);
        continue;
      }
      const auto found = verified_by_serial.find(serial_key(serial));
      const Rec* by_holder =
          found == verified_by_serial.end() || found->second->id < r->id ? nullptr : found->second;
      if (by_holder == nullptr) {
        out.inconc(ca + " issued " + serial + " (" + describe(*r) +
                       "); nobody verified it against a root (not held at the end, no "
                       "verification on receipt)",
                   {r->id});
        ok = false;
        continue;
      }
      ++verified_by_holder;
      if (evidence.size() < 4) evidence.push_back(by_holder->id);
    }
    if (!ok) continue;
    std::string chain;
    for (const auto& i : issuing) chain += " -> \"" + i.subject().to_string() + "\"";
    out.pass(ca + " set up a PKI, root \"" + root.subject().to_string() + "\"" + chain +
                 "; every one of its " +
                 plural(issued.size(), "issued certificate", "issued certificates") +
                 " chains to that root: " + std::to_string(verified_here) +
                 " verified here on the certificate held at the end, " +
                 std::to_string(verified_by_holder) +
                 " by their holder on receipt; not observable: the organisational "
                 "establishment of the PKI (policies, registration procedures, key ceremonies)",
             evidence);
  }
  return out.result("no CA issued a certificate in this run");
}

// ID            5.2.6-b
// Objective     CA and CMF are separate deployments: each CMF and each CA of the scenario is its
//               own actor (own keys, own network endpoint), no actor but a CA issues, and every CA
//               operation on a CMF's behalf (issuance, end-entity registration, revocation)
//               answers a request the CA received from that CMF over CA-1 through the network.
//               The simulator models no collocated CA/CMF; a scenario cannot declare one.
// Reference     clause 5.2.6 (CA and CMF deployments separated)
// Applicability ICS "mano-certificates"
// Verdict       pass per CMF; fail when a non-CA actor issued, or a CA acted for a CMF without its
//               request over CA-1; inconc when a CMF never dealt with a CA. Partial: deployment
//               isolation, exposure to external networks and the closed-network exception are
//               not observable.
CheckResult check_ca_and_cmf_separate(const CheckContext& context) {
  ManoView mano(context);
  const auto& q = mano.query;
  CheckOutcome out;
  for (const auto* r : issuances(mano))
    if (!mano.roles.is_ca(r->actor))
      out.fail(r->actor + " issued a certificate itself (" + describe(*r) +
                   "): the CA function is not separate from it",
               {r->id});
  const std::map<std::string, std::string> what = {{decisions::kIssueCertificate, "issuance"},
                                                   {decisions::kRegisterEndEntity, "registration"},
                                                   {decisions::kRevokeCertificate, "revocation"}};
  for (const auto& cmf : mano.roles.cmfs()) {
    std::map<std::string, std::size_t> counts;
    std::set<std::string> cas;
    std::vector<std::uint64_t> evidence;
    bool ok = true;
    for (const auto& ca : mano.roles.cas()) {
      for (const auto& [op, label] : what) {
        for (const auto* d : q.all(decision(ca, op).to(cmf))) {
          // The request it answers: received by the CA from the CMF on CA-1, and sent by the CMF.
          std::string request = op == decisions::kRegisterEndEntity ? ops::kRegisterEndEntityRequest
                                : op == decisions::kRevokeCertificate
                                    ? ops::kCmpRr
                                    : detail_of(*d, keys::kRequest);
          const auto* received = q.last(
              RecordFilter{}.of_kind(RecordKind::receive).by(ca).to(cmf).op(request), 0, d->id);
          const Rec* sent = nullptr;
          if (received != nullptr)
            for (const auto* s : q.all(sends(cmf, ca).op(request)))
              if (s->message_id == received->message_id && s->id < received->id) sent = s;
          if (received == nullptr || sent == nullptr ||
              received->reference_point != reference_points::kCa1) {
            out.fail(ca + " recorded a " + label + " for " + cmf + " (" + describe(*d) +
                         ") without a " + (request.empty() ? "request" : request) + " from " + cmf +
                         " over CA-1 before it",
                     {d->id});
            ok = false;
            continue;
          }
          ++counts[label];
          cas.insert(ca);
          if (evidence.size() < 4) evidence.insert(evidence.end(), {sent->id, d->id});
        }
      }
    }
    if (!ok) continue;
    if (cas.empty()) {
      out.inconc(cmf + " dealt with no CA in this run");
      continue;
    }
    std::string list;
    for (const auto& [label, n] : counts)
      list += (list.empty() ? "" : ", ") + std::to_string(n) + " " + label + (n == 1 ? "" : "s");
    out.pass(cmf + " and its CA" + (cas.size() == 1 ? " " : "s ") + joined_names(cas) +
                 " are separate actors with their own keys and endpoints; every CA operation "
                 "for " +
                 cmf + " (" + list + ") answered a request " + cmf +
                 " sent over CA-1; no other actor issued; no collocation declared (not modelled); "
                 "not observable: deployment isolation and the closed-network exception",
             evidence);
  }
  return out.result("no CMF in this run");
}

void register_clause5_pki_checks(CheckRegistry& registry) {
  registry.add("5.2.3.1-a", "the CMF completed a certificate management mode's flows",
               check_cmf_completes_a_mode);
  registry.add("5.2.3.1-b", "each VNF's certificates obtained in one mode",
               check_vnf_uses_one_mode);
  registry.add("5.2.3.1-c", "the VNFM's LCM interface drove the CMF's registrations",
               check_vnfm_takes_part_in_a_mode);
  registry.add("5.2.1.1-a", "every certificate needed was obtained without a command",
               check_automated_certificates);
  registry.add("5.2.6-a", "every issued certificate chains to its CA's configured root",
               check_certificates_chain_to_a_pki);
  registry.add("5.2.6-b", "CA and CMF separate, every CA operation for the CMF over CA-1",
               check_ca_and_cmf_separate);
}

}  // namespace ifa026::conformance
