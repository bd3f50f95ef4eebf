// Annex B.2-B.7 entity checks (see entity_checks.hpp). Test descriptions follow ETSI TST010.
#include "conformance/entity_checks.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"
#include "pki/names.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;
using Rec = sim::TraceRecord;

// The OSS's configuration entry for `entity` (params.entities[entity]), or null.
const nlohmann::json* oss_entry(const ManoView& v, const std::string& entity) {
  for (const auto& oss : v.roles.osses()) {
    const auto& p = v.roles.params_of(oss);
    if (p.contains("entities") && p["entities"].is_object() && p["entities"].contains(entity) &&
        p["entities"][entity].is_object())
      return &p["entities"][entity];
  }
  return nullptr;
}

bool is_tls_reference_point(const std::string& rp) {
  return !rp.empty() && rp != reference_points::kHsmIf && rp != reference_points::kCa1 &&
         rp != reference_points::kCrlDp;
}

bool is_channel_control(const std::string& op) {
  return op == ops::kTlsHandshake || op == ops::kTlsAlert || op == ops::kTlsClose;
}

// A session check between `a` and `b` (either side recorded it) with this outcome.
const Rec* session_check(const ManoView& v, const std::string& a, const std::string& b,
                         const std::string& outcome) {
  for (const auto& r : v.query.records())
    if (r.kind == RecordKind::decision && r.operation == decisions::kSessionCheck &&
        r.outcome == outcome && ((r.actor == a && r.peer == b) || (r.actor == b && r.peer == a)))
      return &r;
  return nullptr;
}

const Rec* mutual_handshake(const ManoView& v, const std::string& a, const std::string& b) {
  for (const auto& r : v.query.records())
    if (r.kind == RecordKind::crypto && r.operation == decisions::kTlsHandshake &&
        r.outcome == outcomes::kOk && detail_of(r, keys::kChannel) == values::kChannelMutual &&
        ((r.actor == a && r.peer == b) || (r.actor == b && r.peer == a)))
      return &r;
  return nullptr;
}

// The certificate behind a serial presented in a handshake, as the trace knows it: delivered
// by a CMF to an entity (CertificateDelivered) or enrolled by a CMF for itself (CmfReady,
// RaCertificate); nullptr when no CMF record names it before `before`.
const Rec* cmf_issued(const ManoView& v, const std::string& serial, std::uint64_t before) {
  if (serial.empty()) return nullptr;
  for (const auto& r : v.query.records()) {
    if (r.id >= before) break;
    if (r.kind != RecordKind::decision || r.outcome != outcomes::kOk || !v.roles.is_cmf(r.actor))
      continue;
    if (r.operation != decisions::kCertificateDelivered && r.operation != decisions::kCmfReady &&
        r.operation != decisions::kRaCertificate)
      continue;
    if (same_serial(detail_of(r, keys::kSerial), serial)) return &r;
  }
  return nullptr;
}

// The CrlUpdated of `entity` before `before` that applies a CRL listing `serial` (a CA revoked it,
// then published a CRL with that number or later, which the entity verified), or nullptr.
const Rec* revocation_known(const ManoView& v, const std::string& entity, const std::string& serial,
                            std::uint64_t before) {
  if (serial.empty()) return nullptr;
  const auto& q = v.query;
  for (const auto* r : q.all(RecordFilter{}
                                 .of_kind(RecordKind::decision)
                                 .op(decisions::kRevokeCertificate)
                                 .with_outcome(outcomes::kOk))) {
    if (r->id >= before || !v.roles.is_ca(r->actor) ||
        !same_serial(detail_of(*r, keys::kSerial), serial))
      continue;
    const auto* published =
        q.first(decision(r->actor, decisions::kPublishCrl).with_outcome(outcomes::kOk), r->id);
    if (published == nullptr || published->id >= before) continue;
    const auto number = std::atoll(detail_of(*published, keys::kNumber).c_str());
    for (const auto* u :
         q.all(decision(entity, decisions::kCrlUpdated).with_outcome(outcomes::kOk)))
      if (u->id > published->id && u->id < before && u->peer == r->actor &&
          std::atoll(detail_of(*u, keys::kNumber).c_str()) >= number)
        return u;
  }
  return nullptr;
}

// The CAs a CMF issues through (its `ca` and the values of `cas`).
std::vector<std::string> cas_of(const ManoView& v, const std::string& cmf) {
  std::vector<std::string> out;
  const auto& params = v.roles.params_of(cmf);
  if (auto ca = params.find("ca"); ca != params.end() && ca->is_string())
    out.push_back(ca->get<std::string>());
  if (auto cas = params.find("cas"); cas != params.end() && cas->is_object())
    for (const auto& [kind, ca] : cas->items())
      if (ca.is_string()) out.push_back(ca.get<std::string>());
  return out;
}

// The kind of bad peer certificate a refused handshake's verification error names ("" when it
// names none of the three).
std::string refused_part(const std::string& verification) {
  std::string text = verification;
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text.find("expired") != std::string::npos) return kMutualTlsParts[2];
  if (text.find("revoked") != std::string::npos) return kMutualTlsParts[3];
  if (text.find("issuer") != std::string::npos || text.find("self-signed") != std::string::npos ||
      text.find("self signed") != std::string::npos || text.find("untrusted") != std::string::npos)
    return kMutualTlsParts[1];
  return "";
}

}  // namespace

// ID            Nfvo.Sc.001, Vnfm.Sc.001, Vim.Sc.001, Wim.Sc.004, Cism.Sc.004, Cir.Sc.004
// Objective     The entity sets up mutually authenticated TLS with its peers using the
//               certificate the CMF issued to it and validating the peer's: in every mutual
//               handshake it completes, the certificate it presented (serial=) is the one it
//               installed and still holds, and the peer's (peer_serial=) is one a CMF of the
//               scenario delivered (or enrolled for itself) through a CA the entity's own CMF
//               uses, not expired at that time and not revoked by a CRL it had verified; data
//               flows both ways on the session (SessionCheck ok). Sessions the scenario expects
//               must exist. Suite parts (kMutualTlsParts): a mutual session, and a peer
//               certificate from an untrusted CA, an expired one and a revoked one each refused
//               by an entity of this kind (its handshake failed on its own verification of the
//               peer's certificate). A CRL refusal the scenario expects of the entity
//               (expect.rejections with operation CrlUpdated, e.g. a replayed older CRL refused
//               as stale so that a revoked peer stays refused) must be in the trace.
// Reference     ETSI GS NFV-IFA 026 V4.5.1 clauses B.2-B.7 (Sc.001 / Sc.004)
// Applicability ICS "mano-certificates" (plus "wim"/"cism"/"cir"); not with "hsm" keys in this
//               model (an HSM-resident key cannot sign TLS handshakes here)
CheckResult check_mutual_tls(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  CheckOutcome out;
  const auto epoch = context.simulation.epoch();
  for (const auto& a : v.roles.entities_of(type)) {
    // The CRLs the scenario expects the entity to refuse: a CRL it took would decide which peer
    // certificates its handshakes accept.
    for (const auto& rj : v.expect.rejections) {
      if (rj.actor != a || rj.operation != decisions::kCrlUpdated) continue;
      const Rec* refused = nullptr;
      for (const auto* r : v.query.all(decision(a, decisions::kCrlUpdated)))
        if (r->outcome == outcomes::kRejected && reason_contains(*r, rj.reason_contains)) {
          refused = r;
          break;
        }
      if (refused == nullptr)
        out.fail(a + ": expected it to refuse a CRL (\"" + rj.reason_contains +
                 "\"), but the trace holds no such refusal");
      else
        out.pass(a + " refused CRL " + detail_of(*refused, keys::kNumber) + " from " +
                     refused->peer + " (" + detail_of(*refused, keys::kReason) + ")",
                 {refused->id});
    }
    for (const auto& [x, y] : v.expect.sessions) {
      if (x != a && y != a) continue;
      const auto& other = x == a ? y : x;
      const auto* hs = mutual_handshake(v, a, other);
      const auto* sc = session_check(v, a, other, outcomes::kOk);
      if (hs == nullptr || sc == nullptr)
        out.fail(a + ": expected a mutual TLS session with " + other + ", but " +
                 (hs == nullptr ? std::string("no mutual handshake succeeded")
                                : "no SessionCheck succeeded on it"));
    }
    // Refusals of a bad peer certificate, on its own verification, each confirmed by what the
    // trace says of that certificate (its issuing CA, validity, revocation).
    for (const auto* f :
         v.query.all(crypto(a, decisions::kTlsHandshake).with_outcome(outcomes::kFailed))) {
      const auto verification = detail_of(*f, keys::kVerification);
      const auto part = refused_part(verification);
      if (part.empty()) continue;
      const auto serial = detail_of(*f, keys::kPeerSerial);
      const auto what = f->peer + "'s certificate" + (serial.empty() ? "" : " " + serial) + " (" +
                        verification + ")";
      const Rec* issued = nullptr;
      for (const auto* r : v.query.all(RecordFilter{}
                                           .of_kind(RecordKind::decision)
                                           .op(decisions::kIssueCertificate)
                                           .with_outcome(outcomes::kOk)))
        if (r->id < f->id && v.roles.is_ca(r->actor) &&
            same_serial(detail_of(*r, keys::kSerial), serial))
          issued = r;
      if (issued == nullptr) {
        out.inconc(a + " refused " + what + ", a certificate the trace does not show issued",
                   {f->id});
        continue;
      }
      std::string wrong;
      if (part == kMutualTlsParts[1]) {
        for (const auto& ca : cas_of(v, cmf_of(v, a)))
          if (ca == issued->actor) wrong = "issued by " + ca + ", a CA its own CMF uses";
      } else if (part == kMutualTlsParts[2]) {
        const auto not_after = sim::parse_utc(detail_of(*issued, keys::kNotAfter));
        if (!not_after || epoch.at(f->time) < *not_after)
          wrong = "valid until " + detail_of(*issued, keys::kNotAfter);
      } else {
        bool revoked = false;
        for (const auto* r : v.query.all(RecordFilter{}
                                             .of_kind(RecordKind::decision)
                                             .op(decisions::kRevokeCertificate)
                                             .with_outcome(outcomes::kOk)))
          if (r->id < f->id && r->actor == issued->actor &&
              same_serial(detail_of(*r, keys::kSerial), serial))
            revoked = true;
        if (!revoked) wrong = "never revoked by " + issued->actor;
      }
      if (!wrong.empty()) {
        out.fail(a + " refused " + what + " although it was " + wrong, {issued->id, f->id});
        continue;
      }
      out.observe(part);
      out.pass(a + " refused " + what, {issued->id, f->id});
    }
    const auto handshakes = v.query.all(crypto(a, decisions::kTlsHandshake)
                                            .with_outcome(outcomes::kOk)
                                            .with(keys::kChannel, values::kChannelMutual));
    std::vector<std::uint64_t> ev;
    bool bad = false;
    for (const auto* h : handshakes) {
      const auto* installed = v.query.last(
          decision(a, decisions::kCertificateInstalled).with_outcome(outcomes::kOk), 0, h->id);
      const auto* removed =
          installed == nullptr
              ? nullptr
              : v.query.first(
                    decision(a, decisions::kCertificateRemoved).with_outcome(outcomes::kOk),
                    installed->id, h->id);
      if (installed == nullptr || removed != nullptr) {
        out.fail(a + " completed a mutual TLS handshake (" + describe(*h) +
                     ") without a CMF-issued certificate in force",
                 {h->id});
        bad = true;
        continue;
      }
      if (const auto own = detail_of(*h, keys::kSerial);
          !own.empty() && !same_serial(own, detail_of(*installed, keys::kSerial))) {
        out.fail(a + " presented certificate " + own + " in " + describe(*h) +
                     ", not the one it holds (" + detail_of(*installed, keys::kSerial) + ")",
                 {installed->id, h->id});
        bad = true;
        continue;
      }
      const auto peer_subject = detail_of(*h, keys::kPeerSubject);
      const auto peer_serial = detail_of(*h, keys::kPeerSerial);
      const auto* origin = cmf_issued(v, peer_serial, h->id);
      if (origin == nullptr) {
        out.fail(a + " accepted peer \"" + peer_subject + "\" (" + describe(*h) +
                     ") whose certificate " + (peer_serial.empty() ? "(no serial)" : peer_serial) +
                     " no CMF of the scenario issued",
                 {h->id});
        bad = true;
        continue;
      }
      // Issued through a CA of its own operator: one its CMF uses.
      if (const auto ca = detail_of(*origin, keys::kCa); !ca.empty()) {
        const auto ours = cas_of(v, cmf_of(v, a));
        if (!ours.empty() && std::find(ours.begin(), ours.end(), ca) == ours.end()) {
          out.fail(a + " accepted " + h->peer + "'s certificate " + peer_serial + " issued by " +
                       ca + ", a CA its CMF does not use (" + describe(*h) + ")",
                   {origin->id, h->id});
          bad = true;
          continue;
        }
      }
      if (const auto not_after = sim::parse_utc(detail_of(*origin, keys::kNotAfter));
          not_after && epoch.at(h->time) >= *not_after) {
        out.fail(a + " accepted " + h->peer + "'s certificate " + peer_serial +
                     " after it expired (" + detail_of(*origin, keys::kNotAfter) + ", " +
                     describe(*h) + ")",
                 {origin->id, h->id});
        bad = true;
        continue;
      }
      if (const auto* crl = revocation_known(v, a, peer_serial, h->id); crl != nullptr) {
        out.fail(a + " accepted " + h->peer + "'s certificate " + peer_serial +
                     " although the CRL it had verified (" + describe(*crl) + ") revokes it (" +
                     describe(*h) + ")",
                 {crl->id, h->id});
        bad = true;
        continue;
      }
      if (ev.size() < 6) {
        ev.push_back(installed->id);
        ev.push_back(origin->id);
        ev.push_back(h->id);
      }
    }
    if (bad) continue;
    if (handshakes.empty()) {
      const auto* skipped =
          v.query.first(decision(a, decisions::kSessionCheck).with_outcome(outcomes::kSkipped));
      if (skipped != nullptr)
        out.inconc(a + ": no mutual TLS session (" + detail_of(*skipped, keys::kReason) + ")",
                   {skipped->id});
      continue;
    }
    const Rec* check = nullptr;
    for (const auto* h : handshakes)
      if ((check = session_check(v, a, h->peer, outcomes::kOk)) != nullptr) break;
    if (check == nullptr) {
      out.inconc(a + ": mutual TLS established but no session check carried data on it", ev);
      continue;
    }
    ev.push_back(check->id);
    out.observe(kMutualTlsParts[0]);
    out.pass(a + ": " + std::to_string(handshakes.size()) +
                 " mutual TLS handshake(s) presenting the certificate it was issued, each peer's "
                 "certificate one a CMF issued (serials traced), session check ok with " +
                 (check->actor == a ? check->peer : check->actor),
             ev);
  }
  return out.result("no " + entity_type_name(type) + " set up a mutual TLS session");
}

// ID            Nfvo.Sc.004, Vnfm.Sc.008, Vim.Sc.004, Wim.Sc.007, Cism.Sc.007, Cir.Sc.007
// Objective     The entity runs every part of the lifecycle of its certificate and keys, each
//               observed for an entity of this kind somewhere in the suite (suite parts,
//               kLifecycleParts): CSR (key generated by the entity or its HSM, then the CSR
//               sent), enrolment (issued certificate verified and installed), renewal (a fresh
//               key, installed before the certificate in force expired), removal (a
//               CertificateRemoved from its CMF acted on: certificate and key dropped), revocation
//               (it asked its CMF to revoke the certificate it holds, the CA revoked that serial
//               and the CMF answered it: RevocationRequest requested, the CMF's RevocationRequest
//               ok with consumer = the entity, the CA's RevokeCertificate ok, RevocationResult
//               ok; a revocation the OSS asked for is checked but shows no part of the entity's)
//               and monitoring (its own expiry watch raised RenewalDue before not_after).
// Reference     clauses B.2-B.7 (Sc.004 / Sc.007 / Sc.008)
// Applicability ICS "mano-certificates" (plus "wim"/"cism"/"cir")
// Verdict       per scenario: pass naming the parts seen (and those this scenario does not
//               show); fail on an expiry without renewal, a late renewal, a reused key, an
//               unhandled removal, a revocation the CA never carried out or fewer renewals than
//               expected; inconc when it never enrolled. The suite step turns the requirement
//               inconc while a part was observed in no scenario.
CheckResult check_certificate_lifecycle(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  const auto end = run_end(context);
  const auto end_utc = context.simulation.epoch().at(end);
  for (const auto& a : v.roles.entities_of(type)) {
    const auto installs = installs_of(v, a);
    const auto* csr =
        q.first(RecordFilter{}.of_kind(RecordKind::send).by(a).op(ops::kCertificateSigningRequest));
    if (installs.empty()) {
      if (v.expect.expects_certified(a))
        out.fail(a + " was expected to enrol but installed no certificate");
      else if (csr != nullptr && !v.expect.expects_not_certified(a))
        out.inconc(a + " sent a CSR but never enrolled", {csr->id});
      continue;
    }
    std::vector<std::uint64_t> ev;
    std::set<std::string> parts;
    const auto* keygen = q.first(decision(a, decisions::kGenerateKey).with_outcome(outcomes::kOk));
    if (keygen == nullptr || csr == nullptr || keygen->id > csr->id) {
      out.fail(a + " installed a certificate without a traced key generation and CSR",
               {installs[0]->id});
      continue;
    }
    ev.push_back(keygen->id);
    ev.push_back(csr->id);
    ev.push_back(installs[0]->id);
    parts.insert("CSR");
    if (const auto* verified =
            q.last(crypto(a, decisions::kCertificateVerification).with_outcome(outcomes::kOk), 0,
                   installs[0]->id);
        verified != nullptr && detail_of(*installs[0], keys::kPurpose) == values::kPurposeEnrolment)
      parts.insert("enrolment");
    bool ok = true;
    int renewals = 0;
    std::string notes;
    for (std::size_t i = 0; i < installs.size(); ++i) {
      const auto* in = installs[i];
      if (i > 0) {
        if (detail_of(*in, keys::kPurpose) == values::kPurposeRenewal) ++renewals;
        ev.push_back(in->id);
      }
      const auto not_after = sim::parse_utc(detail_of(*in, keys::kNotAfter));
      if (!not_after) continue;
      const auto* next = i + 1 < installs.size() ? installs[i + 1] : nullptr;
      const auto* removed =
          q.first(decision(a, decisions::kCertificateRemoved).with_outcome(outcomes::kOk), in->id,
                  next != nullptr ? next->id : 0);
      if (removed != nullptr) continue;
      const auto next_utc = next != nullptr ? context.simulation.epoch().at(next->time) : end_utc;
      if (next != nullptr && next_utc >= *not_after) {
        out.fail(a + " renewed only after certificate " + detail_of(*in, keys::kSerial) +
                     " had expired (" + describe(*next) + ")",
                 {in->id, next->id});
        ok = false;
      } else if (next == nullptr && end_utc >= *not_after) {
        out.fail(a + "'s certificate " + detail_of(*in, keys::kSerial) + " expired at " +
                     detail_of(*in, keys::kNotAfter) + " during the run without renewal",
                 {in->id});
        ok = false;
      } else if (next == nullptr) {
        const auto* due =
            q.first(decision(a, decisions::kRenewalDue).with_outcome(outcomes::kOk), in->id);
        if (due != nullptr) notes = "; a renewal was under way when the run ended";
      }
    }
    // Renewals use a fresh key.
    if (const auto* holder = holder_of(context.simulation, a); holder != nullptr) {
      const auto history = holder->certificate_history();
      for (std::size_t i = 1; i < history.size(); ++i)
        if (history[i].certificate.public_key() == history[i - 1].certificate.public_key()) {
          out.fail(a + " renewed certificate " + history[i - 1].certificate.serial_hex() +
                   " with the same key pair");
          ok = false;
        }
    }
    if (renewals > 0) parts.insert("renewal");
    // Monitoring: its own expiry watch raised the renewal before the certificate expired.
    for (const auto* due : q.all(decision(a, decisions::kRenewalDue)
                                     .with_outcome(outcomes::kOk)
                                     .with(keys::kTrigger, values::kTriggerExpiryWatch))) {
      const auto not_after = sim::parse_utc(detail_of(*due, keys::kNotAfter));
      if (not_after && context.simulation.epoch().at(due->time) < *not_after) {
        parts.insert("monitoring");
        ev.push_back(due->id);
        break;
      }
    }
    // Removal: every CertificateRemoved that reached it was handled.
    for (const auto* s :
         q.all(RecordFilter{}.of_kind(RecordKind::send).to(a).op(ops::kCertificateRemoved))) {
      const auto* got = q.receive_of(*s);
      if (got == nullptr) continue;
      const auto* handled = q.first(decision(a, decisions::kCertificateRemoved), got->id);
      if (handled == nullptr) {
        out.fail(a + " received CertificateRemoved (" + describe(*s) + ") and did not act on it",
                 {s->id});
        ok = false;
      } else if (handled->outcome == outcomes::kIgnored) {
        out.fail(
            a + " kept using its certificate after CertificateRemoved (" + describe(*handled) + ")",
            {s->id, handled->id});
        ok = false;
      } else {
        ev.push_back(handled->id);
        if (handled->outcome == outcomes::kOk) parts.insert("removal");
      }
    }
    const bool expect_removed =
        std::find(v.expect.removed.begin(), v.expect.removed.end(), a) != v.expect.removed.end();
    if (expect_removed &&
        q.first(decision(a, decisions::kCertificateRemoved).with_outcome(outcomes::kOk)) ==
            nullptr) {
      out.fail(a + " was expected to have its certificate removed, but recorded no removal");
      ok = false;
    }
    // Revocation: a certificate it installed, revoked at the CA through its CMF. The entity's own
    // part shows when it asked for it itself and was answered.
    for (const auto* r : q.all(RecordFilter{}
                                   .of_kind(RecordKind::decision)
                                   .op(decisions::kRevocationRequest)
                                   .with_outcome(outcomes::kOk)
                                   .with(keys::kEntity, a))) {
      if (!v.roles.is_cmf(r->actor)) continue;
      const auto serial = detail_of(*r, keys::kSerial);
      bool held = false;
      for (const auto* in : installs)
        if (same_serial(detail_of(*in, keys::kSerial), serial)) held = true;
      if (!held) continue;
      const Rec* revoked = nullptr;
      for (const auto* c : q.all(RecordFilter{}
                                     .of_kind(RecordKind::decision)
                                     .op(decisions::kRevokeCertificate)
                                     .with_outcome(outcomes::kOk)))
        if (c->id < r->id && v.roles.is_ca(c->actor) &&
            same_serial(detail_of(*c, keys::kSerial), serial))
          revoked = c;
      if (revoked == nullptr) {
        out.fail(r->actor + " reported " + a + "'s certificate " + serial +
                     " revoked, but no CA revoked it (" + describe(*r) + ")",
                 {r->id});
        ok = false;
        continue;
      }
      if (detail_of(*r, keys::kConsumer) != a) {
        notes += "; certificate " + serial + " revoked at " + detail_of(*r, keys::kConsumer) +
                 "'s request";
        continue;
      }
      const auto* asked =
          q.last(decision(a, decisions::kRevocationRequest).with_outcome(outcomes::kRequested), 0,
                 revoked->id);
      const auto* answered =
          q.first(decision(a, decisions::kRevocationResult).with_outcome(outcomes::kOk), r->id);
      if (asked == nullptr || !same_serial(detail_of(*asked, keys::kSerial), serial) ||
          answered == nullptr) {
        out.fail(a + "'s own revocation of " + serial + " (" + describe(*r) +
                     ") lacks its request or its answer",
                 {r->id});
        ok = false;
        continue;
      }
      parts.insert("revocation");
      ev.push_back(asked->id);
      ev.push_back(revoked->id);
      ev.push_back(answered->id);
    }
    if (auto it = v.expect.renewals.find(a);
        it != v.expect.renewals.end() && renewals < it->second) {
      out.fail(a + " renewed " + std::to_string(renewals) + " time(s), expected at least " +
               std::to_string(it->second));
      ok = false;
    }
    if (!ok) continue;
    std::string seen;
    std::string unseen;
    for (const auto& part : kLifecycleParts) {
      if (parts.contains(part)) {
        seen += (seen.empty() ? "" : ", ") + part;
        if (part == "renewal") seen += " x" + std::to_string(renewals);
        out.observe(part);
      } else {
        unseen += (unseen.empty() ? "" : ", ") + part;
      }
    }
    out.pass(a + ": " + seen + " observed" +
                 (unseen.empty() ? std::string() : "; not in this scenario: " + unseen) + notes,
             ev);
  }
  return out.result("no " + entity_type_name(type) + " enrolled a certificate");
}

// ID            Nfvo.Sc.005, Vnfm.Sc.009, Vim.Sc.005, Wim.Sc.008, Cism.Sc.008, Cir.Sc.008
// Objective     The entity takes the CSR parameters the OSS supplied: SetCertificateConfiguration
//               reached it (stored) before its CSR, and the enrolled certificate's subject and SAN
//               dNSName are the configured subject and FQDN.
// Reference     clauses B.2-B.7 (Sc.005 / Sc.008 / Sc.009); Annex C.4.x.2.4 pre-condition 2
// Applicability ICS "mano-certificates" (plus "wim"/"cism"/"cir")
CheckResult check_configured_csr(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    const auto* csr =
        q.first(RecordFilter{}.of_kind(RecordKind::send).by(a).op(ops::kCertificateSigningRequest));
    if (csr == nullptr) continue;
    const auto* received = q.last(
        RecordFilter{}.of_kind(RecordKind::receive).by(a).op(ops::kSetCertificateConfiguration), 0,
        csr->id);
    const auto* stored =
        q.last(decision(a, decisions::kCertificateConfiguration).with_outcome(outcomes::kStored), 0,
               csr->id);
    if (received == nullptr || stored == nullptr) {
      out.fail(a + " sent its CSR (" + describe(*csr) + ") before any configuration was stored",
               {csr->id});
      continue;
    }
    std::string fqdn;
    std::string subject;
    if (const auto* entry = oss_entry(v, a); entry != nullptr) {
      fqdn = entry->value("fqdn", std::string());
      subject = entry->value("subject", "CN=" + fqdn + ",O=Operator");
    } else {
      subject = detail_of(*stored, keys::kSubject);
      fqdn = detail_of(*stored, keys::kFqdn);
    }
    if (detail_of(*stored, keys::kSubject) != subject || detail_of(*stored, keys::kFqdn) != fqdn) {
      out.fail(a + " stored subject \"" + detail_of(*stored, keys::kSubject) + "\" / FQDN " +
                   detail_of(*stored, keys::kFqdn) + ", the OSS configured \"" + subject + "\" / " +
                   fqdn,
               {stored->id});
      continue;
    }
    const auto* holder = holder_of(context.simulation, a);
    const auto history =
        holder != nullptr ? holder->certificate_history() : std::vector<actors::HeldCertificate>{};
    if (history.empty()) {
      out.inconc(a + " took its configuration (" + describe(*stored) +
                     ") but enrolled no certificate to show the CSR content",
                 {received->id, stored->id, csr->id});
      continue;
    }
    try {
      const auto& cert = history.front().certificate;
      const auto want = pki::DistinguishedName::parse(subject);
      const auto dns = cert.san().dns;
      if (!(cert.subject() == want)) {
        out.fail(a + "'s certificate subject \"" + cert.subject().to_string() +
                     "\" is not the configured \"" + subject + "\"",
                 {stored->id, csr->id});
        continue;
      }
      if (dns.size() != 1 || dns.front() != fqdn) {
        out.fail(a + "'s certificate SAN is not the configured FQDN " + fqdn,
                 {stored->id, csr->id});
        continue;
      }
    } catch (const std::exception& e) {
      out.fail(a + ": configured subject or certificate unreadable: " + e.what(), {stored->id});
      continue;
    }
    out.pass(a + ": configuration received before the CSR; certificate subject \"" + subject +
                 "\" and SAN " + fqdn + " as configured",
             {received->id, stored->id, csr->id});
  }
  return out.result("no " + entity_type_name(type) + " sent a CSR");
}

// ID            Nfvo.Sc.009, Vnfm.Sc.016, Vim.Sc.010, Wim.Sc.010, Cism.Sc.010, Cir.Sc.010
// Objective     An entity with an HSM obtains a key-attestation statement for its key (bound to
//               the CMF's nonce: KeyAttestationRequest, AttestKey ok) before its CSR is sent, the
//               statement travels in the CSR, and the CMF verifies it before processing the CSR.
// Reference     clauses B.2-B.7 (Sc.009 / Sc.010 / Sc.016); Annex C.4.x.2.7 step #0
// Applicability ICS "hsm" and "key-attestation"
CheckResult check_attestation_supplied(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    const auto hsm = v.roles.hsm_of(a);
    std::uint64_t previous = 0;
    for (const auto* csr : q.all(
             RecordFilter{}.of_kind(RecordKind::send).by(a).op(ops::kCertificateSigningRequest))) {
      const auto start = previous;
      previous = csr->id;
      if (hsm.empty()) {
        out.inconc(a + " has no HSM: it supplies no key attestation (ICS \"hsm\")", {csr->id});
        break;
      }
      const auto* request = q.last(sends(a, hsm).op(ops::kKeyAttestationRequest), start, csr->id);
      const auto* attested =
          request == nullptr
              ? nullptr
              : q.first(decision(hsm, decisions::kAttestKey).to(a), request->id, csr->id);
      if (request == nullptr || attested == nullptr || attested->outcome != outcomes::kOk) {
        out.fail(
            a + " sent its CSR (" + describe(*csr) + ") without an attestation from its HSM " + hsm,
            {csr->id});
        continue;
      }
      const auto* signed_csr =
          q.first(sends(a, hsm).op(ops::kSignCsrRequest), attested->id, csr->id);
      if (signed_csr == nullptr) {
        out.fail(a + " did not have the CSR signed (with the statement) after the attestation",
                 {attested->id});
        continue;
      }
      const auto cmf = cmf_of(v, a);
      const auto* verified = q.first(
          crypto(cmf, decisions::kKeyAttestationVerification).with(keys::kEntity, a), csr->id);
      const auto* validation =
          q.first(crypto(cmf, decisions::kCsrValidation).with(keys::kEntity, a), csr->id);
      if (verified != nullptr && validation != nullptr && verified->id > validation->id)
        verified = nullptr;
      if (verified == nullptr) {
        out.pass(a + ": attestation obtained from " + hsm + " (" + describe(*attested) +
                     ") and sent in the CSR; " + cmf + " did not verify it (policy \"" +
                     v.roles.key_attestation_policy(cmf) + "\")",
                 {request->id, attested->id, signed_csr->id, csr->id});
        continue;
      }
      if (verified->outcome != outcomes::kOk) {
        out.fail(a + "'s attestation was rejected by " + cmf + " (" +
                     detail_of(*verified, keys::kReason) + ")",
                 {attested->id, verified->id});
        continue;
      }
      out.pass(a + ": attestation from " + hsm + " supplied in the CSR and verified by " + cmf +
                   " before the CSR was processed",
               {request->id, attested->id, signed_csr->id, csr->id, verified->id});
    }
  }
  return out.result("no " + entity_type_name(type) + " sent a CSR");
}

// ID            Wim.Sc.001, Cism.Sc.001, Cir.Sc.001
// Objective     The entity refuses requests from unauthenticated peers (handshake failures as
//               server, AccessDenied for a non-certificate channel) and unauthorised ones
//               (AccessDenied: not in its access list); a refused peer gets no successful answer.
//               Suite parts (kAccessParts): both kinds of refusal observed for the kind.
// Reference     clauses B.5-B.7 (Sc.001)
// Applicability ICS "wim" / "cism" / "cir"
CheckResult check_access_control(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    for (const auto& d : v.expect.access_denied) {
      if (d.actor != a) continue;
      RecordFilter f = decision(a, decisions::kAccessDenied).with_outcome(outcomes::kRejected);
      if (!d.peer.empty()) f.peer = d.peer;
      const auto* denied = q.first(f);
      if (denied == nullptr) {
        out.fail(a + " was expected to refuse " +
                 (d.peer.empty() ? "a request" : d.peer + "'s request") +
                 " but recorded no AccessDenied");
        continue;
      }
      if (!d.peer.empty())
        if (const auto* leaked = session_check(v, a, d.peer, outcomes::kOk); leaked != nullptr) {
          out.fail(a + " refused " + d.peer + " yet answered its session check (" +
                       describe(*leaked) + ")",
                   {denied->id, leaked->id});
          continue;
        }
    }
    for (const auto* r :
         q.all(decision(a, decisions::kAccessDenied).with_outcome(outcomes::kRejected))) {
      if (reason_contains(*r, "not authenticated")) out.observe(kAccessParts[0]);
      if (reason_contains(*r, "not in access list")) out.observe(kAccessParts[1]);
      out.pass(a + " refused " + r->peer + ": " + detail_of(*r, keys::kReason), {r->id});
    }
    for (const auto* r : q.all(crypto(a, decisions::kTlsHandshake)
                                   .with_outcome(outcomes::kFailed)
                                   .with(keys::kRole, values::kRoleServer))) {
      // Only while it held a certificate: before that the failure is its own, not the peer's.
      const auto* installed = q.last(
          decision(a, decisions::kCertificateInstalled).with_outcome(outcomes::kOk), 0, r->id);
      if (installed == nullptr ||
          q.first(decision(a, decisions::kCertificateRemoved).with_outcome(outcomes::kOk),
                  installed->id, r->id) != nullptr)
        continue;
      out.observe(kAccessParts[0]);
      out.pass(a + " refused an unauthenticated " + detail_of(*r, keys::kChannel) +
                   " session from " + r->peer + " (" + detail_of(*r, keys::kAlert) + ")",
               {r->id});
    }
  }
  return out.result("no unauthenticated or unauthorised request reached a " +
                    entity_type_name(type));
}

// ID            Wim.Sc.002, Cism.Sc.002, Cir.Sc.002
// Objective     A message to the entity altered in transit (a tamper fault window) is detected and
//               refused: the entity's first reaction to it is a rejection (TlsRecord rejected,
//               TlsHandshake failed, a dropped channel message), never a delivery.
// Reference     clauses B.5-B.7 (Sc.002)
// Applicability ICS "wim" / "cism" / "cir"
CheckResult check_tamper_refused(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    for (const auto& f : q.records()) {
      if (f.kind != RecordKind::fault || f.outcome != outcomes::kTampered || f.peer != a) continue;
      const Rec* got = nullptr;
      for (const auto& r : q.records())
        if (r.id > f.id && r.kind == RecordKind::receive && r.message_id == f.message_id) {
          got = &r;
          break;
        }
      if (got == nullptr) continue;  // lost on the way
      // A's reaction while handling it: records of the same instant before its next receive.
      const Rec* rejection = nullptr;
      const Rec* processed = nullptr;
      for (const auto& r : q.records()) {
        if (r.id <= got->id || r.actor != a) continue;
        if (r.kind == RecordKind::receive || r.time != got->time) break;
        const bool refusal = r.outcome == outcomes::kRejected || r.outcome == outcomes::kFailed ||
                             r.outcome == outcomes::kDropped;
        if ((r.kind == RecordKind::decision || r.kind == RecordKind::crypto) && refusal) {
          rejection = &r;
          break;
        }
        if ((r.kind == RecordKind::decision || r.kind == RecordKind::crypto) && !refusal) {
          processed = &r;
          break;
        }
        if (r.kind == RecordKind::send && !is_channel_control(r.operation)) {
          processed = &r;
          break;
        }
      }
      if (processed != nullptr) {
        out.fail(a + " processed the tampered " + got->operation + " from " + got->peer + " (" +
                     describe(*processed) + ")",
                 {f.id, got->id, processed->id});
        continue;
      }
      if (rejection != nullptr) {
        out.pass(a + " refused the tampered " + got->operation + " from " + got->peer + ": " +
                     rejection->operation + " " + rejection->outcome + " (" +
                     detail_of(*rejection, keys::kAlert) + ")",
                 {f.id, got->id, rejection->id});
        continue;
      }
      // No verdict at once (a handshake flight is authenticated only by the Finished messages):
      // the session it belongs to must fail, never complete.
      const Rec* outcome = nullptr;
      for (const auto& r : q.records())
        if (r.id > got->id && r.actor == a && r.peer == got->peer && r.kind == RecordKind::crypto &&
            (r.operation == decisions::kTlsHandshake || r.operation == decisions::kTlsRecord)) {
          outcome = &r;
          break;
        }
      if (got->operation == ops::kTlsHandshake && outcome != nullptr &&
          outcome->outcome == outcomes::kOk) {
        out.fail(a + " completed a TLS handshake over the tampered flight " + describe(*got) +
                     " (" + describe(*outcome) + ")",
                 {f.id, got->id, outcome->id});
      } else if (got->operation == ops::kTlsHandshake && outcome != nullptr) {
        out.pass(a + " refused the session of the tampered handshake flight from " + got->peer +
                     ": " + outcome->operation + " " + outcome->outcome + " (" +
                     detail_of(*outcome, keys::kAlert) + ")",
                 {f.id, got->id, outcome->id});
      } else {
        out.pass(a + " discarded the tampered " + got->operation + " from " + got->peer +
                     " (no session took it, nothing delivered)",
                 {f.id, got->id});
      }
    }
  }
  return out.result("no tampered message reached a " + entity_type_name(type));
}

// ID            Wim.Sc.003, Cism.Sc.003, Cir.Sc.003
// Objective     Application envelopes to and from the entity travel only inside TLS sessions
//               established with that peer: every application message on its reference points is
//               received after the receiver completed a handshake with the sender. Partial: the
//               trace shows sessions and their order, not the ciphertext bytes.
// Reference     clauses B.5-B.7 (Sc.003)
// Applicability ICS "wim" / "cism" / "cir"
CheckResult check_confidentiality(const CheckContext& context, const std::string& type) {
  ManoView v(context);
  const auto& q = v.query;
  CheckOutcome out;
  for (const auto& a : v.roles.entities_of(type)) {
    std::size_t covered = 0;
    std::set<std::string> kinds;
    std::vector<std::uint64_t> ev;
    bool bad = false;
    for (const auto& s : q.records()) {
      if (s.kind != RecordKind::send || (s.actor != a && s.peer != a)) continue;
      if (!is_tls_reference_point(s.reference_point) || is_channel_control(s.operation)) continue;
      const auto* got = q.receive_of(s);
      if (got == nullptr) continue;
      const Rec* session = nullptr;
      for (const auto& h : q.records()) {
        if (h.time > got->time) break;
        if (h.kind == RecordKind::crypto && h.operation == decisions::kTlsHandshake &&
            h.outcome == outcomes::kOk && h.actor == got->actor && h.peer == s.actor)
          session = &h;
      }
      if (session == nullptr) {
        out.fail(s.operation + " " + s.actor + " -> " + s.peer + " (" + describe(s) +
                     ") was received outside any TLS session",
                 {s.id});
        bad = true;
        continue;
      }
      ++covered;
      kinds.insert(detail_of(*session, keys::kChannel));
      if (ev.size() < 6) {
        ev.push_back(session->id);
        ev.push_back(got->id);
      }
    }
    if (bad) continue;
    if (covered == 0) continue;
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    out.pass(a + ": " + std::to_string(covered) +
                 " application message(s) all inside established TLS sessions (" + list +
                 "); partial: the trace shows sessions, not ciphertext",
             ev);
  }
  return out.result("no application message to or from a " + entity_type_name(type));
}

void register_entity_checks(CheckRegistry& registry) {
  struct Ids {
    std::string type, mutual, lifecycle, configured, attestation;
  };
  const std::vector<Ids> ids = {
      {"nfvo", "Nfvo.Sc.001", "Nfvo.Sc.004", "Nfvo.Sc.005", "Nfvo.Sc.009"},
      {"vnfm", "Vnfm.Sc.001", "Vnfm.Sc.008", "Vnfm.Sc.009", "Vnfm.Sc.016"},
      {"vim", "Vim.Sc.001", "Vim.Sc.004", "Vim.Sc.005", "Vim.Sc.010"},
      {"wim", "Wim.Sc.004", "Wim.Sc.007", "Wim.Sc.008", "Wim.Sc.010"},
      {"cism", "Cism.Sc.004", "Cism.Sc.007", "Cism.Sc.008", "Cism.Sc.010"},
      {"cir", "Cir.Sc.004", "Cir.Sc.007", "Cir.Sc.008", "Cir.Sc.010"},
  };
  for (const auto& i : ids) {
    const auto type = i.type;
    registry.add(i.mutual, "mutual TLS with the CMF-issued certificates, bad peers refused",
                 [type](const CheckContext& c) { return check_mutual_tls(c, type); });
    registry.require_parts(i.mutual, {kMutualTlsParts.begin(), kMutualTlsParts.end()});
    registry.add(i.lifecycle, "CSR, enrolment, renewal, removal, revocation, monitoring",
                 [type](const CheckContext& c) { return check_certificate_lifecycle(c, type); });
    registry.require_parts(i.lifecycle, {kLifecycleParts.begin(), kLifecycleParts.end()});
    registry.add(i.configured, "CSR built from the configuration the OSS supplied",
                 [type](const CheckContext& c) { return check_configured_csr(c, type); });
    registry.add(i.attestation, "key attestation supplied before the CSR is processed",
                 [type](const CheckContext& c) { return check_attestation_supplied(c, type); });
  }
  for (const std::string type : {"wim", "cism", "cir"}) {
    const auto prefix = std::string(1, static_cast<char>(std::toupper(type[0]))) + type.substr(1);
    registry.add(prefix + ".Sc.001", "unauthenticated and unauthorised requests refused",
                 [type](const CheckContext& c) { return check_access_control(c, type); });
    registry.require_parts(prefix + ".Sc.001", {kAccessParts.begin(), kAccessParts.end()});
    registry.add(prefix + ".Sc.002", "tampered messages detected and refused",
                 [type](const CheckContext& c) { return check_tamper_refused(c, type); });
    registry.add(prefix + ".Sc.003", "application messages only inside established TLS sessions",
                 [type](const CheckContext& c) { return check_confidentiality(c, type); });
  }
}

}  // namespace ifa026::conformance
