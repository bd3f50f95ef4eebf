// The mutual TLS check of the NFV-MANO entities (see entity_mutual_tls_check.hpp). The test
// description follows ETSI TST010.
#include "conformance/entity_mutual_tls_check.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "conformance/certificate_postcondition.hpp"
#include "conformance/check_outcome.hpp"
#include "conformance/mano_trace.hpp"
#include "conformance/tls_session_trace.hpp"

namespace ifa026::conformance {
namespace {

using sim::RecordKind;
using Rec = sim::TraceRecord;

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
  for (const auto* r : ca_serial_decisions(v, decisions::kRevokeCertificate, serial, 0, before)) {
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
// Applicability ICS "mano-certificates" (plus "wim"/"cism"/"cir"); with "hsm" keys too (the HSM
//               signs the handshakes, issue 20)
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
      const auto issuances = ca_serial_decisions(v, decisions::kIssueCertificate, serial, 0, f->id);
      const Rec* issued = issuances.empty() ? nullptr : issuances.back();
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
        for (const auto* r :
             ca_serial_decisions(v, decisions::kRevokeCertificate, serial, 0, f->id))
          if (r->actor == issued->actor) revoked = true;
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
      const auto* installed = certificate_in_force(v, a, h->id);
      if (installed == nullptr) {
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

}  // namespace ifa026::conformance
